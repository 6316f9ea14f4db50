"""Parsing source files as they are read, in worker processes when the batch is large.

Parsing is pure CPU work (bytes in, rows out), so a large import parses in worker processes
while the calling process writes what is already parsed. Every file becomes one ``Parsed``
value, in input order: a ``PreparedFile`` (its bytes, their hash and its articles' rows, see
``rows``), a ``PreparedPhoto``, or a ``SourceFailure`` (it could not be read or parsed; the
reason is user-facing).

This module is the entry point (``ParseAhead``, ``parse_sources``, ``parse_paths_ahead``) and
decides whether worker processes are used and how they start; the work itself is done in:

- ``file_parsing``: one file's parsing (``parse_one``, ``parse_item``, re-exported here);
- ``parse_pool``: the worker processes, seen from the importing process (how batches are
  dealt and their results collected in order, and what happens when a worker fails);
- ``parse_worker``: what a worker process runs.

Workers (``worker_count``) are used for batches of ``PARALLEL_MIN_FILES`` files or more. On
Linux, from the main thread of a process with no other thread (the CLI), workers are
*forked*: nothing is re-imported and they start at once. A process with other threads (the
GUI imports from a worker thread) may not fork itself; where the platform has one (Linux,
macOS), a *fork server* forks them instead: a process started once, when an import is
about to happen (``warm_up``) or by the first import large enough
(``FORKSERVER_START_MIN_FILES``), that has loaded the parsers (``parse_worker``, the page and
feed parsers) and nothing else, so that each worker starts at once with them loaded; it ends
with the process that started it. Elsewhere (Windows) workers are *spawned*, which
re-imports everything, for ``SPAWNED_MIN_FILES`` files or more. A fork server's or spawned
worker imports the main module as ``__mp_main__``: that is done only when the main module is
safe to import (run with ``-m``, interactive, or a script whose code runs under an
``if __name__ == "__main__"`` guard, as the entry points are). A script without the guard,
or a frozen bundle, parses sequentially, as does any batch whose workers cannot start.

``DOSSIERDESK_PARSE_WORKERS`` overrides the number of workers (``0``: sequential).
This module imports no SQLAlchemy (nor do the three above), so that workers can be started
before it is loaded.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
from collections.abc import Generator, Iterable
from multiprocessing import forkserver, get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path

from dossierdesk.importers.containers import SourceWalk
from dossierdesk.service.file_parsing import Parsed as Parsed
from dossierdesk.service.file_parsing import Source as Source
from dossierdesk.service.file_parsing import _sequential
from dossierdesk.service.file_parsing import parse_item as parse_item
from dossierdesk.service.file_parsing import parse_one as parse_one
from dossierdesk.service.parse_pool import _WorkerPool

log = logging.getLogger(__name__)

WORKERS_ENV = "DOSSIERDESK_PARSE_WORKERS"
# Below this many files, starting worker processes costs more than it saves: a forked worker
# starts at once, a spawned one imports the parsers (and the GUI's modules) first, a
# quarter second or more (measured: 1,000 files imported in 0.46 s with a spawned worker,
# 0.24 s without; 10,000 in 2.0 s against 2.5 s).
PARALLEL_MIN_FILES = 300
SPAWNED_MIN_FILES = 3000
# The fork server's own start (a Python process loading the parsers, about a quarter second
# of CPU) is paid by the first batch that uses it; later batches fork from it at once.
FORKSERVER_START_MIN_FILES = 1000
WORKER_MODULE = "dossierdesk.service.parse_worker"  # what the fork server loads
# The page and feed parsers, which ``importers.detect`` imports when it first meets a page or
# a feed (a command that parses none does not load them). A worker importing them itself
# spends 21 ms on the page parser and 47 ms on the feed parser (feedparser loads
# ``urllib.request``, ``http.client`` and ``ssl``) before its first file, each worker again:
# so the fork server loads both before it forks any worker, and a process about to fork its
# workers loads the page parser first (not the feed parser: most imports hold no feed, and
# the workers wait while it loads). See ``load_parsers``.
PAGE_PARSER = "dossierdesk.importers.html_article"
FEED_PARSER = "dossierdesk.importers.feed"
_forkserver_started = False
_warm_up_asked = False  # (``warm_up`` starts the server once at most)


def worker_count() -> int:
    """Workers for a large batch: the environment override, else one per CPU (at most 4;
    none on a single CPU).

    Parsing a saved page costs several times what writing its rows does (the writer adds
    ids, looks for duplicates and fills the full-text index at each commit), so the writing
    process is idle most of the time and takes a batch to parse itself when it is
    (``parse_pool._WorkerPool._parse_here``). On two cores, two workers imported 3,300 real
    pages 13 % faster than one (2.58 s against 2.97 s, medians of five) and 9,900 pages 13 %
    faster (6.72 s against 7.76 s): ``python bench/bench_import_pages.py --workers 1,2``."""
    override = os.environ.get(WORKERS_ENV, "").strip()
    if override:
        try:
            return max(0, int(override))
        except ValueError:
            log.warning("ignoring %s=%r (not a number)", WORKERS_ENV, override)
    if getattr(sys, "frozen", False):
        return 0
    cpus = os.cpu_count() or 1
    return 0 if cpus < 2 else min(cpus, 4)


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
    if not _main_is_importable():
        return None
    return _forkserver_context() or get_context("spawn")


def _forkserver_context() -> BaseContext | None:
    """The fork server's context, where the platform has one (Linux, macOS)."""
    if "forkserver" not in get_all_start_methods():
        return None
    context = get_context("forkserver")
    context.set_forkserver_preload([WORKER_MODULE, PAGE_PARSER, FEED_PARSER])
    return context


def warm_up() -> None:
    """Start the fork server now, on a thread of its own, when this process's imports from a
    thread would use one: the next import, even of 300 files, then gets its workers at once.
    For a program that is about to import (its import dialog is open, files are dragged over
    its window). Called on the GUI thread: only cheap checks here, once per process; the
    rest (reading the main module to see that workers may import it) is the thread's."""
    global _warm_up_asked
    if (
        _warm_up_asked
        or getattr(sys, "frozen", False)
        or worker_count() < 1
        or "forkserver" not in get_all_start_methods()
    ):
        return
    _warm_up_asked = True
    threading.Thread(target=_start_forkserver, name="parse-fork-server", daemon=True).start()


def _start_forkserver() -> None:
    global _forkserver_started
    if _forkserver_started or not _main_is_importable() or _forkserver_context() is None:
        return
    try:
        forkserver.ensure_running()
    except Exception:  # the first import starts it, or parses here
        log.warning("cannot start the parsers' fork server", exc_info=True)
        return
    _forkserver_started = True


def load_parsers(modules: Iterable[str]) -> None:
    """Import parser ``modules`` now (see ``PAGE_PARSER``); one that fails to import is left
    to fail where it is used, as it would without this."""
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            log.warning("cannot load %s ahead of the import", name, exc_info=True)


def _least_files(method: str, threshold: int) -> int:
    """The fewest files for which workers started by ``method`` pay off."""
    if method == "fork" or (method == "forkserver" and _forkserver_started):
        return threshold
    if method == "forkserver":
        return max(threshold, FORKSERVER_START_MIN_FILES)
    return max(threshold, SPAWNED_MIN_FILES)


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
    """Every file's ``Parsed`` value, in input order (``ParseAhead``, started when the first
    result is asked for)."""
    ahead = ParseAhead(sources, total=total, workers=workers, min_parallel=min_parallel)
    try:
        yield from ahead.results()
    finally:
        ahead.close()


def parse_paths_ahead(paths: Iterable[Path]) -> ParseAhead:
    """The files under ``paths`` (files, folders, zips), walked once and their parsing started."""
    walk = SourceWalk(paths)
    return ParseAhead(walk.unread(), total=walk.total)


class ParseAhead:
    """Parsing started before its results are wanted: when the batch is large, the worker
    processes start now and are handed their first batches, so that they parse while the
    caller does something else (the command line loads the archive code and opens, or
    creates, the archive meanwhile).

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
        """``total`` (the expected number of files) decides whether workers pay off;
        without it, parsing is sequential. ``workers`` defaults to ``worker_count()``,
        ``min_parallel`` to ``PARALLEL_MIN_FILES``."""
        self.total = total
        self._sources = iter(sources)
        self._pool: _WorkerPool | None = None
        self._results: Generator[Parsed, None, None] | None = None
        count = worker_count() if workers is None else workers
        threshold = PARALLEL_MIN_FILES if min_parallel is None else min_parallel
        if count < 1 or total is None or total < threshold:
            return
        context = pool_context()
        if context is None:
            log.info("parsing in this process (no safe way to start parser processes here)")
            return
        method = context.get_start_method()
        if total < _least_files(method, threshold):
            return
        if method == "fork":
            load_parsers((PAGE_PARSER,))  # (inherited by every worker)
        try:
            self._pool = _WorkerPool(context, count, self._sources)
        except Exception:  # any failure: parse here instead
            log.warning("cannot start parser processes; parsing in this process", exc_info=True)
            return
        if method == "forkserver":
            global _forkserver_started
            _forkserver_started = True

    @property
    def parallel(self) -> bool:
        """Whether worker processes were started."""
        return self._pool is not None

    def results(self) -> Generator[Parsed, None, None]:
        """The results, in input order (one iteration only)."""
        if self._results is not None:
            raise RuntimeError("ParseAhead results can be taken only once")
        self._results = self._iterate()
        return self._results

    def _iterate(self) -> Generator[Parsed, None, None]:
        if self._pool is None:
            yield from _sequential(self._sources)
        else:
            try:
                yield from self._pool.results()
            finally:
                self._pool.close()

    def close(self) -> None:
        if self._results is not None:
            self._results.close()
        if self._pool is not None:
            self._pool.close()
        self._pool = None
