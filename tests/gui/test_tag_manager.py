"""The tag manager: rename, merge, delete, colour; each undoable."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor

from dossierdesk.gui.editing import EditController
from dossierdesk.gui.ops import task_manager
from dossierdesk.gui.tag_manager import TagManagerDialog

from .conftest_editing import (  # noqa: F401 (fixtures)
    Answers,
    answers_fixture,
    controller_fixture,
    host_fixture,
    links,
    small_archive_fixture,
)


def _read(qtbot: Any, dialog: TagManagerDialog) -> None:
    """Wait until the dialog has shown the tags its last refresh read (off the GUI thread)."""
    qtbot.waitUntil(lambda: not task_manager().is_busy(dialog), timeout=5000)


def _manager(controller: EditController, qtbot: Any) -> TagManagerDialog:
    archive = controller.archive
    ids = list(archive.search("", sort="id").ids)
    archive.add_tags(ids[:2], ["korea"])
    archive.add_tags(ids[1:4], ["DPRK"])
    archive.add_tags(ids[3:], ["<b>bold</b> & co"])
    archive.set_tag_color("korea", "#cc3333")
    controller.open_tag_manager()
    dialog = controller.tag_manager
    assert isinstance(dialog, TagManagerDialog) and dialog.isVisible()
    _read(qtbot, dialog)
    return dialog


def _rows(dialog: TagManagerDialog) -> list[tuple[str, str]]:
    table = dialog.table
    return [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]


def test_lists_tags_with_counts_and_screenshot(qtbot: Any, controller: EditController) -> None:
    dialog = _manager(controller, qtbot)
    assert _rows(dialog) == [("<b>bold</b> & co", "1"), ("DPRK", "3"), ("korea", "2")]
    dialog.select_tag("korea")
    assert dialog.clear_color_button.isEnabled()
    dialog.filter_edit.setText("or")
    hidden = [dialog.table.isRowHidden(r) for r in range(3)]
    assert hidden == [True, True, False]
    dialog.filter_edit.clear()
    dialog.grab().save("/tmp/dossierdesk_tag_manager.png")


def test_tag_manager_model_is_sound(
    qtbot: Any, qtmodeltester: Any, controller: EditController
) -> None:
    dialog = _manager(controller, qtbot)
    qtmodeltester.check(dialog.table.model())


def test_rename_and_undo(qtbot: Any, controller: EditController) -> None:
    dialog = _manager(controller, qtbot)
    before_links, before_tags = links(controller.archive), controller.archive.tags()
    dialog.select_tag("korea")
    dialog.ask_text = lambda title, label, initial: "  Korea  peninsula "
    with qtbot.waitSignal(controller.archiveChanged):
        dialog.rename_selected()
    _read(qtbot, dialog)
    assert [r[0] for r in _rows(dialog)] == ["<b>bold</b> & co", "DPRK", "Korea peninsula"]
    assert dialog.selected_tag() is not None
    assert dialog.selected_tag().name == "Korea peninsula"  # type: ignore[union-attr]
    controller.undo_stack.undo()
    assert controller.archive.tags() == before_tags
    assert links(controller.archive) == before_links
    _read(qtbot, dialog)
    assert [r[0] for r in _rows(dialog)] == ["<b>bold</b> & co", "DPRK", "korea"]


def test_merge_asks_and_undo_restores_both_tags(
    qtbot: Any, controller: EditController, answers: Answers
) -> None:
    dialog = _manager(controller, qtbot)
    before_links, before_tags = links(controller.archive), controller.archive.tags()
    dialog.select_tag("korea")
    dialog.ask_text = lambda title, label, initial: "dprk"
    answers.yes = False
    dialog.rename_selected()
    assert answers.questions[-1][0] == "Merge tags"
    assert controller.undo_stack.count() == 0
    answers.yes = True
    dialog.rename_selected()
    _read(qtbot, dialog)
    assert _rows(dialog) == [("<b>bold</b> & co", "1"), ("DPRK", "4")]
    assert controller.undo_stack.undoText() == "Merge tag “korea” into “dprk”"
    controller.undo_stack.undo()
    assert controller.archive.tags() == before_tags  # same ids, colour, counts
    assert links(controller.archive) == before_links
    controller.undo_stack.redo()
    assert {t.name: t.count for t in controller.archive.tags()}["DPRK"] == 4


def test_delete_and_undo_restores_colour_and_links(
    qtbot: Any, controller: EditController, answers: Answers
) -> None:
    dialog = _manager(controller, qtbot)
    before_links, before_tags = links(controller.archive), controller.archive.tags()
    dialog.select_tag("korea")
    answers.yes = False
    dialog.delete_selected()
    assert controller.archive.tags() == before_tags
    answers.yes = True
    dialog.delete_selected()
    assert "korea" in answers.questions[-1][1] and "2 articles" in answers.questions[-1][1]
    _read(qtbot, dialog)
    assert [r[0] for r in _rows(dialog)] == ["<b>bold</b> & co", "DPRK"]
    controller.undo_stack.undo()
    assert controller.archive.tags() == before_tags
    assert links(controller.archive) == before_links
    assert set(controller.archive.search("tag:korea").ids) == {
        i for i, t in before_links if t == "korea"
    }


def test_colour_any_colour_and_undo(qtbot: Any, controller: EditController) -> None:
    dialog = _manager(controller, qtbot)
    dialog.select_tag("DPRK")
    dialog.ask_color = lambda initial: QColor(18, 52, 86)
    dialog.color_selected()
    colours = {t.name: t.color for t in controller.archive.tags()}
    assert colours["DPRK"] == "#123456"
    _read(qtbot, dialog)
    icon = dialog.table.item(1, 0).icon().pixmap(8, 8).toImage()
    assert icon.pixelColor(4, 4) == QColor("#123456")
    dialog.select_tag("korea")
    dialog.clear_color_selected()
    _read(qtbot, dialog)
    assert {t.name: t.color for t in controller.archive.tags()}["korea"] is None
    controller.undo_stack.undo()
    controller.undo_stack.undo()
    assert {t.name: t.color for t in controller.archive.tags()} == {
        "<b>bold</b> & co": None,
        "DPRK": None,
        "korea": "#cc3333",
    }
    _read(qtbot, dialog)
    dialog.ask_color = lambda initial: None  # cancelled
    dialog.select_tag("DPRK")
    dialog.color_selected()
    assert controller.undo_stack.count() == 2


def test_a_long_list_is_filled_again_with_one_measure_of_its_counts(
    qtbot: Any, controller: EditController
) -> None:
    """After an edit the open manager fills its table again; its Articles column fits its
    contents once the rows are set, not while each cell is set (each new cell measured the
    column again: 3,000 tags took 6.4 s to fill again, now 0.16 s)."""
    from PySide6.QtWidgets import QHeaderView

    from dossierdesk.gui.tag_manager import COUNT

    archive = controller.archive
    ids = list(archive.search("", sort="id").ids)
    for n in range(400):
        archive.add_tags(ids[n % len(ids) : n % len(ids) + 1], [f"topic {n:03d}"])
    dialog = _manager(controller, qtbot)
    qtbot.waitExposed(dialog)
    header = dialog.table.horizontalHeader()
    modes: set[QHeaderView.ResizeMode] = set()
    dialog.table.model().dataChanged.connect(lambda *_: modes.add(header.sectionResizeMode(COUNT)))
    dialog.refresh()
    _read(qtbot, dialog)
    assert modes == {QHeaderView.ResizeMode.Fixed}  # (cell by cell: ResizeToContents)
    assert header.sectionResizeMode(COUNT) is QHeaderView.ResizeMode.ResizeToContents
    assert dialog.table.rowCount() == 403
    assert _rows(dialog)[-1] == ("topic 399", "1")
    assert header.sectionSize(COUNT) >= header.sectionSizeFromContents(COUNT).width()


def test_the_tags_are_read_off_the_gui_thread(
    qtbot: Any, controller: EditController, monkeypatch: Any
) -> None:
    """Opening the manager and refreshing it after an edit read the tags (every tag's article
    count: it grows with the archive; a team archive's are a server away) on a worker thread;
    the table shows them when they come, and a failed read says why in the status line."""
    import threading

    archive = controller.archive
    threads: list[bool] = []
    read = archive.tags

    def tags() -> Any:
        threads.append(threading.current_thread() is threading.main_thread())
        return read()

    monkeypatch.setattr(archive, "tags", tags)
    dialog = _manager(controller, qtbot)
    assert _rows(dialog)[1] == ("DPRK", "3")
    dialog.select_tag("DPRK")
    dialog.ask_color = lambda initial: QColor(18, 52, 86)
    dialog.color_selected()
    _read(qtbot, dialog)
    assert threads and not any(threads)  # (``archive.tags()`` in the GUI thread: True)

    def broken() -> Any:
        raise OSError("disk gone")

    monkeypatch.setattr(archive, "tags", broken)
    dialog.refresh()
    _read(qtbot, dialog)
    assert dialog.status.text() == "The tags could not be read: disk gone"
    assert _rows(dialog)[1] == ("DPRK", "3")  # what it showed stays


def test_a_closed_manager_reads_the_tags_when_it_is_shown_again(
    qtbot: Any, controller: EditController, monkeypatch: Any
) -> None:
    """The window keeps the dialog once closed: changes made meanwhile do not make it read
    every tag again (before: at each change, on the GUI thread); showing it again does."""
    archive = controller.archive
    dialog = _manager(controller, qtbot)
    dialog.close()
    reads: list[int] = []
    read = archive.tags

    def tags() -> Any:
        reads.append(1)
        return read()

    monkeypatch.setattr(archive, "tags", tags)
    with qtbot.waitSignal(controller.archiveChanged):
        controller.add_tags(list(archive.search("", sort="id").ids)[:1], ["new one"])
    _read(qtbot, dialog)
    assert reads == [] and "new one" not in dialog.tag_names()
    controller.open_tag_manager()
    _read(qtbot, dialog)
    assert reads == [1] and "new one" in dialog.tag_names()
