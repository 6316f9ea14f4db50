"""Rows kept in a temporary file instead of memory: the heavy part of an undo snapshot.

Deleting articles keeps what it deleted so that the step can be undone: their rows, their
texts and their original files. Held in memory, that grew with what was deleted (15,000
articles of the benchmark archive: 152 MB; undoing an import of 100,000 pages would hold every
page). ``SpilledRows`` appends rows a chunk at a time to a file of the temporary folder
(readable by this user only) and reads them back a chunk at a time, so that taking and
restoring a snapshot stay within a chunk's memory whatever was deleted. The file is removed
when the rows are no longer referenced (the undo step is dropped) or when the program ends;
the files of a process that crashed are removed by the next one that makes some (each
process keeps its files in a folder named with its id).

The file holds pickles that this process wrote itself, read back only by it.
"""

from __future__ import annotations

import atexit
import logging
import os
import pickle
import shutil
import tempfile
import weakref
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

log = logging.getLogger(__name__)

Row = Mapping[str, Any]


class SpilledRows:
    """An append-only sequence of rows (column dicts) in a temporary file, read back in the
    chunks it was written in.

    The file is made by the first rows appended, and opened only while rows are written or
    read: an undo history of many steps holds files, not open descriptors."""

    def __init__(self) -> None:
        self.path: str | None = None
        self._count = 0
        self._remover: weakref.finalize[Any, SpilledRows] | None = None

    def extend(self, rows: Sequence[Row]) -> None:
        """Append a chunk of rows (written at once; nothing of it is kept in memory)."""
        if not rows:
            return
        if self.path is None:
            fd, path = tempfile.mkstemp(suffix=".rows", dir=_folder())  # mode 0600
            os.close(fd)
            self.path = path
            self._remover = weakref.finalize(self, _remove, path)
        with open(self.path, "ab") as handle:
            pickle.dump([dict(r) for r in rows], handle, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += len(rows)

    def chunks(self) -> Iterator[list[dict[str, Any]]]:
        """The rows, chunk by chunk, in the order they were appended."""
        if self.path is None:
            return
        with open(self.path, "rb") as handle:
            while True:
                try:
                    chunk: list[dict[str, Any]] = pickle.load(handle)
                except EOFError:
                    return
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
        if self._remover is not None:
            self._remover()
        self.path, self._remover, self._count = None, None, 0


FOLDER_PREFIX = "dossierdesk-undo-"  # + the process id: this process's files
_made: str | None = None


def _folder() -> str:
    """This process's folder of rows in the temporary folder (mode 0700), made on first use;
    the folders that processes no longer running left behind (a crash) are removed then."""
    global _made
    if _made is None:
        root = tempfile.gettempdir()
        _sweep(root)
        folder = os.path.join(root, f"{FOLDER_PREFIX}{os.getpid()}")
        os.makedirs(folder, mode=0o700, exist_ok=True)
        atexit.register(shutil.rmtree, folder, True)
        _made = folder
    return _made


def _sweep(root: str) -> None:
    """Remove the folders of rows of processes that have ended (POSIX: a process is asked
    for by its id; elsewhere nothing is removed)."""
    if os.name != "posix":
        return
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        pid = name[len(FOLDER_PREFIX) :]
        if not name.startswith(FOLDER_PREFIX) or not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)
        except OSError:  # running, as another user
            continue


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        log.debug("could not remove %s", path, exc_info=True)
