"""A loaded machine for the benchmarks: ``--load N`` keeps N other processes busy.

Each load process spins on the CPU at normal priority until the measurement ends (an
editor, a browser, a build running beside the program a user waits for). Both sides of a
benchmark, ours and its bare baseline, run under the same load, alternately, so the ratio
compares them in the same conditions; the absolute times are those of a busy machine.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
from collections.abc import Iterator
from multiprocessing.synchronize import Event, Semaphore


def _spin(stop: Event, started: Semaphore) -> None:
    started.release()
    n = 0
    while not stop.is_set():
        for _ in range(20_000):
            n = (n * 1103515245 + 12345) & 0x7FFFFFFF


@contextlib.contextmanager
def cpu_load(processes: int) -> Iterator[None]:
    """``processes`` busy processes for the duration of the ``with`` block (none for 0); the
    block starts once every one of them is spinning (a spawned process takes a while)."""
    if processes <= 0:
        yield
        return
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    started = context.Semaphore(0)
    workers = [
        context.Process(target=_spin, args=(stop, started), daemon=True) for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    for _ in workers:
        started.acquire(timeout=30)
    try:
        yield
    finally:
        stop.set()
        for worker in workers:
            worker.join(5)
            if worker.is_alive():
                worker.terminate()


def add_load_option(parser: argparse.ArgumentParser) -> None:
    """The benchmarks' ``--load N`` option (its value goes to ``cpu_load``)."""
    parser.add_argument(
        "--load", type=int, default=0, help="other busy processes during the runs (cpu_load)"
    )
