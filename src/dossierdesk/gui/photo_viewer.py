"""The photo viewer: one stored photo, fitted to the window or zoomed, with its caption, credit
and VIRIN as plain text, Save Photo As… (the original bytes) and Copy.

The photo's record and bytes are read and decoded on a worker thread; a photo larger than
``VIEWER_MAX_PX`` on its long side is shown through a rendition of that size (never decoded in
full). Keys: + and - zoom, 0 shows 100 % (one photo pixel per screen pixel), F fits the window;
Ctrl+wheel zooms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPixmap, QTransform, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui.ops import task_manager
from dossierdesk.gui.photos.files import VIEWER_MAX_PX, PhotoFiles, decode_capped
from dossierdesk.gui.photos.model import file_name
from dossierdesk.service.dto import PhotoInfo

if TYPE_CHECKING:
    from dossierdesk.service import Archive

ZOOM_STEP = 1.25
MIN_SCALE, MAX_SCALE = 0.02, 16.0


def load_photo(archive: Archive, photo_id: int) -> tuple[PhotoInfo, bytes, QImage]:
    """A photo's record, original bytes and (capped) picture (run off the GUI thread)."""
    found = archive.photos(ids=[photo_id])
    if not found:
        raise KeyError(f"photo #{photo_id} is no longer in the archive")
    info = found[0]
    data = archive.photo_data(info.sha256)
    if data is None:
        raise KeyError(f"photo #{photo_id} is no longer in the archive")
    return info, data, decode_capped(data, info.width, info.height)


class PhotoView(QGraphicsView):
    """The picture; Ctrl+wheel zooms about the pointer."""

    zoomRequested = Signal(float)  # factor

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoomRequested.emit(ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)


class PhotoViewer(QDialog):
    """A window showing one photo (non-modal; several may be open)."""

    loaded = Signal()

    def __init__(self, archive: Archive, photo_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Photo"))
        self.archive, self.photo_id = archive, photo_id
        self.info: PhotoInfo | None = None
        self.data: bytes | None = None
        self.image: QImage | None = None
        self.fit_mode = True
        self.files = PhotoFiles(archive, self)
        self._build()
        load = task_manager().op(lambda: load_photo(archive, photo_id), owner=self, key="photo")
        load.success(self._on_loaded).failure(self._on_failed).run()
        self.resize(1000, 760)

    # -- construction ----------------------------------------------------------------------
    def _build(self) -> None:
        self.scene = QGraphicsScene(self)
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self.item)
        self.view = PhotoView(self.scene, self)
        self.view.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.setBackgroundBrush(QColor(48, 48, 48))  # neutral: judges colours best
        self.view.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.view.setAccessibleName(self.tr("Photo"))
        self.view.zoomRequested.connect(self.zoom_by)

        self.status = QLabel(self.tr("Loading the photo…"), self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label = self._plain_label(bold=True)
        self.caption_label = self._plain_label()
        self.details_label = self._plain_label(dim=True)

        buttons = QHBoxLayout()
        self.zoom_out_button = self._button(self.tr("−"), self.tr("Zoom out (-)"), self.zoom_out)
        self.zoom_100_button = self._button(
            self.tr("100 %"), self.tr("Actual size (0)"), self.zoom_100
        )
        self.zoom_in_button = self._button(self.tr("+"), self.tr("Zoom in (+)"), self.zoom_in)
        self.fit_button = self._button(self.tr("Fit"), self.tr("Fit to the window (F)"), self.fit)
        self.save_button = self._button(
            self.tr("Save Photo As…"), self.tr("Save the original photo file"), self.save_as
        )
        self.copy_button = self._button(self.tr("Copy"), self.tr("Copy the picture"), self.copy)
        for button in (
            self.zoom_out_button,
            self.zoom_100_button,
            self.zoom_in_button,
            self.fit_button,
        ):
            buttons.addWidget(button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.copy_button)
        for button in (self.save_button, self.copy_button):
            button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.title_label)
        layout.addWidget(self.caption_label)
        layout.addWidget(self.details_label)
        self.files.message.connect(self.status.setText)
        self.files.saved.connect(lambda p: self.status.setText(self.tr("Saved") + f" {p}"))
        self.files.copied.connect(lambda: self.status.setText(self.tr("Copied")))

        for keys, slot in (
            (("+", "=", QKeySequence.StandardKey.ZoomIn), self.zoom_in),
            (("-", QKeySequence.StandardKey.ZoomOut), self.zoom_out),
            (("0", "Ctrl+0"), self.zoom_100),
            (("F",), self.fit),
            ((QKeySequence.StandardKey.Copy,), self.copy),
            ((QKeySequence.StandardKey.Save, "Ctrl+Shift+S"), self.save_as),
        ):
            for key in keys:
                self._shortcut(key, slot)

    def _shortcut(self, key: Any, slot: Any) -> None:
        from PySide6.QtGui import QShortcut

        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.activated.connect(slot)

    def _plain_label(self, *, bold: bool = False, dim: bool = False) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)  # captions are untrusted text
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if bold:
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        if dim:
            label.setForegroundRole(label.foregroundRole())
            label.setStyleSheet("color: palette(placeholder-text);")
        label.hide()
        return label

    def _button(self, text: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(lambda _c=False: slot())
        return button

    # -- loading ---------------------------------------------------------------------------
    def is_loading(self) -> bool:
        return any(op.key == "photo" for op in task_manager().pending(self))

    def _on_loaded(self, loaded: tuple[PhotoInfo, bytes, QImage]) -> None:
        info, data, image = loaded
        self.info, self.data, self.image = info, data, image
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())  # 100 %: photo px = screen px
        self.item.setPixmap(pixmap)
        self.scene.setSceneRect(QRectF(pixmap.rect().topLeft(), pixmap.deviceIndependentSize()))
        self.setWindowTitle(f"{info.virin or file_name(info.name)} — " + self.tr("Photo"))
        self._show_text(info, image)
        for button in (self.save_button, self.copy_button):
            button.setEnabled(True)
        self.fit()
        self.loaded.emit()

    def _on_failed(self, error: Exception) -> None:
        self.status.setText(self.tr("The photo cannot be shown:") + f" {error}")
        self.loaded.emit()

    def _show_text(self, info: PhotoInfo, image: QImage) -> None:
        title = info.title if info.title and info.title != info.virin else None
        self.title_label.setText(title or file_name(info.name))
        self.title_label.show()
        caption = info.caption or ""
        self.caption_label.setText(caption)
        self.caption_label.setVisible(bool(caption))
        details = []
        if info.credit:
            details.append(self.tr("Credit:") + f" {info.credit}")
        if info.virin:
            details.append(f"VIRIN: {info.virin}")
        if info.virin_note:
            details.append(info.virin_note)
        size = f"{info.width} × {info.height} px, {info.mime}, {info.bytes / 1e6:.1f} MB"
        if max(info.width, info.height) > VIEWER_MAX_PX:
            size += " " + self.tr("(shown at") + f" {image.width()} × {image.height()})"
        details.append(size)
        self.details_label.setText(" · ".join(details))
        self.details_label.show()

    # -- zoom ------------------------------------------------------------------------------
    def scale(self) -> float:
        return float(self.view.transform().m11())

    def set_scale(self, scale: float) -> None:
        scale = min(MAX_SCALE, max(MIN_SCALE, scale))
        self.fit_mode = False
        self.view.setTransform(QTransform.fromScale(scale, scale))
        self.status.setText(f"{scale * 100:.0f} %")

    def zoom_by(self, factor: float) -> None:
        self.set_scale(self.scale() * factor)

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def zoom_100(self) -> None:
        self.set_scale(1.0)

    def fit(self) -> None:
        self.fit_mode = True
        if self.item.pixmap().isNull():
            return
        self.view.resetTransform()
        self.view.fitInView(self.scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        if self.scale() > 1.0:  # a small photo is not enlarged to fit
            self.view.setTransform(QTransform())
        self.status.setText(self.tr("Fit") + f" ({self.scale() * 100:.0f} %)")

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.fit_mode:
            self.fit()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.fit_mode:
            self.fit()

    # -- save and copy ---------------------------------------------------------------------
    def save_as(self) -> None:
        if self.info is not None:
            self.files.save_as(self.info, self.data)

    def copy(self) -> None:
        if self.info is not None and self.image is not None:
            self.files.copy(self.info, self.image)

    def done(self, result: int) -> None:
        task_manager().forget(self)
        super().done(result)
