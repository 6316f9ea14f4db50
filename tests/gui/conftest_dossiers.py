"""Helpers and fixtures shared by the dossier GUI tests (imported by them; pytest only auto-loads
conftest.py).

``seeded_copy`` gives each test its own archive holding the 26 articles of ``seeds/``, copied
from one imported once per session; ``make_controller`` builds a controller on a host widget
with errors collected instead of shown in message boxes.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from dossierdesk.gui.dossiers import DossierController, DossierProperties
from dossierdesk.gui.printing import DossierPrinting
from dossierdesk.service import Archive

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"

_template: Path | None = None


def seeded_template(factory: pytest.TempPathFactory) -> Path:
    global _template
    if _template is None or not _template.exists():
        path = factory.mktemp("seeded") / "seeded.sqlite3"
        with Archive(path) as archive:
            report = archive.import_paths([SEEDS])
            assert len(report.imported_ids) == 26, report
        _template = path
    return _template


def seeded_copy(factory: pytest.TempPathFactory, dest: Path) -> Archive:
    shutil.copyfile(seeded_template(factory), dest)
    return Archive(dest)


def ids_by_date(archive: Archive) -> list[int]:
    """Article ids, oldest first (undated last), as a stable selection to work with."""
    return list(archive.search("", sort="date").ids)


@dataclass
class Harness:
    archive: Archive
    controller: DossierController
    stack: QUndoStack
    host: QWidget
    errors: list[str] = field(default_factory=list)

    def create(self, ids: list[int], title: str = "Readiness", **fields: str) -> int:
        dossier_id = self.controller.create_from_ids(ids, DossierProperties(title, **fields))
        assert dossier_id is not None, self.errors
        return dossier_id

    def order(self, dossier_id: int) -> list[int]:
        return list(self.archive.dossier(dossier_id).article_ids)

    def notes(self, dossier_id: int) -> dict[int, str | None]:
        return {e.article_id: e.note for e in self.archive.dossier(dossier_id).entries}


def make_controller(archive: Archive) -> Harness:
    host = QWidget()
    stack = QUndoStack(host)
    controller = DossierController(archive, stack, host)
    harness = Harness(archive, controller, stack, host)
    controller.error_presenter = harness.errors.append
    return harness


@pytest.fixture(name="archive")
def archive_fixture(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Archive]:
    arch = seeded_copy(tmp_path_factory, tmp_path / "archive.sqlite3")
    yield arch
    arch.close()


@pytest.fixture(name="settings")
def settings_fixture(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(name="output")
def output_fixture(qtbot: QtBot, settings: QSettings) -> DossierPrinting:
    host = QWidget()
    qtbot.addWidget(host)
    out = DossierPrinting(host)
    out.settings_factory = lambda: settings
    return out
