"""Plain dataclasses describing dossiers (curated, ordered collections of articles)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class DossierEntryInfo:
    """One article of a dossier: its 0-based position, the curator's note and what to show."""

    article_id: int
    position: int
    note: str | None
    title: str
    published: dt.date | None


@dataclass(frozen=True, slots=True)
class DossierInfo:
    """A dossier as listed in the sidebar or by ``dossierdesk-cli dossier list``."""

    id: int
    title: str
    subtitle: str | None
    compiled_by: str | None
    description: str | None
    created: dt.datetime
    updated: dt.datetime
    article_count: int


@dataclass(frozen=True, slots=True)
class DossierDetail(DossierInfo):
    """A dossier with its entries in order (``entries[i].position == i``)."""

    entries: tuple[DossierEntryInfo, ...]
    #: how many changes it had (a reorder names the version it was made from), and whose
    version: int = 1
    changed_by: str | None = None

    @property
    def article_ids(self) -> tuple[int, ...]:
        return tuple(e.article_id for e in self.entries)


class Unset(enum.Enum):
    """Marks an argument left out (``None`` means "clear this field")."""

    UNSET = enum.auto()


UNSET: Final = Unset.UNSET


# -- input cleaning (the service's, and the properties dialog's as the user types) --------
TITLE_MAX = 300
TEXT_MAX = 20_000


def clean_title(title: str) -> str:
    """Whitespace-collapsed title; ValueError if empty or too long."""
    cleaned = " ".join(str(title).split())
    if not cleaned:
        raise ValueError("a dossier title cannot be empty")
    if len(cleaned) > TITLE_MAX:
        raise ValueError(f"dossier title too long ({TITLE_MAX} characters at most)")
    return cleaned


def clean_text(value: str | None, what: str) -> str | None:
    """Optional free text: surrounding blanks removed, empty means none."""
    if value is None:
        return None
    cleaned = str(value).strip()
    if len(cleaned) > TEXT_MAX:
        raise ValueError(f"{what} too long ({TEXT_MAX} characters at most)")
    return cleaned or None
