"""Classes of byline and date extraction, each from examples as they are printed:

- organisation names that contain "and" are never split into a person and an organisation, nor
  taken for authors; "person, organisation" gives the person as author, the rest as source;
- DVIDS bylines with no comma between the person and the unit;
- a dateline that prints the date gives ``published`` when nothing else states a date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dossierdesk.importers import parse_document
from dossierdesk.importers.bylines import ORGANISATION_WORDS, is_organisation, parse_byline
from dossierdesk.importers.plain_text import split_dateline

CORPUS = Path(__file__).parent / "data" / "corpus"

# --- organisation names with "and" -------------------------------------------------------------

ORGANISATIONS_WITH_AND = [
    "U.S. Army Training and Doctrine Command",
    "Space and Naval Warfare Systems Command",
    "Air Force Research Laboratory and Air Force Materiel Command",
    "Army and Air Force Exchange Service",
    "Training and Doctrine Command",
    "Naval Sea Systems Command and Naval Air Systems Command",
    "Defense Logistics Agency and Naval Supply Systems Command",
    "Army Test and Evaluation Command",
    "Operational Test and Evaluation Force",
    "Combat Capabilities Development Command and Army Futures Command",
    "Marine Corps Installations and Logistics",
    "Joint Base Langley-Eustis and 633rd Air Base Wing Public Affairs",
    "U.S. Army Corps of Engineers and Naval Facilities Engineering Command",
]


@pytest.mark.parametrize("organisation", ORGANISATIONS_WITH_AND)
@pytest.mark.parametrize("prefix", ["By ", "Story by ", "Courtesy Story by ", ""])
def test_an_organisation_with_and_is_one_source_and_no_author(
    prefix: str, organisation: str
) -> None:
    byline = parse_byline(prefix + organisation)
    assert byline.authors == ()
    assert byline.source == organisation


@pytest.mark.parametrize("organisation", ORGANISATIONS_WITH_AND)
@pytest.mark.parametrize(
    "person", ["Jane Doe", "Staff Sgt. John Smith", "Army Sgt. 1st Class Tyrone C. Marshall Jr."]
)
def test_person_comma_organisation_gives_author_and_source(person: str, organisation: str) -> None:
    byline = parse_byline(f"By {person}, {organisation}")
    assert byline.authors == (person,)
    assert byline.source == organisation


@pytest.mark.parametrize(
    ("text", "authors", "source"),
    [
        (
            "By Jane Doe and John Roe, U.S. Army Training and Doctrine Command",
            ("Jane Doe", "John Roe"),
            "U.S. Army Training and Doctrine Command",
        ),
        (
            "By Jane Doe and Space and Naval Warfare Systems Command Public Affairs",
            ("Jane Doe",),
            "Space and Naval Warfare Systems Command Public Affairs",
        ),
        (
            "By Capt. Jane Doe and Joint Base San Antonio-Lackland Public Affairs",
            ("Capt. Jane Doe",),
            "Joint Base San Antonio-Lackland Public Affairs",
        ),
        ("By Tom Brown and Mary Green", ("Tom Brown", "Mary Green"), None),
        (
            "By Secretary of the Air Force Deborah Lee James and Air Force Chief of Staff "
            "Gen. Mark A. Welsh III",
            (
                "Secretary of the Air Force Deborah Lee James",
                "Air Force Chief of Staff Gen. Mark A. Welsh III",
            ),
            None,
        ),
    ],
)
def test_and_between_persons_and_organisations(
    text: str, authors: tuple[str, ...], source: str | None
) -> None:
    byline = parse_byline(text)
    assert (byline.authors, byline.source) == (authors, source)


@pytest.mark.parametrize(
    "part", ["U.S. Army Training", "Naval Warfare", "Air Force Research", "Joint Base Andrews"]
)
def test_gazetteer_words_make_an_organisation(part: str) -> None:
    assert is_organisation(part)


@pytest.mark.parametrize("name", ["Jane Doe", "Sally Field", "Kristin High", "Amaani Lyle"])
def test_names_are_not_taken_for_organisations(name: str) -> None:
    assert not is_organisation(name)
    assert not {w.lower() for w in name.split()} & ORGANISATION_WORDS


# --- DVIDS: person and unit without a comma ----------------------------------------------------

DVIDS = [
    (
        "Story by Sgt. Jane Doe 1st Cavalry Division Public Affairs",
        "Sgt. Jane Doe",
        "1st Cavalry Division Public Affairs",
    ),
    (
        "Courtesy Story by Staff Sgt. John Smith 4th Infantry Brigade Combat Team",
        "Staff Sgt. John Smith",
        "4th Infantry Brigade Combat Team",
    ),
    ("Story by Pfc. Jane Doe 3rd Infantry Division", "Pfc. Jane Doe", "3rd Infantry Division"),
    (
        "Story by Sgt. 1st Class Tyrone C. Marshall Jr. 3rd Infantry Division",
        "Sgt. 1st Class Tyrone C. Marshall Jr.",
        "3rd Infantry Division",
    ),
    (
        "Story by Airman 1st Class Jane Doe 52nd Fighter Wing Public Affairs",
        "Airman 1st Class Jane Doe",
        "52nd Fighter Wing Public Affairs",
    ),
    (
        "Story by Petty Officer 2nd Class Jane Roe Naval Air Station Jacksonville",
        "Petty Officer 2nd Class Jane Roe",
        "Naval Air Station Jacksonville",
    ),
    (
        "Story by Mass Communication Specialist 2nd Class John Doe USS Ronald Reagan (CVN 76)",
        "Mass Communication Specialist 2nd Class John Doe",
        "USS Ronald Reagan (CVN 76)",
    ),
    (
        "Story by Staff Sgt. Jane Doe Fort Bragg Public Affairs",
        "Staff Sgt. Jane Doe",
        "Fort Bragg Public Affairs",
    ),
    (
        "Story by Lance Cpl. John Roe Marine Corps Air Station Miramar",
        "Lance Cpl. John Roe",
        "Marine Corps Air Station Miramar",
    ),
    (
        "Story by Sgt. Jane Doe Walter Reed National Military Medical Center",
        "Sgt. Jane Doe",
        "Walter Reed National Military Medical Center",
    ),
    (
        "Story by Sgt. Jo Smith Brooke Army Medical Center",
        "Sgt. Jo Smith",
        "Brooke Army Medical Center",
    ),
    (
        "Courtesy Story by Jane Doe Defense Logistics Agency",
        "Jane Doe",
        "Defense Logistics Agency",
    ),
    (
        "Courtesy Story by John Smith Naval Sea Systems Command",
        "John Smith",
        "Naval Sea Systems Command",
    ),
    ("Story by Jane Doe National Guard Bureau", "Jane Doe", "National Guard Bureau"),
]


@pytest.mark.parametrize(("text", "author", "source"), DVIDS)
def test_a_dvids_byline_without_a_comma_gives_author_and_unit(
    text: str, author: str, source: str
) -> None:
    byline = parse_byline(text)
    assert byline.authors == (author,)
    assert byline.source == source


@pytest.mark.parametrize(
    "unit",
    [
        "Seymour Johnson Air Force Base Public Affairs",  # named after a person, no rank
        "Grand Forks Air Force Base",
        "Walter Reed National Military Medical Center",
        "Naval Air Station Jacksonville Public Affairs",
        "Eglin Air Force Base Public Affairs",
        "USS Ronald Reagan (CVN 76) Public Affairs",
        "Carl Vinson Carrier Strike Group",
        "Red River Army Depot",
        "Secretary of the Air Force Public Affairs",
        "Combined Joint Task Force-Horn of Africa",
        "American Forces Press Service",
    ],
)
def test_a_unit_named_after_a_person_is_not_split(unit: str) -> None:
    byline = parse_byline(f"Story by {unit}")
    assert byline.authors == ()
    assert byline.source == unit


@pytest.mark.parametrize(("text", "author", "source"), DVIDS[:3])
def test_a_dvids_trailer_in_a_text_file(text: str, author: str, source: str) -> None:
    story = (CORPUS / "023_dvids-afps-clinton-panetta-garamone.txt").read_text("utf-8")
    story = story.replace("Story by Jim Garamone, American Forces Press Service", text)
    [article] = parse_document(story.encode("utf-8"), "dvids.txt")
    assert (article.byline, article.authors, article.source) == (text, (author,), source)
    assert not article.body.endswith(source)


# --- datelines that print the date -------------------------------------------------------------

DATED_DATELINES = [
    ("FORT BRAGG, N.C., April 10, 2026 —", "FORT BRAGG, N.C.", dt.date(2026, 4, 10)),
    ("WASHINGTON, Jan. 5, 2025 –", "WASHINGTON", dt.date(2025, 1, 5)),
    ("WASHINGTON, Jan. 5, 2025 --", "WASHINGTON", dt.date(2025, 1, 5)),
    ("SAN DIEGO, 5 January 2025 -", "SAN DIEGO", dt.date(2025, 1, 5)),
    ("JOINT BASE ANDREWS, Md., Sept. 19, 2024 —", "JOINT BASE ANDREWS, Md.", dt.date(2024, 9, 19)),
    ("WASHINGTON, Jan. 5, 2025 (AFNS) --", "WASHINGTON (AFNS)", dt.date(2025, 1, 5)),
    (  # a bracketed date stays in the dateline, as printed
        "REDSTONE ARSENAL, Alabama (May 31, 2022) –",
        "REDSTONE ARSENAL, Alabama (May 31, 2022)",
        dt.date(2022, 5, 31),
    ),
]


@pytest.mark.parametrize(("printed", "place", "date"), DATED_DATELINES)
def test_a_dated_dateline_gives_the_date_and_keeps_the_place(
    printed: str, place: str, date: dt.date
) -> None:
    found = split_dateline(f"{printed} Soldiers trained with allies.")
    assert found is not None
    assert (found.text, found.date, found.rest) == (place, date, "Soldiers trained with allies.")


@pytest.mark.parametrize(
    "paragraph",
    ["Jan. 5, 2025 -- Soldiers trained.", "On April 10, 2026 - soldiers trained.", "2026 — Text"],
)
def test_a_date_alone_is_no_dateline(paragraph: str) -> None:
    assert split_dateline(paragraph) is None


@pytest.mark.parametrize(("printed", "place", "date"), DATED_DATELINES)
def test_a_plain_text_article_is_dated_by_its_dateline(
    printed: str, place: str, date: dt.date
) -> None:
    text = f"Soldiers Train With Allies\n\n{printed} Soldiers trained.\n\nMore text.\n"
    [article] = parse_document(text.encode("utf-8"), "a.txt")
    assert (article.dateline, article.published) == (place, date)
    assert article.paragraphs[0] == "Soldiers trained."


def test_a_date_stated_elsewhere_wins_over_the_dateline() -> None:
    text = (
        "Soldiers Train\n\nBy Jane Doe, DOD News\n\nNov. 18, 2024\n\n"
        "WASHINGTON, Jan. 5, 2025 -- Soldiers trained.\n"
    )
    [article] = parse_document(text.encode("utf-8"), "a.txt")
    assert (article.dateline, article.published) == ("WASHINGTON", dt.date(2024, 11, 18))


def _page(head: str, first_paragraph: str) -> bytes:
    return (
        f"<html><head>{head}</head><body><article><h1>Soldiers Train</h1>"
        f"<p>{first_paragraph}</p><p>More text of the story.</p></article></body></html>"
    ).encode()


def test_an_html_page_is_dated_by_its_dateline_when_nothing_else_dates_it() -> None:
    [article] = parse_document(_page("", "FORT BRAGG, N.C., April 10, 2026 — Text."), "a.html")
    assert (article.dateline, article.published) == ("FORT BRAGG, N.C.", dt.date(2026, 4, 10))
    assert article.paragraphs[0] == "Text."
    meta = "<meta property='article:published_time' content='2026-04-12T10:00:00Z'>"
    [dated] = parse_document(_page(meta, "FORT BRAGG, N.C., April 10, 2026 — Text."), "a.html")
    assert dated.published == dt.date(2026, 4, 12)  # the page's own date wins


def test_an_articlecs_page_is_dated_by_its_dateline() -> None:
    page = (
        "<html><body><div class='da_print_body'><h1 class='title'>Soldiers Train</h1>"
        "<div class='da_black'><p>WASHINGTON, Jan. 5, 2025 -- Soldiers trained.</p>"
        "<p>More.</p></div></div></body></html>"
    )
    [article] = parse_document(page.encode(), "a.html")
    assert article.format == "html-articlecs"
    assert (article.dateline, article.published) == ("WASHINGTON", dt.date(2025, 1, 5))


def test_a_feed_item_is_dated_by_its_dateline_when_it_has_no_date() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>C</title>'
        b"<item><title>Undated</title><description>WASHINGTON, Jan. 5, 2025 -- Text."
        b"</description></item><item><title>Dated</title><pubDate>Mon, 06 Jan 2025 10:00:00 GMT"
        b"</pubDate><description>WASHINGTON, Jan. 5, 2025 -- Text.</description></item>"
        b"</channel></rss>"
    )
    undated, dated = parse_document(feed, "feed.xml")
    assert (undated.dateline, undated.published) == ("WASHINGTON", dt.date(2025, 1, 5))
    assert dated.published == dt.date(2025, 1, 6)
