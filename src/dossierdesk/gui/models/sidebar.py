"""The sidebar tree: Library, Dossiers, Saved searches, Tags, Sources, Authors, Years, Services.

Every leaf carries the query condition it stands for (``CONDITION_ROLE``), e.g. ``tag:ukraine``
or ``source:"DOD News"``, quoted with ``query.quote_value``. The facet counts are read on a
worker (``load_sidebar_data``) and handed to ``SidebarModel.populate`` on the GUI thread.

Sources spelled several ways ("DOD News", "DoD News", "D.O.D. News") are one entry whose
condition ORs the spellings and whose tooltip lists them; authors are sorted by surname with
the rank shown after the name ("Roe, Jane (Senior Airman)"); Years ends with "No date"
(``-has:date``), so that the years add up to the library. Each entry's text is "name  (count)";
``NAME_ROLE`` and ``COUNT_ROLE`` hold the two parts for the view, which elides the name and
keeps the count whole.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel

from dossierdesk.gui.i18n import QT_TRANSLATE_NOOP, translate
from dossierdesk.service.dto import FacetCount, TagInfo
from dossierdesk.virin import SERVICE_NAMES

if TYPE_CHECKING:
    from dossierdesk.service import Archive
    from dossierdesk.service.dossier_dto import DossierInfo
    from dossierdesk.service.saved_searches import SavedSearchInfo

T = TypeVar("T")

CONDITION_ROLE = Qt.ItemDataRole.UserRole + 10
KIND_ROLE = Qt.ItemDataRole.UserRole + 11
VALUE_ROLE = Qt.ItemDataRole.UserRole + 12
DOSSIER_ID_ROLE = Qt.ItemDataRole.UserRole + 13  # on "dossier" entries: the dossier's id
NAME_ROLE = Qt.ItemDataRole.UserRole + 14  # the entry's text without its count
COUNT_ROLE = Qt.ItemDataRole.UserRole + 15  # the count as shown ("1,234"), None if no count

#: Entries shown per group (sources after grouping their spellings, authors by article count).
SOURCE_LIMIT = 200
AUTHOR_LIMIT = 200
#: Sources read for grouping: every spelling of the shown ones (outlets are few).
_SOURCES_READ = 5000
#: The "No date" entry under Years and its condition.
UNDATED_LABEL = QT_TRANSLATE_NOOP("Sidebar", "No date")
UNDATED_CONDITION = "-has:date"

GROUPS: tuple[tuple[str, str], ...] = (
    ("library", QT_TRANSLATE_NOOP("Sidebar", "Library")),
    ("dossiers", QT_TRANSLATE_NOOP("Sidebar", "Dossiers")),
    ("saved", QT_TRANSLATE_NOOP("Sidebar", "Saved searches")),
    ("tags", QT_TRANSLATE_NOOP("Sidebar", "Tags")),
    ("sources", QT_TRANSLATE_NOOP("Sidebar", "Sources")),
    ("authors", QT_TRANSLATE_NOOP("Sidebar", "Authors")),
    ("years", QT_TRANSLATE_NOOP("Sidebar", "Years")),
    ("services", QT_TRANSLATE_NOOP("Sidebar", "VIRIN services")),
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
    undated: int = 0  # articles without a publication date
    query: str = ""  # the search the facets count (empty: the whole library)


class Superseded(Exception):
    """A newer search came while the sidebar was being counted (the counts are dropped)."""


def load_sidebar_data(
    archive: Archive, query: str = "", stale: Callable[[], bool] | None = None
) -> SidebarData:
    """All the counts the sidebar shows (runs on a worker thread). With a ``query`` the
    facets count the articles it finds (as a library's tag browser follows its search): tags
    keep every entry (they are drop targets), with the count in the result; sources, authors,
    months and services list what the result holds. The Library entry counts the library.
    ``stale()`` is asked between the queries: once true, :class:`Superseded` is raised."""
    query = query.strip()

    def read(fn: Callable[[], T]) -> T:
        if stale is not None and stale():
            raise Superseded
        return fn()

    tags = read(lambda: tuple(archive.tags()))
    if query:
        found = read(lambda: archive.facet("tag", limit=100_000, query=query))
        in_result = {f.value: f.count for f in found}
        tags = tuple(dataclasses.replace(t, count=in_result.get(t.name, 0)) for t in tags)
    undated = UNDATED_CONDITION if not query else f"{UNDATED_CONDITION} ({query})"
    return SidebarData(
        total=read(lambda: archive.count("")),
        tags=tags,
        saved=read(lambda: tuple(archive.saved_searches())),
        sources=read(lambda: tuple(archive.facet("source", limit=_SOURCES_READ, query=query))),
        authors=read(lambda: tuple(archive.facet("author", limit=AUTHOR_LIMIT, query=query))),
        months=read(lambda: tuple(archive.facet("month", limit=2000, query=query))),
        services=read(lambda: tuple(archive.facet("service", query=query))),
        dossiers=read(lambda: tuple(archive.dossiers())),
        undated=read(lambda: archive.count(undated)),
        query=query,
    )


def _quoted(value: str) -> str:
    """``query.quote_value``, its module loaded with the first facet (not before the window's
    first paint)."""
    from dossierdesk.query.syntax import quote_value

    return quote_value(value)


def service_value(letter: str) -> str:
    """The ``service:`` value for a VIRIN service letter (its lower-case name when known)."""
    name = SERVICE_NAMES.get(letter)
    return name.lower() if name else letter


def _leaf(text: str, count: int | None, kind: str, condition: str, value: str) -> QStandardItem:
    label = text if count is None else f"{text}  ({count:,})"
    item = QStandardItem(label)
    item.setData(text, NAME_ROLE)
    item.setData(None if count is None else f"{count:,}", COUNT_ROLE)
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
        self._tags_shape: tuple[tuple[int, str, str | None], ...] = ()  # (see ``_set_tags``)
        for kind, group_title in GROUPS:
            title = translate("Sidebar", group_title)
            item = QStandardItem(title)
            item.setData(title, NAME_ROLE)
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
        self._groups["library"].setToolTip(translate("Sidebar", "All articles"))
        self.set_dossiers([])

    def group(self, kind: str) -> QStandardItem:
        return self._groups[kind]

    def _replace(self, kind: str, items: Sequence[QStandardItem]) -> None:
        group = self._groups[kind]
        if group.rowCount():
            group.removeRows(0, group.rowCount())
        if items:
            group.appendRows(list(items))  # (one insertion: the view lays out once)

    def populate(self, data: SidebarData) -> None:
        self._groups["library"].setText(translate("Sidebar", "Library") + f"  ({data.total:,})")
        self._groups["library"].setData(f"{data.total:,}", COUNT_ROLE)
        self._groups["library"].setData("library", KIND_ROLE)
        self._set_tags(data.tags)
        self._replace(
            "saved",
            [_leaf(s.name, None, "saved", s.query, s.name) for s in data.saved],
        )
        self._replace("sources", self._sources(data.sources))
        self._replace("authors", self._authors(data.authors))
        self._replace("years", self._years(data.months, data.undated))
        self.set_dossiers(data.dossiers)
        self._replace(
            "services",
            [
                _leaf(
                    SERVICE_NAMES.get(f.value, f.value),
                    f.count,
                    "service",
                    f"service:{_quoted(service_value(f.value))}",
                    f.value,
                )
                for f in data.services
            ],
        )

    def _set_tags(self, tags: Sequence[TagInfo]) -> None:
        """The Tags group. Its entries are made again only when the tags themselves changed
        (names, colours, order); a new search changes their counts, which are set in place,
        with one ``dataChanged`` for the rows that changed. Making an entry (its query
        condition quoted, nine roles) for each of 10,000 tags took 170 ms of the GUI thread
        at every search."""
        group = self._groups["tags"]
        shape = tuple((t.id, t.name, t.color) for t in tags)
        if shape != self._tags_shape or group.rowCount() != len(tags):
            colours = [
                QColor(t.color) if t.color and QColor.isValidColorName(t.color) else None
                for t in tags
            ]
            # Once a tag has a colour, the others get a clear swatch: their names line up.
            clear = QColor(0, 0, 0, 0) if any(colours) else None
            items = []
            for t, colour in zip(tags, colours, strict=True):
                item = _leaf(t.name, t.count, "tag", f"tag:{_quoted(t.name)}", t.name)
                if colour is not None or clear is not None:
                    item.setData(colour or clear, Qt.ItemDataRole.DecorationRole)
                items.append(item)
            self._replace("tags", items)
            self._tags_shape = shape
            return
        changed: list[int] = []
        blocked = self.blockSignals(True)
        try:
            for row, t in enumerate(tags):
                item = group.child(row)
                count = f"{t.count:,}"
                if item.data(COUNT_ROLE) != count:
                    item.setData(count, COUNT_ROLE)
                    item.setText(f"{t.name}  ({count})")
                    changed.append(row)
        finally:
            self.blockSignals(blocked)
        if changed:
            parent = group.index()
            self.dataChanged.emit(
                self.index(changed[0], 0, parent), self.index(changed[-1], 0, parent)
            )

    @staticmethod
    def _sources(sources: Sequence[FacetCount]) -> list[QStandardItem]:
        from dossierdesk.service.facets import group_sources  # (once there are facets)

        items = []
        for group in group_sources(((f.value, f.count) for f in sources), limit=SOURCE_LIMIT):
            item = _leaf(group.name, group.count, "source", group.condition, group.name)
            if len(group.variants) > 1:
                spellings = "\n".join(f"  {v}  ({c:,})" for v, c in group.variants)
                n = len(group.variants)
                item.setToolTip(
                    translate("Sidebar", "{name}: %n spelling(s)", None, n).format(name=group.name)
                    + f"\n{spellings}\n{group.condition}"
                )
            items.append(item)
        return items

    @staticmethod
    def _authors(authors: Sequence[FacetCount]) -> list[QStandardItem]:
        from dossierdesk.service.facets import author_entries  # (once there are facets)

        items = []
        for entry in author_entries((f.value, f.count) for f in authors):
            item = _leaf(entry.label, entry.count, "author", entry.condition, entry.value)
            item.setToolTip(f"{entry.value}\n{entry.condition}")
            items.append(item)
        return items

    @staticmethod
    def _years(months: Sequence[FacetCount], undated: int = 0) -> list[QStandardItem]:
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
        if undated:
            label = translate("Sidebar", UNDATED_LABEL)
            item = _leaf(label, undated, "undated", UNDATED_CONDITION, "")
            item.setToolTip(
                translate("Sidebar", "Articles without a publication date")
                + f"\n{UNDATED_CONDITION}"
            )
            items.append(item)
        return items

    def set_dossiers(self, dossiers: Sequence[DossierInfo]) -> None:
        """The Dossiers group: one entry per dossier (title and article count). A click opens
        the dossier (it is not a query condition); articles can be dropped on it."""
        if not dossiers:
            placeholder = _leaf(
                translate("Sidebar", "No dossiers yet"), None, "placeholder", "", ""
            )
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
