"""Reading a dossier for display (the article sources are fetched lazily, see the model)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dossierdesk.gui.dossiers.entries_model import EntryRow
from dossierdesk.service.dossier_dto import DossierDetail

if TYPE_CHECKING:
    from dossierdesk.service import Archive

# Dossiers with more entries than this are read on a worker thread (10,000 take ~0.1-0.35 s).
LARGE_DOSSIER = 1_500


@dataclass(frozen=True, slots=True)
class LoadedDossier:
    detail: DossierDetail
    rows: tuple[EntryRow, ...]


def read_dossier(archive: Archive, dossier_id: int) -> LoadedDossier:
    """One dossier with its table rows (KeyError if it no longer exists)."""
    detail = archive.dossier(dossier_id)
    rows = tuple(EntryRow(e.article_id, e.title, e.published, e.note) for e in detail.entries)
    return LoadedDossier(detail, rows)


def read_sources(archive: Archive, article_ids: Sequence[int]) -> dict[int, str | None]:
    """Source of each article (articles deleted meanwhile map to None)."""
    found = {s.id: s.source for s in archive.summaries(article_ids)}
    return {i: found.get(i) for i in article_ids}
