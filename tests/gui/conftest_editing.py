"""Fixtures for the editing tests (imported by tests/gui/test_edit*, test_tag*, test_import*,
test_drop*): an EditController on a plain host widget, with answers to its questions.

Fixture functions are named ``*_fixture`` (fixture names without it) so that test modules
import them without shadowing their own arguments."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from dossierdesk.gui.editing import EditController
from dossierdesk.service import Archive, ImportStatus

SMALL_FILES = (
    "001_afmil-gulf-war-critical-care.html",
    "002_afmil-secaf-csis-smart-women.html",
    "003_afmil-desert-storm-25-years-later.html",
    "005_afmil-dodnews-carter-embrace-future.html",
)


class Answers:
    """Stands in for the yes/no message box: records questions, answers ``yes``."""

    def __init__(self) -> None:
        self.yes = True
        self.questions: list[tuple[str, str]] = []

    def __call__(self, title: str, question: str) -> bool:
        self.questions.append((title, question))
        return self.yes


@pytest.fixture(name="small_archive")
def small_archive_fixture(archive: Archive, corpus_dir: Path) -> Archive:
    report = archive.import_paths([corpus_dir / name for name in SMALL_FILES])
    assert report.count(ImportStatus.IMPORTED) == len(SMALL_FILES)
    return archive


@pytest.fixture(name="host")
def host_fixture(qtbot: Any) -> QWidget:
    widget = QWidget()
    widget.resize(800, 600)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture(name="answers")
def answers_fixture() -> Answers:
    return Answers()


@pytest.fixture(name="controller")
def controller_fixture(
    qtbot: Any, small_archive: Archive, host: QWidget, answers: Answers
) -> Iterator[EditController]:
    stack = QUndoStack(host)
    ctrl = EditController(small_archive, stack, host)
    ctrl.confirm = answers
    yield ctrl
    ctrl.cancel_import()
    ctrl.wait_for_import()


def links(archive: Archive) -> set[tuple[int, str]]:
    return {(d.id, t) for d in archive.articles(archive.search("").ids) for t in d.tags}
