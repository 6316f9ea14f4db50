"""Dossiers in the service: creating, filling, ordering, notes, copies, delete and undo."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import text

from dossierdesk.importers import SourceFile
from dossierdesk.query import QuerySyntaxError
from dossierdesk.service import Archive, DossierDetail, DossierInfo

pytestmark = pytest.mark.both_backends

# Publication dates of the articles the ``articles`` fixture imports (ids 1..6, in this order).
DATES = ["2024-03-01", "2023-01-05", "2024-01-10", "2022-07-04", "2024-02-29", "2021-12-31"]
MONTHS = [
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]


def _text(n: int, date: str, topic: str) -> bytes:
    day = dt.date.fromisoformat(date)
    when = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    return (
        f"Article {n} on {topic}\n\n{when} | By Jane Doe, DOD News\n\n"
        f"Body of article {n}, which is about {topic}."
    ).encode()


TOPICS = ["ships", "tanks", "ships", "aircraft", "ships", "tanks"]


def import_articles(archive: Archive) -> list[int]:
    """Six small articles, dated ``DATES``, about ``TOPICS``; their ids in that order."""
    sources = [
        SourceFile(name=f"a{n}.txt", data=_text(n, date, TOPICS[n])) for n, date in enumerate(DATES)
    ]
    report = archive.import_sources(sources, total=len(sources))
    ids = report.imported_ids
    assert len(ids) == len(DATES)
    return ids


@pytest.fixture
def articles(archive: Archive) -> list[int]:
    return import_articles(archive)


def _order(archive: Archive, ref: int | str) -> list[int]:
    return [e.article_id for e in archive.dossier(ref).entries]


def _stored_positions(archive: Archive, dossier_id: int) -> list[int]:
    """Positions as stored in the file (not as renumbered by the DTO)."""
    with archive._engine.connect() as conn:
        rows = conn.execute(
            text("SELECT position FROM dossier_entries WHERE dossier_id = :d ORDER BY position"),
            {"d": dossier_id},
        ).all()
    return [r[0] for r in rows]


def _assert_dense(archive: Archive, dossier_id: int) -> None:
    detail = archive.dossier(dossier_id)
    assert [e.position for e in detail.entries] == list(range(len(detail.entries)))
    assert _stored_positions(archive, dossier_id) == list(range(len(detail.entries)))
    assert detail.article_count == len(detail.entries)


# -- creating and reading ----------------------------------------------------------------------
def test_create_from_ids_keeps_the_given_order_and_fields(
    archive: Archive, articles: list[int]
) -> None:
    ids = [articles[2], articles[0], articles[4]]
    dossier_id = archive.create_dossier(
        "  Naval   Readiness ",
        subtitle="Spring 2024",
        compiled_by="J. Doe",
        description="Articles about ships.",
        article_ids=ids,
    )
    detail = archive.dossier(dossier_id)
    assert isinstance(detail, DossierDetail)
    assert detail.title == "Naval Readiness"  # whitespace collapsed
    assert (detail.subtitle, detail.compiled_by) == ("Spring 2024", "J. Doe")
    assert detail.description == "Articles about ships."
    assert [e.article_id for e in detail.entries] == ids
    assert detail.entries[0].title == "Article 2 on ships"
    assert detail.entries[0].published == dt.date(2024, 1, 10)
    assert detail.created == detail.updated
    _assert_dense(archive, dossier_id)


def test_create_from_query_is_in_ascending_date_order(
    archive: Archive, articles: list[int]
) -> None:
    dossier_id = archive.create_dossier("Ships", query="ships")
    # Articles 0, 2, 4 are about ships: 2024-03-01, 2024-01-10, 2024-02-29.
    assert _order(archive, dossier_id) == [articles[2], articles[4], articles[0]]
    expected = list(archive.search("ships", sort="date").ids)
    assert _order(archive, dossier_id) == expected


def test_create_with_ids_then_query_skips_repeats(archive: Archive, articles: list[int]) -> None:
    dossier_id = archive.create_dossier(
        "Mixed", article_ids=[articles[1], articles[0], articles[1]], query="ships"
    )
    assert _order(archive, dossier_id) == [articles[1], articles[0], articles[2], articles[4]]


def test_create_rejects_bad_input_and_writes_nothing(archive: Archive, articles: list[int]) -> None:
    with pytest.raises(ValueError, match="title cannot be empty"):
        archive.create_dossier("   ")
    with pytest.raises(KeyError, match="no article #999"):
        archive.create_dossier("Ghosts", article_ids=[articles[0], 999])
    with pytest.raises(QuerySyntaxError):
        archive.create_dossier("Bad", query='title:"unclosed')
    assert archive.dossiers() == []


def test_dossiers_lists_all_by_title_with_counts(archive: Archive, articles: list[int]) -> None:
    b = archive.create_dossier("beta", article_ids=articles[:2])
    a = archive.create_dossier("Alpha")
    infos = archive.dossiers()
    assert [type(i) for i in infos] == [DossierInfo, DossierInfo]
    assert [(i.id, i.title, i.article_count) for i in infos] == [(a, "Alpha", 0), (b, "beta", 2)]


def test_lookup_by_id_or_title_and_clear_errors(archive: Archive, articles: list[int]) -> None:
    first = archive.create_dossier("Kursk Incursion")
    assert archive.dossier(first).id == first
    assert archive.dossier("kursk incursion").id == first
    assert archive.dossier(str(first)).id == first
    assert archive.dossier(f"#{first}").id == first
    with pytest.raises(KeyError, match="no dossier titled 'Kursk'"):
        archive.dossier("Kursk")
    with pytest.raises(KeyError, match="no dossier #42"):
        archive.dossier(42)
    second = archive.create_dossier("KURSK incursion")
    with pytest.raises(KeyError, match=rf"2 dossiers are titled .*#{first}, #{second}"):
        archive.dossier("Kursk Incursion")
    # A title made of digits still works when no dossier has that id.
    numeric = archive.create_dossier("2024")
    assert archive.dossier("2024").id == numeric


# -- adding, removing, moving ------------------------------------------------------------------
def test_add_appends_or_inserts_and_skips_present(archive: Archive, articles: list[int]) -> None:
    a0, a1, a2, a3, a4, a5 = articles
    dossier_id = archive.create_dossier("D", article_ids=[a0, a1])
    assert archive.add_to_dossier(dossier_id, [a2, a0]) == 1
    assert _order(archive, dossier_id) == [a0, a1, a2]
    assert archive.add_to_dossier(dossier_id, [a3, a4], position=1, note="context") == 2
    assert _order(archive, dossier_id) == [a0, a3, a4, a1, a2]
    notes = {e.article_id: e.note for e in archive.dossier(dossier_id).entries}
    assert notes == {a0: None, a3: "context", a4: "context", a1: None, a2: None}
    assert archive.add_to_dossier(dossier_id, [a5], position=-3) == 1  # clamped to the start
    assert archive.add_to_dossier(dossier_id, [a1, a3]) == 0
    assert _order(archive, dossier_id)[0] == a5
    _assert_dense(archive, dossier_id)


def test_add_unknown_article_or_dossier_changes_nothing(
    archive: Archive, articles: list[int]
) -> None:
    dossier_id = archive.create_dossier("D", article_ids=[articles[0]])
    with pytest.raises(KeyError, match="no article #777"):
        archive.add_to_dossier(dossier_id, [articles[1], 777])
    assert _order(archive, dossier_id) == [articles[0]]
    with pytest.raises(KeyError, match="no dossier #99"):
        archive.add_to_dossier(99, [articles[1]])


def test_remove_keeps_positions_dense(archive: Archive, articles: list[int]) -> None:
    dossier_id = archive.create_dossier("D", article_ids=articles)
    assert archive.remove_from_dossier(dossier_id, [articles[1], articles[3], 12345]) == 2
    assert _order(archive, dossier_id) == [articles[0], articles[2], articles[4], articles[5]]
    _assert_dense(archive, dossier_id)
    assert archive.remove_from_dossier(dossier_id, [articles[1]]) == 0


@pytest.mark.parametrize(
    ("moving", "to", "expected"),
    [
        ([0], 3, [1, 2, 3, 0, 4, 5]),  # down
        ([4], 0, [4, 0, 1, 2, 3, 5]),  # up to the top
        ([2], 99, [0, 1, 3, 4, 5, 2]),  # past the end: clamped
        ([5, 1], 0, [1, 5, 0, 2, 3, 4]),  # several: together, in their dossier order
        ([1, 3], 2, [0, 2, 1, 3, 4, 5]),
        ([2], 2, [0, 1, 2, 3, 4, 5]),  # no-op
    ],
)
def test_move_puts_the_first_moved_entry_at_the_position(
    archive: Archive, articles: list[int], moving: list[int], to: int, expected: list[int]
) -> None:
    dossier_id = archive.create_dossier("D", article_ids=articles)
    archive.move_in_dossier(dossier_id, [articles[i] for i in moving], to)
    assert _order(archive, dossier_id) == [articles[i] for i in expected]
    _assert_dense(archive, dossier_id)


def test_move_of_an_absent_article_is_refused(archive: Archive, articles: list[int]) -> None:
    dossier_id = archive.create_dossier("D", article_ids=articles[:3])
    with pytest.raises(KeyError, match=f"not in the dossier: #{articles[4]}"):
        archive.move_in_dossier(dossier_id, [articles[0], articles[4]], 2)
    assert _order(archive, dossier_id) == articles[:3]


def test_set_order_reorders_and_tolerates_stale_lists(
    archive: Archive, articles: list[int]
) -> None:
    dossier_id = archive.create_dossier("D", article_ids=articles[:4])
    before = _order(archive, dossier_id)
    archive.move_in_dossier(dossier_id, [articles[3]], 0)
    archive.set_dossier_order(dossier_id, before)  # undo of the move
    assert _order(archive, dossier_id) == before
    # Ids no longer in the dossier are ignored; entries not listed follow in their order.
    archive.set_dossier_order(dossier_id, [articles[2], 999, articles[0]])
    assert _order(archive, dossier_id) == [articles[2], articles[0], articles[1], articles[3]]
    _assert_dense(archive, dossier_id)


# -- notes, fields, timestamps -----------------------------------------------------------------
def test_notes_are_set_cleared_and_checked(archive: Archive, articles: list[int]) -> None:
    dossier_id = archive.create_dossier("D", article_ids=articles[:2])
    archive.set_dossier_note(dossier_id, articles[1], "  Read <b>this</b> first  ")
    entries = archive.dossier(dossier_id).entries
    assert entries[1].note == "Read <b>this</b> first"  # stored as plain text, trimmed
    archive.set_dossier_note(dossier_id, articles[1], "   ")
    assert archive.dossier(dossier_id).entries[1].note is None
    with pytest.raises(KeyError, match=f"article #{articles[3]} is not in dossier"):
        archive.set_dossier_note(dossier_id, articles[3], "x")


def test_update_changes_only_given_fields_and_bumps_updated(
    archive: Archive, articles: list[int]
) -> None:
    dossier_id = archive.create_dossier("Old", subtitle="Sub", compiled_by="Me")
    created = archive.dossier(dossier_id).updated
    time.sleep(0.002)
    archive.update_dossier(dossier_id, subtitle=None, description="About it")
    detail = archive.dossier(dossier_id)
    assert (detail.title, detail.subtitle, detail.compiled_by) == ("Old", None, "Me")
    assert detail.description == "About it"
    assert detail.updated > created
    assert detail.created == created
    time.sleep(0.002)
    archive.rename_dossier(dossier_id, "New")
    renamed = archive.dossier(dossier_id)
    assert renamed.title == "New" and renamed.updated > detail.updated
    with pytest.raises(ValueError, match="empty"):
        archive.rename_dossier(dossier_id, "")
    with pytest.raises(KeyError):
        archive.rename_dossier(4242, "x")


@pytest.mark.parametrize("action", ["add", "remove", "move", "order", "note"])
def test_every_entry_change_bumps_updated(
    archive: Archive, articles: list[int], action: str
) -> None:
    dossier_id = archive.create_dossier("D", article_ids=articles[:3])
    before = archive.dossier(dossier_id).updated
    time.sleep(0.002)
    if action == "add":
        archive.add_to_dossier(dossier_id, [articles[4]])
    elif action == "remove":
        archive.remove_from_dossier(dossier_id, [articles[0]])
    elif action == "move":
        archive.move_in_dossier(dossier_id, [articles[0]], 2)
    elif action == "order":
        archive.set_dossier_order(dossier_id, [articles[2], articles[1], articles[0]])
    else:
        archive.set_dossier_note(dossier_id, articles[1], "n")
    assert archive.dossier(dossier_id).updated > before


# -- duplicate, delete, restore, cascades ------------------------------------------------------
def test_duplicate_copies_entries_and_notes_independently(
    archive: Archive, articles: list[int]
) -> None:
    original = archive.create_dossier("Base", subtitle="S", article_ids=articles[:3])
    archive.set_dossier_note(original, articles[1], "keep")
    copy = archive.duplicate_dossier(original)
    named = archive.duplicate_dossier(original, "Second copy")
    assert archive.dossier(copy).title == "Base (copy)"
    assert archive.dossier(named).title == "Second copy"
    src, dup = archive.dossier(original), archive.dossier(copy)
    assert dup.entries == src.entries and dup.subtitle == "S"
    archive.remove_from_dossier(copy, [articles[0]])
    assert _order(archive, original) == articles[:3]


def test_delete_then_restore_brings_back_id_entries_and_notes(
    archive: Archive, articles: list[int]
) -> None:
    keep = archive.create_dossier("Keep", article_ids=articles[:2])
    dossier_id = archive.create_dossier("Gone", compiled_by="Me", article_ids=articles[1:4])
    archive.set_dossier_note(dossier_id, articles[2], "important")
    saved = archive.dossier(dossier_id)
    archive.delete_dossier(dossier_id)
    with pytest.raises(KeyError):
        archive.dossier(dossier_id)
    with pytest.raises(KeyError):
        archive.delete_dossier(dossier_id)
    assert archive.count() == len(articles)  # articles stay in the archive
    assert _order(archive, keep) == articles[:2]
    # Articles deleted meanwhile are left out of the restored dossier.
    archive.delete_articles([articles[3]])
    restored = archive.restore_dossier(saved)
    assert restored == dossier_id
    detail = archive.dossier(restored)
    assert (detail.title, detail.compiled_by, detail.created) == ("Gone", "Me", saved.created)
    assert [(e.article_id, e.note) for e in detail.entries] == [
        (articles[1], None),
        (articles[2], "important"),
    ]
    _assert_dense(archive, restored)


def test_restore_takes_a_new_id_when_the_old_one_is_taken(
    archive: Archive, articles: list[int]
) -> None:
    dossier_id = archive.create_dossier("A", article_ids=articles[:1])
    saved = archive.dossier(dossier_id)
    # Not deleted: the id is in use, so restoring makes a second dossier.
    new_id = archive.restore_dossier(saved)
    assert new_id != dossier_id
    assert _order(archive, new_id) == articles[:1]


def test_deleting_articles_removes_them_from_dossiers_in_order(
    archive: Archive, articles: list[int]
) -> None:
    one = archive.create_dossier("One", article_ids=articles)
    two = archive.create_dossier("Two", article_ids=list(reversed(articles)))
    archive.set_dossier_note(one, articles[3], "stays")
    archive.delete_articles([articles[1], articles[2], articles[4]])
    assert _order(archive, one) == [articles[0], articles[3], articles[5]]
    assert _order(archive, two) == [articles[5], articles[3], articles[0]]
    detail = archive.dossier(one)
    assert [e.position for e in detail.entries] == [0, 1, 2]  # handed out dense
    assert detail.article_count == 3 and detail.entries[1].note == "stays"
    assert [d.article_count for d in archive.dossiers()] == [3, 3]
    assert archive.check().ok
    # The next change to a dossier stores dense positions again.
    archive.add_to_dossier(one, [articles[0]])  # nothing added, nothing renumbered
    archive.move_in_dossier(one, [articles[5]], 0)
    assert _order(archive, one) == [articles[5], articles[0], articles[3]]
    _assert_dense(archive, one)
    archive.remove_from_dossier(two, [articles[0]])
    _assert_dense(archive, two)


@pytest.mark.parametrize("change", ["add", "remove", "order"])
def test_changes_close_gaps_left_by_deleted_articles(
    archive: Archive, articles: list[int], change: str
) -> None:
    dossier_id = archive.create_dossier("D", article_ids=articles[:5])
    archive.delete_articles([articles[1], articles[3]])
    if change == "add":
        archive.add_to_dossier(dossier_id, [articles[5]], position=1)
        expected = [articles[0], articles[5], articles[2], articles[4]]
    elif change == "remove":
        archive.remove_from_dossier(dossier_id, [articles[0]])
        expected = [articles[2], articles[4]]
    else:
        archive.set_dossier_order(dossier_id, [articles[4]])
        expected = [articles[4], articles[0], articles[2]]
    assert _order(archive, dossier_id) == expected
    _assert_dense(archive, dossier_id)


def test_large_dossier_with_half_its_articles_deleted(archive: Archive) -> None:
    """2,000 entries, 1,000 articles deleted (per-entry renumbering made this take seconds)."""
    sources = [
        SourceFile(name=f"b{n}.txt", data=f"Bulk article {n}\n\nText number {n}.".encode())
        for n in range(2000)
    ]
    ids = archive.import_sources(sources, total=len(sources)).imported_ids
    big = archive.create_dossier("Big", article_ids=ids)
    copy = archive.duplicate_dossier(big)
    archive.delete_articles(ids[::2])
    assert _order(archive, big) == ids[1::2]
    archive.delete_dossier(copy)
    archive.move_in_dossier(big, [ids[1]], 999)
    _assert_dense(archive, big)
    assert _order(archive, big) == [*ids[3::2], ids[1]]
