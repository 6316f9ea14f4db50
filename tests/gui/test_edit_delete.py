"""Deleting articles: confirmation, and undo restoring everything with the same ids."""

from __future__ import annotations

from typing import Any

from dossierdesk.gui.editing import EditController

from .conftest_editing import (  # noqa: F401 (fixtures)
    Answers,
    answers_fixture,
    controller_fixture,
    host_fixture,
    links,
    small_archive_fixture,
)


def test_delete_asks_first(controller: EditController, answers: Answers) -> None:
    ids = list(controller.archive.search("").ids[:2])
    answers.yes = False
    controller.delete_articles(ids)
    assert answers.questions == [
        ("Delete articles", "Delete these 2 articles? You can undo this (Ctrl+Z).")
    ]
    assert controller.undo_stack.count() == 0
    assert len(list(controller.archive.articles(ids))) == 2


def test_delete_and_undo_restores_everything(qtbot: Any, controller: EditController) -> None:
    archive = controller.archive
    ids = list(archive.search("", sort="id").ids[:3])
    archive.add_tags(ids, ["keep"])
    archive.set_tag_color("keep", "#336699")
    before = list(archive.articles(ids))
    before_links, before_tags = links(archive), archive.tags()
    assert sum(len(d.images) for d in before) > 0
    with qtbot.waitSignal(controller.archiveChanged):
        controller.delete_articles(ids)
    assert controller.undo_stack.undoText() == "Delete 3 articles"
    assert list(archive.articles(ids)) == []
    assert archive.search('title:"gulf war"').total == 0
    controller.undo_stack.undo()
    assert list(archive.articles(ids)) == before  # same ids, text, images, authors, tags
    assert links(archive) == before_links and archive.tags() == before_tags
    assert archive.search('title:"gulf war"').total == 1
    assert archive.original(ids[0]) is not None
    assert archive.check().ok
    controller.undo_stack.redo()
    assert list(archive.articles(ids)) == []
