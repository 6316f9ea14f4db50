"""``dossierdesk-cli team-setup --print-sql``: the SQL that sets up a team archive's roles.

Needs no archive: it prints what an administrator runs on the PostgreSQL server (see
``store.team_roles``).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dossierdesk.store import team_roles

COMMAND = "team-setup"


def add_parser(sub: Any) -> None:
    """Register the sub-command on the ``dossierdesk-cli`` sub-parser collection."""
    p = sub.add_parser(
        COMMAND,
        help="print the SQL that creates a team archive's database and roles",
        description="Print the SQL (for psql) that creates a team archive's database and its "
        "roles: an owner (creates and upgrades the schema), editors (import, tag, edit) and "
        "readers (search and read only). No superuser rights are needed afterwards.",
    )
    p.add_argument("--print-sql", action="store_true", required=True, help="print the SQL")
    p.add_argument("--database", default=team_roles.DEFAULT_DATABASE, help="database name")
    p.add_argument("--owner", default=team_roles.DEFAULT_OWNER, help="owner role")
    p.add_argument("--editors", default=team_roles.DEFAULT_EDITORS, help="editors' group role")
    p.add_argument("--readers", default=team_roles.DEFAULT_READERS, help="readers' group role")


def run(args: argparse.Namespace) -> int:
    try:
        sql = team_roles.setup_sql(args.database, args.owner, args.editors, args.readers)
    except ValueError as exc:
        print(f"dossierdesk-cli: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(sql)
    return 0
