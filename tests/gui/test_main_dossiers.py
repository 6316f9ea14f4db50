"""Dossiers in the main window: sidebar entries, the dossier page, menus, drops, export, undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog
from PySide6.QtWidgets import QMenu
from tests.gui.conftest import wait_idle

from dossierdesk.gui.main_window import MainWindow
from dossierdesk.gui.models.article_columns import COL_TITLE
from dossierdesk.gui.printing import ExportPdfDialog
from dossierdesk.pdf import ExportOptions
from dossierdesk.pdf.builders import document_from_dossier
from dossierdesk.pdf.export import export_pdf
from dossierdesk.service import Archive


def _window(qtbot: Any, make_window: Any, archive: Archive) -> MainWindow:
    window: MainWindow = make_window(archive)
    window.resize(1300, 850)
    window.dossiers.error_presenter = lambda message: None  # no message boxes in tests
    window.printing.show_progress = False
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # shortcuts (Esc, Ctrl+Z) need the active window
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _click_item(qtbot: Any, window: MainWindow, item: Any) -> None:
    view = window.sidebar
    if item.parent() is not None:
        view.expand(item.parent().index())
    view.scrollTo(item.index())
    rect = view.visualRect(item.index())
    assert rect.isValid()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _dossier_item(window: MainWindow, dossier_id: int) -> Any:
    item = window.sidebar_model.dossier_item(dossier_id)
    assert item is not None
    return item


def _select_rows(window: MainWindow, rows: list[int]) -> list[int]:
    model, selection = window.table_model, window.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            model.index(row, COL_TITLE),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    return [model.article_id(r) for r in rows]


def _entries(window: MainWindow) -> list[int]:
    return window.dossier_view.model.article_ids()


def _sidebar_dossiers(window: MainWindow) -> list[str]:
    group = window.sidebar_model.group("dossiers")
    return [group.child(r).text() for r in range(group.rowCount())]


def test_click_on_a_sidebar_dossier_opens_it_in_order(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    ids = list(seeded_archive.search("").ids)
    order = [ids[5], ids[1], ids[9]]
    dossier_id = seeded_archive.create_dossier("Readiness", article_ids=order)
    window = _window(qtbot, make_window, seeded_archive)
    qtbot.waitUntil(lambda: _sidebar_dossiers(window) == ["Readiness  (3)"])
    assert window.stack.currentWidget() is window.table

    _click_item(qtbot, window, _dossier_item(window, dossier_id))
    assert window.dossier_shown() and window.dossier_page.isVisible()
    assert not window.timeline.isVisible()
    assert window.dossier_view.dossier_id == dossier_id
    assert _entries(window) == order
    assert window.dossier_view.title_label.text() == "Readiness"
    # the status bar counts the dossier, not the search behind it
    qtbot.waitUntil(lambda: window.count_label.text() == "3 articles in the dossier")
    # a click opens the dossier; it does not write a query
    assert window.search_box.text() == ""

    # picking an entry shows the article in the reader
    view_table = window.dossier_view.table
    view_table.setCurrentIndex(window.dossier_view.model.index(1, 2))
    qtbot.waitUntil(lambda: window.reader.article_id == order[1])


def test_the_tables_selection_is_not_announced_over_an_open_dossier(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    ids = list(seeded_archive.search("").ids)
    dossier_id = seeded_archive.create_dossier("Readiness", article_ids=ids[:2])
    window = _window(qtbot, make_window, seeded_archive)
    window.table.selectAll()
    assert window.statusBar().currentMessage().endswith("selected")
    qtbot.waitUntil(lambda: _sidebar_dossiers(window) == ["Readiness  (2)"])
    _click_item(qtbot, window, _dossier_item(window, dossier_id))
    assert window.dossier_shown()
    assert window.statusBar().currentMessage() == ""


def test_back_button_escape_and_library_return_to_the_table(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    ids = list(seeded_archive.search("").ids)
    dossier_id = seeded_archive.create_dossier("Back", article_ids=ids[:2])
    window = _window(qtbot, make_window, seeded_archive)

    window.show_dossier(dossier_id)
    assert window.dossier_shown()
    assert window.sidebar.currentIndex() == _dossier_item(window, dossier_id).index()
    qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.table and window.timeline.isVisible()
    assert window.count_label.text() == f"{len(ids):,} articles"
    assert not window.sidebar.currentIndex().isValid()  # no dossier marked as shown

    window.show_dossier(dossier_id)
    window.dossier_view.table.setFocus()
    qtbot.waitUntil(lambda: window.dossier_view.table.hasFocus())
    qtbot.keyClick(window.dossier_view.table, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.table

    window.show_dossier(dossier_id)
    _click_item(qtbot, window, window.sidebar_model.group("library"))
    assert window.stack.currentWidget() is window.table

    window.show_dossier(dossier_id)
    window.search_box.set_query("kursk")
    assert window.stack.currentWidget() is window.table
    wait_idle(qtbot, window)
    assert window.table_model.ids() == seeded_archive.search("kursk", sort="-date").ids


def test_new_dossier_from_selection_through_the_menu_dialog(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = _window(qtbot, make_window, seeded_archive)
    qtbot.waitUntil(lambda: _sidebar_dossiers(window) == ["No dossiers yet"])
    _select_rows(window, [4, 0, 2])
    chosen = [window.table_model.article_id(r) for r in (0, 2, 4)]  # in table order
    assert window.new_dossier_selection_action.isEnabled()
    window.new_dossier_selection_action.trigger()
    dialog = window.dossiers.active_dialog
    assert dialog is not None and dialog.isVisible()  # non-blocking: the test drives it
    dialog.title_edit.setText("Selected briefing")
    dialog.accept()
    assert window.dossiers.active_dialog is None

    infos = seeded_archive.dossiers()
    assert [(d.title, d.article_count) for d in infos] == [("Selected briefing", 3)]
    assert list(seeded_archive.dossier(infos[0].id).article_ids) == chosen  # table order
    qtbot.waitUntil(lambda: _sidebar_dossiers(window) == ["Selected briefing  (3)"])
    # the new dossier is opened
    assert window.dossier_shown() and window.dossier_view.dossier_id == infos[0].id
    current = window.sidebar.currentIndex()
    assert current == _dossier_item(window, infos[0].id).index()

    window.undo_action.trigger()
    assert seeded_archive.dossiers() == []
    qtbot.waitUntil(lambda: _sidebar_dossiers(window) == ["No dossiers yet"])
    assert window.stack.currentWidget() is window.table  # the page closed with it


def test_new_dossier_from_search_uses_the_query(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = _window(qtbot, make_window, seeded_archive)
    window.search_box.set_query("tag:ukraine")
    wait_idle(qtbot, window)
    window.new_dossier_search_action.trigger()
    dialog = window.dossiers.active_dialog
    assert dialog is not None and dialog.title_edit.text() == "tag:ukraine"
    dialog.accept()
    info = seeded_archive.dossiers()[0]
    expected = set(seeded_archive.search("tag:ukraine").ids)
    assert set(seeded_archive.dossier(info.id).article_ids) == expected
    assert info.article_count == 3


def test_drop_on_a_sidebar_dossier_adds_and_ctrl_z_removes(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    ids = list(seeded_archive.search("").ids)
    dossier_id = seeded_archive.create_dossier("Drops", article_ids=[ids[0]])
    window = _window(qtbot, make_window, seeded_archive)
    rows = [r for r in range(6) if window.table_model.article_id(r) != ids[0]][:2]
    dragged = _select_rows(window, rows)
    # the payload the article table puts on a drag
    indexes = window.table.selectionModel().selectedIndexes()
    mime = window.table_model.mimeData(indexes)

    view = window.sidebar
    item = _dossier_item(window, dossier_id)
    view.scrollTo(item.index())
    pos = view.visualRect(item.index()).center()
    event = QDropEvent(
        QPoint(pos).toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(event)
    assert event.isAccepted()
    assert list(seeded_archive.dossier(dossier_id).article_ids) == [ids[0], *dragged]
    qtbot.waitUntil(lambda: _sidebar_dossiers(window) == ["Drops  (3)"])
    assert window.undo_stack.undoText().startswith("Add 2 articles")

    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # QTest leaves Ctrl "held" for the application; release it for the tests that follow
    qtbot.keyRelease(window.table, Qt.Key.Key_Control)
    assert list(seeded_archive.dossier(dossier_id).article_ids) == [ids[0]]
    qtbot.waitUntil(lambda: _sidebar_dossiers(window) == ["Drops  (1)"])


def test_table_context_menu_adds_to_a_dossier(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    ids = list(seeded_archive.search("").ids)
    dossier_id = seeded_archive.create_dossier("Menu", article_ids=[ids[0]])
    window = _window(qtbot, make_window, seeded_archive)
    chosen = [i for i in _select_rows(window, [1, 2, 3]) if i != ids[0]]
    menu = window.table_menu()
    texts = [a.text() for a in menu.actions()]
    assert "New Dossier from &Selection…" in texts
    add_menu = next(a.menu() for a in menu.actions() if a.text() == "Add to &Dossier")
    assert isinstance(add_menu, QMenu) and add_menu.isEnabled()
    target = next(a for a in add_menu.actions() if a.text().startswith("Menu"))
    target.trigger()
    assert set(seeded_archive.dossier(dossier_id).article_ids) == {ids[0], *chosen}

    window.show_dossier(dossier_id)
    qtbot.waitUntil(lambda: len(_entries(window)) == 1 + len(chosen))


def test_dossier_menu_properties_duplicate_delete(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    ids = list(seeded_archive.search("").ids)
    dossier_id = seeded_archive.create_dossier("Original", article_ids=ids[:3])
    window = _window(qtbot, make_window, seeded_archive)
    window._update_dossier_actions()
    assert not window.delete_dossier_action.isEnabled()  # nothing open or picked
    window.show_dossier(dossier_id)
    window._update_dossier_actions()
    assert window.delete_dossier_action.isEnabled()

    window.dossier_properties_action.trigger()
    dialog = window.dossiers.active_dialog
    assert dialog is not None
    dialog.title_edit.setText("Renamed")
    dialog.accept()
    assert seeded_archive.dossier(dossier_id).title == "Renamed"
    assert window.dossier_view.title_label.text() == "Renamed"
    qtbot.waitUntil(lambda: _sidebar_dossiers(window) == ["Renamed  (3)"])

    window.duplicate_dossier_action.trigger()
    copy = next(d.id for d in seeded_archive.dossiers() if d.id != dossier_id)
    assert window.dossier_view.dossier_id == copy  # the copy is opened
    qtbot.waitUntil(lambda: len(_sidebar_dossiers(window)) == 2)

    window.delete_dossier_action.trigger()
    assert [d.id for d in seeded_archive.dossiers()] == [dossier_id]
    assert window.stack.currentWidget() is window.table
    window.undo_action.trigger()  # the copy comes back whole
    assert len(seeded_archive.dossier(copy).article_ids) == 3


def test_export_pdf_action_on_the_open_dossier(
    qtbot: Any, seeded_archive: Archive, make_window: Any, tmp_path: Path
) -> None:
    ids = list(seeded_archive.search("", sort="date").ids)
    dossier_id = seeded_archive.create_dossier("Export from window", article_ids=ids[:4])
    window = _window(qtbot, make_window, seeded_archive)
    window.show_dossier(dossier_id)
    _select_rows(window, [0])  # the open dossier wins over a table selection

    window.export_pdf_action.trigger()
    dialog = window.printing.active_dialog
    assert isinstance(dialog, ExportPdfDialog) and dialog.isVisible()
    assert dialog.path_edit.text().endswith("Export from window.pdf")
    target = tmp_path / "window.pdf"
    dialog.path_edit.setText(str(target))
    dialog.page_size_combo.setCurrentIndex(0)  # A4
    dialog.pdfa_check.setChecked(False)
    with qtbot.waitSignal(window.printing.exported, timeout=60_000) as done:
        dialog.accept()
    assert done.args[0] == str(target)
    pages = done.args[1]
    assert len(PdfReader(target).pages) == pages

    reference = export_pdf(
        document_from_dossier(seeded_archive, dossier_id),
        tmp_path / "reference.pdf",
        ExportOptions(page_size="A4"),
    )
    assert pages == reference.page_count > 4
    export = window.printing.current_export
    assert export is not None
    qtbot.waitUntil(lambda: not export.running)
    box = window.printing.last_message
    assert box is not None
    box.close()


def test_output_job_follows_page_selection_and_search(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    ids = list(seeded_archive.search("").ids)
    dossier_id = seeded_archive.create_dossier("Jobs", article_ids=ids[:2])
    window = _window(qtbot, make_window, seeded_archive)
    job = window.output_job()
    assert job is not None and job.title == "All articles"
    assert len(job.build().entries) == len(ids)

    window.search_box.set_query("tag:ukraine")
    wait_idle(qtbot, window)
    job = window.output_job()
    assert job is not None and job.title == "tag:ukraine"
    assert len(job.build().entries) == 3

    chosen = _select_rows(window, [0, 1])
    job = window.output_job()
    assert job is not None and job.title == "2 selected articles"
    assert [e.article.id for e in job.build().entries] == chosen

    window.show_dossier(dossier_id)
    job = window.output_job()
    assert job is not None and job.title == "Jobs"


def test_deleting_an_article_reloads_the_open_dossier(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    ids = list(seeded_archive.search("").ids)
    dossier_id = seeded_archive.create_dossier("Deletes", article_ids=ids[:3])
    window = _window(qtbot, make_window, seeded_archive)
    window.show_dossier(dossier_id)
    assert _entries(window) == ids[:3]
    assert window.controller is not None
    window.controller.delete_articles([ids[1]])  # emits archiveChanged
    assert _entries(window) == [ids[0], ids[2]]
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: _sidebar_dossiers(window) == ["Deletes  (2)"])


def test_archive_switch_resets_dossiers(
    qtbot: Any, seeded_archive: Archive, make_window: Any, tmp_path: Path
) -> None:
    ids = list(seeded_archive.search("").ids)
    dossier_id = seeded_archive.create_dossier("Old archive", article_ids=ids[:2])
    window = _window(qtbot, make_window, seeded_archive)
    window.show_dossier(dossier_id)
    window.dossiers.add_articles(dossier_id, [ids[5]])
    assert window.undo_stack.canUndo()

    assert window.open_archive(tmp_path / "other.sqlite3")
    wait_idle(qtbot, window)
    assert not window.dossier_shown()
    assert window.dossier_view.dossier_id is None
    assert not window.undo_stack.canUndo()
    assert window.dossiers.archive is window.archive
    qtbot.waitUntil(lambda: _sidebar_dossiers(window) == ["No dossiers yet"])
    window._update_dossier_actions()
    assert not window.delete_dossier_action.isEnabled()
    window.shutdown()


def test_print_preview_and_print_actions_use_the_open_dossier(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    ids = list(seeded_archive.search("").ids)
    dossier_id = seeded_archive.create_dossier("Preview me", article_ids=ids[:2])
    window = _window(qtbot, make_window, seeded_archive)
    window.show_dossier(dossier_id)
    window.print_preview_action.trigger()
    preview = window.printing.active_dialog
    assert isinstance(preview, QPrintPreviewDialog) and preview.isVisible()
    assert preview.windowTitle() == "Print Preview — Preview me"
    preview.close()

    window.show_articles()
    window.search_box.set_query("tag:ukraine")
    wait_idle(qtbot, window)
    window.table.selectionModel().clearSelection()
    window.print_action.trigger()
    dialog = window.printing.active_dialog
    assert isinstance(dialog, QPrintDialog) and dialog.isVisible()
    dialog.reject()


def test_sidebar_context_menu_on_a_dossier(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    ids = list(seeded_archive.search("").ids)
    dossier_id = seeded_archive.create_dossier("Context", article_ids=ids[:2])
    window = _window(qtbot, make_window, seeded_archive)
    actions = window.sidebar.context_actions(_dossier_item(window, dossier_id).index())
    assert [a.text() for a in actions] == [
        "Open",
        "Edit Properties…",
        "Duplicate",
        "Delete Dossier",
    ]
    actions[0].trigger()
    assert window.dossier_shown() and window.dossier_view.dossier_id == dossier_id
    window.show_articles()
    actions[3].trigger()
    assert seeded_archive.dossiers() == []
    qtbot.waitUntil(lambda: _sidebar_dossiers(window) == ["No dossiers yet"])
    window.undo_action.trigger()
    assert [d.title for d in seeded_archive.dossiers()] == ["Context"]
