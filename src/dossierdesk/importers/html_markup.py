"""HTML markup before and outside the page index: the tag kinds the readers tell apart, the
size limits checked before a tree is built, reading attributes (with the stand-ins of
``html_parse`` turned back), and ``plain_text`` (any string taken from a page, reduced to
plain text).

Markup is counted before a tree is built: a page (or any fragment) with more tags than
``MAX_MARKUP_TAGS`` or one per ``MIN_CHARS_PER_TAG`` characters, whichever is more, is refused,
so that a file of nothing but tiny tags cannot take many times its size in memory. (Real
article pages have a few thousand tags.)
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeAlias

from dossierdesk.importers.fields import collapse_whitespace
from dossierdesk.importers.types import ParseError

# An ``lxml.etree._Element`` (lxml ships no type information for mypy here).
Element: TypeAlias = Any


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


_PROCESSING_INSTRUCTION = re.compile(r"<\?[^<>]{0,2000}>")


MAX_MARKUP_TAGS = 150_000  # "<" characters (start and end tags) in one page or fragment...


MIN_CHARS_PER_TAG = 128  # ...or, in a larger one, one per this many characters


# While a page whose tree holds stand-ins for characters lxml refuses is read (``html_parse``):
# the table that turns them back (``None``: no stand-ins).
_ESCAPED: ContextVar[dict[int, int] | None] = ContextVar("dossierdesk_html_escaped", default=None)


@contextmanager
def reading_escaped(table: dict[int, int] | None) -> Iterator[None]:
    """Read a page whose tree holds the stand-ins ``table`` turns back (``parse_page``)."""
    token = _ESCAPED.set(table)
    try:
        yield
    finally:
        _ESCAPED.reset(token)


def unescape(text: str) -> str:
    """A string from the tree with the characters it stands for (see ``reading_escaped``)."""
    table = _ESCAPED.get()
    return text if table is None else text.translate(table)


def attribute(tag: Element, name: str) -> str | None:
    """An attribute's value as the page has it (``None``: no such attribute)."""
    value: str | None = tag.get(name)
    if value is None:
        return None
    table = _ESCAPED.get()
    return value if table is None else value.translate(table)


# Attributes that Beautiful Soup read as lists of words; their value is those words.
_WORD_LIST_ATTRIBUTES = frozenset(
    {"class", "rel", "rev", "accept-charset", "headers", "accesskey", "dropzone"}
)


def plain_text(value: str) -> str:
    """Reduce a string that may contain markup or entities to normalised plain text.

    A string with markup in it (rare: page text holding ``&lt;``, a ``<meta>`` value with
    tags) is read by Python's own HTML parser through Beautiful Soup, as it always was.
    """
    if "<" in value:
        _check_markup(value)
        from bs4 import BeautifulSoup

        fragment = BeautifulSoup(_PROCESSING_INSTRUCTION.sub("", value) or " ", "html.parser")
        for tag in fragment.find_all(list(_SCRIPT_TAGS)):
            tag.decompose()
        value = fragment.get_text(" ")
    elif "&" in value:
        value = html.unescape(value)
    return _norm(value)


def _check_markup(text: str) -> None:
    """Refuse markup whose tree would be too large (see the module docstring)."""
    if len(text) <= MAX_MARKUP_TAGS:
        return  # (it cannot hold more "<" than that)
    tags = text.count("<")
    limit = max(MAX_MARKUP_TAGS, len(text) // MIN_CHARS_PER_TAG)
    if tags > limit:
        raise ParseError(f"too much markup ({tags:,} tags; limit {limit:,} for its size)")


def _classes(tag: Element) -> list[str]:
    return _attr_words(tag, "class")


def _attr_words(tag: Element, name: str) -> list[str]:
    """A multi-valued attribute (class, rel) as lower-case words."""
    value = attribute(tag, name)
    return value.lower().split() if value else []


def _attr(tag: Element | None, name: str) -> str | None:
    if tag is None:
        return None
    value = attribute(tag, name)
    if value is None:
        return None
    if name in _WORD_LIST_ATTRIBUTES:
        value = " ".join(value.split())
    value = value.strip()
    return value or None


# Runs of whitespace as one space, none at the ends; a no-break space (U+00A0) is whitespace
# to ``str.split`` (``str.isspace``), so it becomes a space with the rest and needs no pass of
# its own.
_norm = collapse_whitespace
