"""Background operations: results on the GUI thread to the callback that asked, superseded
and forgotten results dropped, failures and progress delivered, one wait at shutdown."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QObject, QThread

from dossierdesk.gui.ops import LONG, SEARCH, WRITE, TaskManager, task_manager


@pytest.fixture
def tasks(qtbot: Any) -> Any:
    """A task manager of the test's own, destroyed (with its thread pools) when the test ends
    and its work is done, rather than later by Python's garbage collector."""
    import shiboken6

    manager = TaskManager()
    yield manager
    assert manager.wait(10_000)
    shiboken6.delete(manager)


def test_results_reach_the_callback_that_asked_on_the_gui_thread(
    qtbot: Any, tasks: TaskManager
) -> None:
    gui = QThread.currentThread()
    seen: list[tuple[str, object, bool]] = []
    for name in ("a", "b", "c"):
        tasks.op(lambda name=name: name.upper(), lane=SEARCH).success(
            lambda result, name=name: seen.append((name, result, QThread.currentThread() is gui))
        ).run()
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=10_000)
    assert sorted(seen) == [("a", "A", True), ("b", "B", True), ("c", "C", True)]


def test_a_newer_operation_with_the_same_key_supersedes_older_ones(
    qtbot: Any, tasks: TaskManager
) -> None:
    owner = QObject()
    release = threading.Event()
    seen: list[object] = []
    started: list[str] = []

    def slow() -> str:
        started.append("slow")
        release.wait(10)
        return "stale"

    def queued() -> str:
        started.append("queued")
        return "queued and superseded"

    first = tasks.op(slow, owner=owner, key="ids", lane=SEARCH).success(seen.append).run()
    qtbot.waitUntil(lambda: started == ["slow"], timeout=10_000)  # the lane is busy with it
    tasks.op(queued, owner=owner, key="ids", lane=SEARCH).success(seen.append).run()
    tasks.op(lambda: "fresh", owner=owner, key="ids", lane=SEARCH).success(seen.append).run()
    tasks.op(lambda: [("2024-01", 3)], owner=owner, key="months", lane=SEARCH).success(
        seen.append
    ).run()
    assert first.stale  # a running fn can tell it is no longer wanted
    release.set()
    qtbot.waitUntil(lambda: not tasks.is_busy(owner), timeout=10_000)
    assert tasks.wait()
    qtbot.wait(20)
    assert seen == ["fresh", [("2024-01", 3)]]
    assert "queued" not in started  # a superseded operation never starts


def test_keys_belong_to_their_owner(qtbot: Any, tasks: TaskManager) -> None:
    one, two = QObject(), QObject()
    seen: list[str] = []
    tasks.op(lambda: "one", owner=one, key="ids").success(seen.append).run()
    tasks.op(lambda: "two", owner=two, key="ids").success(seen.append).run()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    assert sorted(seen) == ["one", "two"]


def test_failures_go_to_the_failure_callback(qtbot: Any, tasks: TaskManager) -> None:
    errors: list[Exception] = []
    finished: list[bool] = []

    def broken() -> None:
        raise RuntimeError("database is locked")

    tasks.op(broken).success(lambda _r: pytest.fail("no result")).failure(errors.append).finished(
        lambda: finished.append(True)
    ).run()
    qtbot.waitUntil(lambda: bool(finished), timeout=10_000)
    assert [str(e) for e in errors] == ["database is locked"]


def test_progress_and_cancel(qtbot: Any, tasks: TaskManager) -> None:
    steps: list[int] = []
    results: list[int] = []

    def work() -> int:
        done = 0
        for n in range(1000):
            if op.token.cancelled:
                break
            op.report(n)
            done = n
            time.sleep(0.002)
        return done

    op = tasks.op(work, lane=LONG).progress(steps.append).success(results.append)
    op.run()
    qtbot.waitUntil(lambda: len(steps) >= 3, timeout=10_000)
    op.cancel()
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert results[0] < 999  # stopped early; what it did is still delivered
    assert steps[:3] == [0, 1, 2]


def test_latest_progress_posts_and_delivers_only_the_newest_value(
    qtbot: Any, tasks: TaskManager
) -> None:
    """A worker reporting thousands of values: the GUI thread gets a few, each the newest at
    its delivery, at most one per interval, and the last value before the result; values a
    delivery skips are never posted."""
    steps: list[int] = []
    at_success: list[list[int]] = []
    posted: list[str] = []
    post = tasks._post

    def counting_post(op: Any, kind: str, payload: Any) -> None:
        posted.append(kind)
        post(op, kind, payload)

    tasks._post = counting_post  # type: ignore[method-assign]

    def work() -> int:
        for n in range(3000):
            op.report(n)
            if n % 10 == 0:
                time.sleep(0.001)
        return 3000

    op = tasks.op(work, lane=LONG).latest_progress(50).progress(steps.append)
    op.success(lambda _result: at_success.append(list(steps)))
    start = time.monotonic()
    op.run()
    qtbot.waitUntil(lambda: bool(at_success), timeout=10_000)
    elapsed = time.monotonic() - start
    assert at_success[0] == steps and steps[-1] == 2999  # the last value, before the result
    assert steps == sorted(set(steps))  # newest each time: never an older one after
    assert len(steps) <= elapsed / 0.05 + 2  # at most one per 50 ms (and the last)
    assert posted.count("latest") <= len(steps) + 1  # skipped values were never posted
    assert "progress" not in posted


def test_latest_progress_after_the_result_is_not_delivered(qtbot: Any, tasks: TaskManager) -> None:
    """A value reported while the result is on its way arrives with it, and nothing after."""
    events: list[object] = []

    def work() -> str:
        op.report(1)
        time.sleep(0.05)
        op.report(2)
        op.report(3)
        return "done"

    op = tasks.op(work, lane=LONG).latest_progress(10_000).progress(events.append)
    op.success(events.append)
    op.run()
    qtbot.waitUntil(lambda: "done" in events, timeout=10_000)
    qtbot.wait(100)
    assert events == [1, 3, "done"]


def test_a_delayed_progress_delivery_outlives_its_operation(qtbot: Any, tasks: TaskManager) -> None:
    """A newest value waiting for its interval is delivered by a timer; if the operation is
    done and forgotten by then, the timer still finds it (and delivers nothing after the
    result)."""
    import gc

    events: list[object] = []
    held: list[Any] = []

    def work() -> str:
        held[0].report(1)
        time.sleep(0.05)
        held[0].report(2)  # waits for the interval (300 ms)
        return "done"

    held.append(tasks.op(work, lane=LONG).latest_progress(300).progress(events.append))
    held[0].success(events.append).run()
    qtbot.waitUntil(lambda: "done" in events, timeout=10_000)
    held.clear()  # nothing holds the operation but what its timer holds
    gc.collect()
    qtbot.wait(500)  # (the timer has fired)
    assert events == [1, 2, "done"]


def test_forget_drops_the_results_of_an_owner_and_its_children(
    qtbot: Any, tasks: TaskManager
) -> None:
    window = QObject()
    view = QObject(window)
    other = QObject()
    release = threading.Event()
    seen: list[object] = []
    busy: list[tuple[object, bool]] = []
    tasks.busyChanged.connect(lambda owner, flag: busy.append((owner, flag)))
    tasks.op(lambda: release.wait(10) and "late", owner=view).success(seen.append).run()
    tasks.op(lambda: "kept", owner=other).success(seen.append).run()
    assert tasks.is_busy(window)
    tasks.forget(window)
    assert not tasks.is_busy(window)
    assert (view, False) in busy
    release.set()
    assert tasks.wait()
    qtbot.waitUntil(lambda: seen == ["kept"], timeout=10_000)
    qtbot.wait(20)
    assert seen == ["kept"]


def test_a_deleted_owner_gets_no_callbacks(qtbot: Any, tasks: TaskManager) -> None:
    import shiboken6

    owner = QObject()
    release = threading.Event()
    seen: list[object] = []
    tasks.op(lambda: release.wait(10) and "late", owner=owner).success(seen.append).run()
    shiboken6.delete(owner)
    release.set()
    assert tasks.wait()
    qtbot.wait(50)
    assert seen == []


def test_writes_run_one_at_a_time_in_order(qtbot: Any, tasks: TaskManager) -> None:
    order: list[int] = []
    active: list[int] = []
    overlap: list[bool] = []

    def step(n: int) -> int:
        active.append(n)
        overlap.append(len(active) > 1)
        time.sleep(0.01)
        order.append(n)
        active.remove(n)
        return n

    done: list[int] = []
    for n in range(5):
        tasks.op(lambda n=n: step(n), lane=WRITE).success(done.append).run()
    qtbot.waitUntil(lambda: len(done) == 5, timeout=10_000)
    assert order == done == [0, 1, 2, 3, 4] and not any(overlap)


def test_shutdown_waits_once_for_running_work(qtbot: Any, tasks: TaskManager) -> None:
    owner = QObject()
    running = threading.Event()
    finished: list[str] = []

    def work() -> str:
        running.set()
        while not op.token.cancelled:
            time.sleep(0.005)
        finished.append("stopped")
        return "report"

    op = tasks.op(work, owner=owner, lane=LONG)  # kept before it runs: ``work`` uses it
    op.run()
    assert running.wait(10)
    started = time.monotonic()
    assert tasks.shutdown(owner, 10_000)
    assert finished == ["stopped"] and time.monotonic() - started < 5


def test_the_application_has_one_manager(qtbot: Any) -> None:
    assert task_manager() is task_manager()


def test_busy_is_said_per_owner_whatever_its_children_do(qtbot: Any, tasks: TaskManager) -> None:
    """A window's "Searching…" follows its own reads: a child's work still running when the
    window's last read ends does not keep it on (it once stayed on for good)."""
    window = QObject()
    child = QObject(window)
    release = threading.Event()
    states: list[tuple[object, bool]] = []
    tasks.busyChanged.connect(lambda owner, busy: states.append((owner, busy)))
    tasks.op(lambda: release.wait(10), owner=child).run()
    tasks.op(lambda: "rows", owner=window).run()
    qtbot.waitUntil(lambda: (window, False) in states, timeout=10_000)
    assert tasks.is_busy(window)  # the child's work still counts for waiting
    release.set()
    qtbot.waitUntil(lambda: (child, False) in states, timeout=10_000)
    assert states == [(child, True), (window, True), (window, False), (child, False)]


def test_a_superseded_running_operation_is_interrupted_on_its_thread(
    qtbot: Any, tasks: TaskManager
) -> None:
    owner = QObject()
    stop = threading.Event()
    interrupted: list[int] = []
    ran_on: list[int] = []
    seen: list[object] = []

    def slow() -> str:
        ran_on.append(threading.get_ident())
        stop.wait(10)  # a statement that runs until interrupted
        return "stale"

    def interrupt(thread: int) -> None:
        interrupted.append(thread)

    first = tasks.op(slow, owner=owner, key="ids", lane=SEARCH).interrupt_with(interrupt)
    first.success(seen.append).run()
    qtbot.waitUntil(lambda: bool(ran_on), timeout=10_000)
    queued = tasks.op(lambda: "never", owner=owner, key="ids", lane=SEARCH)
    queued.interrupt_with(interrupt).success(seen.append).run()
    fresh = tasks.op(lambda: "fresh", owner=owner, key="ids", lane=SEARCH)
    fresh.interrupt_with(interrupt).success(seen.append).run()
    assert interrupted == ran_on  # at once, while it still ran
    stop.set()  # the interrupted statement ends
    qtbot.waitUntil(lambda: seen == ["fresh"], timeout=10_000)
    # Only the running one was interrupted, on its own thread; the queued one never ran.
    assert interrupted == ran_on
    tasks.forget(owner)  # nothing runs any more: no interrupt
    assert interrupted == ran_on
