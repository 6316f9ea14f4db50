"""FTS5 MATCH strings as PostgreSQL ``tsquery`` text (stdlib only; see ``store.text_index``).

Queries (``tsquery_from_match``): the FTS5 strings of ``dossierdesk.query.compiler`` — quoted
phrases (``""`` escapes a quote), ``"..." *`` prefixes, ``{title} : X`` column filters (also
on parenthesised groups; nested filters intersect, as in FTS5), ``AND``, ``OR``, binary ``NOT``
(binding tighter than AND, left-associative) and parentheses. A phrase becomes its lexemes
joined by ``<->``; a column filter becomes weight labels (``WEIGHTS``). A multi-word phrase is
repeated once per column it may match in (``'a':A <-> 'b':A | 'a':B <-> 'b':B ...``): the
``||`` of the column vectors makes the last word of one column adjacent to the first of the
next, and FTS5 phrases never span columns.

A phrase without words (``"!!!"``, ``"-"``) matches no row in FTS5 (checked: alone, in AND, in
OR where it is ignored, under NOT where it removes nothing, in a column filter), so it is
``False`` here and is simplified away (``x & False`` = False, ``x | False`` = x, ``x & !False``
= x); a query that is false as a whole becomes ``NOTHING``, a tsquery no row matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dossierdesk.store.text_index import WEIGHTS, fits, lexeme, tokens, words

__all__ = [
    "NOTHING",
    "MatchTerm",
    "conjunctive",
    "match_terms",
    "title_only",
    "tsquery_from_match",
]

#: A tsquery no document matches (the translation of a match FTS5 can never satisfy).
NOTHING = "'a' & !'a'"

_LEX = re.compile(r'\s*(?:"((?:[^"]|"")*)"(\s*\*)?|(\()|(\))|\{(\w+)\}\s*:|(AND|OR|NOT)(?![\w"]))')


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    prefix: bool


@dataclass(frozen=True)
class _Op:
    op: str  # "AND", "OR", "NOT" (binary: left and not right), "COLS"
    left: _Node
    right: _Node | None = None
    columns: frozenset[str] = frozenset()


_Node = _Phrase | _Op


class _Parser:
    def __init__(self, match: str) -> None:
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        while pos < len(match):
            found = _LEX.match(match, pos)
            if found is None or found.end() == pos:
                if match[pos:].strip():
                    raise ValueError(f"not one of our FTS5 strings: {match!r} at {pos}")
                break
            pos = found.end()
            phrase, star, opening, closing, column, operator = found.groups()
            if phrase is not None:
                self.tokens.append(("*" if star else '"', phrase.replace('""', '"')))
            elif opening:
                self.tokens.append(("(", ""))
            elif closing:
                self.tokens.append((")", ""))
            elif column is not None:
                if column not in WEIGHTS:
                    raise ValueError(f"unknown column {column!r} in {match!r}")
                self.tokens.append(("{", column))
            else:
                self.tokens.append((operator, ""))
        self.pos = 0
        self.match = match

    def _peek(self) -> str | None:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def _take(self) -> tuple[str, str]:
        if self.pos >= len(self.tokens):
            raise ValueError(f"unexpected end of {self.match!r}")
        self.pos += 1
        return self.tokens[self.pos - 1]

    def parse(self) -> _Node:
        node = self._or()
        if self.pos != len(self.tokens):
            raise ValueError(f"unexpected {self.tokens[self.pos][0]!r} in {self.match!r}")
        return node

    def _or(self) -> _Node:
        node = self._and()
        while self._peek() == "OR":
            self.pos += 1
            node = _Op("OR", node, self._and())
        return node

    def _and(self) -> _Node:
        node = self._not()
        while self._peek() == "AND":
            self.pos += 1
            node = _Op("AND", node, self._not())
        return node

    def _not(self) -> _Node:
        node = self._primary()
        while self._peek() == "NOT":
            self.pos += 1
            node = _Op("NOT", node, self._primary())
        return node

    def _primary(self) -> _Node:
        kind, value = self._take()
        if kind in ('"', "*"):
            return _Phrase(tuple(words(value)) if _fits_all(value) else (), kind == "*")
        if kind == "(":
            node = self._or()
            if self._take()[0] != ")":
                raise ValueError(f"unbalanced parentheses in {self.match!r}")
            return node
        if kind == "{":
            if self._peek() not in ('"', "*", "("):
                raise ValueError(
                    f"a column filter must apply to a phrase or a group: {self.match!r}"
                )
            return _Op("COLS", self._primary(), columns=frozenset({value}))
        raise ValueError(f"unexpected {kind!r} in {self.match!r}")


def _fits_all(text: str) -> bool:
    """Whether no word of ``text`` is too long for PostgreSQL (such a phrase matches nothing
    there, as the word is not indexed)."""
    return all(fits(word) for _, _, word in tokens(text))


def _quote(word: str) -> str:
    return "'" + lexeme(word).replace("\\", "\\\\").replace("'", "''") + "'"


_ALL_COLUMNS = frozenset(WEIGHTS)


def _render_phrase(phrase: _Phrase, columns: frozenset[str]) -> str | None:
    """The tsquery of a phrase restricted to ``columns``; ``None``: matches nothing."""
    if not phrase.words or not columns:
        return None
    labels = "".join(sorted(WEIGHTS[c] for c in columns)) if columns != _ALL_COLUMNS else ""

    def one(labels: str) -> str:
        last = len(phrase.words) - 1
        return " <-> ".join(
            _quote(w) + (":" + ("*" if phrase.prefix and i == last else "") + labels)
            if labels or (phrase.prefix and i == last)
            else _quote(w)
            for i, w in enumerate(phrase.words)
        )

    if len(phrase.words) == 1:
        return one(labels)
    # One alternative per column: a phrase never spans two columns (see the module docstring).
    alternatives = [one(WEIGHTS[c]) for c in sorted(columns, key=lambda c: WEIGHTS[c])]
    return (
        alternatives[0] if len(alternatives) == 1 else " | ".join(f"( {a} )" for a in alternatives)
    )


def _group(expr: str) -> str:
    return f"( {expr} )"


def _render(node: _Node, columns: frozenset[str]) -> str | None:
    """The tsquery of ``node`` within ``columns``; ``None`` when it matches nothing."""
    if isinstance(node, _Phrase):
        return _render_phrase(node, columns)
    if node.op == "COLS":
        return _render(node.left, columns & node.columns)
    assert node.right is not None
    left = _render(node.left, columns)
    right = _render(node.right, columns)
    if node.op == "OR":
        if left is None or right is None:
            return left if right is None else right
        return f"{_group(left)} | {_group(right)}"
    if left is None:
        return None
    if node.op == "AND":
        return None if right is None else f"{_group(left)} & {_group(right)}"
    return left if right is None else f"{_group(left)} & !{_group(right)}"


def tsquery_from_match(match: str) -> str:
    """The PostgreSQL tsquery text (for ``to_tsquery('simple', ...)``) matching the rows the
    FTS5 MATCH string ``match`` (as our compiler writes it) matches; ``NOTHING`` when no row
    can match. Raises ``ValueError`` for other strings."""
    rendered = _render(_Parser(match).parse(), _ALL_COLUMNS)
    return NOTHING if rendered is None else rendered


def title_only(match: str) -> bool:
    """Whether every phrase of ``match`` is limited to the title (``{title} : …``): such a
    query can be answered from the titles' own index (a team archive's ``title_document``)."""

    def scoped(node: _Node, columns: frozenset[str]) -> bool:
        if isinstance(node, _Phrase):
            return not node.words or columns <= {"title"}
        if node.op == "COLS":
            return scoped(node.left, columns & node.columns)
        return scoped(node.left, columns) and (node.right is None or scoped(node.right, columns))

    try:
        return scoped(_Parser(match).parse(), _ALL_COLUMNS)
    except ValueError:
        return False


def conjunctive(match: str) -> bool:
    """Whether ``match`` has an ``AND`` and no ``NOT``: a row whose title alone matches it then
    matches it (no ``NOT`` can exclude it), and fewer rows do than hold any of its words."""

    def walk(node: _Node) -> tuple[bool, bool]:  # (has AND, has NOT)
        if isinstance(node, _Phrase):
            return False, False
        left = walk(node.left)
        right = walk(node.right) if node.right is not None else (False, False)
        return (
            node.op == "AND" or left[0] or right[0],
            node.op == "NOT" or left[1] or right[1],
        )

    try:
        has_and, has_not = walk(_Parser(match).parse())
    except ValueError:
        return False
    return has_and and not has_not


@dataclass(frozen=True)
class MatchTerm:
    """A phrase to highlight: its words, and whether the last one is a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


def match_terms(match: str) -> tuple[MatchTerm, ...]:
    """The phrases of an FTS5 MATCH string that a matching row may contain (those on the
    right of a ``NOT`` are left out), each once, in order; wordless phrases are left out."""
    out: list[MatchTerm] = []

    def walk(node: _Node) -> None:
        if isinstance(node, _Phrase):
            term = MatchTerm(node.words, node.prefix)
            if node.words and term not in out:
                out.append(term)
        else:
            walk(node.left)
            if node.op in ("AND", "OR") and node.right is not None:
                walk(node.right)

    walk(_Parser(match).parse())
    return tuple(out)
