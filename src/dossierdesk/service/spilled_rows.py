"""Rows kept in a temporary file instead of memory: the heavy part of an undo snapshot.

Deleting articles keeps what it deleted so that the step can be undone: their rows, their
texts and their original files. Held in memory, that grew with what was deleted (15,000
articles of the benchmark archive: 152 MB; undoing an import of 100,000 pages would hold every
page). ``SpilledRows`` appends rows a chunk at a time to a file of the temporary folder
(readable by this user only) and reads them back a chunk at a time, so that taking and
restoring a snapshot stay within a chunk's memory whatever was deleted. The file is removed
when the rows are no longer referenced (the undo step is dropped) or when the program ends.

The file holds pickles that this process wrote itself, read back only by it.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
import weakref
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

log = logging.getLogger(__name__)

Row = Mapping[str, Any]


class SpilledRows:
    """An append-only sequence of rows (column dicts) in a temporary file, read back in the
    chunks it was written in."""

    def __init__(self, prefix: str = "dossierdesk-undo-") -> None:
        fd, self.path = tempfile.mkstemp(prefix=prefix, suffix=".rows")
        self._file = os.fdopen(fd, "w+b")
        self._count = 0
        self._closer = weakref.finalize(self, _remove, self._file, self.path)

    def extend(self, rows: Sequence[Row]) -> None:
        """Append a chunk of rows (written at once; nothing of it is kept in memory)."""
        if not rows:
            return
        self._file.seek(0, os.SEEK_END)
        pickle.dump([dict(r) for r in rows], self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += len(rows)

    def chunks(self) -> Iterator[list[dict[str, Any]]]:
        """The rows, chunk by chunk, in the order they were appended."""
        self._file.flush()
        position = 0
        while position < self._file_size():
            self._file.seek(position)
            chunk: list[dict[str, Any]] = pickle.load(self._file)
            position = self._file.tell()
            yield chunk

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for chunk in self.chunks():
            yield from chunk

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def close(self) -> None:
        """Remove the file now (the rows are gone)."""
        self._closer()

    def _file_size(self) -> int:
        return os.fstat(self._file.fileno()).st_size


def _remove(handle: Any, path: str) -> None:
    try:
        handle.close()
        os.unlink(path)
    except OSError:
        log.debug("could not remove %s", path, exc_info=True)
