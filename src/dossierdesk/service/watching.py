"""Watch folders: import the files that appear in a folder (``~/Downloads``) once they stop
growing, without ever moving or deleting them.

``FolderWatch`` polls with ``os.scandir`` (no inotify: it works the same on every platform and
on network shares). It is not recursive: a saved page's companion folder (``Page_files``) is
read by the normal import of the page itself. The files already in a folder when watching
starts are not imported, only the ones that appear later; what was seen is kept in a small
JSON file (in the user state dir) so that a restart imports what arrived meanwhile and not
the whole folder again. Re-importing is harmless anyway: the archive recognises duplicates.

A file is *ready* when two consecutive polls find the same size and modification time; hidden
files and partial downloads (``.part``, ``.crdownload``, ``.download``, ``.tmp``, ``~$…``) are
never imported. The caller imports the ready paths (``Archive.import_paths`` or the GUI's
import); the files are only read.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_state_path

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 5.0
STATE_FILE = "watch.json"

# Names browsers and office programs use while a file is still being written.
PARTIAL_SUFFIXES = frozenset({".part", ".partial", ".crdownload", ".download", ".tmp", ".temp"})
PARTIAL_PREFIXES = (".", "~$", ".~lock")


def default_state_path(name: str = STATE_FILE) -> Path:
    return user_state_path("DossierDesk", appauthor=False) / name


def is_candidate(name: str) -> bool:
    """Whether a file of this name may be imported: not hidden, not a partial download."""
    if not name or name.startswith(PARTIAL_PREFIXES):
        return False
    return os.path.splitext(name)[1].lower() not in PARTIAL_SUFFIXES


@dataclass(frozen=True, slots=True)
class Stamp:
    """What tells a file has changed: its size and modification time."""

    size: int
    mtime_ns: int


def _scan(folder: Path) -> dict[str, Stamp] | None:
    """The candidate files directly in ``folder`` (``None`` when it cannot be read)."""
    found: dict[str, Stamp] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not is_candidate(entry.name):
                    continue
                try:
                    if not entry.is_file():
                        continue
                    st = entry.stat()
                except OSError:
                    continue
                found[entry.name] = Stamp(st.st_size, st.st_mtime_ns)
    except OSError as exc:
        log.warning("cannot read the watched folder %s: %s", folder, exc)
        return None
    return found


class FolderWatch:
    """Polls ``folders`` and says which new files are ready to import.

    ``start()`` takes note of what is there (or of the saved state); each ``poll()`` returns
    the files that appeared since and have stopped growing, and counts them as seen from then
    on (whatever their import's outcome: a failure is not retried at every poll).
    ``state_path=None`` keeps the state in memory only.
    """

    def __init__(self, folders: Iterable[Path | str], *, state_path: Path | None = None) -> None:
        self.folders: list[Path] = []
        for folder in folders:
            path = Path(folder).expanduser().absolute()
            if path not in self.folders:
                self.folders.append(path)
        self.state_path = state_path
        self._seen: dict[Path, dict[str, Stamp]] = {}
        self._pending: dict[Path, dict[str, Stamp]] = {}
        self._started = False

    def start(self) -> None:
        """Note what the folders hold (once: later calls keep what was learnt since)."""
        if self._started:
            return
        saved = self._load_state()
        for folder in self.folders:
            now = _scan(folder)
            known = saved.get(str(folder))
            if known is None:  # first time this folder is watched: what is there is old
                self._seen[folder] = dict(now or {})
            else:
                self._seen[folder] = known
            self._pending[folder] = {}
        self._started = True
        self._save_state()

    def poll(self) -> list[Path]:
        """The new files that have kept their size and time since the previous poll."""
        if not self._started:
            self.start()
        ready: list[Path] = []
        for folder in self.folders:
            now = _scan(folder)
            if now is None:
                continue
            seen = self._seen.setdefault(folder, {})
            pending = self._pending.setdefault(folder, {})
            for name in [n for n in seen if n not in now]:  # gone: forget it
                del seen[name]
            for name in [n for n in pending if n not in now]:
                del pending[name]
            for name, stamp in sorted(now.items()):
                if seen.get(name) == stamp:
                    continue
                if pending.get(name) == stamp:
                    del pending[name]
                    seen[name] = stamp
                    ready.append(folder / name)
                else:  # new, or still growing
                    pending[name] = stamp
        if ready:
            self._save_state()
        return ready

    @property
    def waiting(self) -> int:
        """How many new files are waiting to stop growing."""
        return sum(len(p) for p in self._pending.values())

    def _load_state(self) -> dict[str, dict[str, Stamp]]:
        if self.state_path is None:
            return {}
        try:
            raw = json.loads(self.state_path.read_text(encoding="utf-8"))
            return {
                folder: {name: Stamp(int(v[0]), int(v[1])) for name, v in files.items()}
                for folder, files in raw.get("folders", {}).items()
            }
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, AttributeError, IndexError) as exc:
            log.warning("ignoring the unreadable watch state %s: %s", self.state_path, exc)
            return {}

    def _save_state(self) -> None:
        if self.state_path is None:
            return
        # Keep other folders' entries (watched by another run): merge into what is saved.
        data = {folder: files for folder, files in self._load_state().items()}
        for folder, files in self._seen.items():
            data[str(folder)] = files
        payload = {
            "folders": {
                folder: {name: [s.size, s.mtime_ns] for name, s in sorted(files.items())}
                for folder, files in data.items()
            }
        }
        try:
            self.state_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.state_path.with_name(self.state_path.name + ".new")
            tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.state_path)
        except OSError as exc:
            log.warning("cannot save the watch state %s: %s", self.state_path, exc)


def watch(
    watcher: FolderWatch,
    handle: Callable[[Sequence[Path]], object],
    *,
    interval: float = DEFAULT_INTERVAL,
    once: bool = False,
    sleep: Callable[[float], None] | None = None,
) -> None:
    """Poll every ``interval`` seconds and hand the ready files to ``handle`` (until
    interrupted). ``once``: a first poll, one settle interval, a second poll, then return."""
    pause = sleep or time.sleep
    watcher.start()
    first = True
    while True:
        if not first:
            pause(interval)
        ready = watcher.poll()
        if ready:
            handle(ready)
        if once and not first:
            return
        first = False
