"""Tagging through the EditController: undo removes exactly the links that were added."""

from __future__ import annotations

from typing import Any

from dossierdesk.gui.editing import EditController

from .conftest_editing import (  # noqa: F401 (fixtures)
    answers_fixture,
    controller_fixture,
    host_fixture,
    links,
    small_archive_fixture,
)


def test_add_tags_undo_redo_restores_links_exactly(qtbot: Any, controller: EditController) -> None:
    archive = controller.archive
    ids = list(archive.search("", sort="id").ids)
    archive.add_tags(ids[:1], ["Gulf War"])  # the first article already has it
    before = links(archive)
    with qtbot.waitSignal(controller.archiveChanged):
        controller.add_tags(ids[:3], ["gulf war", "medicine"])
    stack = controller.undo_stack
    assert stack.count() == 1
    assert stack.undoText() == "Tag 3 articles “gulf war”, “medicine”"
    after = links(archive)
    assert after == before | {(ids[1], "Gulf War"), (ids[2], "Gulf War")} | {
        (i, "medicine") for i in ids[:3]
    }
    with qtbot.waitSignal(controller.archiveChanged):
        stack.undo()
    assert links(archive) == before
    assert [t.name for t in archive.tags()] == ["Gulf War"]
    stack.redo()
    assert links(archive) == after


def test_remove_tags_undo_puts_back_only_what_was_there(controller: EditController) -> None:
    archive = controller.archive
    ids = list(archive.search("", sort="id").ids)
    archive.add_tags(ids[:2], ["navy"])
    archive.add_tags(ids[1:3], ["army"])
    before = links(archive)
    controller.remove_tags(ids, ["navy", "army"])
    assert links(archive) == set()
    controller.undo_stack.undo()
    assert links(archive) == before
    controller.undo_stack.redo()
    assert links(archive) == set()


def test_a_refused_tag_shows_an_error_and_leaves_no_undo_step(
    qtbot: Any, controller: EditController
) -> None:
    ids = list(controller.archive.search("").ids[:2])
    controller.add_tags(ids, ["x" * 150])
    assert controller.undo_stack.count() == 0
    dialog = controller.error_dialog
    assert dialog is not None and dialog.isVisible()
    assert "tag name too long" in dialog.message.text()
    assert "ValueError" in dialog.details.toPlainText()  # the traceback, folded away
    assert not dialog.details.isVisible()
    dialog.details_button.click()
    assert dialog.details.isVisible()
    assert controller.archive.tags() == []


def test_set_archive_clears_history(controller: EditController, tmp_path: Any) -> None:
    from dossierdesk.service import Archive

    ids = list(controller.archive.search("").ids[:2])
    controller.add_tags(ids, ["a"])
    assert controller.undo_stack.count() == 1
    with Archive(tmp_path / "other.sqlite3") as other:
        controller.set_archive(other)
        assert controller.archive is other
        assert controller.undo_stack.count() == 0
