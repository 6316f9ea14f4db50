"""The background query runner: results on the GUI thread, stale results dropped."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QThread

from dossierdesk.gui.tasks import QueryRunner


def test_only_the_latest_result_of_a_channel_is_delivered(qtbot: Any) -> None:
    runner = QueryRunner()
    release = threading.Event()
    seen: list[tuple[str, object]] = []
    threads: list[bool] = []
    runner.resultReady.connect(lambda channel, result: seen.append((channel, result)))
    runner.resultReady.connect(lambda *_: threads.append(QThread.currentThread() is qtbot_thread))
    qtbot_thread = QThread.currentThread()

    def slow() -> str:
        release.wait(10)
        return "stale"

    runner.submit("ids", slow)
    runner.submit("ids", lambda: "queued and superseded")
    runner.submit("ids", lambda: "fresh")
    runner.submit("months", lambda: [("2024-01", 3)])
    release.set()
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=10_000)
    assert runner.wait()
    assert ("ids", "fresh") in seen
    assert ("months", [("2024-01", 3)]) in seen
    assert all(result not in ("stale", "queued and superseded") for _c, result in seen)
    assert threads and all(threads)  # delivered on the GUI thread


def test_failures_are_reported_not_raised(qtbot: Any) -> None:
    runner = QueryRunner()

    def broken() -> None:
        raise RuntimeError("database is locked")

    with qtbot.waitSignal(runner.failed) as blocker:
        runner.submit("ids", broken)
    assert blocker.args[0] == "ids"
    assert "locked" in str(blocker.args[1])
    assert not runner.is_busy()


def test_cancel_all_drops_pending_results(qtbot: Any) -> None:
    runner = QueryRunner()
    release = threading.Event()
    seen: list[object] = []
    runner.resultReady.connect(lambda _c, r: seen.append(r))
    runner.submit("ids", lambda: release.wait(10) and "late")
    runner.cancel_all()
    assert not runner.is_busy()
    release.set()
    assert runner.wait()
    qtbot.wait(50)
    assert seen == []
