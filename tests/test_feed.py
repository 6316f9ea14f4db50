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
