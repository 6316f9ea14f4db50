"""The service layer: the ``Archive`` object and the plain dataclasses it returns."""

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
