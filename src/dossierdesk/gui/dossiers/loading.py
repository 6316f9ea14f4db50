"""Reading a dossier for display: its detail plus each article's source, in table rows."""

from __future__ import annotations

from dataclasses import dataclass

from dossierdesk.gui.dossiers.entries_model import EntryRow
from dossierdesk.service import Archive
from dossierdesk.service.dossier_dto import DossierDetail

# Dossiers with more entries than this are read on a worker thread (10,000 take ~0.3 s).
LARGE_DOSSIER = 1_500
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class LoadedDossier:
    detail: DossierDetail
    rows: tuple[EntryRow, ...]


def read_dossier(archive: Archive, dossier_id: int) -> LoadedDossier:
    """One dossier with its table rows (KeyError if it no longer exists)."""
    detail = archive.dossier(dossier_id)
    ids = detail.article_ids
    sources: dict[int, str | None] = {}
    for start in range(0, len(ids), _CHUNK):
        for summary in archive.summaries(ids[start : start + _CHUNK]):
            sources[summary.id] = summary.source
    rows = tuple(
        EntryRow(e.article_id, e.title, e.published, sources.get(e.article_id), e.note)
        for e in detail.entries
    )
    return LoadedDossier(detail, rows)
