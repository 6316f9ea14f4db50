"""The syntax error of a search query, in a module of its own.

The command line catches it around every command; this module loads nothing else, so that
a command which never parses a query (an import) does not load the query syntax for it.
"""

from __future__ import annotations


class QuerySyntaxError(ValueError):
    """A malformed query; ``position`` is the 0-based character offset of the problem.

    ``str(err)`` is the whole user-facing message, which already names the position
    ("unclosed quote at 7").
    """

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message, position)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        return self.message
