"""Watch Folders: the dialog keeps its folders, the watcher imports what is dropped in."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QMenu
from tests.conftest import SEED

from dossierdesk.gui.watch_dialog import WatchFoldersDialog
from dossierdesk.gui.watch_folders import (
    FolderWatcher,
    install_watch_folders,
    load_watch_settings,
    save_watch_settings,
)
from dossierdesk.service import Archive


class _Controller(QObject):
    importFinished = Signal(object)

    def __init__(self, archive: Archive) -> None:
        super().__init__()
        self.archive = archive
        self.calls: list[list[Path]] = []
        self.importing = False
        self.show_reports = True
        self.quiet: list[bool] = []

    def import_paths(self, paths: Sequence[Path]) -> None:
        self.calls.append(list(paths))
        self.quiet.append(not self.show_reports)
        self.importFinished.emit(self.archive.import_paths(paths))


class _Window(QMainWindow):
    def __init__(self, archive: Archive) -> None:
        super().__init__()
        self.controller = _Controller(archive)
        self.edit_menu: QMenu = self.menuBar().addMenu("&Edit")


def test_watching_is_off_by_default(qtbot: Any, archive: Archive) -> None:
    assert load_watch_settings() == (False, [])
    window = _Window(archive)
    qtbot.addWidget(window)
    watcher = install_watch_folders(window)
    assert not watcher.running
    assert window.watch_folders_action in window.edit_menu.actions()


def test_the_dialog_saves_and_restores_the_folders(qtbot: Any, tmp_path: Path) -> None:
    dialog = WatchFoldersDialog()
    qtbot.addWidget(dialog)
    assert not dialog.enabled_box.isChecked() and dialog.folders() == []
    dialog.add_folder(tmp_path / "a")
    dialog.add_folder(tmp_path / "b")
    dialog.add_folder(tmp_path / "a")  # once only
    dialog.folder_list.setCurrentRow(1)
    dialog.remove_selected()
    dialog.enabled_box.setChecked(True)
    dialog.accept()
    assert load_watch_settings() == (True, [str(tmp_path / "a")])
    again = WatchFoldersDialog()
    qtbot.addWidget(again)
    assert again.enabled_box.isChecked() and again.folders() == [str(tmp_path / "a")]


def test_the_watcher_imports_a_file_dropped_in(
    qtbot: Any, archive: Archive, tmp_path: Path
) -> None:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    old = folder / "old.txt"
    shutil.copyfile(SEED, old)
    window = _Window(archive)
    qtbot.addWidget(window)
    watcher = FolderWatcher(window, interval=0.05, state_path=tmp_path / "state.json")
    save_watch_settings(True, [str(folder)])
    watcher.apply_settings()
    assert watcher.running
    qtbot.wait(300)  # the old file stays put
    assert window.controller.calls == []
    new = folder / "new.txt"
    shutil.copyfile(SEED, new)
    data, mtime = new.read_bytes(), new.stat().st_mtime_ns
    qtbot.waitUntil(lambda: window.controller.calls == [[new]], timeout=5000)
    assert window.statusBar().currentMessage() == f"Imported 1 file from {folder}"
    assert window.controller.quiet == [True] and window.controller.show_reports
    watcher.stop()
    assert not watcher.running
    assert new.read_bytes() == data and new.stat().st_mtime_ns == mtime and old.exists()


@pytest.fixture(autouse=True)
def _no_real_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "dossierdesk.gui.watch_dialog.QFileDialog.getExistingDirectory", lambda *a, **k: ""
    )


def test_a_batch_waits_for_a_running_import(qtbot: Any, archive: Archive, tmp_path: Path) -> None:
    window = _Window(archive)
    qtbot.addWidget(window)
    watcher = FolderWatcher(window, interval=60, state_path=tmp_path / "state.json")
    window.controller.importing = True
    new = tmp_path / "new.txt"
    shutil.copyfile(SEED, new)
    watcher._import([new])
    assert window.controller.calls == []
    window.controller.importing = False
    window.controller.importFinished.emit(None)  # the user's import ends
    qtbot.waitUntil(lambda: window.controller.calls == [[new]], timeout=2000)


def test_closing_the_window_stops_watching(qtbot: Any, archive: Archive, tmp_path: Path) -> None:
    window = _Window(archive)
    qtbot.addWidget(window)
    watcher = FolderWatcher(window, interval=0.05, state_path=tmp_path / "state.json")
    watcher.start([tmp_path])
    window.show()
    window.close()
    assert not watcher.running


def test_the_real_window_imports_quietly(qtbot: Any, archive: Archive, tmp_path: Path) -> None:
    from dossierdesk.gui.main_window import MainWindow

    folder = tmp_path / "Downloads"
    folder.mkdir()
    save_watch_settings(True, [str(folder)])
    window = MainWindow(archive, restore_settings=False)
    qtbot.addWidget(window)
    watcher = window.folder_watcher  # the window installs it, watching as the settings say
    assert watcher.running and watcher.state_path.name == "watch-gui.json"
    watcher.interval = 0.05
    watcher.start([folder])
    with qtbot.waitSignal(watcher.announced, timeout=10_000) as said:
        shutil.copyfile(SEED, folder / "story.txt")
    assert said.args == [f"Imported 1 file from {folder}"]
    assert archive.stats().articles == 1
    assert window.controller is not None and window.controller.report_dialog is None
    window.close()
    assert not watcher.running
