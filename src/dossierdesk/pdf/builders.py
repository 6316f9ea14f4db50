"""Build a :class:`DossierDocument` from a stored dossier, a query or a list of article ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

from dossierdesk.pdf.model import DossierDocument, DossierEntry, PhotoSource
from dossierdesk.service.dto import ArticleDetail, SearchResult


class _EntryInfo(Protocol):
    @property
    def article_id(self) -> int: ...

    @property
    def note(self) -> str | None: ...


class _DossierInfo(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def subtitle(self) -> str | None: ...

    @property
    def compiled_by(self) -> str | None: ...

    @property
    def description(self) -> str | None: ...

    @property
    def entries(self) -> Sequence[_EntryInfo]: ...


class ArticleReader(Protocol):
    """The part of :class:`dossierdesk.service.Archive` the export reads."""

    def articles(self, article_ids: Sequence[int]) -> Iterator[ArticleDetail]: ...

    def search(self, query: str = "", *, sort: str = ...) -> SearchResult: ...

    def photo_data(self, sha256: str) -> bytes | None: ...


class DossierReader(ArticleReader, Protocol):
    def dossier(self, ref: int | str) -> _DossierInfo: ...


class ArchiveEntries:
    """Dossier entries read from the archive on each iteration, a chunk of articles at a time.

    Articles deleted since the ids were taken are skipped, so the count is re-checked by the
    renderer rather than trusted.
    """

    def __init__(
        self,
        archive: ArticleReader,
        article_ids: Sequence[int],
        notes: Mapping[int, str | None] | None = None,
    ) -> None:
        self._archive = archive
        self._ids = tuple(article_ids)
        self._notes = dict(notes or {})

    @property
    def article_ids(self) -> tuple[int, ...]:
        return self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[DossierEntry]:
        for article in self._archive.articles(self._ids):
            yield DossierEntry(article, self._notes.get(article.id))


def document_from_dossier(
    archive: DossierReader, ref: int | str, *, compiled_on: dt.date | None = None
) -> DossierDocument:
    """A stored dossier in its own order (raises whatever ``archive.dossier`` raises if unknown)."""
    info = archive.dossier(ref)
    ids = [e.article_id for e in info.entries]
    notes = {e.article_id: e.note for e in info.entries}
    return DossierDocument(
        title=info.title,
        subtitle=info.subtitle,
        compiled_by=info.compiled_by,
        description=info.description,
        compiled_on=compiled_on or dt.date.today(),
        entries=ArchiveEntries(archive, ids, notes),
        photos=_photo_source(archive),
    )


def document_from_query(
    archive: ArticleReader,
    query: str,
    *,
    title: str,
    subtitle: str | None = None,
    compiled_by: str | None = None,
    description: str | None = None,
    sort: str = "date",
    compiled_on: dt.date | None = None,
) -> DossierDocument:
    """Every article matching ``query`` (empty: all), oldest first unless ``sort`` says otherwise.

    Raises ``QuerySyntaxError`` for a malformed query.
    """
    ids = archive.search(query, sort=sort).ids
    return document_from_ids(
        archive,
        ids,
        title=title,
        subtitle=subtitle,
        compiled_by=compiled_by,
        description=description,
        compiled_on=compiled_on,
    )


def document_from_ids(
    archive: ArticleReader,
    article_ids: Sequence[int],
    *,
    title: str,
    subtitle: str | None = None,
    compiled_by: str | None = None,
    description: str | None = None,
    notes: Mapping[int, str | None] | None = None,
    compiled_on: dt.date | None = None,
) -> DossierDocument:
    """These articles in the order given."""
    return DossierDocument(
        title=title,
        subtitle=subtitle,
        compiled_by=compiled_by,
        description=description,
        compiled_on=compiled_on or dt.date.today(),
        entries=ArchiveEntries(archive, article_ids, notes),
        photos=_photo_source(archive),
    )


def _photo_source(archive: ArticleReader) -> PhotoSource | None:
    """``archive.photo_data`` (readers without photos print none)."""
    source: PhotoSource | None = getattr(archive, "photo_data", None)
    return source
