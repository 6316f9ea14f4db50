"""What the first window and the reading commands load: nothing they only need later."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

from dossierdesk.service import Archive

# Loaded on first use only: the import pipeline (first import, reparse or edit), the PDF
# renderer, builders and export with pypdf and Pillow (first print, export or photo).
LATER = ("dossierdesk.importers", "dossierdesk.service.parsing", "pypdf", "PIL", "alembic")
LATER += ("dossierdesk.pdf.renderer", "dossierdesk.pdf.export", "dossierdesk.pdf.builders")


def loaded(code: str) -> list[str]:
    probe = f"{code}\nimport sys\nprint(sorted(m for m in sys.modules if m.startswith({LATER!r})))"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO, env=env
    )
    return out.stdout.strip().splitlines()[-1:]


def test_the_main_window_modules_load_no_importers_pdf_or_pillow() -> None:
    assert loaded(
        "import dossierdesk.gui.main_window, dossierdesk.gui.editing, dossierdesk.service.archive"
    ) == ["[]"]


# Loaded after the first page is painted (``StartingArchive``, ``gui/opening.py``): the
# archive code, SQLAlchemy, the query compiler and Alembic.
AFTER_PAINT = ("sqlalchemy", "alembic", "dossierdesk.service.archive", "dossierdesk.query.compiler")
# Loaded when first used: the help window, printing, the photo viewer, the dialogs, and the
# desktop-integration tools.
AFTER_PAINT += ("dossierdesk.gui.help_viewer", "dossierdesk.gui.print_", "PySide6.QtPrintSupport")
AFTER_PAINT += ("dossierdesk.gui.photo_viewer", "dossierdesk.gui.error_dialog")
# The Photos page (grid, its model, thumbnails, photo files): made when first shown.
AFTER_PAINT += ("dossierdesk.gui.photos.model", "dossierdesk.gui.photos.view")
AFTER_PAINT += ("dossierdesk.gui.photos.thumbnails", "dossierdesk.gui.photos.files")
# The dossier page (its view, entries model and reading) and the dossier dialogs.
AFTER_PAINT += ("dossierdesk.gui.dossiers.view", "dossierdesk.gui.dossiers.entries_model")
AFTER_PAINT += ("dossierdesk.gui.dossiers.loading", "dossierdesk.gui.dossiers.dialogs")
AFTER_PAINT += ("dossierdesk.gui.team_dialog",)  # File → Open Team Archive…'s dialog
AFTER_PAINT += ("dossierdesk.gui.watch_dialog",)  # Edit → Watch Folders…' dialog
AFTER_PAINT += ("dossierdesk.gui.metadata_dialog", "dossierdesk.desktop")
# The log file is opened with the first record (nothing is logged before the first paint).
AFTER_PAINT += ("logging.handlers",)
# Copy, drag out and export: the clipboard payloads, citations and the export writer; the
# query parser's suggestions for an unknown field.
AFTER_PAINT += ("dossierdesk.gui.article_mime", "dossierdesk.gui.citations")
AFTER_PAINT += ("dossierdesk.service.serialize", "difflib")
# The query parser (its syntax tree, lexer and fields): the first query with a condition, the
# first completion, or the full archive opened after the paint (the compiler needs it).
AFTER_PAINT += ("dossierdesk.query.parser", "dossierdesk.query.lexer")
AFTER_PAINT += ("dossierdesk.query.syntax", "dossierdesk.query.fields")
# The dossier undo commands and dataclasses (the first dossier change), the sidebar's facet
# helpers (the first counts).
AFTER_PAINT += ("dossierdesk.gui.dossiers.commands", "dossierdesk.service.dossier_dto")
AFTER_PAINT += ("dossierdesk.service.facets",)

FIRST_PAGE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from dossierdesk.gui.app import create_application
from dossierdesk.gui.main_window import MainWindow

app = create_application(["dossierdesk"])
window = MainWindow.open_initial(sys.argv[1])
window.resize(1000, 700)
model = window.table_model


class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and model.summary(0) is not None:
            app.removeEventFilter(self)
            print("painted", sorted(m for m in sys.modules if m.startswith(AFTER_PAINT)))
            QTimer.singleShot(0, self.wait_for_full)
        return False

    def wait_for_full(self):
        if window.archive.loaded and not window.tasks.is_busy(window):
            print("full", window.sidebar_model.tag_names())
            window.shutdown()
            app.quit()
        else:
            QTimer.singleShot(20, self.wait_for_full)


probe = Probe()
app.installEventFilter(probe)
window.show()
app.exec()
"""


def test_the_first_page_is_painted_before_sqlalchemy_loads(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    with Archive(path) as archive:
        archive.import_paths([REPO / "seeds"])
        archive.add_tags(list(archive.search("").ids[:2]), ["first"])
    code = f"AFTER_PAINT = {AFTER_PAINT!r}\n{FIRST_PAGE}"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "painted []"
    assert lines[1] == "full ['first']"  # then opened fully: the sidebar has the tags


def test_the_log_file_is_opened_with_the_first_record(tmp_path: Path) -> None:
    code = """
import logging, sys
from dossierdesk.gui.app import setup_logging
setup_logging()
setup_logging()  # once only
print("logging.handlers" in sys.modules)
logging.getLogger("dossierdesk.test").info("hello %s", "log")
print("logging.handlers" in sys.modules)
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.split() == ["False", "True"]
    logged = (tmp_path / "DossierDesk" / "log" / "dossierdesk.log").read_text(encoding="utf-8")
    assert logged.count("INFO dossierdesk.test: hello log") == 1


def test_the_parsing_modules_load_no_sqlalchemy_or_qt() -> None:
    """Parser processes are forked before the archive code loads, from a light process."""
    code = (
        "import sys\n"
        "import dossierdesk.service.parsing, dossierdesk.service.parse_pool\n"
        "import dossierdesk.service.parse_worker, dossierdesk.service.file_parsing\n"
        "heavy = ('sqlalchemy', 'alembic', 'PySide6')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "[]"
