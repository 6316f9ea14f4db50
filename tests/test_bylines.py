"""Byline parsing: persons vs organisations, as a librarian would file them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossierdesk.importers.bylines import (
    Byline,
    is_organisation,
    parse_byline,
    strip_byline_prefix,
)

CASES: list[tuple[str, tuple[str, ...], str | None]] = [
    ("By David Vergun, DOD News", ("David Vergun",), "DOD News"),
    (
        "By Lisa Ferdinando, DoD News, Defense Media Activity",
        ("Lisa Ferdinando",),
        "DoD News, Defense Media Activity",
    ),
    ("By Jim Garamone and David Vergun, DOD News", ("Jim Garamone", "David Vergun"), "DOD News"),
    (
        "By Jim Garamone, David Vergun and C. Todd Lopez, 1st Armored Division",
        ("Jim Garamone", "David Vergun", "C. Todd Lopez"),
        "1st Armored Division",
    ),
    ("By DOD News Staff", (), "DOD News Staff"),
    ("By Air Force News Service", (), "Air Force News Service"),
    ("Story by DoD News, Defense Media Activity", (), "DoD News, Defense Media Activity"),
    ("Story by American Forces Press Service", (), "American Forces Press Service"),
    (
        "By Secretary of the Air Force Public Affairs,",
        (),
        "Secretary of the Air Force Public Affairs",
    ),
    (
        "Story by Army Sgt. 1st Class Tyrone C. Marshall Jr., American Forces Press Service",
        ("Army Sgt. 1st Class Tyrone C. Marshall Jr.",),
        "American Forces Press Service",
    ),
    (
        "Story by Jim Garamone, American Forces Press Service",
        ("Jim Garamone",),
        "American Forces Press Service",
    ),
    (
        "By Staff Sgt. Jane Doe, 52nd Fighter Wing Public Affairs",
        ("Staff Sgt. Jane Doe",),
        "52nd Fighter Wing Public Affairs",
    ),
    ("Air Force TV", (), "Air Force TV"),
    (
        "By Ilka Cole, 96th Test Wing Public Affairs",
        ("Ilka Cole",),
        "96th Test Wing Public Affairs",
    ),
    # bylines of the af.mil pages in tests/data/corpus
    ("By Amaani Lyle, DoD News", ("Amaani Lyle",), "DoD News"),
    ("By Defense Media Activity,", (), "Defense Media Activity"),
    ("By Air Force Public Affairs Agency,", (), "Air Force Public Affairs Agency"),
    (
        "By Ilka Cole,   Eglin Air Force Base Public Affairs",
        ("Ilka Cole",),
        "Eglin Air Force Base Public Affairs",
    ),
    (
        "By Col. Todd L. Osgood,   379th Expeditionary Medical Group",
        ("Col. Todd L. Osgood",),
        "379th Expeditionary Medical Group",
    ),
    (
        "By Tech. Sgt. Dan DeCook,   Combined Joint Task Force-Horn of Africa",
        ("Tech. Sgt. Dan DeCook",),
        "Combined Joint Task Force-Horn of Africa",
    ),
    (
        "By Senior Airman Hailey Haux,   Secretary of the Air Force Public Affairs",
        ("Senior Airman Hailey Haux",),
        "Secretary of the Air Force Public Affairs",
    ),
    (
        "By Senior Airman Ashley Powell, Secretary of the Air Force Public Affairs Command "
        "Information",
        ("Senior Airman Ashley Powell",),
        "Secretary of the Air Force Public Affairs Command Information",
    ),
    (
        "By Kevin M. Hymel,   Air Force Surgeon General Public Affairs",
        ("Kevin M. Hymel",),
        "Air Force Surgeon General Public Affairs",
    ),
    (
        "By Staff Sgt. Chris Gross,   Air Force News Service",
        ("Staff Sgt. Chris Gross",),
        "Air Force News Service",
    ),
    (
        "By Secretary of the Air Force Deborah Lee James and Air Force Chief of Staff "
        "Gen. Mark A. Welsh III,",
        (
            "Secretary of the Air Force Deborah Lee James",
            "Air Force Chief of Staff Gen. Mark A. Welsh III",
        ),
        None,
    ),
    # plain-text trailers and leads
    (
        "From USS Ronald Reagan (CVN 76) Public Affairs",
        (),
        "USS Ronald Reagan (CVN 76) Public Affairs",
    ),
    (
        "By Mass Communication Specialist 2nd Class John Doe, USS Ronald Reagan (CVN 76)",
        ("Mass Communication Specialist 2nd Class John Doe",),
        "USS Ronald Reagan (CVN 76)",
    ),
    # more shapes
    ("By John Smith, Jr., 1st Infantry Division", ("John Smith, Jr.",), "1st Infantry Division"),
    ("By Army and Air Force Exchange Service", (), "Army and Air Force Exchange Service"),
    ("By Spc. 3 Aliyah Sharks, Space Delta 4", ("Spc. 3 Aliyah Sharks",), "Space Delta 4"),
    ("Story and photos by Jane Doe, 3rd Marine Division", ("Jane Doe",), "3rd Marine Division"),
    ("BY DAVID VERGUN, DOD NEWS", ("DAVID VERGUN",), "DOD NEWS"),
    ("By Col. Jane Doe, USAF (Ret.)", ("Col. Jane Doe, USAF (Ret.)",), None),
    ("By Jane Doe", ("Jane Doe",), None),
    ("Jane Doe, DOD News", ("Jane Doe",), "DOD News"),
]


@pytest.mark.parametrize(("text", "authors", "source"), CASES)
def test_parse_byline(text: str, authors: tuple[str, ...], source: str | None) -> None:
    byline = parse_byline(text)
    assert byline.authors == authors
    assert byline.source == source


def test_printed_is_normalised_but_as_printed() -> None:
    byline = parse_byline("  By Lisa Ferdinando,\u00a0  DoD News,\n Defense Media Activity , ")
    assert byline.printed == "By Lisa Ferdinando, DoD News, Defense Media Activity"


def test_a_date_printed_with_the_byline_is_dropped() -> None:
    assert parse_byline("Nov. 18, 2024 | By David Vergun, DOD News") == Byline(
        "By David Vergun, DOD News", ("David Vergun",), "DOD News"
    )
    assert parse_byline("By David Vergun, DOD News | Nov. 18, 2024").printed == (
        "By David Vergun, DOD News"
    )


@pytest.mark.parametrize("text", ["", "   ", "By", "By ,,,", ",", "|"])
def test_empty_bylines(text: str) -> None:
    byline = parse_byline(text)
    assert byline.authors == ()
    assert byline.source is None


@pytest.mark.parametrize(
    ("text", "rest", "had"),
    [
        ("By X", "X", True),
        ("by: X", "X", True),
        ("Story by X", "X", True),
        ("Story and photo by X", "X", True),
        ("Courtesy story by X", "X", True),
        ("From X", "X", True),
        ("Bystander X", "Bystander X", False),
        ("X", "X", False),
    ],
)
def test_strip_byline_prefix(text: str, rest: str, had: bool) -> None:
    assert strip_byline_prefix(text) == (rest, had)


@pytest.mark.parametrize(
    "segment",
    [
        "DOD News",
        "DOD News Staff",
        "Air Force",
        "Secretary of the Air Force",
        "52nd FW",
        "AFNS",
        "the Pentagon",
        "Reuters",
        "Courtesy Story",
    ],
)
def test_organisations(segment: str) -> None:
    assert is_organisation(segment)


@pytest.mark.parametrize(
    "segment",
    [
        "David Vergun",
        "Staff Sgt. Jane Doe",
        "Army Sgt. 1st Class Tyrone C. Marshall Jr.",
        "Secretary of the Air Force Deborah Lee James",
        "Air Force Chief of Staff Gen. Mark A. Welsh III",
        "Petty Officer 1st Class Jane Roe",
        "Ludwig van Beethoven",
        "",
    ],
)
def test_persons(segment: str) -> None:
    assert not is_organisation(segment)


@settings(max_examples=200)
@given(st.text())
def test_parse_byline_never_raises(text: str) -> None:
    byline = parse_byline(text)
    assert byline.printed == byline.printed.strip()
    for author in byline.authors:
        assert author
        assert author in byline.printed


@settings(max_examples=200)
@given(
    st.lists(st.sampled_from(["By", "Story by", "and", ",", "Jr.", "News", "Sgt.", "Jane", "Doe"]))
)
def test_parse_byline_on_byline_like_words(words: list[str]) -> None:
    byline = parse_byline(" ".join(words))
    assert all(author.strip() == author for author in byline.authors)
