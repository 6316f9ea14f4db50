"""First run: the welcome panel replaces the table while the archive is empty."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from tests.gui.conftest import wait_idle

from dossierdesk.gui.editing import EditController
from dossierdesk.service import Archive
from dossierdesk.service.paths import bundled_seeds_dir


def test_empty_archive_shows_welcome_panel(archive: Archive, make_window: Any) -> None:
    window = make_window(archive)
    assert window.stack.currentWidget() is window.welcome
    assert window.welcome.samples_button.isEnabled()
    assert window.count_label.text() == "0 articles"


def test_no_results_for_a_query_is_not_the_welcome_panel(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    window.search_box.set_query("nosuchwordanywhere")
    qtbot.waitUntil(lambda: window.count_label.text() == "0 articles found")
    assert window.stack.currentWidget() is window.table


def test_sample_articles_button_imports_seeds(
    qtbot: Any, archive: Archive, make_window: Any
) -> None:
    window = make_window(archive)
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.welcome.samples_button, Qt.MouseButton.LeftButton)
    assert ("import_paths", [bundled_seeds_dir()]) in window.controller.calls
    wait_idle(qtbot, window)
    assert window.stack.currentWidget() is window.table
    assert len(window.table_model.ids()) == 26


def test_sample_import_with_the_real_controller(
    qtbot: Any, archive: Archive, make_window: Any
) -> None:
    window = make_window(archive, controller_factory=EditController)
    window.controller.show_reports = False
    window.welcome.samples_button.click()
    qtbot.waitUntil(lambda: not window.controller.importing, timeout=60_000)
    qtbot.waitUntil(lambda: len(window.table_model.ids()) == 26, timeout=20_000)
    assert window.stack.currentWidget() is window.table
