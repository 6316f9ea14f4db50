"""Parsing in worker processes: same results as sequential parsing, in order, and a fallback to
sequential parsing whenever the pool cannot start or breaks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from dossierdesk.importers import ParseError, SourceFailure, SourceFile, iter_sources
from dossierdesk.importers.containers import UnreadFile
from dossierdesk.service import Archive, ImportStatus, parsing
from dossierdesk.service.parsing import Parsed, parse_sources
from dossierdesk.service.writer import prepare

Source = SourceFile | SourceFailure


def _sources(corpus_dir: Path) -> list[Source]:
    items: list[Source] = list(iter_sources([corpus_dir]))
    # Read failures and unparsable files keep their place among the others.
    items.insert(3, SourceFailure("missing.txt", "file not found"))
    items.insert(7, SourceFile("binary.txt", b"\x00\x01\x02" * 100))
    items.append(SourceFile("empty.txt", b""))
    return items


def _comparable(results: list[Parsed]) -> list[tuple[str, object]]:
    """Per file: the error, or each article's fields and rows as the writer will store them
    (parser processes send articles without text and images, which their rows carry)."""
    out: list[tuple[str, object]] = []
    for item, result, prepared in results:
        if isinstance(result, ParseError):
            out.append((item.name, ("error", str(result))))
        elif result is None:
            out.append((item.name, None))
        else:
            rows = prepared if prepared is not None else [prepare(a) for a in result]
            slim = [replace(a, paragraphs=(), images=()) for a in result]
            out.append((item.name, list(zip(slim, rows, strict=True))))
    return out


class _CountingPool(parsing.ProcessPoolExecutor):
    submitted = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        type(self).submitted += 1
        return super().submit(fn, *args, **kwargs)


def test_parallel_results_equal_sequential(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _sources(corpus_dir)
    sequential = list(parse_sources(sources, total=len(sources), workers=0))
    monkeypatch.setattr(parsing, "ProcessPoolExecutor", _CountingPool)
    monkeypatch.setattr(parsing, "BATCH_FILES", 4)  # several batches in flight
    parallel = list(parse_sources(sources, total=len(sources), workers=2, min_parallel=1))
    assert _CountingPool.submitted >= len(sources) // 4  # the pool really did the parsing
    assert [item.name for item, _, _ in parallel] == [item.name for item in sources]
    assert _comparable(parallel) == _comparable(sequential)
    failures = [
        (item.name, result) for item, result, _ in parallel if isinstance(item, SourceFailure)
    ]
    assert failures == [("missing.txt", None)]
    errors = {item.name for item, result, _ in parallel if isinstance(result, ParseError)}
    assert {"binary.txt", "empty.txt"} <= errors


def test_small_batches_and_unknown_totals_stay_sequential(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("no pool expected")

    monkeypatch.setattr(parsing, "ProcessPoolExecutor", no_pool)
    sources = _sources(corpus_dir)
    assert len(list(parse_sources(sources, total=len(sources), workers=2))) == len(sources)
    assert len(list(parse_sources(sources, workers=2, min_parallel=1))) == len(sources)
    monkeypatch.setenv(parsing.WORKERS_ENV, "1")
    assert len(list(parse_sources(sources, total=10**6))) == len(sources)


def test_pool_that_cannot_start_falls_back(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    sources = _sources(corpus_dir)
    expected = _comparable(list(parse_sources(sources, workers=0)))
    monkeypatch.setattr(parsing, "ProcessPoolExecutor", broken)
    results = list(parse_sources(sources, total=len(sources), workers=2, min_parallel=1))
    assert _comparable(results) == expected


class _DyingPool:
    """Parses the first batches in this process, then behaves like a pool whose worker died."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.calls = 0
        self.shut_down = False

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        self.calls += 1
        future: Future[Any] = Future()
        if self.calls <= 2:
            future.set_result(fn(*args))
        else:
            future.set_exception(BrokenProcessPool("a worker died"))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.shut_down = True


def test_pool_that_breaks_midway_falls_back_in_order(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _sources(corpus_dir)
    expected = _comparable(list(parse_sources(sources, workers=0)))
    pools: list[_DyingPool] = []

    def factory(*args: object, **kwargs: object) -> _DyingPool:
        pools.append(_DyingPool())
        return pools[-1]

    monkeypatch.setattr(parsing, "ProcessPoolExecutor", factory)
    monkeypatch.setattr(parsing, "BATCH_FILES", 3)
    results = list(parse_sources(sources, total=len(sources), workers=2, min_parallel=1))
    assert _comparable(results) == expected
    assert pools[0].calls > 2 and pools[0].shut_down


def test_closing_early_stops_the_pool(corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pools: list[_DyingPool] = []

    def factory(*args: object, **kwargs: object) -> _DyingPool:
        pools.append(_DyingPool())
        return pools[-1]

    monkeypatch.setattr(parsing, "ProcessPoolExecutor", factory)
    monkeypatch.setattr(parsing, "BATCH_FILES", 2)
    results: Iterator[Parsed] = parse_sources(
        _sources(corpus_dir), total=100, workers=2, min_parallel=1
    )
    next(results)
    results.close()  # what a cancelled import does
    assert pools[0].shut_down


def test_archive_import_in_parallel_matches_sequential(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
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
    monkeypatch.setattr(parsing, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(parsing, "ProcessPoolExecutor", _CountingPool)
    _CountingPool.submitted = 0
    parallel = run("2", tmp_path / "par.sqlite3")
    assert _CountingPool.submitted > 0
    assert parallel == sequential
    statuses = {row[1] for row in parallel if len(row) == 3}
    assert {ImportStatus.IMPORTED, ImportStatus.FAILED} <= statuses


def test_spawn_only_when_the_main_module_is_safe_to_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys
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
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    files = sorted(corpus_dir.iterdir())[:6]
    sources: list[parsing.Source] = [UnreadFile(str(p)) for p in files]
    sources.insert(2, UnreadFile(str(tmp_path / "gone.txt")))
    sources.insert(4, UnreadFile(str(big), max_bytes=1000))
    sources.append(SourceFile("inline.txt", b"Inline title\n\nInline body text."))
    sequential = list(parse_sources(sources, workers=0))
    monkeypatch.setattr(parsing, "BATCH_FILES", 3)
    parallel = list(parse_sources(sources, total=len(sources), workers=2, min_parallel=1))
    assert _comparable(parallel) == _comparable(sequential)
    assert [item for item, _, _ in parallel] == [item for item, _, _ in sequential]
    by_name = {item.name: item for item, _, _ in parallel}
    assert by_name[str(files[0])] == SourceFile(str(files[0]), files[0].read_bytes())
    assert by_name[str(tmp_path / "gone.txt")] == SourceFailure(
        str(tmp_path / "gone.txt"), "file or folder not found"
    )
    assert isinstance(by_name[str(big)], SourceFailure)
    assert "too large" in by_name[str(big)].reason


def test_parse_ahead_hands_out_work_at_once_and_gives_the_same_results(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _sources(corpus_dir)
    expected = _comparable(list(parse_sources(sources, workers=0)))
    monkeypatch.setattr(parsing, "ProcessPoolExecutor", _CountingPool)
    monkeypatch.setattr(parsing, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(parsing, "BATCH_FILES", 4)
    monkeypatch.setenv(parsing.WORKERS_ENV, "2")
    _CountingPool.submitted = 0
    ahead = parsing.ParseAhead(sources, total=len(sources))
    assert _CountingPool.submitted == -(-len(sources) // 4)  # before any result was asked for
    assert _comparable(list(ahead.results())) == expected
    with pytest.raises(RuntimeError):
        ahead.results()
    ahead.close()


def test_parse_ahead_closed_unused_stops_its_pool(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools: list[_DyingPool] = []

    def factory(*args: object, **kwargs: object) -> _DyingPool:
        pools.append(_DyingPool())
        return pools[-1]

    monkeypatch.setattr(parsing, "ProcessPoolExecutor", factory)
    monkeypatch.setattr(parsing, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setenv(parsing.WORKERS_ENV, "2")
    ahead = parsing.ParseAhead(_sources(corpus_dir), total=40)
    ahead.close()  # e.g. the archive could not be opened
    assert pools[0].shut_down


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
