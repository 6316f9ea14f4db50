"""The dossier controller: every dossier change the GUI makes goes through here, undoably.

Create from ids / from a query (asking properties in a non-blocking dialog unless given), add,
remove, reorder, notes, properties, duplicate, delete. Errors from the service (``KeyError``,
``ValueError``, ``QuerySyntaxError``) become one clear message via :attr:`error_presenter`
(a non-modal message box by default; tests swap it) and ``errorOccurred``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from dossierdesk.gui.i18n import QT_TRANSLATE_NOOP, translate
from dossierdesk.gui.undo_steps import gate_of
from dossierdesk.query import QuerySyntaxError
from dossierdesk.store.errors import ArchiveError

# The undo commands, the dossier dataclasses and the drag payloads are loaded with the first
# dossier change or drag, not before the window's first paint.
if TYPE_CHECKING:
    from dossierdesk.gui.dossiers.commands import DossierCommand, DossierProperties
    from dossierdesk.gui.dossiers.dialogs import DossierPropertiesDialog
    from dossierdesk.service import Archive
    from dossierdesk.service.dossier_dto import DossierInfo

log = logging.getLogger(__name__)

_EXPECTED = (KeyError, ValueError, QuerySyntaxError, ArchiveError)


def _message(exc: Exception) -> str:
    text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    return text[:1].upper() + text[1:]


class DossierController(QObject):
    dossiersChanged = Signal()  # the list (titles, counts) changed: refresh the sidebar
    dossierChanged = Signal(int)  # this dossier's entries or properties changed
    dossierCreated = Signal(int)  # a dossier was created (or duplicated): e.g. open it
    errorOccurred = Signal(str)

    def __init__(
        self, archive: Archive | None, undo_stack: QUndoStack, parent_widget: QWidget | None
    ) -> None:
        super().__init__(parent_widget)
        self._archive = archive
        self.undo_stack = undo_stack
        self.parent_widget = parent_widget
        self.active_dialog: DossierPropertiesDialog | None = None
        self.error_presenter: Callable[[str], None] = self._show_error

    # -- archive ------------------------------------------------------------------------
    def set_archive(self, archive: Archive | None) -> None:
        """Switch archives: commands about the old one cannot be undone any more."""
        self._archive = archive
        self.undo_stack.clear()
        self.dossiersChanged.emit()

    @property
    def archive(self) -> Archive:
        if self._archive is None:
            raise RuntimeError("no archive is open")
        return self._archive

    def has_archive(self) -> bool:
        return self._archive is not None

    def dossiers(self) -> list[DossierInfo]:
        return self.archive.dossiers() if self._archive is not None else []

    # -- CommandHost ----------------------------------------------------------------------
    def notify(self, dossier_id: int | None, *, listing: bool) -> None:
        if dossier_id is not None:
            self.dossierChanged.emit(dossier_id)
        if listing:
            self.dossiersChanged.emit()

    def report_error(self, message: str) -> None:
        self.errorOccurred.emit(message)
        self.error_presenter(message)

    def _show_error(self, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            translate("DossiersController", "Dossier"),
            message,
            QMessageBox.StandardButton.Ok,
            self.parent_widget,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _run(self, command: DossierCommand) -> bool:
        """Apply, then push for undo; False (and a message) if the service refused it."""
        if self._archive is None:
            self.report_error(translate("DossiersController", "No archive is open."))
            return False
        if gate_of(self.undo_stack).busy:  # a large undo or redo is writing in the background
            self.report_error(
                translate(
                    "DossiersController",
                    "An undo or redo is still running: try again when it has ended.",
                )
            )
            return False
        try:
            command.apply()
        except _EXPECTED as exc:
            self.report_error(_message(exc))
            return False
        self.undo_stack.push(command)
        return True

    # -- properties dialog ----------------------------------------------------------------
    def ask_properties(
        self,
        on_accept: Callable[[DossierProperties], object],
        initial: DossierProperties | None = None,
        window_title: str = QT_TRANSLATE_NOOP("DossierDialogs", "New Dossier"),
    ) -> DossierPropertiesDialog:
        """Open the (non-blocking) properties dialog; ``on_accept`` runs when OK is pressed."""
        from dossierdesk.gui.dossiers.dialogs import DossierPropertiesDialog  # first use

        dialog = DossierPropertiesDialog(self.parent_widget, initial, window_title=window_title)
        self.active_dialog = dialog

        def accepted() -> None:
            self.active_dialog = None
            on_accept(dialog.properties())
            dialog.deleteLater()

        def rejected() -> None:
            self.active_dialog = None
            dialog.deleteLater()

        dialog.accepted.connect(accepted)
        dialog.rejected.connect(rejected)
        dialog.open()
        return dialog

    # -- operations ---------------------------------------------------------------------
    def create_from_ids(
        self, article_ids: Sequence[int], properties: DossierProperties | None = None
    ) -> int | None:
        """New dossier with these articles in this order. Without ``properties`` a dialog asks
        (and None is returned; ``dossierCreated`` tells the id)."""
        ids = list(article_ids)
        if properties is None:
            self.ask_properties(lambda p: self._create(p, ids, None))
            return None
        return self._create(properties, ids, None)

    def create_from_query(
        self, query: str, properties: DossierProperties | None = None
    ) -> int | None:
        """New dossier with the query's matches, oldest first (title proposed from the query)."""
        if properties is None:
            from dossierdesk.gui.dossiers.commands import DossierProperties

            initial = DossierProperties(title=" ".join(query.split())[:200] or "All articles")
            self.ask_properties(lambda p: self._create(p, (), query), initial)
            return None
        return self._create(properties, (), query)

    def _create(
        self, properties: DossierProperties, ids: Sequence[int], query: str | None
    ) -> int | None:
        from dossierdesk.gui.dossiers.commands import CreateDossierCommand

        command = CreateDossierCommand(self, properties, ids, query)
        if not self._run(command):
            return None
        assert command.dossier_id is not None
        self.dossierCreated.emit(command.dossier_id)
        return command.dossier_id

    def add_articles(
        self, dossier_id: int, article_ids: Sequence[int], position: int | None = None
    ) -> bool:
        """Add (e.g. dropped) articles at ``position`` (None: at the end)."""
        if not article_ids:
            return False
        from dossierdesk.gui.dossiers.commands import AddArticlesCommand

        return self._run(AddArticlesCommand(self, dossier_id, article_ids, position))

    def can_drop_on_dossier(self, mime: QMimeData | None) -> bool:
        """Whether the sidebar should accept this drag onto a dossier."""
        from dossierdesk.gui.dossiers.mime import decode_article_ids

        return self._archive is not None and bool(decode_article_ids(mime))

    def drop_on_dossier(self, dossier_id: int, mime: QMimeData | None) -> bool:
        from dossierdesk.gui.dossiers.mime import decode_article_ids

        ids = decode_article_ids(mime)
        return bool(ids) and self.add_articles(dossier_id, ids or [])

    def remove_entries(self, dossier_id: int, article_ids: Sequence[int]) -> bool:
        if not article_ids:
            return False
        from dossierdesk.gui.dossiers.commands import RemoveEntriesCommand

        return self._run(RemoveEntriesCommand(self, dossier_id, article_ids))

    def move_entries(
        self,
        dossier_id: int,
        article_ids: Sequence[int],
        to_position: int,
        *,
        version: int | None = None,
    ) -> bool:
        """Move entries; ``version``: that of the dossier as shown (see MoveEntriesCommand)."""
        if not article_ids:
            return False
        from dossierdesk.gui.dossiers.commands import MoveEntriesCommand

        command = MoveEntriesCommand(self, dossier_id, article_ids, to_position, version)
        return self._run(command)

    def set_note(self, dossier_id: int, article_id: int, note: str | None) -> bool:
        try:
            detail = self.archive.dossier(dossier_id)
        except _EXPECTED as exc:
            self.report_error(_message(exc))
            return False
        old = next((e.note for e in detail.entries if e.article_id == article_id), None)
        if (note or None) == old:
            return False
        from dossierdesk.gui.dossiers.commands import SetNoteCommand

        return self._run(SetNoteCommand(self, dossier_id, article_id, old, note or None))

    def edit_properties(self, dossier_id: int, properties: DossierProperties | None = None) -> bool:
        from dossierdesk.gui.dossiers.commands import DossierProperties

        try:
            old = DossierProperties.of(self.archive.dossier(dossier_id))
        except _EXPECTED as exc:
            self.report_error(_message(exc))
            return False
        if properties is None:
            self.ask_properties(
                lambda p: self._edit(dossier_id, old, p),
                old,
                window_title=QT_TRANSLATE_NOOP("DossierDialogs", "Dossier Properties"),
            )
            return False
        return self._edit(dossier_id, old, properties)

    def _edit(self, dossier_id: int, old: DossierProperties, new: DossierProperties) -> bool:
        if new == old:
            return False
        from dossierdesk.gui.dossiers.commands import EditPropertiesCommand

        return self._run(EditPropertiesCommand(self, dossier_id, old, new))

    def duplicate(self, dossier_id: int, new_title: str | None = None) -> int | None:
        from dossierdesk.gui.dossiers.commands import DuplicateDossierCommand

        command = DuplicateDossierCommand(self, dossier_id, new_title)
        if not self._run(command):
            return None
        assert command.dossier_id is not None
        self.dossierCreated.emit(command.dossier_id)
        return command.dossier_id

    def delete(self, dossier_id: int) -> bool:
        """Delete the dossier (its articles stay in the archive); undo restores it whole."""
        try:
            detail = self.archive.dossier(dossier_id)
        except _EXPECTED as exc:
            self.report_error(_message(exc))
            return False
        from dossierdesk.gui.dossiers.commands import DeleteDossierCommand

        return self._run(DeleteDossierCommand(self, detail))

    # -- menus ----------------------------------------------------------------------------
    def add_to_dossier_menu(
        self, article_ids: Callable[[], Sequence[int]], parent: QWidget | None = None
    ) -> QMenu:
        """An "Add to Dossier" submenu for the article table's context menu: one action per
        dossier plus "New Dossier…". ``article_ids`` is called when an action is chosen."""
        menu = QMenu(translate("DossiersController", "Add to &Dossier"), parent)
        for info in self.dossiers():
            action = QAction(f"{info.title} ({info.article_count})", menu)
            action.triggered.connect(
                lambda _=False, d=info.id: self.add_articles(d, list(article_ids()))
            )
            menu.addAction(action)
        if not menu.isEmpty():
            menu.addSeparator()
        new = QAction(translate("DossiersController", "&New Dossier…"), menu)
        new.triggered.connect(lambda _=False: self.create_from_ids(list(article_ids())))
        menu.addAction(new)
        menu.setEnabled(self._archive is not None)
        return menu
