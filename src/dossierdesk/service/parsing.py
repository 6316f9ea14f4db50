"""Parsing source files one at a time, as they are read (a batch is never held in memory).

Parsing is pure CPU work (pure functions from bytes to articles). A process pool was tried for
large batches; it was fragile (main-module re-import under spawn/forkserver, frozen bundles)
and is left out until it can be made robust.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dossierdesk.importers import (
    ParsedArticle,
    ParseError,
    SourceFailure,
    SourceFile,
    parse_document,
)

ParseResult = list[ParsedArticle] | ParseError
Parsed = tuple[SourceFile | SourceFailure, ParseResult | None]


def parse_one(name: str, data: bytes) -> ParseResult:
    try:
        return parse_document(data, name)
    except ParseError as exc:
        return exc


def parse_sources(
    sources: Iterable[SourceFile | SourceFailure], *, total: int | None = None
) -> Iterator[Parsed]:
    """Yield (source, articles or ParseError) in input order; read failures pass with None."""
    del total  # reserved for choosing parallel parsing of large batches
    for item in sources:
        if isinstance(item, SourceFailure):
            yield item, None
        else:
            yield item, parse_one(item.name, item.data)
