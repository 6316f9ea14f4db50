"""Parsing source files, in worker processes for large batches.

Parsing is pure CPU work (pure functions from bytes to articles), so large imports parse in a
small process pool while the calling thread reads files and writes to the database. Results
come back in input order, and at most a bounded number of files is in flight, so a batch is
never held in memory whole. Small batches parse in-process (a pool costs ~0.5 s to start).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from dossierdesk.importers import (
    ParsedArticle,
    ParseError,
    SourceFailure,
    SourceFile,
    parse_document,
)

log = logging.getLogger(__name__)

ParseResult = list[ParsedArticle] | ParseError
Parsed = tuple[SourceFile | SourceFailure, ParseResult | None]

POOL_THRESHOLD = 256  # files; below this, parse in-process
_CHUNK = 32  # files per task sent to a worker
_IN_FLIGHT = 8  # tasks per worker in flight


def _parse_one(name: str, data: bytes) -> ParseResult:
    try:
        return parse_document(data, name)
    except ParseError as exc:
        return exc


def _parse_chunk(items: list[tuple[str, bytes]]) -> list[ParseResult]:
    return [_parse_one(name, data) for name, data in items]


def _pool_workers() -> int:
    cpus = os.cpu_count() or 1
    return max(0, min(cpus, 4))


def _mp_context() -> multiprocessing.context.BaseContext:
    # forkserver: safe in a process that runs threads (the GUI); spawn where there is no fork.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def parse_sources(
    sources: Iterable[SourceFile | SourceFailure], *, total: int | None = None
) -> Iterator[Parsed]:
    """Yield (source, articles or ParseError) in input order; failures pass through as None."""
    workers = _pool_workers()
    if total is None or total < POOL_THRESHOLD or workers < 2:
        for item in sources:
            yield (
                item,
                (None if isinstance(item, SourceFailure) else _parse_one(item.name, item.data)),
            )
        return
    yield from _parse_in_pool(iter(sources), workers)


def _parse_in_pool(sources: Iterator[SourceFile | SourceFailure], workers: int) -> Iterator[Parsed]:
    pending: deque[tuple[list[SourceFile | SourceFailure], Future[list[ParseResult]]]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context()) as pool:
        try:
            while True:
                while len(pending) < workers * _IN_FLIGHT:
                    batch = list(islice(sources, _CHUNK))
                    if not batch:
                        break
                    files = [(s.name, s.data) for s in batch if isinstance(s, SourceFile)]
                    pending.append((batch, pool.submit(_parse_chunk, files)))
                if not pending:
                    return
                batch, future = pending.popleft()
                results = iter(future.result())
                for item in batch:
                    yield item, (None if isinstance(item, SourceFailure) else next(results))
        finally:
            for _, future in pending:
                future.cancel()
