"""What a parsed article's text fields may contain, and how they are made to fit.

Every ``ParsedArticle`` and ``ParsedImage`` passes its fields through this module when it is
built (see ``types``), whatever importer built it, so the rules hold in one place:

Characters. Imported text is untrusted: a feed title may carry ``&#0;``, a crawler dump stray
escape sequences. No field keeps C0 or C1 control characters (U+0000-U+001F, U+007F-U+009F),
lone surrogates or noncharacters (U+FFFE, U+FFFF, U+FDD0-U+FDEF and their counterparts in the
other planes); body paragraphs alone keep newline and tab. Line and page breaks (CR, VT, FF,
the information separators U+001C-U+001F, NEL) become a space in one-line fields, and CR/CRLF
become a newline in paragraphs; every other such character is removed. (One-line fields also
lose the Unicode line and paragraph separators U+2028/U+2029, as spaces.)

Lengths (characters, after cleaning):

=====================================================  ======  =================================
field                                                  limit   when longer
=====================================================  ======  =================================
title                                                  500     cut at a word boundary, "…"
byline, source, dateline, each author                  300     cut at a word boundary, "…"
image caption, image credit                            4,000   cut at a word boundary, "…"
article URL, image URL                                 2,048   dropped (a cut URL is a wrong one)
VIRIN as printed                                       64      dropped (no VIRIN is that long)
download size, each image keyword                      100     dropped
=====================================================  ======  =================================

An empty title after cleaning becomes "Untitled". Importers that can do better than cutting do
so before building the record: a plain-text file whose first line is longer than the title
limit is not given that line as its title (``headline`` takes its first sentence, and the line
stays in the body).

The limits on the work done for one file are with the parsers: ``plain_text.MAX_LINES`` (text
read as lines), ``html_article.MAX_MARKUP_TAGS`` (tags in a page), ``feed.MAX_FEED_ITEMS``
(items in a feed) and the entity limits of ``doctype``; the size of a file is bounded by
``sources.DEFAULT_MAX_FILE_BYTES``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = [
    "ELLIPSIS",
    "HEADLINE_CHARS",
    "MAX_CAPTION_CHARS",
    "MAX_LABEL_CHARS",
    "MAX_NAME_CHARS",
    "MAX_TITLE_CHARS",
    "MAX_URL_CHARS",
    "MAX_VIRIN_CHARS",
    "UNTITLED",
    "clean_label",
    "clean_line",
    "clean_paragraph",
    "collapse_whitespace",
    "headline",
    "shorten",
]

MAX_TITLE_CHARS = 500
MAX_NAME_CHARS = 300  # byline, source, dateline, each author
MAX_CAPTION_CHARS = 4000  # caption, credit
MAX_URL_CHARS = 2048
MAX_VIRIN_CHARS = 64
MAX_LABEL_CHARS = 100  # download size, image keyword
HEADLINE_CHARS = 200  # a title made from the start of a text is cut shorter than the limit

ELLIPSIS = "…"
UNTITLED = "Untitled"

_BMP_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"
_ASTRAL_NONCHARACTERS = tuple(
    chr(plane << 16 | last) for plane in range(1, 17) for last in (0xFFFE, 0xFFFF)
)
# Characters no field keeps (in a one-line field, whitespace controls included), in ASCII text
# and in any text. (The astral noncharacters are looked for separately: a character class
# with characters beyond the BMP makes every search several times slower.)
_BAD_ASCII_IN_LINE = re.compile("[\x00-\x1f\x7f]")
_BAD_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{_BMP_NONCHARACTERS}]")
# The same for paragraphs, which keep tab and newline.
_BAD_ASCII_IN_PARAGRAPH = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_BAD_IN_PARAGRAPH = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_BMP_NONCHARACTERS}]")
# Controls that separate words (they become a space rather than disappear).
_BREAKS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"
_LINE_TABLE = {
    **{code: None for code in range(0x20)},
    **{code: None for code in range(0x7F, 0xA0)},
    **{ord(char): " " for char in _BREAKS},
}
_PARAGRAPH_TABLE = {
    **{code: None for code in range(0x20) if chr(code) not in "\t\n"},
    **{code: None for code in range(0x7F, 0xA0)},
    **{ord(char): " " for char in "\x0b\x0c\x1c\x1d\x1e\x1f\x85"},
}
_SURROGATES_AND_NONCHARACTERS = re.compile(
    f"[\ud800-\udfff{_BMP_NONCHARACTERS}{''.join(_ASTRAL_NONCHARACTERS)}]"
)

_WHITESPACE_CHUNK = 1 << 16  # characters; longer strings are collapsed piece by piece


def _has_bad_line_chars(text: str) -> bool:
    # Every character no field keeps is one ``str.isprintable`` refuses (a control
    # character, a separator other than the space, a surrogate, a noncharacter), and it
    # reads a string faster than the searches below: most strings are printable.
    if text.isprintable():
        return False
    if text.isascii():  # (known without looking at the characters)
        return _BAD_ASCII_IN_LINE.search(text) is not None
    return _BAD_IN_LINE.search(text) is not None or _has_astral_noncharacter(text)


def _has_bad_paragraph_chars(text: str) -> bool:
    if text.isprintable():  # (as in ``_has_bad_line_chars``; tab and newline are searched)
        return False
    if text.isascii():
        return _BAD_ASCII_IN_PARAGRAPH.search(text) is not None
    return _BAD_IN_PARAGRAPH.search(text) is not None or _has_astral_noncharacter(text)


def _has_astral_noncharacter(text: str) -> bool:
    # ``in`` returns at once for a string that holds no character beyond the BMP.
    return any(char in text for char in _ASTRAL_NONCHARACTERS)


def _strip_bad(text: str, table: dict[int, str | None]) -> str:
    return _SURROGATES_AND_NONCHARACTERS.sub("", text.translate(table))


def clean_line(value: str, limit: int) -> str:
    """A one-line field: no control characters (breaks become spaces, runs of whitespace one
    space), at most ``limit`` characters (cut at a word boundary with an ellipsis)."""
    if _has_bad_line_chars(value):
        value = collapse_whitespace(_strip_bad(value, _LINE_TABLE))
    return shorten(value, limit) if len(value) > limit else value


def clean_label(value: str | None, limit: int) -> str | None:
    """A field that is useless when cut (URL, VIRIN, size, keyword): cleaned as a line, and
    ``None`` when empty or longer than ``limit``."""
    if value is None:
        return None
    if _has_bad_line_chars(value):
        value = collapse_whitespace(_strip_bad(value, _LINE_TABLE))
    return value if value and len(value) <= limit else None


def clean_paragraph(value: str) -> str:
    """A body paragraph: tab and newline kept, CR/CRLF as newline, other controls removed."""
    if not _has_bad_paragraph_chars(value):
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _strip_bad(value, _PARAGRAPH_TABLE).strip()


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS) + 1]
    space = cut.rfind(" ")
    # A word boundary in the second half; otherwise (one huge word) a hard cut.
    cut = cut[:space] if space >= limit // 2 else cut[: limit - len(ELLIPSIS)]
    return cut.rstrip(" ,;:-–—") + ELLIPSIS


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace as one space, none at the ends (``" ".join(text.split())``).

    Most strings need no more than stripping (a paragraph read from a page, with the line
    break before it): once stripped, a string with no two spaces together whose characters
    are all printable holds no whitespace but single spaces, as every whitespace character
    but the space is a separator or a control character, which ``str.isprintable`` refuses.
    That is two scans in C with nothing made, where splitting makes a string for each word.
    (``strip`` and ``split`` take the same characters for whitespace.)

    Long strings are done piece by piece: splitting a whole 50 MB line into words at once
    holds some 60 bytes per word (a list entry and a string object each).
    """
    if len(text) <= _WHITESPACE_CHUNK:
        text = text.strip()
        if "  " not in text and text.isprintable():
            return text
        return " ".join(text.split())
    return " ".join(part for part in map(" ".join, _split_at_spaces(text)) if part)


def _split_at_spaces(text: str) -> Iterator[list[str]]:
    """The words of ``text``, a chunk of about ``_WHITESPACE_CHUNK`` characters at a time
    (chunks end at whitespace, so no word is split)."""
    start, end = 0, len(text)
    while start < end:
        stop = min(start + _WHITESPACE_CHUNK, end)
        while stop < end and not text[stop].isspace():
            stop += 1
        yield text[start:stop].split()
        start = stop


_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?=\s)")
# Words that end with a period without ending a sentence ("Sgt.", "U.S.", "Nov.", "No.").
_ABBREVIATION = re.compile(
    r"(?:^|\s|\()(?:[A-Z]|[A-Z]\.[A-Z]|Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Lt|Col|Maj|Capt|Cpt|Sgt|Cpl"
    r"|Pfc|Pvt|Spc|Adm|Cmdr|Cdr|Ens|Brig|Amn|Ret|Rep|Sen|Gov|Rev|Hon|Jan|Feb|Mar|Apr|Jun|Jul"
    r"|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|Vol|Inc|Co|Corp|Ltd|Dept|Ft|Mt|Ave|vs|etc|approx)\.$"
)
_MIN_HEADLINE_CHARS = 12


def headline(text: str, limit: int = HEADLINE_CHARS) -> str:
    """A title for a text that has none: its first sentence when that is short enough, else
    its start cut at a word boundary with an ellipsis. Only the start of ``text`` is read."""
    start = " ".join(text[: limit * 2].split())
    for match in _SENTENCE_END.finditer(start, 0, limit + 1):
        end = match.end()
        if end > limit:
            break
        if end >= _MIN_HEADLINE_CHARS and _ABBREVIATION.search(start[: match.start() + 1]) is None:
            return start[:end]
    if len(start) > limit:
        return shorten(start, limit)
    if len(text) <= limit * 2:
        return start  # the whole text is short enough
    return start[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS  # (mostly whitespace so far)
