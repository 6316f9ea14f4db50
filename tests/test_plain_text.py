"""Plain-text articles (the DVIDS corpus texts), datelines, trailers and the date helpers."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossierdesk.importers.dates import find_dates, parse_date, search_date
from dossierdesk.importers.plain_text import (
    block_paragraphs,
    detect_byline,
    parse_plain_text,
    split_dateline,
)
from dossierdesk.importers.types import ParsedArticle, ParseError

CORPUS = Path(__file__).parent / "data" / "corpus"


def load(name: str) -> ParsedArticle:
    path = next(CORPUS.glob(f"{name}_*.txt"))
    return parse_plain_text(path.read_text("utf-8"), path.name)


@dataclass(frozen=True)
class Expected:
    title: str
    paragraphs: int
    first: str  # start of the first body paragraph
    last: str  # end of the last body paragraph
    dateline: str | None = None
    published: dt.date | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None


AFPS = "American Forces Press Service"
CORPUS_EXPECTED = {
    "020": Expected(
        title="Ronald Reagan Carrier Strike Group Operates with JMSDF",
        paragraphs=11,
        first="Ships and aircraft from the USS Ronald Reagan (CVN 76)",
        last="help preserve peace and prevent conflict.",
        dateline="PHILIPPINE SEA",
    ),
    "021": Expected(
        title="Reagan Carrier Strike Group Enters Fifth Fleet",
        paragraphs=10,
        first="The Navy's newest aircraft carrier USS Ronald Reagan (CVN 76)",
        last="southern tip of Yemen.",
        dateline="ABOARD USS RONALD REAGAN (CVN 76), AT SEA",
        byline="From USS Ronald Reagan (CVN 76) Public Affairs",
        source="USS Ronald Reagan (CVN 76) Public Affairs",
    ),
    "022": Expected(
        title="Army Awards Contracts to Accelerate Javelin and Stinger Production",
        paragraphs=8,
        first="The U.S. Army has contracted to boost production",
        last="cruise missiles and all classes of aircraft.",
        dateline="REDSTONE ARSENAL, Alabama (May 31, 2022)",
        published=dt.date(2022, 5, 31),
    ),
    "023": Expected(
        title="Clinton, Panetta Discuss Diplomatic, Defense Policies",
        paragraphs=10,
        first="The world is full of threats",
        last="wants North Korea to end its provocations.",
        byline=f"Story by Jim Garamone, {AFPS}",
        authors=("Jim Garamone",),
        source=AFPS,
    ),
    "024": Expected(
        title=(
            "Defense POW/MIA Accounting Agency Discusses Mission with Acting Under Secretary "
            "of Defense for Policy"
        ),
        paragraphs=7,
        first="The Honorable Sasha Baker, Acting Under Secretary",
        last="in an official capacity.”",
    ),
    "025": Expected(
        title="Secretary Discusses Iran With Israeli Defense Minister",
        paragraphs=6,
        first="During a phone conversation with Israeli Defense Minister",
        last="Kirby added.",
        byline=f"Story by {AFPS}",
        source=AFPS,
    ),
    "026": Expected(
        title="Pentagon’s Top Policy Chief to Step Down",
        paragraphs=12,
        first="The Defense Department’s third most senior official",
        last="service in her future.”",
        byline=f"Story by Army Sgt. 1st Class Tyrone C. Marshall Jr., {AFPS}",
        authors=("Army Sgt. 1st Class Tyrone C. Marshall Jr.",),
        source=AFPS,
    ),
    "027": Expected(
        title="U.S. Army awards expedited production contract for HIMARS launchers",
        paragraphs=4,
        first="The U.S. Army awarded Lockheed Martin an Undefinitized Contract Action",
        last="Army Contracting Command-Redstone Arsenal.",
        dateline="ARMY CONTRACTING COMMAND, REDSTONE ARSENAL, Ala.",
    ),
    "028": Expected(
        title=(
            "Spc. 3 Aliyah Sharks strengthens missile warning and tracking mission through "
            "innovation and readiness"
        ),
        paragraphs=10,
        first="Missile launches don’t come with a countdown",
        last="In fact, not on",  # the saved text is cut off mid-sentence
    ),
    "029": Expected(
        title="Hagel Welcomes Japan’s New Collective Self-defense Policy",
        paragraphs=5,
        first="Defense Secretary Chuck Hagel today welcomed",
        last="the secretary said in his statement.",
        byline="Story by DoD News, Defense Media Activity",
        source="DoD News, Defense Media Activity",
    ),
}


def test_every_corpus_text_has_an_expectation() -> None:
    assert sorted(p.name[:3] for p in CORPUS.glob("0*.txt")) == sorted(CORPUS_EXPECTED)


@pytest.mark.parametrize("name", sorted(CORPUS_EXPECTED))
def test_corpus_text(name: str) -> None:
    expected = CORPUS_EXPECTED[name]
    article = load(name)
    assert article.format == "plain-text"
    assert article.title == expected.title
    assert article.dateline == expected.dateline
    assert article.published == expected.published
    assert article.byline == expected.byline
    assert article.authors == expected.authors
    assert article.source == expected.source
    assert len(article.paragraphs) == expected.paragraphs
    assert article.paragraphs[0].startswith(expected.first)
    assert article.paragraphs[-1].endswith(expected.last)
    assert article.images == ()
    for paragraph in article.paragraphs:
        assert paragraph and paragraph == paragraph.strip()
        assert "\n" not in paragraph
        if article.byline:
            assert article.byline not in paragraph
        if article.dateline:
            assert not paragraph.startswith(article.dateline)


def test_a_line_broken_mid_sentence_is_joined() -> None:
    article = load("020")
    assert article.paragraphs[1].endswith("dry cargo ship USNS Charles Drew (T-AKE 10).")


def test_two_paragraphs_without_a_blank_line_are_split() -> None:
    article = load("020")
    assert article.paragraphs[8].endswith("supporting international norms.")
    assert article.paragraphs[9].startswith('"JS Ise has successfully improved')


def test_a_date_only_in_the_body_is_not_the_publication_date() -> None:
    article = load("024")  # mentions "September 13, 2023" in the first paragraph
    assert "September 13, 2023" in article.paragraphs[0]
    assert article.published is None


# --- datelines ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "dateline", "rest", "date"),
    [
        ("PHILIPPINE SEA – Ships sailed.", "PHILIPPINE SEA", "Ships sailed.", None),
        (
            "WASHINGTON (AFNS) -- The Air Force said.",
            "WASHINGTON (AFNS)",
            "The Air Force said.",
            None,
        ),
        (
            "REDSTONE ARSENAL, Alabama (May 31, 2022) – The Army has contracted.",
            "REDSTONE ARSENAL, Alabama (May 31, 2022)",
            "The Army has contracted.",
            dt.date(2022, 5, 31),
        ),
        (
            "ARMY CONTRACTING COMMAND, REDSTONE ARSENAL, Ala. --The U.S. Army awarded.",
            "ARMY CONTRACTING COMMAND, REDSTONE ARSENAL, Ala.",
            "The U.S. Army awarded.",
            None,
        ),
        (
            "ABOARD USS RONALD REAGAN, AT SEA -The Navy's newest carrier.",
            "ABOARD USS RONALD REAGAN, AT SEA",
            "The Navy's newest carrier.",
            None,
        ),
        (
            "JOINT BASE PEARL HARBOR-HICKAM, Hawaii — Sailors met.",
            "JOINT BASE PEARL HARBOR-HICKAM, Hawaii",
            "Sailors met.",
            None,
        ),
        (
            "KADENA AIR BASE, Japan (AFNS) — Airmen flew.",
            "KADENA AIR BASE, Japan (AFNS)",
            "Airmen flew.",
            None,
        ),
    ],
)
def test_datelines(paragraph: str, dateline: str, rest: str, date: dt.date | None) -> None:
    found = split_dateline(paragraph)
    assert found is not None
    assert (found.text, found.rest, found.date) == (dateline, rest, date)


@pytest.mark.parametrize(
    "paragraph",
    [
        "The Army said – after a pause – that it would.",
        "Officials -- speaking today -- agreed.",
        "U.S. forces arrived - eventually.",
        "WASHINGTON",
        "HIMARS provides unmatched long-range mobile firepower.",
        "JOINT BASE PEARL HARBOR-HICKAM, Hawaii, hosted a ceremony.",
        "",
    ],
)
def test_not_datelines(paragraph: str) -> None:
    assert split_dateline(paragraph) is None


def test_dateline_variant_in_an_article() -> None:
    text = "Title\n\nWASHINGTON (AFNS) -- Para one.\n\nPara two."
    article = parse_plain_text(text, "x.txt")
    assert article.dateline == "WASHINGTON (AFNS)"
    assert article.paragraphs == ("Para one.", "Para two.")
    assert article.published is None


# --- bylines ------------------------------------------------------------------------------


def test_leading_byline() -> None:
    text = "Title\n\nBy Staff Sgt. Jane Doe, 52nd Fighter Wing Public Affairs\n\nBody."
    article = parse_plain_text(text, "x.txt")
    assert article.byline == "By Staff Sgt. Jane Doe, 52nd Fighter Wing Public Affairs"
    assert article.authors == ("Staff Sgt. Jane Doe",)
    assert article.source == "52nd Fighter Wing Public Affairs"
    assert article.paragraphs == ("Body.",)


def test_leading_byline_with_date_and_dateline() -> None:
    text = (
        "Title\n\nNov. 18, 2024 | By David Vergun, DOD News\n\n"
        "WASHINGTON — Body one.\n\nBody two, Jan. 1, 2020."
    )
    article = parse_plain_text(text, "x.txt")
    assert article.published == dt.date(2024, 11, 18)
    assert article.byline == "By David Vergun, DOD News"
    assert article.dateline == "WASHINGTON"
    assert article.paragraphs == ("Body one.", "Body two, Jan. 1, 2020.")


def test_date_line_then_byline_line() -> None:
    text = "Title\nJan. 15, 2016\nBy Jim Lee, AFNS\nBody line one.\nBody line two."
    article = parse_plain_text(text, "x.txt")
    assert article.published == dt.date(2016, 1, 15)
    assert article.authors == ("Jim Lee",)
    assert article.paragraphs == ("Body line one.", "Body line two.")


def test_trailer_byline_in_blank_line_text() -> None:
    text = (
        "Title\n\nBody one.\n\nBody two.\n\nStory by Jim Garamone, American Forces Press Service\n"
    )
    article = parse_plain_text(text, "x.txt")
    assert article.authors == ("Jim Garamone",)
    assert article.paragraphs == ("Body one.", "Body two.")


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, the Army will field ten new systems.",
        "From the start, the mission was clear.",
        "By land and by sea they came, and the fleet grew stronger every single day of the war.",
        "Body paragraph without a byline.",
    ],
)
def test_sentences_are_not_bylines(line: str) -> None:
    assert detect_byline(line) is None
    article = parse_plain_text(f"Title\n\n{line}\n\nMore.\n\n{line}", "x.txt")
    assert article.byline is None
    assert len(article.paragraphs) == 3


# --- shapes and errors --------------------------------------------------------------------


def test_one_paragraph_per_line_without_blank_lines() -> None:
    article = parse_plain_text("Title\nShort one.\nShort two\nshort three", "x.txt")
    assert article.title == "Title"
    assert article.paragraphs == ("Short one.", "Short two", "short three")


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = "Title\n\nThis paragraph was wrapped\nat a narrow width by an editor.\n\nSecond one."
    article = parse_plain_text(text, "x.txt")
    assert article.paragraphs == (
        "This paragraph was wrapped at a narrow width by an editor.",
        "Second one.",
    )


def test_windows_newlines_bom_and_nbsp() -> None:
    text = "\ufeff\r\n  Title\u00a0 \r\n\r\nBody\u00a0one.\r\n\r\nBody two.\r\n"
    article = parse_plain_text(text, "x.txt")
    assert article.title == "Title"
    assert article.paragraphs == ("Body one.", "Body two.")


def test_title_only() -> None:
    article = parse_plain_text("Just a headline\n", "x.txt")
    assert (article.title, article.paragraphs) == ("Just a headline", ())


def test_block_paragraphs_modes() -> None:
    lines = ["Line one ends here.", "Line two goes on,", "and continues."]
    assert block_paragraphs(lines) == ["Line one ends here. Line two goes on, and continues."]
    assert block_paragraphs(lines, line_per_paragraph=True) == [
        "Line one ends here.",
        "Line two goes on, and continues.",
    ]
    assert block_paragraphs([]) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        (" \n\t\n", "empty"),
        ("\x00\x00\x01binary\x02\x03", "not a text file"),
        ("---\n\n1234", "no text"),
    ],
)
def test_not_an_article(text: str, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse_plain_text(text, "bad.txt")


@settings(max_examples=200)
@given(st.text())
def test_never_raises_anything_but_parse_error(text: str) -> None:
    try:
        article = parse_plain_text(text, "fuzz.txt")
    except ParseError:
        return
    assert article.title
    assert all(p.strip() == p and p for p in article.paragraphs)


_LINES = st.sampled_from(
    [
        "",
        "Title",
        "WASHINGTON (AFNS) -- Text.",
        "PHILIPPINE SEA –",
        "By David Vergun, DOD News",
        "Story by American Forces Press Service",
        "From USS Ronald Reagan (CVN 76) Public Affairs",
        "Nov. 18, 2024",
        "Body sentence.",
        "by",
        "|",
        "–",
    ]
)


@settings(max_examples=200)
@given(st.lists(_LINES, max_size=20))
def test_never_raises_on_article_like_lines(lines: list[str]) -> None:
    with contextlib.suppress(ParseError):
        parse_plain_text("\n".join(lines), "fuzz.txt")


# --- shared date helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Nov. 18, 2024", dt.date(2024, 11, 18)),
        ("Sept. 19, 2024", dt.date(2024, 9, 19)),
        ("Sep 19 2024", dt.date(2024, 9, 19)),
        ("January 15, 2016", dt.date(2016, 1, 15)),
        ("(May 31, 2022)", dt.date(2022, 5, 31)),
        ("18 November 2024", dt.date(2024, 11, 18)),
        ("June 1st, 2021", dt.date(2021, 6, 1)),
        ("2024-11-18", dt.date(2024, 11, 18)),
        ("11/18/2024", dt.date(2024, 11, 18)),
        ("2016-01-17T12:00:00Z", dt.date(2016, 1, 17)),
        ("Sun, 17 Jan 2016 12:00:00 GMT", dt.date(2016, 1, 17)),
        ("Published Nov. 18, 2024", dt.date(2024, 11, 18)),
        ("/ Published August 22, 2013", dt.date(2013, 8, 22)),
        (" Nov. 18, 2024 | ", dt.date(2024, 11, 18)),
    ],
)
def test_parse_date(text: str, date: dt.date) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize(
    "text",
    ["", "May 2022", "2024", "Feb. 30, 2024", "1 2 3", "hello", "Nov. 18, 2024 | By X", "x" * 500],
)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


def test_search_and_find_dates() -> None:
    text = "REDSTONE ARSENAL, Alabama (May 31, 2022) – On May 25, 2022, and Feb. 30, 2022 not."
    found = search_date(text)
    assert found is not None
    assert (found.date, found.text) == (dt.date(2022, 5, 31), "May 31, 2022")
    assert text[found.start : found.end] == "May 31, 2022"
    assert [m.date for m in find_dates(text)] == [dt.date(2022, 5, 31), dt.date(2022, 5, 25)]
    assert search_date("no dates here, 12345") is None


@settings(max_examples=200)
@given(st.text())
def test_date_helpers_never_raise(text: str) -> None:
    parse_date(text)
    search_date(text)


@settings(max_examples=200)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_news_style_dates_round_trip(date: dt.date) -> None:
    assert parse_date(f"{date:%b}. {date.day}, {date.year}") == date
    assert parse_date(f"{date:%B} {date.day}, {date.year}") == date
    assert parse_date(date.isoformat()) == date
