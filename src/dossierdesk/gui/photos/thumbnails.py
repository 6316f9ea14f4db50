"""Thumbnails of stored photos, made off the GUI thread and cached in memory and on disk.

``ThumbnailProvider.thumbnail(sha256)`` answers at once from the in-memory LRU (bounded in
bytes) or returns ``None`` and queues the photo; a worker of the provider's own thread pool
then looks in the disk cache (one JPEG per photo and size, under the user's cache folder),
else reads the photo's bytes from the archive and makes a rendition with ``imaging`` (JPEGs
are decoded at a reduced scale), writes it to the disk cache and hands the picture back through
``thumbnailReady`` on the GUI thread.

Only what is on screen is worth making: ``retain(keys)`` drops every queued request not among
``keys`` (the view calls it as it scrolls), so a fast scroll past a thousand photos makes only
the ones it stops on. A cache file that does not decode is ignored and written again; the disk
cache is pruned (oldest first) when it grows past its bound.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtGui import QImage

from dossierdesk.gui.ops import IMAGES, task_manager

log = logging.getLogger(__name__)

#: Long side of the thumbnails, in device-independent pixels.
THUMB_PX = 160
MEMORY_BYTES = 64 * 1024 * 1024
DISK_BYTES = 512 * 1024 * 1024

Loader = Callable[[str], "bytes | None"]  # photo bytes by SHA-256 (``Archive.photo_data``)


def default_cache_dir() -> Path:
    """``thumbnails`` in the user's cache folder (QStandardPaths.CacheLocation)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    if not base:
        base = str(Path(tempfile.gettempdir()) / "dossierdesk-cache")
    return Path(base) / "thumbnails"


def _valid_sha(sha256: str) -> bool:
    return len(sha256) == 64 and all(c in "0123456789abcdef" for c in sha256)


class ThumbnailProvider(QObject):
    """Thumbnails by (SHA-256, pixel size), with an LRU in memory and a cache on disk."""

    thumbnailReady = Signal(str)  # sha256 (ask ``thumbnail`` again)

    def __init__(
        self,
        loader: Loader,
        parent: QObject | None = None,
        *,
        cache_dir: Path | None = None,
        memory_bytes: int = MEMORY_BYTES,
        disk_bytes: int = DISK_BYTES,
    ) -> None:
        super().__init__(parent)
        self._loader = loader
        self.cache_dir = cache_dir if cache_dir is not None else default_cache_dir()
        self.memory_bytes, self.disk_bytes = memory_bytes, disk_bytes
        self._memory: OrderedDict[tuple[str, int], QImage] = OrderedDict()
        self._memory_used = 0
        self._lock = threading.Lock()
        self._wanted: set[tuple[str, int]] = set()  # queued or being made
        self._failed: set[tuple[str, int]] = set()
        self._written = 0
        #: Counters (tests and the benchmark): renditions decoded from photos, disk cache hits.
        self.decoded = 0
        self.disk_hits = 0

    def set_loader(self, loader: Loader) -> None:
        """Another archive: queued requests are dropped (the caches stay: keyed by content)."""
        self.retain(())
        self._loader = loader
        self._failed.clear()

    # -- GUI thread ------------------------------------------------------------------------
    def thumbnail(self, sha256: str, px: int) -> QImage | None:
        """The thumbnail if in memory; else ``None``, and it is made (``thumbnailReady``)."""
        key = (sha256, px)
        image = self._memory.get(key)
        if image is not None:
            self._memory.move_to_end(key)
            return image
        if key in self._failed or not _valid_sha(sha256):
            return None
        with self._lock:
            if key in self._wanted:
                return None
            self._wanted.add(key)
        make = task_manager().op(lambda: self._make_if_wanted(sha256, px), owner=self, lane=IMAGES)
        make.success(lambda image: self._deliver(sha256, px, image)).run()
        return None

    def retain(self, keys: Iterable[tuple[str, int]]) -> None:
        """Forget queued requests but those for ``keys`` (superseded by scrolling)."""
        keep = set(keys)
        with self._lock:
            dropped = self._wanted - keep
            self._wanted &= keep
        if dropped:
            log.debug("thumbnails: %d superseded requests dropped", len(dropped))

    def pending(self) -> int:
        with self._lock:
            return len(self._wanted)

    def _make_if_wanted(self, sha256: str, px: int) -> QImage | bool | None:
        """On a worker: the thumbnail, ``None`` for a photo that cannot have one, ``False``
        when it was no longer wanted (scrolled past before a worker got to it)."""
        if not self._still_wanted(sha256, px):
            return False
        try:
            return self._make(sha256, px)
        except Exception:  # a broken photo gets no thumbnail (the placeholder stays)
            log.warning("no thumbnail for photo %s", sha256, exc_info=True)
            return None

    def clear_memory(self) -> None:
        self._memory.clear()
        self._memory_used = 0

    def _deliver(self, sha256: str, px: int, image: object) -> None:
        key = (sha256, px)
        with self._lock:
            self._wanted.discard(key)
        if image is False:  # skipped: no longer wanted
            return
        if not isinstance(image, QImage) or image.isNull():
            self._failed.add(key)
            return
        self._remember(key, image)
        self.thumbnailReady.emit(sha256)

    def _remember(self, key: tuple[str, int], image: QImage) -> None:
        old = self._memory.pop(key, None)
        if old is not None:
            self._memory_used -= old.sizeInBytes()
        self._memory[key] = image
        self._memory_used += image.sizeInBytes()
        while self._memory_used > self.memory_bytes and len(self._memory) > 1:
            _key, dropped = self._memory.popitem(last=False)
            self._memory_used -= dropped.sizeInBytes()

    # -- worker threads --------------------------------------------------------------------
    def _still_wanted(self, sha256: str, px: int) -> bool:
        with self._lock:
            return (sha256, px) in self._wanted

    def cache_path(self, sha256: str, px: int) -> Path:
        return self.cache_dir / sha256[:2] / f"{sha256}-{px}.jpg"

    def _make(self, sha256: str, px: int) -> QImage | None:
        path = self.cache_path(sha256, px)
        try:
            cached = path.read_bytes()
        except OSError:
            cached = b""
        if cached:
            image = QImage.fromData(cached)
            if not image.isNull():
                with self._lock:
                    self.disk_hits += 1
                with contextlib.suppress(OSError):
                    os.utime(path)  # pruning drops the least recently used first
                return image
            log.info("thumbnail cache file %s does not decode: made again", path)
        data = self._loader(sha256)
        import hashlib  # (OpenSSL: loaded with the first thumbnail made, not the window)

        if data is None or hashlib.sha256(data).hexdigest() != sha256:
            return None
        from dossierdesk.imaging import rendition  # Pillow: loaded with the first thumbnail

        jpeg = rendition(data, px, quality=88).data
        with self._lock:
            self.decoded += 1
        self._write(path, jpeg)
        image = QImage.fromData(jpeg)
        return None if image.isNull() else image

    def _write(self, path: Path, data: bytes) -> None:
        """Write a cache file atomically (a crash leaves no half file); prune now and then."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except OSError:  # a full or read-only cache folder: thumbnails still show
            log.warning("cannot write thumbnail cache file %s", path, exc_info=True)
            return
        with self._lock:
            self._written += len(data)
            due = self._written > self.disk_bytes // 16
            if due:
                self._written = 0
        if due:
            self.prune()

    def prune(self) -> None:
        """Delete the oldest cache files until the cache is within ``disk_bytes``."""
        try:
            files = [(p.stat(), p) for p in self.cache_dir.glob("*/*.jpg")]
        except OSError:
            return
        total = sum(st.st_size for st, _p in files)
        if total <= self.disk_bytes:
            return
        for st, path in sorted(files, key=lambda f: f[0].st_mtime):
            try:
                path.unlink()
            except OSError:
                continue
            total -= st.st_size
            if total <= self.disk_bytes * 3 // 4:
                break
