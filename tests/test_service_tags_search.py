"""Tags, search through the service (sorting, totals, snippets), facets, deletion."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dossierdesk.query import QuerySyntaxError
from dossierdesk.service import Archive, ImportStatus, title_tiers

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


def test_tags_count_every_link_and_list_unused_tags_by_name(full: Archive) -> None:
    """``tags()`` counts each tag's links from the tags' index (a subquery per tag): the
    counts equal the links there are, a tag on no article counts 0, and the order is by name
    whatever the case."""
    ids = full.search("").ids
    full.add_tags(ids[:7], ["beta"])
    full.add_tags(ids[3:5], ["Alpha"])
    full.add_tags(ids[:1], ["gamma"])
    full.remove_tags(ids[:1], ["gamma"])  # (the tag stays, on no article)
    got = {t.name: t.count for t in full.tags()}
    assert got["beta"] == 7 and got["Alpha"] == 2 and got["gamma"] == 0
    names = [t.name for t in full.tags()]
    assert names == sorted(names, key=str.casefold)
    assert sum(got.values()) == sum(len(full.search(f"tag:{n}").ids) for n in got)


def test_tagging_many_articles_reports_exactly_the_new_links(
    full: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Links are added a chunk at a time (chunks of 7 here, the last one shorter, each
    length's statement compiled once): the change lists exactly the links that are new, and
    undoing it leaves the links that were there before."""
    from dossierdesk.service import tag_rows

    monkeypatch.setattr(tag_rows, "LINK_CHUNK", 7)
    ids = sorted(full.search("").ids)
    assert len(ids) > 30
    before = ids[::3]
    assert full.add_tags(before, ["Korea"]) == len(before)
    change = full.add_tag_links(ids, ["korea"])
    new = sorted(set(ids) - set(before))
    assert sorted(a for a, _ in change.links) == new
    assert {name for _, name in change.links} == {"Korea"}
    assert sorted(full.search("tag:korea").ids) == ids
    full.undo_tag_links(change, added=True)
    assert sorted(full.search("tag:korea").ids) == before


def test_articles_without_bodies_are_the_articles_but_their_text(
    full: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a metadata export reads (``articles(ids, body=False)``): every field as the full
    read gives it, tags, authors and images included, and no paragraphs (read in chunks of
    7 here: each chunk reads as asked)."""
    import dataclasses

    from dossierdesk.service import reads

    monkeypatch.setattr(reads, "CHUNK", 7)
    ids = list(full.search("", sort="id").ids)
    full.add_tags(ids[:5], ["Korea"])
    whole = list(full.articles(ids))
    bare = list(full.articles(ids, body=False))
    assert [a.id for a in bare] == ids
    assert all(a.paragraphs == () for a in bare)
    assert sum(len(a.paragraphs) for a in whole) > 100
    assert [dataclasses.replace(a, paragraphs=()) for a in whole] == bare
    assert any(a.images for a in bare) and any(a.tags for a in bare)


def test_tag_counts_of_chosen_articles(full: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    from dossierdesk.service import reads

    monkeypatch.setattr(reads, "TAG_COUNT_CHUNK", 4)  # counts summed over chunks
    ids = sorted(full.search("", sort="id").ids)
    full.add_tags(ids[:10], ["Korea"])
    full.add_tags(ids[5:7], ["navy"])
    assert full.tag_counts(ids[3:20]) == {"Korea": 7, "navy": 2}
    assert full.tag_counts(ids[20:]) == {}
    assert full.tag_counts([]) == {}


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
    exact = full.search("air force", sort="relevance")
    monkeypatch.setattr(title_tiers, "FULL_RANK_LIMIT", 0)
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
    monkeypatch.setattr(title_tiers, "FULL_RANK_LIMIT", 0)
    everything = full.search("air force", sort="relevance").ids
    pages: list[int] = []
    for offset in range(0, len(everything), 3):
        pages.extend(full.search("air force", sort="relevance", offset=offset, limit=3).ids)
    assert tuple(pages) == everything


@pytest.mark.parametrize("rank_limit", [None, 0])
def test_search_ids_pages_agree_with_search_without_counting(
    full: Archive, monkeypatch: pytest.MonkeyPatch, rank_limit: int | None
) -> None:
    if rank_limit is not None:  # every result "large": the title tier, decided without a count
        monkeypatch.setattr(title_tiers, "FULL_RANK_LIMIT", rank_limit)
    queries = ("air force", "air force -warrior", "tag:none OR force", "force after:2016-01-01")
    for query in queries:
        everything = full.search(query, sort="relevance").ids
        pages: list[int] = []
        for offset in range(0, len(everything), 4):
            pages.extend(full.search_ids(query, sort="relevance", offset=offset, limit=4))
        assert tuple(pages) == everything, query


def _title_words(archive: Archive, ids: tuple[int, ...]) -> list[set[str]]:
    return [set(re.findall(r"\w+", row.title.lower())) for row in archive.summaries(ids)]


def _window_pages(archive: Archive, query: str, total: int) -> tuple[int, ...]:
    pages: list[int] = []
    for offset in range(0, total, 3):
        pages.extend(archive.search_ids(query, sort="relevance", offset=offset, limit=3))
    return tuple(pages)


def test_titles_holding_every_word_lead_the_title_tier(
    full: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(title_tiers, "FULL_RANK_LIMIT", 0)  # every result "large"
    ids = full.search("air force", sort="relevance").ids
    words = {"air", "force"}
    titles = _title_words(full, ids)
    tiers = [0 if words <= title else 1 if words & title else 2 for title in titles]
    assert tiers == sorted(tiers)
    assert set(tiers) == {0, 1, 2}
    assert _window_pages(full, "air force", len(ids)) == ids


@pytest.mark.parametrize("query", ["air force", "force", "air force after:2015-06-01"])
def test_words_common_in_titles_list_each_tier_newest_first(
    full: Archive, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    monkeypatch.setattr(title_tiers, "FULL_RANK_LIMIT", 0)
    monkeypatch.setattr(title_tiers, "TITLE_RANK_LIMIT", 0)  # every title tier "large"
    ids = full.search(query, sort="relevance").ids
    assert sorted(ids) == sorted(full.search(query, sort="-date").ids)
    words = {w for w in ("air", "force") if w in query}
    titles = _title_words(full, ids)
    tiers = [0 if words <= title else 1 if words & title else 2 for title in titles]
    assert tiers == sorted(tiers)
    rows = full.summaries(ids)
    for tier in set(tiers):
        dates = [r.published for r, t in zip(rows, tiers, strict=True) if t == tier]
        dated = [d for d in dates if d is not None]
        assert dated == sorted(dated, reverse=True), (tier, dates)
    assert _window_pages(full, query, len(ids)) == ids


def test_a_title_with_every_word_beats_a_better_scored_title_with_one(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "air" in thirty titles is worth little to bm25: a short title repeating "force" scores
    # better than a long one holding both words. The whole query in the title wins here.
    folder = tmp_path / "texts"
    folder.mkdir()
    for i in range(30):
        (folder / f"show{i}.txt").write_text(
            f"Air show number {i} at the base\n\nThe air show {i} drew crowds to the field.\n"
        )
    (folder / "short.txt").write_text("Force force force\n\nA note on the air wing.\n")
    long_title = "Air force base opens its gates to the public for a long weekend of events"
    body = "The base welcomed visitors from across the region for its displays. " * 20
    (folder / "long.txt").write_text(f"{long_title}\n\n{body}\n")
    archive.import_paths([folder])
    monkeypatch.setattr(title_tiers, "FULL_RANK_LIMIT", 0)
    ids = archive.search("air force", sort="relevance").ids
    assert [row.title for row in archive.summaries(ids)] == [long_title, "Force force force"]
    assert archive.search_ids("air force", sort="relevance", limit=1) == ids[:1]


def test_a_common_word_ranks_by_title_however_few_a_filter_keeps(
    full: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "force" alone is "common"; the filter keeps fewer matches than the limit.
    monkeypatch.setattr(title_tiers, "FULL_RANK_LIMIT", full.count("force") - 1)
    query = "force after:2016-01-01"
    assert full.count(query) < title_tiers.FULL_RANK_LIMIT
    ids = full.search(query, sort="relevance").ids
    in_title = ["force" in title for title in _title_words(full, ids)]
    assert in_title == sorted(in_title, reverse=True)
    assert any(in_title) and not all(in_title)
    rest = [row.published for row in full.summaries(ids[in_title.count(True) :])]
    assert None not in rest and rest == sorted(rest, reverse=True)  # newest first
    assert _window_pages(full, query, len(ids)) == ids
    # Below the limit, the same query is ranked by bm25 over the whole text.
    monkeypatch.setattr(title_tiers, "FULL_RANK_LIMIT", full.count("force"))
    ranked = full.search(query, sort="relevance").ids
    assert sorted(ranked) == sorted(ids)


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
