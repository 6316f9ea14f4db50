"""The dossier list for the main window's sidebar: title and count, and a drop target that adds
dragged articles (``application/x-dossierdesk-article-ids``) to the dossier under the cursor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Slot,
)

from dossierdesk.gui.dossiers.controller import DossierController
from dossierdesk.gui.dossiers.mime import ARTICLE_IDS_MIME
from dossierdesk.service.dossier_dto import DossierInfo

Index = QModelIndex | QPersistentModelIndex
DOSSIER_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class DossierListModel(QAbstractListModel):
    """Every dossier by title, refreshed on ``controller.dossiersChanged``."""

    def __init__(self, controller: DossierController, parent: Any = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._items: list[DossierInfo] = []
        controller.dossiersChanged.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self.beginResetModel()
        self._items = self.controller.dossiers()
        self.endResetModel()

    def dossier_at(self, row: int) -> DossierInfo:
        return self._items[row]

    def row_of(self, dossier_id: int) -> int:
        return next((n for n, d in enumerate(self._items) if d.id == dossier_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        info = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{info.title} ({info.article_count:,})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return info.subtitle or info.title
        if role == DOSSIER_ID_ROLE:
            return info.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ARTICLE_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        return QMimeData()  # dossiers themselves are not dragged

    def _target(self, row: int, parent: Index) -> DossierInfo | None:
        # Only a drop onto a dossier (not between two) means "add to it".
        if row == -1 and parent.isValid() and 0 <= parent.row() < len(self._items):
            return self._items[parent.row()]
        return None

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return self._target(row, parent) is not None and self.controller.can_drop_on_dossier(data)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        target = self._target(row, parent)
        if target is None or not self.controller.can_drop_on_dossier(data):
            return False
        return self.controller.drop_on_dossier(target.id, data)
