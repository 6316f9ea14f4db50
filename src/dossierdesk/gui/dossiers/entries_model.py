"""The ordered entries of one dossier as a table: position, date, title, source, note.

The model never changes the archive itself: edits and drops are turned into signals
(``noteEdited``, ``moveRequested``, ``articlesDropped``) that the view hands to the
controller, whose undoable commands change the archive and trigger a reload.

The source column is filled lazily: the dossier read gives ids, titles, dates and notes
(10,000 entries in ~0.1 s), while each article's source needs its summary (~0.35 ms each).
So ``data()`` collects the ids of the rows actually shown and ``sourcesWanted`` asks for them
in one batch; :meth:`set_sources` fills them in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from dossierdesk.gui.dossiers.mime import (
    ARTICLE_IDS_MIME,
    DOSSIER_ENTRIES_MIME,
    decode_article_ids,
    decode_dossier_entries,
    encode_article_ids,
    encode_dossier_entries,
)
from dossierdesk.gui.i18n import QT_TRANSLATE_NOOP, translate

Index = QModelIndex | QPersistentModelIndex
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class EntryRow:
    article_id: int
    title: str
    published: dt.date | None
    note: str | None


class DossierEntriesModel(QAbstractTableModel):
    POSITION, DATE, TITLE, SOURCE, NOTE = range(5)
    HEADERS = (
        "#",
        QT_TRANSLATE_NOOP("DossierEntries", "Date"),
        QT_TRANSLATE_NOOP("DossierEntries", "Title"),
        QT_TRANSLATE_NOOP("DossierEntries", "Source"),
        QT_TRANSLATE_NOOP("DossierEntries", "Note"),
    )

    noteEdited = Signal(int, object)  # article id, new note (str or None)
    moveRequested = Signal(list, int)  # article ids, position the first one should land at
    articlesDropped = Signal(list, int)  # article ids, insert position
    sourcesWanted = Signal(list)  # article ids shown whose source is not known yet

    MAX_SOURCE_BATCH = 500

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.dossier_id: int | None = None
        self._rows: list[EntryRow] = []
        self._sources: dict[int, str | None] = {}
        self._requested: set[int] = set()
        self._pending: list[int] = []
        self._source_timer = QTimer(self)
        self._source_timer.setSingleShot(True)
        self._source_timer.setInterval(0)
        self._source_timer.timeout.connect(self._request_sources)

    # -- content ------------------------------------------------------------------------
    def set_entries(self, dossier_id: int | None, rows: Sequence[EntryRow]) -> None:
        self.beginResetModel()
        if dossier_id != self.dossier_id:
            self._sources.clear()
        self._requested.clear()
        self._pending.clear()
        self.dossier_id = dossier_id
        self._rows = list(rows)
        self.endResetModel()

    def set_sources(self, sources: dict[int, str | None]) -> None:
        """Fill in the source column for these articles."""
        self._sources.update(sources)
        column = self.SOURCE
        for n, r in enumerate(self._rows):
            if r.article_id in sources:
                index = self.index(n, column)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def source_of(self, article_id: int) -> str | None:
        return self._sources.get(article_id)

    def _want_source(self, article_id: int) -> None:
        if article_id in self._requested:
            return
        self._requested.add(article_id)
        self._pending.append(article_id)
        if not self._source_timer.isActive():
            self._source_timer.start()

    def _request_sources(self) -> None:
        while self._pending:
            batch = self._pending[: self.MAX_SOURCE_BATCH]
            del self._pending[: self.MAX_SOURCE_BATCH]
            self.sourcesWanted.emit(batch)

    def row_at(self, row: int) -> EntryRow:
        return self._rows[row]

    def article_ids(self) -> list[int]:
        return [r.article_id for r in self._rows]

    def row_of(self, article_id: int) -> int:
        for n, r in enumerate(self._rows):
            if r.article_id == article_id:
                return n
        return -1

    # -- QAbstractTableModel --------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.HEADERS):
            return translate("DossierEntries", self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == ARTICLE_ID_ROLE:
            return row.article_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == self.POSITION:
                return str(index.row() + 1)
            if col == self.DATE:
                return row.published.isoformat() if row.published else ""
            if col == self.TITLE:
                return row.title
            if col == self.SOURCE:
                if row.article_id not in self._sources:
                    self._want_source(row.article_id)
                    return ""
                return self._sources[row.article_id] or ""
            if col == self.NOTE:
                return row.note or ""
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.TITLE, self.NOTE):
            return row.title if col == self.TITLE else (row.note or None)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.POSITION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )
        if index.column() == self.NOTE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != self.NOTE:
            return False
        row = self._rows[index.row()]
        note = str(value or "").strip() or None
        if note == row.note:
            return False
        self._rows[index.row()] = replace(row, note=note)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        self.noteEdited.emit(row.article_id, note)
        return True

    # -- drag and drop ----------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [DOSSIER_ENTRIES_MIME, ARTICLE_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = [self._rows[r].article_id for r in rows]
        mime = encode_article_ids(ids)  # so entries can also be dropped on another dossier
        if self.dossier_id is not None:
            encode_dossier_entries(self.dossier_id, ids, mime)
        return mime

    def _drop_row(self, row: int, parent: Index) -> int:
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._rows)
        return max(0, min(row, len(self._rows)))

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if self.dossier_id is None or action not in (
            Qt.DropAction.MoveAction,
            Qt.DropAction.CopyAction,
        ):
            return False
        return data.hasFormat(DOSSIER_ENTRIES_MIME) or data.hasFormat(ARTICLE_IDS_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        at = self._drop_row(row, parent)
        internal = decode_dossier_entries(data)
        if internal is not None and internal[0] == self.dossier_id:
            ids = internal[1]
            present = {r.article_id for r in self._rows[:at]}
            # ``at`` counts the moved rows above the drop point; the service counts without them.
            to = at - sum(1 for i in ids if i in present)
            self.moveRequested.emit(ids, to)
            return True
        dropped = decode_article_ids(data)
        if not dropped:
            return False
        self.articlesDropped.emit(dropped, at)
        return True
