"""Plain RSS 2.0 feeds read with lxml give what feedparser gives, item for item.

Every feed here is parsed twice: through ``feed_rss`` (when it takes the feed) and through
feedparser alone. The entries' fields the importer reads and the articles made from them must
be equal; feeds ``feed_rss`` declines must still import, through feedparser.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossierdesk.importers import feed as feed_module
from dossierdesk.importers.feed import parse_feed
from dossierdesk.importers.feed_rss import rss_entries
from dossierdesk.importers.types import ParsedArticle, ParseError

DATA = Path(__file__).parent / "data"
FEED_019 = DATA / "corpus" / "019_afmil-rss-news-feed-2016-01-17.xml"

_NS = (
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/"'
)


def _rss(items: str, *, head: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return (
        f'{head}<rss version="2.0" {_NS}><channel><title>Feed</title>'
        f"<link>https://feed.example/</link>{items}</channel></rss>"
    ).encode()


def _fields(entry: Any) -> dict[str, Any]:
    """What ``feed.py`` reads of an entry."""
    content = [c.get("value") for c in entry.get("content") or []]
    links = [
        (link.get("rel"), link.get("href"), link.get("type"))
        for link in entry.get("links") or []
        if link.get("rel") == "enclosure"
    ]
    published = entry.get("published_parsed")
    return {
        "title": entry.get("title"),
        "link": entry.get("link"),
        "id": entry.get("id"),
        "guidislink": bool(entry.get("guidislink")),
        "summary": entry.get("summary"),
        "content": content,
        "author": entry.get("author") or None,
        "published": tuple(published[:6]) if published else None,
        "enclosures": links,
    }


def _by_feedparser(data: bytes, monkeypatch: pytest.MonkeyPatch) -> list[ParsedArticle] | str:
    with monkeypatch.context() as patch:
        patch.setattr(feed_module, "rss_entries", lambda _data: None)
        try:
            return parse_feed(data, "f.xml")
        except ParseError as exc:
            return f"ParseError: {exc}"


def _by_either(data: bytes) -> list[ParsedArticle] | str:
    try:
        return parse_feed(data, "f.xml")
    except ParseError as exc:
        return f"ParseError: {exc}"


def assert_same_as_feedparser(data: bytes, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Compare the two readings; ``True`` if ``feed_rss`` took the feed."""
    plain = rss_entries(data)
    if plain is not None:
        reference = feedparser.parse(io.BytesIO(data))
        assert not reference.get("bozo"), reference.get("bozo_exception")
        assert [_fields(e) for e in plain] == [_fields(e) for e in reference.entries]
    assert _by_either(data) == _by_feedparser(data, monkeypatch)
    return plain is not None


def test_the_afmil_feed_is_read_by_lxml_as_feedparser_reads_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = FEED_019.read_bytes()
    assert assert_same_as_feedparser(data, monkeypatch)
    assert len(rss_entries(data) or []) == 20


ITEMS = {
    "relative links, query strings, entities": """<item><title>A &amp; B &#8212; C</title>
        <link>/news/1?a=1&amp;b=2</link><guid>tag:x,2024:1</guid>
        <description>&lt;p&gt;One &amp;amp; two.&lt;/p&gt;&lt;p&gt;&lt;img
        src="/i/241117-X-AB123-1001.jpg" alt="x"&gt;&lt;/p&gt;</description>
        <pubDate>Sun, 17 Nov 2024 23:30:00 -0500</pubDate></item>""",
    "guid as the link, CDATA, scripts and styles": """<item><title>Guid item</title>
        <guid isPermaLink="true">https://x.example/guid-link</guid>
        <description><![CDATA[<script>alert(1)</script><style>p{}</style><p onclick="x()">
        Text <a href="javascript:alert(2)">link</a></p><iframe src="https://evil.example/">
        </iframe>]]></description></item>""",
    "guid that is not a link, no link": """<item><title>No link</title>
        <guid isPermaLink="false">1234</guid><description>Plain text
        description.

        Second paragraph after a blank line.</description></item>""",
    "content encoded before the description, creator, enclosure without type": """<item>
        <content:encoded><![CDATA[<p>Full text.</p><img data-src="/lazy.jpg" src="/s.gif">
        <img srcset="/a.jpg 1x" src="/b.png" style="width:1px">]]></content:encoded>
        <description>Teaser</description><dc:creator>Staff Sgt. Jane Doe</dc:creator>
        <enclosure url="https://m.example/p/240101-N-XY123-0001.JPG" length="1"/>
        <title>Content first</title><link>https://x.example/c</link></item>""",
    "cp1252 and mojibake": """<item><title>Caf\u00c3\u00a9 \u0093quoted\u0094</title>
        <link>https://x.example/m</link><description>\u00e2\u0080\u0099 and \u0085</description>
        </item>""",
    "dates feedparser reads in other ways": """<item><title>D1</title><link>https://x.example/d1</link>
        <pubDate>2024-11-17T10:00:00Z</pubDate></item><item><title>D2</title>
        <link>https://x.example/d2</link><pubDate>17 Nov 24 10:00 EST</pubDate></item>
        <item><title>D3</title><link>https://x.example/d3</link><pubDate>not a date</pubDate>
        </item><item><title>D4</title><link>https://x.example/d4</link>
        <pubDate>Mon, 31 Feb 2024 10:00:00 GMT</pubDate></item>""",
    "empty elements": """<item><title></title><link>https://x.example/e</link><description/>
        <pubDate></pubDate><dc:creator/></item><item/>""",
    "categories and comments": """<item><title>Tagged</title><link>https://x.example/t</link>
        <category>News</category><category domain="x">More</category>
        <comments>https://x.example/t#c</comments><description>Body.</description></item>""",
}


@pytest.mark.parametrize("items", list(ITEMS.values()), ids=list(ITEMS))
def test_items_read_by_lxml_equal_feedparsers(items: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert assert_same_as_feedparser(_rss(items), monkeypatch)


@pytest.mark.parametrize(
    "head",
    ['<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>', "", "\ufeff"],
    ids=["upper-case UTF-8", "no encoding", "no declaration", "byte order mark"],
)
def test_utf8_feeds_however_declared_are_read_by_lxml(
    head: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert assert_same_as_feedparser(_rss(ITEMS["cp1252 and mojibake"], head=head), monkeypatch)


DECLINED = {
    "atom": b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>E</title>'
    b'<link href="https://x.example/a"/><summary>S</summary></entry></feed>',
    "rdf": b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    b'xmlns="http://purl.org/rss/1.0/"><item rdf:about="https://x.example/1"><title>R</title>'
    b"<link>https://x.example/1</link></item></rdf:RDF>",
    "not well-formed": _rss(
        "<item><title>Broken &nbsp; entity</title><link>https://x/b</link>"
        "<description>a <b>b</description></item>"
    ),
    "xml:base": _rss(
        '<item xml:base="https://base.example/"><title>B</title><link>rel/1</link></item>'
    ),
    "latin-1": _rss(
        "<item><title>Caf\u00e9</title><link>https://x.example/l</link></item>",
        head='<?xml version="1.0" encoding="iso-8859-1"?>',
    )
    .decode()
    .encode("latin-1"),
    "an author with an e-mail": _rss(
        "<item><title>A</title><link>https://x.example/a</link>"
        "<dc:creator>jdoe@example.com (Jane Doe)</dc:creator></item>"
    ),
    "a title that looks like HTML": _rss(
        "<item><title>&lt;b&gt;Bold&lt;/b&gt; title</title><link>https://x.example/h</link></item>"
    ),
    "media elements": _rss(
        '<item xmlns:media="http://search.yahoo.com/mrss/"><title>M</title>'
        '<link>https://x.example/m</link><media:content url="https://m/1.jpg"'
        ' medium="image"/></item>'
    ),
    "two links": _rss(
        "<item><title>L</title><link>https://x/1</link><link>https://x/2</link></item>"
    ),
    "markup inside the description": _rss(
        "<item><title>X</title><link>https://x/x</link>"
        "<description><p>Unescaped</p></description></item>"
    ),
    "rss 0.91": b'<rss version="0.91"><channel><title>T</title><item><title>Old</title>'
    b"<link>https://x.example/o</link></item></channel></rss>",
}


@pytest.mark.parametrize("data", list(DECLINED.values()), ids=list(DECLINED))
def test_other_feeds_go_to_feedparser_and_still_import(
    data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert rss_entries(data) is None
    assert _by_either(data) == _by_feedparser(data, monkeypatch)


_TEXT = st.sampled_from(
    [
        "Plain words",
        "A &amp; B",
        "&#39;quoted&#39; &#x2014; dash",
        "Caf\u00c3\u00a9",
        "\u0092smart\u0093",
        "  padded   ",
        "",
        "https://x.example/p?q=1&amp;r=2",
        "/relative/path",
        "line\nbreak",
        "&lt;i&gt;escaped&lt;/i&gt;",
        "<![CDATA[cdata & <b>bold</b>]]>",
        "\u00e9t\u00e9 \u4e2d\u6587",
    ]
)
_HTML = st.sampled_from(
    [
        "Just text.",
        "&lt;p&gt;Para one&lt;/p&gt;&lt;p&gt;Para two&lt;/p&gt;",
        "<![CDATA[<p>A <b>bold</b> claim</p><img src='/p/230515-D-KY598-1364.JPG' />]]>",
        "<![CDATA[<figure><img src='https://m.example/x.jpg'><figcaption>Cap. (U.S. Army "
        "photo by Pvt. X)</figcaption></figure>]]>",
        "<![CDATA[<script>var a = '<p>no</p>';</script><p>yes</p>]]>",
        "<![CDATA[<object data='x'></object><embed src='y'><form><input></form>text]]>",
        "<![CDATA[<a href='javascript:bad()'>a</a> <a href='/ok'>ok</a>]]>",
        "<![CDATA[Line one<br>Line two<br/><br/>Line three]]>",
        "<![CDATA[<table><tr><td>cell</td></tr></table><ul><li>item</li></ul>]]>",
        "<![CDATA[<div style='display:none'>hidden?</div><p class='x'>shown</p>]]>",
        "First paragraph.\n\nSecond paragraph &amp; more.",
        "<![CDATA[<p>Unclosed <i>tags <b>here</p>]]>",
        "<![CDATA[<!-- a comment --><p>after comment</p>]]>",
        "&lt;img src=&#39;http://media.defense.gov/2016/Jan/08/2001333361/82/55/0/"
        "151118-F-PD986-153.JPG&#39; /&gt;",
        "<![CDATA[<IMG SRC=' /p/spaced.jpg ' ALT='Up'><P CLASS=a>Upper case</P>]]>",
        "<![CDATA[<img src='\n https://m.example/n.jpg\t'><a href=' /x '>x</a>]]>",
        "<![CDATA[<p>&nbsp;&amp;&lt;tag&gt; &copy; &#8212; &unknown; AT&T</p>]]>",
        "",
    ]
)
_DATE = st.sampled_from(
    [
        "Sun, 10 Jan 2016 14:00:00 GMT",
        "Sun, 10 Jan 2016 23:59:00 -0800",
        "10 Jan 2016 14:00 +0100",
        "Sun, 10 Jan 16 14:00:00 EST",
        "2016-01-10",
        "2016-01-10T14:00:00+02:00",
        "garbage",
        "",
    ]
)


@st.composite
def _item(draw: st.DrawFn) -> str:
    parts = []
    if draw(st.booleans()):
        parts.append(f"<title>{draw(_TEXT)}</title>")
    if draw(st.booleans()):
        link = draw(st.sampled_from(["https://x.example/a", "/rel", " https://x.example/s "]))
        parts.append(f"<link>{link}</link>")
    if draw(st.booleans()):
        permalink = draw(st.sampled_from(["", ' isPermaLink="false"', ' isPermaLink="true"']))
        parts.append(f"<guid{permalink}>{draw(_TEXT)}</guid>")
    if draw(st.booleans()):
        parts.append(f"<description>{draw(_HTML)}</description>")
    if draw(st.booleans()):
        parts.append(f"<content:encoded>{draw(_HTML)}</content:encoded>")
    if draw(st.booleans()):
        parts.append(f"<pubDate>{draw(_DATE)}</pubDate>")
    if draw(st.booleans()):
        parts.append(f"<dc:creator>{draw(_TEXT)}</dc:creator>")
    if draw(st.booleans()):
        url = draw(
            st.sampled_from(
                [
                    "https://m.example/240101-N-XY123-0001.JPG",
                    "/r/photo.png",
                    "https://m.example/file.pdf",
                ]
            )
        )
        kind = draw(st.sampled_from(["", ' type="image/jpeg"', ' type="application/pdf"']))
        parts.append(f'<enclosure url="{url}"{kind} length="10"/>')
    return "<item>" + "".join(draw(st.permutations(parts))) + "</item>"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(items=st.lists(_item(), min_size=1, max_size=4))
def test_generated_feeds_read_by_lxml_equal_feedparsers(
    items: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_same_as_feedparser(_rss("".join(items)), monkeypatch)


def test_corpus_and_test_feeds_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every feed file the tests hold gives the same articles either way."""
    feeds = [p for p in DATA.rglob("*") if p.suffix in (".xml", ".rss", ".atom")]
    assert feeds
    for path in feeds:
        data = path.read_bytes()
        assert _by_either(data) == _by_feedparser(data, monkeypatch), path
