"""The × on a tag chip in the article table takes that tag off that article, as one undoable
step, with a real mouse click; a read-only archive shows no ×."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt

from dossierdesk.gui.editing import EditController
from dossierdesk.gui.main_window import MainWindow
from dossierdesk.gui.models.article_columns import COL_TAGS, TAGS_ROLE
from dossierdesk.gui.widgets.tag_chips import chip_layout
from dossierdesk.service import Archive

from .conftest import WindowFactory, wait_idle


def _close_point(window: MainWindow, row: int, name: str) -> QPoint:
    """Where the × of ``name``'s chip is drawn in ``row`` (viewport coordinates)."""
    index = window.table_model.index(row, COL_TAGS)
    rect = window.table.visualRect(index)
    chips, _ = chip_layout(rect, window.table.fontMetrics(), _tags(window, row), True)
    chip = next(c for c in chips if c.name == name)
    assert chip.close is not None
    return chip.close.center().toPoint()


def _tags(window: MainWindow, row: int) -> list[str]:
    return list(window.table_model.index(row, COL_TAGS).data(TAGS_ROLE) or [])


def _window_on(archive: Archive, make_window: WindowFactory, qtbot: Any) -> MainWindow:
    window = make_window(archive, controller_factory=EditController)
    window.show()
    window.search_box.set_query("")
    wait_idle(qtbot, window)
    header = window.table.horizontalHeader()
    header.resizeSection(COL_TAGS, 400)  # room for every chip of the row
    window.table.scrollTo(window.table_model.index(0, COL_TAGS))
    return window


def test_clicking_a_chips_x_removes_that_tag_undoably(
    seeded_archive: Archive, make_window: WindowFactory, qtbot: Any
) -> None:
    window = _window_on(seeded_archive, make_window, qtbot)
    row = next(r for r in range(window.table_model.rowCount()) if len(_tags(window, r)) == 2)
    article_id = window.table_model.article_id(row)
    before = _tags(window, row)
    assert sorted(before) == ["navy ships", "ukraine"]
    qtbot.mouseClick(
        window.table.viewport(), Qt.MouseButton.LeftButton, pos=_close_point(window, row, "ukraine")
    )
    assert [t for t in seeded_archive.article(article_id).tags] == ["navy ships"]
    assert window.undo_stack.undoText() == "Untag 1 article “ukraine”"
    wait_idle(qtbot, window)
    row = window.table_model.row_of(article_id)
    assert row is not None and _tags(window, row) == ["navy ships"]
    window.undo_action.trigger()
    assert sorted(seeded_archive.article(article_id).tags) == ["navy ships", "ukraine"]
    # A click beside the × (on the chip's name) removes nothing.
    wait_idle(qtbot, window)
    row = window.table_model.row_of(article_id)
    assert row is not None
    rect = window.table.visualRect(window.table_model.index(row, COL_TAGS))
    qtbot.mouseClick(
        window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.topLeft() + QPoint(12, 8)
    )
    assert sorted(seeded_archive.article(article_id).tags) == ["navy ships", "ukraine"]


def test_a_read_only_archive_has_no_x(
    seeded_archive: Archive, make_window: WindowFactory, qtbot: Any
) -> None:
    path = seeded_archive.path
    assert path is not None
    seeded_archive.close()
    with Archive(path, read_only=True) as archive:
        window = _window_on(archive, make_window, qtbot)
        assert not window.tag_chips.removable
        row = next(r for r in range(window.table_model.rowCount()) if _tags(window, r))
        article_id = window.table_model.article_id(row)
        before = sorted(archive.article(article_id).tags)
        rect = window.table.visualRect(window.table_model.index(row, COL_TAGS))
        for x in range(rect.left() + 2, rect.right(), 6):  # anywhere in the cell
            qtbot.mouseClick(
                window.table.viewport(),
                Qt.MouseButton.LeftButton,
                pos=QPoint(x, rect.center().y()),
            )
        assert sorted(archive.article(article_id).tags) == before
        window.tasks.forget(window)
        window.tasks.wait()
