"""A read-only archive opens in a read-only window that says so (audit fault 7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import SEED
from tests.gui.conftest import WindowFactory

from dossierdesk.service import Archive


def test_read_only_archive_window(
    archive_path: Path, make_window: WindowFactory, qtbot: Any
) -> None:
    with Archive(archive_path) as archive:
        archive.import_paths([SEED])
    read_only = Archive(archive_path, read_only=True)
    try:
        window = make_window(read_only)
        window.show()
        qtbot.waitUntil(lambda: window.table_model.rowCount() == 1, timeout=10_000)
        assert window.controller is None
        assert window.read_only_banner.isVisible()
        assert "read-only" in window.read_only_banner.text()
        assert "(read-only)" in window.windowTitle()
        assert not window.import_files_action.isEnabled()
        assert not window.import_folder_action.isEnabled()
        window.table.selectRow(0)
        assert not window.tag_action.isEnabled()
        assert not window.new_dossier_selection_action.isEnabled()
    finally:
        window.tasks.forget(window)
        window.tasks.wait()
        read_only.close()


def test_writable_archive_has_no_banner(archive: Archive, make_window: WindowFactory) -> None:
    window = make_window(archive)
    assert window.controller is not None
    assert not window.read_only_banner.isVisibleTo(window)
    assert window.import_files_action.isEnabled()
