"""The ``dossierdesk`` command: parse arguments, create the application, show the main window.

``dossierdesk [--archive PATH] [FILE...]`` opens ``--archive``, or an archive given among the
files (``.sqlite3`` or an SQLite header), or the last archive used, or the default one; the
other files are imported into it.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from dossierdesk import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dossierdesk", description="Dossier Desk: collect, search, tag and print defense news."
    )
    parser.add_argument("--version", action="version", version=f"Dossier Desk {__version__}")
    parser.add_argument("--archive", help="archive file to open (default: last used)")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check the installation end to end (works without a display) and exit",
    )
    parser.add_argument("files", nargs="*", type=Path, help="files to import, or an archive")
    return parser


def _window_check(archive_path: Path) -> str:
    """Open the main window on the self-test archive and wait until its table shows the rows."""
    from PySide6.QtCore import QDeadlineTimer
    from PySide6.QtWidgets import QApplication

    from dossierdesk.gui.main_window import MainWindow
    from dossierdesk.selftest import SelfTestFailure
    from dossierdesk.service import Archive

    archive = Archive(archive_path)
    window = MainWindow(archive, restore_settings=False)
    try:
        window.resize(1200, 800)
        window.show()
        expected = archive.count()
        deadline = QDeadlineTimer(20_000)
        model = window.table_model
        while not deadline.hasExpired() and (
            model.rowCount() != expected or model.summary(0) is None
        ):
            QApplication.processEvents()
        if model.rowCount() != expected:
            raise SelfTestFailure(f"window: table shows {model.rowCount()} of {expected} rows")
        first = model.summary(0)
        if first is None or not first.title:
            raise SelfTestFailure("window: the first table row never loaded")
        if window.grab().isNull():
            raise SelfTestFailure("window: could not be painted")
    finally:
        window.shutdown()
        window.close()
        archive.close()
    return "window"


def run_self_test() -> int:
    """``dossierdesk --self-test``: one summary line and exit 0, or what failed and exit 1."""
    from dossierdesk.selftest import SelfTestFailure, run_self_test

    try:
        report = run_self_test(extra_step=_window_check)
    except SelfTestFailure as exc:
        print(f"Dossier Desk {__version__} self-test FAILED: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # anything unexpected is a failure too, reported in one line
        print(f"Dossier Desk {__version__} self-test FAILED: {exc!r}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    # Python's cyclic garbage collector would pass many times over what the start allocates
    # (modules, classes, PySide's types and enums, then the archive code loaded after the
    # first paint), none of it garbage: it is held off while the window starts (see
    # ``startup.collect_after_start``), and on again in any case when this returns.
    gc.disable()
    try:
        return _run(argv)
    finally:
        from dossierdesk.gui.startup import end_start

        end_start()
        gc.enable()


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.self_test and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The archive code (SQLAlchemy) is not loaded here: an archive at the current revision
    # shows its first page from plain sqlite3 reads and is opened fully after that paint
    # (``gui/opening.py``); other archives load it when they are opened. PySide's scan of
    # every module imported after it is switched off before the window's modules load.
    from dossierdesk.gui.startup import collect_after_start, skip_feature_scan

    skip_feature_scan()
    from dossierdesk.gui.app import create_application, setup_logging

    setup_logging()
    app = create_application([sys.argv[0]])
    if args.self_test:
        gc.enable()
        return run_self_test()
    from dossierdesk.gui.main_window import MainWindow

    window = MainWindow.open_initial(archive=args.archive, files=list(args.files))
    window.show()
    collect_after_start(lambda: window.opening.pending)
    try:
        return int(app.exec())
    finally:
        window.shutdown()
