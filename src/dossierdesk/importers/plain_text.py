"""Plain-text articles: headline on the first line, then the story.

Shapes handled (see ``tests/data/corpus/02*.txt``): paragraphs separated by blank lines, or one
paragraph per line with no blank lines at all; a dateline opening the first paragraph
("WASHINGTON (AFNS) --", "REDSTONE ARSENAL, Alabama (May 31, 2022) –"); a byline right after
the title ("By NAME, UNIT", "From USS Ronald Reagan (CVN 76) Public Affairs") or as a trailer
at the end ("Story by Jim Garamone, American Forces Press Service").

``published`` is only a date the article states for itself (dateline, byline or a date line
under the title), never a date merely mentioned in the story.

A first line longer than the title limit (``fields.MAX_TITLE_CHARS``) is no title: such a file
(typically one enormous line) is all body, and its title is the first sentence (``headline``).

The text helpers here (``normalise_text``, ``split_lines``, ``split_blocks``,
``block_paragraphs``) are shared with the crawler-text importer. They bound the work on a large
file: a Python string per line costs some 60 bytes beyond its text, so a 50 MB file of one- or
two-character lines, split whole, would take more than a gigabyte. Only the first ``MAX_LINES``
lines are read as lines; the text after them is kept, as printed, as the last paragraph.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from dossierdesk.importers.bylines import Byline, is_organisation, parse_byline
from dossierdesk.importers.dates import find_dates, parse_date, search_date
from dossierdesk.importers.encoding import looks_binary_text
from dossierdesk.importers.fields import MAX_TITLE_CHARS, collapse_whitespace, headline
from dossierdesk.importers.types import ParsedArticle, ParseError

__all__ = [
    "Dateline",
    "DetectedByline",
    "block_paragraphs",
    "check_text",
    "detect_byline",
    "normalise_text",
    "parse_plain_text",
    "split_blocks",
    "split_dateline",
    "split_lines",
]

logger = logging.getLogger(__name__)

FORMAT = "plain-text"
_WRAP_WIDTH = 100  # lines no longer than this in a block are a hard-wrapped paragraph
_SENTENCE_END_RE = re.compile(r"[.!?:]['\"”’)\]]*$|[\"”]$")
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]")

# --- shared text helpers ------------------------------------------------------------------


MAX_LINES = 100_000  # lines read as lines; the rest of a longer text is one last paragraph
_CACHED_CHARS = 200_000  # texts up to this long are cached (the detection window)
_CHUNK_CHARS = 1 << 20  # large texts are normalised and measured a piece at a time
# A newline after other whitespace (written newline first: the search then jumps from newline
# to newline instead of testing every character).
_UNSTRIPPED_RE = re.compile(r"\n(?<=[^\S\n]\n)")
_NON_SPACE_RE = re.compile(r"\S")
_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")


def normalise_text(text: str) -> str:
    """``\\n`` newlines, no BOM/zero-width characters, non-breaking spaces as spaces, and no
    trailing whitespace on any line.

    Text that is already so is returned as it is (no copy). The last short result is kept:
    format detection normalises the start of a text file to look at it, and for a short file
    its parser then normalises the same text again.
    """
    if len(text) <= _CACHED_CHARS:
        return _normalise_short(text)
    return _normalise(text)


@functools.lru_cache(maxsize=1)
def _normalise_short(text: str) -> str:
    return _normalise(text)


def _normalise(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():  # zero-width and non-breaking spaces are not ASCII
        if any(char in text for char in _ZERO_WIDTH):
            text = _ZERO_WIDTH_RE.sub("", text)
        if "\u00a0" in text:
            text = text.replace("\u00a0", " ")
    if _UNSTRIPPED_RE.search(text) is None and not (text[-1:].isspace() and text[-1] != "\n"):
        return text  # no line ends with whitespace
    if len(text) <= _CHUNK_CHARS:
        return "\n".join([line.rstrip() for line in text.split("\n")])
    # Piece by piece (pieces end at a newline), so that the lines of only one piece are held.
    return "".join(
        "\n".join([line.rstrip() for line in piece.split("\n")])
        for piece in _pieces_at_newlines(text)
    )


def _pieces_at_newlines(text: str) -> Iterator[str]:
    """``text`` in pieces of about ``_CHUNK_CHARS`` characters, each but the last ending with
    a newline (a piece is longer when a line is)."""
    start, end = 0, len(text)
    while start < end:
        cut = text.find("\n", start + _CHUNK_CHARS)
        if cut < 0:
            yield text[start:]
            return
        yield text[start : cut + 1]
        start = cut + 1


def split_lines(text: str, limit: int = MAX_LINES) -> tuple[list[str], str]:
    """The first ``limit`` lines of ``text``, and the text after them without the whitespace at
    its ends ("" when there is nothing more)."""
    if text.count("\n") < limit:
        return text.split("\n"), ""
    cut = _nth_newline(text, limit)
    rest_start, rest_end = cut + 1, _end_without_whitespace(text)
    while rest_start < rest_end and text[rest_start].isspace():
        rest_start += 1
    logger.debug("text of more than %d lines: the rest is one paragraph", limit)
    return text[:cut].split("\n"), text[rest_start:rest_end]


def _nth_newline(text: str, n: int) -> int:
    """Index of the ``n``-th newline (1-based) of a text that has at least that many."""
    seen = start = 0
    while True:
        stop = start + _CHUNK_CHARS
        count = text.count("\n", start, stop)
        if seen + count >= n:
            break
        seen, start = seen + count, stop
    index = start - 1
    for _ in range(n - seen):
        index = text.index("\n", index + 1)
    return index


def _end_without_whitespace(text: str) -> int:
    """Length of ``text`` without its trailing whitespace (found without copying the text)."""
    end = len(text)
    while end > 0:
        piece = text[max(0, end - _CHUNK_CHARS) : end]
        stripped = len(piece.rstrip())
        if stripped:
            return end - len(piece) + stripped
        end -= len(piece)
    return 0


def check_text(text: str) -> None:
    """Raise ``ParseError`` for text that cannot be an article (empty, binary, no words)."""
    if _NON_SPACE_RE.search(text) is None:
        raise ParseError("empty file")
    if looks_binary_text(text):
        raise ParseError("not a text file")
    if _ASCII_LETTER_RE.search(text) is None and not any(c.isalpha() for c in text):
        raise ParseError("no text")


def split_blocks(lines: list[str]) -> list[list[str]]:
    """Group stripped lines into blocks separated by blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in lines:
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def block_paragraphs(lines: list[str], *, line_per_paragraph: bool = False) -> list[str]:
    """Paragraphs of one blank-line-separated block.

    By default (typed or saved text) a block of short lines is hard-wrapped prose (joined
    with spaces). In a block of long lines, a line ending a sentence followed by a line
    starting a new one ("...norms." / '"JS Ise ...') separates paragraphs, while a line cut
    mid-sentence ("... USNS Charles Drew" / "(T-AKE 10).") continues the paragraph.

    With ``line_per_paragraph`` (text extracted from web pages, where a line is an HTML
    block) every line is a paragraph unless the next one visibly continues it (starts in lower
    case, or the line ends with a comma, semicolon or dash).
    """
    if len(lines) < 2:
        return lines[:]  # one line is one paragraph in every mode (the common case)
    if line_per_paragraph:
        breaks = [not _continues(line, nxt) for line, nxt in itertools.pairwise(lines)]
    elif len(lines) == 1 or all(len(line) <= _WRAP_WIDTH for line in lines[:-1]):
        return [" ".join(lines)]
    else:
        breaks = [
            bool(_SENTENCE_END_RE.search(line)) and _starts_paragraph(nxt)
            for line, nxt in itertools.pairwise(lines)
        ]
    paragraphs: list[str] = []
    current: list[str] = [lines[0]]
    for line, is_break in zip(lines[1:], breaks, strict=True):
        if is_break:
            paragraphs.append(" ".join(current))
            current = []
        current.append(line)
    paragraphs.append(" ".join(current))
    return paragraphs


def _continues(line: str, following: str) -> bool:
    return following[:1].islower() or line.endswith((",", ";", "-", "–", "—"))


def _starts_paragraph(line: str) -> bool:
    first = line[:1]
    return first.isupper() or first.isdigit() or first in "\"'“‘(["


# --- datelines ----------------------------------------------------------------------------

# Head (place, optional "(AFNS)"/"(May 31, 2022)") then a dash: "--", an en/em dash, or " -".
_DATELINE_RE = re.compile(
    r"^(?P<head>[^\n]{2,160}?)(?:\s*(?:--|[–—])\s*|\s+-\s*)(?P<rest>\S.*)$", re.DOTALL
)
_PARENS_RE = re.compile(r"\([^()]*\)")
_MAX_DATELINE_WORDS = 16


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline split off the first paragraph."""

    text: str  # "REDSTONE ARSENAL, Alabama (May 31, 2022)", without the dash
    rest: str  # the paragraph after the dash
    date: dt.date | None  # a date printed inside the dateline


def _is_place_segment(segment: str, first: bool) -> bool:
    letters = [c for c in segment if c.isalpha()]
    if len(letters) < 2:
        return False
    if all(c.isupper() for c in letters):
        return True
    # Later segments may be a state/country in normal case: "Alabama", "Ala.", "New Mexico".
    words = segment.split()
    return not first and len(words) <= 3 and all(w[:1].isupper() for w in words)


def split_dateline(paragraph: str) -> Dateline | None:
    """Split "WASHINGTON (AFNS) -- Text" into dateline and text; ``None`` without a dateline.

    The place must be printed in capitals (later comma-separated parts such as "Alabama" or
    "Ala." may be in normal case); parenthesised parts ("(AFNS)", "(CVN 76)", a date) are
    allowed anywhere in it. A date may also follow the place unbracketed ("FORT BRAGG, N.C.,
    April 10, 2026 --", "WASHINGTON, Jan. 5, 2025 –"): it is the dateline's ``date`` and is not
    part of its ``text``, which is the place. (A bracketed date stays in the text, as printed.)
    """
    m = _DATELINE_RE.match(paragraph)
    if m is None:
        return None
    head = m["head"].strip()
    if len(head.split()) > _MAX_DATELINE_WORDS:
        return None
    text, date = head, None
    for found in find_dates(head):
        before = head[: found.start]
        if before.count("(") == before.count(")"):  # a date after the place, unbracketed
            text = _without(head, found.start, found.end)
            date = found.date
            break
    place = _PARENS_RE.sub(" ", text)
    segments = [s.strip() for s in place.split(",") if s.strip()]
    if not segments or not all(_is_place_segment(s, i == 0) for i, s in enumerate(segments)):
        return None
    if date is None and (found_in_brackets := search_date(head)) is not None:
        date = found_in_brackets.date
    return Dateline(text=text, rest=m["rest"].strip(), date=date)


_EMPTY_SEGMENTS_RE = re.compile(r"\s*,(?:\s*,)+")


def _without(head: str, start: int, end: int) -> str:
    """``head`` without ``head[start:end]`` and the separators left around it."""
    text = _EMPTY_SEGMENTS_RE.sub(",", f"{head[:start]} {head[end:]}")
    return " ".join(text.split()).replace(" ,", ",").replace(", (", " (").strip(" ,")


# --- bylines ------------------------------------------------------------------------------

# A line that could be only a date: short, starts with a month name, a day or a year.
_DATE_ONLY_RE = re.compile(r"^\(?(?:[A-Za-z]{3,9}\.?\s+\d|\d{1,4}[\s./-])[^|]{0,30}$")
_BYLINE_START_RE = re.compile(
    r"^(?:(?:story|article|text|photos?|video|commentary|written|compiled|courtesy\s+story)"
    r"(?:\s+and\s+\w+)?\s+by|by|from|courtesy\s+of)\s+\S",
    re.IGNORECASE,
)
_MAX_BYLINE_LEN = 200
_MAX_BYLINE_WORDS = 30
_ABBREVIATION_END_RE = re.compile(r"\b(?:Jr|Sr|Inc|Co|Ltd|[A-Z])\.$")


# What the normalised line checked by ``detect_byline`` can start with, on the raw line: the
# spaces, "(" and dashes it strips, then a byline word or the start of a date. Every line the
# full checks accept matches this (it is a cheap necessary condition, not a test of its own).
_MAYBE_BYLINE_RE = re.compile(
    r"[\s(\-–—]*(?:story|article|text|photo|video|commentary|written|compiled|courtesy"
    r"|by|from|[A-Za-z]{3,9}\.?\s+\d|\d{1,4}[\s./-])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DetectedByline:
    """What ``detect_byline`` found on a line: the byline and/or a date printed with it."""

    byline: Byline | None
    date: dt.date | None


def detect_byline(line: str) -> DetectedByline | None:
    """Recognise a byline line ("By X, Unit", "Story by X", "From Unit", "Nov. 18, 2024 | By X").

    Sentences are rejected ("By the end of the year, the Army will ..." ends with a period and
    is long). A line that is only a date ("Nov. 18, 2024") is accepted with ``byline=None``.
    ``None`` when the line is not a byline.
    """
    if len(line) > 2 * _MAX_BYLINE_LEN:
        return None  # a paragraph, not a byline (checked before any normalisation work)
    if "|" not in line and not _MAYBE_BYLINE_RE.match(line):
        return None  # neither a byline word nor a date where the checks below look for them
    return _detect_byline(line)


@functools.lru_cache(maxsize=256)
def _detect_byline(line: str) -> DetectedByline | None:
    """``detect_byline`` past its cheap checks; cached because importers ask again about the
    same header lines (results are immutable)."""
    text = " ".join(line.split()).strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    text = text.lstrip("-–— ").strip()
    if not text or len(text) > _MAX_BYLINE_LEN:
        return None
    if "|" not in text and not _BYLINE_START_RE.match(text) and not _DATE_ONLY_RE.match(text):
        return None  # cheap rejection of ordinary lines before any date parsing
    date: dt.date | None = None
    parts = [p.strip() for p in text.split("|")]
    rest = [p for p in parts if p]
    for part in parts:
        if date is None and (parsed := parse_date(part)) is not None:
            date = parsed
            rest.remove(part)
    text = " | ".join(rest)
    if not text:
        return DetectedByline(None, date) if date else None
    if not _BYLINE_START_RE.match(text) or len(text.split()) > _MAX_BYLINE_WORDS:
        return None
    if text.endswith(".") and not _ABBREVIATION_END_RE.search(text):
        return None
    byline = parse_byline(text)
    if text[:4].lower() == "from":
        if byline.authors or not byline.source or not is_organisation(byline.source):
            return None
    elif not byline.authors and not byline.source:
        return None
    return DetectedByline(byline, date)


# --- the importer -------------------------------------------------------------------------


def _body_paragraphs(lines: list[str]) -> list[str]:
    """Blank-line-separated paragraphs; with no blank line at all, one paragraph per line."""
    stripped = [line.strip() for line in lines]
    start = next((i for i, line in enumerate(stripped) if line), len(stripped))
    end = len(stripped)
    while end > start and not stripped[end - 1]:
        end -= 1
    stripped = stripped[start:end]
    if "" not in stripped:
        return stripped
    return [p for block in split_blocks(stripped) for p in block_paragraphs(block)]


def _take_bylines(paragraphs: list[str]) -> tuple[Byline | None, dt.date | None]:
    """Remove a leading byline/date (one or two lines) or else a trailer byline from
    ``paragraphs`` (in place); return what they said."""
    byline: Byline | None = None
    published: dt.date | None = None
    lead = detect_byline(paragraphs[0]) if paragraphs else None
    if lead is not None:
        byline, published = lead.byline, lead.date
        paragraphs.pop(0)
        # "Nov. 18, 2024" on its own line, then "By ..." (or the other way round)
        second = detect_byline(paragraphs[0]) if paragraphs else None
        if second is not None and (
            (byline is None and second.byline) or (published is None and second.date)
        ):
            byline = byline or second.byline
            published = published or second.date
            paragraphs.pop(0)
        return byline, published
    trailer = detect_byline(paragraphs[-1]) if paragraphs else None
    if trailer is not None and trailer.byline is not None:
        paragraphs.pop()
        return trailer.byline, trailer.date
    return None, None


def parse_plain_text(text: str, name: str) -> ParsedArticle:
    """Parse a plain-text article (``format="plain-text"``).

    Raises ``ParseError`` when the text is empty, binary or has no words.
    """
    text = normalise_text(text)
    check_text(text)
    lines, rest = split_lines(text)
    del text  # (the lines and the rest hold it now)
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    title_line = lines[first].strip() if first < len(lines) else ""
    has_title = bool(title_line) and len(title_line) <= MAX_TITLE_CHARS
    paragraphs = _body_paragraphs(lines[first + 1 :] if has_title else lines[first:])
    if rest:
        paragraphs.append(rest)

    byline, published = _take_bylines(paragraphs)
    dateline: str | None = None
    if paragraphs and (found := split_dateline(paragraphs[0])) is not None:
        dateline = found.text
        published = published or found.date
        paragraphs[0] = found.rest
    # A first line too long for a title is the start of the story: the title is its first
    # sentence (after the dateline), and the line stays in the body.
    title = collapse_whitespace(title_line) if has_title else headline(paragraphs[0])

    logger.debug("plain text %s: title=%r, %d paragraphs", name, title, len(paragraphs))
    return ParsedArticle(
        title=title,
        paragraphs=tuple(paragraphs),
        format=FORMAT,
        published=published,
        byline=byline.printed if byline else None,
        authors=byline.authors if byline else (),
        source=byline.source if byline else None,
        dateline=dateline,
    )
