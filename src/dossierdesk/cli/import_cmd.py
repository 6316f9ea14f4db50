"""``dossierdesk-cli import PATH…``: files, folders and zip archives into the archive.

``cli.main`` calls ``report_empty_folders`` and ``parse_ahead`` before it loads SQLAlchemy or
opens the archive (the parser processes are forked from a light process and start at once),
then ``cmd_import`` with the archive and the parsing already under way.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from dossierdesk.cli.common import EXIT_OK, EXIT_REJECTED

if TYPE_CHECKING:
    from dossierdesk.service.archive import Archive
    from dossierdesk.service.dto import ImportProgress
    from dossierdesk.service.parsing import ParseAhead


def report_empty_folders(paths: Sequence[Path]) -> int:
    """Say so when a folder given holds no file at all (else the import is silent about it)."""
    empty = 0
    for path in paths:
        if path.is_dir() and not any(p.is_file() for p in path.rglob("*")):
            print(f"{path}: the folder holds no files to import", file=sys.stderr)
            empty += 1
    return empty


def parse_ahead(args: argparse.Namespace) -> ParseAhead:
    from dossierdesk.service.parsing import parse_paths_ahead

    return parse_paths_ahead(Path(p) for p in args.paths)


def _progress_printer(stream: TextIO) -> Any:
    if not stream.isatty():
        return None

    def show(p: ImportProgress) -> None:
        total = f"/{p.files_total}" if p.files_total else ""
        name = p.current if len(p.current) < 50 else "…" + p.current[-49:]
        stream.write(
            f"\r\x1b[Kimport {p.files_done}{total} files · {p.imported} new · "
            f"{p.duplicates} duplicates · {p.failed} failed · {name}"
        )
        stream.flush()

    return show


def cmd_import(archive: Archive, args: argparse.Namespace, ahead: ParseAhead | None = None) -> int:
    from dossierdesk.cli.outcomes import print_outcomes
    from dossierdesk.service.dto import ImportStatus

    progress = _progress_printer(sys.stderr)
    if ahead is None:
        ahead = parse_ahead(args)
    report = archive.import_parsed(
        ahead, allow_probable_duplicates=args.allow_duplicates, progress=progress
    )
    if progress is not None:
        sys.stderr.write("\r\x1b[K")
    print_outcomes(report, args.json)
    imported = report.count(ImportStatus.IMPORTED)
    dups = report.count(ImportStatus.DUPLICATE)
    failed = report.count(ImportStatus.FAILED)
    print(
        f"imported {imported}, duplicates {dups}, failed {failed}",
        file=sys.stderr,
    )
    if report.error:
        print(f"dossierdesk-cli: the import stopped: {report.error}", file=sys.stderr)
        return EXIT_REJECTED
    return EXIT_REJECTED if failed or getattr(args, "empty_folders", 0) else EXIT_OK
