"""A large import keeps the write-ahead log within ``checkpoint.WAL_LIMIT_BYTES`` (issue #11,
fault 11: the ``-wal`` file grew with the whole import, 2.7 GB at 100,000 articles), also
while another connection holds an old snapshot, and loses nothing."""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dossierdesk.importers import SourceFile
from dossierdesk.service import Archive, ImportStatus, import_session
from dossierdesk.service import archive_import as archive_module
from dossierdesk.store import checkpoint

BOUND = 2 * 1024 * 1024  # a transaction here writes 0.2-0.7 MB of log


def _articles(n: int, start: int = 0) -> list[SourceFile]:
    """Articles of a few KB, with enough distinct words that the index keeps growing."""
    rng = random.Random(start)
    vocabulary = [f"{w}{k}" for k in range(400) for w in ("radar", "convoy", "depot", "fleet")]
    files = []
    for i in range(start, start + n):
        body = "\n\n".join(" ".join(rng.choices(vocabulary, k=90)) + "." for _ in range(4))
        text = f"Readiness report number {i}\n\n{body}\n"
        files.append(SourceFile(f"report{i}.txt", text.encode()))
    return files


class _WalWatch:
    """The -wal file's size: sampled by a thread all along, and at each commit of the import
    (just before the checkpointing code runs, when the log is largest)."""

    def __init__(self, archive: Path) -> None:
        self.path = Path(f"{archive}-wal")
        self.sampled = 0
        self.at_commits: list[int] = []
        self.bounds: list[checkpoint.WalBound] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def size(self) -> int:
        try:
            return os.stat(self.path).st_size
        except OSError:
            return 0

    def _sample(self) -> None:
        while not self._stop.wait(0.001):
            self.sampled = max(self.sampled, self.size())

    def __enter__(self) -> _WalWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def wrap(self, real: Any) -> Callable[..., Any]:
        """``background_checkpoints`` whose callback records the size first."""

        @contextlib.contextmanager
        def watched(engine: Any, dbapi_connection: Any) -> Iterator[Callable[[], None]]:
            with real(engine, dbapi_connection) as after_commit:
                self.bounds.append(after_commit.__self__)

                def recorded() -> None:
                    self.at_commits.append(self.size())
                    after_commit()

                yield recorded

        return watched


@pytest.fixture
def watch(archive_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[_WalWatch]:
    monkeypatch.setenv("DOSSIERDESK_PARSE_WORKERS", "0")
    monkeypatch.setattr(archive_module, "BULK_FILES", 10)
    monkeypatch.setattr(import_session, "COMMIT_SECONDS", -1.0)  # commit after every chunk
    monkeypatch.setattr(checkpoint, "WAL_LIMIT_BYTES", BOUND)
    watcher = _WalWatch(archive_path)
    monkeypatch.setattr(
        archive_module,
        "background_checkpoints",
        watcher.wrap(archive_module.background_checkpoints),
    )
    with watcher:
        yield watcher


def _integrity(path: Path) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()


def test_the_log_stays_within_its_bound_during_a_large_import(
    archive: Archive, archive_path: Path, watch: _WalWatch
) -> None:
    files = _articles(1500)
    report = archive.import_sources(files, total=len(files), chunk_files=8)
    assert report.count(ImportStatus.IMPORTED) == len(files)
    (bound,) = watch.bounds
    # Without the bound the log grew to about 20 times BOUND here; with it, one transaction
    # (less than BOUND / 2) goes past the bound before the log restarts.
    assert max(watch.at_commits) <= 1.5 * BOUND
    assert watch.sampled <= 1.5 * BOUND
    assert bound.restarts >= 8
    assert archive.count() == len(files)
    assert archive.check().ok
    assert archive.count("readiness") == len(files)
    with archive._engine.connect() as conn:
        # The importing connection's settings are back (every pooled connection's are).
        for _ in range(3):
            assert conn.exec_driver_sql("PRAGMA journal_size_limit").scalar() == -1
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
    assert _integrity(archive_path) == [("ok",)]


def test_an_old_snapshot_held_elsewhere_delays_the_restart_without_stalling_the_import(
    archive: Archive, archive_path: Path, watch: _WalWatch, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another connection reading since before the import (a long read in the window) keeps
    # the log from restarting: the import waits RESTART_BUSY_MS for it once per BOUND of log,
    # not at every commit, and restarts the log once the reader is done.
    monkeypatch.setattr(checkpoint, "RESTART_BUSY_MS", 20)
    archive.import_sources(_articles(20, start=10_000), total=20, chunk_files=8)
    watch.at_commits.clear()
    reader = sqlite3.connect(archive_path, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM articles").fetchone() == (20,)
    calls: list[tuple[int, bool]] = []  # (commits so far, busy)
    real_restart = checkpoint.WalBound._restart

    def restart(self: checkpoint.WalBound) -> bool:
        busy = real_restart(self)
        calls.append((len(watch.at_commits), busy))
        if len(calls) == 3:
            reader.execute("COMMIT")  # the reader is done
        return busy

    monkeypatch.setattr(checkpoint.WalBound, "_restart", restart)
    files = _articles(1500)
    try:
        report = archive.import_sources(files, total=len(files), chunk_files=8)
    finally:
        reader.close()
    assert report.count(ImportStatus.IMPORTED) == len(files)
    assert [busy for _, busy in calls[:3]] == [True, True, True]
    assert not any(busy for _, busy in calls[3:])  # restarts again once the reader is done
    assert len(calls) > 5
    # Tried again only once the log has grown by another BOUND (several commits).
    assert calls[1][0] - calls[0][0] >= 3
    assert calls[2][0] - calls[1][0] >= 3
    assert archive.count() == len(files) + 20
    assert archive.check().ok
    assert _integrity(archive_path) == [("ok",)]
