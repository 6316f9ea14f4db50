"""The tag entry bar: names typed (comma-separated), completion over known tags."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from dossierdesk.gui.tag_bar import TagBar, split_tag_names


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
