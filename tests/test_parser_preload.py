"""Parser processes start with the parsers loaded (``service.parsing.load_parsers``): a worker
that imported the page or feed parser itself spent 21 or 47 ms on it before its first file,
each worker again."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[1] / "src")

FORKED = """
import sys
from dossierdesk.importers import SourceFailure
from dossierdesk.service import parsing

sources = [SourceFailure(f"f{i}", "unreadable") for i in range(300)]
before = parsing.PAGE_PARSER in sys.modules
ahead = parsing.ParseAhead(sources, total=300, workers=1)
loaded = [name in sys.modules for name in (parsing.PAGE_PARSER, parsing.FEED_PARSER)]
print(before, ahead.parallel, *loaded)
assert len(list(ahead.results())) == 300
ahead.close()
"""

FROM_THE_SERVER = """
import sys


def probe(conn, names):
    conn.send([name in sys.modules for name in names])
    conn.close()


def main():
    from dossierdesk.service import parsing

    context = parsing._forkserver_context()
    reader, writer = context.Pipe(duplex=False)
    names = [parsing.PAGE_PARSER, parsing.FEED_PARSER, "sqlalchemy"]
    proc = context.Process(target=probe, args=(writer, names))
    proc.start()
    writer.close()
    print(*reader.recv())
    proc.join()


if __name__ == "__main__":
    main()
"""


def _run(args: list[str]) -> list[str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    env.pop("DOSSIERDESK_PARSE_WORKERS", None)
    out = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


@pytest.mark.skipif(sys.platform != "linux", reason="forked workers: Linux")
def test_forked_workers_inherit_the_page_parser() -> None:
    # Loaded by the importing process just before it forks, not before (a command that
    # parses no page does not pay for it), and without the feed parser.
    assert _run(["-c", FORKED]) == ["False", "True", "True", "False"]


@pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here"
)
def test_the_fork_servers_workers_start_with_both_parsers_and_no_sqlalchemy(
    tmp_path: Path,
) -> None:
    script = tmp_path / "probe.py"
    script.write_text(FROM_THE_SERVER, encoding="utf-8")
    assert _run([str(script)]) == ["True", "True", "False"]


def test_a_parser_that_cannot_load_is_left_to_fail_where_it_is_used(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from dossierdesk.service import parsing

    parsing.load_parsers(["dossierdesk.importers.no_such_parser"])
    assert "no_such_parser" in caplog.text


NICENESS = """
import os, threading, time
from multiprocessing import get_context


def main():
    from dossierdesk.importers import SourceFailure
    from dossierdesk.service import parse_pool, parsing

    parse_pool.BATCH_FILES = 1
    parse_pool.IN_FLIGHT_PER_WORKER = 1
    more = threading.Event()

    def sources():
        yield SourceFailure("f0", "unreadable")
        more.wait()  # the workers stay while they are looked at

    own = os.getpriority(os.PRIO_PROCESS, 0)
    pools = [
        parse_pool._WorkerPool(context, 1, sources())
        for context in (get_context("fork"), parsing._forkserver_context())
    ]
    pids = [pool._procs[0].pid for pool in pools]

    def niceness():
        return [os.getpriority(os.PRIO_PROCESS, pid) - own for pid in pids]

    deadline = time.monotonic() + 20
    while niceness()[1] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # (the forked one set its priority first thing too, if it did)
    print(*niceness())
    more.set()
    for pool in pools:
        list(pool.results())
        pool.close()


if __name__ == "__main__":
    main()
"""


@pytest.mark.skipif(sys.platform != "linux", reason="fork and a fork server: Linux")
def test_the_windows_workers_yield_to_it_and_the_command_lines_do_not(tmp_path: Path) -> None:
    """Workers forked by the fork server (an import from a thread: the window's) run
    ``BACKGROUND_NICENESS`` nicer than the importing process; a command's own forked workers
    run at its priority."""
    from dossierdesk.service.parse_worker import BACKGROUND_NICENESS

    if os.getpriority(os.PRIO_PROCESS, 0) + BACKGROUND_NICENESS > 19:
        pytest.skip("already running at the lowest priority")
    script = tmp_path / "nice.py"
    script.write_text(NICENESS, encoding="utf-8")
    assert _run([str(script)]) == ["0", str(BACKGROUND_NICENESS)]
