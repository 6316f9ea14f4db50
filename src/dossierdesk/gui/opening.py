"""Opening the window's archive fully once its first page is on screen.

``MainWindow.open_initial`` opens an archive file at the current schema revision as a
``StartingArchive`` (``service/starting.py``): the first page (ids, count, rows of the blank
search) is read with plain ``sqlite3`` and painted before SQLAlchemy is even loaded. After that
first paint, ``ArchiveOpening`` opens the full ``Archive`` on the long-task lane (the GUI thread
stays free), then has the window read what needs it: the timeline's month counts and the
sidebar's facets (``WindowSearch.run_query`` leaves them out until then). Anything that needs
the full archive earlier (an edit, an import, a search with conditions) opens it where it is
asked for, so nothing has to wait for this.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.ops import LONG
from dossierdesk.service.paths import default_archive_path
from dossierdesk.service.starting import StartingArchive

if TYPE_CHECKING:
    from dossierdesk.gui.main_window import MainWindow

log = logging.getLogger(__name__)


class ArchiveOpening(QObject):
    """The full opening of the window's ``StartingArchive``, started after the first paint."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._started: StartingArchive | None = None  # the archive being opened fully

    def _starting(self) -> StartingArchive | None:
        archive: object = self.window.archive
        return archive if isinstance(archive, StartingArchive) else None

    @property
    def pending(self) -> bool:
        """Whether the window's archive is not fully open yet (month counts and facets wait)."""
        starting = self._starting()
        return starting is not None and not starting.loaded

    def page_shown(self) -> None:
        """The first page of a result is in the window: open the archive fully once it has
        been painted (at once if the window is not shown, since no paint will come)."""
        starting = self._starting()
        if starting is None or starting.loaded or self._started is starting:
            return
        self._started = starting
        if self.window.isVisible():
            self._listen(True)
        else:
            self._load(starting)

    def _listen(self, on: bool) -> None:
        """Watch the window for its next paint (``eventFilter``), or stop.

        Only the window and its native window are watched: a filter on the whole application
        would see every event of every object, and PySide, handed an object of a class it does
        not know (a line edit's icon button, the style's animation timer), sets up every class
        that object might be, some hundred enum types, during the first paint."""
        targets: list[QObject] = [self.window]
        handle = self.window.windowHandle()
        if handle is not None:
            targets.append(handle)
        for target in targets:
            if on:
                target.installEventFilter(self)
            else:
                target.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A repaint of the window begins with its native window's Expose (when it is first
        shown) or the window's UpdateRequest (any later repaint: Qt paints what changed while
        handling it); the full opening starts on the next turn of the event loop, once that
        paint is done."""
        if event.type() in (QEvent.Type.Expose, QEvent.Type.UpdateRequest):
            handle = self.window.windowHandle()
            starting = self._started
            if handle is not None and handle.isExposed() and starting is not None:
                self._listen(False)
                QTimer.singleShot(0, lambda: self._load(starting))
        return False

    def _load(self, starting: StartingArchive) -> None:
        if self.window.archive is not cast(object, starting):  # switched meanwhile
            return
        op = self.window.tasks.op(starting.load, owner=self.window, lane=LONG)
        op.success(lambda _full: self._loaded(starting)).failure(
            lambda error: self._failed(starting, error)
        ).run()

    def _loaded(self, starting: StartingArchive) -> None:
        if self.window.archive is not cast(object, starting):
            return
        log.debug("the window's archive is fully open")
        self.window.archive_ready()

    def _failed(self, starting: StartingArchive, error: Exception) -> None:
        """The file read at first but cannot be opened fully (locked, damaged since): say so
        and open the default archive, as for one that cannot be opened at all."""
        if self.window.archive is not cast(object, starting):
            return
        fallback = default_archive_path()
        QMessageBox.critical(
            self.window,
            translate("MainWindow", "Dossier Desk"),
            translate(
                "MainWindow", "Cannot open the archive {path}:\n{error}\n\nOpening {fallback}."
            ).format(path=starting.path, error=error, fallback=fallback),
        )
        self.window.open_archive(fallback)
