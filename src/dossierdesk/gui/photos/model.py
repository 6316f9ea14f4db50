"""The photo grid's model: the photos of the current search, read page by page, and a delegate
that draws each as its thumbnail (or a placeholder while it is made) over its VIRIN and caption.

Pages of ``PHOTO_PAGE`` records are read as operations owned by the model (``gui/ops.py``) when the
view asks for more (``canFetchMore``/``fetchMore``: it does when it is scrolled to the end or
not yet full), so neither a large archive nor a slow query ever blocks the GUI thread. Captions,
credits and names are untrusted: the delegate draws them as plain text and tooltips escape them.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.ops import task_manager
from dossierdesk.gui.photos.mime import PHOTO_MIME, photo_ids_mime
from dossierdesk.gui.photos.thumbnails import THUMB_PX, ThumbnailProvider
from dossierdesk.service.dto import PhotoInfo

if TYPE_CHECKING:
    from dossierdesk.service import Archive

PHOTO_PAGE = 200
PHOTO_ROLE = Qt.ItemDataRole.UserRole + 1
CAPTION_ROLE = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


def file_name(name: str) -> str:
    """The last part of the name a photo was imported under (a path, or a path in a zip)."""
    return name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or name


def photo_label(info: PhotoInfo) -> str:
    """The VIRIN, else the file name the photo was imported from (without its folder)."""
    return info.virin or file_name(info.name)


def photo_caption(info: PhotoInfo) -> str:
    """The caption (or title) on one line; without either, the size and where it is used."""
    text = " ".join((info.caption or info.title or "").split())
    if text and text != photo_label(info):
        return text
    n = len(info.article_ids)
    used = (
        translate("PhotosModel", "%n article(s)", None, n)
        if n
        else translate("PhotosModel", "standalone")
    )
    return f"{info.width} × {info.height} · {used}"


class PhotoGridModel(QAbstractListModel):
    loaded = Signal()  # a page arrived (or the last one: ``at_end``)
    failed = Signal(str)

    def __init__(
        self, archive: Archive, provider: ThumbnailProvider, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._archive = archive
        self.provider = provider
        self.thumb_px = THUMB_PX  # device pixels (the view sets it for its screen)
        self._photos: list[PhotoInfo] = []
        self._rows_by_sha: dict[str, list[int]] = {}
        self._query = ""
        self._epoch = 0
        self._loading = False
        # Nothing is read before the first ``set_query`` (the Photos page shown): a view
        # asks for rows as soon as it has the model, and the window starts without photos.
        self._queried = False
        self.at_end = False
        provider.thumbnailReady.connect(self._on_thumbnail)

    # -- contents --------------------------------------------------------------------------
    def set_archive(self, archive: Archive) -> None:
        self._archive = archive
        self.set_query(self._query)

    def query(self) -> str:
        return self._query

    def set_query(self, query: str) -> None:
        """Show the photos of the articles ``query`` finds (all photos for an empty query)."""
        self.beginResetModel()
        self._query = query.strip()
        self._queried = True
        self._epoch += 1
        self._photos, self._rows_by_sha = [], {}
        self._loading, self.at_end = False, False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def reload(self) -> None:
        self.set_query(self._query)

    def photo(self, row: int) -> PhotoInfo:
        return self._photos[row]

    def photos(self) -> list[PhotoInfo]:
        return list(self._photos)

    def is_loading(self) -> bool:
        return self._loading

    # -- lazy paging -----------------------------------------------------------------------
    def canFetchMore(self, parent: AnyIndex) -> bool:
        return self._queried and not parent.isValid() and not self.at_end and not self._loading

    def fetchMore(self, parent: AnyIndex) -> None:
        if not self.canFetchMore(parent):
            return
        self._loading = True
        archive, query, epoch = self._archive, self._query, self._epoch
        after = self._photos[-1].id if self._photos else None

        def page() -> list[PhotoInfo]:
            return archive.photos(query or None, after_id=after, limit=PHOTO_PAGE)

        read = task_manager().op(page, owner=self, key="photos")
        read.success(lambda infos: self._on_page(epoch, infos)).failure(self._on_failed).run()

    def _on_page(self, epoch: int, infos: list[PhotoInfo]) -> None:
        if epoch != self._epoch:
            return
        self._loading = False
        self.at_end = len(infos) < PHOTO_PAGE
        if infos:
            first = len(self._photos)
            self.beginInsertRows(QModelIndex(), first, first + len(infos) - 1)
            for row, info in enumerate(infos, first):
                self._photos.append(info)
                self._rows_by_sha.setdefault(info.sha256, []).append(row)
            self.endInsertRows()
        self.loaded.emit()

    def _on_failed(self, error: Exception) -> None:
        self._loading, self.at_end = False, True
        self.failed.emit(str(error))
        self.loaded.emit()

    def _on_thumbnail(self, sha256: str) -> None:
        for row in self._rows_by_sha.get(sha256, ()):
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    # -- Qt model --------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._photos)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._photos):
            return None
        info = self._photos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return photo_label(info)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.provider.thumbnail(info.sha256, self.thumb_px)
        if role == CAPTION_ROLE:
            return photo_caption(info)
        if role == PHOTO_ROLE:
            return info
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(info)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{photo_label(info)}: {photo_caption(info)}"
        return None

    @staticmethod
    def _tooltip(info: PhotoInfo) -> str:
        """Rich text built from escaped values only (a tooltip would render raw markup)."""
        lines = [f"<b>{html.escape(photo_label(info))}</b>"]
        caption = photo_caption(info)
        if caption:
            short = caption if len(caption) <= 400 else caption[:399] + "…"
            lines.append(html.escape(short))
        if info.credit:
            lines.append(translate("PhotosModel", "Credit:") + " " + html.escape(info.credit))
        lines.append(
            html.escape(f"{info.width} × {info.height} · {info.mime} · {info.bytes / 1e6:.1f} MB")
        )
        if info.article_ids:
            n = len(info.article_ids)
            lines.append(translate("PhotosModel", "In %n article(s)", None, n))
        else:
            lines.append(translate("PhotosModel", "Not linked to an article"))
        return "<p style='white-space:pre-wrap'>" + "<br>".join(lines) + "</p>"

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [PHOTO_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return photo_ids_mime([self._photos[r].id for r in rows])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.LinkAction


class PhotoDelegate(QStyledItemDelegate):
    """A thumbnail cell: the picture centred in a square, then the VIRIN and a caption line."""

    PAD = 6

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thumb = THUMB_PX  # logical pixels

    def cell_size(self, option: QStyleOptionViewItem) -> QSize:
        line = option.fontMetrics.height()
        return QSize(self.thumb + 2 * self.PAD, self.thumb + 2 * line + 3 * self.PAD)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return self.cell_size(option)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        painter.save()
        rect: QRect = option.rect
        palette: QPalette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(
                rect.adjusted(1, 1, -1, -1), palette.color(QPalette.ColorRole.Highlight)
            )
        box = QRect(rect.x() + self.PAD, rect.y() + self.PAD, self.thumb, self.thumb)
        image = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(image, QImage) and not image.isNull():
            # Device pixels to logical: a thumbnail made for this screen is drawn 1:1 (integer
            # rectangle of its own size: Qt's fast blit, no rescaling, sharp on high DPI).
            ratio = max(1.0, max(image.width(), image.height()) / self.thumb)
            width, height = round(image.width() / ratio), round(image.height() / ratio)
            target = QRect(
                box.x() + (box.width() - width) // 2,
                box.bottom() + 1 - height,  # on the text: landscape photos leave no gap
                width,
                height,
            )
            if ratio != 1.0:
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, image)
        else:  # placeholder while the thumbnail is made
            base = palette.color(QPalette.ColorRole.Base)
            shade = QColor(base).darker(108) if base.lightness() > 128 else base.lighter(130)
            painter.fillRect(box, shade)
        fm = option.fontMetrics
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        line = fm.height()
        y = box.bottom() + self.PAD
        label_rect = QRect(rect.x() + 2, y, rect.width() - 4, line)
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text_color)
        bold = painter.fontMetrics()
        label = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.drawText(
            label_rect,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
            bold.elidedText(label, Qt.TextElideMode.ElideMiddle, label_rect.width()),
        )
        painter.setFont(option.font)
        if not selected:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        caption = str(index.data(CAPTION_ROLE) or "")
        caption_rect = label_rect.translated(0, line)
        painter.drawText(
            caption_rect,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(caption, Qt.TextElideMode.ElideRight, caption_rect.width()),
        )
        if state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.restore()
