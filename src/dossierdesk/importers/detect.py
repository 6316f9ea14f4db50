"""Format detection and the ``parse_document`` dispatcher.

The format is decided from the content (after decoding, so UTF-16 and BOMs are fine); the file
name's extension only breaks ties, because saved pages and crawler dumps are often misnamed
(``.aspx``, ``.tmp``, ``.txt`` holding HTML...).

``parse_document`` is the one entry point the service uses. It promises that a bad file never
produces anything but ``ParseError`` with a user-facing reason: unexpected exceptions from a
parser are logged (traceback at debug level) and converted.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from dossierdesk.importers.crawler_text import looks_like_crawler_text, parse_crawler_text
from dossierdesk.importers.encoding import (
    declared_charset,
    decode_bytes,
    decode_keeping_newlines,
    looks_binary,
    normalise_newlines,
)
from dossierdesk.importers.mhtml import looks_like_mhtml
from dossierdesk.importers.plain_text import parse_plain_text
from dossierdesk.importers.types import ParsedArticle, ParseError

log = logging.getLogger(__name__)

__all__ = ["FORMATS", "detect_format", "parse_document"]

FORMATS = ("feed", "html", "crawler-text", "plain-text")

_HEAD_CHARS = 64 * 1024
# XML declaration, processing instructions, comments, doctype and whitespace before the root.
# A doctype may have an internal subset in brackets, whose declarations contain ">" (feeds
# declare entities there: <!DOCTYPE rss [<!ENTITY nbsp "&#160;">]>).
_QUOTED = r"\"[^\"]*\"|'[^']*'"
_INTERNAL_SUBSET = rf"\[(?:[^\]\"'<]|{_QUOTED}|<!--.*?-->|<(?!!--))*\]"
_DOCTYPE = rf"<!DOCTYPE(?:[^>\[\"']|{_QUOTED}|{_INTERNAL_SUBSET})*>"
_PROLOG = re.compile(rf"\A(?:\s+|<\?.*?\?>|<!--.*?-->|{_DOCTYPE})*", re.DOTALL | re.IGNORECASE)
_ROOT_TAG = re.compile(r"<([A-Za-z][\w:.-]*)([^>]*)>?")
_HTML_DOCTYPE = re.compile(r"<!DOCTYPE\s+html", re.IGNORECASE)
_DOCTYPE_CHARS = 1024  # an HTML doctype is looked for this far into the file
_HTML_ROOTS = frozenset({"html", "head", "body"})
_KNOWN_TAGS = re.compile(
    r"</?(?:p|div|br|span|a|img|h[1-6]|table|tr|td|ul|ol|li|strong|em|b|i|article|section"
    r"|figure|figcaption|meta|title|script|style|link|main|header|footer|nav)\b[^<>]*>",
    re.IGNORECASE,
)
_MIN_TAGS_FOR_HTML = 5
_HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml", ".aspx", ".asp", ".php"})
_FEED_EXTENSIONS = frozenset({".rss", ".atom", ".xml", ".rdf"})
_FEED_ITEM = re.compile(r"<(?:item|entry)\b", re.IGNORECASE)


def detect_format(data: bytes, name: str) -> str:
    """One of ``FORMATS`` for ``data``; ``ParseError`` for empty or binary input."""
    return _Input(data, name).format()


def parse_document(
    data: bytes, name: str, *, on_page: Callable[[Any], None] | None = None
) -> list[ParsedArticle]:
    """Detect the format and parse; every failure is a ``ParseError`` with a user-facing reason.

    ``on_page``: for an HTML page, called with its tree before the article is taken out of it
    (``html_article.parse_html``); not called for other formats."""
    fmt = "file"
    try:
        if looks_like_mhtml(data, name):
            fmt = "mhtml"
            from dossierdesk.importers.mhtml import parse_mhtml

            return parse_mhtml(data, name)
        source = _Input(data, name)
        fmt = source.format()
        return source.parse(fmt, on_page)
    except ParseError:
        raise
    except RecursionError as exc:
        log.debug("%s: nesting too deep", name, exc_info=True)
        raise ParseError(
            f"cannot read this {_label(fmt)}: its structure is nested too deeply"
        ) from exc
    except MemoryError as exc:
        raise ParseError(f"cannot read this {_label(fmt)}: it is too large") from exc
    except Exception as exc:
        log.debug("%s: unexpected error while parsing as %s", name, fmt, exc_info=True)
        raise ParseError(
            f"cannot read this {_label(fmt)}: unexpected {type(exc).__name__} in the importer"
        ) from exc


class _Input:
    """One file on its way through detection and parsing.

    Detection looks at the decoded start of the file (``head``); the HTML parser and the text
    parsers need the whole file decoded: for a file no longer than the head, that is the same
    decoding (for the text parsers, if it declares no charset: they decode without regard to
    one), so it is done once.

    ``head`` keeps the file's newlines: detection reads CR, LF and CRLF alike (see ``_detect``)
    and so does the HTML parser (``html_parse.parse_page``), so that a page of Windows line
    ends is not rewritten for either. The text parsers get normalised newlines.
    """

    def __init__(self, data: bytes, name: str) -> None:
        if not data or data.isspace():  # (what ``not data.strip()`` tells, without a copy)
            raise ParseError("empty file")
        if looks_binary(data):
            raise ParseError("not a text or HTML file")
        self.data = data
        self.name = name
        self.declared = declared_charset(data)
        # An even cut, so that UTF-16 is never split inside a code unit.
        self.head = decode_keeping_newlines(data[:_HEAD_CHARS], self.declared)
        self.whole = len(data) <= _HEAD_CHARS  # (``head`` is the whole file)
        self._text: str | None = None

    @property
    def text(self) -> str:
        """The whole file decoded as text (without regard to a declared charset)."""
        if self._text is None:
            if self.whole and self.declared is None:
                self._text = normalise_newlines(self.head)
            else:
                self._text = decode_bytes(self.data)
        return self._text

    def format(self) -> str:
        return _detect(self, self.name, self.head)

    def parse(self, fmt: str, on_page: Callable[[Any], None] | None = None) -> list[ParsedArticle]:
        # The HTML and feed parsers (lxml, feedparser) are imported when first
        # needed: a command that parses no page does not pay their start-up time.
        if fmt == "feed":
            from dossierdesk.importers.feed import parse_feed

            return parse_feed(self.data, self.name)
        if fmt == "html":
            from dossierdesk.importers.html_article import parse_html

            # (``head`` is the page as parse_html decodes it, when it is the whole page.)
            decoded = self.head if self.whole else None
            return [parse_html(self.data, self.name, decoded=decoded, on_page=on_page)]
        # The text parsers get the only reference to the decoded text, so that it can be freed
        # as soon as they hold it in another form (a large file is not kept twice).
        if fmt == "crawler-text":
            return [parse_crawler_text(self._take_text(), self.name)]
        return [parse_plain_text(self._take_text(), self.name)]

    def _take_text(self) -> str:
        text = self.text
        self._text = None
        self.head = ""
        return text


def _detect(source: _Input, name: str, head: str) -> str:
    """The format of a file that starts with ``head`` (decoded, its newlines as they are).

    Every test here reads CR and LF alike (as whitespace, or as characters no pattern names),
    so that it gives what it gives on normalised newlines; only the doctype is looked for in
    a number of characters, counted on normalised newlines.
    """
    if not head.strip():
        raise ParseError("empty file")
    prolog = _PROLOG.match(head)
    body = head[prolog.end() :] if prolog else head
    root = _ROOT_TAG.match(body)
    root_name = root.group(1).lower() if root else ""
    if _is_feed_root(root_name, root.group(2) if root else ""):
        return "feed"
    if root_name in _HTML_ROOTS or _HTML_DOCTYPE.search(_normalised_start(head, _DOCTYPE_CHARS)):
        return "html"
    tags = len(_KNOWN_TAGS.findall(head))
    if tags >= _MIN_TAGS_FOR_HTML and body.lstrip().startswith("<"):
        return "html"
    if root and _extension(name) in _FEED_EXTENSIONS and _FEED_ITEM.search(head):
        return "feed"  # tie-breaker: an unusual root element, but items and a feed extension
    if tags >= 1 and _extension(name) in _HTML_EXTENSIONS:
        return "html"
    if tags >= _MIN_TAGS_FOR_HTML * 2:
        return "html"  # text with a little leading junk before lots of markup
    if looks_like_crawler_text(source.text):
        return "crawler-text"
    return "plain-text"


def _normalised_start(text: str, chars: int) -> str:
    """The first ``chars`` characters of ``normalise_newlines(text)``: those of the first
    ``2 * chars`` characters, normalised (each character of the result comes from one or two
    of ``text``; a CR at the cut is LF in both, whether or not LF follows it)."""
    return normalise_newlines(text[: 2 * chars])[:chars]


def _extension(name: str) -> str:
    """The file name's extension, lower case (the member's, for "archive.zip!member")."""
    return PurePath(name.rsplit("!", 1)[-1]).suffix.lower()


def _is_feed_root(root_name: str, attributes: str) -> bool:
    if root_name in ("rss", "rdf:rdf"):
        return True
    # Atom: <feed xmlns="http://www.w3.org/2005/Atom">; a bare <feed> is not enough.
    return root_name == "feed" and "atom" in attributes.lower()


def _label(fmt: str) -> str:
    return {
        "feed": "feed",
        "html": "HTML page",
        "mhtml": "MHTML page",
        "crawler-text": "text file",
        "plain-text": "text file",
    }.get(fmt, "file")
