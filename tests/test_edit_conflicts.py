"""Edit conflicts: a stale metadata edit or dossier reorder is refused, never silently lost."""

from __future__ import annotations

import dataclasses

import pytest
from tests.conftest import CORPUS

from dossierdesk.service import Archive
from dossierdesk.service.editing import ArticleEdit
from dossierdesk.store.errors import EditConflictError

pytestmark = pytest.mark.both_backends


def _edit_of(archive: Archive, article_id: int, **changes: object) -> ArticleEdit:
    edit = ArticleEdit.from_detail(archive.article(article_id))
    return dataclasses.replace(edit, **changes)  # type: ignore[arg-type]


@pytest.fixture
def two(archive: Archive, archive_location: str) -> tuple[Archive, Archive]:
    """Two clients of one archive (two windows, or two colleagues on a team archive)."""
    archive.import_paths([CORPUS])
    other = Archive(archive_location)
    other.user = "bob"  # as a colleague signed in as bob would be
    yield archive, other
    other.close()


def test_a_stale_metadata_edit_is_refused_with_who_and_when(two: tuple[Archive, Archive]) -> None:
    alice, bob = two
    article = alice.search("", sort="id").ids[0]
    seen = alice.article(article)
    assert seen.version == 1 and seen.changed_by is None
    bob.update_article(article, _edit_of(bob, article, title="Bob's title"))
    assert alice.article(article).version == 2
    with pytest.raises(EditConflictError, match=r"changed by bob at \d{4}-\d\d-\d\d \d\d:\d\d"):
        alice.update_article(
            article, _edit_of(alice, article, title="Alice's title"), expected_version=seen.version
        )
    now = alice.article(article)
    assert now.title == "Bob's title" and now.changed_by == "bob" and now.version == 2
    assert alice.search('title:"bob\'s title"').ids == (article,)
    # Reload (the new version) and edit again, or overwrite: both store alice's edit.
    alice.update_article(
        article, _edit_of(alice, article, title="Alice's title"), expected_version=now.version
    )
    final = bob.article(article)
    assert final.title == "Alice's title" and final.version == 3
    assert final.changed_by == alice.user


def test_a_stale_dossier_reorder_is_refused(two: tuple[Archive, Archive]) -> None:
    alice, bob = two
    ids = alice.search("", sort="id").ids[:4]
    dossier = alice.create_dossier("Brief", article_ids=ids)
    seen = alice.dossier(dossier)
    bob.move_in_dossier(dossier, [ids[3]], 0)
    moved = bob.dossier(dossier)
    assert moved.version > seen.version and moved.changed_by == "bob"
    with pytest.raises(EditConflictError, match="dossier “Brief” was changed by bob"):
        alice.set_dossier_order(dossier, list(reversed(ids)), expected_version=seen.version)
    assert alice.dossier(dossier).article_ids == moved.article_ids  # bob's order stays
    with pytest.raises(EditConflictError):
        alice.move_in_dossier(dossier, [ids[0]], 3, expected_version=seen.version)
    alice.set_dossier_order(dossier, list(reversed(ids)), expected_version=moved.version)
    assert bob.dossier(dossier).article_ids == tuple(reversed(ids))
