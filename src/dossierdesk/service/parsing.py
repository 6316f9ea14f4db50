"""Parsing source files as they are read, in worker processes when the batch is large.

Parsing is pure CPU work (bytes in, articles out), so a large import parses in a process pool
while the calling process writes what is already parsed. The pool is built to be robust:

- workers run ``_parse_batch``, a module-level function of this importable module;
- on Linux, from the main thread of a process with no other Python thread (the CLI), workers
  are *forked*: nothing is re-imported and they start at once (they never touch the database
  connections they inherit, and leave through ``os._exit``);
- otherwise (the GUI imports from a worker thread) they are *spawned*, which re-imports the
  main module as ``__mp_main__``: that is done only when the main module is safe to import,
  i.e. run with ``-m``, interactive, or a script whose code runs under an
  ``if __name__ == "__main__"`` guard (the ``dossierdesk`` and ``dossierdesk-cli`` entry points
  are). A script without the guard, or a frozen bundle, parses sequentially;
- files are sent in small batches with a bounded number in flight, so a batch is never held in
  memory as a whole and results come back in input order; a file not read yet
  (``UnreadFile``) is read by the worker, which sends its bytes back with the results;
- if anything goes wrong with the pool (it cannot start, a worker dies, a result cannot be
  sent back), the batches not yet delivered and everything after them are parsed sequentially
  in this process: the import goes on with identical results, only slower.

``DOSSIERDESK_PARSE_WORKERS`` overrides the number of workers (``0`` or ``1``: sequential).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from itertools import islice
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from pathlib import Path

from dossierdesk.importers import (
    ParsedArticle,
    ParseError,
    SourceFailure,
    SourceFile,
    parse_document,
)
from dossierdesk.importers.containers import SourceWalk, UnreadFile
from dossierdesk.service.writer import Prepared, prepare

log = logging.getLogger(__name__)

ParseResult = list[ParsedArticle] | ParseError
# (source, articles or ParseError (None for a read failure), their rows if prepared)
Parsed = tuple[SourceFile | SourceFailure, ParseResult | None, list[Prepared] | None]
# What a worker sends back per file: what it read (None if it was given the bytes), the
# articles or error (None for a read failure), their rows.
Done = tuple[SourceFile | SourceFailure | None, ParseResult | None, list[Prepared] | None]
Source = SourceFile | SourceFailure | UnreadFile

WORKERS_ENV = "DOSSIERDESK_PARSE_WORKERS"
# Below this many files, starting worker processes (~0.3 s each) costs more than it saves.
PARALLEL_MIN_FILES = 300
BATCH_FILES = 16  # files per task: amortises the round trip, keeps results flowing
# Batches queued per worker: enough to keep the workers busy while the writing process commits
# (tasks are mostly file names, read by the workers; results wait in memory only for as long
# as the writer is behind).
IN_FLIGHT_PER_WORKER = 64


def parse_one(name: str, data: bytes) -> ParseResult:
    try:
        return parse_document(data, name)
    except ParseError as exc:
        return exc


def _parse_batch(batch: list[SourceFile | UnreadFile]) -> list[Done]:
    """Worker entry point (module level, so spawned processes can import it). Reads what is
    not read yet and also derives the articles' rows (``writer.prepare``): work the writing
    process is then spared."""
    done: list[Done] = []
    for item in batch:
        read = item.read() if isinstance(item, UnreadFile) else None
        if isinstance(read, SourceFailure):
            done.append((read, None, None))
            continue
        source = read or item
        assert isinstance(source, SourceFile)
        result = parse_one(source.name, source.data)
        if isinstance(result, ParseError):
            done.append((read, result, None))
            continue
        prepared = [prepare(a) for a in result]
        # The prepared rows hold the text and the images: the articles travel back without
        # them (half the bytes to pickle and unpickle). See ``writer.PendingFile``.
        slim = [replace(a, paragraphs=(), images=()) for a in result]
        done.append((read, slim, prepared))
    return done


def worker_count() -> int:
    """Workers for a large batch: the environment override, else one per CPU (at most 4)."""
    override = os.environ.get(WORKERS_ENV, "").strip()
    if override:
        try:
            return max(0, int(override))
        except ValueError:
            log.warning("ignoring %s=%r (not a number)", WORKERS_ENV, override)
    if getattr(sys, "frozen", False):
        return 0
    return min(os.cpu_count() or 1, 4)


def pool_context() -> BaseContext | None:
    """The multiprocessing context to parse with, or ``None`` when no pool is safe here."""
    if getattr(sys, "frozen", False):
        return None
    if (
        sys.platform == "linux"
        and threading.current_thread() is threading.main_thread()
        and threading.active_count() == 1
    ):
        return get_context("fork")
    return get_context("spawn") if _main_is_importable() else None


def _main_is_importable() -> bool:
    """Whether a spawned process may import the main module without running the program."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:
        return True  # ``python -m module``: imported under its own name, guarded by convention
    path = getattr(main, "__file__", None)
    if path is None:
        return True  # interactive or ``python -c``: nothing to import
    try:
        source = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "__main__" in source


def parse_sources(
    sources: Iterable[Source],
    *,
    total: int | None = None,
    workers: int | None = None,
    min_parallel: int | None = None,
) -> Generator[Parsed, None, None]:
    """Yield (source, articles or ParseError, prepared rows or None) in input order; read
    failures pass with None. (``ParseAhead``, started when the first result is asked for.)"""
    ahead = ParseAhead(sources, total=total, workers=workers, min_parallel=min_parallel)
    try:
        yield from ahead.results()
    finally:
        ahead.close()


def parse_paths_ahead(paths: Iterable[Path]) -> ParseAhead:
    """The files under ``paths`` (files, folders, zips), walked once and their parsing started."""
    walk = SourceWalk(paths)
    return ParseAhead(walk.unread(), total=walk.total)


def _sequential(sources: Iterable[Source]) -> Iterator[Parsed]:
    for item in sources:
        if isinstance(item, UnreadFile):
            item = item.read()
        if isinstance(item, SourceFailure):
            yield item, None, None
        else:
            yield item, parse_one(item.name, item.data), None


def _deliver(batch: list[Source], results: list[Done]) -> Iterator[Parsed]:
    it = iter(results)
    for item in batch:
        if isinstance(item, SourceFailure):
            yield item, None, None
            continue
        read, result, prepared = next(it)
        source = item if read is None else read
        assert not isinstance(source, UnreadFile)
        yield source, result, prepared


def _submit(pool: ProcessPoolExecutor, batch: list[Source]) -> Future[list[Done]]:
    files = [item for item in batch if not isinstance(item, SourceFailure)]
    return pool.submit(_parse_batch, files)


_Pending = deque[tuple[list[Source], "Future[list[Done]] | None"]]


def _fill(
    pool: ProcessPoolExecutor, pending: _Pending, sources: Iterator[Source], workers: int
) -> ProcessPoolExecutor | None:
    """Hand batches to the pool until enough are in flight; ``None`` if the pool broke (it is
    shut down, and the batch it refused is queued to be parsed here)."""
    while len(pending) < workers * IN_FLIGHT_PER_WORKER:
        batch = list(islice(sources, BATCH_FILES))
        if not batch:
            break
        try:
            pending.append((batch, _submit(pool, batch)))
        except Exception:
            log.warning("parser processes failed; parsing in this process", exc_info=True)
            pending.append((batch, None))
            _shutdown(pool)
            return None
    return pool


def _start_pool(workers: int, context: BaseContext) -> ProcessPoolExecutor | None:
    try:
        return ProcessPoolExecutor(workers, mp_context=context)
    except Exception:  # any failure: parse here instead
        log.warning("cannot start parser processes; parsing in this process", exc_info=True)
        return None


def _parallel(
    sources: Iterator[Source],
    workers: int,
    pool: ProcessPoolExecutor | None,
    pending: _Pending | None = None,
) -> Iterator[Parsed]:
    """Results of ``pool`` (already given ``pending`` batches, if any), in input order."""
    pending = deque() if pending is None else pending
    try:
        while pool is not None:
            pool = _fill(pool, pending, sources, workers)
            if not pending or pool is None:
                break
            batch, future = pending.popleft()
            assert future is not None
            try:
                results = future.result()
            except Exception:  # re-parsed below, where a parser bug raises as it would
                log.warning("parser processes failed; parsing in this process", exc_info=True)
                pending.appendleft((batch, None))
                _shutdown(pool)
                pool = None
                break
            yield from _deliver(batch, results)
        # Fallback (or nothing left): finish what was handed to the pool, then the rest, here.
        while pending:
            batch, future = pending.popleft()
            yield from _sequential(batch)
        yield from _sequential(sources)
    finally:
        if pool is not None:
            _shutdown(pool)


class ParseAhead:
    """Parsing started before its results are wanted: when the batch is large, the worker
    processes start now and are handed their first batches, so that they parse while the
    caller does something else (the command line opens, or creates, the archive meanwhile).
    The workers are forked from a process that has no archive connection yet.

    Iterate it once (``Archive.import_parsed``); ``close()`` stops the workers if it was not.
    """

    def __init__(
        self,
        sources: Iterable[Source],
        *,
        total: int | None,
        workers: int | None = None,
        min_parallel: int | None = None,
    ) -> None:
        """``total`` (the expected number of files) decides whether a worker pool pays off;
        without it, parsing is sequential. ``workers`` defaults to ``worker_count()``,
        ``min_parallel`` to ``PARALLEL_MIN_FILES``."""
        self.total = total
        self._sources = iter(sources)
        self._pool: ProcessPoolExecutor | None = None
        self._pending: _Pending = deque()
        self._workers = worker_count() if workers is None else workers
        self._results: Generator[Parsed, None, None] | None = None
        threshold = PARALLEL_MIN_FILES if min_parallel is None else min_parallel
        if self._workers < 2 or total is None or total < threshold:
            return
        context = pool_context()
        if context is None:
            log.info("parsing in this process (no safe way to start parser processes here)")
            return
        self._pool = _start_pool(self._workers, context)
        if self._pool is not None:
            self._pool = _fill(self._pool, self._pending, self._sources, self._workers)

    def results(self) -> Generator[Parsed, None, None]:
        """The results, in input order (one iteration only)."""
        if self._results is not None:
            raise RuntimeError("ParseAhead results can be taken only once")
        self._results = self._iterate()
        return self._results

    def _iterate(self) -> Generator[Parsed, None, None]:
        if self._pool is None and not self._pending:
            yield from _sequential(self._sources)
        else:
            yield from _parallel(self._sources, self._workers, self._pool, self._pending)

    def close(self) -> None:
        if self._results is not None:
            self._results.close()
        elif self._pool is not None:
            _shutdown(self._pool)
        self._pool = None


def _shutdown(pool: ProcessPoolExecutor) -> None:
    """Stop the workers without waiting for queued work (a cancelled import returns now)."""
    pool.shutdown(wait=False, cancel_futures=True)
