"""Plain dataclasses the service hands out (never live ORM rows)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from dossierdesk.service.sort_names import SORT_NAMES as SORT_NAMES  # re-exported


@dataclass(frozen=True, slots=True)
class PhotoRef:
    """The photograph stored for an article image (its original bytes: ``Archive.photo_data``)."""

    id: int
    sha256: str
    mime: str  # image/jpeg, image/png, image/webp
    width: int
    height: int
    bytes: int


@dataclass(frozen=True, slots=True)
class PhotoInfo:
    """A photo record: standalone, or linked by VIRIN to article images."""

    id: int
    sha256: str
    mime: str
    width: int
    height: int
    bytes: int
    name: str  # the file it was imported from
    virin: str | None  # the VIRIN it links by (embedded metadata first, else the file name)
    file_name_virin: str | None
    embedded_virin: str | None
    virin_note: str | None  # when file name and embedded metadata disagree
    title: str | None
    caption: str | None
    credit: str | None
    byline: str | None
    date_created: dt.date | None
    imported_at: dt.datetime
    article_ids: tuple[int, ...]  # articles with an image linked to it, lowest id first


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """One image of an article: its caption, credit and VIRIN as printed, the VIRIN decoded,
    and the photo it is linked to."""

    position: int
    paragraph_index: int
    caption: str
    credit: str | None
    virin: str | None
    virin_valid: bool | None
    virin_problem: str | None
    virin_date: dt.date | None
    virin_service: str | None  # letter
    virin_service_name: str | None
    virin_originator: str | None
    download_size: str | None
    url: str | None
    photo: PhotoRef | None = None
    id: int | None = None  # the image's row id (``Archive.attach_photo``); None when unsaved


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One row of the article table."""

    id: int
    title: str
    published: dt.date | None
    authors: tuple[str, ...]
    source: str | None
    tags: tuple[str, ...]
    image_count: int
    virins: tuple[str, ...]
    imported_at: dt.datetime


@dataclass(frozen=True, slots=True)
class CitationInfo:
    """What a citation of an article names (``Archive.citations``): no body, no images."""

    id: int
    title: str
    published: dt.date | None
    byline: str | None
    authors: tuple[str, ...]
    source: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    """One article as the reader shows it: its metadata, text, tags and images."""

    id: int
    title: str
    published: dt.date | None
    byline: str | None
    authors: tuple[str, ...]
    source: str | None
    dateline: str | None
    url: str | None
    paragraphs: tuple[str, ...]
    word_count: int
    tags: tuple[str, ...]
    source_name: str
    format: str
    imported_at: dt.datetime
    images: tuple[ImageInfo, ...]
    #: how many metadata edits it had (an edit names the version it was made from)
    version: int = 1
    changed_by: str | None = None
    changed_at: dt.datetime | None = None

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A query's total and the ids of the articles asked for."""

    total: int
    ids: tuple[int, ...]


class ImportStatus(enum.StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What happened to one article (or one whole file, when it failed)."""

    file: str
    status: ImportStatus
    id: int | None = None
    message: str = ""
    title: str | None = None
    kind: str = "article"  # or "photo" (``id`` is then the photo's id)


@dataclass(slots=True)
class ImportReport:
    """What an import did, file by file."""

    outcomes: list[ImportOutcome] = field(default_factory=list)
    cancelled: bool = False
    # Why the import stopped early (the disk is full, …): ``outcomes`` then lists only the
    # files that were committed before it stopped.
    error: str | None = None

    def count(self, status: ImportStatus) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    @property
    def imported_ids(self) -> list[int]:
        return [o.id for o in self.outcomes if o.status is ImportStatus.IMPORTED and o.id]


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """How far an import has come, for a progress display."""

    files_done: int
    files_total: int | None  # None while unknown
    current: str
    imported: int
    duplicates: int
    failed: int


@dataclass(frozen=True, slots=True)
class TagInfo:
    """A tag with its colour and the number of articles that carry it."""

    id: int
    name: str
    color: str | None
    count: int


@dataclass(frozen=True, slots=True)
class FacetCount:
    """A sidebar entry: a value (source, author, year-month, service) and its article count."""

    value: str
    count: int


@dataclass(frozen=True, slots=True)
class ArchiveStats:
    """What the archive holds (``dossierdesk-cli stats``)."""

    articles: int
    images: int
    virins: int
    invalid_virins: int
    tags: int
    persons: int
    source_files: int
    first_published: dt.date | None
    last_published: dt.date | None
    file_bytes: int
    formats: tuple[FacetCount, ...]
    photos: int = 0
    linked_photos: int = 0  # photos linked to at least one article image
    dossiers: int = 0


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The archive's integrity check: whether it passed, and what it found."""

    ok: bool
    messages: tuple[str, ...]
