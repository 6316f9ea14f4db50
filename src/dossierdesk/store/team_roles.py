"""The recommended roles of a team archive, as SQL an administrator runs (``team-setup``).

Three group roles, and people as login roles that are members of one of them:

- the **owner** creates and upgrades the schema (Dossier Desk does this when the owner opens an
  empty or older archive) and owns every table; it needs no superuser rights, only ownership of
  the database (``citext``, which the schema uses, is a trusted extension);
- **editors** import, tag, edit and build dossiers: they read and write rows, use the id
  sequences, and cannot change the schema;
- **readers** search, read, print and export: ``SELECT`` only. Dossier Desk opens the archive
  for them read-only (the window says why; the command line refuses changes with a sentence).

Default privileges make the grants cover the tables a later upgrade creates.
"""

from __future__ import annotations

import re

DEFAULT_DATABASE = "dossierdesk"
DEFAULT_OWNER = "dossierdesk_owner"
DEFAULT_EDITORS = "dossierdesk_editors"
DEFAULT_READERS = "dossierdesk_readers"

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def _ident(name: str) -> str:
    """``name`` as a quoted SQL identifier; only plain names are accepted."""
    if not _NAME.match(name):
        raise ValueError(f"'{name}' is not a plain role or database name (letters, digits, _)")
    return f'"{name}"'


def server_sql(
    database: str = DEFAULT_DATABASE,
    owner: str = DEFAULT_OWNER,
    editors: str = DEFAULT_EDITORS,
    readers: str = DEFAULT_READERS,
) -> str:
    """Roles and the database: run once by a superuser (or a role with CREATEROLE/CREATEDB)."""
    db, own, ed, rd = (_ident(n) for n in (database, owner, editors, readers))
    return f"""\
-- 1. Roles and database (as a superuser, or a role with CREATEROLE and CREATEDB).
CREATE ROLE {own} LOGIN PASSWORD 'change me';
CREATE ROLE {ed} NOLOGIN;
CREATE ROLE {rd} NOLOGIN;
CREATE DATABASE {db} OWNER {own} ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE {db} FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {ed}, {rd};
-- People: one login role each, member of the editors or the readers.
-- CREATE ROLE alice LOGIN PASSWORD '…' IN ROLE {ed};
-- CREATE ROLE bob LOGIN PASSWORD '…' IN ROLE {rd};
"""


def database_sql(
    owner: str = DEFAULT_OWNER,
    editors: str = DEFAULT_EDITORS,
    readers: str = DEFAULT_READERS,
) -> str:
    """Grants inside the database (connected to it, as the owner or a superuser)."""
    own, ed, rd = (_ident(n) for n in (owner, editors, readers))
    return f"""\
-- 2. Inside the database (connected to it as the owner or a superuser), before or after the
--    owner first opens it with Dossier Desk (which creates the tables).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {ed}, {rd};
ALTER DEFAULT PRIVILEGES FOR ROLE {own} IN SCHEMA public
    GRANT SELECT ON TABLES TO {rd};
ALTER DEFAULT PRIVILEGES FOR ROLE {own} IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {ed};
ALTER DEFAULT PRIVILEGES FOR ROLE {own} IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO {ed};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO {rd};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ed};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ed};
"""


def setup_sql(
    database: str = DEFAULT_DATABASE,
    owner: str = DEFAULT_OWNER,
    editors: str = DEFAULT_EDITORS,
    readers: str = DEFAULT_READERS,
) -> str:
    """Both parts, with the command that connects to the database between them (psql)."""
    return (
        f"-- Dossier Desk team archive: recommended roles for database {database}.\n"
        + server_sql(database, owner, editors, readers)
        + f"\n\\connect {_ident(database)}\n\n"
        + database_sql(owner, editors, readers)
        + f"-- 3. The owner opens the archive once: dossierdesk-cli --archive "
        f"postgresql://{owner}@HOST/{database} stats\n"
    )
