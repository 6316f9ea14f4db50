"""Typing on while a slow search runs: the window stops that search's statement instead of
waiting for it, and shows the new result at once."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import text

from dossierdesk.gui import window_search
from dossierdesk.service import Archive

from .conftest import WindowFactory, wait_idle

SLOW = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500000000)"
    " SELECT count(*) FROM c"
)


def test_a_superseded_search_is_stopped_not_waited_for(
    seeded_archive: Archive,
    make_window: WindowFactory,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(seeded_archive)
    original = window_search.read_first_page
    started: list[float] = []

    def first_page(archive: Archive, query: str, *args: Any) -> Any:
        if query == "slow query":  # half a minute of SQL unless interrupted
            started.append(time.monotonic())
            with archive._read() as session:
                session.execute(text(SLOW)).all()
        return original(archive, query, *args)

    monkeypatch.setattr(window_search, "read_first_page", first_page)
    window.search_box.set_query("slow query")
    qtbot.waitUntil(lambda: bool(started), timeout=10_000)
    time.sleep(0.2)
    begun = time.monotonic()
    window.search_box.set_query("kursk")
    qtbot.waitUntil(
        lambda: window.table_model.rowCount() == seeded_archive.search("kursk").total,
        timeout=20_000,
    )
    assert time.monotonic() - begun < 5  # not the half minute of the slow statement
    wait_idle(qtbot, window)
    assert window.statusBar().currentMessage() == ""  # the stopped search says nothing


def test_the_count_and_facets_wait_until_the_first_rows_are_shown(
    seeded_archive: Archive,
    make_window: WindowFactory,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Read while the first page is handed to the GUI thread, they would hold the GIL it needs."""
    window = make_window(seeded_archive)
    wait_idle(qtbot, window)
    events: list[str] = []
    show = window._show_first_page

    def shown(text: str, *args: Any) -> None:
        events.append(f"shown {text}")
        show(text, *args)

    def recording(name: str) -> Any:
        original = getattr(seeded_archive, name)

        def call(query: str = "", *args: Any, **kwargs: Any) -> Any:
            events.append(f"{name} {query}")
            return original(query, *args, **kwargs)

        return call

    monkeypatch.setattr(window, "_show_first_page", shown)
    for name in ("count", "month_counts"):
        monkeypatch.setattr(seeded_archive, name, recording(name))
    for query in ("kursk", "army"):
        window.search_box.set_query(query)
        assert [op.key for op in window.tasks.pending(window)] == ["ids"]  # nothing else yet
        wait_idle(qtbot, window)
    for query in ("kursk", "army"):
        mine = [e for e in events if e.endswith(f" {query}")]
        assert mine[:1] == [f"shown {query}"], events
        assert {f"count {query}", f"month_counts {query}"} <= set(mine), events
