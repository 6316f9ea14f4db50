"""Crawler text dumps of defense.gov-style article pages (``format="crawler-text"``).

Shape (see ``tests/data/000_014c2d8a4cbccb0c.txt``)::

     date 2024-11-18 An official website of the United States Government   <- crawler line
    [site banner / menu lines]
    North Korean Troops Enter Kursk Where Ukrainians Are Fighting          <- title
    Nov. 18, 2024 | By David Vergun, DOD News                              <- date | byline
    Body paragraph ...
    An aerial view of the Pentagon, May 15, 2023.                          <- caption
    Download: Full Size (5.2 MB)                                           <- image block
    Credit: Air Force Staff Sgt. John Wright, DOD
    VIRIN: 230515-D-KY598-1364
    Body paragraph ...
    [footer: "Subscribe to Defense.gov Products", "Hosted by Defense Media Activity - WEB.mil"]

The crawler's date is a fallback; the date printed with the byline wins. Banner, menu and
footer lines and image blocks are not body text. An image's caption is the paragraph right
before its "Download"/"Credit"/"VIRIN" lines; its ``paragraph_index`` is the number of body
paragraphs before it.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from dossierdesk.importers.bylines import Byline
from dossierdesk.importers.fields import MAX_TITLE_CHARS, collapse_whitespace, headline
from dossierdesk.importers.plain_text import (
    block_paragraphs,
    check_text,
    detect_byline,
    normalise_text,
    split_blocks,
    split_lines,
)
from dossierdesk.importers.textcache import cache_short_strings
from dossierdesk.importers.types import ParsedArticle, ParsedImage, ParseError

__all__ = ["looks_like_crawler_text", "parse_crawler_text"]

logger = logging.getLogger(__name__)

FORMAT = "crawler-text"

_CRAWLER_LINE_RE = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\b\s*(?P<rest>.*)$", re.I)

# Site chrome that starts a line (banner, skip links, cookie notes, footer credits).
_BOILERPLATE_PREFIXES = (
    "an official website of the united states government",
    "official website of the department of",
    "here's how you know",
    "here’s how you know",
    "official websites use .gov",
    "a .gov website belongs to an official government organization",
    "secure .gov websites use https",
    "a lock (",
    "a lock icon",
    "share sensitive information only on official",
    "skip to main content",
    "skip to content",
    "skip navigation",
    "hosted by defense media activity",
    "subscribe to defense.gov products",
    "choose which defense.gov products",
    "you have javascript disabled",
    "javascript is disabled",
    "this site uses cookies",
    "toggle navigation",
    "toggle menu",
    "the appearance of hyperlinks does not constitute",
    "the appearance of external hyperlinks",
    "back to top",
    "search defense.gov",
)


def _phrases(text: str) -> frozenset[str]:
    """A set of "|"-separated phrases (newlines and indentation ignored)."""
    return frozenset(phrase.strip() for phrase in text.split("|"))


# Lines that are nothing but a menu/footer/share word.
_BOILERPLATE_LINES = _phrases(
    """
    menu|main menu|search|search search|home|news|close|top|print|share|email|e-mail|facebook
    |twitter|x|linkedin|instagram|youtube|flickr|rss|reddit|pinterest|contact|contact us|about
    |about us|about dod|faq|faqs|sitemap|site map|privacy|privacy policy|privacy & security
    |privacy and security|accessibility|accessibility/section 508|section 508|foia|no fear act
    |usa.gov|web policy|link disclaimer|inspector general|plain writing|open government
    |recovery act|dod careers|careers|help center|live events|today in dod|for the media
    |dod publications|spotlights|spotlight|releases|stories|transcripts|speeches|advisories
    |photos|videos|images|features|explore|resources|helpful links|defense.gov|war.gov
    |department of defense|u.s. department of defense|news stories|read more|sign up|subscribe
    |multimedia|military departments|value of service|office of the secretary of defense
    |frequently asked questions|external link disclaimer|dod open government|dod / military
    |lock|https://|.gov|skip|english|español|translate|font size|a a a|listen|print friendly
    """
)
# A line that ends the article: everything after it is footer.
_FOOTER_STARTS = _phrases(
    """
    subscribe to defense.gov products|related stories|related links|related content
    |related articles|more stories|more news|helpful links|stay connected|additional links
    |comments|recommended content|you may also like|trending
    """
)
_FOOTER_PREFIXES = ("hosted by defense media activity", "subscribe to defense.gov products")


def _line_key(line: str) -> str:
    """A line as compared with the chrome phrases: words, lower case, no separators around."""
    return " ".join(line.split()).strip(" :.|»>").lower()


_MAX_CHROME_LEN = 200  # boilerplate and footer lines are short; paragraphs are not checked
# ``_line_key`` of lines up to _MAX_CHROME_LEN (only those are checked against the phrases):
# menu, banner and footer lines repeat from page to page.
_key = functools.lru_cache(maxsize=1024)(_line_key)


def _is_boilerplate(line: str) -> bool:
    if len(line) > _MAX_CHROME_LEN:
        return False
    key = _key(line)
    return key in _BOILERPLATE_LINES or key.startswith(_BOILERPLATE_PREFIXES)


def _is_footer_start(line: str) -> bool:
    if len(line) > _MAX_CHROME_LEN:
        return False
    key = _key(line)
    return key in _FOOTER_STARTS or key.startswith(_FOOTER_PREFIXES)


# --- image-block lines --------------------------------------------------------------------

_DOWNLOAD_RE = re.compile(
    r"^download\b(?P<label>[^:()]{0,20}?)\s*(?P<colon>:)?\s*(?P<rest>.*)$", re.IGNORECASE
)
_SIZE_RE = re.compile(r"\((?P<size>[^()]{1,30})\)")
_CREDIT_RE = re.compile(
    r"^(?:credit|photo\s+credit|photos?\s+by|image\s+by|video\s+by|courtesy|courtesy\s+photo)"
    r"\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_VIRIN_RE = re.compile(r"^virin\s*(?::\s*(?P<value>.*)|\s+(?P<bare>\d{6}-\S+))$", re.IGNORECASE)
_TAGS_RE = re.compile(r"^tags?\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_KEYWORD_SEP_RE = re.compile(r"[,;]")
_MAX_DOWNLOAD_LEN = 80


class _Meta(NamedTuple):
    kind: str  # "download", "credit", "virin", "tags"
    value: str


# The first three letters (lower case) of the lines each pattern can match: a line starting
# otherwise is ordinary text, and no two patterns share a start, so one is enough to try.
_META_KIND_BY_START = {
    "vir": "virin",
    "cre": "credit",  # credit
    "pho": "credit",  # photo credit, photo(s) by
    "ima": "credit",  # image by
    "vid": "credit",  # video by
    "cou": "credit",  # courtesy, courtesy photo
    "tag": "tags",
    "dow": "download",
}
_META_STARTS = frozenset(_META_KIND_BY_START)


def _meta(line: str) -> _Meta | None:
    """Classify an image-block line; ``None`` for ordinary text."""
    kind = _META_KIND_BY_START.get(line[:3].lower())
    if kind is None:
        return None  # cheap rejection of ordinary paragraphs
    return _classify_meta(line)


@cache_short_strings(maxsize=512)  # download sizes and photo credits repeat from page to page
def _classify_meta(line: str) -> _Meta | None:
    """``_meta`` past its first check: only the pattern the line's start allows is tried."""
    kind = _META_KIND_BY_START.get(line[:3].lower())
    if kind == "virin":
        if (m := _VIRIN_RE.match(line)) is not None:
            return _Meta("virin", (m["value"] or m["bare"] or "").strip())
    elif kind == "credit":
        if (m := _CREDIT_RE.match(line)) is not None:
            return _Meta("credit", m["value"].strip())
    elif kind == "tags":
        if (m := _TAGS_RE.match(line)) is not None:
            return _Meta("tags", m["value"].strip())
    elif len(line) <= _MAX_DOWNLOAD_LEN and (m := _DOWNLOAD_RE.match(line)) is not None:
        rest = m["rest"].lower()
        if m["colon"] or "full size" in rest or "hi-res" in rest or "high res" in rest:
            size = _SIZE_RE.search(m["rest"])
            return _Meta("download", size["size"].strip() if size else "")
    return None


@dataclass
class _ImageBuilder:
    caption: str
    paragraph_index: int
    fields: dict[str, str] = field(default_factory=dict)

    def accepts(self, meta: _Meta) -> bool:
        """A repeated field or a new Download line starts the next image."""
        return meta.kind not in self.fields and not (meta.kind == "download" and self.fields)

    def add(self, meta: _Meta) -> None:
        self.fields[meta.kind] = meta.value

    def build(self) -> ParsedImage:
        tags = self.fields.get("tags")
        keywords = (
            tuple(t.strip() for t in _KEYWORD_SEP_RE.split(tags) if t.strip()) if tags else ()
        )
        return ParsedImage(
            caption=self.caption,
            credit=self.fields.get("credit") or None,
            virin=self.fields.get("virin") or None,
            download_size=self.fields.get("download") or None,
            keywords=keywords,
            paragraph_index=self.paragraph_index,
        )


class _BodyReader:
    """Splits body lines into paragraphs and image blocks."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.images: list[ParsedImage] = []
        self._image: _ImageBuilder | None = None
        self._last_block_was_text = False  # its last paragraph may be the next image's caption

    def read(self, lines: list[str]) -> None:
        for block in split_blocks(lines):
            if len(block) == 1 and block[0][:3].lower() not in _META_STARTS:
                self._read_paragraph(block[0])  # the usual block: one line of text
            else:
                self._read_block(block)
        self._close_image()

    def _read_paragraph(self, line: str) -> None:
        """``_read_block`` for a block of one line that is no image-block line."""
        if self._image is not None:
            self._close_image()
        self.paragraphs.append(line)
        self._last_block_was_text = True

    def _read_block(self, block: list[str]) -> None:
        pending: list[str] = []
        for index, line in enumerate(block):
            # (_meta's own first check, repeated here to save a call for ordinary lines)
            meta = _meta(line) if line[:3].lower() in _META_STARTS else None
            if meta is None:
                if self._image is not None:
                    self._close_image()
                pending.append(line)
                continue
            if meta.kind == "tags" and not self._tags_belong_to_image(block, index):
                logger.debug("dropping article-level tags line %r", line)
                continue
            if self._image is None or not self._image.accepts(meta):
                self._close_image()
                self._open_image(pending)
                pending = []
            assert self._image is not None
            self._image.add(meta)
        if pending:
            self._close_image()
            self.paragraphs.extend(block_paragraphs(pending, line_per_paragraph=True))
            self._last_block_was_text = True
        else:
            self._last_block_was_text = False

    def _tags_belong_to_image(self, block: list[str], index: int) -> bool:
        if self._image is not None:
            return True
        following = block[index + 1] if index + 1 < len(block) else ""
        return _meta(following) is not None

    def _open_image(self, pending: list[str]) -> None:
        caption = ""
        if pending:
            paragraphs = block_paragraphs(pending, line_per_paragraph=True)
            caption = paragraphs.pop()
            self.paragraphs.extend(paragraphs)
        elif self._last_block_was_text and self.paragraphs:
            caption = self.paragraphs.pop()
        self._last_block_was_text = False
        self._image = _ImageBuilder(caption=caption, paragraph_index=len(self.paragraphs))

    def _close_image(self) -> None:
        if self._image is not None:
            self.images.append(self._image.build())
            self._image = None


# --- header -------------------------------------------------------------------------------

_HEADER_SCAN = 40  # content lines searched for the "date | byline" line


@dataclass
class _Header:
    title: str
    body_start: int
    byline: Byline | None = None
    published: dt.date | None = None


def _header_position(lines: list[str], more: Iterator[int], content: list[int]) -> int | None:
    """Position (in the content lines) of the header line after the title.

    A line carrying a date ("Nov. 18, 2024 | By ...", "Nov. 18, 2024") is preferred over a
    bare "By ..." line, so a title such as "From Soldier to Senator" is not taken for a byline.
    Content line indexes are taken from ``more`` only as far as needed (the first dated line
    ends the search) and appended to ``content``.
    """
    first_byline: int | None = None
    for position, index in enumerate(itertools.islice(more, _HEADER_SCAN)):
        content.append(index)
        if position == 0 or (found := detect_byline(lines[index])) is None:
            continue
        if found.date is not None:
            return position
        if first_byline is None:
            first_byline = position
    return first_byline


def _read_header(lines: list[str], footers: set[int]) -> _Header | None:
    """Find title, date and byline among the first content lines; ``None`` without a title.

    ``footers`` are the indexes of footer-start lines (they are not content).
    """
    more = (i for i, line in enumerate(lines) if line.strip() and i not in footers)
    content: list[int] = []  # indexes of the content lines looked at so far
    position = _header_position(lines, more, content)
    if not content:
        return None
    if position is None:
        return _Header(title=lines[content[0]].strip(), body_start=content[0] + 1)
    header = _Header(title=lines[content[position - 1]].strip(), body_start=content[position])
    for following in itertools.chain(content[position:], more):
        found = detect_byline(lines[following])
        if found is None or (found.byline and header.byline) or (found.date and header.published):
            break
        header.byline = header.byline or found.byline
        header.published = header.published or found.date
        header.body_start = following + 1
    return header


@dataclass
class _Stripped:
    """The lines of a dump without its chrome (see ``_strip_chrome``)."""

    lines: list[str]
    footers: set[int]  # indexes of the footer-start lines kept in ``lines``
    crawler_date: dt.date | None


def _strip_chrome(lines: list[str]) -> _Stripped:
    """Drop the crawler line (keeping its date) and banner/menu lines, and note where footer
    starts are (each line is classified once)."""
    stripped = _Stripped([], set(), None)
    if lines and (m := _CRAWLER_LINE_RE.match(lines[0])) is not None:
        try:
            stripped.crawler_date = dt.date.fromisoformat(m["date"])
        except ValueError:
            logger.debug("crawler line with an impossible date: %r", lines[0])
        rest = m["rest"].strip()
        if rest and not _is_boilerplate(rest):
            if _is_footer_start(rest):
                stripped.footers.add(0)
            stripped.lines.append(rest)
        lines = lines[1:]
    kept = stripped.lines
    for line in lines:
        if line and len(line) <= _MAX_CHROME_LEN:  # (blank lines are no chrome)
            key = _key(line)
            if key in _FOOTER_STARTS or key.startswith(_FOOTER_PREFIXES):
                stripped.footers.add(len(kept))  # kept: the body is cut there (_body_lines)
            elif key in _BOILERPLATE_LINES or key.startswith(_BOILERPLATE_PREFIXES):
                continue
        kept.append(line)
    return stripped


def _body_lines(stripped: _Stripped, start: int) -> list[str]:
    """The lines from ``start`` up to the first footer start after it."""
    end = min((i for i in stripped.footers if i >= start), default=len(stripped.lines))
    return stripped.lines[start:end]


# --- detection and parsing ----------------------------------------------------------------


def looks_like_crawler_text(text: str) -> bool:
    """True for crawler dumps: a " date YYYY-MM-DD" first line, the .gov banner, a
    "Nov. 18, 2024 | By ..." header line, or Download/VIRIN image-block lines."""
    lines = normalise_text(text[:200_000]).split("\n")
    first = next((stripped for line in lines if (stripped := line.strip())), None)
    if first is None:
        return False
    if _CRAWLER_LINE_RE.match(first) or _line_key(first).startswith(
        "an official website of the united states government"
    ):
        return True  # decided by the first line: the usual case, so the rest is not split up
    content = [stripped for line in lines if (stripped := line.strip())]
    for line in content[1:_HEADER_SCAN]:
        if "|" in line and (found := detect_byline(line)) is not None and found.date is not None:
            return True
    kinds = {meta.kind for line in content if (meta := _meta(line)) is not None}
    return {"download", "virin"} <= kinds


def parse_crawler_text(text: str, name: str) -> ParsedArticle:
    """Parse a crawler text dump of an article page (see the module docstring).

    Raises ``ParseError`` when the text is empty, binary or has no title.
    """
    text = normalise_text(text)
    check_text(text)
    lines, rest = split_lines(text)
    del text  # (the lines and the rest hold it now)
    stripped = _strip_chrome(lines)
    del lines
    header = _read_header(stripped.lines, stripped.footers)
    if header is None or not header.title:
        if not rest:
            raise ParseError("no article text (only site navigation)")
        header = _Header(title="", body_start=len(stripped.lines))
    reader = _BodyReader()
    reader.read(_body_lines(stripped, header.body_start))
    paragraphs, images = reader.paragraphs, reader.images
    if rest:
        paragraphs.append(rest)
    if header.title and len(header.title) <= MAX_TITLE_CHARS:
        title = collapse_whitespace(header.title)
    else:
        # No title line: a line too long for one is the start of the story (or there was
        # none before the rest of a very long text); the title is its first sentence.
        if header.title:
            paragraphs.insert(0, header.title)
            images = [replace(i, paragraph_index=i.paragraph_index + 1) for i in images]
        title = headline(paragraphs[0])
    byline = header.byline
    logger.debug(
        "crawler text %s: title=%r, %d paragraphs, %d images",
        name,
        title,
        len(paragraphs),
        len(images),
    )
    return ParsedArticle(
        title=title,
        paragraphs=tuple(paragraphs),
        format=FORMAT,
        published=header.published or stripped.crawler_date,
        byline=byline.printed if byline else None,
        authors=byline.authors if byline else (),
        source=byline.source if byline else None,
        images=tuple(images),
    )
