"""Any other news page (``html-meta``), through standard metadata (OpenGraph, ``article:*`` meta,
JSON-LD ``NewsArticle``, ``<time datetime>``) and the ``<article>``/``<main>`` content.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dossierdesk.importers.bylines import parse_byline
from dossierdesk.importers.dates import parse_date
from dossierdesk.importers.html_fields import (
    _fallback_title,
    _meta_content,
    _meta_url,
    _take_dateline,
)
from dossierdesk.importers.html_images import (
    _generic_image_hook,
    _image_from,
    _shift,
)
from dossierdesk.importers.html_markup import (
    _FURNITURE_ROLES,
    _FURNITURE_TAGS,
    _SCRIPT_TAGS,
    Element,
    _attr,
    _norm,
    plain_text,
)
from dossierdesk.importers.html_strings import get_text, string
from dossierdesk.importers.html_tree import _drop_tags, _Page
from dossierdesk.importers.html_walk import (
    _BLANK_LINE,
    _walk,
)
from dossierdesk.importers.types import ParsedArticle, ParseError


@dataclass(frozen=True)
class _Meta:
    """What the page's metadata says, before the body is read."""

    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    author_text: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    image_url: str | None = None
    body: tuple[str, ...] = ()  # JSON-LD articleBody, split into paragraphs


def _parse_meta(page: _Page, name: str, original_url: str | None) -> ParsedArticle:
    meta = _read_metadata(page)  # before scripts go: JSON-LD lives in <script> elements
    _drop_tags(page, _SCRIPT_TAGS)
    title = meta.title or _fallback_title(page, name)
    root = _content_root(page)
    byline_tag = _byline_element(root, page)
    byline_text = plain_text(get_text(page, byline_tag, " ")) if byline_tag is not None else ""
    published = meta.published or _time_element_date(page)
    if byline_tag is not None:
        page.decompose(byline_tag)
    walk = _walk(page, root, _generic_image_hook, skip=_is_furniture)
    dateline, paragraphs, dateline_date = _take_dateline(
        _drop_title_paragraph(list(walk.paragraphs), title)
    )
    images = _shift(walk.images, len(paragraphs) - len(walk.paragraphs))
    if not paragraphs:  # a script-rendered page may still carry its text in JSON-LD
        dateline, paragraphs, dateline_date = _take_dateline(list(meta.body))
    if not paragraphs:
        raise ParseError("no article text found")
    byline, authors, source = _meta_byline(meta, byline_text)
    if not images and meta.image_url:
        images = (_image_from(meta.image_url, "", None, 0),)
    return ParsedArticle(
        title=title,
        paragraphs=tuple(paragraphs),
        format="html-meta",
        published=published or dateline_date,  # the dateline's date when nothing else has one
        byline=byline,
        authors=authors,
        source=source,
        dateline=dateline,
        url=meta.url or original_url,
        images=images,
    )


def _byline_element(root: Element | None, page: _Page) -> Element | None:
    """A visible byline ("By Jane Doe, DOD News"); long author boxes do not count.
    (``root`` ``None``: the whole page.)"""
    for tag in page.bylines:
        if page.gone(tag):
            continue
        if root is None:
            if not page.in_tree(tag):
                continue
        elif not (tag is root or page.inside(tag, root)):
            continue
        text = _norm(get_text(page, tag, " "))
        if text and len(text) <= 200:
            return tag
    return None


def _read_metadata(page: _Page) -> _Meta:
    ld = _json_ld_article(page)
    ld_authors, ld_orgs = _ld_people(ld.get("author"))
    publisher = ld.get("publisher")
    title = _meta_content(page, "og:title", "twitter:title") or _ld_text(ld.get("headline"))
    published = parse_date(
        _meta_content(
            page,
            "article:published_time",
            "og:published_time",
            "datePublished",
            "date",
            "pubdate",
            "publishdate",
            "dc.date",
            "dc.date.issued",
            "dcterms.created",
            "sailthru.date",
            "parsely-pub-date",
        )
        or _ld_text(ld.get("datePublished"))
    )
    author_meta = _meta_content(page, "author", "article:author", "dc.creator", "byl")
    if author_meta and author_meta.lower().startswith(("http://", "https://")):
        author_meta = None
    return _Meta(
        title=title or None,
        url=_meta_url(page) or _ld_text(ld.get("url")) or None,
        published=published,
        author_text=author_meta,
        authors=ld_authors,
        source=(_ld_name(publisher) if publisher else None)
        or _meta_content(page, "og:site_name")
        or (ld_orgs[0] if ld_orgs else None),
        image_url=_meta_content(page, "og:image", "twitter:image"),
        body=_ld_body(ld.get("articleBody")),
    )


def _ld_body(value: Any) -> tuple[str, ...]:
    if not isinstance(value, str):
        return ()
    blocks = _BLANK_LINE.split(value.replace("\r\n", "\n"))
    return tuple(p for p in (plain_text(block) for block in blocks) if p)


def _meta_byline(meta: _Meta, visible: str) -> tuple[str | None, tuple[str, ...], str | None]:
    """(byline as printed, authors, source) from a visible byline, ``meta author`` or JSON-LD.

    JSON-LD names persons reliably; a printed byline names the unit more precisely than the
    publisher does ("DOD News" rather than "U.S. Department of Defense").
    """
    printed = visible or meta.author_text
    if not printed:
        return None, meta.authors, meta.source
    parsed = parse_byline(printed)
    return parsed.printed or printed, meta.authors or parsed.authors, parsed.source or meta.source


def _json_ld_article(page: _Page) -> dict[str, Any]:
    """The first JSON-LD object typed as an article (NewsArticle, Article, BlogPosting, ...)."""
    for script in page.live("script"):
        if "ld+json" not in (_attr(script, "type") or "").lower():
            continue
        try:
            data = json.loads(string(page, script) or "")
        except (ValueError, RecursionError):
            continue
        for obj in _ld_objects(data):
            kinds = obj.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.endswith(("Article", "BlogPosting")) for k in kinds):
                return obj
    return {}


def _ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Objects of a JSON-LD document: top level, lists and ``@graph`` (one level deep)."""
    items = data if isinstance(data, list) else [data]
    for item in items:
        if isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                yield from (g for g in graph if isinstance(g, dict))


def _ld_people(value: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(person names, organisation names) from a JSON-LD ``author`` value."""
    persons: list[str] = []
    orgs: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        name = _ld_name(item)
        if not name:
            continue
        is_org = isinstance(item, dict) and "Organization" in str(item.get("@type", ""))
        (orgs if is_org else persons).append(name)
    return tuple(dict.fromkeys(persons)), tuple(dict.fromkeys(orgs))


def _ld_name(value: Any) -> str | None:
    if isinstance(value, dict):
        return _ld_text(value.get("name")) or None
    return _ld_text(value) or None


def _ld_text(value: Any) -> str:
    if isinstance(value, list) and value:
        value = value[0]
    return plain_text(value) if isinstance(value, str) else ""


def _time_element_date(page: _Page) -> dt.date | None:
    articles = page.live("article")
    for time_tag in page.live("time"):
        if articles and not page.inside(time_tag, articles[0]):
            continue
        value = _attr(time_tag, "datetime") or _norm(get_text(page, time_tag, " "))
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
    return None


def _content_root(page: _Page) -> Element | None:
    """The element holding the story: the longest ``<article>``, else ``<main>``, else body
    (``None``: the whole page)."""
    articles = page.live("article")
    if articles:
        return max(articles, key=lambda a: len(get_text(page, a)))
    roots = [tag for tag in page.roots if not page.gone(tag)]
    return roots[0] if roots else page.body()


def _is_furniture(tag: Element) -> bool:
    """Navigation, headers, footers, sidebars and hidden elements of a generic page."""
    if tag.tag in _FURNITURE_TAGS:
        return True
    if not len(tag.attrib):
        return False
    role = (_attr(tag, "role") or "").lower()
    hidden = tag.get("hidden") is not None or (_attr(tag, "aria-hidden") or "").lower() == "true"
    return role in _FURNITURE_ROLES or hidden


def _drop_title_paragraph(paragraphs: list[str], title: str) -> list[str]:
    """The headline is usually repeated as an h1 inside the article; it is not body text."""
    if paragraphs and paragraphs[0].casefold() == title.casefold():
        return paragraphs[1:]
    return paragraphs
