"""RSS 2.0 / RSS 1.0 (RDF) / Atom feeds -> one ``ParsedArticle`` per item.

A plain RSS 2.0 feed is read with lxml into the entries feedparser would give
(``feed_rss``), in a seventh of feedparser's time; any other feed is parsed with ``feedparser``
from an in-memory stream: a ``bytes`` argument could be mistaken for
a file name by feedparser, and a ``str`` for a URL to fetch, so neither is ever passed. Item
HTML (descriptions, content) is reduced to plain paragraphs by the HTML importer's walker.

Before feedparser sees a feed:

- UTF-16/32 feeds are converted to UTF-8 (the byte-level steps below need an ASCII-compatible
  encoding);
- a DOCTYPE with an internal subset is taken out and the entities it declares are expanded
  safely, external ones never (``doctype.resolve_internal_subset``);
- its size is checked: at most ``MAX_FEED_ITEMS`` items (or, in a larger feed, one per
  ``MIN_BYTES_PER_ITEM`` bytes), and no item with more markup than a page may have
  (``html_article.MAX_MARKUP_TAGS``). feedparser keeps a dictionary per item and sanitises
  item HTML tag by tag, so a file of tiny items or of one item made of tags costs tens of times
  its size; beyond these limits the feed is refused.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import logging
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

import feedparser

from dossierdesk.importers.bylines import parse_byline
from dossierdesk.importers.doctype import resolve_internal_subset
from dossierdesk.importers.encoding import decode_bytes, is_wide_text
from dossierdesk.importers.feed_rss import rss_entries
from dossierdesk.importers.fields import headline
from dossierdesk.importers.html_article import (
    MAX_MARKUP_TAGS,
    extract_fragment,
    plain_text,
    split_dated_dateline,
)
from dossierdesk.importers.types import ParsedArticle, ParsedImage, ParseError
from dossierdesk.virin import find_virins

log = logging.getLogger(__name__)

__all__ = ["parse_feed"]

_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff")
MAX_FEED_ITEMS = 10_000  # items in a feed...
MIN_BYTES_PER_ITEM = 512  # ...or, in a larger one, one per this many bytes
_ITEM_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s>/]", re.IGNORECASE)
# Markup inside an item, escaped or not: a tag, or an escaped tag in a description.
_MARKUP = (b"<", b"&lt;", b"&#60;", b"&#x3c;", b"&#x3C;")
_DASH = re.compile("[-\u2013\u2014]")
_MAX_DATELINE_HEAD = 160  # characters before a dateline's dash (``plain_text._DATELINE_RE``)
_XML_ENCODING_DECL = re.compile(rb"\A(<\?xml[^>]{0,200}?encoding\s*=\s*)([\"'])[^\"']*\2")


def parse_feed(data: bytes, name: str) -> list[ParsedArticle]:
    """Parse a feed; raise ``ParseError`` if it is not a feed or has no usable items."""
    data = _ascii_compatible(data)
    _check_size(data)
    data = resolve_internal_subset(data)
    plain = rss_entries(data)
    if plain is not None:
        version, entries = "rss20", plain
    else:
        result = feedparser.parse(io.BytesIO(data))
        version = str(result.get("version") or "")
        entries = list(result.get("entries") or [])
    if not version and not entries:
        raise ParseError("not a valid RSS or Atom feed")
    fmt = "atom" if version.startswith("atom") else "rss"
    articles = [a for a in (_entry_article(e, fmt) for e in entries) if a is not None]
    if not articles:
        raise ParseError("feed has no items")
    log.debug("%s: %d feed items (%s)", name, len(articles), version or "unknown version")
    return articles


def _ascii_compatible(data: bytes) -> bytes:
    """A UTF-16/32 feed as UTF-8 (declaring UTF-8); any other feed as it is."""
    if not is_wide_text(data):
        return data
    converted = decode_bytes(data).encode("utf-8", "surrogatepass")
    return _XML_ENCODING_DECL.sub(rb"\1\2utf-8\2", converted, count=1)


def _check_size(data: bytes) -> None:
    """Refuse feeds whose parsing would take many times their size (see the module docstring)."""
    max_items = max(MAX_FEED_ITEMS, len(data) // MIN_BYTES_PER_ITEM)
    starts = [0]
    for match in _ITEM_START.finditer(data):
        if len(starts) > max_items:
            raise ParseError(f"feed has too many items (more than {max_items:,} for its size)")
        starts.append(match.start())
    starts.append(len(data))
    for start, end in itertools.pairwise(starts):
        if sum(data.count(token, start, end) for token in _MARKUP) > MAX_MARKUP_TAGS:
            raise ParseError(
                f"a feed item has too much markup (more than {MAX_MARKUP_TAGS:,} tags)"
            )


def _entry_article(entry: Mapping[str, Any], fmt: str) -> ParsedArticle | None:
    title = plain_text(str(entry.get("title") or ""))
    link = _link(entry)
    paragraphs, inline_images = extract_fragment(_entry_html(entry))
    if not title and not paragraphs and not link:
        return None  # an empty <item/>
    dateline, paragraphs, inline_images, dateline_date = _split_dateline(paragraphs, inline_images)
    if not title:
        title = headline(paragraphs[0]) if paragraphs else (link or "Untitled")
    byline_text = plain_text(str(entry.get("author") or ""))
    byline = parse_byline(_with_by(byline_text)) if byline_text else None
    return ParsedArticle(
        title=title,
        paragraphs=paragraphs,
        format=fmt,
        published=_entry_date(entry) or dateline_date,
        byline=byline_text or None,
        authors=byline.authors if byline else (),
        source=byline.source if byline else None,
        dateline=dateline,
        url=link,
        images=_images(entry, inline_images, len(paragraphs)),
    )


def _split_dateline(
    paragraphs: tuple[str, ...], images: tuple[ParsedImage, ...]
) -> tuple[str | None, tuple[str, ...], tuple[ParsedImage, ...], dt.date | None]:
    """A full-content item may start with a dateline, as on the article page (also returns
    the date the dateline prints, if any)."""
    if not paragraphs or not _may_hold_dateline(paragraphs[0]):
        return None, paragraphs, images, None
    dateline, rest, date = split_dated_dateline(paragraphs[0])
    if dateline is None or (not rest and len(paragraphs) == 1):
        return None, paragraphs, images, None
    if rest:
        return dateline, (rest, *paragraphs[1:]), images, date
    shifted = tuple(replace(i, paragraph_index=max(0, i.paragraph_index - 1)) for i in images)
    return dateline, paragraphs[1:], shifted, date


def _may_hold_dateline(paragraph: str) -> bool:
    """False when ``split_dated_dateline`` can find no dateline in ``paragraph``, which most
    item descriptions show at once: its pattern (``plain_text.split_dateline``) reads the
    stripped paragraph as a head of at most ``_MAX_DATELINE_HEAD`` characters, whitespace,
    then a dash ("--", "–", "—" or the "-" of " -"). Whitespace at the head's end aside, that
    dash is preceded only by head characters, so the first dash of the paragraph can follow
    no more than that many characters and whitespace; a later dash, with the first among the
    characters before it, cannot either. (A paragraph that is only a dateline ends with a
    dash: the same holds.) ``tests/test_feed_datelines.py`` compares both on generated text.
    """
    text = paragraph.strip()
    dash = _DASH.search(text)
    return dash is not None and len(text[: dash.start()].rstrip()) <= _MAX_DATELINE_HEAD


def _entry_html(entry: Mapping[str, Any]) -> str:
    """Full content if the feed carries it (Atom content, content:encoded), else the summary."""
    for content in entry.get("content") or []:
        value = content.get("value") if isinstance(content, Mapping) else None
        if isinstance(value, str) and value.strip():
            return value
    summary = entry.get("summary") or entry.get("description") or ""
    return summary if isinstance(summary, str) else ""


def _link(entry: Mapping[str, Any]) -> str | None:
    link = entry.get("link")
    if isinstance(link, str) and link.strip():
        return link.strip()
    guid = entry.get("id")
    if entry.get("guidislink") and isinstance(guid, str) and guid.strip():
        return guid.strip()
    return None


def _entry_date(entry: Mapping[str, Any]) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def _with_by(text: str) -> str:
    """``dc:creator`` holds a bare name; the byline parser expects the printed "By ..." form."""
    return text if text.lower().startswith(("by ", "story by ")) else f"By {text}"


def _images(
    entry: Mapping[str, Any], inline: Iterable[ParsedImage], n_paragraphs: int
) -> tuple[ParsedImage, ...]:
    """Images from the item HTML (with captions and positions), plus enclosures and media:*.

    The same photo often appears twice, a thumbnail in the description and the full-size file as
    an enclosure: they are merged into one image (same VIRIN or URL) with the enclosure's URL.
    """
    images = list(inline)
    for url in _media_urls(entry):
        virins = find_virins(url)
        virin = virins[0] if virins else None
        same = [
            i
            for i, image in enumerate(images)
            if image.url == url or (virin and image.virin == virin)
        ]
        if same:
            images[same[0]] = replace(images[same[0]], url=url)
        else:
            images.append(ParsedImage(virin=virin, url=url, paragraph_index=n_paragraphs))
    return tuple(images)


def _media_urls(entry: Mapping[str, Any]) -> list[str]:
    urls: list[str] = []
    for link in entry.get("links") or []:
        if isinstance(link, Mapping) and link.get("rel") == "enclosure":
            href = link.get("href")
            mime = str(link.get("type") or "")
            if isinstance(href, str) and (mime.startswith("image/") or _looks_image(href)):
                urls.append(href)
    for key in ("media_content", "media_thumbnail"):
        for media in entry.get(key) or []:
            url = media.get("url") if isinstance(media, Mapping) else None
            medium = str(media.get("medium") or media.get("type") or "image")
            if isinstance(url, str) and url and "image" in medium:
                urls.append(url)
    return list(dict.fromkeys(urls))


def _looks_image(url: str) -> bool:
    return url.lower().split("?", 1)[0].endswith(_IMAGE_EXTENSIONS)
