"""DossierView: header, entries, drag-and-drop (model calls and real drop events), actions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QApplication, QLabel
from pytestqt.qtbot import QtBot

from dossierdesk.gui.dossiers import DossierView, encode_article_ids
from dossierdesk.gui.dossiers import view as view_module

from .conftest_dossiers import Harness, ids_by_date, make_controller, seeded_copy


@pytest.fixture
def h(qtbot: QtBot, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Harness]:
    archive = seeded_copy(tmp_path_factory, tmp_path / "archive.sqlite3")
    harness = make_controller(archive)
    qtbot.addWidget(harness.host)
    yield harness
    archive.close()


@pytest.fixture
def view(h: Harness, qtbot: QtBot) -> Iterator[DossierView]:
    widget = DossierView(h.controller)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    yield widget
    qtbot.waitUntil(lambda: not widget.is_busy())  # no reads left running on the archive


def open_view(view: DossierView, dossier_id: int, qtbot: QtBot) -> None:
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.open_dossier(dossier_id)


def test_header_and_entries(h: Harness, view: DossierView, qtbot: QtBot) -> None:
    ids = ids_by_date(h.archive)
    dossier_id = h.create(
        [*ids[:3], ids[-1]],
        "<i>Readiness</i>",
        subtitle="Air Force, 2015",
        compiled_by="J. Analyst",
        description="Why: <b>training</b>.",
    )
    open_view(view, dossier_id, qtbot)
    assert view.title_label.text() == "<i>Readiness</i>"
    assert view.subtitle_label.text() == "Air Force, 2015"
    assert view.meta_label.text() == "Compiled by J. Analyst · 4 articles · 2015-09-16 – 2015-10-27"
    assert view.description_label.text() == "Why: <b>training</b>."
    for label in view.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert view.model.article_ids() == [*ids[:3], ids[-1]]
    assert view.model.index(0, 2).data() == "Carter: DOD must embrace future to remain best force"
    qtbot.waitUntil(lambda: view.model.index(0, 3).data() == "DoD News")  # fetched lazily
    assert view.model.index(3, 3).data() == "American Forces Press Service"
    assert view.export_action.isEnabled() and not view.remove_action.isEnabled()


def test_reorder_by_drag_undo_redo(h: Harness, view: DossierView, qtbot: QtBot) -> None:
    ids = ids_by_date(h.archive)[:5]
    dossier_id = h.create(ids)
    open_view(view, dossier_id, qtbot)
    model = view.model
    mime = model.mimeData([model.index(0, 0), model.index(1, 0)])
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, 4, 0, QModelIndex())
    moved = [ids[2], ids[3], ids[0], ids[1], ids[4]]
    qtbot.waitUntil(lambda: h.order(dossier_id) == moved)
    qtbot.waitUntil(lambda: model.article_ids() == moved)
    assert view.selected_ids() == [ids[0], ids[1]]
    h.stack.undo()
    assert h.order(dossier_id) == ids and model.article_ids() == ids
    h.stack.redo()
    assert h.order(dossier_id) == moved and model.article_ids() == moved


def _drop_at(view: DossierView, row: int, mime: QMimeData, action: Qt.DropAction) -> bool:
    """Send drag-enter, drag-move and drop events at the top edge of ``row``."""
    table = view.table
    rect = table.visualRect(view.model.index(row, 2))
    pos = QPoint(rect.center().x(), rect.top() + 2)
    viewport = table.viewport()
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    enter = QDragEnterEvent(pos, actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(pos, actions, mime, buttons, mods)
    move.setDropAction(action)
    QApplication.sendEvent(viewport, move)
    drop = QDropEvent(QPointF(pos), actions, mime, buttons, mods)
    drop.setDropAction(action)
    QApplication.sendEvent(viewport, drop)
    return drop.isAccepted()


def test_drop_events_from_article_table_add_at_row(
    h: Harness, view: DossierView, qtbot: QtBot
) -> None:
    ids = ids_by_date(h.archive)
    dossier_id = h.create(ids[:3])
    open_view(view, dossier_id, qtbot)
    assert _drop_at(view, 1, encode_article_ids([ids[10], ids[11]]), Qt.DropAction.CopyAction)
    expected = [ids[0], ids[10], ids[11], ids[1], ids[2]]
    qtbot.waitUntil(lambda: view.model.article_ids() == expected)
    assert h.order(dossier_id) == expected
    h.stack.undo()
    assert view.model.article_ids() == ids[:3]


def test_drop_events_within_the_view_reorder(h: Harness, view: DossierView, qtbot: QtBot) -> None:
    ids = ids_by_date(h.archive)[:4]
    dossier_id = h.create(ids)
    open_view(view, dossier_id, qtbot)
    mime = view.model.mimeData([view.model.index(3, 0)])
    assert _drop_at(view, 1, mime, Qt.DropAction.MoveAction)
    expected = [ids[0], ids[3], ids[1], ids[2]]
    qtbot.waitUntil(lambda: h.order(dossier_id) == expected)
    qtbot.waitUntil(lambda: view.model.article_ids() == expected)
    assert view.model.rowCount() == 4  # nothing removed by the drag source


def test_inline_note_edit(h: Harness, view: DossierView, qtbot: QtBot) -> None:
    ids = ids_by_date(h.archive)[:2]
    dossier_id = h.create(ids)
    open_view(view, dossier_id, qtbot)
    index = view.model.index(1, view.model.NOTE)
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not view.table
    editor.setText("Use in the briefing")  # type: ignore[attr-defined]
    view.table.commitData(editor)
    view.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    qtbot.waitUntil(lambda: h.notes(dossier_id)[ids[1]] == "Use in the briefing")
    assert view.model.index(1, 4).data() == "Use in the briefing"
    h.stack.undo()
    assert h.notes(dossier_id)[ids[1]] is None
    assert view.model.index(1, 4).data() == ""


def test_remove_and_move_actions(h: Harness, view: DossierView, qtbot: QtBot) -> None:
    ids = ids_by_date(h.archive)[:5]
    dossier_id = h.create(ids)
    open_view(view, dossier_id, qtbot)
    view.select_ids([ids[2]])
    assert view.up_action.isEnabled() and view.down_action.isEnabled()
    view.up_action.trigger()
    assert h.order(dossier_id) == [ids[0], ids[2], ids[1], ids[3], ids[4]]
    assert view.selected_ids() == [ids[2]]
    view.down_action.trigger()
    view.down_action.trigger()
    assert h.order(dossier_id) == [ids[0], ids[1], ids[3], ids[2], ids[4]]
    view.select_ids([ids[0], ids[4]])
    view.remove_action.trigger()
    assert view.model.article_ids() == [ids[1], ids[3], ids[2]]
    assert view.meta_label.text().startswith("3 articles")
    h.stack.undo()
    assert view.model.article_ids() == [ids[0], ids[1], ids[3], ids[2], ids[4]]
    view.select_ids([ids[0]])
    assert not view.up_action.isEnabled()


def test_deleted_dossier_closes_the_view(h: Harness, view: DossierView, qtbot: QtBot) -> None:
    dossier_id = h.create([1, 2])
    open_view(view, dossier_id, qtbot)
    with qtbot.waitSignal(view.closed):
        h.controller.delete(dossier_id)
    assert view.dossier_id is None and view.model.rowCount() == 0
    assert not view.export_action.isEnabled()


def test_large_dossier_is_read_off_the_gui_thread(
    h: Harness, view: DossierView, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from dossierdesk.gui.dossiers import loading

    threads: list[str] = []
    real = loading.read_dossier

    def spy(archive, dossier_id):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(archive, dossier_id)

    monkeypatch.setattr(view_module, "LARGE_DOSSIER", 5)
    monkeypatch.setattr(view_module, "read_dossier", spy)
    ids = ids_by_date(h.archive)
    dossier_id = h.create(ids)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.open_dossier(dossier_id)
        assert view.is_loading() or threads  # reading started in the background
    assert threads and threads[0] != threading.main_thread().name
    assert view.model.article_ids() == ids
    assert view.meta_label.text().startswith("26 articles")


def test_edit_properties_action(h: Harness, view: DossierView, qtbot: QtBot) -> None:
    dossier_id = h.create([1], "Before")
    open_view(view, dossier_id, qtbot)
    view.edit_action.trigger()
    dialog = h.controller.active_dialog
    assert dialog is not None
    dialog.title_edit.setText("After")
    with qtbot.waitSignal(view.loaded):
        dialog.accept()
    assert view.title_label.text() == "After"


def test_screenshot(h: Harness, view: DossierView, qtbot: QtBot, tmp_path: Path) -> None:
    ids = ids_by_date(h.archive)
    dossier_id = h.create(
        ids[:14],
        "Airmen and readiness, 2015–2016",
        subtitle="Stories from af.mil and DoD News",
        compiled_by="J. Analyst",
        description="A selection of profiles and policy articles for the readiness briefing.",
    )
    h.archive.set_dossier_note(dossier_id, ids[2], "Key source for the briefing")
    open_view(view, dossier_id, qtbot)
    qtbot.waitUntil(lambda: not view.is_busy())
    shot = tmp_path / "dossier_view.png"
    assert view.grab().save(str(shot))
    assert shot.stat().st_size > 10_000


def test_quit_waits_for_background_reads(
    h: Harness, view: DossierView, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossierdesk.gui.ops import task_manager

    monkeypatch.setattr(view_module, "LARGE_DOSSIER", 5)
    ids = ids_by_date(h.archive)
    dossier_id = h.create(ids)
    view.open_dossier(dossier_id)
    assert view.is_loading()
    assert task_manager().wait()  # also delivers what the reads found
    assert not view.is_loading() and view.model.article_ids() == ids


def test_one_read_per_change_and_archive_switch_closes(
    h: Harness, view: DossierView, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = ids_by_date(h.archive)[:4]
    dossier_id = h.create(ids)
    open_view(view, dossier_id, qtbot)
    reads: list[int] = []
    real = view_module.read_dossier
    monkeypatch.setattr(view_module, "read_dossier", lambda a, d: reads.append(d) or real(a, d))
    h.controller.remove_entries(dossier_id, [ids[0]])  # changes the list (count) and the dossier
    assert reads == [dossier_id]
    assert view.model.article_ids() == ids[1:]
    with qtbot.waitSignal(view.closed):
        h.controller.set_archive(None)
    assert view.dossier_id is None


def test_the_entries_headers_do_not_follow_the_selection(
    h: Harness, view: DossierView, qtbot: QtBot
) -> None:
    """A table of rows (``RowTableView``): its column headers have a selection model of
    their own, so that selecting every entry does not make them read every cell's flags."""
    from dossierdesk.gui.selected_rows import RowTableView, selected_row_count

    dossier_id = h.archive.create_dossier("All", article_ids=ids_by_date(h.archive))
    open_view(view, dossier_id, qtbot)
    assert isinstance(view.table, RowTableView)
    assert view.table.horizontalHeader().selectionModel() is not view.table.selectionModel()
    view.table.selectAll()
    assert selected_row_count(view.table.selectionModel()) == len(ids_by_date(h.archive))
    assert not view.table.horizontalHeader().selectionModel().hasSelection()
