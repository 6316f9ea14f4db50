"""The service layer: the ``Archive`` object and the plain dataclasses it returns.

The names are loaded on first use, so that importing one light module of the package (its
dataclasses, say, in the PDF paint worker) does not load the archive and SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dossierdesk.lazy import lazy_names

if TYPE_CHECKING:
    from dossierdesk.service.archive import Archive
    from dossierdesk.service.cancel import CancelToken
    from dossierdesk.service.dossier_dto import DossierDetail, DossierEntryInfo, DossierInfo
    from dossierdesk.service.dto import (
        ArchiveStats,
        ArticleDetail,
        ArticleSummary,
        ImportOutcome,
        ImportProgress,
        ImportReport,
        ImportStatus,
        SearchResult,
        TagInfo,
    )

# Where each public name lives; imported on first use (PEP 562).
_HOMES = {
    "Archive": "dossierdesk.service.archive",
    "CancelToken": "dossierdesk.service.cancel",
    "DossierDetail": "dossierdesk.service.dossier_dto",
    "DossierEntryInfo": "dossierdesk.service.dossier_dto",
    "DossierInfo": "dossierdesk.service.dossier_dto",
    "ArchiveStats": "dossierdesk.service.dto",
    "ArticleDetail": "dossierdesk.service.dto",
    "ArticleSummary": "dossierdesk.service.dto",
    "ImportOutcome": "dossierdesk.service.dto",
    "ImportProgress": "dossierdesk.service.dto",
    "ImportReport": "dossierdesk.service.dto",
    "ImportStatus": "dossierdesk.service.dto",
    "SearchResult": "dossierdesk.service.dto",
    "TagInfo": "dossierdesk.service.dto",
}

__all__ = [
    "Archive",
    "ArchiveStats",
    "ArticleDetail",
    "ArticleSummary",
    "CancelToken",
    "DossierDetail",
    "DossierEntryInfo",
    "DossierInfo",
    "ImportOutcome",
    "ImportProgress",
    "ImportReport",
    "ImportStatus",
    "SearchResult",
    "TagInfo",
]


__getattr__ = lazy_names(__name__, _HOMES)
