"""Plain RSS 2.0 feeds read with lxml into the entries ``feedparser`` would give.

``feedparser`` reads a feed through SAX callbacks into nested dictionaries and spends about
7 ms on a 20-item feed (the af.mil news feed), ten times what lxml, feedparser's own HTML
sanitiser and its URI resolver take for the same items. The usual feed, an RSS 2.0 channel of
items made of the elements below, is therefore read here, and every value goes through the
steps ``feedparser`` applies to it (its ``pop``: stripping, relative URIs, its HTML sanitiser
for HTML content, its UTF-8 and Windows-1252 repairs, its date parser), so that the entries
are those ``feedparser`` gives (``tests/test_feed_rss.py`` compares the two on every feed the
tests hold).

Anything else gives ``None`` and the feed goes to ``feedparser``: Atom and RDF, an XML syntax
error (its lenient parser then reads what it can), a DOCTYPE, ``xml:base``, an encoding other
than UTF-8, an item element this module does not know (``source``, ``media:*``, ``dc:date``,
``author``...), an element given twice, markup inside a text element, a title that
``feedparser`` would take for HTML, a creator holding an e-mail address.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from feedparser.datetimes import _parse_date
from feedparser.mixin import _cp1252, _FeedParserMixin
from feedparser.sanitizer import _HTMLSanitizer, _sanitize_html
from feedparser.urls import _urljoin, resolve_relative_uris
from lxml import etree

__all__ = ["rss_entries"]

_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
_TEXT = frozenset({"title", "link", "description", "pubDate", "guid", _DC + "creator"})
_HTML = frozenset({"description", _CONTENT + "encoded"})
# Elements whose values no entry field read by ``feed.py`` depends on.
_IGNORED = frozenset({"category", "comments"})
_KNOWN = _TEXT | _HTML | _IGNORED | {"enclosure"}
_LINK_ENTITY = re.compile("&([A-Za-z0-9_]+);")
# Characters ``_repaired`` can change: Windows-1252's C1 code points (every key of ``_cp1252``
# is one of them).
_C1 = re.compile("[\x80-\x9f]")
# Item HTML on which feedparser's URI resolver changes nothing that its sanitiser then sees
# (``_item_html``): text without "&" and "<", tags whose names are letters and digits (neither
# ``svg`` nor ``math``), attributes all quoted, their values without quotes, "<", ">", "&" and
# without whitespace at either end. Each repetition can match a string one way only (text
# runs end at "<", value words at whitespace), so a failing match costs linear time.
_VALUE = r"""(?:[^'"<>&\s]+(?:\s+[^'"<>&\s]+)*)?"""
_ATTRIBUTE = rf"""[a-zA-Z_][-.:a-zA-Z0-9_]*\s*=\s*(?:'{_VALUE}'|"{_VALUE}")"""
_TAG_NAME = r"(?!(?i:svg|math)[\s/>])[a-zA-Z][a-zA-Z0-9]*"
_PLAIN_MARKUP = re.compile(
    rf"[^<&]*(?:(?:<{_TAG_NAME}(?:\s+{_ATTRIBUTE})*\s*/?>|</{_TAG_NAME}\s*>)[^<&]*)*"
)
# The pieces of such markup, in order, and the names and values of a tag's attributes.
_PLAIN_PIECE = re.compile(
    rf"(?P<text>[^<]+)|</(?P<end>{_TAG_NAME})\s*>"
    rf"|<(?P<start>{_TAG_NAME})(?P<attributes>(?:\s+{_ATTRIBUTE})*)\s*(?P<slash>/?)>"
)
_ATTRIBUTE_PARTS = re.compile(
    rf"""([a-zA-Z_][-.:a-zA-Z0-9_]*)\s*=\s*(?:'({_VALUE})'|"({_VALUE})")"""
)


class _NotPlain(Exception):
    """The feed needs ``feedparser``."""


def rss_entries(data: bytes) -> list[dict[str, Any]] | None:
    """The feed's entries as ``feedparser`` shapes them (the keys ``feed.py`` reads), or
    ``None`` if the feed is not a plain RSS 2.0 feed (see the module docstring)."""
    if b"<!DOCTYPE" in data or b"xml:base" in data:
        return None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    encoding = (root.getroottree().docinfo.encoding or "").lower()
    if root.tag != "rss" or root.get("version") != "2.0" or encoding != "utf-8":
        return None
    channels = [child for child in root if child.tag == "channel"]
    if len(channels) != 1:
        return None
    items = [child for child in channels[0] if child.tag == "item"]
    if sum(1 for _ in root.iter("item")) != len(items):
        return None  # items outside the channel or inside one another
    try:
        return [_entry(item) for item in items]
    except _NotPlain:
        return None


def _entry(item: Any) -> dict[str, Any]:
    seen: set[str] = set()
    entry: dict[str, Any] = {"links": []}
    link_seen = False
    guid: tuple[str, bool] | None = None
    for child in item:
        tag = child.tag
        if not isinstance(tag, str) or tag not in _KNOWN:
            raise _NotPlain  # a comment, a processing instruction or an unknown element
        if tag in _IGNORED:
            continue
        if tag in seen:
            raise _NotPlain
        seen.add(tag)
        if tag == "enclosure":
            entry["links"].append(_enclosure(child))
            continue
        if len(child) or (child.attrib and tag != "guid"):
            raise _NotPlain
        raw = (child.text or "").strip()
        if tag == "title":
            if _FeedParserMixin.looks_like_html(raw):
                raise _NotPlain
            entry["title"] = _repaired(raw)
        elif tag == "link":
            link_seen = True
            value = _repaired(_urljoin("", raw) if raw else raw)
            value = _LINK_ENTITY.sub(r"&\g<1>", value.replace("&amp;", "&"))
            if not value:
                raise _NotPlain
            entry["link"] = value
        elif tag == "guid":
            is_link = child.get("isPermaLink", "true") == "true"
            if set(child.attrib) - {"isPermaLink"}:
                raise _NotPlain
            value = _repaired(_urljoin("", raw) if raw and is_link else raw)
            entry["id"] = value
            entry["guidislink"] = is_link and not link_seen  # a <link> before it wins
            guid = (value, is_link)
        elif tag in _HTML:
            html = _item_html(raw)
            if tag == "description":
                entry["summary"] = html
            else:
                entry["content"] = [{"value": html}]
                entry.setdefault("summary", html)  # a later description replaces it
        elif tag == "pubDate":
            entry["published_parsed"] = _parse_date(_repaired(raw))
        else:  # dc:creator
            if "@" in raw or _FeedParserMixin.looks_like_html(raw):
                raise _NotPlain
            if raw:
                entry["author"] = _repaired(raw)
    if guid is not None and guid[1] and not link_seen:
        entry["link"] = guid[0]  # a <link>, before or after the guid, is the link
    return entry


def _enclosure(element: Any) -> dict[str, str]:
    if len(element):
        raise _NotPlain
    attrs = dict(element.attrib)
    href = attrs.pop("url", attrs.pop("uri", attrs.pop("href", None)))
    link: dict[str, str] = {**attrs, "rel": "enclosure"}
    if href:
        link["href"] = href
    return link


def _item_html(raw: str) -> str:
    """Item HTML as ``feedparser`` gives it: relative URIs resolved (against no base), then
    sanitised, then ``_repaired``.

    With no base URI the resolver only strips whitespace around URI-bearing attribute values,
    but it also writes the markup out again (attributes lower-cased, sorted, double-quoted;
    ``<br/>`` as ``<br />``; implied end tags...). On markup ``_PLAIN_MARKUP`` matches in
    full, the sanitiser reading the rewritten markup sees the same calls as reading ``raw``,
    so the resolver (a full pass of feedparser's Python SGML parser) is skipped:

    - no "&": no entity or character references, none of ``feed``'s ``&#39;`` rewrites;
      "<" only opens a tag, so ``<!``, comments, declarations and processing instructions
      cannot occur, and text comes back as it went in (in other chunks between the same
      tags, which the sanitiser's ``handle_data`` joins);
    - each start tag is read as its name and its attributes, values unquoted and unchanged
      (no reference to convert); the resolver writes them out with the same values
      (nothing to escape, nothing to strip) and keys as ``normalize_attrs`` leaves them,
      which the sanitiser applies anyway (it is idempotent);
    - the SGML parser keeps no element stack (no ``start_``/``end_`` methods), so every end
      tag reaches ``unknown_endtag`` as written; the resolver drops only end tags of void
      elements (``<br>``...), which the sanitiser drops too, with no change of state
      (``svg`` and ``math``, whose state it tracks, are not matched);
    - ``<x/>`` and ``<x />`` are rewritten by ``feed`` before parsing, the same way in both.

    The sanitiser's calls on such markup are also known without its SGML parser, so
    ``_sanitized_plain`` makes them directly. ``tests/test_feed_rss_markup.py`` checks both
    equalities on generated markup.
    """
    if _PLAIN_MARKUP.fullmatch(raw):
        return _repaired(_sanitized_plain(raw))
    resolved = resolve_relative_uris(raw, "", "utf-8", "text/html")
    return _repaired(_sanitize_html(resolved, "utf-8", "text/html"))


def _sanitized_plain(raw: str) -> str:
    """``_sanitize_html(raw, "utf-8", "text/html")`` for markup ``_PLAIN_MARKUP`` matches.

    On such markup feedparser's SGML parser calls the sanitiser's handlers once per piece,
    in order (see ``_item_html``): ``handle_data`` for text, ``unknown_starttag`` with the
    lower-cased name and the attributes (keys lower-cased, values unquoted) for a start tag,
    ``unknown_endtag`` for an end tag. A start tag without attributes closed by "/>" is first
    rewritten by the sanitiser's ``feed``: ``<x />`` if ``x``, as written, names a void
    element, else ``<x></x>``. The same handlers are called here from a regular expression's
    reading of the pieces, which costs a fraction of the SGML parser's.
    """
    sanitizer = _HTMLSanitizer("utf-8", "text/html")
    for piece in _PLAIN_PIECE.finditer(raw):
        text, end, start = piece.group("text", "end", "start")
        if text is not None:
            sanitizer.handle_data(text)
        elif end is not None:
            sanitizer.unknown_endtag(end.lower())
        elif piece["attributes"] or not piece["slash"]:
            attributes = [
                (key.lower(), single or double)
                for key, single, double in _ATTRIBUTE_PARTS.findall(piece["attributes"])
            ]
            sanitizer.unknown_starttag(start.lower(), attributes)
        else:
            sanitizer.unknown_starttag(start.lower(), [])
            if start not in sanitizer.elements_no_end_tag:
                sanitizer.unknown_endtag(start.lower())
    return str(sanitizer.output()).strip().replace("\r\n", "\n")


def _repaired(value: str) -> str:
    """``feedparser``'s last steps for a value of a UTF-8 feed: text that was UTF-8 read as
    Latin-1 is read again as UTF-8, and C1 control characters become what Windows-1252 has
    at those code points. Both leave ASCII text as it is."""
    if value.isascii():
        return value
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        value = value.encode("iso-8859-1").decode("utf-8")
    return value.translate(_cp1252) if _C1.search(value) else value
