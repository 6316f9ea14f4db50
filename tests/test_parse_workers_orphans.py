"""Parser processes end within seconds of their importing process's death (``kill -9``),
whatever state they are in: blocked writing a result to a full pipe, blocked reading the rest
of a task, or parsing a file. Forked (the command line), forked by a fork server (the GUI, on
Linux and macOS) and spawned (the GUI elsewhere) workers.

Each test drives a real importing process into the state wanted, checks from outside (through
``/proc``) that its workers are there, kills it with SIGKILL and waits for the workers to go.
"""

from __future__ import annotations

import os
import platform
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists() or sys.platform != "linux",
    reason="reads /proc and forks (Linux)",
)

# How long orphaned workers may live on (they end at once with PR_SET_PDEATHSIG, within
# parse_worker.ORPHAN_CHECK_SECONDS without it).
GRACE_SECONDS = 5.0
SETTLE_SECONDS = 60.0  # at most, to reach the state wanted on a loaded machine
# System call numbers, to check that a worker waits where the test means it to.
WRITE_SYSCALL = {"x86_64": 1, "aarch64": 64}.get(platform.machine())
READ_SYSCALL = {"x86_64": 0, "aarch64": 63}.get(platform.machine())


def _stat(pid: int) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the command name, or ``None`` if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and fields[1] == str(pid):
                found.append(int(entry.name))
    return sorted(found)


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")  # a zombie has ended


def _syscall(pid: int) -> int | None:
    """The system call ``pid`` is blocked in (``None``: running, or cannot be told)."""
    try:
        first = Path(f"/proc/{pid}/syscall").read_text(encoding="utf-8").split()[0]
    except (OSError, IndexError):
        return None
    return int(first) if first.lstrip("-").isdigit() else None


def _cpu_ticks(pid: int) -> int:
    fields = _stat(pid)
    return -1 if fields is None else int(fields[11]) + int(fields[12])


def _blocked_in(pids: list[int], syscall: int | None) -> bool:
    """Whether every worker sleeps in ``syscall`` (or, where the number is unknown, sleeps
    without using any CPU for half a second)."""
    if syscall is not None:
        return all(_syscall(pid) == syscall for pid in pids)
    before = [_cpu_ticks(pid) for pid in pids]
    time.sleep(0.5)
    return [_cpu_ticks(pid) for pid in pids] == before and all(
        (_stat(pid) or ["?"])[0] == "S" for pid in pids
    )


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + SETTLE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"never reached: {what}")
        time.sleep(0.02)


def _assert_workers_end(importer: subprocess.Popen[bytes], workers: list[int]) -> None:
    """Kill ``importer`` and check that ``workers`` end within ``GRACE_SECONDS``."""
    assert workers
    importer.send_signal(signal.SIGKILL)
    importer.wait(timeout=30)
    deadline = time.monotonic() + GRACE_SECONDS
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in workers if _alive(pid)]
    assert not left, f"parser processes {left} outlived their importing process"


@pytest.fixture
def reaper() -> Iterator[list[int]]:
    """Worker pids to kill after the test if they are still there (a failing run leaves them)."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _env(**extra: str) -> dict[str, str]:
    src = str(Path(__file__).resolve().parents[1] / "src")
    path = os.pathsep.join(p for p in (extra.pop("PYTHONPATH", ""), src) if p)
    return {**os.environ, "PYTHONPATH": path, **extra}


def test_cli_import_killed_while_its_workers_wait_to_send_results(
    tmp_path: Path, reaper: list[int]
) -> None:
    # What the audit saw: ``kill -9`` of a large ``dossierdesk-cli import`` whose writer is
    # behind (stopped here), so that the workers' result pipes are full and they wait in a
    # write. The results of what the workers are dealt (64 batches of 16 files each) far
    # exceed the pipes and what the importing process buffers (64 MiB).
    folder = tmp_path / "articles"
    folder.mkdir()
    paragraph = "The destroyer returned to port after a six-month deployment. " * 250
    for i in range(3000):
        (folder / f"article_{i:05d}.txt").write_text(
            f"Deployment report {i}\n\n{paragraph}\n", encoding="utf-8"
        )
    importer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dossierdesk.cli.main",
            "--archive",
            str(tmp_path / "archive.sqlite3"),
            "import",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(DOSSIERDESK_PARSE_WORKERS="2"),
    )
    try:
        _wait_for(lambda: len(_children(importer.pid)) == 2, "two parser processes")
        importer.send_signal(signal.SIGSTOP)  # its writer and collecting thread stop
        workers = _children(importer.pid)
        reaper.extend(workers)
        _wait_for(lambda: _blocked_in(workers, WRITE_SYSCALL), "workers blocked sending")
        _assert_workers_end(importer, workers)
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.wait()


HELPER = '''
import os, sys, time
from dataclasses import dataclass
from multiprocessing import parent_process
from dossierdesk.importers.containers import UnreadFile


@dataclass(frozen=True, slots=True)
class SlowFile(UnreadFile):
    """A file whose reading, in a worker, takes an hour: a worker busy with a large file."""

    marker: str = ""

    def read(self):
        if parent_process() is not None:
            open(f"{self.marker}.{os.getpid()}", "w").close()
            time.sleep(3600)
        return UnreadFile.read(self)
'''

SCRIPT = """
import os, signal, struct, sys, threading, time
from multiprocessing import get_context
from dossierdesk.importers import SourceFailure
from dossierdesk.service import parse_pool, parsing
from slowfile import SlowFile

method, state, marker = sys.argv[1:4]
parsing.pool_context = lambda: get_context(method)
parsing.PARALLEL_MIN_FILES = parsing.SPAWNED_MIN_FILES = parsing.FORKSERVER_START_MIN_FILES = 1
parse_pool.BATCH_FILES = 1
parse_pool.IN_FLIGHT_PER_WORKER = 2  # the four files are dealt at once, nothing more is read
never = threading.Event()

def sources():
    if state == "parsing":
        yield from (SlowFile(marker, marker=marker) for _ in range(4))
    else:
        yield from (SourceFailure(f"f{i}", "unreadable") for i in range(4))
    never.wait()  # more files to come: the workers are not told to end

ahead = parsing.ParseAhead(sources(), total=100, workers=2, min_parallel=1)
assert ahead._pool is not None
print(" ".join(str(p.pid) for p in ahead._pool._procs), flush=True)
if state == "reading":
    # Half a task: the header of a message whose bytes never come (the importing process was
    # killed in the middle of sending a large one).
    for tasks in ahead._pool._tasks:
        os.write(tasks.fileno(), struct.pack("!i", 100))
print("ready", flush=True)
never.wait()
"""


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
@pytest.mark.parametrize("state", ["parsing", "reading"])
def test_workers_end_when_killed_mid_task(
    tmp_path: Path, reaper: list[int], method: str, state: str
) -> None:
    (tmp_path / "slowfile.py").write_text(textwrap.dedent(HELPER), encoding="utf-8")
    marker = tmp_path / "started"
    marker.write_text("Title\n\nBody.\n", encoding="utf-8")
    importer = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, method, state, str(marker)],
        stdout=subprocess.PIPE,
        env=_env(PYTHONPATH=str(tmp_path)),
    )
    try:
        assert importer.stdout is not None
        workers = [int(pid) for pid in importer.stdout.readline().split()]
        reaper.extend(workers)
        assert len(workers) == 2
        assert importer.stdout.readline().strip() == b"ready"
        if state == "parsing":
            _wait_for(
                lambda: all(Path(f"{marker}.{pid}").exists() for pid in workers),
                "both workers parsing a file",
            )
        else:
            _wait_for(lambda: _blocked_in(workers, READ_SYSCALL), "workers reading a task")
        # Whatever else the import started ends with it too (a fork server, and the process
        # that tracks its resources).
        helpers = [pid for pid in _children(importer.pid) if pid not in workers]
        reaper.extend(helpers)
        _assert_workers_end(importer, workers + helpers)
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.wait()


def test_forked_workers_hold_no_end_of_the_importing_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The read ends of the result pipes and the write ends of the task pipes are the importing
    # process's alone: a forked worker closes the copies it inherits (its own pipes' other ends
    # and the earlier workers' ones).
    import threading
    from multiprocessing import get_context

    from dossierdesk.importers import SourceFailure
    from dossierdesk.service import parse_pool

    def pipe_ends(pid: int | str) -> set[tuple[str, int]]:
        """(pipe, O_RDONLY or O_WRONLY) of each pipe end ``pid`` holds."""
        found = set()
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
                info = Path(f"/proc/{pid}/fdinfo/{fd.name}").read_text(encoding="utf-8")
            except OSError:
                continue
            if target.startswith("pipe:"):
                flags = next(line for line in info.splitlines() if line.startswith("flags:"))
                found.add((target, int(flags.split()[1], 8) & os.O_ACCMODE))
        return found

    monkeypatch.setattr(parse_pool, "BATCH_FILES", 1)
    monkeypatch.setattr(parse_pool, "IN_FLIGHT_PER_WORKER", 1)
    more = threading.Event()

    def sources() -> Iterator[SourceFailure]:
        yield from (SourceFailure(f"f{i}", "unreadable") for i in range(4))
        more.wait()  # the workers stay, waiting for tasks, while they are looked at

    pool = parse_pool._WorkerPool(get_context("fork"), 3, sources())
    try:
        ours = {
            (os.readlink(f"/proc/self/fd/{conn.fileno()}"), mode)
            for conns, mode in ((pool._tasks, os.O_WRONLY), (pool._results, os.O_RDONLY))
            for conn in conns
        }
        assert len(ours) == 6
        assert ours <= pipe_ends("self")
        pids = [proc.pid for proc in pool._procs if proc.pid is not None]
        assert len(pids) == 3
        deadline = time.monotonic() + 10  # (a worker closes them as it starts)
        while any(pipe_ends(pid) & ours for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        for pid in pids:
            assert all(_alive(pid) for pid in pids)
            held = pipe_ends(pid) & ours
            assert not held, f"worker {pid} holds the importing process's ends {held}"
            assert len(pipe_ends(pid)) >= 2  # its own ends
    finally:
        more.set()
        pool.close()
