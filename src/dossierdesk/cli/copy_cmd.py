"""``dossierdesk-cli copy SRC DEST``: a whole archive copied between files and team archives.

It names its own archives (``--archive`` is not used): SRC is a file or a team archive's
address, DEST a new file or an empty team archive (see ``service.copying``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dossierdesk.store.location import archive_path
from dossierdesk.store.team_url import is_team_url

COMMAND = "copy"


def add_parser(sub: Any) -> None:
    """Register the sub-command on the ``dossierdesk-cli`` sub-parser collection."""
    p = sub.add_parser(
        COMMAND,
        help="copy a whole archive, between files and team archives (either way)",
        description="Copy every article, original, image, photo, tag, saved search and dossier "
        "of SRC into DEST: a new archive file, or an empty team archive "
        "(postgresql://…). A copy that fails leaves DEST as it was.",
    )
    p.add_argument("source", metavar="SRC")
    p.add_argument("dest", metavar="DEST")


def run(args: argparse.Namespace) -> int:
    """Copy; ``ArchiveError`` goes to the caller (``cli.main`` says why and exits 1)."""
    from dossierdesk.service.archive import Archive
    from dossierdesk.service.copying import copy_archive
    from dossierdesk.store.postgres import terminal_password_prompt

    prompt = terminal_password_prompt if sys.stdin.isatty() else None
    source: str | Path = args.source if is_team_url(args.source) else archive_path(args.source)
    shown = {"table": ""}

    def progress(table: str, rows: int) -> None:
        if sys.stderr.isatty() and (table != shown["table"] or rows % 5000 == 0):
            shown["table"] = table
            print(f"\rcopying {table}: {rows} rows   ", end="", file=sys.stderr, flush=True)

    with Archive(source, prompt=prompt) as archive:
        report = copy_archive(archive, args.dest, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    counted = ", ".join(
        f"{report.rows.get(t, 0)} {t}" for t in ("articles", "photos", "tags", "dossiers")
    )
    print(f"copied {archive.location} to {report.destination}: {counted}", file=sys.stderr)
    return 0
