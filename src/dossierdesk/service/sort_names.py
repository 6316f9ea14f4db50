"""What search results can be sorted by, in a module of its own: the command line's help
names them without loading the service's dataclasses (``dto`` re-exports them)."""

from __future__ import annotations

# ``service.search.SORT_FIELDS``'s keys, and "relevance" (a test keeps them in step).
SORT_NAMES: tuple[str, ...] = (
    "date",
    "published",
    "title",
    "source",
    "imported",
    "words",
    "images",
    "virins",
    "id",
    "relevance",
)
