"""A colleague's changes to a team archive appear in an open window without a refresh."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import CORPUS, SEED
from tests.gui.conftest import WindowFactory, wait_idle

from dossierdesk.gui.live_updates import describe
from dossierdesk.service import Archive
from dossierdesk.service.changes import ARTICLES, TAGS, Changes

LIVE_MS = 3000  # the issue asks for about 2 s; the test allows for a loaded machine


@pytest.fixture
def team(pg_archive_url: str) -> Iterator[tuple[Archive, Archive]]:
    """The window's client and a colleague's, on one team archive holding the corpus."""
    mine = Archive(pg_archive_url)
    mine.import_paths([CORPUS])
    colleague = Archive(pg_archive_url)
    yield mine, colleague
    colleague.close()
    mine.close()


def test_a_colleagues_import_tags_and_dossier_appear_keeping_the_selection(
    team: tuple[Archive, Archive], make_window: WindowFactory, qtbot: Any
) -> None:
    mine, colleague = team
    window = make_window(mine)
    window.show()
    total = mine.count()
    qtbot.waitUntil(lambda: window.table_model.rowCount() == total, timeout=20_000)
    assert window.live_updates.listening
    window.table.selectRow(5)
    wait_idle(qtbot, window)
    selected = window.selected_ids()
    scrolled = window.table.verticalScrollBar().value()

    added = colleague.import_paths([SEED]).outcomes[0].id
    qtbot.waitUntil(lambda: window.table_model.rowCount() == total + 1, timeout=LIVE_MS)
    wait_idle(qtbot, window)
    assert window.selected_ids() == selected  # the same article stays selected
    assert window.table.verticalScrollBar().value() >= scrolled
    assert "dd_owner changed articles" in window.live_updates.label.text()
    assert any(added in (c.article_ids or ()) for c in window.live_updates.applied)

    colleague.add_tags([added or 0], ["From a colleague"])
    qtbot.waitUntil(
        lambda: any(TAGS in c.kinds for c in window.live_updates.applied), timeout=LIVE_MS
    )
    wait_idle(qtbot, window)
    assert window.selected_ids() == selected

    dossier = colleague.create_dossier("Shared brief", article_ids=[added or 0])
    qtbot.waitUntil(lambda: window.sidebar_model.dossier_item(dossier) is not None, timeout=LIVE_MS)


def test_the_windows_own_changes_are_not_heard_back(
    team: tuple[Archive, Archive], make_window: WindowFactory, qtbot: Any
) -> None:
    mine, colleague = team
    window = make_window(mine)
    mine.add_tags([1], ["mine"])
    qtbot.wait(1500)
    assert window.live_updates.applied == []
    colleague.add_tags([1], ["theirs"])
    qtbot.waitUntil(lambda: window.live_updates.applied != [], timeout=LIVE_MS)


def test_switching_to_a_file_archive_stops_listening(
    team: tuple[Archive, Archive], make_window: WindowFactory, qtbot: Any, tmp_path: Path
) -> None:
    mine, _ = team
    window = make_window(mine)
    assert window.live_updates.listening
    assert window.open_archive(tmp_path / "file.sqlite3")
    wait_idle(qtbot, window)
    assert not window.live_updates.listening
    assert not window.live_updates.label.isVisibleTo(window)


def test_status_words() -> None:
    batch = [
        Changes(frozenset({ARTICLES}), (1,), (), "alice", "x"),
        Changes(frozenset({TAGS}), (1,), (), "bob", "y"),
    ]
    assert describe(batch) == "alice, bob changed articles and tags"
    assert describe([Changes(frozenset({TAGS}))]).endswith("a colleague changed tags")


def test_a_broken_feed_is_said_and_listening_resumes(
    team: tuple[Archive, Archive],
    make_window: WindowFactory,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    pg_cluster: Any,
    pg_archive_url: str,
) -> None:
    """The server ends the listening connection (a restart, a network cut): the status bar says
    so, and the window listens again and hears the next change."""
    from tests.pg_server import database_name

    from dossierdesk.gui import live_updates

    monkeypatch.setattr(live_updates, "RETRY_S", 0.5)
    mine, colleague = team
    window = make_window(mine)
    qtbot.waitUntil(lambda: window.live_updates.listening, timeout=5000)
    qtbot.wait(300)  # the feed's connection is open
    with pg_cluster.admin_connection(database_name(pg_archive_url)) as conn:
        ended = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND query LIKE 'LISTEN%'"
        ).fetchone()
    assert ended == (1,)
    qtbot.waitUntil(lambda: "paused" in window.live_updates.label.text(), timeout=LIVE_MS)
    qtbot.wait(1500)  # retried meanwhile
    colleague.add_tags([1], ["after the break"])
    qtbot.waitUntil(
        lambda: any(TAGS in c.kinds for c in window.live_updates.applied), timeout=LIVE_MS
    )
