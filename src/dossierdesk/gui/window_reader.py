"""The main window's reader side: the current row and the selection, the article in the reader
pane (read on the search lane with its photo renditions), and what the selection enables.
Also the window's reads: ``_read`` (an operation on the search lane owned by the window).

One layer of ``MainWindow``, on top of ``WindowBase`` (the layers: ``window_base.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QModelIndex, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.models.sidebar import Superseded
from dossierdesk.gui.ops import READ, SEARCH, Op
from dossierdesk.gui.selected_rows import (
    rows_holding,
    select_row_ranges,
    selected_row_count,
    selected_row_ranges,
)
from dossierdesk.gui.widgets.reader import READER_PHOTO_PX
from dossierdesk.gui.window_base import WindowBase
from dossierdesk.service.dto import ArticleDetail

if TYPE_CHECKING:
    from dossierdesk.gui.models.article_table import AllIds
    from dossierdesk.service import Archive

log = logging.getLogger(__name__)

T = TypeVar("T")


def load_article_with_photos(
    archive: Archive, article_id: int
) -> tuple[ArticleDetail, dict[str, bytes]]:
    """An article and JPEG renditions of its photos for the reader (run off the GUI thread)."""
    from dossierdesk.imaging import rendition  # Pillow: loaded when a photo is first shown

    detail = archive.article(article_id)
    photos: dict[str, bytes] = {}
    for image in detail.images:
        if image.photo is None or image.photo.sha256 in photos:
            continue
        data = archive.photo_data(image.photo.sha256)
        if data is None:
            continue
        try:
            photos[image.photo.sha256] = rendition(data, READER_PHOTO_PX).data
        except ValueError:  # a stored photo that no longer decodes: the caption still shows
            log.warning("photo %s of article #%d cannot be shown", image.photo.sha256, article_id)
    return detail, photos


# A selection of more rows than this has every id of the result read in the background.
LARGE_SELECTION_ROWS = 300


class WindowReader(WindowBase):
    """The selection and the reader pane."""

    readFailed = Signal(object)  # the exception of a read that failed (said in the status bar)
    _all_ids_asked: int | None = None  # the result (epoch) whose ids are being read

    def selected_ids(self) -> list[int]:
        return self.table_model.article_ids_in(selected_row_ranges(self.table.selectionModel()))

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.table_model.rowCount():
            return None
        return self.table_model.article_id(index.row())

    def _read(self, key: str | None, fn: Callable[[], T]) -> Op[T]:
        """A read for this window on the search lane (in order, one at a time); a newer read
        with the same ``key`` supersedes it and stops its statement if it is still running
        (typing on does not wait for a query about what was typed before). Failures are said
        in the status bar."""
        op = self.tasks.op(fn, owner=self, key=key, lane=SEARCH)
        return op.interrupt_with(self.archive.interrupt).failure(self._read_failed)

    def _read_failed(self, error: Exception) -> None:
        if isinstance(error, Superseded):
            return  # a newer search's counts are on their way
        self.statusBar().showMessage(
            translate("MainWindow", "Could not read the archive: {error}").format(error=error),
            10_000,
        )
        self.readFailed.emit(error)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.tasks.forget_key(self, "detail")  # an article still being read is not shown
            self.reader.show_placeholder()
            return
        self._load_detail(self.table_model.article_id(current.row()))

    def _load_detail(self, article_id: int) -> None:
        archive = self.archive
        op = self.tasks.op(
            lambda: load_article_with_photos(archive, article_id),
            owner=self,
            key="detail",
            lane=SEARCH,
        )
        op.success(self._show_detail).failure(
            lambda _e: self.reader.show_placeholder(
                translate("MainWindow", "This article is no longer in the archive.")
            )
        ).run()

    def _show_detail(self, loaded: tuple[ArticleDetail, dict[str, bytes]]) -> None:
        detail, photos = loaded  # photo renditions by SHA-256
        self.reader.set_photos(photos)
        if self.dossier_shown():  # the search is not what is being read
            self.reader.show_article(detail)
        else:
            self.reader.show_article(detail, self._highlight, self._query)

    def _update_selection_status(self, *_args: object) -> None:
        n = selected_row_count(self.table.selectionModel())
        if n > LARGE_SELECTION_ROWS:
            self._read_all_ids()
        has_controller = self.controller is not None
        for action in (self.tag_action, self.remove_tag_action, self.delete_action):
            action.setEnabled(has_controller and n > 0)
        if self.tag_bar is not None:
            self.tag_bar.remove_button.setEnabled(has_controller and n > 0)
        self.edit_action.setEnabled(has_controller and self.current_id() is not None)
        self.new_dossier_selection_action.setEnabled(
            (n > 0 or self.dossier_shown()) and not self.archive.read_only
        )
        if n > 1 and not self.dossier_shown():
            self.statusBar().showMessage(translate("MainWindow", "{count} selected", None, n))
        else:
            self.statusBar().clearMessage()

    def _read_all_ids(self, reselect: tuple[list[int], int] | None = None) -> None:
        """Read every id of the result in the background (once per result) when a large
        selection is made, so that tagging, deleting or dragging it does not wait for them on
        the GUI thread.

        ``reselect`` (ids, how many rows are selected now): the ids of a selection made again
        after a refresh (``WindowSearch._restore_view``); once every id is read, the rows
        holding them are selected, unless the result or the selection has changed meanwhile.
        """
        model = self.table_model
        reader = model.all_ids_reader()
        epoch = model.epoch()
        if reader is None or (self._all_ids_asked == epoch and reselect is None):
            return  # known, or on their way (a selection grows by many changes)
        self._all_ids_asked = epoch
        selection = self.table.selectionModel()
        wanted = reselect[0] if reselect is not None else None

        def read() -> tuple[AllIds, list[range] | None]:
            every = reader()
            found = rows_holding(every.ids, frozenset(wanted)) if wanted is not None else None
            return every, found

        def done(result: tuple[AllIds, list[range] | None]) -> None:
            every, spans = result
            model.add_all_ids(epoch, every)
            if (
                reselect is not None
                and spans is not None
                and model.epoch() == epoch
                and selected_row_count(selection) == reselect[1]
            ):
                select_row_ranges(selection, spans)

        op = self.tasks.op(read, owner=self, key="all-ids", lane=READ)
        op.success(done).failure(self._read_failed).run()

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
