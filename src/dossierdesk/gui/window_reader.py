"""The main window's reader side: the current row and the selection, the article in the reader
pane (read on the query worker with its photo renditions), and what the selection enables.

One layer of ``MainWindow``, on top of ``WindowBase`` (the layers: ``window_base.py``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QUrl
from PySide6.QtGui import QDesktopServices

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.widgets.reader import READER_PHOTO_PX
from dossierdesk.gui.window_base import WindowBase
from dossierdesk.service import Archive
from dossierdesk.service.dto import ArticleDetail

log = logging.getLogger(__name__)


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


class WindowReader(WindowBase):
    """The selection and the reader pane."""

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return self.table_model.article_ids(rows)

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.table_model.rowCount():
            return None
        return self.table_model.article_id(index.row())

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.runner.submit("detail", lambda: None)
            return
        self._load_detail(self.table_model.article_id(current.row()))

    def _load_detail(self, article_id: int) -> None:
        archive = self.archive
        self.runner.submit("detail", lambda: load_article_with_photos(archive, article_id))

    def _update_selection_status(self, *_args: object) -> None:
        n = len(self.table.selectionModel().selectedRows())
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

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
