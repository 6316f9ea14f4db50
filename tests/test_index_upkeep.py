"""The search indexes' segments merged a step at a time (``Archive.tidy_index``)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEED, fragment_index, index_segments

from dossierdesk.service import Archive
from dossierdesk.store import fts

QUERIES = ("patrol", "ridge dawn", "harbor 1", "title:segment", "report*", "kursk")


def _found(archive: Archive) -> dict[str, list[int]]:
    return {q: sorted(archive.search_ids(q)) for q in QUERIES}


def test_steps_merge_the_segments_a_large_import_leaves(archive_path: Path) -> None:
    with Archive(archive_path) as archive:
        archive.import_paths([SEED])
    fragment_index(archive_path, articles=12)
    main, titles = index_segments(archive_path)
    assert main >= 12 and titles >= 12
    with Archive(archive_path) as archive:
        before = _found(archive)
        heard: list[object] = []
        archive.add_change_listener(heard.append)
        steps = 0
        while archive.tidy_index():
            steps += 1
            assert steps < 200
        assert steps >= 1
        after = index_segments(archive_path)
        assert after[0] < 4 and after[1] < 4  # below FTS5's 'usermerge': nothing left to do
        assert _found(archive) == before
        assert before["patrol"] and before["kursk"]  # (the queries find something)
        assert archive.check().ok
        assert archive.tidy_index() is False  # nothing more to merge
        assert heard == []  # no article changed: the window is not told to refresh


def test_a_tidy_index_has_nothing_to_merge(archive_path: Path) -> None:
    with Archive(archive_path) as archive:
        archive.import_paths([SEED])
        assert archive.tidy_index() is False


def test_read_only_and_team_archives_are_left_alone(
    archive_path: Path, pg_archive_url: str
) -> None:
    with Archive(archive_path) as archive:
        archive.import_paths([SEED])
    fragment_index(archive_path, articles=6)
    segments = index_segments(archive_path)
    with Archive(archive_path, read_only=True) as archive:
        assert archive.tidy_index() is False
    assert index_segments(archive_path) == segments
    with Archive(pg_archive_url) as team:
        team.import_paths([SEED])
        assert team.tidy_index() is False


def test_merge_statements_name_both_indexes() -> None:
    assert [s.split("(")[0] for s in fts.MERGE_STATEMENTS] == [
        "INSERT INTO articles_fts",
        "INSERT INTO articles_title_fts",
    ]
