"""The words a query searches for, read from its syntax tree alone (no SQL, no SQLAlchemy).

The compiler ranks and highlights by them; the window marks them in its results without
compiling the query to SQL on the GUI thread (``highlight_terms``).
"""

from __future__ import annotations

from dossierdesk.query.fields import FTS_COLUMNS
from dossierdesk.query.parser import parse_query
from dossierdesk.query.syntax import And, FieldTerm, Node, Not, Or, Term


def positive_leaves(node: Node, negated: bool = False) -> list[Term | FieldTerm]:
    """The text terms a match can be found through: words, phrases and text fields
    (``title:``…), not those under a NOT."""
    if isinstance(node, Not):
        return positive_leaves(node.child, not negated)
    if isinstance(node, And | Or):
        return [leaf for c in node.children for leaf in positive_leaves(c, negated)]
    if negated or (isinstance(node, FieldTerm) and node.name not in FTS_COLUMNS):
        return []
    return [node]


def unique(items: list[str], fold: bool = False) -> tuple[str, ...]:
    """Drop repeats (case-insensitively if ``fold``), keeping the first spelling and the order."""
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = item.casefold() if fold else item
        if key not in seen:
            seen.add(key)
            out.append(item)
    return tuple(out)


def leaf_words(leaves: list[Term | FieldTerm]) -> tuple[str, ...]:
    """The words and phrases of ``leaves`` as typed (prefix searches without their ``*``)."""
    return unique([leaf.text if isinstance(leaf, Term) else leaf.value for leaf in leaves], True)


def highlight_terms(text: str) -> tuple[str, ...]:
    """``compile_query(text).highlight_terms``, from the parse alone; raises
    ``QuerySyntaxError`` for a malformed query."""
    node = parse_query(text)
    return () if node is None else leaf_words(positive_leaves(node))
