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

from dossierdesk.importers.encoding import declared_charset, decode_keeping_newlines
from dossierdesk.importers.html_articlecs import _parse_articlecs
from dossierdesk.importers.html_fields import _httrack_url, split_dated_dateline, split_dateline
from dossierdesk.importers.html_images import _generic_image_hook, split_credit
from dossierdesk.importers.html_markup import (
    _SCRIPT_TAGS,
    MAX_MARKUP_TAGS,
    MIN_CHARS_PER_TAG,
    plain_text,
    reading_escaped,
)
from dossierdesk.importers.html_metadata import _parse_meta
from dossierdesk.importers.html_parse import parse_page
from dossierdesk.importers.html_tree import _drop_tags, _index
from dossierdesk.importers.html_walk import _walk
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


def parse_html(data: bytes, name: str, *, decoded: str | None = None) -> ParsedArticle:
    """Parse one HTML page into an article; raise ``ParseError`` if it holds no article text.

    ``decoded``: the page as ``decode_keeping_newlines(data, declared_charset(data))`` gives
    it, if the caller has it (format detection decodes the start of every file).
    """
    if decoded is None:
        decoded = decode_keeping_newlines(data, declared_charset(data))
    # (The decoded text is not kept once the tree is built.)
    root, comments, escaped = parse_page(decoded, crlf=True)
    with reading_escaped(escaped):
        page = _index(root, comments)
        original_url = _httrack_url(page.comments)
        if page.articlecs:
            return _parse_articlecs(page, name, original_url)
        return _parse_meta(page, name, original_url)


def extract_fragment(markup: str) -> tuple[tuple[str, ...], tuple[ParsedImage, ...]]:
    """Paragraphs and images of an HTML fragment (e.g. a feed item's description).

    Feed descriptions are often plain text with blank lines between paragraphs, or a mix of
    text and tags, so blank lines end paragraphs here (unlike in full pages).
    """
    root, comments, escaped = parse_page(markup)
    with reading_escaped(escaped):
        page = _index(root, comments)
        _drop_tags(page, _SCRIPT_TAGS)
        walk = _walk(page, page.body(), _generic_image_hook, blank_line_breaks=True)
    return walk.paragraphs, walk.images
