"""What a parser process runs: it parses the batches of files it is sent, and ends with its
importing process.

A worker reads its tasks from one pipe and sends each batch's results, one pickled list, down
another (the importing side is ``parse_pool``). It ends within a second of its importing
process's death (``kill -9`` included), whatever it is doing: see ``_worker_main``.

This module imports no SQLAlchemy, so that workers can be started before it is loaded.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection

from dossierdesk.importers import SourceFile
from dossierdesk.service.file_parsing import Parsed, Source, parse_item
from dossierdesk.service.rows import PreparedFile, PreparedPhoto

log = logging.getLogger(__name__)

# How often a worker checks that its importing process is still there (see _worker_main).
ORPHAN_CHECK_SECONDS = 0.5
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# Python's cyclic garbage collector runs after every 700 net allocations of container objects
# by default; parsing and writing make millions (trees, rows, pickled and unpickled results),
# freed by reference counting, so its passes find next to nothing. An import runs it after
# every 20,000 (parser processes, and the command line's importing process): 3,300 real
# pages imported in 2.84 s against 3.02, and 2.87 against 2.89, in two alternating runs of
# bench_import_pages.py. Cycles are still collected, so memory stays bounded.
IMPORT_GC_THRESHOLDS = (20_000, 20, 20)
# A worker serving an import made from a thread (the window's: its workers come from the fork
# server, ``direct`` false) runs this much nicer than the window, so that the window's own
# work (the user's searches, the pages they scroll to) gets the cores first while the import
# goes on. With 9,900 pages importing in the window on 2 cores, a query took 58-85 ms to its
# first painted row (p50; worst 242-304 ms), 25-26 ms niced (worst 54-85; quiet: 13-15); the
# import of 3,300 pages in the window took 3.05 s against 2.93 s. A command line's workers
# (forked directly) keep the command's priority: nothing else waits for them there.
BACKGROUND_NICENESS = 10


def _parse_batch(batch: list[Source]) -> list[Parsed]:
    """A worker's results for one batch. The bytes of a file it was given are not sent back
    (``parse_pool._restore`` puts them back); only those it read itself travel."""
    done: list[Parsed] = []
    for item in batch:
        result = parse_item(item)
        if isinstance(item, SourceFile) and isinstance(result, PreparedFile | PreparedPhoto):
            result = result._replace(data=b"")
        done.append(result)
    return done


def _worker_main(
    tasks: Connection,
    results: Connection,
    parent: int,
    inherited: tuple[Connection, ...] = (),
    direct: bool = True,
) -> None:
    """A parser process: parse the batches ``tasks`` brings until ``b""``, send each batch's
    results. A batch that raises sends ``b""`` and ends the worker: the importing process then
    parses it itself (where a parser bug raises as it would without workers).

    A worker whose importing process (``parent``) is gone ends at once, whatever it is doing
    (``_orphan_guard``; ``direct``: the worker is its child, not a fork server's).
    ``inherited`` are the importing process's ends of the workers' pipes, which a *forked*
    worker holds copies of: they are closed first, so that the importing process is the only
    one reading each result pipe and writing each task pipe. Otherwise a
    worker blocked writing a result to a full pipe whose importing process was killed waited
    forever (it held the read end itself, so the write never failed), as did one waiting for
    the rest of a task."""
    for connection in inherited:
        connection.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the importing process's business
    if not direct:
        _yield_to_the_window()
    gc.set_threshold(*IMPORT_GC_THRESHOLDS)
    _orphan_guard(parent, direct)
    try:
        while True:
            task = tasks.recv_bytes()
            if not task:
                break
            batch = pickle.loads(task)
            try:
                payload = pickle.dumps(_parse_batch(batch), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                log.warning("a parser process failed", exc_info=True)
                payload = b""
            results.send_bytes(payload)
            if not payload:
                break
    except (EOFError, OSError):  # the importing process went away
        pass
    finally:
        tasks.close()
        results.close()


def _yield_to_the_window() -> None:
    """Run ``BACKGROUND_NICENESS`` nicer (where processes have a niceness: not Windows)."""
    nice = getattr(os, "nice", None)
    if nice is None:
        return
    try:
        nice(BACKGROUND_NICENESS)
    except OSError:
        log.debug("could not lower a parser process's priority", exc_info=True)


def _orphan_guard(parent: int, direct: bool = True) -> None:
    """End this worker as soon as ``parent`` (its importing process) is gone, in any state:
    blocked in a pipe, or parsing a large file.

    On Linux the kernel kills it when its parent ends (``PR_SET_PDEATHSIG``; strictly, when
    the thread that started it ends, which is the importing thread, and it does not end before
    the workers). A worker forked by a fork server (``direct`` false) is the server's child:
    the server ends when its last client, the importing process, is gone, and the kernel then
    kills the worker. Elsewhere, and in case that is not available, a thread checks the
    importing process every ``ORPHAN_CHECK_SECONDS`` and ends the worker (``os._exit``:
    nothing to clean up, the worker writes nothing but its pipe)."""
    if sys.platform == "linux":
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
                log.debug("PR_SET_PDEATHSIG failed: errno %d", ctypes.get_errno())
        except (OSError, AttributeError):
            log.debug("no PR_SET_PDEATHSIG here", exc_info=True)
    if _gone(parent, direct):  # gone already, before the guard was set
        os._exit(0)

    def watch() -> None:
        while True:
            time.sleep(ORPHAN_CHECK_SECONDS)
            if _gone(parent, direct):
                os._exit(0)

    threading.Thread(target=watch, name="orphan-guard", daemon=True).start()


def _gone(parent: int, direct: bool) -> bool:
    """Whether the importing process has ended: for its own child, whether it is no longer
    the parent; else whether no process has its id (one started in its place within a
    check's interval would be taken for it, until the fork server's end ends this one)."""
    if direct:
        return os.getppid() != parent
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        return True
    except OSError:  # there, but not ours to signal
        return False
    return False
