"""Photographs printed in a dossier: downsampled to print resolution, sized to the column.

Each stored photo is turned once into a *rendition*: the original decoded (EXIF orientation
applied), scaled down so that its longer side prints at about :data:`PRINT_DPI` at the largest
size a photo can take, and kept as JPEG bytes. Layout needs only its pixel size; painting decodes
it into a ``QImage`` for as long as the page takes.

Qt's PDF engine never embeds the JPEG bytes it is given: ``QPainter.drawImage`` on a
``QPdfWriter`` re-encodes the pixels, as JPEG (DCT, quality 94) for opaque images unless the
painter has ``LosslessImageRendering`` (then Flate: a 1505 x 788 photo took 2.2 MB instead of
435 KB). So the downsampling here is what keeps the PDF small: the PDF holds one JPEG per photo
at print resolution.

Renditions are cached in memory up to :data:`CACHE_BYTES` (least recently used first out), the
ones pushed out in a temporary folder removed with the printer, so each photo is decoded and
resampled once per export.
"""

from __future__ import annotations

import logging
import tempfile
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QImage

from dossierdesk.imaging import Rendition, print_max_px, rendition
from dossierdesk.pdf.geometry import UNITS_PER_INCH
from dossierdesk.pdf.model import PhotoSource

log = logging.getLogger(__name__)

PRINT_DPI = 250
# Photos are never taller than this share of the page body (portraits would fill a page).
MAX_HEIGHT_SHARE = 0.55
CACHE_BYTES = 48 * 1024 * 1024
JPEG_QUALITY = 90


class PhotoPrinter:
    """Sizes and pixels of the photos of one dossier (see the module).

    ``source(sha256)`` gives a photo's original bytes (``Archive.photo_data``); renditions made
    elsewhere (the PDF paint worker gets its own from the parent) are added with
    :meth:`add_file`."""

    def __init__(
        self,
        source: PhotoSource | None,
        max_width: float,
        max_height: float,
        *,
        budget: int = CACHE_BYTES,
    ) -> None:
        self.source = source
        self.max_width = max_width  # layout units
        self.max_height = max_height
        self.max_px = print_max_px(
            max_width / UNITS_PER_INCH, PRINT_DPI, height_inches=max_height / UNITS_PER_INCH
        )
        self._budget = budget
        self._cache: OrderedDict[str, Rendition] = OrderedDict()
        self._cached_bytes = 0
        self._files: dict[str, tuple[Path, int, int]] = {}
        self._failed: set[str] = set()
        self._spill_dir: tempfile.TemporaryDirectory[str] | None = None

    def rendition(self, key: str) -> Rendition | None:
        """The rendition of photo ``key`` (its SHA-256), or None when it is not stored or
        cannot be read (logged once)."""
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        if key in self._failed:
            return None
        made = self._make(key)
        if made is None:
            self._failed.add(key)
            return None
        self._cache[key] = made
        self._cached_bytes += len(made.data)
        while self._cached_bytes > self._budget and len(self._cache) > 1:
            dropped_key, dropped = self._cache.popitem(last=False)
            self._cached_bytes -= len(dropped.data)
            self._spill(dropped_key, dropped)
        return made

    def _spill(self, key: str, made: Rendition) -> None:
        """Keep an evicted rendition in a temporary file (making it again from the original
        costs a decode and a resampling: about 0.1 s for a 3-megapixel photo)."""
        if key in self._files:
            return
        try:
            if self._spill_dir is None:
                self._spill_dir = tempfile.TemporaryDirectory(prefix="dossierdesk-photos-")
            path = Path(self._spill_dir.name) / f"{len(self._files)}.jpg"
            path.write_bytes(made.data)
        except OSError as exc:
            log.debug("photo %s: rendition not kept on disk (%s)", key[:12], exc)
            return
        self._files[key] = (path, made.width, made.height)

    def _make(self, key: str) -> Rendition | None:
        stored = self._files.get(key)
        if stored is not None:
            path, width, height = stored
            try:
                return Rendition(path.read_bytes(), width, height)
            except OSError as exc:
                log.warning("photo %s: cannot read its rendition (%s)", key[:12], exc)
                return None
        if self.source is None:
            return None
        data = self.source(key)
        if data is None:
            log.warning("photo %s is not in the archive: printed without it", key[:12])
            return None
        try:
            return rendition(data, self.max_px, quality=JPEG_QUALITY)
        except ValueError as exc:  # imaging.ImageError: not an image we open
            log.warning("photo %s cannot be printed: %s", key[:12], exc)
            return None

    def add_file(self, key: str, path: Path, width: int, height: int) -> None:
        """Use the rendition stored in ``path`` (JPEG, ``width`` x ``height`` pixels)."""
        self._files[key] = (path, width, height)
        self._failed.discard(key)

    def size(self, key: str) -> tuple[float, float] | None:
        """The printed size of photo ``key`` in layout units: at most :data:`PRINT_DPI`'s
        worth of its pixels (small photos are not blown up), within the column and the
        height limit; None when there is nothing to print."""
        made = self.rendition(key)
        if made is None or made.width < 1 or made.height < 1:
            return None
        width = made.width * UNITS_PER_INCH / PRINT_DPI
        height = made.height * UNITS_PER_INCH / PRINT_DPI
        scale = min(1.0, self.max_width / width, self.max_height / height)
        return width * scale, height * scale

    def image(self, key: str) -> QImage | None:
        """The decoded rendition, to be drawn and dropped."""
        made = self.rendition(key)
        if made is None:
            return None
        image = QImage.fromData(QByteArray(made.data))
        return None if image.isNull() else image
