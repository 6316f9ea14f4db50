"""A loaded machine for the benchmarks: ``--load N`` keeps N other processes busy.

Each load process spins on the CPU at normal priority until the measurement ends (an
editor, a browser, a build running beside the program a user waits for). Both sides of a
benchmark, ours and its bare baseline, run under the same load, alternately, so the ratio
compares them in the same conditions; the absolute times are those of a busy machine.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Iterator
from multiprocessing.synchronize import Event


def _spin(stop: Event) -> None:
    n = 0
    while not stop.is_set():
        for _ in range(20_000):
            n = (n * 1103515245 + 12345) & 0x7FFFFFFF


@contextlib.contextmanager
def cpu_load(processes: int) -> Iterator[None]:
    """``processes`` busy processes for the duration of the ``with`` block (none for 0)."""
    if processes <= 0:
        yield
        return
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    workers = [context.Process(target=_spin, args=(stop,), daemon=True) for _ in range(processes)]
    for worker in workers:
        worker.start()
    try:
        yield
    finally:
        stop.set()
        for worker in workers:
            worker.join(5)
            if worker.is_alive():
                worker.terminate()
