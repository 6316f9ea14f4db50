"""Sidebar clicks write query text; dropping articles on a tag tags them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QDropEvent
from tests.gui.conftest import wait_idle

from dossierdesk.gui.models.article_table import ARTICLE_IDS_MIME
from dossierdesk.gui.models.sidebar import COUNT_ROLE
from dossierdesk.service import Archive


def _click(
    qtbot: Any, window: Any, item: Any, modifier: Any = Qt.KeyboardModifier.NoModifier
) -> None:
    view = window.sidebar
    index = item.index()
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _tag_item(window: Any, name: str) -> Any:
    group = window.sidebar_model.group("tags")
    return next(
        group.child(r) for r in range(group.rowCount()) if group.child(r).text().startswith(name)
    )


def test_plain_ctrl_and_alt_clicks(qtbot: Any, seeded_archive: Archive, make_window: Any) -> None:
    window = make_window(seeded_archive)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    _click(qtbot, window, _tag_item(window, "ukraine"))
    assert window.search_box.text() == "tag:ukraine"
    expected = seeded_archive.search("tag:ukraine").ids
    qtbot.waitUntil(lambda: window.table_model.ids() == expected)

    _click(qtbot, window, _tag_item(window, "navy ships"), Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.text() == 'tag:ukraine tag:"navy ships"'
    both = seeded_archive.search('tag:ukraine tag:"navy ships"').ids
    qtbot.waitUntil(lambda: window.table_model.ids() == both)

    window.search_box.set_query("tag:ukraine")
    _click(qtbot, window, _tag_item(window, "navy ships"), Qt.KeyboardModifier.AltModifier)
    assert window.search_box.text() == 'tag:ukraine -tag:"navy ships"'
    qtbot.waitUntil(
        lambda: (
            window.table_model.ids() == seeded_archive.search('tag:ukraine -tag:"navy ships"').ids
        )
    )

    # Shift+click excludes too (Alt+click is taken by most Linux window managers).
    window.search_box.set_query("tag:ukraine")
    _click(qtbot, window, _tag_item(window, "navy ships"), Qt.KeyboardModifier.ShiftModifier)
    assert window.search_box.text() == 'tag:ukraine -tag:"navy ships"'

    library = window.sidebar_model.group("library")
    _click(qtbot, window, library)
    assert window.search_box.text() == ""


def test_source_and_month_clicks_quote_values(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    window.show()
    sources = window.sidebar_model.group("sources")
    window.sidebar.expand(sources.index())
    item = next(
        sources.child(r)
        for r in range(sources.rowCount())
        if sources.child(r).text().startswith("DOD News")
    )
    _click(qtbot, window, item)
    assert window.search_box.text() == 'source:"DOD News"'


def test_dropping_selected_articles_on_a_tag_adds_it(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    ids = window.table_model.ids()
    untagged = [i for i in ids if i not in seeded_archive.search("tag:ukraine").ids][:2]
    mime = QMimeData()
    mime.setData(ARTICLE_IDS_MIME, ",".join(map(str, untagged)).encode())
    view = window.sidebar
    rect = view.visualRect(_tag_item(window, "ukraine").index())
    pos = rect.center()
    event = QDropEvent(
        pos.toPointF() if hasattr(pos, "toPointF") else QPoint(pos),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(event)
    assert ("add_tags", (untagged, ["ukraine"])) in window.controller.calls
    wait_idle(qtbot, window)
    assert set(untagged) <= set(seeded_archive.search("tag:ukraine").ids)
    assert _tag_item(window, "ukraine").text() == "ukraine  (5)"


def test_context_menu_conditions_and_saved_search_deletion(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    seeded_archive.save_search("Kursk", "kursk")
    window = make_window(seeded_archive)
    tag_actions = window.sidebar.context_actions(_tag_item(window, "ukraine").index())
    assert [a.text() for a in tag_actions][2] == "Exclude from the search (Shift+click)"
    window.search_box.set_query("kursk")
    tag_actions[1].trigger()
    assert window.search_box.text() == "kursk tag:ukraine"
    saved = window.sidebar_model.group("saved").child(0)
    rename, delete = window.sidebar.context_actions(saved.index())
    assert rename.text() == "Rename saved search “Kursk”…"
    assert window.rename_saved_search("Kursk", "  Kursk   front ")
    wait_idle(qtbot, window)
    assert [s.name for s in seeded_archive.saved_searches()] == ["Kursk front"]
    assert window.sidebar_model.group("saved").child(0).text().startswith("Kursk front")
    seeded_archive.save_search("Other", "navy")
    assert not window.rename_saved_search("Kursk front", "Other")  # taken: refused
    assert "already called" in window.statusBar().currentMessage()
    seeded_archive.delete_saved_search("Other")
    wait_idle(qtbot, window)
    saved = window.sidebar_model.group("saved").child(0)
    rename, delete = window.sidebar.context_actions(saved.index())
    delete.trigger()
    wait_idle(qtbot, window)
    assert seeded_archive.saved_searches() == []
    assert window.sidebar_model.group("saved").rowCount() == 0
    assert window.sidebar.context_actions(window.sidebar_model.group("tags").index()) == []


def test_facets_count_the_current_search(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    wait_idle(qtbot, window)
    everything = {f.value: f.count for f in seeded_archive.facet("source")}
    window.search_box.set_query("tag:ukraine")
    result = set(seeded_archive.search("tag:ukraine").ids)
    qtbot.waitUntil(lambda: set(window.table_model.ids()) == result)
    wait_idle(qtbot, window)
    in_result = {f.value: f.count for f in seeded_archive.facet("source", query="tag:ukraine")}
    assert sum(in_result.values()) <= len(result) < sum(everything.values())
    sources = window.sidebar_model.group("sources")
    shown = sum(
        int(str(sources.child(r).data(COUNT_ROLE)).replace(",", ""))
        for r in range(sources.rowCount())
        if sources.child(r).data(COUNT_ROLE)
    )
    assert shown == sum(in_result.values())  # the result's sources, not the library's
    # Every tag stays (a drop target), counted in the result: "ukraine" holds all of it.
    assert _tag_item(window, "ukraine").text() == f"ukraine  ({len(result)})"
    assert _tag_item(window, "navy ships") is not None
    # An empty search counts the library again.
    window.search_box.set_query("")
    qtbot.waitUntil(lambda: window.table_model.rowCount() > len(result))
    wait_idle(qtbot, window)
    sources = window.sidebar_model.group("sources")
    total = sum(
        int(str(sources.child(r).data(COUNT_ROLE)).replace(",", ""))
        for r in range(sources.rowCount())
        if sources.child(r).data(COUNT_ROLE)
    )
    assert total == sum(everything.values())
