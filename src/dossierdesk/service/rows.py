"""The rows an imported file becomes, derived before anything is written (no SQLAlchemy here).

Parser processes turn each parsed article into a ``Prepared`` record: the values of its
``articles``, ``article_texts`` and ``images`` rows as plain tuples in fixed column orders, its
content hash and its authors. The one process that writes the archive then only adds ids.
Plain tuples (named tuples) are what makes the trip between processes cheap: pickling them is
done in C, where dataclasses with slots go through Python code for every object.

This module imports neither SQLAlchemy nor Qt, so that parser processes can be started before
the writing process has loaded SQLAlchemy (see ``cli.main``).

Dates and booleans are already in the form the archive stores them in (``stored_date``,
``stored_bool``: what SQLAlchemy's SQLite types store, which a test checks), so that the
writing process does not convert them value by value.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # annotations only: editing and reading need no importers loaded
    from dossierdesk.importers.types import ParsedArticle, ParsedImage
from dossierdesk.virin import parse_virin

# Column orders of the tuples below (the writer inserts them under these names).
# Columns whose values come in stored form (see ``stored_date``, ``stored_bool``).
STORED_COLUMNS = frozenset({"published", "virin_date", "virin_valid"})
ARTICLE_COLUMNS = (
    "title",
    "published",
    "byline",
    "source",
    "dateline",
    "url",
    "word_count",
    "content_hash",
    "format",
    "image_count",
    "virin_count",
)
TEXT_COLUMNS = ("body", "captions", "credits")
# What is decoded from a VIRIN (``decode_virin``).
VIRIN_COLUMNS = (
    "virin_valid",
    "virin_problem",
    "virin_normalized",
    "virin_date",
    "virin_service",
    "virin_originator",
    "virin_sequence",
)
IMAGE_COLUMNS = (
    "position",
    "paragraph_index",
    "caption",
    "credit",
    "virin",
    "download_size",
    "url",
    "keywords",
    *VIRIN_COLUMNS,
)
_NO_VIRIN = (None,) * len(VIRIN_COLUMNS)


class Prepared(NamedTuple):
    """The rows derived from one parsed article, without its id (``prepare``)."""

    chash: str
    article: tuple[object, ...]  # ARTICLE_COLUMNS
    text: tuple[str, str, str]  # TEXT_COLUMNS
    images: tuple[tuple[object, ...], ...]  # IMAGE_COLUMNS, one per image in order
    authors: tuple[str, ...]
    #: a team archive's document words (``store.pg_index.document_words``), made in the
    #: parser processes when the import goes to a team archive (``index_words_for``)
    words: tuple[str, str, str, str] | None = None

    @property
    def title(self) -> str:
        return str(self.article[0])

    @property
    def published(self) -> str | None:
        """The publication date as stored ("YYYY-MM-DD"), or None."""
        value = self.article[1]
        return value if isinstance(value, str) else None

    def native_article(self) -> dict[str, object]:
        """The ``articles`` values by column name, the date as a ``datetime.date``."""
        values = dict(zip(ARTICLE_COLUMNS, self.article, strict=True))
        published = self.published
        values["published"] = dt.date.fromisoformat(published) if published else None
        return values

    @property
    def url(self) -> str | None:
        value = self.article[5]
        return value if isinstance(value, str) else None

    @property
    def format(self) -> str:
        return str(self.article[8])


class PreparedFile(NamedTuple):
    """A parsed source file, ready to be written: its bytes, their SHA-256 and its articles.

    A saved page (``service.page_photos``) also brings the photos it references and notes
    (user-facing) about those that could not be read."""

    name: str
    data: bytes
    sha256: str
    articles: tuple[Prepared, ...]
    photos: tuple[PagePhoto, ...] = ()
    notes: tuple[str, ...] = ()


def content_hash(article: ParsedArticle) -> str:
    """Hash of the normalised title and body: identical content, whatever the file it came in."""
    return _hash(_collapsed(article.title), _body_words(article)[0])


def _hash(title: str, body: str) -> str:
    """The content hash of a title and a body with their whitespace collapsed: the SHA-256 of
    ``" ".join(f"{title}\n{body}".split()).casefold()`` (whitespace only separates words)."""
    norm = f"{title} {body}" if title and body else title or body
    return hashlib.sha256(folded_utf8(norm)).hexdigest()


_ASCII_BYTES = bytes(range(0x80))


def folded_utf8(text: str) -> bytes:
    """``text.casefold().encode("utf-8")``, made by lower-casing the UTF-8 bytes when the
    text is mostly ASCII and every other character folds to itself (a curly quote, a dash, an
    accented small letter).

    ``str.casefold`` has no fast path once a text holds a character outside ASCII and reads
    such text code point by code point: 38-42 µs for a 6,700-character article with three
    curly quotes in it, against 10 µs here. Folding maps each code point on its own, folds ASCII as
    ``bytes.lower`` does, and UTF-8 writes the other code points with bytes of 0x80 and
    above, which ``bytes.lower`` leaves alone; so the two agree when those code points fold to
    themselves. That is what folding them together tells: each code point folds to one or
    more, so the result can be as long as its input only if each folds to one, and then equal
    to it only if each folds to itself. A text with many characters outside ASCII (Cyrillic,
    Arabic) is folded whole at once, without that check (``tests/test_rows_prepare.py``
    compares the result with ``casefold`` for every code point, both ways)."""
    data = text.encode("utf-8")
    if text.isascii():
        return data.lower()
    if (len(data) - len(text)) * 8 <= len(text):  # (each such character adds a byte or more)
        others = data.translate(None, _ASCII_BYTES).decode("utf-8")
        if others.casefold() == others:
            return data.lower()
    return text.casefold().encode("utf-8")


def _is_collapsed(text: str) -> bool:
    """Whether ``" ".join(text.split()) == text``: no whitespace but single spaces between
    words. A printable string holds no whitespace but U+0020 (every other whitespace
    character is a control or a separator, which ``str.isprintable`` refuses; a test checks
    it for every code point), so the spaces are all that is left to look at."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def _collapsed(text: str) -> str:
    """``" ".join(text.split())``, without splitting text that is so already."""
    return text if _is_collapsed(text) else " ".join(text.split())


def _body_words(article: ParsedArticle) -> tuple[str, int]:
    """The body's words joined by single spaces, and how many there are.

    ``body.split()`` is ``" ".join(paragraphs).split()`` (the separators are whitespace in
    both); paragraphs usually have their whitespace collapsed already, and then that string
    is the answer and its words are its spaces plus one, with no list of words made."""
    joined = " ".join(article.paragraphs)
    if _is_collapsed(joined):
        return joined, joined.count(" ") + 1 if joined else 0
    words = joined.split()
    return " ".join(words), len(words)


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_date(value: dt.date | None) -> str | None:
    """A date as the archive stores it (SQLAlchemy's SQLite ``Date``: zero-padded ISO)."""
    return None if value is None else f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def stored_bool(value: bool | None) -> int | None:
    return None if value is None else int(value)


# Whether ``prepare`` also makes the words of a team archive's search documents: set for the
# time of an import into one, so that parser processes started meanwhile make them (they cost
# about 56 ms per MB of text, which a file archive's import does not spend).
_DOCUMENT_WORDS = False


@contextmanager
def document_words_made(on: bool) -> Iterator[None]:
    """Within: ``prepare`` makes the document words (``on``) or not."""
    global _DOCUMENT_WORDS
    previous, _DOCUMENT_WORDS = _DOCUMENT_WORDS, on
    try:
        yield
    finally:
        _DOCUMENT_WORDS = previous


def prepare(article: ParsedArticle) -> Prepared:
    """Derive an article's rows ahead of writing."""
    body_words, word_count = _body_words(article)
    chash = _hash(_collapsed(article.title), body_words)
    images = article.images
    values = (
        article.title,
        stored_date(article.published),
        article.byline,
        article.source,
        article.dateline,
        article.url,
        word_count,
        chash,
        article.format,
        len(images),
        sum(1 for i in images if i.virin),
    )
    text = (
        article.body,
        "\n".join(i.caption for i in images if i.caption),
        "\n".join(i.credit for i in images if i.credit),
    )
    index = None
    if _DOCUMENT_WORDS:
        from dossierdesk.store.text_index import document_words

        index = document_words(article.title, *text)
    return Prepared(
        chash, values, text, image_rows(images, article.published), article.authors, index
    )


class PreparedPhoto(NamedTuple):
    """A photo file, ready to be stored: its bytes and its ``photos`` column values."""

    name: str
    data: bytes
    values: dict[str, object]  # photos columns but id, data, imported_at and the link parts


class PagePhoto(NamedTuple):
    """A photo a saved page references: for the image at ``position`` of its article number
    ``article_index``, or (both ``None``) one more photo of a gallery or listing page."""

    article_index: int | None
    position: int | None
    photo: PreparedPhoto


def prepare_photo(name: str, data: bytes) -> PreparedPhoto:
    """Read a photo's metadata (raises ``ParseError`` for a file that is not a usable photo)."""
    from dossierdesk.importers.photos import parse_photo

    photo = parse_photo(data, name)
    values: dict[str, object] = {
        "sha256": photo.sha256,
        "name": photo.name,
        "mime": photo.mime,
        "width": photo.width,
        "height": photo.height,
        "size": len(data),
        "virin": photo.virin,
        "file_name_virin": photo.file_name_virin,
        "embedded_virin": photo.embedded_virin,
        "virin_note": photo.virin_note,
        "title": photo.title,
        "caption": photo.caption,
        "credit": photo.credit,
        "byline": photo.byline,
        "copyright": photo.copyright,
        "date_created": photo.date_created,
        "keywords": "\n".join(photo.keywords) or None,
    }
    return PreparedPhoto(name, data, values)


def prepare_file(name: str, data: bytes, articles: Sequence[ParsedArticle]) -> PreparedFile:
    return PreparedFile(name, data, file_hash(data), tuple(prepare(a) for a in articles))


class VirinFields(NamedTuple):
    """The VIRIN_COLUMNS of an image, in that order, as Python values."""

    valid: bool | None = None
    problem: str | None = None
    normalized: str | None = None
    date_shot: dt.date | None = None
    service: str | None = None
    originator: str | None = None
    sequence: str | None = None


def decode_virin(virin: str | None, published: dt.date | None) -> VirinFields:
    """What a VIRIN printed as ``virin`` says (all None without one), the century chosen
    against the article's date."""
    if not virin:
        return VirinFields()
    v = parse_virin(virin, published)
    return VirinFields(
        v.valid, v.problem, v.normalized, v.date_shot, v.service_code, v.originator, v.sequence
    )


def image_rows(
    images: Sequence[ParsedImage], published: dt.date | None
) -> tuple[tuple[object, ...], ...]:
    """The ``images`` rows of an article (IMAGE_COLUMNS), VIRINs decoded against its date."""
    rows = []
    for position, img in enumerate(images):
        if img.virin:
            v = decode_virin(img.virin, published)
            decoded: tuple[object, ...] = (  # stored form (see STORED_COLUMNS)
                stored_bool(v.valid),
                v.problem,
                v.normalized,
                stored_date(v.date_shot),
                v.service,
                v.originator,
                v.sequence,
            )
        else:
            decoded = _NO_VIRIN
        rows.append(
            (
                position,
                img.paragraph_index,
                img.caption,
                img.credit,
                img.virin,
                img.download_size,
                img.url,
                ", ".join(img.keywords) or None,
                *decoded,
            )
        )
    return tuple(rows)
