"""Crawler text dumps of defense.gov article pages: the seed and messier variants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossierdesk.importers.crawler_text import looks_like_crawler_text, parse_crawler_text
from dossierdesk.importers.types import ParsedArticle, ParsedImage, ParseError

DATA = Path(__file__).parent / "data"
SEED = DATA / "000_014c2d8a4cbccb0c.txt"

BANNER = """An official website of the United States Government
Here's how you know
Official websites use .gov
A .gov website belongs to an official government organization in the United States.
Secure .gov websites use HTTPS
A lock ( ) or https:// means you've safely connected to the .gov website. Share sensitive \
information only on official, secure websites.
Skip to main content (Press Enter).
Toggle navigation
Search
Menu
Home
News
"""

FOOTER = """Subscribe to Defense.gov Products
Choose which Defense.gov products you want delivered to your inbox.
Subscribe
Helpful Links
Live Events
Today in DOD
For the Media
DOD Publications
Hosted by Defense Media Activity - WEB.mil
"""


def seed_text() -> str:
    return SEED.read_text("utf-8")


def parse(text: str) -> ParsedArticle:
    assert looks_like_crawler_text(text)
    return parse_crawler_text(text, "test.txt")


# --- the seed -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def article() -> ParsedArticle:
    return parse(seed_text())


class TestSeed:
    def test_header(self, article: ParsedArticle) -> None:
        assert article.format == "crawler-text"
        assert article.title == "North Korean Troops Enter Kursk Where Ukrainians Are Fighting"
        assert article.published == dt.date(2024, 11, 18)
        assert article.byline == "By David Vergun, DOD News"
        assert article.authors == ("David Vergun",)
        assert article.source == "DOD News"
        assert article.dateline is None

    def test_body(self, article: ParsedArticle) -> None:
        # The seed has ten body paragraphs between its image blocks.
        assert len(article.paragraphs) == 10
        assert article.paragraphs[0].startswith("It is likely that about 11,000 North Korean")
        assert article.paragraphs[-1] == (
            "Russian casualties are now averaging about 1,200 per day, she noted."
        )
        for paragraph in article.paragraphs:
            assert "Download" not in paragraph
            assert "VIRIN" not in paragraph
            assert "official website" not in paragraph
            assert paragraph == paragraph.strip()
            assert "\u00a0" not in paragraph

    def test_images(self, article: ParsedArticle) -> None:
        first, second = article.images
        assert first == ParsedImage(
            caption="An aerial view of the Pentagon, May 15, 2023.",
            credit="Air Force Staff Sgt. John Wright, DOD",
            virin="230515-D-KY598-1364",
            download_size="5.2 MB",
            paragraph_index=1,
        )
        assert second.caption.startswith("Soldiers fire a rocket during a live-fire exercise.")
        assert second.caption.endswith("Tapa, Estonia, Sept. 19, 2024.")
        assert second.credit is None
        assert second.virin == "240919-Z-JU958-1072"
        assert second.download_size == "1.63 MB"
        assert second.paragraph_index == 5

    def test_captions_are_not_body(self, article: ParsedArticle) -> None:
        for image in article.images:
            assert image.caption not in article.paragraphs

    def test_windows_newlines_give_the_same_article(self, article: ParsedArticle) -> None:
        assert parse(seed_text().replace("\n", "\r\n")) == article

    def test_crawler_date_is_only_a_fallback(self) -> None:
        text = seed_text().replace(" date 2024-11-18", " date 2024-11-20", 1)
        assert parse(text).published == dt.date(2024, 11, 18)


# --- variants -----------------------------------------------------------------------------


def page(
    header: str = "Nov. 18, 2024 | By David Vergun, DOD News",
    body: str = "First paragraph.\n\nSecond paragraph.",
    *,
    crawler_line: str | None = " date 2024-11-19 ",
    banner: str = BANNER,
    footer: str = FOOTER,
    title: str = "A Title",
) -> str:
    parts = [crawler_line + banner.split("\n", 1)[0]] if crawler_line is not None else []
    parts.append(banner.split("\n", 1)[1] if crawler_line is not None else banner)
    parts += [title, "", header, "", body, "", footer]
    return "\n".join(parts)


IMAGE = """An F-35 lands, Jan. 3, 2024.
Download: Full Size (2 MB)
Credit: Senior Airman Jane Doe
VIRIN: 240103-F-AB123-1001"""


def test_minimal_page() -> None:
    article = parse(page())
    assert article.title == "A Title"
    assert article.published == dt.date(2024, 11, 18)
    assert article.paragraphs == ("First paragraph.", "Second paragraph.")
    assert article.images == ()


def test_no_crawler_line_but_a_byline() -> None:
    article = parse(page(crawler_line=None, banner=""))
    assert article.title == "A Title"
    assert article.published == dt.date(2024, 11, 18)
    assert article.authors == ("David Vergun",)


def test_no_banner_no_crawler_line() -> None:
    text = "A Title\n\nNov. 18, 2024 | By David Vergun, DOD News\n\nOnly paragraph."
    article = parse(text)
    assert (article.title, article.paragraphs) == ("A Title", ("Only paragraph.",))


@pytest.mark.parametrize(
    ("header", "byline", "authors", "source"),
    [
        (
            "Nov. 18, 2024 | By Jim Garamone and C. Todd Lopez, DOD News",
            "By Jim Garamone and C. Todd Lopez, DOD News",
            ("Jim Garamone", "C. Todd Lopez"),
            "DOD News",
        ),
        (
            "Nov. 18, 2024 | By Jim Garamone, Terri Moon Cronk and David Vergun, DOD News",
            "By Jim Garamone, Terri Moon Cronk and David Vergun, DOD News",
            ("Jim Garamone", "Terri Moon Cronk", "David Vergun"),
            "DOD News",
        ),
        ("Nov. 18, 2024 | By DOD News Staff", "By DOD News Staff", (), "DOD News Staff"),
        ("Nov. 18, 2024 |", None, (), None),
        ("Nov. 18, 2024", None, (), None),
        (
            "Nov. 18, 2024 |\u00a0By\u00a0David Vergun,\u00a0DOD News\u00a0",
            "By David Vergun, DOD News",
            ("David Vergun",),
            "DOD News",
        ),
    ],
)
def test_byline_shapes(
    header: str, byline: str | None, authors: tuple[str, ...], source: str | None
) -> None:
    article = parse(page(header))
    assert article.published == dt.date(2024, 11, 18)
    assert article.byline == byline
    assert article.authors == authors
    assert article.source == source
    assert article.paragraphs == ("First paragraph.", "Second paragraph.")


def test_date_and_byline_on_separate_lines() -> None:
    article = parse(page("Nov. 18, 2024\nBy David Vergun, DOD News"))
    assert article.published == dt.date(2024, 11, 18)
    assert article.byline == "By David Vergun, DOD News"
    assert article.paragraphs == ("First paragraph.", "Second paragraph.")


def test_no_header_line_uses_the_crawler_date() -> None:
    text = " date 2024-11-19 An official website of the United States Government\nTitle\n\nBody."
    article = parse(text)
    assert (article.title, article.paragraphs) == ("Title", ("Body.",))
    assert article.published == dt.date(2024, 11, 19)
    assert article.byline is None


def test_title_is_the_line_right_before_the_byline() -> None:
    article = parse(page(title="Breadcrumb leftover\nReal Title"))
    assert article.title == "Real Title"


def test_title_that_looks_like_a_byline() -> None:
    article = parse(page(title="From Soldier to Senator"))
    assert article.title == "From Soldier to Senator"
    assert article.authors == ("David Vergun",)


@pytest.mark.parametrize(
    ("block", "image"),
    [
        (
            "Caption one.\nDownload Image: Full Size (812 KB)\nPhoto By: Cpl. John Roe\n"
            "VIRIN: 240103-M-AB123-1001.JPG",
            ParsedImage(
                caption="Caption one.",
                credit="Cpl. John Roe",
                virin="240103-M-AB123-1001.JPG",
                download_size="812 KB",
                paragraph_index=1,
            ),
        ),
        (
            "Caption two.\nDownload: Full Size (1.1 MB)\nTags: F-35, Lightning II; Air Force\n"
            "Credit: Courtesy photo\nVIRIN: 170602-A-AB123-0024L",
            ParsedImage(
                caption="Caption two.",
                credit="Courtesy photo",
                virin="170602-A-AB123-0024L",
                download_size="1.1 MB",
                keywords=("F-35", "Lightning II", "Air Force"),
                paragraph_index=1,
            ),
        ),
        (
            "Caption three.\nVIRIN: 240103-F-AB123-1001",
            ParsedImage(caption="Caption three.", virin="240103-F-AB123-1001", paragraph_index=1),
        ),
        (
            "Caption four.\nDownload: Full Size",
            ParsedImage(caption="Caption four.", paragraph_index=1),
        ),
    ],
)
def test_image_block_shapes(block: str, image: ParsedImage) -> None:
    article = parse(page(body=f"First paragraph.\n\n{block}\n\nSecond paragraph."))
    assert article.images == (image,)
    assert article.paragraphs == ("First paragraph.", "Second paragraph.")


def test_image_at_the_start_and_at_the_end() -> None:
    body = f"{IMAGE}\n\nFirst paragraph.\n\nSecond paragraph.\n\n{IMAGE.replace('1001', '1002')}"
    article = parse(page(body=body))
    assert article.paragraphs == ("First paragraph.", "Second paragraph.")
    assert [i.paragraph_index for i in article.images] == [0, 2]
    assert [i.virin for i in article.images] == ["240103-F-AB123-1001", "240103-F-AB123-1002"]
    assert all(i.caption == "An F-35 lands, Jan. 3, 2024." for i in article.images)


def test_consecutive_images() -> None:
    second = IMAGE.replace("An F-35 lands", "A C-17 lands").replace("1001", "1002")
    article = parse(page(body=f"First paragraph.\n\n{IMAGE}\n\n{second}\n\nSecond paragraph."))
    assert [i.caption[:7] for i in article.images] == ["An F-35", "A C-17 "]
    assert [i.paragraph_index for i in article.images] == [1, 1]


def test_image_lines_without_blank_lines_around_them() -> None:
    body = f"First paragraph.\n{IMAGE}\nSecond paragraph."
    article = parse(page(body=body))
    assert article.paragraphs == ("First paragraph.", "Second paragraph.")
    assert article.images[0].caption == "An F-35 lands, Jan. 3, 2024."
    assert article.images[0].paragraph_index == 1


def test_caption_in_its_own_paragraph() -> None:
    body = (
        "First paragraph.\n\nA caption.\n\nDownload: Full Size (2 MB)\nVIRIN: 240103-F-AB123-1001"
    )
    article = parse(page(body=body))
    assert article.paragraphs == ("First paragraph.",)
    assert article.images[0].caption == "A caption."
    assert article.images[0].paragraph_index == 1


def test_image_block_split_by_blank_lines() -> None:
    body = "P1.\n\nA caption.\nDownload: Full Size (2 MB)\n\nVIRIN: 240103-F-AB123-1001\n\nP2."
    article = parse(page(body=body))
    assert article.paragraphs == ("P1.", "P2.")
    assert len(article.images) == 1
    assert article.images[0].virin == "240103-F-AB123-1001"


def test_article_level_tags_are_not_body_and_not_an_image() -> None:
    article = parse(page(body="First paragraph.\n\nTags: Ukraine, Russia\n\nSecond paragraph."))
    assert article.paragraphs == ("First paragraph.", "Second paragraph.")
    assert article.images == ()


def test_no_images() -> None:
    article = parse(page(body="One.\n\nTwo.\n\nThree."))
    assert article.images == ()
    assert len(article.paragraphs) == 3


def test_footer_and_boilerplate_are_dropped_everywhere() -> None:
    body = "First paragraph.\n\nShare\nFacebook\nPrint\n\nSecond paragraph."
    article = parse(page(body=body, footer=FOOTER + "\nRelated Stories\nOther story title\n"))
    assert article.paragraphs == ("First paragraph.", "Second paragraph.")


def test_footer_starting_with_hosted_by() -> None:
    article = parse(page(footer="Hosted by Defense Media Activity - WEB.mil\nPrivacy Policy"))
    assert article.paragraphs == ("First paragraph.", "Second paragraph.")


def test_text_after_the_crawler_date_is_kept_when_not_boilerplate() -> None:
    article = parse(" date 2024-11-19 A Title\nNov. 18, 2024 | By Jim Lee, DOD News\n\nBody.")
    assert article.title == "A Title"
    assert article.paragraphs == ("Body.",)


def test_single_newline_paragraphs() -> None:
    long_a = "A long first paragraph. " * 6
    long_b = "A long second paragraph. " * 6
    body = f"{long_a.strip()}\n{long_b.strip()}"
    article = parse(page(body=body))
    assert article.paragraphs == (long_a.strip(), long_b.strip())


# --- detection and errors -----------------------------------------------------------------


def test_detection() -> None:
    assert looks_like_crawler_text(seed_text())
    assert looks_like_crawler_text(page(crawler_line=None, banner=""))
    assert looks_like_crawler_text("Title\n\nCaption\nDownload: Full Size (1 MB)\nVIRIN: x\n")
    for path in sorted((DATA / "corpus").glob("0*.txt")):
        assert not looks_like_crawler_text(path.read_text("utf-8")), path.name
    assert not looks_like_crawler_text("")
    assert not looks_like_crawler_text("Title\n\nBody mentions Nov. 18, 2024 | in passing.")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("  \n\n \r\n", "empty"),
        ("\x00\x01\x02\x03 binary", "not a text file"),
        ("12345\n\n67890", "no text"),
        (" date 2024-11-18 An official website of the United States Government\nMenu\n", "no"),
    ],
)
def test_not_an_article(text: str, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse_crawler_text(text, "bad.txt")


@settings(max_examples=200)
@given(st.text())
def test_never_raises_anything_but_parse_error(text: str) -> None:
    looks_like_crawler_text(text)
    try:
        article = parse_crawler_text(text, "fuzz.txt")
    except ParseError:
        return
    assert article.title
    assert all(p.strip() == p and p for p in article.paragraphs)
    assert all(0 <= i.paragraph_index <= len(article.paragraphs) for i in article.images)


_LINES = st.sampled_from(
    [
        "",
        " date 2024-11-18 An official website of the United States Government",
        "Title",
        "Nov. 18, 2024 | By David Vergun, DOD News",
        "Nov. 18, 2024",
        "Body paragraph.",
        "Caption.",
        "Download: Full Size (5.2 MB)",
        "Credit: Jane Doe",
        "Photo By: Jane Doe",
        "Tags: a, b",
        "VIRIN: 230515-D-KY598-1364",
        "Subscribe to Defense.gov Products",
        "Menu",
    ]
)


@settings(max_examples=200)
@given(st.lists(_LINES, max_size=30))
def test_never_raises_on_shuffled_page_lines(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        article = parse_crawler_text(text, "fuzz.txt")
    except ParseError:
        return
    assert all("VIRIN" not in p and not p.startswith("Download") for p in article.paragraphs)
    assert all(0 <= i.paragraph_index <= len(article.paragraphs) for i in article.images)
