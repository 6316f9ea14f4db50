"""The search language: query text -> tokens -> syntax tree -> SQLAlchemy filter.

One parser serves the CLI and the GUI search box. See ``parser`` for the grammar and
``compiler`` for how each part becomes SQL.
"""

from __future__ import annotations

from dossierdesk.query.compiler import CompiledQuery, compile_node, compile_query, fts_string
from dossierdesk.query.fields import FIELD_NAMES, HAS_VALUES, SERVICE_VALUES
from dossierdesk.query.parser import parse_query
from dossierdesk.query.syntax import (
    And,
    FieldTerm,
    Node,
    Not,
    Or,
    QuerySyntaxError,
    Term,
    describe,
    quote_value,
)

__all__ = [
    "FIELD_NAMES",
    "HAS_VALUES",
    "SERVICE_VALUES",
    "And",
    "CompiledQuery",
    "FieldTerm",
    "Node",
    "Not",
    "Or",
    "QuerySyntaxError",
    "Term",
    "compile_node",
    "compile_query",
    "describe",
    "fts_string",
    "parse_query",
    "quote_value",
]
