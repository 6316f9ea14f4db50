"""Undo snapshots keep their rows in temporary files (``service.spilled_rows``): deleting many
large articles keeps a few bytes per article in memory, the undo puts back exactly what was
there, and the files go when the snapshot does."""

from __future__ import annotations

import gc
import os
import stat
import tracemalloc
from pathlib import Path

import pytest

from dossierdesk.importers import SourceFile
from dossierdesk.service import Archive
from dossierdesk.service.spilled_rows import SpilledRows


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_rows_come_back_in_order_a_chunk_at_a_time() -> None:
    rows = SpilledRows()
    assert not rows and len(rows) == 0 and list(rows) == []
    assert rows.path is None  # no file until there are rows
    rows.extend([{"id": 1, "data": b"\x00" * 10}, {"id": 2, "data": None}])
    rows.extend([])
    rows.extend([{"id": 3, "text": "é" * 5}])
    assert len(rows) == 3 and rows
    assert [len(chunk) for chunk in rows.chunks()] == [2, 1]
    assert [r["id"] for r in rows] == [1, 2, 3]
    assert next(iter(rows))["data"] == b"\x00" * 10
    assert list(rows) == list(rows)  # read again, the same
    assert stat.S_IMODE(os.stat(rows.path).st_mode) == 0o600
    path = rows.path
    del rows
    gc.collect()
    assert not os.path.exists(path)
    closed = SpilledRows()
    closed.extend([{"id": 1}])
    path = closed.path
    assert path is not None and os.path.exists(path)
    closed.close()
    assert not os.path.exists(path) and not closed and list(closed) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="Linux: counts descriptors")
def test_many_sets_of_rows_hold_files_not_descriptors() -> None:
    before = _open_descriptors()
    held = []
    for n in range(300):  # an undo history of many deletes
        rows = SpilledRows()
        rows.extend([{"id": n}])
        held.append(rows)
    assert _open_descriptors() <= before + 2
    assert [next(iter(r))["id"] for r in held] == list(range(300))


def _large_articles(archive: Archive, n: int, words: int) -> list[int]:
    files = [
        SourceFile(
            f"large-{k}.txt",
            (f"Large report {k}\n\n" + " ".join(f"w{k}x{i}" for i in range(words))).encode(),
        )
        for k in range(n)
    ]
    archive.import_sources(files, total=n)
    return sorted(archive.search("", limit=None).ids)


def test_a_snapshot_of_large_articles_keeps_them_out_of_memory(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.sqlite3") as archive:
        ids = _large_articles(archive, 40, 6_000)  # 40 texts of ~50 KB, and their files
        archive.add_tags(ids[:7], ["keep"])
        before = list(archive.articles(ids))
        originals = {i: archive.original(i) for i in ids}
        gc.collect()
        tracemalloc.start()
        try:
            snapshot = archive.take_articles(ids)
            gc.collect()
            held, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert len(snapshot) == 40 and archive.search("", limit=None).total == 0
        assert held < 1_000_000  # the texts and files (over 4 MB) are not in memory...
        spilled = snapshot.texts
        assert isinstance(spilled, SpilledRows) and isinstance(snapshot.source_files, SpilledRows)
        assert os.path.getsize(spilled.path) > 40 * 40_000  # ...but on disk
        archive.restore_articles(snapshot)
        assert list(archive.articles(ids)) == before
        assert {i: archive.original(i) for i in ids} == originals
        assert archive.check().ok
        path = spilled.path
        del snapshot, spilled
        gc.collect()
        assert not os.path.exists(path)


@pytest.mark.skipif(os.name != "posix", reason="processes are asked for by id on POSIX")
def test_the_files_a_crashed_process_left_are_removed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    from dossierdesk.service import spilled_rows

    monkeypatch.setattr(spilled_rows.tempfile, "gettempdir", lambda: str(tmp_path))
    monkeypatch.setattr(spilled_rows, "_made", None)
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    dead = tmp_path / f"{spilled_rows.FOLDER_PREFIX}{int(ended.stdout)}"
    alive = tmp_path / f"{spilled_rows.FOLDER_PREFIX}{os.getppid()}"
    other = tmp_path / "dossierdesk-undo-notes"
    for folder in (dead, alive, other):
        folder.mkdir()
        (folder / "x.rows").write_bytes(b"rows")
    rows = SpilledRows()
    rows.extend([{"id": 1}])
    assert rows.path is not None
    assert Path(rows.path).parent == tmp_path / f"{spilled_rows.FOLDER_PREFIX}{os.getpid()}"
    assert stat.S_IMODE(os.stat(Path(rows.path).parent).st_mode) == 0o700
    assert not dead.exists() and alive.exists() and other.exists()
    assert list(rows) == [{"id": 1}]
