"""Syntax tree of a search query, and rendering a tree back to query text (the syntax error,
``QuerySyntaxError``, lives in ``errors``).

Node positions (``pos``) are 0-based character offsets into the query text; they are excluded from
equality so that trees parsed from differently spaced text compare equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dossierdesk.query.errors import QuerySyntaxError as QuerySyntaxError  # re-exported

KEYWORDS = frozenset({"OR", "AND", "NOT"})

# Characters that end an unquoted word (besides whitespace).
DELIMITERS = frozenset('()"|')

_FIELD_PREFIX = re.compile(r"[A-Za-z][A-Za-z_]*:")


@dataclass(frozen=True, slots=True)
class Term:
    """A free word or "quoted phrase", searched in every full-text column."""

    text: str
    phrase: bool = False  # written in quotes
    prefix: bool = False  # written with a trailing '*'
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class FieldTerm:
    """``name:value``; ``name`` is the canonical lower-case field name without the colon."""

    name: str
    value: str  # unquoted, without the prefix '*'
    prefix: bool = False
    pos: int = field(default=0, compare=False)
    value_pos: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Not:
    child: Node
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


Node = Term | FieldTerm | Not | And | Or


def _bare(text: str, prefix: bool = False) -> str | None:
    """``text`` (plus ``*`` if ``prefix``) written unquoted, if the lexer reads it back as one
    word with that text; ``None`` if it must be quoted."""
    if (
        not text
        or text.startswith("-")
        or text.endswith("*")
        or looks_like_field(text)
        or any(ch.isspace() or ch in DELIMITERS for ch in text)
    ):
        return None
    if prefix:
        return text + "*"  # "AND*" is a word, unlike "AND"
    return None if text in KEYWORDS else text


def quote_value(value: str) -> str:
    """Return ``value`` as it must be written in a query to be read back as one literal value.

    Values that would otherwise be split, read as a keyword, a field, a negation or a prefix are
    put in double quotes, with ``"`` and ``\\`` escaped by a backslash.
    """
    if _bare(value) is not None:
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _describe_atom(node: Node) -> str:
    if isinstance(node, Term | FieldTerm | Not):
        return describe(node)
    return f"({describe(node)})"


def describe(node: Node | None) -> str:
    """Render a tree as canonical query text; ``parse_query(describe(n)) == n`` for parsed trees.

    Field names and keywords are written in their canonical spelling, values keep their case.
    ``None`` (the empty query) renders as the empty string.
    """
    if node is None:
        return ""
    if isinstance(node, Term):
        bare = None if node.phrase else _bare(node.text, node.prefix)
        return bare or f'"{_escape(node.text)}"' + ("*" if node.prefix else "")
    if isinstance(node, FieldTerm):
        return f"{node.name}:{quote_value(node.value)}" + ("*" if node.prefix else "")
    if isinstance(node, Not):
        return "-" + _describe_atom(node.child)
    if isinstance(node, And):
        return " ".join(
            f"({describe(c)})" if isinstance(c, Or | And) else describe(c) for c in node.children
        )
    return " OR ".join(
        f"({describe(c)})" if isinstance(c, Or) else describe(c) for c in node.children
    )


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def looks_like_field(word: str) -> bool:
    """True if an unquoted ``word`` would be read as ``name:value``."""
    return _FIELD_PREFIX.match(word) is not None
