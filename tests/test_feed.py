"""Feed importer: the real af.mil RSS feed and synthetic RSS / Atom / RDF feeds."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from dossierdesk.importers.feed import parse_feed
from dossierdesk.importers.types import ParsedArticle, ParseError

FEED_019 = Path(__file__).parent / "data" / "corpus" / "019_afmil-rss-news-feed-2016-01-17.xml"


@cache
def afmil_feed() -> list[ParsedArticle]:
    return parse_feed(FEED_019.read_bytes(), str(FEED_019))


def test_019_afmil_rss_items() -> None:
    items = afmil_feed()
    assert len(items) == 20
    assert {a.format for a in items} == {"rss"}
    first = items[0]
    assert first.title == "Airman keeps serving after overcoming rare cancer"
    assert first.url == (
        "http://www.af.mil/News/ArticleDisplay/tabid/223/Article/641995/"
        "airman-keeps-serving-after-overcoming-rare-cancer.aspx"
    )
    assert first.published == dt.date(2016, 1, 10)
    assert first.byline == "Airman 1st Class Cassandra Whitman"
    assert first.authors == ("Airman 1st Class Cassandra Whitman",)
    assert first.paragraphs[0].startswith('"Death smiles at us all.')
    assert all("<" not in p for a in items for p in a.paragraphs)


def test_019_images_from_enclosures_with_virins() -> None:
    items = afmil_feed()
    first = items[0]
    # The description's thumbnail and the enclosure are the same photo: kept once.
    (image,) = first.images
    assert image.virin == "151118-F-PD986-153"
    assert image.url == (
        "http://media.defense.gov/2016/Jan/08/2001333361/670/394/0/151118-F-PD986-153.JPG"
    )
    by_title = {a.title: a for a in items}
    assert by_title["Airman balances cycling with Air Guard mission"].images[0].virin == (
        "130407-Z-CH590-914"
    )
    assert by_title["Campaign behind the hat"].images == ()  # an item without enclosure


def test_019_escaped_title_and_plain_text_description() -> None:
    by_title = {a.title: a for a in afmil_feed()}
    assert "Childhood adversity tests Airman's resilience" in by_title
    hat = by_title["Campaign behind the hat"]
    assert len(hat.paragraphs) == 2  # blank lines in the description separate paragraphs
    assert hat.published == dt.date(2015, 12, 17)
    assert hat.authors == ("Senior Airman William Blankenship",)


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
  <title>Example news</title>
  <id>urn:example</id>
  <updated>2024-11-18T12:00:00Z</updated>
  <entry>
    <title type="html">Space &lt;b&gt;Force&lt;/b&gt; launch</title>
    <link rel="alternate" href="https://news.example/launch"/>
    <id>urn:example:1</id>
    <updated>2024-11-18T12:00:00Z</updated>
    <published>2024-11-17T09:00:00Z</published>
    <author><name>By Jane Doe, Space Operations Command</name></author>
    <content type="html">&lt;p&gt;CAPE CANAVERAL, Fla. -- First.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;
    &lt;script&gt;alert(1)&lt;/script&gt;</content>
    <media:content url="https://img.example/241117-X-AB123-1001.jpg" medium="image"/>
  </entry>
  <entry>
    <title>Second entry</title>
    <link href="https://news.example/two"/>
    <id>urn:example:2</id>
    <updated>2024-11-16T12:00:00Z</updated>
    <summary>Only a summary.</summary>
  </entry>
</feed>"""


def test_atom_feed() -> None:
    first, second = parse_feed(ATOM, "feed.atom")
    assert first.format == "atom"
    assert first.title == "Space Force launch"
    assert first.url == "https://news.example/launch"
    assert first.published == dt.date(2024, 11, 17)
    assert first.authors == ("Jane Doe",)
    assert first.source == "Space Operations Command"
    assert first.dateline == "CAPE CANAVERAL, Fla."
    assert first.paragraphs == ("First.", "Second.")
    assert first.images[0].virin == "241117-X-AB123-1001"
    assert second.published == dt.date(2024, 11, 16)  # <updated> when nothing else
    assert second.paragraphs == ("Only a summary.",)
    assert second.images == ()


def test_rss_content_encoded_and_enclosure_merge() -> None:
    feed = b"""<?xml version="1.0"?><rss version="2.0"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>
    <item><title>Item</title><link>https://x.example/1</link>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>Full one.</p><figure><img src="/p/230515-D-KY598-1364.JPG">
    <figcaption>Caption here. (DOD photo)</figcaption></figure><p>Full two.</p>]]></content:encoded>
    <enclosure url="https://media.example/big/230515-D-KY598-1364.JPG" type="image/jpeg"/>
    <pubDate>Mon, 15 May 2023 10:00:00 GMT</pubDate></item></channel></rss>"""
    (item,) = parse_feed(feed, "f.xml")
    assert item.paragraphs == ("Full one.", "Full two.")
    (image,) = item.images  # the figure and the enclosure are the same photo
    assert image.virin == "230515-D-KY598-1364"
    assert image.url == "https://media.example/big/230515-D-KY598-1364.JPG"
    assert image.caption == "Caption here."
    assert image.credit == "DOD photo"
    assert image.paragraph_index == 1
    assert item.published == dt.date(2023, 5, 15)


def test_rdf_feed_is_rss() -> None:
    feed = b"""<?xml version="1.0"?>
    <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/">
      <channel rdf:about="https://x.example/"><title>T</title><link>https://x.example/</link>
      <description>D</description></channel>
      <item rdf:about="https://x.example/1"><title>RDF item</title>
      <link>https://x.example/1</link><description>Text.</description></item>
    </rdf:RDF>"""
    (item,) = parse_feed(feed, "f.rdf")
    assert item.format == "rss"
    assert item.title == "RDF item"


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>',
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Empty</title></feed>',
        b"<rss><channel><item></item></channel></rss>",
    ],
)
def test_feed_without_items_is_rejected(data: bytes) -> None:
    with pytest.raises(ParseError, match="no items"):
        parse_feed(data, "empty.xml")


@pytest.mark.parametrize("data", [b"just some words", b"<html><body><p>Hi</p></body></html>"])
def test_non_feed_is_rejected(data: bytes) -> None:
    with pytest.raises(ParseError):
        parse_feed(data, "x.xml")


def test_bytes_are_never_taken_for_a_file_name(tmp_path: Path) -> None:
    """feedparser opens a file when given its name; the importer must only parse the bytes."""
    real_feed = tmp_path / "real.xml"
    real_feed.write_bytes(FEED_019.read_bytes())
    with pytest.raises(ParseError):
        parse_feed(str(real_feed).encode(), "name.xml")


# --- DOCTYPE internal subsets: entities expanded safely, external ones never ----------------

HOSTILE = Path(__file__).parent / "data" / "hostile"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to reach the network fails the test."""
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def _all_text(articles: list[ParsedArticle]) -> str:
    return "\n".join(
        " ".join(str(v) for v in (a.title, a.body, a.byline, a.source, a.dateline, a.url))
        for a in articles
    )


def test_a_feed_declaring_entities_on_one_line_is_read_as_its_items(no_network: None) -> None:
    from dossierdesk.importers import detect_format, parse_document

    data = (HOSTILE / "doctype-one-line.rss").read_bytes()
    assert detect_format(data, "feed.xml") == "feed"
    articles = parse_document(data, "feed.xml")
    # &nbsp; is expanded (to U+00A0, which every importer then prints as a plain space)
    assert [(a.title, a.paragraphs) for a in articles] == [
        ("First item", ("Text one.",)),
        ("Second item", ("Text two.",)),
    ]


def test_internal_entities_are_expanded_and_external_ones_never_read(no_network: None) -> None:
    articles = parse_feed((HOSTILE / "doctype-entities.rss").read_bytes(), "feed.rss")
    assert [a.title for a in articles] == ["Airmen train — again", "Second item &remote;"]
    first = articles[0]
    assert first.dateline == "SPANGDAHLEM AIR BASE, Germany"
    assert first.paragraphs[0].startswith("The 52nd Fighter Wing & Friends team trained.")
    assert (first.authors, first.source) == (("Jane Doe",), "52nd Fighter Wing & Friends")
    assert "root:" not in _all_text(articles)
    assert "&passwd" in first.paragraphs[0]  # the reference stays, unresolved


def test_an_atom_feed_with_a_doctype_subset(no_network: None) -> None:
    from dossierdesk.importers import detect_format

    data = (HOSTILE / "doctype-entities.atom").read_bytes()
    assert detect_format(data, "feed.atom") == "feed"
    articles = parse_feed(data, "feed.atom")
    assert [a.title for a in articles] == [
        "Entry one from Space and Naval Warfare Systems Command",
        "Entry two",
    ]
    assert {a.format for a in articles} == {"atom"}
    assert articles[0].paragraphs == ("Sailors tested a radio.&secret;",)
    assert "root:" not in _all_text(articles)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_external_entity_naming_a_local_file_is_not_read(
    tmp_path: Path, no_network: None, kind: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("MARKER-9f3c do not import", "utf-8")
    url = secret.as_uri()
    if kind == "rss":
        feed = (
            f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY s SYSTEM "{url}">'
            f'<!ENTITY p PUBLIC "-//X//Y" "{url}">]><rss version="2.0"><channel>'
            "<title>C</title><item><title>T &s;</title><description>D &p; &s;</description>"
            "</item></channel></rss>"
        )
    else:
        feed = (
            f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY s SYSTEM "{url}">]>'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>C</title>'
            "<entry><title>T &s;</title><summary>D &s;</summary></entry></feed>"
        )
    articles = parse_feed(feed.encode(), "feed.xml")
    assert "MARKER" not in _all_text(articles)
    assert articles[0].title == "T &s;"


def test_a_utf16_feed_with_a_doctype_subset(no_network: None) -> None:
    text = (HOSTILE / "doctype-entities.rss").read_text("utf-8")
    data = text.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")
    articles = parse_feed(data, "feed.rss")
    assert [a.title for a in articles] == ["Airmen train — again", "Second item &remote;"]


def test_billion_laughs_is_refused_with_bounded_memory() -> None:
    import tracemalloc

    data = (HOSTILE / "billion-laughs.rss").read_bytes()
    tracemalloc.start()
    try:
        with pytest.raises(ParseError, match="expands to more than"):
            parse_feed(data, "laughs.rss")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024


def test_many_references_to_a_large_entity_are_refused() -> None:
    value = "x" * 60_000
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "{value}">]><rss version="2.0">'
        "<channel><title>C</title><item><title>T</title><description>"
        + "&big;" * 1000
        + "</description></item></channel></rss>"
    ).encode()
    with pytest.raises(ParseError, match="expand too much"):
        parse_feed(feed, "quadratic.rss")


@pytest.mark.parametrize(
    "subset",
    ['<!ENTITY a "&b;"><!ENTITY b "&a;">', '<!ENTITY a "x&a;">'],
    ids=["loop", "self"],
)
def test_entities_that_refer_to_themselves_are_refused(subset: str) -> None:
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{subset}]><rss version="2.0"><channel>'
        "<title>C</title><item><title>&a;</title></item></channel></rss>"
    ).encode()
    with pytest.raises(ParseError, match="refers to itself"):
        parse_feed(feed, "loop.rss")


def test_entity_values_are_text_and_cdata_is_left_alone() -> None:
    from dossierdesk.importers.doctype import resolve_internal_subset

    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY nbsp "&#160;">'
        b'<!ENTITY tag \'<b>"bold"</b> &amp; AT&T\'><!ENTITY % param "ignored">]>\n'
        b'<rss a="&tag;">&nbsp;&tag;<![CDATA[&nbsp;]]><!-- &nbsp; -->&undeclared;</rss>'
    )
    assert resolve_internal_subset(data) == (
        b'<?xml version="1.0"?>\n\n<rss a="&lt;b>&quot;bold&quot;&lt;/b> &amp; AT&amp;T">'
        b"&#160;&lt;b>&quot;bold&quot;&lt;/b> &amp; AT&amp;T<![CDATA[&nbsp;]]><!-- &nbsp; -->"
        b"&undeclared;</rss>"
    )
    plain = b'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "rss.dtd"><rss>&x;</rss>'
    assert resolve_internal_subset(plain) == plain  # no internal subset: left as it is
