"""HTML article pages -> ``ParsedArticle``.

Two strategies, tried in this order:

- ``html-articlecs``: the DoD "ArticleCS" (DotNetNuke) print pages of af.mil / defense.gov, whose
  markup uses CSS classes prefixed ``da_`` (title ``h1.title``, ``p.da_story_info`` with byline and
  "Published" date, body ``div.da_black``, photos ``div.da_media_item``).
- ``html-meta``: any other news page, through standard metadata (OpenGraph, ``article:*`` meta,
  JSON-LD ``NewsArticle``, ``<time datetime>``) and the ``<article>``/``<main>`` content.

The page is untrusted data: nothing is fetched (image URLs are recorded as printed) and nothing
is executed; scripts, styles and frames are dropped before any text is read, and every string
taken from the page is reduced to plain text.

Beautiful Soup keeps Python objects of several hundred bytes per element and per text node,
so markup is counted before a tree is built: a page (or any fragment) with more tags than
``MAX_MARKUP_TAGS`` or one per ``MIN_CHARS_PER_TAG`` characters, whichever is more, is refused.
A file of nothing but tiny tags would otherwise take a hundred and more times its size (a 5 MB
file of them took 900 MB); within the limits parsing a page takes at most about 80 MB or about
7 times the page's size. (Real article pages have a few thousand tags.)
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import NavigableString

from dossierdesk.importers.bylines import parse_byline
from dossierdesk.importers.dates import parse_date, search_date
from dossierdesk.importers.encoding import declared_charset, decode_bytes
from dossierdesk.importers.fields import collapse_whitespace
from dossierdesk.importers.plain_text import split_dateline as text_split_dateline
from dossierdesk.importers.types import ParsedArticle, ParsedImage, ParseError
from dossierdesk.virin import find_virins

log = logging.getLogger(__name__)

__all__ = [
    "MAX_MARKUP_TAGS",
    "MIN_CHARS_PER_TAG",
    "declared_charset",
    "extract_fragment",
    "make_soup",
    "parse_html",
    "plain_text",
    "split_credit",
    "split_dated_dateline",
    "split_dateline",
]

# ---------------------------------------------------------------------------------------------
# Tag classes used by the text walker

_DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "canvas",
        "video",
        "audio",
        "map",
        "input",
        "select",
        "textarea",
        "button",
        "head",
        "title",
        "meta",
        "link",
    }
)
_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    }
)
# Active or non-text content, dropped before anything is read (the <head> stays for metadata).
_SCRIPT_TAGS = _DROP_TAGS - {"head", "title", "meta", "link"}
_CELL_TAGS = frozenset({"td", "th"})
# Page furniture that never belongs to an article body (meta strategy).
# (Not <form>: ASP.NET pages wrap the whole page in one.)
_FURNITURE_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_DATELINE_ONLY = re.compile(r"(?:--|[–—]|\s-)$")
_CREDIT_WORDS = r"(?:photo|illustration|graphic|courtesy|image|video|screenshot|screen grab)"
# A parenthesised credit at the end of a caption: "(U.S. Air Force photo/Jim Varhegyi)".
_PAREN_CREDIT = re.compile(
    r"\s*\((?P<credit>[^()]*\b" + _CREDIT_WORDS + r"\b[^()]*)\)[\s.]*$", re.IGNORECASE
)
# An unbracketed final sentence: "U.S. Navy photo by Petty Officer Jane Doe", "Courtesy photo".
_TAIL_CREDIT = re.compile(
    r"(?:^|(?<=[.!?\"”])\s+)"
    r"(?P<credit>(?:(?:U\.S\.|of|the|and|[A-Z][\w’'&\-]*)\s+){0,6}"
    r"(?:[Pp]hoto(?:\s+illustration)?\s+(?:by|courtesy\s+of)\s+[^()]+?"
    r"|[Cc]ourtesy\s+(?:photo|image|graphic|of\s+[^()]+?)))"
    r"\.?\s*$"
)
_CREDIT_WINDOW = 300
_LABELLED = re.compile(r"^(Credit|VIRIN)\s*:\s*(\S.{0,200})$", re.IGNORECASE)
_SIZE = re.compile(r"\((\d+(?:\.\d+)?\s*[KMG]B)\)", re.IGNORECASE)
_PROCESSING_INSTRUCTION = re.compile(r"<\?[^<>]{0,2000}>")
_HTTRACK = re.compile(r"Mirrored from\s+(?P<url>\S+)\s+by HTTrack", re.IGNORECASE)

MAX_MARKUP_TAGS = 150_000  # "<" characters (start and end tags) in one page or fragment...
MIN_CHARS_PER_TAG = 128  # ...or, in a larger one, one per this many characters

_Hook = Callable[[Tag, int], ParsedImage | None]
_ARTICLECS_CLASSES = frozenset({"da_print_body", "da_print_bio", "da_story_info", "da_black"})


# ---------------------------------------------------------------------------------------------
# Public helpers (shared with the feed importer)


def parse_html(data: bytes, name: str) -> ParsedArticle:
    """Parse one HTML page into an article; raise ``ParseError`` if it holds no article text."""
    # (The decoded text is not kept once the tree is built.)
    soup = make_soup(decode_bytes(data, declared_charset(data)))
    page = _index(soup)
    original_url = _httrack_url(page.comments)
    for comment in page.comments:
        comment.extract()
    if page.articlecs:
        return _parse_articlecs(soup, page, name, original_url)
    return _parse_meta(soup, page, name, original_url)


def make_soup(text: str) -> BeautifulSoup:
    """Parse with lxml; fall back to the pure-Python parser if lxml refuses the input.

    Processing instructions (``<?xml ...?>``, ``<?php ...?>``) mean nothing in HTML and are
    removed first; without them, and with at least one ``<``, Beautiful Soup has no reason
    to warn that the input "looks like XML" or "looks like a URL or file name".
    """
    _check_markup(text)
    text = _PROCESSING_INSTRUCTION.sub("", text)
    if "<" not in text:
        text = f"<body>{text}"
    try:
        return BeautifulSoup(text, "lxml")
    except Exception:  # lxml can fail on odd control characters; html.parser does not
        log.debug("lxml failed, falling back to html.parser", exc_info=True)
        return BeautifulSoup(text, "html.parser")


def plain_text(value: str) -> str:
    """Reduce a string that may contain markup or entities to normalised plain text."""
    if "<" in value:
        _check_markup(value)
        fragment = BeautifulSoup(_PROCESSING_INSTRUCTION.sub("", value) or " ", "html.parser")
        for tag in fragment.find_all(list(_SCRIPT_TAGS)):
            tag.decompose()
        value = fragment.get_text(" ")
    elif "&" in value:
        value = html.unescape(value)
    return _norm(value)


def _check_markup(text: str) -> None:
    """Refuse markup whose tree would be too large (see the module docstring)."""
    tags = text.count("<")
    limit = max(MAX_MARKUP_TAGS, len(text) // MIN_CHARS_PER_TAG)
    if tags > limit:
        raise ParseError(f"too much markup ({tags:,} tags; limit {limit:,} for its size)")


def extract_fragment(markup: str) -> tuple[tuple[str, ...], tuple[ParsedImage, ...]]:
    """Paragraphs and images of an HTML fragment (e.g. a feed item's description).

    Feed descriptions are often plain text with blank lines between paragraphs, or a mix of
    text and tags, so blank lines end paragraphs here (unlike in full pages).
    """
    soup = make_soup(markup)
    page = _index(soup)
    for comment in page.comments:
        comment.extract()
    _drop_tags(page, _SCRIPT_TAGS)
    root = soup.body or soup
    walk = _walk(root, _generic_image_hook, blank_line_breaks=True)
    return walk.paragraphs, walk.images


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Split "WASHINGTON (AFNS) -- text" into ("WASHINGTON (AFNS)", "text").

    Uses the plain-text importer's rules so that every format agrees on what a dateline is;
    a paragraph that is only a dateline ("WASHINGTON (AFNS) --") gives an empty text.
    """
    dateline, rest, _ = split_dated_dateline(paragraph)
    return dateline, rest


def split_dated_dateline(paragraph: str) -> tuple[str | None, str, dt.date | None]:
    """``split_dateline`` and the date the dateline prints ("WASHINGTON, Jan. 5, 2025 --",
    "REDSTONE ARSENAL, Ala. (May 31, 2022) --"), if any."""
    text = paragraph.strip()
    alone = _DATELINE_ONLY.search(text) is not None
    found = text_split_dateline(f"{text} x" if alone else text)
    if found is None:
        return None, paragraph, None
    return found.text.strip(" ,"), "" if alone else found.rest, found.date


def split_credit(caption: str) -> tuple[str, str | None]:
    """Split a trailing photo credit off a caption: returns (caption, credit).

    Only the end of the caption is searched: credits are short, and a bounded search keeps
    hostile captions from making the regular expressions slow.
    """
    caption = _norm(caption)
    offset = max(0, len(caption) - _CREDIT_WINDOW)
    tail = caption[offset:]
    for pattern in (_PAREN_CREDIT, _TAIL_CREDIT):
        match = pattern.search(tail)
        if match:
            credit = _norm(match.group("credit")).rstrip(".")
            return caption[: offset + match.start()].rstrip(), credit or None
    return caption, None


# ---------------------------------------------------------------------------------------------
# Page index: one pass over the tree instead of one search per question


@dataclass
class _Page:
    tags: dict[str, list[Tag]] = field(default_factory=dict)  # by tag name, document order
    comments: list[Comment] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # <meta> content by property/name/itemprop
    roots: list[Tag] = field(default_factory=list)  # main, [role=main], [itemprop=articleBody]
    bylines: list[Tag] = field(default_factory=list)  # .byline, .author, [itemprop|rel=author]
    articlecs: bool = False

    def live(self, name: str) -> list[Tag]:
        """Tags of a kind that are still in the tree."""
        return [tag for tag in self.tags.get(name, ()) if not tag.decomposed]


def _index(soup: BeautifulSoup) -> _Page:
    page = _Page()
    for node in soup.descendants:
        if isinstance(node, Comment):
            page.comments.append(node)
        elif isinstance(node, Tag):
            page.tags.setdefault(node.name, []).append(node)
            if node.attrs:
                _index_attributes(page, node)
            elif node.name == "main":
                page.roots.append(node)
    return page


def _index_attributes(page: _Page, tag: Tag) -> None:
    classes = _classes(tag)
    if any(c in _ARTICLECS_CLASSES for c in classes):
        page.articlecs = True
    if tag.name == "meta":
        content = _attr(tag, "content")
        for attr in ("property", "name", "itemprop"):
            key = (_attr(tag, attr) or "").lower()
            if key and content and key not in page.meta:
                page.meta[key] = content
    itemprop = (_attr(tag, "itemprop") or "").lower()
    if tag.name == "main" or itemprop == "articlebody" or _attr(tag, "role") == "main":
        page.roots.append(tag)
    if (
        "byline" in classes
        or "author" in classes
        or itemprop == "author"
        or "author" in _attr_words(tag, "rel")
    ):
        page.bylines.append(tag)


# ---------------------------------------------------------------------------------------------
# Text walker


@dataclass
class _Walk:
    """Result of walking a container: paragraphs in order and images with their positions."""

    paragraphs: tuple[str, ...] = ()
    images: tuple[ParsedImage, ...] = ()
    blank_line_breaks: bool = False  # treat blank lines inside text as paragraph ends
    _buffer: list[str] = field(default_factory=list)
    _paras: list[str] = field(default_factory=list)
    _imgs: list[ParsedImage] = field(default_factory=list)

    def text(self, value: str) -> None:
        if not self.blank_line_breaks:
            self._buffer.append(value)
            return
        first, *rest = _BLANK_LINE.split(value)
        self._buffer.append(first)
        for part in rest:
            self.flush()
            self._buffer.append(part)

    def flush(self) -> None:
        paragraph = _norm("".join(self._buffer))
        self._buffer.clear()
        if paragraph:
            self._paras.append(paragraph)

    def image(self, image: ParsedImage) -> None:
        self._imgs.append(image)

    def image_position(self, *, block: bool) -> int:
        """Paragraphs before an image; a block image first ends the paragraph in progress."""
        if block:
            self.flush()
            return len(self._paras)
        # An inline image stands before the paragraph being collected (if it has text yet).
        return len(self._paras) + (1 if "".join(self._buffer).strip() else 0)

    def finish(self) -> _Walk:
        self.flush()
        self.paragraphs = tuple(self._paras)
        self.images = tuple(self._imgs)
        return self


_EXIT = object()


def _walk(
    root: Tag,
    image_hook: _Hook | None = None,
    *,
    skip: Callable[[Tag], bool] | None = None,
    blank_line_breaks: bool = False,
) -> _Walk:
    """Turn a container into paragraphs: blocks and ``<br>`` end a paragraph, inline text joins.

    Iterative (explicit stack), so deeply nested junk cannot exhaust the recursion limit.
    ``image_hook`` may claim an element as an image; it is then not descended into. Elements
    for which ``skip`` is true are left out with their content.
    """
    walk = _Walk(blank_line_breaks=blank_line_breaks)
    stack: list[Any] = list(reversed(list(root.children)))
    while stack:
        node = stack.pop()
        if node is _EXIT:
            walk.flush()
        elif isinstance(node, Tag):
            if skip is None or not skip(node):
                _visit_tag(node, walk, stack, image_hook)
        elif type(node) is NavigableString:  # not Comment, Doctype, CData, ...
            walk.text(str(node))
    return walk.finish()


def _visit_tag(tag: Tag, walk: _Walk, stack: list[Any], image_hook: _Hook | None) -> None:
    name = tag.name.lower() if tag.name else ""
    if name in _DROP_TAGS:
        return
    if image_hook is not None and _is_image_candidate(tag):
        image = image_hook(tag, walk.image_position(block=name != "img"))
        if image is not None:
            walk.image(image)
            return
    if name == "br":
        walk.flush()
        return
    if name in _CELL_TAGS:
        walk.text(" ")
    if name in _BLOCK_TAGS:
        walk.flush()
        stack.append(_EXIT)
    stack.extend(reversed(list(tag.children)))


def _is_image_candidate(tag: Tag) -> bool:
    return tag.name in ("figure", "img") or "da_media_item" in _classes(tag)


# ---------------------------------------------------------------------------------------------
# ArticleCS (af.mil / defense.gov print pages)


def _parse_articlecs(
    soup: BeautifulSoup, page: _Page, name: str, original_url: str | None
) -> ParsedArticle:
    meta_url = _meta_url(page)
    _drop_tags(page, _SCRIPT_TAGS)
    root = _first(soup, ".da_print_body, .da_print_bio, .da_page_print") or soup.body or soup
    for junk in root.select(".da_related_item, .da_print, .g_link_box"):
        junk.decompose()
    title = _articlecs_title(root) or _fallback_title(page, name)
    info = _articlecs_info(root)
    body = _first(root, ".da_black")
    walk = _walk(body, _articlecs_image_hook) if body is not None else _Walk().finish()
    dateline, paragraphs, dateline_date = _take_dateline([*info.lead, *walk.paragraphs])
    shift = len(paragraphs) - len(walk.paragraphs)  # lead paragraphs added, dateline removed
    images = [
        *_shift(walk.images, shift),
        *_articlecs_outside_images(soup, body, len(paragraphs)),
    ]
    if not paragraphs and not images:
        raise ParseError("no article text found")
    return ParsedArticle(
        title=title,
        paragraphs=tuple(paragraphs),
        format="html-articlecs",
        published=info.published or dateline_date,
        byline=info.byline,
        authors=info.authors,
        source=info.source,
        dateline=dateline,
        url=meta_url or original_url,
        images=tuple(images),
    )


def _articlecs_title(root: Tag) -> str | None:
    heading = _first(root, "h1.title, h1.biotitleprint, h1")
    return (plain_text(heading.get_text(" ")) or None) if heading is not None else None


@dataclass(frozen=True)
class _StoryInfo:
    byline: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    published: dt.date | None = None
    lead: tuple[str, ...] = ()  # text shown in the info area that belongs to the body


def _articlecs_info(root: Tag) -> _StoryInfo:
    """Read "By NAME, UNIT <span>/ Published Month DD, YYYY</span>" (all parts optional)."""
    info_tag = _first(root, "p.da_story_info")
    if info_tag is None:
        return _StoryInfo()
    span = info_tag.find("span")
    span_text = _norm(span.get_text(" ")) if isinstance(span, Tag) else ""
    if isinstance(span, Tag):
        span.extract()
    text = _norm(info_tag.get_text(" "))
    published_text = span_text if "published" in span_text.lower() else ""
    if not published_text and text.lower().startswith("published"):
        published_text, text = text, ""
    if published_text:
        byline_text = text.strip(" ,/")
        return _with_byline(_StoryInfo(published=_published_date(published_text)), byline_text)
    # Speech pages: a speaker paragraph before the info block, and the info block is a summary.
    speaker = info_tag.find_previous_sibling("p")
    info = _StoryInfo(lead=(text,) if text else ())
    if isinstance(speaker, Tag) and (name := plain_text(speaker.get_text(" "))):
        return replace(info, byline=name, authors=(name,))
    return info


def _with_byline(info: _StoryInfo, byline_text: str) -> _StoryInfo:
    if not byline_text:
        return info
    byline = parse_byline(byline_text)
    return replace(
        info, byline=byline.printed or byline_text, authors=byline.authors, source=byline.source
    )


def _articlecs_image_hook(tag: Tag, index: int) -> ParsedImage | None:
    if "da_media_item" in _classes(tag):
        return _articlecs_media_item(tag, index)
    return _generic_image_hook(tag, index)  # <figure> or a VIRIN-named <img> in the body


def _articlecs_outside_images(
    page: BeautifulSoup, body: Tag | None, n_paragraphs: int
) -> list[ParsedImage]:
    """Photo blocks outside the body: before it (biographies) -> index 0, after it -> the end.

    Searched in the whole page: fact sheets put their gallery after the print-body element.
    """
    images: list[ParsedImage] = []
    seen_body = False
    for node in _iter_tags(page):
        if node is body:
            seen_body = True
        elif "da_media_item" in _classes(node) and not _inside(node, body):
            images.append(_articlecs_media_item(node, n_paragraphs if seen_body else 0))
    return images


def _articlecs_media_item(item: Tag, index: int) -> ParsedImage:
    img = item.find("img")
    src = _attr(img, "src") if isinstance(img, Tag) else None
    hires = details = None
    size = None
    for link in item.find_all("a"):
        label = _norm(link.get_text(" ")).upper()
        if "DOWNLOAD" in label or "FULL SIZE" in label:
            hires = _attr(link, "href")
            size_match = _SIZE.search(label)
            size = size_match.group(1) if size_match else size
        elif "DETAILS" in label:
            details = _attr(link, "href")
    fields = _labelled_fields(item)
    caption = _articlecs_caption(item)
    if not caption and isinstance(img, Tag):
        alt = plain_text(_attr(img, "alt") or "")
        caption = alt if " " in alt else ""  # "RandOct2013" is a label, not a caption
    caption, credit = split_credit(caption)
    labels = [fields.get("virin"), src, hires, details, _norm(item.get_text(" "))]
    return ParsedImage(
        caption=caption,
        credit=fields.get("credit") or credit,
        virin=_first_virin(labels),
        download_size=size,
        url=hires or src,
        paragraph_index=index,
    )


def _labelled_fields(item: Tag) -> dict[str, str]:
    """The "Credit: ..." and "VIRIN: ..." lines of a photo block (newer defense.gov layout)."""
    fields: dict[str, str] = {}
    for element in item.find_all(["p", "div", "span", "li", "dd"]):
        match = _LABELLED.match(_norm(element.get_text(" ")))
        if match and match.group(1).lower() not in fields:
            fields[match.group(1).lower()] = match.group(2)
    return fields


def _articlecs_caption(item: Tag) -> str:
    """The last paragraph of a photo block that is neither a link line nor a labelled field."""
    for paragraph in reversed(item.find_all("p")):
        if paragraph.find("a") is None and not _LABELLED.match(_norm(paragraph.get_text(" "))):
            text = plain_text(paragraph.get_text(" "))
            if text:
                return text
    return ""


# ---------------------------------------------------------------------------------------------
# Generic pages (metadata strategy)


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


def _parse_meta(
    soup: BeautifulSoup, page: _Page, name: str, original_url: str | None
) -> ParsedArticle:
    meta = _read_metadata(page)  # before scripts go: JSON-LD lives in <script> elements
    _drop_tags(page, _SCRIPT_TAGS)
    title = meta.title or _fallback_title(page, name)
    root = _content_root(soup, page)
    byline_tag = _byline_element(root, page)
    byline_text = plain_text(byline_tag.get_text(" ")) if byline_tag is not None else ""
    published = meta.published or _time_element_date(page)
    if byline_tag is not None:
        byline_tag.decompose()
    walk = _walk(root, _generic_image_hook, skip=_is_furniture)
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


def _byline_element(root: Tag, page: _Page) -> Tag | None:
    """A visible byline ("By Jane Doe, DOD News"); long author boxes do not count."""
    for tag in page.bylines:
        if tag.decomposed or not (tag is root or _inside(tag, root)):
            continue
        text = _norm(tag.get_text(" "))
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
            data = json.loads(script.string or "")
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


def _meta_content(page: _Page, *keys: str) -> str | None:
    """The first non-empty ``<meta property|name|itemprop=key content=...>`` among ``keys``."""
    for key in keys:
        content = plain_text(page.meta.get(key.lower(), ""))
        if content:
            return content
    return None


def _meta_url(page: _Page) -> str | None:
    for link in page.live("link"):
        if "canonical" in _attr_words(link, "rel") and (href := _attr(link, "href")):
            return href
    return _meta_content(page, "og:url")


def _time_element_date(page: _Page) -> dt.date | None:
    articles = page.live("article")
    for time_tag in page.live("time"):
        if articles and not _inside(time_tag, articles[0]):
            continue
        value = _attr(time_tag, "datetime") or _norm(time_tag.get_text(" "))
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
    return None


def _content_root(soup: BeautifulSoup, page: _Page) -> Tag:
    """The element holding the story: the longest ``<article>``, else ``<main>``, else body."""
    articles = page.live("article")
    if articles:
        return max(articles, key=lambda a: len(a.get_text()))
    roots = [tag for tag in page.roots if not tag.decomposed]
    return roots[0] if roots else (soup.body or soup)


def _is_furniture(tag: Tag) -> bool:
    """Navigation, headers, footers, sidebars and hidden elements of a generic page."""
    if tag.name in _FURNITURE_TAGS:
        return True
    if not tag.attrs:
        return False
    role = (_attr(tag, "role") or "").lower()
    hidden = "hidden" in tag.attrs or (_attr(tag, "aria-hidden") or "").lower() == "true"
    return role in _FURNITURE_ROLES or hidden


def _drop_title_paragraph(paragraphs: list[str], title: str) -> list[str]:
    """The headline is usually repeated as an h1 inside the article; it is not body text."""
    if paragraphs and paragraphs[0].casefold() == title.casefold():
        return paragraphs[1:]
    return paragraphs


def _shift(images: Iterable[ParsedImage], delta: int) -> tuple[ParsedImage, ...]:
    """Move image positions when paragraphs were added or removed before them."""
    if not delta:
        return tuple(images)
    return tuple(replace(i, paragraph_index=max(0, i.paragraph_index + delta)) for i in images)


def _generic_image_hook(tag: Tag, index: int) -> ParsedImage | None:
    if tag.name == "figure" or "da_media_item" in _classes(tag):
        img = tag.find("img")
        if not isinstance(img, Tag):
            return None
        return _figure(tag, img, index)
    if tag.name == "img":
        return _img_element(tag, index, require_virin=True)
    return None


def _figure(figure: Tag, img: Tag, index: int) -> ParsedImage:
    credit_tag = _first(figure, "[class*=credit], [class*=Credit], [itemprop=copyrightHolder]")
    credit = plain_text(credit_tag.get_text(" ")) if credit_tag is not None else None
    if credit_tag is not None:
        credit_tag.extract()
    caption_tag = figure.find("figcaption")
    if isinstance(caption_tag, Tag):
        caption = plain_text(caption_tag.get_text(" "))
    else:
        caption = plain_text(_attr(img, "alt") or "")
    caption, printed_credit = split_credit(caption)
    return _image_from(_img_src(img), caption, credit or printed_credit, index, figure)


def _img_element(img: Tag, index: int, *, require_virin: bool = False) -> ParsedImage | None:
    src = _img_src(img)
    alt = plain_text(_attr(img, "alt") or "")
    if require_virin and not _first_virin([src, alt]):
        return None  # a bare <img> without a VIRIN is more likely a logo or icon than a photo
    caption, credit = split_credit(alt if " " in alt else "")
    return _image_from(src, caption, credit, index, img)


def _image_from(
    src: str | None, caption: str, credit: str | None, index: int, element: Tag | None = None
) -> ParsedImage:
    labels = [src, caption]
    if element is not None:
        labels += [_attr(a, "href") for a in element.find_all("a")]
    return ParsedImage(
        caption=caption,
        credit=credit,
        virin=_first_virin(labels),
        url=src,
        paragraph_index=index,
    )


def _img_src(img: Tag) -> str | None:
    for attr in ("src", "data-src", "data-original", "data-lazy-src"):
        value = _attr(img, attr)
        if value and not value.lower().startswith(("data:", "javascript:")):
            return value
    return None


# ---------------------------------------------------------------------------------------------
# Small helpers


def _published_date(text: str) -> dt.date | None:
    """The date in "/ Published January 14, 2016"."""
    found = search_date(text)
    return found.date if found else None


def _take_dateline(paragraphs: list[str]) -> tuple[str | None, list[str], dt.date | None]:
    """Move a dateline off the first paragraph; a dateline-only paragraph is dropped. Also
    returns the date the dateline prints, if any."""
    if not paragraphs:
        return None, paragraphs, None
    dateline, rest, date = split_dated_dateline(paragraphs[0])
    if dateline is None or (not rest and len(paragraphs) == 1):
        return None, paragraphs, None
    return dateline, ([rest] if rest else []) + paragraphs[1:], date


def _first_virin(labels: Iterable[str | None]) -> str | None:
    for label in labels:
        if label:
            found = find_virins(label)
            if found:
                return found[0]
    return None


def _httrack_url(comments: Iterable[Comment]) -> str | None:
    """HTTrack writes "<!-- Mirrored from host/path by HTTrack ... -->" without the scheme."""
    for comment in comments:
        match = _HTTRACK.search(str(comment))
        if match:
            url = match.group("url")
            return url if "://" in url else f"http://{url}"
    return None


def _drop_tags(page: _Page, names: Iterable[str]) -> None:
    for name in names:
        for tag in page.live(name):
            if not tag.decomposed:  # a tag inside another dropped one goes with it
                tag.decompose()


def _fallback_title(page: _Page, name: str) -> str:
    """No metadata title: the first h1 (inside the article if any), else <title>, else file stem."""
    headings = page.live("h1")
    articles = page.live("article")
    inside = [h for h in headings if articles and _inside(h, articles[0])]
    for heading in (*inside, *headings):
        if text := plain_text(heading.get_text(" ")):
            return text
    return _title_tag_text(page) or _stem(name)


def _title_tag_text(page: _Page) -> str | None:
    titles = page.live("title")
    if not titles:
        return None
    for child in titles[0].find_all(list(_SCRIPT_TAGS)):
        child.decompose()
    # <title> is raw text to an HTML parser: "<script>" inside it may arrive as characters.
    return plain_text(titles[0].get_text()) or None


def _stem(name: str) -> str:
    label = name.rsplit("!", 1)[-1]
    return PurePath(label.replace("\\", "/")).stem or label or "Untitled"


def _first(scope: BeautifulSoup | Tag, selector: str) -> Tag | None:
    found = scope.select_one(selector)
    return found if isinstance(found, Tag) else None


def _iter_tags(root: Tag) -> Iterator[Tag]:
    for node in root.descendants:
        if isinstance(node, Tag):
            yield node


def _inside(node: Tag, container: Tag | None) -> bool:
    return container is not None and any(parent is container for parent in node.parents)


def _classes(tag: Tag) -> list[str]:
    return _attr_words(tag, "class")


def _attr_words(tag: Tag, name: str) -> list[str]:
    """A multi-valued attribute (class, rel) as lower-case words."""
    value = tag.get(name) if tag.attrs else None
    if isinstance(value, list):
        return [str(v).lower() for v in value]
    return str(value).lower().split() if value else []


def _attr(tag: Tag | None, name: str) -> str | None:
    if tag is None or not tag.attrs:
        return None
    value = tag.get(name)
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _norm(text: str) -> str:
    return collapse_whitespace(text.replace("\u00a0", " "))
