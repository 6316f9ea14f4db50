"""What every importer's records may hold: no control characters, bounded one-line fields, and
bounded work (memory) per file, whatever the format and however hostile the file."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dossierdesk.importers import parse_document
from dossierdesk.importers.feed import MAX_FEED_ITEMS
from dossierdesk.importers.fields import (
    MAX_CAPTION_CHARS,
    MAX_NAME_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    collapse_whitespace,
    headline,
    shorten,
)
from dossierdesk.importers.html_article import MAX_MARKUP_TAGS
from dossierdesk.importers.plain_text import MAX_LINES, split_lines
from dossierdesk.importers.types import ParsedArticle, ParsedImage, ParseError

# Every character no field may hold: C0 and C1 controls, lone surrogates, noncharacters.
FORBIDDEN = (
    {chr(c) for c in range(0x20)}
    | {chr(c) for c in range(0x7F, 0xA0)}
    | {chr(c) for c in range(0xD800, 0xE000)}
    | {"\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff"}
)
NOISE = "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f\ud800\udfff\ufffe\uffff"


def _one_line_fields(article: ParsedArticle) -> list[str]:
    fields = [article.title, *article.authors]
    fields += [f for f in (article.byline, article.source, article.dateline, article.url) if f]
    for image in article.images:
        fields += [image.caption, *image.keywords]
        fields += [f for f in (image.credit, image.virin, image.url, image.download_size) if f]
    return fields


def assert_clean(article: ParsedArticle) -> None:
    for value in _one_line_fields(article):
        assert not FORBIDDEN & set(value), repr(value)
        assert "\t" not in value and "\n" not in value
    for paragraph in article.paragraphs:
        assert not (FORBIDDEN - {"\t", "\n"}) & set(paragraph), repr(paragraph)
    assert len(article.title) <= MAX_TITLE_CHARS


# --- control characters -----------------------------------------------------------------------


def test_a_nul_in_an_rss_title_never_reaches_the_archive() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>C</title><item>'
        b"<title>Bad &#0;title &#1;x &#xFFFE; &#27;[31m</title><author>Jane &#0;Doe</author>"
        b"<description>Para&#0;one &#11;two</description><link>http://x/&#0;a</link>"
        b"</item></channel></rss>"
    )
    [article] = parse_document(feed, "feed.xml")
    assert_clean(article)
    assert article.title == "Bad title x [31m"
    assert article.byline == "Jane Doe"
    assert article.url == "http://x/a"


def test_control_characters_in_a_plain_text_file_are_removed() -> None:
    text = (
        "Title\x02 with\x1b[0m noise\x7f\n\nWASHINGTON\x07 -- Body\x02 text\x0cgoes\ton.\n\n"
        "Second\x85 paragraph.\n\n"
        + "Enough text that the controls are not taken for a binary file. " * 5
        + "\n\nStory by Jim\x01 Garamone, DOD\x9f News\n"
    )
    [article] = parse_document(text.encode("utf-8"), "a.txt")
    assert_clean(article)
    assert article.title == "Title with[0m noise"
    assert article.paragraphs[0] == "Body text goes\ton."
    assert article.byline == "Story by Jim Garamone, DOD News"


def test_control_characters_in_crawler_image_blocks_are_removed() -> None:
    text = (
        " date 2024-11-18 An official website of the United States Government\n"
        "Defense\x01 Budget Grows\n\nNov. 18, 2024 | By David\x02 Vergun, DOD News\n\n"
        "The budget grows.\n\nAn aerial\x02 view.\nDownload: Full Size (5.2\x03 MB)\n"
        "Credit: Air Force\x1b Staff Sgt. John Wright\nVIRIN: 230515-D-\x02KY598-1364\n\n"
        "More text.\n" + "Padding so that the controls are not taken for a binary file.\n" * 5
    )
    [article] = parse_document(text.encode("utf-8"), "a.txt")
    assert article.format == "crawler-text"
    assert_clean(article)
    [image] = article.images
    assert (image.caption, image.credit, image.virin) == (
        "An aerial view.",
        "Air Force Staff Sgt. John Wright",
        "230515-D-KY598-1364",
    )


def test_control_characters_in_an_html_page_are_removed() -> None:
    page = (
        "<html><head><meta property='og:title' content='Page &#1;title\x01'>"
        "<meta property='og:url' content='http://x/\x01p'></head><body><article>"
        "<p class='byline'>By Jane\x02 Doe, DOD&#127; News</p>"
        "<p>WASHINGTON\x03 -- First\x02 paragraph.</p>"
        "<figure><img src='a.jpg'><figcaption>Cap&#0;tion</figcaption></figure>"
        "<p>Second &#x85;paragraph.</p></article></body></html>"
    ) + "<!-- padding so that the controls are not taken for a binary file -->" * 5
    [article] = parse_document(page.encode("utf-8"), "a.html")
    assert_clean(article)
    assert article.title == "Page title"
    assert article.byline == "By Jane Doe, DOD News"


def test_records_clean_whatever_builds_them() -> None:
    article = ParsedArticle(
        title=f"A{NOISE}B",
        paragraphs=(f"one{NOISE}\ttwo\r\nthree", NOISE, "four"),
        format="plain-text",
        byline=f"By X{NOISE}",
        authors=(f"X{NOISE}", NOISE),
        source=NOISE,
        dateline=f"D\tE\nF{NOISE}",
        url=f"http://x/{NOISE}",
        images=(ParsedImage(caption=f"c{NOISE}", credit=NOISE, virin=f"v{NOISE}",
                            keywords=(f"k{NOISE}", NOISE), paragraph_index=2),),
    )  # fmt: skip
    assert_clean(article)
    assert article.title == "A B"  # the breaks (VT, FF, NEL) are spaces, the rest is gone
    assert article.paragraphs == ("one    \ttwo\nthree", "four")  # VT, FF, US, NEL: spaces
    assert article.authors == ("X",)
    assert (article.source, article.dateline, article.url) == (None, "D E F", "http://x/")
    [image] = article.images
    assert (image.caption, image.credit, image.virin, image.keywords) == ("c", None, "v", ("k",))
    assert image.paragraph_index == 1  # still before "four", the empty paragraph dropped
    assert ParsedArticle(title=NOISE, paragraphs=("x",), format="").title == "Untitled"


def test_clean_records_are_kept_as_they_are() -> None:
    paragraphs = ("One.", "Two\tthree.\nFour.")
    article = ParsedArticle(title="Title", paragraphs=paragraphs, format="plain-text")
    assert article.paragraphs == paragraphs
    assert article.title == "Title"


# --- one-line fields: limits --------------------------------------------------------------------


def test_shorten_cuts_at_a_word_boundary_with_an_ellipsis() -> None:
    assert shorten("short", 10) == "short"
    assert shorten("alpha beta gamma delta", 15) == "alpha beta…"
    assert shorten("x" * 30, 10) == "x" * 9 + "…"
    assert len(shorten("word " * 200, MAX_TITLE_CHARS)) <= MAX_TITLE_CHARS


def test_headline_is_the_first_sentence_or_a_cut_start() -> None:
    text = "Sgt. Jane Doe led the U.S. Army team to Fort Bragg. Then more happened. " * 50
    assert headline(text) == "Sgt. Jane Doe led the U.S. Army team to Fort Bragg."
    long_sentence = "word " * 500
    assert headline(long_sentence).endswith("…")
    assert len(headline(long_sentence)) <= 200
    assert headline("Short text") == "Short text"


def test_collapse_whitespace_of_long_strings_matches_split_and_join() -> None:
    text = ("abc  \t def\n" * 20_000) + "x" * 70_000 + "  tail "
    assert collapse_whitespace(text) == " ".join(text.split())


def test_over_long_fields_are_cut_or_dropped() -> None:
    article = ParsedArticle(
        title="word " * 1000,
        paragraphs=("x",),
        format="html-meta",
        byline="By " + "Name " * 200,
        source="Unit " * 200,
        dateline="PLACE " * 100,
        authors=("A " * 400,),
        url="http://x/" + "a" * MAX_URL_CHARS,
        images=(ParsedImage(caption="c " * 5000, credit="d " * 5000, virin="1" * 100,
                            url="http://x/" + "b" * MAX_URL_CHARS),),
    )  # fmt: skip
    assert len(article.title) <= MAX_TITLE_CHARS and article.title.endswith("…")
    for value in (article.byline, article.source, article.dateline, *article.authors):
        assert value is not None and len(value) <= MAX_NAME_CHARS and value.endswith("…")
    assert article.url is None  # a URL cut short would point somewhere else
    [image] = article.images
    assert len(image.caption) <= MAX_CAPTION_CHARS
    assert image.credit is not None and len(image.credit) <= MAX_CAPTION_CHARS
    assert (image.virin, image.url) == (None, None)


def test_a_one_line_text_file_gets_a_headline_and_keeps_its_text() -> None:
    line = "The Army tested a new radar on Tuesday. " + "It worked well in the field. " * 40000
    [article] = parse_document(line.encode("utf-8"), "one-line.txt")
    assert article.title == "The Army tested a new radar on Tuesday."
    assert article.body == line.strip()


def test_a_one_line_file_without_sentences_gets_a_cut_title() -> None:
    line = "x" * 5 + " abcdefgh" * 200_000
    [article] = parse_document(line.encode("utf-8"), "one-line.txt")
    assert len(article.title) <= 200 and article.title.endswith("…")
    assert article.body == line


def test_a_one_line_crawler_file_gets_a_headline() -> None:
    text = " date 2024-11-18 " + "The Navy sailed. " + "Ships sailed on. " * 50_000
    [article] = parse_document(text.encode("utf-8"), "dump.txt")
    assert article.format == "crawler-text"
    assert article.title == "The Navy sailed."
    assert article.body.startswith("The Navy sailed. Ships sailed on.")
    assert len(article.body) > 50_000 * 17


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>{t}</title></head><body><p>Text of the page.</p></body></html>",
        "<html><head><meta property='og:title' content='{t}'></head><body><p>Text.</p></body>",
        "<html><body><h1>{t}</h1><p>Text of the page.</p></body></html>",
        "<html><body><div class='da_print_body'><h1 class='title'>{t}</h1>"
        "<div class='da_black'><p>Text.</p></div></div></body></html>",
    ],
    ids=["title", "og:title", "h1", "articlecs"],
)
def test_html_titles_are_bounded(page: str) -> None:
    [article] = parse_document(page.format(t="Big words " * 100_000).encode(), "a.html")
    assert len(article.title) <= MAX_TITLE_CHARS
    assert article.title.startswith("Big words Big words")


def test_feed_titles_are_bounded() -> None:
    title = "Feed words " * 100_000
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>C</title>'
        f"<item><title>{title}</title><description>Text.</description></item>"
        f"<item><description>{title}</description></item>"
        "</channel></rss>"
    ).encode()
    articles = parse_document(feed, "feed.xml")
    assert [len(a.title) <= MAX_TITLE_CHARS for a in articles] == [True, True]
    assert articles[1].title.startswith("Feed words Feed words")


# --- memory per file ----------------------------------------------------------------------------

_MEASURE = textwrap.dedent(
    """
    import gc, json, resource, sys
    from dossierdesk.importers import parse_document, ParseError
    import dossierdesk.importers.feed, dossierdesk.importers.html_article  # loaded beforehand
    path = sys.argv[1]
    with open(path, "rb") as handle:
        data = handle.read()
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        articles = parse_document(data, path)
        outcome = [len(a.title) for a in articles[:3]] + [len(articles)]
    except ParseError as exc:
        outcome = str(exc)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"growth_kib": after - before, "outcome": outcome}))
    """
)
MiB = 1024 * 1024


def _peak_growth(path: Path) -> tuple[float, object]:
    """Peak RSS growth of parsing ``path`` in a fresh process, as a multiple of its size."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    return result["growth_kib"] * 1024 / path.stat().st_size, result["outcome"]


def _sentences(count: int) -> str:
    words = ("the", "army", "said", "soldiers", "trained", "with", "allies", "near", "the")
    return " ".join(words[i % len(words)] for i in range(count)).capitalize() + "."


def _write(path: Path, head: str, unit: str, size: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(head)
        handle.write(unit * ((size - len(head)) // len(unit)))
    return path


@pytest.mark.parametrize(
    "shape",
    ["paragraphs", "one-line", "short-lines", "tiny-paragraphs", "crawler", "non-ascii"],
)
def test_parsing_a_large_text_file_takes_a_bounded_multiple_of_its_size(
    tmp_path: Path, shape: str
) -> None:
    """Peak memory (RSS growth) of parsing a ~20 MB file stays under 10x its size."""
    size = 20 * MiB
    paragraph = _sentences(70)
    files = {
        "paragraphs": ("A Title Line\n\n", paragraph + "\n\n"),
        "one-line": ("", paragraph + " "),
        "short-lines": ("A Title Line\n", "a\n"),
        "tiny-paragraphs": ("A Title Line\n\n", "ab\n\n"),
        "crawler": (" date 2024-11-18 Defense\nTitle\nNov. 18, 2024 | By Jo Doe, DOD News\n\n",
                    paragraph + "\n\n"),
        "non-ascii": ("A Title — Line\n\n", paragraph + " — é\n\n"),
    }  # fmt: skip
    head, unit = files[shape]
    ratio, outcome = _peak_growth(_write(tmp_path / f"{shape}.txt", head, unit, size))
    assert ratio < 10, (shape, ratio, outcome)
    assert isinstance(outcome, list), outcome  # parsed, not refused
    assert outcome[0] <= MAX_TITLE_CHARS


def test_parse_error_for_a_file_of_nothing_but_controls() -> None:
    with pytest.raises(ParseError):
        parse_document(b"\x01\x02\x03" * 100, "junk.txt")


def test_split_lines_reads_a_bounded_number_of_lines() -> None:
    assert split_lines("a\nb\n\nc", limit=10) == (["a", "b", "", "c"], "")
    assert split_lines("a\nb\nc\n\n  d\ne  \n\n", limit=2) == (["a", "b"], "c\n\n  d\ne")
    assert split_lines("a\n\n\n   \n\n", limit=2) == (["a", ""], "")


def test_a_text_of_very_many_lines_keeps_all_its_words() -> None:
    text = "Title\n\n" + "".join(f"Line {i} ends.\n\n" for i in range(MAX_LINES))
    [article] = parse_document(text.encode(), "many.txt")
    assert article.title == "Title"
    assert len(article.paragraphs) < MAX_LINES
    assert article.paragraphs[0] == "Line 0 ends."
    assert article.body.split() == text.split()[1:]
    assert article.body.endswith(f"Line {MAX_LINES - 1} ends.")


# --- markup: trees are built only for a bounded number of tags --------------------------------


def test_a_page_of_tiny_tags_is_refused_before_a_tree_is_built() -> None:
    page = b"<html><body><article><h1>T</h1><p>" + b"<i>a</i> " * 200_000 + b"</p></article>"
    with pytest.raises(ParseError, match="too much markup"):
        parse_document(page, "tags.html")


def test_a_large_page_may_have_proportionally_more_tags() -> None:
    paragraph = "<p>" + "word " * 200 + "</p>\n"
    tags = MAX_MARKUP_TAGS // 2 + 1000  # more "<" than the fixed limit, but few for its size
    page = "<html><body><article><h1>Title</h1>" + paragraph * tags + "</article></body></html>"
    [article] = parse_document(page.encode(), "big.html")
    assert len(article.paragraphs) == tags


def test_a_feed_of_too_many_items_is_refused() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>C</title>'
        + b"<item><title>a</title></item>" * (MAX_FEED_ITEMS + 1)
        + b"</channel></rss>"
    )
    with pytest.raises(ParseError, match="too many items"):
        parse_document(feed, "items.xml")


def test_a_feed_item_made_of_markup_is_refused() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>C</title>'
        b"<item><title>a</title><description>"
        + b"&lt;i&gt;a&lt;/i&gt; " * (MAX_MARKUP_TAGS // 2 + 1)
        + b"</description></item></channel></rss>"
    )
    with pytest.raises(ParseError, match="too much markup"):
        parse_document(feed, "markup.xml")


@pytest.mark.parametrize("shape", ["tiny-tags", "paragraphs"])
def test_parsing_a_large_html_file_takes_a_bounded_multiple_of_its_size(
    tmp_path: Path, shape: str
) -> None:
    size = 20 * MiB
    unit = "<p><i>a</i></p>" if shape == "tiny-tags" else f"<p>{_sentences(70)}</p>\n"
    path = _write(tmp_path / "page.html", "<html><body><article><h1>Title</h1>", unit, size)
    ratio, outcome = _peak_growth(path)
    assert ratio < 10, (shape, ratio, outcome)
    if shape == "paragraphs":
        assert isinstance(outcome, list), outcome


def test_unicode_line_separators_leave_one_line_fields() -> None:
    article = ParsedArticle(title="A\u2028B\u2029 C", paragraphs=("x\u2028y",), format="")
    assert article.title == "A B C"
    assert article.paragraphs == ("x\u2028y",)  # the body may break lines
