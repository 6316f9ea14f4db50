"""The ``dossierdesk`` command: parse arguments, create the application, show the main window.

``dossierdesk [--archive PATH] [FILE...]`` opens ``--archive``, or an archive given among the
files (``.sqlite3`` or an SQLite header), or the last archive used, or the default one; the
other files are imported into it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dossierdesk import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dossierdesk", description="Dossier Desk: collect, search, tag and print defense news."
    )
    parser.add_argument("--version", action="version", version=f"Dossier Desk {__version__}")
    parser.add_argument("--archive", type=Path, help="archive file to open (default: last used)")
    parser.add_argument("files", nargs="*", type=Path, help="files to import, or an archive")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    from dossierdesk.gui.app import create_application, setup_logging

    setup_logging()
    app = create_application([sys.argv[0]])
    from dossierdesk.gui.main_window import MainWindow

    window = MainWindow.open_initial(archive=args.archive, files=list(args.files))
    window.show()
    try:
        return int(app.exec())
    finally:
        window.shutdown()
