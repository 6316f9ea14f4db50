"""Colleagues' changes in an open window: a team archive's change records, as they commit.

A thread of its own waits on the archive's change feed (``Archive.listen``: PostgreSQL's
LISTEN/NOTIFY) and hands each batch of records to the GUI thread. There, records arriving
close together are gathered for a moment (``SETTLE_MS``) and the window refreshes only the
parts they touch, keeping the selection, the current row and the scroll position (the
refresh re-runs the search the way a user's own edit does): articles, tags, photos and saved
searches re-run the search and reload the sidebar; dossiers reload the dossier list and the
open dossier. A label at the right of the status bar says when the window was last updated,
by whom and what changed (a status message would be cleared by the next selection change). A
file archive has no colleagues to hear.

If the connection that listens breaks (the server restarted, the network went away), the
status bar says so and listening starts again after ``RETRY_S`` seconds.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel

from dossierdesk.gui.i18n import QT_TRANSLATE_NOOP, translate
from dossierdesk.service.changes import ARTICLES, DOSSIERS, PHOTOS, SAVED_SEARCHES, TAGS, Changes
from dossierdesk.store.errors import ArchiveError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

    from dossierdesk.service import Archive
    from dossierdesk.service.archive_core import ChangeFeed

log = logging.getLogger(__name__)

POLL_S = 0.5  # how long one wait on the feed lasts (also how fast ``stop`` returns)
SETTLE_MS = 250  # records arriving within this long are applied together
RETRY_S = 5.0
_REFRESHING = frozenset({ARTICLES, TAGS, PHOTOS, SAVED_SEARCHES})


class LiveWindow(Protocol):
    """What the window offers the live updates (``MainWindow``)."""

    archive: Archive

    def refresh_all(self) -> None: ...
    def _reload_dossier_list(self) -> None: ...
    def _reload_open_dossier(self) -> None: ...
    def statusBar(self) -> QStatusBar: ...


class LiveUpdates(QObject):
    """Listens to the window's archive and refreshes the window (see the module docstring)."""

    heard = Signal(object)  # list[Changes], from the listening thread
    lost = Signal(str)  # the feed broke: why

    def __init__(self, window: LiveWindow) -> None:
        super().__init__()
        self.window = window
        self._pending: list[Changes] = []
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._apply)
        self.heard.connect(self._queue)
        self.lost.connect(self._on_lost)
        self.label = QLabel()
        self.label.setObjectName("liveUpdatesLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # user names are data, never markup
        self.label.setVisible(False)
        window.statusBar().addPermanentWidget(self.label)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        #: every batch applied so far (tests and the status bar read it)
        self.applied: list[Changes] = []

    @property
    def listening(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def follow(self, archive: Archive) -> None:
        """Listen to ``archive`` (a team archive; a file archive: nothing to listen to)."""
        self.stop()
        self.label.setVisible(archive.is_team)
        self.label.setText(translate("LiveUpdates", "Live updates on") if archive.is_team else "")
        if not archive.is_team:
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._listen, args=(archive, self._stop), name="live-updates", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop listening (returns within ``POLL_S``)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(POLL_S * 4)
            self._thread = None
        self._pending.clear()
        self._settle.stop()

    # -- the listening thread --------------------------------------------------------------
    def _listen(self, archive: Archive, stop: threading.Event) -> None:
        while not stop.is_set():
            feed: ChangeFeed | None = None
            try:
                feed = archive.listen()
                if feed is None:
                    return
                while not stop.is_set():
                    changes = feed.poll(POLL_S)
                    if changes and not stop.is_set():
                        self.heard.emit(changes)
            except (ArchiveError, OSError) as exc:
                if stop.is_set():
                    return
                log.warning("live updates stopped: %s", exc)
                self.lost.emit(str(exc))
                stop.wait(RETRY_S)
            except Exception:  # the archive was closed under the thread, or a bug
                if not stop.is_set():
                    log.exception("live updates failed")
                    self.lost.emit(translate("LiveUpdates", "an unexpected error"))
                    stop.wait(RETRY_S)
            finally:
                if feed is not None:
                    feed.close()

    # -- the GUI thread --------------------------------------------------------------------
    def _queue(self, changes: list[Changes]) -> None:
        self._pending.extend(changes)
        self._settle.start()

    def _apply(self) -> None:
        batch, self._pending = self._pending, []
        if not batch:
            return
        kinds = frozenset().union(*(c.kinds for c in batch))
        if kinds & _REFRESHING:
            self.window.refresh_all()
        if DOSSIERS in kinds:
            self.window._reload_dossier_list()
            self.window._reload_open_dossier()
        self.applied.extend(batch)
        self.label.setText(f"{dt.datetime.now():%H:%M:%S} {describe(batch)}")
        self.label.setToolTip(describe(batch))

    def _on_lost(self, why: str) -> None:
        self.label.setText(
            translate("LiveUpdates", "Live updates paused ({reason}); retrying…").format(reason=why)
        )


_KIND_WORDS = {
    ARTICLES: QT_TRANSLATE_NOOP("LiveUpdates", "articles"),
    TAGS: QT_TRANSLATE_NOOP("LiveUpdates", "tags"),
    PHOTOS: QT_TRANSLATE_NOOP("LiveUpdates", "photos"),
    DOSSIERS: QT_TRANSLATE_NOOP("LiveUpdates", "dossiers"),
    SAVED_SEARCHES: QT_TRANSLATE_NOOP("LiveUpdates", "saved searches"),
}


def describe(batch: list[Changes]) -> str:
    """“alice changed articles and tags”, for the status bar."""
    users = sorted({c.user for c in batch if c.user}) or [translate("LiveUpdates", "a colleague")]
    kinds = sorted({k for c in batch for k in c.kinds}, key=list(_KIND_WORDS).index)
    words = [translate("LiveUpdates", _KIND_WORDS[k]) for k in kinds]
    what = translate("LiveUpdates", " and ").join(
        [", ".join(words[:-1]), words[-1]] if len(words) > 1 else words
    )
    return translate("LiveUpdates", "{users} changed {what}").format(
        users=", ".join(users), what=what or translate("LiveUpdates", "the archive")
    )


def install_live_updates(window: LiveWindow) -> LiveUpdates:
    """Start following the window's archive; the window calls ``follow`` on a switch and
    ``stop`` when it closes."""
    live = LiveUpdates(window)
    live.follow(window.archive)
    return live
