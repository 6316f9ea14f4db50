"""Edit → Watch Folders…: import the new files that appear in chosen folders, quietly.

Off by default. The folders and the on/off switch live in the app settings (``watch/``); what
was already seen lives in the core's state file (``service.watching``), so a restart imports
only what arrived meanwhile. Polling runs on a worker thread (a slow network share never
freezes the window); ready files go through the window's own import, one batch after another.
The originals are only read, never moved or deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QAction

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.settings import app_settings
from dossierdesk.service.watching import DEFAULT_INTERVAL, FolderWatch, default_state_path

ENABLED_KEY = "watch/enabled"
FOLDERS_KEY = "watch/folders"
GUI_STATE_FILE = "watch-gui.json"


def load_watch_settings(settings: QSettings | None = None) -> tuple[bool, list[str]]:
    s = settings or app_settings()
    enabled = str(s.value(ENABLED_KEY, "false")).lower() in ("true", "1")
    raw: Any = s.value(FOLDERS_KEY, [])
    folders = [raw] if isinstance(raw, str) else list(raw or [])
    return enabled, [str(f) for f in folders if f]


def save_watch_settings(
    enabled: bool, folders: Sequence[str], settings: QSettings | None = None
) -> None:
    s = settings or app_settings()
    s.setValue(ENABLED_KEY, bool(enabled))
    s.setValue(FOLDERS_KEY, list(folders))
    s.sync()


class _Poller(QObject):
    """Lives on the watcher's thread: scans the folders, says which files are ready."""

    ready = Signal(list)

    def __init__(self, watch: FolderWatch) -> None:
        super().__init__()
        self.watch = watch

    @Slot()
    def begin(self) -> None:
        self.watch.start()

    @Slot()
    def poll(self) -> None:
        paths = self.watch.poll()
        if paths:
            self.ready.emit(paths)


class FolderWatcher(QObject):
    """Polls the watched folders every ``interval`` seconds (off the GUI thread) and imports
    the new files through ``window.controller``; a status-bar line says what came in."""

    pollRequested = Signal()
    filesReady = Signal(list)  # the paths handed to the import
    announced = Signal(str)  # the status-bar line after a batch

    def __init__(
        self,
        window: Any,
        *,
        interval: float = DEFAULT_INTERVAL,
        state_path: Path | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.interval = interval
        self.state_path = (
            state_path if state_path is not None else default_state_path(GUI_STATE_FILE)
        )
        self._thread: QThread | None = None
        self._poller: _Poller | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.pollRequested)
        self._queue: list[list[Path]] = []
        self._active: list[Path] | None = None
        self._show_reports: bool | None = None
        window.installEventFilter(self)
        controller = getattr(window, "controller", None)
        if controller is not None and hasattr(controller, "importFinished"):
            controller.importFinished.connect(self._on_import_finished)

    @property
    def running(self) -> bool:
        return self._thread is not None

    def apply_settings(self) -> None:
        """Start, restart or stop as the settings say."""
        self.stop()
        enabled, folders = load_watch_settings()
        if enabled and folders and getattr(self.window, "controller", None) is not None:
            self.start(folders)

    def start(self, folders: Sequence[str | Path]) -> None:
        self.stop()
        watch = FolderWatch(folders, state_path=self.state_path)
        thread = QThread(self)
        poller = _Poller(watch)
        poller.moveToThread(thread)
        thread.started.connect(poller.begin)
        self.pollRequested.connect(poller.poll)
        poller.ready.connect(self._import)
        thread.finished.connect(poller.deleteLater)
        self._thread, self._poller = thread, poller
        thread.start()
        self._timer.start(max(1, int(self.interval * 1000)))

    def stop(self) -> None:
        self._timer.stop()
        thread, poller = self._thread, self._poller
        self._thread = self._poller = None
        if poller is not None:
            self.pollRequested.disconnect(poller.poll)
        if thread is not None:
            thread.quit()
            thread.wait(10_000)

    @Slot(list)
    def _import(self, paths: list[Path]) -> None:
        if paths:
            self._queue.append(paths)
            self._submit()

    def _submit(self) -> None:
        """Hand the next batch to the window's import when it is free (else wait for it): the
        batch then runs without the report dialog, so a watch import stays quiet."""
        controller = getattr(self.window, "controller", None)
        if controller is None or self._active is not None or not self._queue:
            return
        if getattr(controller, "importing", False):
            return  # retried when that import finishes
        paths = self._queue.pop(0)
        self._active = paths
        self._show_reports = getattr(controller, "show_reports", None)
        if self._show_reports is not None:
            controller.show_reports = False
        self.filesReady.emit(paths)
        controller.import_paths(paths)

    def _on_import_finished(self, report: Any) -> None:
        paths, self._active = self._active, None
        if paths is not None:
            controller = self.window.controller
            if self._show_reports is not None:
                controller.show_reports = self._show_reports
            self._announce(paths, report)
        # The controller starts its own queued imports right after this signal: look again
        # once it has, so that a batch of ours never slips in before a user's import.
        QTimer.singleShot(0, self._submit)

    def _announce(self, paths: list[Path], report: Any) -> None:
        imported = len(report.imported_ids) if report is not None else 0
        folder = _home_short(paths[0].parent)
        message = translate("WatchFolders", "Imported %n file(s) from {folder}", None, imported)
        message = message.format(folder=folder)
        if len(paths) > imported:
            skipped = len(paths) - imported
            message += translate("WatchFolders", " (%n skipped or failed)", None, skipped)
        self.window.statusBar().showMessage(message, 10_000)
        self.announced.emit(message)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.stop()  # a QThread destroyed while running would abort the process
        return False


def _home_short(folder: Path) -> str:
    try:
        return "~/" + str(folder.relative_to(Path.home()))
    except ValueError:
        return str(folder)


def install_watch_folders(window: Any, menu: Any = None) -> FolderWatcher:
    """Add "Watch Folders…" to ``menu`` (the Edit menu by default) and start watching as the
    settings say. Returns the watcher (also ``window.folder_watcher``)."""
    watcher = FolderWatcher(window)
    window.folder_watcher = watcher
    action = QAction(translate("WatchFolders", "&Watch Folders…"), window)
    action.setStatusTip(translate("WatchFolders", "Import new files that appear in chosen folders"))

    def open_dialog() -> None:
        from PySide6.QtWidgets import QDialog

        from dossierdesk.gui.watch_dialog import WatchFoldersDialog  # loaded when first opened

        dialog = WatchFoldersDialog(window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            watcher.apply_settings()

    action.triggered.connect(open_dialog)
    window.watch_folders_action = action
    if menu is None:
        menu = next(
            (
                a.menu()
                for a in window.menuBar().actions()
                if a.menu() is not None and a.text().replace("&", "") == "Edit"
            ),
            None,
        )
    if menu is not None:
        menu.addSeparator()
        menu.addAction(action)
    watcher.apply_settings()
    return watcher
