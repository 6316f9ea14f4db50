"""Sidebar facets: source spellings grouped, authors by surname with rank, the undated."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.facet_archive import FACET_ARTICLES, fill_facet_archive

from dossierdesk.query import parse_query
from dossierdesk.ranks import split_rank
from dossierdesk.service import Archive
from dossierdesk.service.facets import author_entries, group_sources, source_key

pytestmark = pytest.mark.both_backends


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Senior Airman Jane Roe", ("Senior Airman", "Jane Roe")),
        ("Airman 1st Class Zed Adams", ("Airman 1st Class", "Zed Adams")),
        (
            "Army Sgt. 1st Class Tyrone C. Marshall Jr.",
            ("Army Sgt. 1st Class", "Tyrone C. Marshall Jr."),
        ),
        ("Petty Officer 2nd Class Ann Lee", ("Petty Officer 2nd Class", "Ann Lee")),
        ("Staff  Sgt.  Mary Baker", ("Staff Sgt.", "Mary Baker")),
        ("Tech Sgt. Nicholas Rau", ("Tech Sgt.", "Nicholas Rau")),
        ("David Vergun", ("", "David Vergun")),
        ("1st Class Joe Doe", ("", "1st Class Joe Doe")),  # no known title in it
        ("Senior Airman", ("", "Senior Airman")),  # nothing left for a name
    ],
)
def test_split_rank(printed: str, expected: tuple[str, str]) -> None:
    assert split_rank(printed) == expected


def test_source_key_ignores_case_punctuation_and_spacing() -> None:
    keys = {source_key(s) for s in ("DOD News", "DoD News", "D.O.D. News", "DoD-News", " dod news")}
    assert keys == {"dodnews"}
    assert source_key("Army News Service") != source_key("Navy News Service")


def test_group_sources_sums_spellings_and_ors_them() -> None:
    groups = group_sources(
        [("DOD News", 4), ("Army News Service", 5), ("DoD News", 2), ("D.O.D. News", 1)]
    )
    assert [(g.name, g.count) for g in groups] == [("DOD News", 7), ("Army News Service", 5)]
    dod = groups[0]
    assert dod.variants == (("DOD News", 4), ("DoD News", 2), ("D.O.D. News", 1))
    # "DoD News" differs from "DOD News" only in case, which source: ignores already.
    assert dod.condition == '(source:"DOD News" OR source:"D.O.D. News")'
    assert groups[1].condition == 'source:"Army News Service"'
    parse_query(dod.condition)  # a valid query
    assert len(group_sources([("A", 1), ("B", 2), ("C", 3)], limit=2)) == 2


def test_author_entries_sort_by_surname_and_show_the_rank() -> None:
    entries = author_entries((a, 1) for _s, authors, _d in FACET_ARTICLES for a in authors)
    assert [e.label for e in entries] == [
        "Adams, Zed (Airman 1st Class)",
        "Baker, Mary (Staff Sgt.)",
        "Lacdan, Joe",
        "Marshall Jr., Tyrone C. (Army Sgt. 1st Class)",
        "Roe, Jane (Senior Airman)",
        "Vergun, David",
    ]
    roe = entries[-2]
    assert (roe.rank, roe.name, roe.value) == (
        "Senior Airman",
        "Jane Roe",
        "Senior Airman Jane Roe",
    )
    assert roe.condition == 'author:"Senior Airman Jane Roe"'
    assert author_entries([("Staff", 2)])[0].label == "Staff"


def test_grouped_source_condition_finds_every_spelling(archive: Archive, tmp_path: Path) -> None:
    ids = fill_facet_archive(archive, tmp_path / "in")
    groups = group_sources((f.value, f.count) for f in archive.facet("source"))
    dod = next(g for g in groups if g.name == "DOD News")
    assert dod.count == 4
    assert set(archive.search(dod.condition).ids) == set(ids[:4])
    assert archive.count(dod.condition) == dod.count


def test_years_and_undated_add_up_to_the_library(archive: Archive, tmp_path: Path) -> None:
    ids = fill_facet_archive(archive, tmp_path / "in")
    undated = {i for i, (_s, _a, d) in zip(ids, FACET_ARTICLES, strict=True) if d is None}
    assert set(archive.search("-has:date").ids) == undated
    assert archive.count("has:date") == len(ids) - len(undated)
    months = sum(f.count for f in archive.facet("month"))
    assert months + archive.count("-has:date") == archive.count("") == len(ids)
