"""``dossierdesk-cli install-desktop-entry [--uninstall] [--prefix DIR] [--exec CMD]``.

Adds Dossier Desk to the desktop's application menu (with its icon, MIME type and AppStream
data) for the current user, or removes exactly what an earlier run added. Needs no archive.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # dossierdesk.desktop is loaded by this command only
    from dossierdesk.desktop import DesktopReport

COMMAND = "install-desktop-entry"


def add_parser(sub: Any) -> None:
    """Register the sub-command on the ``dossierdesk-cli`` sub-parser collection."""
    p = sub.add_parser(
        COMMAND,
        help="add Dossier Desk to the desktop menu (Linux, current user)",
        description="Install the desktop entry, icons, MIME type and AppStream metainfo under "
        "$XDG_DATA_HOME (default ~/.local/share), or under PREFIX/share with --prefix, and "
        "refresh the desktop, MIME and icon caches when their tools are installed.",
    )
    p.add_argument("--uninstall", action="store_true", help="remove what an install added")
    p.add_argument(
        "--prefix", type=Path, default=None, help="install into PREFIX/share (e.g. /usr/local)"
    )
    p.add_argument(
        "--exec",
        dest="exec_command",
        default=None,
        metavar="CMD",
        help="program for the entry's Exec= key (default: the installed dossierdesk launcher)",
    )


def run(args: argparse.Namespace) -> int:
    """Exit status 0 on success, 1 when the files could not be written or removed."""
    from dossierdesk.desktop import DesktopIntegrationError, install, uninstall

    try:
        if args.uninstall:
            report = uninstall(args.prefix)
        else:
            report = install(args.prefix, exec_command=args.exec_command)
    except DesktopIntegrationError as exc:
        print(f"dossierdesk-cli: {exc}", file=sys.stderr)
        return 1
    _print_report(report, removed=args.uninstall)
    return 0


def _print_report(report: DesktopReport, *, removed: bool) -> None:
    from dossierdesk.desktop import DESKTOP_FILE

    verb = "removed" if removed else "installed"
    for path in report.files:
        print(f"{verb} {path}")
    if removed and not report.files:
        print(f"nothing to remove under {report.data_dir}")
    for tool in report.tools:
        print(f"{tool.name}: {tool.status}", file=sys.stderr)
    if not removed:
        print(
            f"desktop entry {DESKTOP_FILE} runs: {report.exec_command}",
            file=sys.stderr,
        )
