"""Saving and copying stored photos: the original bytes to a file named by their real format,
a picture to the clipboard. Photo bytes are read, decoded and written on a worker thread.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QWidget

from dossierdesk.file_names import PHOTO_EXTENSIONS, safe_file_name
from dossierdesk.gui.ops import LONG, task_manager
from dossierdesk.service.dto import PhotoInfo

if TYPE_CHECKING:
    from dossierdesk.service import Archive

#: Long side of the picture a viewer shows or a copy puts on the clipboard; larger photos are
#: shown through a rendition of this size and never decoded in full.
VIEWER_MAX_PX = 4096

EXTENSIONS = PHOTO_EXTENSIONS
_IMAGE_SUFFIXES = {s for suffixes in EXTENSIONS.values() for s in suffixes} | {".jpe"}

AskPath = Callable[[QWidget | None, str, str], "Path | None"]  # parent, suggested, filter


def with_extension(path: Path, mime: str) -> Path:
    """``path`` ending in an extension of ``mime`` (a WebP is never saved as .jpg)."""
    suffixes = EXTENSIONS.get(mime)
    if not suffixes or path.suffix.lower() in suffixes:
        return path
    if path.suffix.lower() in _IMAGE_SUFFIXES:
        return path.with_suffix(suffixes[0])
    return path.with_name(path.name + suffixes[0])


def suggested_name(info: PhotoInfo) -> str:
    stem = Path(info.name).stem or (info.virin or f"photo-{info.id}")
    return with_extension(Path(safe_file_name(stem, "photo")), info.mime).name


def ask_save_path(parent: QWidget | None, suggested: str, mime: str) -> Path | None:
    """The default file question (tests replace ``PhotoFiles.ask_path``)."""
    suffixes = EXTENSIONS.get(mime, (".jpg",))
    kind = mime.split("/")[-1].upper()
    pattern = " ".join(f"*{s}" for s in suffixes)
    name, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("PhotoFiles", "Save Photo As"),
        str(Path.home() / suggested),
        f"{kind} ({pattern})",
    )
    return Path(name) if name else None


def write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".dossierdesk-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def decode_capped(data: bytes, width: int, height: int) -> QImage:
    """The photo as a QImage, upright, its long side at most ``VIEWER_MAX_PX`` (a rendition:
    a larger photo is never decoded at full size). Run off the GUI thread."""
    from dossierdesk.imaging import rendition  # Pillow: loaded when a photo is first shown

    long_side = max(width, height, 1)
    picture = rendition(data, min(long_side, VIEWER_MAX_PX), quality=95)
    image = QImage.fromData(picture.data)
    if image.isNull():
        raise ValueError("the photo does not decode")
    return image


class PhotoFiles(QObject):
    """Save Photo As… and Copy for the grid and the viewer (work on a worker thread)."""

    saved = Signal(object)  # Path
    copied = Signal()
    message = Signal(str)  # a failure, for the status bar

    def __init__(self, archive: Archive, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.archive = archive
        self.parent_widget = parent_widget
        self.ask_path: AskPath = ask_save_path

    def save_as(self, info: PhotoInfo, data: bytes | None = None) -> None:
        """Ask where, then write the photo's original bytes there (with its real extension)."""
        chosen = self.ask_path(self.parent_widget, suggested_name(info), info.mime)
        if chosen is None:
            return
        path = with_extension(chosen, info.mime)
        archive, sha = self.archive, info.sha256

        def write() -> Path:
            payload = data if data is not None else archive.photo_data(sha)
            if payload is None:
                raise KeyError(f"photo {sha[:12]}… is no longer in the archive")
            write_atomically(path, payload)
            return path

        task_manager().op(write, owner=self, lane=LONG).success(self.saved.emit).failure(
            self._failed
        ).run()

    def copy(self, info: PhotoInfo, image: QImage | None = None) -> None:
        """Put the photo on the clipboard (decoded off the GUI thread unless given)."""
        if image is not None:
            QGuiApplication.clipboard().setImage(image)
            self.copied.emit()
            return
        archive = self.archive

        def decode() -> QImage:
            payload = archive.photo_data(info.sha256)
            if payload is None:
                raise KeyError(f"photo {info.sha256[:12]}… is no longer in the archive")
            return decode_capped(payload, info.width, info.height)

        task_manager().op(decode, owner=self, key="copy").success(self._copied).failure(
            self._failed
        ).run()

    def is_busy(self) -> bool:
        return task_manager().is_busy(self)

    def _failed(self, error: Exception) -> None:
        self.message.emit(self.tr("Could not save or copy the photo:") + f" {error}")

    def _copied(self, image: QImage) -> None:
        QGuiApplication.clipboard().setImage(image)
        self.copied.emit()
