"""The sidebar tree: Library, Dossiers, Saved searches, Tags, Sources, Authors, Years, Services.

Every leaf carries the query condition it stands for (``CONDITION_ROLE``), e.g. ``tag:ukraine``
or ``source:"DOD News"``, quoted with ``query.quote_value``. The facet counts are read on a
worker (``load_sidebar_data``) and handed to ``SidebarModel.populate`` on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel

from dossierdesk.query import quote_value
from dossierdesk.service import Archive
from dossierdesk.service.dossier_dto import DossierInfo
from dossierdesk.service.dto import FacetCount, TagInfo
from dossierdesk.service.saved_searches import SavedSearchInfo
from dossierdesk.virin import SERVICE_NAMES

CONDITION_ROLE = Qt.ItemDataRole.UserRole + 10
KIND_ROLE = Qt.ItemDataRole.UserRole + 11
VALUE_ROLE = Qt.ItemDataRole.UserRole + 12
DOSSIER_ID_ROLE = Qt.ItemDataRole.UserRole + 13  # on "dossier" entries: the dossier's id

GROUPS: tuple[tuple[str, str], ...] = (
    ("library", "Library"),
    ("dossiers", "Dossiers"),
    ("saved", "Saved searches"),
    ("tags", "Tags"),
    ("sources", "Sources"),
    ("authors", "Authors"),
    ("years", "Years"),
    ("services", "VIRIN services"),
)


@dataclass(frozen=True, slots=True)
class SidebarData:
    total: int = 0
    tags: tuple[TagInfo, ...] = ()
    saved: tuple[SavedSearchInfo, ...] = ()
    sources: tuple[FacetCount, ...] = ()
    authors: tuple[FacetCount, ...] = ()
    months: tuple[FacetCount, ...] = ()
    services: tuple[FacetCount, ...] = ()
    dossiers: tuple[DossierInfo, ...] = ()


def load_sidebar_data(archive: Archive) -> SidebarData:
    """All the counts the sidebar shows (runs on a worker thread)."""
    return SidebarData(
        total=archive.count(""),
        tags=tuple(archive.tags()),
        saved=tuple(archive.saved_searches()),
        sources=tuple(archive.facet("source", limit=200)),
        authors=tuple(archive.facet("author", limit=200)),
        months=tuple(archive.facet("month", limit=2000)),
        services=tuple(archive.facet("service")),
        dossiers=tuple(archive.dossiers()),
    )


def service_value(letter: str) -> str:
    """The ``service:`` value for a VIRIN service letter (its lower-case name when known)."""
    name = SERVICE_NAMES.get(letter)
    return name.lower() if name else letter


def _leaf(text: str, count: int | None, kind: str, condition: str, value: str) -> QStandardItem:
    label = text if count is None else f"{text}  ({count:,})"
    item = QStandardItem(label)
    item.setEditable(False)
    item.setDragEnabled(False)
    item.setDropEnabled(kind in ("tag", "dossier"))
    item.setData(kind, KIND_ROLE)
    item.setData(condition, CONDITION_ROLE)
    item.setData(value, VALUE_ROLE)
    item.setToolTip(condition or text)
    return item


class SidebarModel(QStandardItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: dict[str, QStandardItem] = {}
        for kind, title in GROUPS:
            item = QStandardItem(title)
            item.setEditable(False)
            item.setDragEnabled(False)
            item.setDropEnabled(False)
            item.setData("group" if kind != "library" else "library", KIND_ROLE)
            item.setData("" if kind == "library" else None, CONDITION_ROLE)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            self.appendRow(item)
            self._groups[kind] = item
        self._groups["library"].setToolTip("All articles")
        self.set_dossiers([])

    def group(self, kind: str) -> QStandardItem:
        return self._groups[kind]

    def _replace(self, kind: str, items: Sequence[QStandardItem]) -> None:
        group = self._groups[kind]
        if group.rowCount():
            group.removeRows(0, group.rowCount())
        for item in items:
            group.appendRow(item)

    def populate(self, data: SidebarData) -> None:
        self._groups["library"].setText(f"Library  ({data.total:,})")
        self._groups["library"].setData("library", KIND_ROLE)
        tags = []
        for t in data.tags:
            item = _leaf(t.name, t.count, "tag", f"tag:{quote_value(t.name)}", t.name)
            if t.color and QColor.isValidColorName(t.color):
                item.setData(QColor(t.color), Qt.ItemDataRole.DecorationRole)
            tags.append(item)
        self._replace("tags", tags)
        self._replace(
            "saved",
            [_leaf(s.name, None, "saved", s.query, s.name) for s in data.saved],
        )
        self._replace(
            "sources",
            [
                _leaf(f.value, f.count, "source", f"source:{quote_value(f.value)}", f.value)
                for f in data.sources
            ],
        )
        self._replace(
            "authors",
            [
                _leaf(f.value, f.count, "author", f"author:{quote_value(f.value)}", f.value)
                for f in data.authors
            ],
        )
        self._replace("years", self._years(data.months))
        self.set_dossiers(data.dossiers)
        self._replace(
            "services",
            [
                _leaf(
                    SERVICE_NAMES.get(f.value, f.value),
                    f.count,
                    "service",
                    f"service:{quote_value(service_value(f.value))}",
                    f.value,
                )
                for f in data.services
            ],
        )

    @staticmethod
    def _years(months: Sequence[FacetCount]) -> list[QStandardItem]:
        by_year: dict[str, list[FacetCount]] = {}
        for m in months:
            by_year.setdefault(m.value[:4], []).append(m)
        items = []
        for year in sorted(by_year, reverse=True):
            entries = by_year[year]
            total = sum(e.count for e in entries)
            item = _leaf(year, total, "year", f"date:{year}", year)
            for e in sorted(entries, key=lambda e: e.value, reverse=True):
                item.appendRow(_leaf(e.value, e.count, "month", f"date:{e.value}", e.value))
            items.append(item)
        return items

    def set_dossiers(self, dossiers: Sequence[DossierInfo]) -> None:
        """The Dossiers group: one entry per dossier (title and article count). A click opens
        the dossier (it is not a query condition); articles can be dropped on it."""
        if not dossiers:
            placeholder = _leaf("No dossiers yet", None, "placeholder", "", "")
            placeholder.setEnabled(False)
            self._replace("dossiers", [placeholder])
            return
        items = []
        for info in dossiers:
            item = _leaf(info.title, info.article_count, "dossier", "", info.title)
            item.setData(info.id, DOSSIER_ID_ROLE)
            item.setToolTip(info.subtitle or info.title)
            items.append(item)
        self._replace("dossiers", items)

    def dossier_item(self, dossier_id: int) -> QStandardItem | None:
        group = self._groups["dossiers"]
        for row in range(group.rowCount()):
            child = group.child(row)
            if child.data(DOSSIER_ID_ROLE) == dossier_id:
                return child
        return None

    def tag_names(self) -> list[str]:
        group = self._groups["tags"]
        return [str(group.child(r).data(VALUE_ROLE)) for r in range(group.rowCount())]
