"""The main window: opening archives, menus, settings persistence, refresh, drops."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication
from tests.gui.conftest import SEEDS, RecordingController, wait_idle

from dossierdesk import __version__
from dossierdesk.gui import settings as user_settings
from dossierdesk.gui.main_window import MainWindow, is_archive_file
from dossierdesk.gui.models.article_columns import COL_SOURCE, COL_TITLE
from dossierdesk.service import Archive


def test_title_menus_and_shortcuts(seeded_archive: Archive, make_window: Any) -> None:
    window = make_window(seeded_archive)
    assert window.windowTitle() == f"archive.sqlite3 — Dossier Desk {__version__}"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&Dossier", "&View", "&Help"]
    shortcuts = {
        window.open_action: QKeySequence(QKeySequence.StandardKey.Open),
        window.import_files_action: QKeySequence("Ctrl+I"),
        window.quit_action: QKeySequence("Ctrl+Q"),
        window.tag_action: QKeySequence("Ctrl+T"),
        window.edit_action: QKeySequence("F2"),
        window.undo_action: QKeySequence("Ctrl+Z"),
        window.redo_action: QKeySequence("Ctrl+Shift+Z"),
        window.find_action: QKeySequence(QKeySequence.StandardKey.Find),
        window.export_pdf_action: QKeySequence("Ctrl+E"),
        window.print_action: QKeySequence(QKeySequence.StandardKey.Print),
    }
    for action, key in shortcuts.items():
        assert action.shortcut() == key, action.text()
    assert window.search_box.edit.accessibleName()
    assert window.table.accessibleName() == "Articles"


def test_ctrl_f_focuses_the_search_box(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.table.setFocus()
    window.find_action.trigger()
    qtbot.waitUntil(lambda: window.search_box.edit.hasFocus())


def test_settings_persist_geometry_columns_and_sort(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    window.show()
    qtbot.waitExposed(window)
    window.resize(701, 533)
    header = window.table.horizontalHeader()
    header.resizeSection(COL_TITLE, 333)
    header.moveSection(header.visualIndex(COL_SOURCE), 0)
    window.table.sortByColumn(COL_TITLE, Qt.SortOrder.AscendingOrder)
    wait_idle(qtbot, window)
    window.splitter.setSizes([300, 600, 400])
    sizes = window.splitter.sizes()
    window.close()
    assert user_settings.settings_path().exists()

    second = make_window(seeded_archive)
    second.show()
    qtbot.waitExposed(second)
    header2 = second.table.horizontalHeader()
    assert (second.size().width(), second.size().height()) == (701, 533)
    assert header2.sectionSize(COL_TITLE) == 333
    assert header2.visualIndex(COL_SOURCE) == 0
    assert header2.sortIndicatorSection() == COL_TITLE
    assert second._sort == "title"
    assert second.table_model.ids() == seeded_archive.search("", sort="title").ids
    assert second.splitter.sizes() == sizes


def test_recent_archives_and_open_archive(
    qtbot: Any, seeded_archive: Archive, make_window: Any, tmp_path: Path
) -> None:
    window = make_window(seeded_archive)
    other = tmp_path / "other" / "second.sqlite3"
    assert window.open_archive(other)
    wait_idle(qtbot, window)
    assert window.windowTitle().startswith("second.sqlite3")
    assert window.table_model.ids() == ()
    assert window.stack.currentWidget() is window.welcome
    assert ("set_archive", other.resolve()) in window.controller.calls
    recent = user_settings.recent_archives()
    assert recent[:2] == [other.resolve(), seeded_archive.path]
    assert [a.text() for a in window.recent_menu.actions()][:2] == [str(p) for p in recent[:2]]
    assert user_settings.last_archive() == other.resolve()


def test_open_initial_opens_archive_argument_and_imports_other_files(
    qtbot: Any, seeded_archive: Archive, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db.bin"  # no archive suffix: recognised by its SQLite header
    seeded_archive.backup(copy)
    assert is_archive_file(copy)
    article = tmp_path / "one.txt"
    shutil.copy(next(SEEDS.glob("*dvids-reagan*")), article)
    assert not is_archive_file(article)
    window = MainWindow.open_initial(None, [copy, article], controller_factory=RecordingController)
    qtbot.addWidget(window)
    assert window.archive.path == copy.resolve()
    assert ("import_paths", [article]) in window.controller.calls
    wait_idle(qtbot, window)
    window.shutdown()


def test_shutdown_empties_the_undo_history_first(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    """Its steps are deleted while they and what they hold exist, not later by the garbage
    collector (see ``MainWindow.shutdown``)."""
    import shiboken6
    from PySide6.QtGui import QUndoCommand

    class Step(QUndoCommand):
        def __init__(self) -> None:
            super().__init__("a step")

        def redo(self) -> None:
            pass

        def undo(self) -> None:
            pass

    window = make_window(seeded_archive)
    step = Step()
    window.undo_stack.push(step)
    assert window.undo_stack.count() == 1
    window.shutdown()
    assert window.undo_stack.count() == 0
    assert not shiboken6.isValid(step)  # deleted by the stack, here and now


def test_open_initial_reopens_the_last_archive(qtbot: Any, seeded_archive: Archive) -> None:
    user_settings.remember_archive(seeded_archive.path)
    window = MainWindow.open_initial(controller_factory=RecordingController)
    qtbot.addWidget(window)
    assert window.archive.path == seeded_archive.path
    wait_idle(qtbot, window)
    assert len(window.table_model.ids()) == 26
    window.shutdown()


def test_archive_changed_refreshes_and_keeps_selection(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    ids = window.table_model.ids()
    window.table.selectRow(4)
    chosen = ids[4]
    window.controller.add_tags([chosen], ["fresh"])  # emits archiveChanged
    wait_idle(qtbot, window)
    assert window.selected_ids() == [chosen]
    tags = window.sidebar_model.tag_names()
    assert "fresh" in tags
    row = window.table_model.row_of(chosen)
    assert "fresh" in window.table_model.index(row, 4).data()


def test_delete_and_edit_go_through_the_controller(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    ids = window.table_model.ids()
    window.table.selectRow(0)
    window.edit_action.trigger()
    assert ("edit_metadata", ids[0]) in window.controller.calls
    window.table.selectRow(1)
    window.delete_action.trigger()
    assert ("delete_articles", [ids[1]]) in window.controller.calls
    wait_idle(qtbot, window)
    assert ids[1] not in window.table_model.ids()
    assert window.count_label.text() == "25 articles"


def test_tag_bar_tags_the_selection(qtbot: Any, seeded_archive: Archive, make_window: Any) -> None:
    window = make_window(seeded_archive)
    assert window.tag_bar is not None
    window.table.selectRow(0)
    window.table.selectionModel().select(
        window.table_model.index(1, 0),
        window.table.selectionModel().SelectionFlag.Select
        | window.table.selectionModel().SelectionFlag.Rows,
    )
    ids = list(window.table_model.ids()[:2])
    window.tag_bar.tagsEntered.emit(["briefing"])
    assert ("add_tags", (ids, ["briefing"])) in window.controller.calls
    wait_idle(qtbot, window)
    assert set(seeded_archive.search("tag:briefing").ids) == set(ids)


def test_file_drops_go_to_the_controller_with_feedback(
    qtbot: Any, seeded_archive: Archive, make_window: Any, tmp_path: Path
) -> None:
    window = make_window(seeded_archive)
    window.show()
    qtbot.waitExposed(window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "x.txt"))])
    enter = QDragEnterEvent(
        QPoint(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    assert window.drop_overlay.isVisible()
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)
    assert ("import_mime", [str(tmp_path / "x.txt")]) in window.controller.calls
    assert not window.drop_overlay.isVisible()
    refused = QMimeData()
    refused.setText("")
    enter2 = QDragEnterEvent(
        QPoint(50, 50),
        Qt.DropAction.CopyAction,
        refused,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter2.setAccepted(False)
    QApplication.sendEvent(window, enter2)
    assert not enter2.isAccepted()


def test_window_works_with_the_real_edit_controller(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    from dossierdesk.gui.editing import EditController

    window = make_window(seeded_archive, controller_factory=EditController)
    assert isinstance(window.controller, EditController)
    window.table.selectRow(0)
    chosen = window.table_model.ids()[0]
    window.controller.add_tags([chosen], ["real"])
    wait_idle(qtbot, window)
    assert "real" in window.sidebar_model.tag_names()
    window.undo_action.trigger()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: "real" not in seeded_archive.summaries([chosen])[0].tags)


def test_closing_during_an_import_stops_it_cleanly(
    qtbot: Any, archive: Archive, make_window: Any
) -> None:
    from dossierdesk.gui.editing import EditController

    window = make_window(archive, controller_factory=EditController)
    window.controller.show_reports = False
    window.controller.import_paths([SEEDS])
    assert window.controller.importing
    window.close()
    assert not window.controller.importing
    assert archive.check().ok  # nothing half-written


def test_file_drops_are_always_copies(
    qtbot: Any, seeded_archive: Archive, make_window: Any, tmp_path: Path
) -> None:
    """A drag source offering Move (a file manager with Shift held, or one that prefers it)
    must be told Copy: on "moved" it may delete the user's originals."""
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    window = make_window(seeded_archive)
    window.show()
    page = tmp_path / "page.html"
    page.write_text("<html><title>x</title><body><p>y</p></body></html>")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(page))])
    both = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier
    enter = QDragEnterEvent(QPoint(20, 20), both, mime, buttons, mods)
    enter.setDropAction(Qt.DropAction.MoveAction)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted() and enter.dropAction() == Qt.DropAction.CopyAction
    move = QDragMoveEvent(QPoint(30, 30), both, mime, buttons, mods)
    QApplication.sendEvent(window, move)
    assert move.isAccepted() and move.dropAction() == Qt.DropAction.CopyAction
    drop = QDropEvent(QPointF(30, 30), both, mime, buttons, mods)
    drop.setDropAction(Qt.DropAction.MoveAction)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.CopyAction
    assert ("import_mime", [str(page)]) in window.controller.calls


def test_window_fits_the_screen_whatever_was_saved(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QWidget

    from dossierdesk.gui import settings as user_settings

    # A geometry saved on a larger screen (or at another scale): 3000 x 2000, far off.
    big = QWidget()
    big.setGeometry(QRect(4000, 3000, 3000, 2000))
    settings = user_settings.app_settings()
    settings.setValue("window/geometry", big.saveGeometry())
    settings.sync()
    window = make_window(seeded_archive)
    window.show()
    area = window.screen().availableGeometry()
    qtbot.waitUntil(lambda: area.contains(window.frameGeometry()), timeout=2_000)
    assert window.width() <= area.width() and window.height() <= area.height()


def test_reader_never_shows_an_article_the_search_left_out(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    window.table.selectRow(0)
    first = window.table_model.ids()[0]
    qtbot.waitUntil(lambda: window.reader.article_id == first)
    window.search_box.set_query("zzzznomatchzzzz")
    qtbot.waitUntil(lambda: window.table_model.rowCount() == 0)
    wait_idle(qtbot, window)
    assert window.reader.article_id is None  # the placeholder, not the old article
    # A search the article still matches keeps it, with this query's highlights.
    window.search_box.set_query("")
    qtbot.waitUntil(lambda: window.table_model.rowCount() > 0)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.reader.article_id == first)
    title_word = seeded_archive.article(first).title.split()[0]
    window.search_box.set_query(title_word)
    wait_idle(qtbot, window)
    current = window.current_id()
    assert window.reader.article_id == current


def test_every_shortcut_is_unique_and_print_preview_has_one(
    seeded_archive: Archive, make_window: Any
) -> None:
    from PySide6.QtGui import QAction

    window = make_window(seeded_archive)
    assert window.print_preview_action.shortcut().toString() == "Ctrl+Alt+P"
    from PySide6.QtCore import Qt

    seen: dict[str, str] = {}
    window_wide = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
    for action in window.findChildren(QAction):
        if action.shortcutContext() not in window_wide:
            continue  # scoped to one widget (Delete in the table, Remove in a dossier)
        for key in action.shortcuts():
            text = key.toString()
            assert text not in seen or seen[text] == action.text(), (
                text,
                seen.get(text),
                action.text(),
            )
            seen[text] = action.text()


def test_the_viewport_width_is_read_without_asking_for_the_viewport(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    """The title column's fit reads the table's viewport width from the scroll area's sizes
    (``_viewport_width``); it must be the viewport's own width, with the vertical scroll bar
    shown and without it."""
    window = make_window(seeded_archive)
    window.show()
    qtbot.waitExposed(window)
    wait_idle(qtbot, window)
    table, bar = window.table, window.table.verticalScrollBar()
    window.resize(1000, 260)  # too short for the seed articles: a vertical scroll bar
    qtbot.waitUntil(bar.isVisible)
    for policy in (
        Qt.ScrollBarPolicy.ScrollBarAsNeeded,  # (the window's)
        Qt.ScrollBarPolicy.ScrollBarAlwaysOff,
        Qt.ScrollBarPolicy.ScrollBarAlwaysOn,
    ):
        table.setVerticalScrollBarPolicy(policy)
        shown = policy != Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        # (the viewport follows the scroll bar in the next layout: equal once settled)
        qtbot.waitUntil(
            lambda shown=shown: (
                bar.isVisible() == shown and window._viewport_width() == table.viewport().width()
            )
        )


def test_an_import_about_to_happen_gets_the_parsers_ready(
    qtbot: Any, seeded_archive: Archive, make_window: Any, monkeypatch: Any
) -> None:
    """The import dialogs and a drag of files over the window ask the archive to get its
    parser processes ready while the user chooses (``Archive.prepare_import``)."""
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent
    from PySide6.QtWidgets import QApplication, QFileDialog

    window = make_window(seeded_archive)
    asked: list[str] = []
    monkeypatch.setattr(seeded_archive, "prepare_import", lambda: asked.append("ready"))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([], ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    window.import_files()
    window.import_folder()
    assert asked == ["ready", "ready"]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile("/tmp/page.html")])
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted() and asked == ["ready"] * 3
    QApplication.sendEvent(window, QDragLeaveEvent())
    assert not window.drop_overlay.isVisible()
