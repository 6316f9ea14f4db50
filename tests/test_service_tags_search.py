"""Tags, search through the service (sorting, totals, snippets), facets, deletion."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossierdesk.query import QuerySyntaxError
from dossierdesk.service import Archive, ImportStatus

pytestmark = pytest.mark.both_backends


@pytest.fixture
def full(archive: Archive, corpus_dir: Path) -> Archive:
    report = archive.import_paths([corpus_dir])
    assert report.count(ImportStatus.FAILED) == 0
    return archive


def test_tags_are_case_insensitive_and_counted(full: Archive) -> None:
    ids = list(full.search("").ids[:3])
    assert full.add_tags(ids, ["Ukraine"]) == 3
    assert full.add_tags(ids[:1], ["ukraine", "DPRK"]) == 1  # Ukraine already there
    tags = {t.name: t.count for t in full.tags()}
    assert tags == {"DPRK": 1, "Ukraine": 3}
    assert set(full.search("tag:ukraine").ids) == set(ids)
    assert full.remove_tags(ids, ["UKRAINE"]) == 3
    assert {t.name: t.count for t in full.tags()}["Ukraine"] == 0


def test_tag_rename_onto_existing_merges(full: Archive) -> None:
    ids = list(full.search("").ids[:4])
    full.add_tags(ids[:2], ["korea"])
    full.add_tags(ids[1:4], ["DPRK"])
    full.rename_tag("korea", "dprk")
    tags = {t.name: t.count for t in full.tags()}
    assert tags == {"DPRK": 4}


def test_empty_tag_name_is_rejected(full: Archive) -> None:
    with pytest.raises(ValueError, match="empty"):
        full.add_tags([1], ["   "])


def test_search_total_and_paging(full: Archive) -> None:
    everything = full.search("")
    assert everything.total == full.stats().articles == len(everything.ids)
    page = full.search("", offset=5, limit=5)
    assert page.total == everything.total
    assert page.ids == everything.ids[5:10]


def test_sort_by_date_descending_puts_undated_last(full: Archive) -> None:
    rows = full.summaries(full.search("", sort="-date").ids)
    dates = [r.published for r in rows]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated, reverse=True)
    assert dates[: len(dated)] == dated


def test_relevance_prefers_title_hits_and_snippets_mark_matches(full: Archive) -> None:
    result = full.search("warrior games", sort="relevance")
    assert result.total >= 2
    top = full.article(result.ids[0])
    assert "warrior games" in top.title.lower()
    snips = full.snippets("warrior games", result.ids[:3])
    assert snips and all("\ue000" in s for s in snips.values())


def test_bad_query_raises_with_position(full: Archive) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        full.search('title:"unclosed')
    assert info.value.position >= 0


def test_unknown_sort_field(full: Archive) -> None:
    with pytest.raises(ValueError, match="unknown sort field"):
        full.search("", sort="colour")


def test_facets(full: Archive) -> None:
    sources = {f.value: f.count for f in full.facet("source")}
    assert sum(sources.values()) <= full.stats().articles
    months = full.facet("month")
    assert months and all(len(m.value) == 7 for m in months)
    services = {f.value for f in full.facet("service")}
    assert "F" in services
    authors = {f.value for f in full.facet("author")}
    assert "Amaani Lyle" in authors


def test_delete_removes_article_and_index_entries(full: Archive) -> None:
    victim = full.search("title:warrior").ids[0]
    before = full.count()
    assert full.delete_articles([victim]) == 1
    assert full.count() == before - 1
    assert victim not in full.search("warrior").ids
    assert full.check().ok


def test_relevance_keeps_articles_matched_by_a_non_text_branch(full: Archive) -> None:
    untitled = full.search("-warrior", sort="-date").ids[0]
    full.add_tags([untitled], ["pinned"])
    result = full.search("warrior OR tag:pinned", sort="relevance")
    assert untitled in result.ids
    assert result.total == full.count("warrior") + 1
    # Text matches are ranked first, the tag-only match after them.
    assert result.ids[-1] == untitled


def test_large_results_rank_title_matches_first(
    full: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossierdesk.service import search as search_sql

    exact = full.search("air force", sort="relevance")
    monkeypatch.setattr(search_sql, "FULL_RANK_LIMIT", 0)
    quick = full.search("air force", sort="relevance")
    assert quick.total == exact.total
    assert sorted(quick.ids) == sorted(exact.ids)
    rows = full.summaries(quick.ids)
    in_title = ["air force" in r.title.lower() for r in rows]
    # Every title match comes before every body-only match.
    assert in_title == sorted(in_title, reverse=True)
    assert any(in_title) and not all(in_title)


def test_large_result_pages_agree_with_the_full_ranking(
    full: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossierdesk.service import search as search_sql

    monkeypatch.setattr(search_sql, "FULL_RANK_LIMIT", 0)
    everything = full.search("air force", sort="relevance").ids
    pages: list[int] = []
    for offset in range(0, len(everything), 3):
        pages.extend(full.search("air force", sort="relevance", offset=offset, limit=3).ids)
    assert tuple(pages) == everything


@pytest.mark.parametrize("rank_limit", [None, 0])
def test_search_ids_pages_agree_with_search_without_counting(
    full: Archive, monkeypatch: pytest.MonkeyPatch, rank_limit: int | None
) -> None:
    from dossierdesk.service import search as search_sql

    if rank_limit is not None:  # every result "large": the title tier, decided without a count
        monkeypatch.setattr(search_sql, "FULL_RANK_LIMIT", rank_limit)
    for query in ("air force", "air force -warrior", "tag:none OR force"):
        everything = full.search(query, sort="relevance").ids
        pages: list[int] = []
        for offset in range(0, len(everything), 4):
            pages.extend(full.search_ids(query, sort="relevance", offset=offset, limit=4))
        assert tuple(pages) == everything, query


def test_search_ids_relevance_without_words_is_newest_first(full: Archive) -> None:
    assert full.search_ids("", sort="relevance", limit=7) == full.search("", limit=7).ids
    assert full.search_ids("source:dod", sort="relevance") == full.search("source:dod").ids


def test_facets_can_count_the_articles_a_query_finds(full: Archive) -> None:
    seeded_archive = full
    ids = list(seeded_archive.search("").ids)
    seeded_archive.add_tags(ids[:3], ["alpha"])
    seeded_archive.add_tags(ids[2:6], ["beta"])
    found = set(seeded_archive.search("tag:alpha").ids)
    assert found == set(ids[:3])
    tags = {f.value: f.count for f in seeded_archive.facet("tag", query="tag:alpha")}
    assert tags == {"alpha": 3, "beta": 1}
    for kind in ("source", "author", "month", "service"):
        whole = sum(f.count for f in seeded_archive.facet(kind))
        part = sum(f.count for f in seeded_archive.facet(kind, query="tag:alpha"))
        assert part <= whole
    months = sum(f.count for f in seeded_archive.facet("month", query="tag:alpha"))
    dated = [i for i in found if seeded_archive.article(i).published is not None]
    assert months == len(dated)
