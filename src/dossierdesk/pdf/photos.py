"""Photographs printed in a dossier: downsampled to print resolution, sized to the column.

Each stored photo is turned once into a *rendition*: the original decoded (EXIF orientation
applied), scaled down so that its longer side prints at about :data:`PRINT_DPI` at the largest
size a photo can take, and kept as JPEG bytes. Layout needs only its pixel size; painting decodes
it into a ``QImage`` for as long as the page takes.

A JPEG that already has about the print resolution (``imaging.print_jpeg``: upright, RGB or
grey, its long side at most 1.25 times the rendition's) is its own rendition: only its metadata
segments are dropped; it is never decoded.

Qt's PDF engine never embeds the JPEG bytes it is given: ``QPainter.drawImage`` on a
``QPdfWriter`` decodes and re-encodes the pixels, as JPEG (DCT, quality 94: 1.7 times the
size) for opaque images, or Flate with ``LosslessImageRendering`` (a 1505 x 788 photo took
2.2 MB instead of 435 KB), at about 40 ms for a 1600-pixel photo. So when a PDF is written
(:attr:`PhotoPrinter.placeholders`), each photo is painted as a *placeholder*: a one-row image
whose pixels spell a marker and the photo's SHA-256, drawn losslessly so that its pixels
survive. ``pdf.photo_embed`` then replaces each placeholder's image object with the rendition's
JPEG data (``DCTDecode``) in the PDF's incremental update: the PDF holds each rendition's bytes
as they are, drawn where Qt drew the placeholder (same transformation, same clipping). On a
printer (``placeholders`` off) the renditions are decoded and drawn.

Renditions are cached in memory up to :data:`CACHE_BYTES` (least recently used first out), the
ones pushed out in a temporary folder removed with the printer, so each photo is decoded and
resampled once per export; with a ``disk_cache`` (``pdf.rendition_cache``: the dossier exports
of the application use one) they are also kept for the next export.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QImage

from dossierdesk.imaging import Rendition, print_jpeg, print_max_px, rendition
from dossierdesk.pdf.geometry import UNITS_PER_INCH
from dossierdesk.pdf.model import PhotoSource
from dossierdesk.pdf.rendition_cache import RenditionCache

log = logging.getLogger(__name__)

PRINT_DPI = 250
# Photos are never taller than this share of the page body (portraits would fill a page).
MAX_HEIGHT_SHARE = 0.55
CACHE_BYTES = 48 * 1024 * 1024
JPEG_QUALITY = 90
#: Threads making renditions ahead of layout, and the most original bytes waiting for them.
PREFETCH_THREADS = max(1, min(4, os.cpu_count() or 1))
PREFETCH_BYTES = 64 * 1024 * 1024
#: First bytes of a placeholder's pixels (the SHA-256 of the photo follows).
PLACEHOLDER_MARK = b"DDPHOTO\x01"
_PLACEHOLDER_BYTES = len(PLACEHOLDER_MARK) + 32 + 2  # a whole number of RGB pixels


def placeholder_pixels(key: str) -> bytes:
    """The RGB bytes of the placeholder of photo ``key`` (its SHA-256 in hex)."""
    data = PLACEHOLDER_MARK + bytes.fromhex(key)
    return data + b"\0" * (_PLACEHOLDER_BYTES - len(data))


def placeholder_key(pixels: bytes) -> str | None:
    """The SHA-256 a placeholder's pixels name, or None when they are not a placeholder's."""
    if len(pixels) != _PLACEHOLDER_BYTES or not pixels.startswith(PLACEHOLDER_MARK):
        return None
    start = len(PLACEHOLDER_MARK)
    return pixels[start : start + 32].hex()


class PhotoPrinter:
    """Sizes and pixels of the photos of one dossier (see the module).

    ``source(sha256)`` gives a photo's original bytes (``Archive.photo_data``); the PDF paint
    worker, which has no archive, is told only the renditions' sizes (:meth:`add_size`)."""

    def __init__(
        self,
        source: PhotoSource | None,
        max_width: float,
        max_height: float,
        *,
        budget: int = CACHE_BYTES,
        disk_cache: RenditionCache | None = None,
    ) -> None:
        self.source = source
        # Renditions kept between exports (pdf.rendition_cache); None: made every time.
        self.disk_cache = disk_cache
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
        self._sizes: dict[str, tuple[int, int]] = {}
        self._ahead: Iterator[str] | None = None
        self._pending: dict[str, tuple[Future[Rendition], int]] = {}
        self._pending_bytes = 0
        self._pool: ThreadPoolExecutor | None = None
        # Paint placeholders for pdf.photo_embed instead of the pixels (see the module).
        self.placeholders = False

    def rendition(self, key: str) -> Rendition | None:
        """The rendition of photo ``key`` (its SHA-256), or None when it is not stored or
        cannot be read (logged once)."""
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        if key in self._failed:
            return None
        pending = self._pending.pop(key, None)
        if pending is not None:
            self._pending_bytes -= pending[1]
            made = self._finish(key, pending[0])
        else:
            made = self._make(key)
        if made is not None:
            self._keep(key, made)
        else:
            self._failed.add(key)
        self._top_up()
        return made

    def _keep(self, key: str, made: Rendition) -> None:
        self._cache[key] = made
        self._cached_bytes += len(made.data)
        while self._cached_bytes > self._budget and len(self._cache) > 1:
            dropped_key, dropped = self._cache.popitem(last=False)
            self._cached_bytes -= len(dropped.data)
            self._spill(dropped_key, dropped)

    def prefetch(self, keys: Iterable[str]) -> None:
        """Make the renditions of ``keys`` ahead of their use, in the order given, on up to
        :data:`PREFETCH_THREADS` threads (Pillow decodes, resamples and encodes without the
        GIL, while the caller lays text out). The originals are read here, in the caller's
        thread; at most :data:`PREFETCH_BYTES` of them wait at a time."""
        self._ahead = iter(keys)
        self._top_up()

    def _top_up(self) -> None:
        if self._ahead is None or self.source is None:
            return
        while len(self._pending) < PREFETCH_THREADS * 2 and self._pending_bytes < PREFETCH_BYTES:
            key = next(self._ahead, None)
            if key is None:
                self._ahead = None
                return
            if key in self._cache or key in self._failed or key in self._pending:
                continue
            if key in self._files:
                continue  # made and spilled already: read back when it is asked for
            started = self._start(key)
            if not isinstance(started, bytes):
                if started is None:
                    self._failed.add(key)
                else:
                    self._keep(key, started)
                continue
            data = started
            if self._pool is None:
                self._pool = ThreadPoolExecutor(PREFETCH_THREADS, "dossierdesk-photo")
            future = self._pool.submit(rendition, data, self.max_px, quality=JPEG_QUALITY)
            self._pending[key] = (future, len(data))
            self._pending_bytes += len(data)

    def _finish(self, key: str, future: Future[Rendition]) -> Rendition | None:
        try:
            made = future.result()
        except ValueError as exc:  # imaging.ImageError: not an image we open
            log.warning("photo %s cannot be printed: %s", key[:12], exc)
            return None
        self._to_disk(key, made)
        return made

    def _from_disk(self, key: str) -> Rendition | None:
        if self.disk_cache is None:
            return None
        return self.disk_cache.get(key, self.max_px, JPEG_QUALITY)

    def _to_disk(self, key: str, made: Rendition) -> None:
        if self.disk_cache is not None:
            self.disk_cache.put(key, self.max_px, JPEG_QUALITY, made)

    def close(self) -> None:
        """Stop making renditions ahead (those made stay usable)."""
        self._ahead = None
        for future, _size in self._pending.values():
            future.cancel()
        self._pending.clear()
        self._pending_bytes = 0
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

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

    def _start(self, key: str) -> Rendition | bytes | None:
        """What photo ``key`` takes: its rendition when one is at hand (spilled, in the disk
        cache, or the original JPEG itself), else the original bytes to make it from; None
        (logged) when there is nothing to print."""
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
        kept = self._from_disk(key)
        if kept is not None:
            return kept
        data = self.source(key)
        if data is None:
            log.warning("photo %s is not in the archive: printed without it", key[:12])
            return None
        return print_jpeg(data, self.max_px) or data

    def _make(self, key: str) -> Rendition | None:
        started = self._start(key)
        if not isinstance(started, bytes):
            return started
        try:
            made = rendition(started, self.max_px, quality=JPEG_QUALITY)
        except ValueError as exc:  # imaging.ImageError: not an image we open
            log.warning("photo %s cannot be printed: %s", key[:12], exc)
            return None
        self._to_disk(key, made)
        return made

    def add_size(self, key: str, width: int, height: int) -> None:
        """The pixel size of photo ``key``'s rendition, made elsewhere: enough to lay it out
        and paint its placeholder (the PDF paint worker is told only this)."""
        self._sizes[key] = (width, height)
        self._failed.discard(key)

    def pixel_size(self, key: str) -> tuple[int, int] | None:
        """The rendition's width and height in pixels, or None when there is nothing to print."""
        known = self._sizes.get(key)
        if known is not None:
            return known
        made = self.rendition(key)
        if made is None or made.width < 1 or made.height < 1:
            return None
        self._sizes[key] = (made.width, made.height)
        return made.width, made.height

    def size(self, key: str) -> tuple[float, float] | None:
        """The printed size of photo ``key`` in layout units: at most :data:`PRINT_DPI`'s
        worth of its pixels (small photos are not blown up), within the column and the
        height limit; None when there is nothing to print."""
        pixels = self.pixel_size(key)
        if pixels is None:
            return None
        width = pixels[0] * UNITS_PER_INCH / PRINT_DPI
        height = pixels[1] * UNITS_PER_INCH / PRINT_DPI
        scale = min(1.0, self.max_width / width, self.max_height / height)
        return width * scale, height * scale

    def image(self, key: str) -> QImage | None:
        """The decoded rendition, to be drawn and dropped; its placeholder when
        :attr:`placeholders` is on (to be drawn losslessly)."""
        if self.placeholders:
            if self.pixel_size(key) is None:
                return None
            pixels = placeholder_pixels(key)
            width = len(pixels) // 3
            return QImage(pixels, width, 1, width * 3, QImage.Format.Format_RGB888).copy()
        made = self.rendition(key)
        if made is None:
            return None
        image = QImage.fromData(QByteArray(made.data))
        return None if image.isNull() else image
