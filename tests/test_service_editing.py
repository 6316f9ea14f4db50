"""Service functions behind the desktop editing actions (service/editing.py via Archive)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from dossierdesk.service import Archive, ImportStatus
from dossierdesk.service.editing import ArticleEdit, EditError, split_authors

pytestmark = pytest.mark.both_backends

FILES = (
    "001_afmil-gulf-war-critical-care.html",
    "002_afmil-secaf-csis-smart-women.html",
    "003_afmil-desert-storm-25-years-later.html",
    "019_afmil-rss-news-feed-2016-01-17.xml",  # one file, 20 articles
)


@pytest.fixture
def small(archive: Archive, corpus_dir: Path) -> Archive:
    report = archive.import_paths([corpus_dir / name for name in FILES])
    assert report.count(ImportStatus.FAILED) == 0
    assert report.count(ImportStatus.IMPORTED) == 23
    return archive


def _id(archive: Archive, query: str) -> int:
    found = archive.search(query).ids
    assert len(found) == 1, query
    return found[0]


def _links(archive: Archive) -> set[tuple[int, str]]:
    return {(d.id, t) for d in archive.articles(archive.search("").ids) for t in d.tags}


# -- tags -----------------------------------------------------------------------------------
def test_undo_of_add_tags_removes_only_the_new_links(small: Archive) -> None:
    ids = list(small.search("").ids[:3])
    small.add_tags(ids[:1], ["Desert Storm"])
    before = _links(small)
    change = small.add_tag_links(ids, ["desert storm", "medics"])
    assert sorted(change.links) == sorted(
        [(ids[1], "Desert Storm"), (ids[2], "Desert Storm")] + [(i, "medics") for i in ids]
    )
    assert change.created_tags == ("medics",)
    small.undo_tag_links(change, added=True)
    assert _links(small) == before
    assert [t.name for t in small.tags()] == ["Desert Storm"]  # created tag gone, old one kept


def test_undo_of_remove_tags_puts_back_exactly_what_was_there(small: Archive) -> None:
    ids = list(small.search("").ids[:4])
    small.add_tags(ids[:2], ["a"])
    small.add_tags(ids[1:3], ["b"])
    before = _links(small)
    change = small.remove_tag_links(ids, ["A", "b", "never-existed"])
    assert sorted(change.links) == sorted(
        [(ids[0], "a"), (ids[1], "a"), (ids[1], "b"), (ids[2], "b")]
    )
    assert not any(d.tags for d in small.articles(ids))
    small.undo_tag_links(change, added=False)
    assert _links(small) == before


def test_restore_tags_undoes_delete_with_colour_and_links(small: Archive) -> None:
    ids = list(small.search("").ids[:3])
    small.add_tags(ids, ["korea"])
    small.set_tag_color("korea", "#aa3311")
    snap = small.snapshot_tags(["KOREA"])
    small.delete_tag("korea")
    assert small.tags() == []
    small.restore_tags(snap)
    (tag,) = small.tags()
    assert (tag.id, tag.name, tag.color, tag.count) == (snap[0].id, "korea", "#aa3311", 3)
    assert set(small.search("tag:korea").ids) == set(ids)


def test_restore_tags_undoes_a_merge(small: Archive) -> None:
    ids = list(small.search("").ids[:4])
    small.add_tags(ids[:2], ["korea"])
    small.add_tags(ids[1:4], ["DPRK"])
    small.set_tag_color("korea", "#123456")
    before_tags, before_links = small.tags(), _links(small)
    snap = small.snapshot_tags(["korea", "DPRK"])
    small.rename_tag("korea", "dprk")
    assert {t.name: t.count for t in small.tags()} == {"DPRK": 4}
    small.restore_tags(snap)
    assert small.tags() == before_tags
    assert _links(small) == before_links


# -- metadata -------------------------------------------------------------------------------
def test_update_article_changes_fields_authors_images_and_search(small: Archive) -> None:
    article_id = _id(small, '"critical care" title:"gulf war"')
    detail = small.article(article_id)
    old_virin = detail.images[0].virin
    edit = dataclasses.replace(
        ArticleEdit.from_detail(detail),
        title="Zanzibar field hospital lessons",
        published=dt.date(2016, 2, 1),
        authors=split_authors("Jane Q. Writer; Kevin M. Hymel\n"),
        source="DOD News",
        dateline="WASHINGTON",
        url="https://example.mil/a",
        images=(
            dataclasses.replace(
                ArticleEdit.from_detail(detail).images[0],
                caption="A quokka in the hangar",
                credit="Photo by Someone",
                virin="160201-D-AB123-0042",
            ),
        ),
    )
    small.update_article(article_id, edit)
    after = small.article(article_id)
    assert after.title == "Zanzibar field hospital lessons"
    assert after.published == dt.date(2016, 2, 1)
    assert after.authors == ("Jane Q. Writer", "Kevin M. Hymel")
    assert (after.source, after.dateline, after.url) == ("DOD News", "WASHINGTON", edit.url)
    image = after.images[0]
    assert (image.caption, image.credit, image.virin) == (
        "A quokka in the hangar",
        "Photo by Someone",
        "160201-D-AB123-0042",
    )
    assert image.virin_valid and image.virin_service == "D"
    assert image.virin_date == dt.date(2016, 2, 1)
    # The full-text index follows: new title and caption found, the old title no longer.
    assert small.search("title:zanzibar").ids == (article_id,)
    assert small.search("quokka").ids == (article_id,)
    assert article_id not in small.search('title:"gulf war"').ids
    assert small.search("author:writer").ids == (article_id,)
    assert small.check().ok, small.check().messages
    # Undo = storing the previous values: everything as it was.
    small.update_article(article_id, ArticleEdit.from_detail(detail))
    restored = small.article(article_id)
    assert restored.version == detail.version + 2  # the edit and the edit back
    assert dataclasses.replace(restored, version=1, changed_by=None, changed_at=None) == detail
    assert restored.images[0].virin == old_virin
    assert small.search('title:"gulf war"').ids == (article_id,)
    assert small.search("title:zanzibar").ids == ()
    assert small.check().ok


def test_malformed_virin_is_kept_as_printed_and_flagged(small: Archive) -> None:
    article_id = _id(small, '"critical care" title:"gulf war"')
    edit = ArticleEdit.from_detail(small.article(article_id))
    bad = dataclasses.replace(edit.images[0], virin="16O114-F-EX708-001")
    small.update_article(article_id, dataclasses.replace(edit, images=(bad,)))
    image = small.article(article_id).images[0]
    assert image.virin == "16O114-F-EX708-001"
    assert image.virin_valid is False and image.virin_problem


def test_update_article_refuses_bad_edits(small: Archive) -> None:
    first = small.search("", sort="id").ids[0]
    edit = ArticleEdit.from_detail(small.article(first))
    with pytest.raises(EditError, match="title"):
        small.update_article(first, dataclasses.replace(edit, title="   "))
    with pytest.raises(EditError, match="images"):
        small.update_article(first, dataclasses.replace(edit, images=()))
    with pytest.raises(KeyError):
        small.update_article(99_999, edit)
    assert small.article(first).title == edit.title  # nothing half-written


def test_split_authors() -> None:
    assert split_authors("A. One;B. Two\n\n a.  one \nC Three;") == ("A. One", "B. Two", "C Three")


# -- delete and restore ---------------------------------------------------------------------
def test_take_and_restore_articles_keeps_ids_and_everything(small: Archive) -> None:
    feed_ids = list(small.search("", sort="id").ids[3:6])  # three of the 20 from one feed file
    html_id = _id(small, 'title:"desert storm"')
    ids = [html_id, *feed_ids]
    small.add_tags(ids, ["keep"])
    small.add_tags(feed_ids[:1], ["other"])
    small.set_tag_color("keep", "#00ff00")
    before = list(small.articles(ids))
    originals = {i: small.original(i) for i in ids}
    stats = small.stats()
    before_tags = small.tags()

    snap = small.take_articles(ids)
    assert len(snap) == 4
    assert list(small.articles(ids)) == []
    assert small.stats().source_files == stats.source_files - 1  # the feed file is still used
    small.delete_tag("other")  # the tag disappears meanwhile: restore recreates it...
    other_id = next(t.id for t in before_tags if t.name == "other")
    small.add_tags(small.search("", sort="id").ids[:1], ["newcomer"])  # ...its id reused
    if small.dialect == "sqlite":  # a sequence (PostgreSQL) never hands out an id twice
        assert {t.name: t.id for t in small.tags()}["newcomer"] == other_id

    small.restore_articles(snap)
    assert list(small.articles(ids)) == before
    assert {i: small.original(i) for i in ids} == originals
    assert dataclasses.replace(small.stats(), file_bytes=0, tags=0) == dataclasses.replace(
        stats, file_bytes=0, tags=0
    )
    assert small.search('title:"desert storm"').ids == (html_id,)
    assert {t.name: (t.color, t.count) for t in small.tags()} == {
        "keep": ("#00ff00", 4),
        "other": (None, 1),
        "newcomer": (None, 1),
    }
    assert small.check().ok, small.check().messages


def test_restore_refuses_when_the_text_came_back_meanwhile(
    small: Archive, corpus_dir: Path
) -> None:
    article_id = _id(small, 'title:"desert storm"')
    snap = small.take_articles([article_id])
    small.import_paths([corpus_dir / FILES[2]])
    with pytest.raises(EditError, match="same text"):
        small.restore_articles(snap)
    assert small.check().ok
