"""What importers produce: plain, immutable records with no database or Qt in sight.

Importers are pure functions from bytes (+ a file name) to ``ParsedArticle`` records or a
``ParseError``; the service decides about duplicates and transactions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class ParseError(Exception):
    """A file that cannot be turned into an article. ``str(err)`` is the user-facing reason."""


@dataclass(frozen=True, slots=True)
class ParsedImage:
    """One image block of an article, as printed in the source."""

    caption: str = ""
    credit: str | None = None
    virin: str | None = None  # as printed (may be malformed; decoded later by dossierdesk.virin)
    download_size: str | None = None  # e.g. "5.2 MB"
    url: str | None = None
    keywords: tuple[str, ...] = ()  # "Tags: ..." line of an image block, if any
    # Index of the body paragraph the image stood before (len(paragraphs) = after the last one).
    paragraph_index: int = 0


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """One article extracted from a source file."""

    title: str
    paragraphs: tuple[str, ...]
    format: str  # "crawler-text", "html-articlecs", "html-meta", "rss", "atom", "plain-text"
    published: dt.date | None = None
    byline: str | None = None  # as printed, e.g. "By David Vergun, DOD News"
    authors: tuple[str, ...] = ()  # persons, as printed with rank
    source: str | None = None  # outlet or unit, e.g. "DOD News"
    dateline: str | None = None  # e.g. "WASHINGTON (AFNS)"
    url: str | None = None
    images: tuple[ParsedImage, ...] = field(default_factory=tuple)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)
