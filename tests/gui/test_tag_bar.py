"""The tag entry bar: names typed (comma-separated), completion over known tags."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from dossierdesk.gui.tag_bar import TagBar, split_tag_names
from dossierdesk.service import Archive


def test_split_tag_names() -> None:
    assert split_tag_names(" Navy  ships, ukraine,,NAVY ships , ") == ["Navy ships", "ukraine"]
    assert split_tag_names(" , ") == []


def test_enter_emits_names_and_clears(qtbot: Any) -> None:
    bar = TagBar()
    qtbot.addWidget(bar)
    assert not bar.add_button.isEnabled()
    qtbot.keyClicks(bar.entry, "alpha, Beta ,alpha")
    assert bar.add_button.isEnabled()
    with qtbot.waitSignal(bar.tagsEntered) as blocker:
        qtbot.keyClick(bar.entry, Qt.Key.Key_Return)
    assert blocker.args == [["alpha", "Beta"]]
    assert bar.entry.text() == ""
    assert not bar.add_button.isEnabled()


def test_button_emits_and_blank_entry_does_not(qtbot: Any) -> None:
    bar = TagBar()
    qtbot.addWidget(bar)
    with qtbot.assertNotEmitted(bar.tagsEntered):
        bar.entry.setText("  ,  ")
        bar.add_button.click()
        qtbot.keyClick(bar.entry, Qt.Key.Key_Return)
    bar.entry.setText("korea")
    with qtbot.waitSignal(bar.tagsEntered) as blocker:
        bar.add_button.click()
    assert blocker.args == [["korea"]]


def test_completion_over_known_tags_completes_the_last_name(qtbot: Any) -> None:
    bar = TagBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.set_known_tags(["ukraine", "Navy ships", "navy yards", "ukraine"])
    assert bar.known_tags() == ["Navy ships", "navy yards", "ukraine"]
    qtbot.keyClicks(bar.entry, "ukraine, NAV")
    assert bar.completer.completionPrefix() == "NAV"
    assert bar.completer.completionCount() == 2  # case-insensitive, contains
    popup = bar.completer.popup()
    assert popup is not None and popup.isVisible()
    bar.completer.activated.emit("Navy ships")
    assert bar.entry.text() == "ukraine, Navy ships"
    popup.hide()
    with qtbot.waitSignal(bar.tagsEntered) as blocker:
        qtbot.keyClick(bar.entry, Qt.Key.Key_Return)
    assert blocker.args == [["ukraine", "Navy ships"]]


def test_focus_entry(qtbot: Any) -> None:
    bar = TagBar()
    qtbot.addWidget(bar)
    bar.show()
    qtbot.waitExposed(bar)
    bar.activateWindow()
    bar.entry.setText("old")
    bar.focus_entry()
    qtbot.waitUntil(bar.entry.hasFocus)
    assert bar.entry.selectedText() == "old"


def test_remove_tag_from_the_selection_through_menu_bar_and_context_menu(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    from dossierdesk.gui.tag_removal import RemoveTagsDialog

    window = make_window(seeded_archive)
    ukraine = seeded_archive.search("tag:ukraine").ids
    window.search_box.set_query("tag:ukraine")
    qtbot.waitUntil(lambda: window.table_model.ids() == ukraine)
    window.table.selectAll()
    assert window.remove_tag_action.isEnabled()
    assert window.tag_bar is not None and window.tag_bar.remove_button.isEnabled()
    assert window.remove_tag_action in window.table_menu().actions()
    edit_menu = window.menuBar().actions()[1].menu()
    assert window.remove_tag_action in edit_menu.actions()  # type: ignore[union-attr]
    window.tag_bar.remove_button.click()
    qtbot.waitUntil(lambda: getattr(window, "remove_tags_dialog", None) is not None)
    dialog = window.remove_tags_dialog
    assert isinstance(dialog, RemoveTagsDialog) and dialog.isVisible()
    listed = [dialog.list.item(r).text() for r in range(dialog.list.count())]  # type: ignore[union-attr]
    assert f"ukraine  ({len(ukraine)})" in listed
    assert not dialog.ok_button.isEnabled()  # type: ignore[union-attr]
    dialog.set_checked(["ukraine"])
    assert dialog.ok_button.isEnabled()  # type: ignore[union-attr]
    dialog.accept()
    calls = [c[1] for c in window.controller.calls if c[0] == "remove_tags"]
    assert [(sorted(ids), names) for ids, names in calls] == [(sorted(ukraine), ["ukraine"])]


def test_the_tags_of_a_large_selection_are_counted_in_the_archive(
    qtbot: Any, archive: Archive, make_window: Any
) -> None:
    """Every selected article counts, not only those whose rows were read (the table reads
    its rows page by page): 2,000 rows selected, most never shown."""
    from tests.gui.conftest import fill_synthetic

    fill_synthetic(archive, 2000)
    ids = sorted(archive.search("", limit=None).ids)
    archive.add_tags(ids[::2], ["even"])
    archive.add_tags(ids[-3:], ["last three"])
    window = make_window(archive)
    qtbot.waitUntil(lambda: window.table_model.rowCount() == 2000)
    window.table.selectAll()
    window.remove_tags_from_selected()
    qtbot.waitUntil(lambda: getattr(window, "remove_tags_dialog", None) is not None)
    dialog = window.remove_tags_dialog
    listed = [dialog.list.item(r).text() for r in range(dialog.list.count())]  # type: ignore[union-attr]
    assert listed == ["even  (1000)", "last three  (3)"]
