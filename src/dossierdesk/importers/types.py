"""What importers produce: plain, immutable records with no database or Qt in sight.

Importers are pure functions from bytes (+ a file name) to ``ParsedArticle`` records or a
``ParseError``; the service decides about duplicates and transactions.

Both records clean their text fields when they are built (``__post_init__``), so whatever
importer builds them, no control character and no over-long title, byline or URL gets
through: the rules and limits are in ``fields``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dossierdesk.importers.fields import (
    MAX_CAPTION_CHARS,
    MAX_LABEL_CHARS,
    MAX_NAME_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    MAX_VIRIN_CHARS,
    UNTITLED,
    clean_label,
    clean_line,
    clean_paragraph,
)


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

    def __post_init__(self) -> None:
        _set(self, "caption", clean_line(self.caption, MAX_CAPTION_CHARS))
        if self.credit is not None:
            _set(self, "credit", clean_line(self.credit, MAX_CAPTION_CHARS) or None)
        _set(self, "virin", clean_label(self.virin, MAX_VIRIN_CHARS))
        _set(self, "download_size", clean_label(self.download_size, MAX_LABEL_CHARS))
        _set(self, "url", clean_label(self.url, MAX_URL_CHARS))
        keywords = tuple(
            kept for k in self.keywords if (kept := clean_label(k, MAX_LABEL_CHARS)) is not None
        )
        _set(self, "keywords", keywords)


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

    def __post_init__(self) -> None:
        _set(self, "title", clean_line(self.title, MAX_TITLE_CHARS) or UNTITLED)
        for name in ("byline", "source", "dateline"):
            value = getattr(self, name)
            if value is not None:
                _set(self, name, clean_line(value, MAX_NAME_CHARS) or None)
        authors = tuple(a for a in (clean_line(a, MAX_NAME_CHARS) for a in self.authors) if a)
        _set(self, "authors", authors)
        _set(self, "url", clean_label(self.url, MAX_URL_CHARS))
        paragraphs = tuple(map(clean_paragraph, self.paragraphs))
        if not all(paragraphs):
            paragraphs = self._without_empty(paragraphs)
        _set(self, "paragraphs", paragraphs)

    def _without_empty(self, paragraphs: tuple[str, ...]) -> tuple[str, ...]:
        """Drop paragraphs left empty by cleaning; images keep their place in the text."""
        kept_before = [0]
        for paragraph in paragraphs:
            kept_before.append(kept_before[-1] + (1 if paragraph else 0))
        last = len(paragraphs)
        images = tuple(
            _replace_index(i, kept_before[min(max(i.paragraph_index, 0), last)])
            for i in self.images
        )
        _set(self, "images", images)
        return tuple(p for p in paragraphs if p)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def _set(record: object, name: str, value: object) -> None:
    """Assign a field of a frozen record while it is being built."""
    if getattr(record, name) is not value:
        object.__setattr__(record, name, value)


def _replace_index(image: ParsedImage, index: int) -> ParsedImage:
    if image.paragraph_index == index:
        return image
    return ParsedImage(
        caption=image.caption,
        credit=image.credit,
        virin=image.virin,
        download_size=image.download_size,
        url=image.url,
        keywords=image.keywords,
        paragraph_index=index,
    )
