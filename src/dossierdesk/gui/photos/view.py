"""The Photos page: a thumbnail grid (QListView in icon mode over ``PhotoGridModel``) with a
header line, a context menu (Open, Save Photo As…, Copy, Show Article) and drags of photo ids.

As the grid scrolls, queued thumbnails that went off screen are dropped (``retain``): only the
cells the user stops on are made.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QMenu,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.photos.model import PHOTO_ROLE, PhotoDelegate, PhotoGridModel
from dossierdesk.gui.photos.thumbnails import THUMB_PX
from dossierdesk.service.dto import PhotoInfo

RETAIN_DELAY_MS = 60


class PhotoGrid(QListView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setAccessibleName(translate("PhotosView", "Photos"))
        self.photo_delegate = PhotoDelegate(self)
        self.setItemDelegate(self.photo_delegate)
        self._update_grid()

    def _update_grid(self) -> None:
        option = QStyleOptionViewItem()
        option.initFrom(self)
        cell = self.photo_delegate.cell_size(option)
        self.setGridSize(QSize(cell.width() + 8, cell.height() + 8))
        self.verticalScrollBar().setSingleStep(max(20, cell.height() // 4))

    def visible_rows(self) -> range:
        """The rows of the cells at least partly on screen."""
        model = self.model()
        if model is None or model.rowCount() == 0:
            return range(0)
        grid = self.gridSize()
        viewport = self.viewport().rect()
        start = 0
        for y in range(1, grid.height() + 1, 8):  # the first cell of the top line on screen
            first = self.indexAt(QPoint(grid.width() // 2, y))
            if first.isValid():
                start = first.row()
                break
        columns = max(1, viewport.width() // max(1, grid.width()))
        lines = viewport.height() // max(1, grid.height()) + 2
        end = start
        for row in range(start, min(model.rowCount(), start + columns * lines)):
            if self.visualRect(model.index(row, 0)).intersects(viewport):
                end = row + 1
        return range(start, end)


class PhotosView(QWidget):
    openRequested = Signal(object)  # PhotoInfo
    saveRequested = Signal(object)  # PhotoInfo
    copyRequested = Signal(object)  # PhotoInfo
    showArticlesRequested = Signal(object)  # PhotoInfo

    def __init__(self, model: PhotoGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)  # a long count line wraps instead of widening the window
        self.header.setContentsMargins(4, 2, 4, 2)
        self.grid = PhotoGrid(self)
        self.grid.setModel(model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.grid, 1)
        self._retain_timer = QTimer(self)
        self._retain_timer.setSingleShot(True)
        self._retain_timer.setInterval(RETAIN_DELAY_MS)
        self._retain_timer.timeout.connect(self.drop_offscreen_requests)
        self.grid.verticalScrollBar().valueChanged.connect(lambda _v: self._retain_timer.start())
        self.grid.doubleClicked.connect(self._open_index)
        self.grid.activated.connect(self._open_index)
        self.grid.customContextMenuRequested.connect(self._context_menu)
        model.loaded.connect(self.update_header)
        model.modelReset.connect(self.update_header)
        model.modelReset.connect(lambda: model.provider.retain(()))  # another search's cells
        self.update_header()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._adopt_screen()

    def _adopt_screen(self) -> None:
        """Thumbnails in device pixels: sharp on high-DPI screens."""
        ratio = self.devicePixelRatioF()
        px = round(THUMB_PX * ratio)
        if px != self.model.thumb_px:
            self.model.thumb_px = px
            self.grid.viewport().update()

    def drop_offscreen_requests(self) -> None:
        rows = self.grid.visible_rows()
        px = self.model.thumb_px
        keys = [(self.model.photo(r).sha256, px) for r in rows]
        self.model.provider.retain(keys)

    def update_header(self) -> None:
        n = self.model.rowCount()
        query = self.model.query()
        more = "" if self.model.at_end else "+"
        if query:
            text = self.tr("Photos of the articles found") + f": {n:,}{more}  ({query})"
        else:
            text = self.tr("All photos in the archive") + f": {n:,}{more}"
        if n == 0 and self.model.at_end:
            text = (
                self.tr("No photos for this search") if query else self.tr("No photos yet")
            ) + self.tr(" — import photo files (JPEG, PNG, WebP) like articles.")
        self.header.setText(text)

    def selected_photos(self) -> list[PhotoInfo]:
        rows = sorted({i.row() for i in self.grid.selectionModel().selectedIndexes()})
        return [self.model.photo(r) for r in rows]

    def current_photo(self) -> PhotoInfo | None:
        index = self.grid.currentIndex()
        return self.model.photo(index.row()) if index.isValid() else None

    def _open_index(self, index: QModelIndex) -> None:
        info = index.data(PHOTO_ROLE)
        if isinstance(info, PhotoInfo):
            self.openRequested.emit(info)

    def context_menu(self, info: PhotoInfo) -> QMenu:
        """The grid's context menu for one photo (public for tests)."""
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self.openRequested.emit(info))
        menu.addAction(self.tr("Save Photo As…"), lambda: self.saveRequested.emit(info))
        menu.addAction(self.tr("Copy"), lambda: self.copyRequested.emit(info))
        menu.addSeparator()
        n = len(info.article_ids)
        label = self.tr("Show Article") if n == 1 else self.tr("Show Articles")
        show = menu.addAction(label, lambda: self.showArticlesRequested.emit(info))
        show.setEnabled(n > 0)
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        index = self.grid.indexAt(pos)
        info = index.data(PHOTO_ROLE) if index.isValid() else None
        if not isinstance(info, PhotoInfo):
            return
        menu = self.context_menu(info)
        menu.exec(self.grid.viewport().mapToGlobal(pos))
        menu.deleteLater()
