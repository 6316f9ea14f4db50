"""Stopping a read an archive runs on another thread (a search superseded while it runs): the
statement ends at once with an error, the thread's connection stays usable, and an interrupt
when nothing runs there changes nothing."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from dossierdesk.service import Archive

# About half a minute of work if nothing stops it.
SLOW = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500000000)"
    " SELECT count(*) FROM c"
)


def _slow_read(archive: Archive, outcome: dict[str, object], started: threading.Event) -> None:
    try:
        with archive._read() as session:
            started.set()
            session.execute(text(SLOW)).all()
        outcome["result"] = "finished"
    except Exception as exc:  # what an interrupted statement raises
        outcome["error"] = exc
    # The same thread reads on: its connection is not spoiled.
    outcome["after"] = archive.count("")


def test_an_interrupted_read_stops_at_once_and_the_thread_reads_on(archive: Archive) -> None:
    outcome: dict[str, object] = {}
    started = threading.Event()
    worker = threading.Thread(target=_slow_read, args=(archive, outcome, started))
    worker.start()
    assert started.wait(10)
    time.sleep(0.3)  # the statement is running
    assert worker.ident is not None
    begun = time.monotonic()
    assert archive.interrupt(worker.ident)
    worker.join(20)
    assert not worker.is_alive()
    assert time.monotonic() - begun < 5
    assert "error" in outcome and "result" not in outcome
    assert outcome["after"] == 0


def test_an_interrupt_between_statements_spares_the_next_one(archive: Archive) -> None:
    """SQLite drops an interrupt that arrives while no statement runs: the statement after it
    runs normally."""
    assert not archive.interrupt(threading.get_ident())  # nothing checked out here
    between, resume = threading.Event(), threading.Event()
    done: dict[str, object] = {}

    def two_statements() -> None:
        try:
            with archive._read() as session:
                session.execute(text("SELECT 1")).all()
                between.set()
                resume.wait(10)
                done["second"] = session.execute(text("SELECT 2")).scalar()
        except Exception as exc:
            done["error"] = exc

    worker = threading.Thread(target=two_statements)
    worker.start()
    assert between.wait(10) and worker.ident is not None
    archive.interrupt(worker.ident)  # its connection is checked out, idle
    time.sleep(0.2)
    resume.set()
    worker.join(20)
    assert done == {"second": 2}


@pytest.mark.both_backends
def test_a_team_archives_reads_are_not_interrupted(archive: Archive) -> None:
    """PostgreSQL's cancel request arrives late enough to stop the next statement: a team
    archive lets a superseded read finish instead."""
    started, resume = threading.Event(), threading.Event()
    done: dict[str, object] = {}

    def read() -> None:
        with archive._read() as session:
            session.execute(text("SELECT 1")).all()  # the connection is checked out
            started.set()
            resume.wait(10)
            done["value"] = session.execute(text("SELECT 2")).scalar()

    worker = threading.Thread(target=read)
    worker.start()
    assert started.wait(10) and worker.ident is not None
    assert archive.interrupt(worker.ident) is (archive.dialect == "sqlite")
    resume.set()
    worker.join(20)
    assert done == {"value": 2}
