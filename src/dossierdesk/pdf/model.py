"""What a printed dossier is made of: plain data, independent of the archive and of widgets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol

from PySide6.QtCore import QLocale

from dossierdesk.service.dto import ArticleDetail

PageSizeName = Literal["A4", "Letter"]

# The original bytes of a stored photo by its SHA-256 (``Archive.photo_data``), None if gone.
PhotoSource = Callable[[str], bytes | None]

# Territories that print on US Letter (the rest of the world uses A4).
_LETTER_TERRITORIES = frozenset(
    {
        QLocale.Country.UnitedStates,
        QLocale.Country.Canada,
        QLocale.Country.Mexico,
        QLocale.Country.Philippines,
        QLocale.Country.Chile,
        QLocale.Country.Colombia,
        QLocale.Country.Venezuela,
        QLocale.Country.CostaRica,
        QLocale.Country.Guatemala,
        QLocale.Country.Panama,
        QLocale.Country.PuertoRico,
        QLocale.Country.ElSalvador,
        QLocale.Country.DominicanRepublic,
        QLocale.Country.Nicaragua,
    }
)


def default_page_size(locale: QLocale | None = None) -> PageSizeName:
    """US Letter where it is the norm (US, Canada, Mexico, the Philippines…), else A4."""
    territory = (locale or QLocale()).territory()
    return "Letter" if territory in _LETTER_TERRITORIES else "A4"


@dataclass(frozen=True, slots=True)
class DossierEntry:
    """One article of the dossier with the compiler's note about it."""

    article: ArticleDetail
    note: str | None = None


class EntrySource(Protocol):
    """Entries in dossier order. Iterated twice (layout, then painting), so it must be
    re-iterable; a ``Sequence[DossierEntry]`` qualifies, as does :class:`ArchiveEntries`, which
    fetches articles in chunks so that large dossiers are never all in memory."""

    def __iter__(self) -> Iterator[DossierEntry]: ...

    def __len__(self) -> int: ...


@dataclass(frozen=True, slots=True)
class DossierDocument:
    title: str
    entries: EntrySource
    subtitle: str | None = None
    compiled_by: str | None = None
    description: str | None = None
    compiled_on: dt.date = field(default_factory=dt.date.today)
    photos: PhotoSource | None = None  # where the images' photos are read (none: not printed)


@dataclass(frozen=True, slots=True)
class ExportOptions:
    page_size: PageSizeName = field(default_factory=default_page_size)
    pdfa: bool = False
    include_photos: bool = True  # print each image's stored photo where it stood
    # Print the file an article was imported from when it has no URL (off: a shared dossier
    # does not show the folders of whoever compiled it).
    file_paths: bool = False
