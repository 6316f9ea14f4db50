"""Change records: each committed change is reported, locally and to a team archive's clients."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests.conftest import SEED

from dossierdesk.service import Archive
from dossierdesk.service.changes import (
    ARTICLES,
    DOSSIERS,
    MAX_IDS,
    PHOTOS,
    SAVED_SEARCHES,
    TAGS,
    Changes,
)

pytestmark = pytest.mark.both_backends


def _recorder(archive: Archive) -> list[Changes]:
    seen: list[Changes] = []
    archive.add_change_listener(seen.append)
    return seen


def test_each_action_reports_what_it_changed(archive: Archive) -> None:
    seen = _recorder(archive)
    report = archive.import_paths([SEED])
    article = report.outcomes[0].id or 0
    assert seen[-1].kinds == {ARTICLES, PHOTOS} and seen[-1].article_ids == (article,)
    archive.add_tags([article, 999], ["Navy"])
    assert seen[-1].kinds == {TAGS} and seen[-1].article_ids == (article,)
    archive.add_tags([article], ["Navy"])  # nothing new: an empty list of articles
    assert seen[-1].kinds == {TAGS} and seen[-1].article_ids == ()
    dossier = archive.create_dossier("Brief", article_ids=[article])
    assert seen[-1].kinds == {DOSSIERS} and seen[-1].dossier_ids == (dossier,)
    archive.set_dossier_note(dossier, article, "read")
    assert seen[-1].dossier_ids == (dossier,)
    archive.save_search("navy", "navy")
    assert seen[-1].kinds == {SAVED_SEARCHES}
    snapshot = archive.take_articles([article])
    assert ARTICLES in seen[-1].kinds and seen[-1].article_ids == (article,)
    archive.restore_articles(snapshot)
    assert seen[-1].article_ids == (article,)
    assert all(c.origin == archive.client_id and c.user == archive.user for c in seen)
    count = len(seen)
    with pytest.raises(KeyError):
        archive.set_tag_color("no such tag", "#fff")
    assert len(seen) == count  # a failed action reports nothing


def test_a_failing_listener_does_not_undo_or_stop_the_action(archive: Archive) -> None:
    def broken(_changes: Changes) -> None:
        raise RuntimeError("listener bug")

    archive.add_change_listener(broken)
    seen = _recorder(archive)
    archive.import_paths([SEED])
    assert archive.count() == 1 and seen


def test_records_travel_as_small_json_without_text() -> None:
    many = tuple(range(MAX_IDS + 1))
    record = Changes(frozenset({ARTICLES}), many, (3,), "alice", "c1")
    back = Changes.from_json(record.to_json())
    assert back == Changes(frozenset({ARTICLES}), None, (3,), "alice", "c1")
    assert len(record.to_json()) < 200
    assert Changes.from_json("{not json") is None
    assert Changes.from_json('{"k": ["articles", "drop tables"], "a": [1]}') == Changes(
        frozenset({ARTICLES}), (1,), ()
    )


def test_colleagues_hear_of_a_change_within_two_seconds(pg_archive_url: str) -> None:
    with Archive(pg_archive_url) as alice, Archive(pg_archive_url) as bob:
        feed = bob.listen()
        assert feed is not None and alice.listen() is not None
        try:
            ids = alice.import_paths([SEED]).outcomes[0].id
            started = time.monotonic()
            heard: list[Changes] = []
            while not heard and time.monotonic() - started < 2.0:
                heard = feed.poll(0.5)
            assert heard, "no notification within 2 s"
            assert heard[0].kinds == {ARTICLES, PHOTOS} and heard[0].article_ids == (ids,)
            assert heard[0].user == "dd_owner" and heard[0].origin == alice.client_id
            bob.add_tags([ids or 0], ["mine"])  # bob does not hear his own change
            assert feed.poll(0.3) == []
        finally:
            feed.close()


def test_a_file_archive_has_no_feed_of_colleagues(archive_path: Path) -> None:
    with Archive(archive_path) as archive:
        assert archive.listen() is None
