"""Format detection and the parse_document dispatcher."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossierdesk.importers import ParseError, detect_format, feed, html_article, parse_document

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>One'
RSS += b"</title><link>https://x.example/1</link><description>Text.</description></item>"
RSS += b"</channel></rss>"


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (RSS, "x.txt", "feed"),
        (b"\xef\xbb\xbf<!-- c --><rss version='2.0'></rss>", "x", "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>', "x", "feed"),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "x", "feed"),
        (b"<feed><title>not atom</title></feed>", "x.txt", "plain-text"),
        (b"<!DOCTYPE html><title>x</title><p>x", "x.txt", "html"),
        (b"  <html><body>x</body></html>", "x", "html"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>', "x", "html"),
        (b"<body><p>a</p></body>", "x", "html"),
        (b"<div><p>a</p><p>b</p><br><span>c</span></div>", "x.txt", "html"),
        (b"<p>short fragment</p>", "page.aspx", "html"),  # extension breaks the tie
        (b"<p>short fragment</p>", "notes.txt", "plain-text"),
        (b"<item>x</item>", "feed.rss", "feed"),
        (b"Headline\n\nSome text with a < b and <b> once.\n", "x.html", "html"),
        (b"Headline\n\nSome text with a < b comparison.\n", "x.txt", "plain-text"),
    ],
)
def test_detect_format(data: bytes, name: str, expected: str) -> None:
    assert detect_format(data, name) == expected


_ITEMS = b"<channel><title>Channel</title><item><title>A&nbsp;B</title></item></channel></rss>"


@pytest.mark.parametrize(
    "prolog",
    [
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY nbsp "&#160;">]>',
        b'<!DOCTYPE rss [\n  <!ENTITY nbsp "&#160;">\n  <!ENTITY gt2 "<b>>">\n]>\n',
        b"<!DOCTYPE rss PUBLIC '-//X//RSS' 'rss.dtd' [ <!-- a ] and a > --> <!ENTITY a 'x'> ]>",
        b'<!DOCTYPE rss [<!ENTITY e SYSTEM "file:///etc/passwd"><?pi x?>]>',
        b"<!DOCTYPE rss>",
    ],
    ids=["one-line", "multi-line", "public-and-comment", "external", "no-subset"],
)
def test_a_doctype_with_an_internal_subset_does_not_hide_a_feed(prolog: bytes) -> None:
    data = prolog + b'<rss version="2.0">' + _ITEMS + b"<p>x</p>" * 10
    assert detect_format(data, "news.txt") == "feed"
    atom = prolog.replace(b"rss", b"feed") + b'<feed xmlns="http://www.w3.org/2005/Atom">'
    assert detect_format(atom + b"<entry><title>x</title></entry></feed>", "x") == "feed"


def test_an_html_doctype_with_a_subset_is_still_html() -> None:
    data = (DATA / "hostile" / "xhtml-external-entity.html").read_bytes()
    assert detect_format(data, "page.txt") == "html"


def test_detect_corpus() -> None:
    for path in sorted(CORPUS.glob("*.html")):
        assert detect_format(path.read_bytes(), path.name) == "html", path.name
    feed = CORPUS / "019_afmil-rss-news-feed-2016-01-17.xml"
    assert detect_format(feed.read_bytes(), "feed.ashx") == "feed"
    for path in sorted(CORPUS.glob("02*.txt")):
        assert detect_format(path.read_bytes(), path.name) == "plain-text", path.name
    crawler = DATA / "000_014c2d8a4cbccb0c.txt"
    assert detect_format(crawler.read_bytes(), crawler.name) == "crawler-text"


def test_content_wins_over_extension() -> None:
    page = (CORPUS / "001_afmil-gulf-war-critical-care.html").read_bytes()
    assert detect_format(page, "Print31c8.html.tmp") == "html"
    assert detect_format(page, "article.txt") == "html"
    assert detect_format(RSS, "page.html") == "feed"


def test_utf16_with_bom() -> None:
    html = "<html><head><title>\u00c9t\u00e9</title></head><body><p>Text \u2019.</p></body></html>"
    data = b"\xff\xfe" + html.encode("utf-16-le")
    assert detect_format(data, "x.html") == "html"
    (article,) = parse_document(data, "x.html")
    assert article.title == "\u00c9t\u00e9"
    feed = b"\xfe\xff" + RSS.decode().encode("utf-16-be")
    assert detect_format(feed, "x.xml") == "feed"


@pytest.mark.parametrize("data", [b"", b"   \n\t ", b"\xef\xbb\xbf", b"\xff\xfe \x00\n\x00"])
def test_empty(data: bytes) -> None:
    with pytest.raises(ParseError, match=r"^empty file$"):
        detect_format(data, "x.txt")
    with pytest.raises(ParseError, match=r"^empty file$"):
        parse_document(data, "x.txt")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00\x01\x02" * 50,
        bytes(range(256)) * 4,
    ],
)
def test_binary(data: bytes) -> None:
    with pytest.raises(ParseError, match=r"^not a text or HTML file$"):
        parse_document(data, "x.html")


def test_parse_document_dispatches() -> None:
    page = (CORPUS / "005_afmil-dodnews-carter-embrace-future.html").read_bytes()
    (article,) = parse_document(page, "005.html")
    assert article.format == "html-articlecs"
    feed = (CORPUS / "019_afmil-rss-news-feed-2016-01-17.xml").read_bytes()
    assert len(parse_document(feed, "019.xml")) == 20
    text = (CORPUS / "022_dvids-javelin-stinger-contracts.txt").read_bytes()
    (article,) = parse_document(text, "022.txt")
    assert article.format == "plain-text"
    crawler = (DATA / "000_014c2d8a4cbccb0c.txt").read_bytes()
    (article,) = parse_document(crawler, "000.txt")
    assert article.format == "crawler-text"


def test_unexpected_parser_error_becomes_parse_error(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(
        data: bytes, name: str, *, decoded: str | None = None, on_page: object = None
    ) -> None:
        raise ValueError("internal detail")

    monkeypatch.setattr(html_article, "parse_html", broken)
    with (
        caplog.at_level(logging.DEBUG, logger="dossierdesk.importers.detect"),
        pytest.raises(ParseError) as info,
    ):
        parse_document(b"<html><body><p>x</p></body></html>", "x.html")
    assert str(info.value) == "cannot read this HTML page: unexpected ValueError in the importer"
    assert isinstance(info.value.__cause__, ValueError)
    assert any(record.exc_info for record in caplog.records)  # traceback logged at debug level


def test_recursion_error_becomes_parse_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def deep(data: bytes, name: str) -> None:
        raise RecursionError

    monkeypatch.setattr(feed, "parse_feed", deep)
    with pytest.raises(ParseError, match="nested too deeply"):
        parse_document(RSS, "x.xml")


def test_deeply_nested_html_does_not_crash() -> None:
    data = b"<html><body>" + b"<div>" * 3000 + b"<p>deep text</p>" + b"</div>" * 3000
    try:
        (article,) = parse_document(data, "deep.html")
    except ParseError:
        return  # refusing is fine; a traceback is not
    assert "deep text" in article.body or article.paragraphs


_MARKERS = [
    b"",
    b"<rss>",
    b"<html>",
    b"<?xml version='1.0'?>",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"<feed xmlns='http://www.w3.org/2005/Atom'>",
    b"<item><title>",
    b"<div class='da_black'>",
    b" date 2024-01-01\n",
    b"By Jane Doe, DOD News\n",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_MARKERS), st.binary(max_size=300), st.sampled_from(["x.html", "y.txt"]))
def test_parse_document_raises_only_parse_error(prefix: bytes, body: bytes, name: str) -> None:
    try:
        articles = parse_document(prefix + body, name)
    except ParseError as err:
        assert str(err)
        return
    assert isinstance(articles, list) and articles


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_MARKERS), st.text(max_size=300))
def test_parse_document_on_arbitrary_text(prefix: bytes, text: str) -> None:
    with contextlib.suppress(ParseError):
        parse_document(prefix + text.encode("utf-8"), "z.html")


_LINE_END_PARTS = [
    "\r\n",
    "\r",
    "\n",
    "\r\r\n",
    " ",
    "<!DOCTYPE html>",
    "<!DOCTYPE html\r\n PUBLIC 'x'>",
    "<?xml version='1.0'?>",
    "<!-- c\r\n -->",
    "<html>",
    "<rss version='2.0'>",
    "<feed\r\nxmlns='http://www.w3.org/2005/Atom'>",
    "<item>",
    "<p>",
    "</p>",
    "<div\r\nclass='a'>",
    "<br>",
    "Title",
    "WASHINGTON (AFNS) -- The text.",
    "Headline: x",
    "x" * 300,
]


@given(
    st.lists(st.sampled_from(_LINE_END_PARTS), min_size=1, max_size=40),
    st.sampled_from(["page.html", "page.txt", "feed.xml", "page"]),
)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_line_ends_are_read_alike_by_detection_and_the_html_and_text_parsers(
    parts: list[str], name: str
) -> None:
    """Detection and the HTML parser read the start of a file with its line ends as they
    are (``detect._Input``, ``html_parse.parse_page(crlf=True)``): CRLF and CR give what LF
    gives, as they did when the text was normalised first."""
    data = "".join(parts).encode()
    normalised = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")

    def outcome(data: bytes) -> object:
        try:
            fmt = detect_format(data, name)
            if fmt == "feed":
                return fmt
            return fmt, parse_document(data, name)
        except ParseError as exc:
            return str(exc)

    assert outcome(data) == outcome(normalised)
