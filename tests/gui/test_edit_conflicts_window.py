"""Edits in the window never silently overwrite a colleague's newer change."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget
from tests.conftest import CORPUS

from dossierdesk.gui.commands import EditArticleCommand
from dossierdesk.gui.dossiers import DossierController
from dossierdesk.service import Archive
from dossierdesk.service.editing import ArticleEdit

pytestmark = pytest.mark.both_backends


class Context:
    """The edit controller's part the command uses; answers the overwrite question."""

    def __init__(self, archive: Archive, overwrite: bool) -> None:
        self.archive, self.overwrite = archive, overwrite
        self.asked: list[str] = []
        self.failures: list[str] = []

    def changed(self) -> None:
        pass

    def failed(self, action: str, exc: BaseException) -> None:
        self.failures.append(f"{action}: {exc}")

    def confirm_overwrite(self, message: str) -> bool:
        self.asked.append(message)
        return self.overwrite


@pytest.fixture
def two(archive: Archive, archive_location: str) -> Iterator[tuple[Archive, Archive]]:
    archive.import_paths([CORPUS])
    colleague = Archive(archive_location)
    colleague.user = "bob"
    yield archive, colleague
    colleague.close()


def _retitled(archive: Archive, article_id: int, title: str) -> ArticleEdit:
    return dataclasses.replace(ArticleEdit.from_detail(archive.article(article_id)), title=title)


@pytest.mark.parametrize("overwrite", [False, True])
def test_an_edit_over_a_colleagues_change_asks_first(
    two: tuple[Archive, Archive], qtbot: Any, overwrite: bool, undo_stack: QUndoStack
) -> None:
    mine, bob = two
    article = mine.search("", sort="id").ids[0]
    shown = mine.article(article)  # the dialog opens on this version
    bob.update_article(article, _retitled(bob, article, "Bob's title"))
    ctx = Context(mine, overwrite)
    stack = undo_stack
    before = ArticleEdit.from_detail(shown)
    after = dataclasses.replace(before, title="My title")
    stack.push(EditArticleCommand(ctx, article, before, after, shown.version))
    assert len(ctx.asked) == 1 and "changed by bob" in ctx.asked[0]
    assert mine.article(article).title == ("My title" if overwrite else "Bob's title")
    assert stack.count() == (1 if overwrite else 0)  # a refused edit leaves no undo step
    if overwrite:
        bob.update_article(article, _retitled(bob, article, "Bob again"))
        ctx.overwrite = False
        stack.undo()  # undoing mine would overwrite bob's newer change: asked, kept
        assert len(ctx.asked) == 2 and mine.article(article).title == "Bob again"


def test_undo_and_redo_of_ones_own_edit_need_no_question(
    two: tuple[Archive, Archive], undo_stack: QUndoStack
) -> None:
    mine, _ = two
    article = mine.search("", sort="id").ids[1]
    shown = mine.article(article)
    ctx = Context(mine, overwrite=False)
    stack = undo_stack
    before = ArticleEdit.from_detail(shown)
    stack.push(EditArticleCommand(ctx, article, before, dataclasses.replace(before, title="X")))
    stack.undo()
    stack.redo()
    assert ctx.asked == [] and ctx.failures == []
    assert mine.article(article).title == "X"


def test_a_stale_dossier_move_is_refused_and_said(
    two: tuple[Archive, Archive], qtbot: Any, undo_stack: QUndoStack
) -> None:
    mine, bob = two
    ids = mine.search("", sort="id").ids[:4]
    dossier = mine.create_dossier("Brief", article_ids=ids)
    shown = mine.dossier(dossier)
    bob.move_in_dossier(dossier, [ids[3]], 0)
    parent = QWidget()
    qtbot.addWidget(parent)
    controller = DossierController(mine, undo_stack, parent)
    errors: list[str] = []
    controller.errorOccurred.connect(errors.append)
    assert not controller.move_entries(dossier, [ids[0]], 3, version=shown.version)
    assert errors and "changed by bob" in errors[0]
    assert mine.dossier(dossier).article_ids == bob.dossier(dossier).article_ids
    assert controller.move_entries(dossier, [ids[0]], 3, version=mine.dossier(dossier).version)
