"""Parsing in worker processes gives exactly the sequential results, in order, and falls back
to parsing in the importing process whenever the workers cannot do their part."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pytest

from dossierdesk.importers import SourceFailure, SourceFile, iter_sources
from dossierdesk.importers.containers import UnreadFile
from dossierdesk.service import Archive, ImportStatus, parse_pool, parse_worker, parsing
from dossierdesk.service.parsing import parse_sources
from dossierdesk.service.rows import PreparedFile

Source = SourceFile | SourceFailure


def _sources(corpus_dir: Path) -> list[Source]:
    items: list[Source] = list(iter_sources([corpus_dir]))
    # Read failures and unparsable files keep their place among the others.
    items.insert(3, SourceFailure("missing.txt", "file not found"))
    items.insert(7, SourceFile("binary.txt", b"\x00\x01\x02" * 100))
    items.append(SourceFile("empty.txt", b""))
    return items


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small batches, workers for any number of files. (Workers are forked or spawned as
    ``pool_context`` decides: forked when the test process has no other thread.)"""
    monkeypatch.setattr(parse_pool, "BATCH_FILES", 3)
    monkeypatch.setattr(parsing, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(parsing, "SPAWNED_MIN_FILES", 1)


@dataclass(frozen=True, slots=True)
class _Treacherous(UnreadFile):
    """A file that kills (or breaks) the parser process reading it, and reads normally in
    the importing process: what a parser crash on one file looks like. Defined at module
    level, so that spawned workers can unpickle it."""

    how: str = "exit"

    def read(self) -> SourceFile | SourceFailure:
        if multiprocessing.parent_process() is not None:  # in a worker
            if self.how == "exit":
                os._exit(3)  # the worker dies without a word
            raise RuntimeError("a parser bug")
        return UnreadFile.read(self)  # (no zero-argument super() in a slots dataclass)


def _parallel(sources: list[Any], workers: int = 2) -> list[parsing.Parsed]:
    return list(parse_sources(sources, total=len(sources), workers=workers, min_parallel=1))


def test_parallel_results_equal_sequential(corpus_dir: Path, forked: None) -> None:
    sources = _sources(corpus_dir)
    sequential = list(parse_sources(sources, workers=0))
    ahead = parsing.ParseAhead(sources, total=len(sources), workers=2)
    assert ahead.parallel
    parallel = list(ahead.results())
    ahead.close()
    assert parallel == sequential
    assert [p.name for p in parallel] == [s.name for s in sources]
    assert sum(isinstance(p, PreparedFile) for p in parallel) >= 30
    assert {p.name for p in parallel if isinstance(p, SourceFailure)} >= {
        "missing.txt",
        "binary.txt",
        "empty.txt",
    }
    # The bytes of files handed over in memory come back (they are not sent twice).
    by_name = {p.name: p for p in parallel}
    kept = next(s for s in sources if isinstance(s, SourceFile) and s.name.endswith(".html"))
    assert isinstance(by_name[kept.name], PreparedFile)
    assert by_name[kept.name].data == kept.data


def test_small_batches_and_unknown_totals_stay_sequential(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _sources(corpus_dir)
    assert not parsing.ParseAhead(sources, total=None, workers=2, min_parallel=1).parallel
    assert not parsing.ParseAhead(sources, total=len(sources), workers=2).parallel  # < 300
    monkeypatch.setenv(parsing.WORKERS_ENV, "0")
    assert not parsing.ParseAhead(sources, total=len(sources), min_parallel=1).parallel


def test_spawned_workers_only_for_larger_batches(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _sources(corpus_dir)
    monkeypatch.setattr(parsing, "pool_context", lambda: get_context("spawn"))
    monkeypatch.setattr(parsing, "SPAWNED_MIN_FILES", 100)
    small = parsing.ParseAhead(sources, total=99, workers=1, min_parallel=1)
    assert not small.parallel
    large = parsing.ParseAhead(sources, total=100, workers=1, min_parallel=1)
    assert large.parallel
    assert list(large.results()) == list(parse_sources(sources, workers=0))
    large.close()


def test_one_worker_per_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parsing.WORKERS_ENV, raising=False)
    for cpus, expected in ((1, 0), (2, 2), (4, 4), (16, 4)):
        monkeypatch.setattr(os, "cpu_count", lambda cpus=cpus: cpus)
        assert parsing.worker_count() == expected
    monkeypatch.setenv(parsing.WORKERS_ENV, "3")
    assert parsing.worker_count() == 3


def test_workers_that_cannot_start_fall_back(
    corpus_dir: Path, forked: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _sources(corpus_dir)
    expected = list(parse_sources(sources, workers=0))

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("no more processes")

    monkeypatch.setattr(parsing, "_WorkerPool", broken)
    ahead = parsing.ParseAhead(sources, total=len(sources), workers=2, min_parallel=1)
    assert not ahead.parallel
    assert list(ahead.results()) == expected


@pytest.mark.parametrize("how", ["exit", "raise"])
def test_a_worker_failing_midway_falls_back_in_order(
    corpus_dir: Path, forked: None, how: str
) -> None:
    sources: list[Any] = sorted(corpus_dir.iterdir())
    expected = list(parse_sources([UnreadFile(str(p)) for p in sources], workers=0))
    items = [UnreadFile(str(p)) for p in sources]
    items[16] = _Treacherous(str(sources[16]), how=how)
    assert _parallel(items) == expected


@pytest.mark.parametrize("ahead", [64, 1])  # read while dealing the first batches, or later
def test_reading_failures_of_the_sources_are_raised(
    corpus_dir: Path, forked: None, monkeypatch: pytest.MonkeyPatch, ahead: int
) -> None:
    monkeypatch.setattr(parse_pool, "IN_FLIGHT_PER_WORKER", ahead)
    sources = _sources(corpus_dir)[:10]

    def failing() -> Iterator[Source]:
        yield from sources
        raise OSError("the folder went away")

    got: list[parsing.Parsed] = []
    with pytest.raises(OSError, match="went away"):
        for item in parse_sources(failing(), total=40, workers=2, min_parallel=1):
            got.append(item)
    assert got == list(parse_sources(sources, workers=0))  # everything read before, in order


def test_large_tasks_wait_for_room(
    corpus_dir: Path, forked: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files handed over in memory travel in the tasks: a worker is dealt no more than its
    # task pipe holds, or one task at a time, and the results are the same.
    monkeypatch.setattr(parse_pool, "WIDE_TASK_ROOM_BYTES", 1)
    monkeypatch.setattr(parse_pool, "TASK_ROOM_BYTES", 1)
    sources = _sources(corpus_dir)
    ahead = parsing.ParseAhead(sources, total=len(sources), workers=2)
    pool = ahead._pool
    assert pool is not None
    # One task each at most, dealt and not done (the collecting thread deals the next as a
    # result comes in, before any is asked for: how many were dealt by now is a race).
    assert pool._dealt >= 2 and pool._dealt_in_flight <= 2
    got = []
    for item in ahead.results():
        assert pool._dealt_in_flight <= 2
        got.append(item)
    assert got == list(parse_sources(sources, workers=0))
    ahead.close()


def test_closing_early_stops_the_workers(corpus_dir: Path, forked: None) -> None:
    sources = _sources(corpus_dir)
    ahead = parsing.ParseAhead(sources, total=len(sources), workers=2)
    assert ahead._pool is not None
    procs = list(ahead._pool._procs)
    results = ahead.results()
    next(results)
    results.close()  # what a cancelled import does
    assert procs and not any(p.is_alive() for p in procs)
    assert not [t for t in threading.enumerate() if t.name == "parse-results"]


def test_parse_ahead_hands_out_work_at_once(corpus_dir: Path, forked: None) -> None:
    sources = [UnreadFile(str(p)) for p in sorted(corpus_dir.iterdir())]
    expected = list(parse_sources(sources, workers=0))
    ahead = parsing.ParseAhead(sources, total=len(sources), workers=2)
    assert ahead._pool is not None
    assert ahead._pool._dealt == -(-len(sources) // 3)  # before any result was asked for
    assert list(ahead.results()) == expected
    with pytest.raises(RuntimeError):
        ahead.results()
    ahead.close()


def test_parse_ahead_closed_unused_stops_its_workers(corpus_dir: Path, forked: None) -> None:
    ahead = parsing.ParseAhead(_sources(corpus_dir), total=40, workers=2)
    assert ahead._pool is not None
    procs = list(ahead._pool._procs)
    ahead.close()  # e.g. the archive could not be opened
    assert procs and not any(p.is_alive() for p in procs)


def test_spawned_workers_give_the_same_results(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the GUI does: it imports from a thread, where forking is not safe.
    sources = _sources(corpus_dir)[:12]
    monkeypatch.setattr(parsing, "pool_context", lambda: get_context("spawn"))
    monkeypatch.setattr(parse_pool, "BATCH_FILES", 4)
    monkeypatch.setattr(parsing, "SPAWNED_MIN_FILES", 1)
    assert _parallel(sources, workers=1) == list(parse_sources(sources, workers=0))


def test_archive_import_in_parallel_matches_sequential(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: None
) -> None:
    pools: list[object] = []
    real_pool = parsing._WorkerPool

    def counting(*args: Any) -> Any:
        pools.append(real_pool(*args))
        return pools[-1]

    monkeypatch.setattr(parsing, "_WorkerPool", counting)

    def run(workers: str, path: Path) -> list[tuple[object, ...]]:
        monkeypatch.setenv(parsing.WORKERS_ENV, workers)
        with Archive(path) as arch:
            report = arch.import_paths([corpus_dir, corpus_dir / "missing.txt"])
            rows: list[tuple[object, ...]] = [(o.file, o.status, o.title) for o in report.outcomes]
            assert arch.check().ok
            # What was stored, row for row (rows prepared by the workers included).
            with arch._engine.connect() as conn:
                for table in ("articles", "article_texts", "images", "article_authors"):
                    info = conn.exec_driver_sql(f"PRAGMA table_info({table})")
                    columns = ", ".join(r[1] for r in info if r[1] != "imported_at")
                    query = f"SELECT {columns} FROM {table} ORDER BY 1, 2"
                    rows.extend(tuple(r) for r in conn.exec_driver_sql(query))
            return rows

    sequential = run("0", tmp_path / "seq.sqlite3")
    assert not pools
    parallel = run("2", tmp_path / "par.sqlite3")
    assert len(pools) == 1
    assert parallel == sequential
    statuses = {row[1] for row in parallel if len(row) == 3}
    assert {ImportStatus.IMPORTED, ImportStatus.FAILED} <= statuses


def test_spawn_only_when_the_main_module_is_safe_to_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import types

    guarded = tmp_path / "guarded.py"
    guarded.write_text('if __name__ == "__main__":\n    run()\n', encoding="utf-8")
    bare = tmp_path / "bare.py"
    bare.write_text("run()\n", encoding="utf-8")
    for path, expected in ((guarded, True), (bare, False)):
        main = types.ModuleType("__main__")
        main.__file__ = str(path)
        main.__spec__ = None
        monkeypatch.setitem(sys.modules, "__main__", main)
        assert parsing._main_is_importable() is expected
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert parsing.pool_context() is None


def test_unread_files_are_read_by_the_workers(
    corpus_dir: Path, tmp_path: Path, forked: None
) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    files = sorted(corpus_dir.iterdir())[:6]
    sources: list[parsing.Source] = [UnreadFile(str(p)) for p in files]
    sources.insert(2, UnreadFile(str(tmp_path / "gone.txt")))
    sources.insert(4, UnreadFile(str(big), max_bytes=1000))
    sources.append(SourceFile("inline.txt", b"Inline title\n\nInline body text."))
    sequential = list(parse_sources(sources, workers=0))
    parallel = _parallel(sources)
    assert parallel == sequential
    by_name = {item.name: item for item in parallel}
    first = by_name[str(files[0])]
    assert isinstance(first, PreparedFile)
    assert first.data == files[0].read_bytes()
    assert by_name[str(tmp_path / "gone.txt")] == SourceFailure(
        str(tmp_path / "gone.txt"), "file or folder not found"
    )
    too_big = by_name[str(big)]
    assert isinstance(too_big, SourceFailure)
    assert "too large" in too_big.reason


def test_the_command_line_starts_parsing_before_loading_sqlalchemy() -> None:
    # The parser processes are forked from a process that has not loaded SQLAlchemy yet:
    # they start at once and the two overlap (see cli.main).
    code = (
        "import sys, dossierdesk.cli.main\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')]\n"
        "sys.exit(len(heavy))\n"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_cli_import_into_an_archive_that_cannot_be_opened_stops_its_workers(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossierdesk.cli.main import main

    closed: list[bool] = []
    real_close = parsing.ParseAhead.close

    def close(self: parsing.ParseAhead) -> None:
        closed.append(True)
        real_close(self)

    monkeypatch.setattr(parsing.ParseAhead, "close", close)
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("not a database", encoding="utf-8")
    assert main(["--archive", str(bogus), "import", str(corpus_dir)]) == 1
    assert closed == [True]
    assert bogus.read_text(encoding="utf-8") == "not a database"


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended (its parent is gone)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_workers_end_when_the_importing_process_dies(corpus_dir: Path, tmp_path: Path) -> None:
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from dossierdesk.importers.containers import UnreadFile\n"
        "from dossierdesk.service import parsing\n"
        "parsing.PARALLEL_MIN_FILES = 1\n"
        f"files = sorted(Path({str(corpus_dir)!r}).iterdir())\n"
        "ahead = parsing.ParseAhead([UnreadFile(str(p)) for p in files], total=len(files),"
        " workers=2)\n"
        "print(' '.join(str(p.pid) for p in ahead._pool._procs), flush=True)\n"
        "os._exit(0)  # killed: nothing is closed\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    pids = [int(pid) for pid in out.split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 10 * parse_worker.ORPHAN_CHECK_SECONDS
    while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(pid) for pid in pids)


@dataclass(frozen=True, slots=True)
class _SlowInWorker(UnreadFile):
    """A file that a parser process is slow to read (parse-bound workers)."""

    def read(self) -> SourceFile | SourceFailure:
        if multiprocessing.parent_process() is not None:
            time.sleep(0.02)
        return UnreadFile.read(self)


def test_the_importing_thread_parses_while_it_has_nothing_to_write(
    corpus_dir: Path, forked: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = sorted(corpus_dir.iterdir()) * 3
    sources: list[Any] = [_SlowInWorker(str(p)) for p in paths]
    expected = list(parse_sources([UnreadFile(str(p)) for p in paths], workers=0))
    here: list[bool] = []
    real = parse_pool._WorkerPool._parse_here

    def counting(pool: parse_pool._WorkerPool) -> bool:
        took = real(pool)
        here.append(took)
        return took

    monkeypatch.setattr(parse_pool._WorkerPool, "_parse_here", counting)
    monkeypatch.setattr(parse_pool, "IN_FLIGHT_PER_WORKER", 2)  # (only batches not dealt yet)
    assert _parallel(sources, workers=1) == expected  # in input order, whoever parsed them
    assert any(here)  # batches were parsed here while the one worker was busy


def _forkserver() -> Any:
    context = get_context("forkserver")
    context.set_forkserver_preload([parsing.WORKER_MODULE])
    return context


@pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here"
)
def test_a_thread_parses_with_workers_from_a_fork_server(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the GUI does: it imports from a thread, where this process may not fork itself.
    monkeypatch.setattr(parse_pool, "BATCH_FILES", 4)
    monkeypatch.setattr(parsing, "_forkserver_started", False)
    chosen: list[Any] = []

    def choose() -> None:
        chosen.append(parsing.pool_context())

    thread = threading.Thread(target=choose)
    thread.start()
    thread.join()
    assert chosen[0] is not None and chosen[0].get_start_method() == "forkserver"

    sources = _sources(corpus_dir)
    expected = list(parse_sources(sources, workers=0))
    monkeypatch.setattr(parsing, "pool_context", _forkserver)
    # The server's own start is paid only by a batch large enough.
    assert not parsing.ParseAhead(sources, total=999, workers=2, min_parallel=1).parallel
    ahead = parsing.ParseAhead(sources, total=1000, workers=2, min_parallel=1)
    assert ahead.parallel and parsing._forkserver_started
    assert ahead._pool is not None
    procs = list(ahead._pool._procs)
    assert all(p.pid != os.getpid() and p.is_alive() for p in procs)
    assert list(ahead.results()) == expected
    ahead.close()
    assert not any(p.is_alive() for p in procs)
    # Once it runs, smaller batches use it too.
    again = parsing.ParseAhead(sources, total=300, workers=1)
    assert again.parallel
    assert list(again.results()) == expected
    again.close()


def test_a_fork_servers_worker_watches_the_importing_process_itself() -> None:
    # Its parent is the fork server: it checks the importing process by its id.
    assert not parse_worker._gone(os.getpid(), direct=False)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # reaped: no process has its id any more
    assert parse_worker._gone(gone.pid, direct=False)
    assert parse_worker._gone(os.getpid(), direct=True)  # not this process's parent
    assert not parse_worker._gone(os.getppid(), direct=True)


WARM_UP = """
import os, sys, threading, time
from pathlib import Path


def main():
    from dossierdesk.service import parsing
    from dossierdesk.importers import SourceFailure

    parsing.warm_up()  # from the main thread, as the window does
    deadline = time.monotonic() + float(sys.argv[1])  # (for a server to show up)
    server = []
    while not (server and parsing._forkserver_started) and time.monotonic() < deadline:
        server.clear()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    cmdline = (entry / "cmdline").read_bytes()
                except OSError:
                    continue
                if stat[1] == str(os.getpid()) and b"forkserver" in cmdline:
                    server.append(int(entry.name))
        time.sleep(0.05)
    chosen = []

    def run():
        sources = [SourceFailure(f"f{i}", "unreadable") for i in range(300)]
        ahead = parsing.ParseAhead(sources, total=300, workers=2)
        chosen.append(ahead.parallel)
        chosen.append(len(list(ahead.results())))
        ahead.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    print(len(server), *chosen)


if __name__ == "__main__":
    main()
"""


@pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods() or sys.platform != "linux",
    reason="a fork server, found through /proc",
)
@pytest.mark.parametrize("workers", ["2", "0"])
def test_a_warmed_up_fork_server_serves_the_next_import_of_300_files(
    tmp_path: Path, workers: str
) -> None:
    script = tmp_path / "warm.py"
    script.write_text(WARM_UP, encoding="utf-8")
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": src, parsing.WORKERS_ENV: workers}
    wait = "30" if workers != "0" else "2"
    out = subprocess.run(
        [sys.executable, str(script), wait], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr
    if workers == "0":  # no workers: no server either, and the files are parsed here
        assert out.stdout.split() == ["0", "False", "300"]
    else:  # below the server's own start threshold, yet in workers: the server was ready
        assert out.stdout.split() == ["1", "True", "300"]
