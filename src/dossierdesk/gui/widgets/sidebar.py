"""The sidebar view: click an entry to filter, Ctrl-click to add it, Shift-click (or Alt-click,
where the window manager leaves it to the application) to exclude it;
click a dossier to open it; drop selected articles on a tag to tag them, on a dossier to add
them."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTreeView, QWidget

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.models.article_table import ARTICLE_IDS_MIME, article_ids_from_mime
from dossierdesk.gui.models.sidebar import (
    CONDITION_ROLE,
    DOSSIER_ID_ROLE,
    KIND_ROLE,
    VALUE_ROLE,
)
from dossierdesk.gui.widgets.facet_delegate import FacetDelegate

REPLACE, AND, EXCLUDE = "replace", "and", "exclude"


class SidebarView(QTreeView):
    conditionActivated = Signal(str, str)  # condition text, mode (replace / and / exclude)
    savedSearchActivated = Signal(str)  # the saved query text
    libraryActivated = Signal()
    articlesDroppedOnTag = Signal(list, str)  # article ids, tag name
    deleteSavedSearchRequested = Signal(str)  # the saved search's name
    renameSavedSearchRequested = Signal(str)  # the saved search's name
    dossierActivated = Signal(int)  # open this dossier
    articlesDroppedOnDossier = Signal(list, int)  # article ids, dossier id
    dossierActionRequested = Signal(str, int)  # "properties" / "duplicate" / "delete", dossier id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        # Names are elided and counts kept whole by the delegate, never a horizontal scroll.
        self.setItemDelegate(FacetDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The one column is exactly as wide as the view: the header's minimum and default
        # section sizes (100 px) would otherwise push the counts past the right edge of a
        # narrow sidebar.
        self.header().setMinimumSectionSize(1)
        self.header().setDefaultSectionSize(1)
        self.header().setStretchLastSection(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAccessibleName(translate("Sidebar", "Library sidebar"))
        self.setToolTip(
            translate(
                "Sidebar",
                "Click to filter, Ctrl+click to add the condition, Shift+click to exclude it.\n"
                "Click a dossier to open it. Drop selected articles on a tag to tag them,\n"
                "on a dossier to add them to it.",
            )
        )
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)

    def context_actions(self, index: QModelIndex) -> list[QAction]:
        """The context menu entries for an entry (public for tests)."""
        kind = index.data(KIND_ROLE) if index.isValid() else None
        actions: list[QAction] = []
        if kind == "saved":
            name = str(index.data(VALUE_ROLE))
            rename = QAction(
                translate("Sidebar", "Rename saved search “{name}”…").format(name=name), self
            )
            rename.triggered.connect(lambda: self.renameSavedSearchRequested.emit(name))
            actions.append(rename)
            delete = QAction(
                translate("Sidebar", "Delete saved search “{name}”").format(name=name), self
            )
            delete.triggered.connect(lambda: self.deleteSavedSearchRequested.emit(name))
            actions.append(delete)
        elif kind == "dossier":
            dossier_id = int(index.data(DOSSIER_ID_ROLE))
            open_action = QAction(translate("Sidebar", "Open"), self)
            open_action.triggered.connect(lambda: self.dossierActivated.emit(dossier_id))
            actions.append(open_action)
            for text, what in (
                (translate("Sidebar", "Edit Properties…"), "properties"),
                (translate("Sidebar", "Duplicate"), "duplicate"),
                (translate("Sidebar", "Delete Dossier"), "delete"),
            ):
                action = QAction(text, self)
                action.triggered.connect(
                    lambda _c=False, w=what: self.dossierActionRequested.emit(w, dossier_id)
                )
                actions.append(action)
        elif kind not in (None, "group", "placeholder", "library", "saved"):
            condition = str(index.data(CONDITION_ROLE))
            for text, mode in (
                (translate("Sidebar", "Show only these"), REPLACE),
                (translate("Sidebar", "Add to the search (Ctrl+click)"), AND),
                (translate("Sidebar", "Exclude from the search (Shift+click)"), EXCLUDE),
            ):
                action = QAction(text, self)
                action.triggered.connect(
                    lambda _c=False, m=mode: self.conditionActivated.emit(condition, m)
                )
                actions.append(action)
        return actions

    def _context_menu(self, pos: QPoint) -> None:
        actions = self.context_actions(self.indexAt(pos))
        if actions:
            menu = QMenu(self)
            menu.addActions(actions)
            menu.exec(self.viewport().mapToGlobal(pos))

    # -- activation ------------------------------------------------------------------------
    def activate(self, index: QModelIndex, modifiers: Qt.KeyboardModifier) -> None:
        """What a click with ``modifiers`` on ``index`` does (public for keyboard and tests)."""
        if not index.isValid():
            return
        kind = index.data(KIND_ROLE)
        condition = index.data(CONDITION_ROLE)
        if kind == "library":
            self.libraryActivated.emit()
            return
        if kind == "saved":
            self.savedSearchActivated.emit(str(condition))
            return
        if kind == "dossier":
            self.dossierActivated.emit(int(index.data(DOSSIER_ID_ROLE)))
            return
        if kind in ("group", "placeholder") or not condition:
            if kind == "group":
                self.setExpanded(index, not self.isExpanded(index))
            return
        # Shift: most Linux window managers take Alt+click (to move the window) before the
        # application sees it; Alt still works where it reaches us.
        if modifiers & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier):
            mode = EXCLUDE
        elif modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier):
            mode = AND
        else:
            mode = REPLACE
        self.conditionActivated.emit(str(condition), mode)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        on_branch = index.isValid() and event.position().x() < self.visualRect(index).x()
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and index.isValid() and not on_branch:
            self.activate(index, event.modifiers())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activate(self.currentIndex(), event.modifiers())
            return
        super().keyPressEvent(event)

    # -- dropping articles on a tag or a dossier -------------------------------------------
    def _drop_target(self, event: QDragMoveEvent | QDropEvent) -> QModelIndex | None:
        """The tag or dossier entry under the cursor, if the drag carries article ids."""
        if not event.mimeData().hasFormat(ARTICLE_IDS_MIME):
            return None
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and index.data(KIND_ROLE) in ("tag", "dossier"):
            return index
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(ARTICLE_IDS_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()  # files: let the window take them

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        index = self._drop_target(event)
        if index is not None:
            self.setCurrentIndex(index)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        index = self._drop_target(event)
        ids = article_ids_from_mime(event.mimeData())
        if index is None or not ids:
            event.ignore()
            return
        event.acceptProposedAction()
        if index.data(KIND_ROLE) == "dossier":
            self.articlesDroppedOnDossier.emit(ids, int(index.data(DOSSIER_ID_ROLE)))
        else:
            self.articlesDroppedOnTag.emit(ids, str(index.data(VALUE_ROLE)))
