"""Print renditions kept between exports, in the user's cache folder.

Making a rendition means decoding the photo and encoding a JPEG (10 ms for a defense.gov WebP,
120 ms for a 12-megapixel JPEG); a dossier is exported, previewed and exported again, so the
renditions are kept: one file per photo, print size and quality, named by the photo's SHA-256
(the archive's own key; nothing of the photo's content or name is in the file name). The
original in the archive stays the record: a missing, unreadable or damaged cache file is made
again. The folder is bounded (:data:`MAX_BYTES`); the least recently used files go first.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from pathlib import Path

from platformdirs import user_cache_path

from dossierdesk.imaging import Rendition
from dossierdesk.jpeg_bytes import jpeg_is_whole, jpeg_size

log = logging.getLogger(__name__)

#: The cache folder's size limit; pruned to :data:`KEEP_SHARE` of it when exceeded.
MAX_BYTES = 512 * 1024 * 1024
KEEP_SHARE = 0.8
#: Part of every file name: renditions made by another way of making them are not reused.
VERSION = 1
_PRUNE_EVERY = 64  # puts between two looks at the folder's size


def default_folder() -> Path:
    return user_cache_path("DossierDesk", appauthor=False) / "print-renditions"


class RenditionCache:
    """Renditions on disk by (photo SHA-256, longest side, JPEG quality)."""

    def __init__(self, folder: Path | None = None, max_bytes: int = MAX_BYTES) -> None:
        self.folder = folder or default_folder()
        self.max_bytes = max_bytes
        self._puts = 0
        self.hits = 0

    def _path(self, key: str, max_px: int, quality: int) -> Path | None:
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            return None  # only SHA-256 names: a key can never name a path
        return self.folder / f"{key}-{max_px}-q{quality}-v{VERSION}.jpg"

    def get(self, key: str, max_px: int, quality: int) -> Rendition | None:
        path = self._path(key, max_px, quality)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        size = jpeg_size(data)
        if size is None or not jpeg_is_whole(data):
            log.debug("cached rendition %s is damaged: made again", path.name)
            self._remove(path)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used
        self.hits += 1
        return Rendition(data, *size)

    def put(self, key: str, max_px: int, quality: int, made: Rendition) -> None:
        path = self._path(key, max_px, quality)
        if path is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(prefix=".part-", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(made.data)
                os.replace(tmp, path)
            except BaseException:
                self._remove(Path(tmp))
                raise
        except OSError as exc:
            log.debug("rendition of %s not cached (%s)", key[:12], exc)
            return
        self._puts += 1
        if self._puts % _PRUNE_EVERY == 1:
            self.prune()

    def prune(self) -> None:
        """Remove the least recently used files until the folder holds at most
        :data:`KEEP_SHARE` of :attr:`max_bytes` (when it holds more than that limit)."""
        try:
            entries = [
                (e.stat().st_mtime, e.stat().st_size, e.path) for e in os.scandir(self.folder)
            ]
        except OSError:
            return
        total = sum(size for _t, size, _p in entries)
        if total <= self.max_bytes:
            return
        for _mtime, size, path in sorted(entries):
            if total <= self.max_bytes * KEEP_SHARE:
                break
            self._remove(Path(path))
            total -= size

    @staticmethod
    def _remove(path: Path) -> None:
        with contextlib.suppress(OSError):
            path.unlink()
