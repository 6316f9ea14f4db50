"""HTML article pages -> ``ParsedArticle``.

Two strategies, tried in this order:

- ``html-articlecs``: the DoD "ArticleCS" (DotNetNuke) print pages of af.mil / defense.gov, whose
  markup uses CSS classes prefixed ``da_`` (title ``h1.title``, ``p.da_story_info`` with byline and
  "Published" date, body ``div.da_black``, photos ``div.da_media_item``): ``html_articlecs``.
- ``html-meta``: any other news page, through standard metadata (OpenGraph, ``article:*`` meta,
  JSON-LD ``NewsArticle``, ``<time datetime>``) and the ``<article>``/``<main>`` content:
  ``html_metadata``.

The page is untrusted data: nothing is fetched (image URLs are recorded as printed) and nothing
is executed; scripts, styles and frames are dropped before any text is read, and every string
taken from the page is reduced to plain text.

This module holds the entry points; the work is done in ``html_parse`` (the lxml parser),
``html_markup`` (markup limits, attributes, ``plain_text``), ``html_tree`` (the page index),
``html_strings`` (the text of elements), ``html_walk`` (the text walker), ``html_images``
(photos and credits), ``html_fields`` (dateline, URL, title fallback) and the two
strategies' modules.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from dossierdesk.importers.encoding import declared_charset, decode_keeping_newlines
from dossierdesk.importers.html_articlecs import _parse_articlecs
from dossierdesk.importers.html_fields import _httrack_url, split_dated_dateline, split_dateline
from dossierdesk.importers.html_images import _generic_image_hook, split_credit
from dossierdesk.importers.html_markup import (
    _SCRIPT_TAGS,
    MAX_MARKUP_TAGS,
    MIN_CHARS_PER_TAG,
    Element,
    plain_text,
    reading_escaped,
)
from dossierdesk.importers.html_metadata import _parse_meta
from dossierdesk.importers.html_parse import parse_page
from dossierdesk.importers.html_strings import fixed
from dossierdesk.importers.html_tree import _drop_tags, _index, _Page
from dossierdesk.importers.html_walk import _Walk, _walk
from dossierdesk.importers.types import ParsedArticle, ParsedImage

__all__ = [
    "MAX_MARKUP_TAGS",
    "MIN_CHARS_PER_TAG",
    "declared_charset",
    "extract_fragment",
    "parse_html",
    "parse_page",
    "plain_text",
    "split_credit",
    "split_dated_dateline",
    "split_dateline",
]


def parse_html(
    data: bytes,
    name: str,
    *,
    decoded: str | None = None,
    on_page: Callable[[Element], None] | None = None,
) -> ParsedArticle:
    """Parse one HTML page into an article; raise ``ParseError`` if it holds no article text.

    ``decoded``: the page as ``decode_keeping_newlines(data, declared_charset(data))`` gives
    it, if the caller has it (format detection decodes the start of every file).
    ``on_page``: called with the page's tree as ``parse_page`` gives it, before the article is
    taken out of it (a saved page's photo reader reads its pictures there, instead of parsing
    the page a second time); attributes read meanwhile are read as ``parse_page`` escaped them.
    """
    if decoded is None:
        decoded = decode_keeping_newlines(data, declared_charset(data))
    # (The decoded text is not kept once the tree is built.)
    root, comments, escaped = parse_page(decoded, crlf=True)
    with reading_escaped(escaped):
        if on_page is not None:
            on_page(root)
        page = _index(root, comments)
        original_url = _httrack_url(page.comments)
        if page.articlecs:
            return _parse_articlecs(page, name, original_url)
        return _parse_meta(page, name, original_url)


def extract_fragment(markup: str) -> tuple[tuple[str, ...], tuple[ParsedImage, ...]]:
    """Paragraphs and images of an HTML fragment (e.g. a feed item's description).

    Feed descriptions are often plain text with blank lines between paragraphs, or a mix of
    text and tags, so blank lines end paragraphs here (unlike in full pages). Text with only
    ``<br>`` and ``<img>`` tags, as feed sanitisers write them, is read without a tree
    (``_text_fragment``).
    """
    with reading_escaped(None):
        found = _text_fragment(markup)
    return found if found is not None else _tree_fragment(markup)


def _tree_fragment(markup: str) -> tuple[tuple[str, ...], tuple[ParsedImage, ...]]:
    """``extract_fragment`` through the page's tree, index and walker."""
    root, comments, escaped = parse_page(markup)
    with reading_escaped(escaped):
        page = _index(root, comments)
        _drop_tags(page, _SCRIPT_TAGS)
        walk = _walk(page, page.body(), _generic_image_hook, blank_line_breaks=True)
    return walk.paragraphs, walk.images


# Characters read as they are written, in text and in attribute values: neither "<" nor "&"
# (no tag, no reference), no control character (libxml2 drops some, reads CR as LF, and lxml
# refuses some in a tree), no BOM, surrogate or non-character.
_AS_WRITTEN = r"<&\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff"
# A piece of such a fragment: text, a ``<br>`` or an ``<img>`` whose attributes have
# lower-case names and double-quoted values without whitespace other than spaces.
_FRAGMENT_PIECE = re.compile(
    rf"(?P<text>[^{_AS_WRITTEN}]+)|<br ?/?>"
    rf'|<img(?P<attributes>(?: [a-z][a-z0-9-]*="[^{_AS_WRITTEN}\t\n">]*")*) ?/?>'
)
_FRAGMENT_ATTRIBUTE = re.compile(r' ([a-z][a-z0-9-]*)="([^"]*)"')


def _text_fragment(
    markup: str,
) -> tuple[tuple[str, ...], tuple[ParsedImage, ...]] | None:
    """``extract_fragment`` of text holding no tag but ``<br>`` and ``<img>`` (``None`` for
    any other markup), read without building and indexing a tree.

    libxml2 reads such markup as a ``<body>`` (with a ``<p>`` implied around text) holding
    the text, ``<br>`` and ``<img>`` elements in the order written: the strings are the runs
    of text between tags, unchanged (nothing to decode, no character it would drop or
    change); the attributes are those written (names lower-case, none twice). The walker
    then sees no block element but ``<body>`` and ``<p>``, whose ends only flush text already
    flushed; a ``<br>`` ends the paragraph; an ``<img>`` (no content) is an image if the image
    hook takes it, at the position the walker gives an inline image. The same ``_Walk``
    steps are taken here on the pieces, and the hook is given the same attributes on an
    element of their own (with no content, it reads nothing else of the page).
    ``tests/test_html_fragment.py`` compares both readings on generated fragments.
    """
    if len(markup) > MAX_MARKUP_TAGS:
        return None  # (a tree is built, or refused, by ``parse_page``)
    pieces: list[tuple[str | None, dict[str, str] | None]] = []
    at, end = 0, len(markup)
    while at < end:
        piece = _FRAGMENT_PIECE.match(markup, at)
        if piece is None:
            return None
        at = piece.end()
        text, attributes = piece.group("text", "attributes")
        if attributes is None:
            pieces.append((text, None))  # text, or ``<br>`` (no text)
            continue
        pairs = _FRAGMENT_ATTRIBUTE.findall(attributes)
        named = dict(pairs)
        if len(named) != len(pairs):
            return None  # an attribute given twice
        pieces.append((None, named))
    walk = _Walk(blank_line_breaks=True)
    page: _Page | None = None
    for text, attrib in pieces:
        if text is not None:
            walk.text(fixed(text, False, None))
        elif attrib is None:
            walk.flush()
        else:
            img = etree.Element("img", attrib)
            page = page or _Page(img)
            image = _generic_image_hook(page, img, walk.image_position(block=False))
            if image is not None:
                walk.image(image)
    walk.finish()
    return walk.paragraphs, walk.images
