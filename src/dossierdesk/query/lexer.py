"""Query text -> tokens with character positions.

Rules: whitespace separates tokens; ``(`` ``)`` ``|`` are tokens of their own; ``"..."`` is a
phrase (``\\"`` and ``\\\\`` escape inside it); the upper-case words ``OR`` ``AND`` ``NOT`` are
keywords; a ``-`` that starts a token and is followed by something is a negation; a word starting
with ``name:`` is a field together with its value (quoted or not); a trailing ``*`` after a word,
phrase or field value marks a prefix search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from dossierdesk.query.syntax import DELIMITERS, QuerySyntaxError

_FIELD = re.compile(r"([A-Za-z][A-Za-z_]*):")


class Kind(Enum):
    WORD = "word"
    PHRASE = "phrase"
    FIELD = "field"
    LPAREN = "("
    RPAREN = ")"
    OR = "OR"
    AND = "AND"
    NOT = "NOT"
    MINUS = "-"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    pos: int  # offset of the first character
    end: int  # offset just past the last character
    text: str = ""  # WORD/PHRASE: the text (unescaped, no '*'); FIELD: the name as written
    prefix: bool = False  # WORD/PHRASE/FIELD value followed by '*'
    value: str = ""  # FIELD: the value (unescaped, no '*')
    value_pos: int = 0  # FIELD: offset of the value (of its opening quote if quoted)
    quoted: bool = False  # FIELD: the value was quoted


def _ends_word(ch: str) -> bool:
    return ch.isspace() or ch in DELIMITERS


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    """Read a quoted string whose opening quote is at ``start``; return (content, end offset)."""
    out: list[str] = []
    i = start + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in '"\\':
            out.append(text[i + 1])
            i += 2
            continue
        if ch == '"':
            return "".join(out), i + 1
        out.append(ch)
        i += 1
    raise QuerySyntaxError(f"unclosed quote at {start}", start)


def _read_stars(text: str, i: int) -> int:
    while i < len(text) and text[i] == "*":
        i += 1
    return i


def _read_word(text: str, i: int) -> int:
    while i < len(text) and not _ends_word(text[i]):
        i += 1
    return i


def tokenize(text: str) -> list[Token]:
    """Split query text into tokens; raises QuerySyntaxError for an unclosed quote."""
    tokens: list[Token] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            tokens.append(Token(Kind.LPAREN, i, i + 1))
            i += 1
        elif ch == ")":
            tokens.append(Token(Kind.RPAREN, i, i + 1))
            i += 1
        elif ch == "|":
            tokens.append(Token(Kind.OR, i, i + 1))
            i += 1
        elif ch == '"':
            content, end = _read_quoted(text, i)
            stars = _read_stars(text, end)
            tokens.append(Token(Kind.PHRASE, i, stars, content, prefix=stars > end))
            i = stars
        elif ch == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] not in ")|":
            tokens.append(Token(Kind.MINUS, i, i + 1))
            i += 1
        else:
            tokens.append(_word_or_field(text, i))
            i = tokens[-1].end
    return tokens


def _word_or_field(text: str, start: int) -> Token:
    end = _read_word(text, start)
    word = text[start:end]
    if word in ("OR", "AND", "NOT"):
        return Token(Kind[word], start, end)
    match = _FIELD.match(word)
    if match is None:
        stem = word.rstrip("*")
        return Token(Kind.WORD, start, end, stem, prefix=len(stem) < len(word))
    name = match.group(1)
    value_pos = start + match.end()
    if value_pos == end and end < len(text) and text[end] == '"':
        value, quote_end = _read_quoted(text, end)
        stars = _read_stars(text, quote_end)
        return Token(
            Kind.FIELD,
            start,
            stars,
            name,
            prefix=stars > quote_end,
            value=value,
            value_pos=value_pos,
            quoted=True,
        )
    raw = text[value_pos:end]
    value = raw.rstrip("*")
    return Token(
        Kind.FIELD,
        start,
        end,
        name,
        prefix=len(value) < len(raw),
        value=value,
        value_pos=value_pos,
    )
