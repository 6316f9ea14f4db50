"""The search language: query text -> tokens -> syntax tree -> SQLAlchemy filter.

One parser serves the CLI and the GUI search box. See ``parser`` for the grammar and
``compiler`` for how each part becomes SQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dossierdesk.lazy import lazy_names

if TYPE_CHECKING:
    from dossierdesk.query.compiler import CompiledQuery, compile_node, compile_query, fts_string
    from dossierdesk.query.errors import QuerySyntaxError
    from dossierdesk.query.fields import FIELD_NAMES, HAS_VALUES, SERVICE_VALUES
    from dossierdesk.query.parser import parse_query
    from dossierdesk.query.syntax import (
        And,
        FieldTerm,
        Node,
        Not,
        Or,
        Term,
        describe,
        quote_value,
    )

# Where each public name lives; imported on first use (PEP 562), so that the syntax alone
# (``QuerySyntaxError``, the parser) can be had without loading the compiler and SQLAlchemy.
_HOMES = {
    "CompiledQuery": "dossierdesk.query.compiler",
    "compile_node": "dossierdesk.query.compiler",
    "compile_query": "dossierdesk.query.compiler",
    "fts_string": "dossierdesk.query.compiler",
    "FIELD_NAMES": "dossierdesk.query.fields",
    "HAS_VALUES": "dossierdesk.query.fields",
    "SERVICE_VALUES": "dossierdesk.query.fields",
    "parse_query": "dossierdesk.query.parser",
    "And": "dossierdesk.query.syntax",
    "FieldTerm": "dossierdesk.query.syntax",
    "Node": "dossierdesk.query.syntax",
    "Not": "dossierdesk.query.syntax",
    "Or": "dossierdesk.query.syntax",
    "QuerySyntaxError": "dossierdesk.query.errors",
    "Term": "dossierdesk.query.syntax",
    "describe": "dossierdesk.query.syntax",
    "quote_value": "dossierdesk.query.syntax",
}

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


__getattr__ = lazy_names(__name__, _HOMES)
