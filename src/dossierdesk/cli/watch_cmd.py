"""``dossierdesk-cli watch FOLDER…``: import new files as they appear (never moving them)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossierdesk.cli.common import EXIT_OK, EXIT_REJECTED, UsageError

if TYPE_CHECKING:
    from dossierdesk.service.archive import Archive


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "watch",
        help="import the new files that appear in folders (never moves or deletes them)",
        description="Watch folders (not their subfolders) and import each new file once it "
        "stops growing. Files already there when a folder is first watched are left alone; "
        "the originals are only read. Ctrl+C stops.",
    )
    p.add_argument("folders", nargs="+", type=Path, metavar="FOLDER")
    p.add_argument(
        "--interval",
        type=_positive_seconds,
        default=5.0,
        metavar="SECONDS",
        help="seconds between two looks at the folders (default 5)",
    )
    p.add_argument(
        "--once", action="store_true", help="look twice, one interval apart, import and exit"
    )
    p.add_argument("--json", action="store_true", help="one JSON report per file on stdout")


def _positive_seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {value!r}")
    return seconds


def run(archive: Archive, args: argparse.Namespace) -> int:
    from dossierdesk.cli.outcomes import print_outcomes
    from dossierdesk.service.dto import ImportStatus
    from dossierdesk.service.watching import FolderWatch, default_state_path, watch

    missing = [f for f in args.folders if not f.expanduser().is_dir()]
    if missing:
        raise UsageError(f"not a folder: {missing[0]}")
    watcher = FolderWatch(args.folders, state_path=default_state_path())
    errors: list[str] = []
    failed = 0

    def handle(paths: Sequence[Path]) -> None:
        nonlocal failed
        report = archive.import_paths(paths)
        print_outcomes(report, args.json)
        failed += report.count(ImportStatus.FAILED)
        if report.error:
            errors.append(report.error)
            print(f"dossierdesk-cli: the import stopped: {report.error}", file=sys.stderr)

    if not args.once:
        names = ", ".join(str(f) for f in watcher.folders)
        print(f"watching {names} (Ctrl+C stops)", file=sys.stderr)
    try:
        watch(watcher, handle, interval=args.interval, once=args.once)
    except KeyboardInterrupt:
        print("stopped watching", file=sys.stderr)
        return EXIT_OK
    # --once (or a stop after an import error): 1 when a file was rejected, like ``import``.
    return EXIT_REJECTED if errors or failed else EXIT_OK
