"""The main window's dossiers: the dossier page in the central area, the sidebar's dossier
list, and the Dossier menu's commands (new from the selection or the search, properties,
duplicate, delete).

One layer of ``MainWindow``, on top of ``WindowSearch`` (the layers: ``window_base.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.models.sidebar import DOSSIER_ID_ROLE, KIND_ROLE
from dossierdesk.gui.window_search import WindowSearch

if TYPE_CHECKING:
    from dossierdesk.service import DossierInfo


class WindowDossiers(WindowSearch):
    """The dossier page and the Dossier menu's commands."""

    def show_dossier(self, dossier_id: int | None) -> None:
        """Open the dossier in the central area (its page replaces the article table)."""
        if dossier_id is None:
            return
        self.stack.setCurrentWidget(self.dossier_page)
        self._update_selection_status()  # the table's selection is not the dossier's
        self.timeline.hide()
        if self.tag_bar is not None:
            self.tag_bar.hide()
        self.dossier_view.open_dossier(int(dossier_id))
        item = self.sidebar_model.dossier_item(int(dossier_id))
        if item is not None:
            self.sidebar.setCurrentIndex(item.index())
        self._update_dossier_actions()

    def show_articles(self) -> None:
        """Back from the dossier page to the article table."""
        if not self.dossier_shown():
            return
        self._show_article_page()
        index = self.sidebar.currentIndex()
        if index.isValid() and index.data(KIND_ROLE) == "dossier":
            self.sidebar.setCurrentIndex(QModelIndex())  # no dossier is shown any more
        self.table.setFocus()
        current = self.current_id()
        if current is not None and current != self.reader.article_id:
            self._load_detail(current)  # the reader follows the table again
        self._update_dossier_actions()

    def _reload_dossier_list(self) -> None:
        """Titles and counts changed (a dossier command, its undo, an archive switch): re-read
        them on the worker, like the rest of the sidebar."""
        self._read("dossier-list", self.dossiers.dossiers).success(self._show_dossier_list).run()

    def _show_dossier_list(self, dossiers: list[DossierInfo]) -> None:
        self.sidebar_model.set_dossiers(dossiers)
        shown = self.dossier_view.dossier_id if self.dossier_shown() else None
        if shown is not None:
            item = self.sidebar_model.dossier_item(shown)
            if item is not None:
                self.sidebar.setCurrentIndex(item.index())

    def _reload_open_dossier(self) -> None:
        if self.dossier_shown() and self.dossier_view.dossier_id is not None:
            self.dossier_view.reload()

    def _on_current_entry(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Read the dossier entry picked on the dossier page in the reader pane."""
        if current.isValid() and current.row() < self.dossier_view.model.rowCount():
            self._load_detail(self.dossier_view.model.row_at(current.row()).article_id)

    def _dossier_selection(self) -> list[int]:
        if self.dossier_shown():
            return self.dossier_view.selected_ids()
        return self.selected_ids()

    def target_dossier(self) -> int | None:
        """The dossier the Dossier menu acts on: the open one, else the one picked in the
        sidebar."""
        if self.dossier_shown() and self.dossier_view.dossier_id is not None:
            return self.dossier_view.dossier_id
        index = self.sidebar.currentIndex()
        if index.isValid() and index.data(KIND_ROLE) == "dossier":
            return int(index.data(DOSSIER_ID_ROLE))
        return None

    def _update_dossier_actions(self) -> None:
        has_target = self.target_dossier() is not None
        for action in (
            self.dossier_properties_action,
            self.duplicate_dossier_action,
            self.delete_dossier_action,
        ):
            action.setEnabled(has_target)
        self.new_dossier_selection_action.setEnabled(bool(self._dossier_selection()))

    def new_dossier_from_selection(self) -> None:
        ids = self._dossier_selection()
        if not ids:
            self.statusBar().showMessage(translate("MainWindow", "Select articles first"), 5000)
            return
        self.dossiers.create_from_ids(ids)

    def new_dossier_from_search(self) -> None:
        self.dossiers.create_from_query(self._query)

    def dossier_action(self, what: str, dossier_id: int | None = None) -> None:
        """``properties`` / ``duplicate`` / ``delete`` on ``dossier_id`` (default: the target)."""
        dossier_id = self.target_dossier() if dossier_id is None else dossier_id
        if dossier_id is None:
            self.statusBar().showMessage(
                translate("MainWindow", "Open or pick a dossier first"), 5000
            )
            return
        if what == "properties":
            self.dossiers.edit_properties(dossier_id)
        elif what == "duplicate":
            self.dossiers.duplicate(dossier_id)
        elif what == "delete":
            self.dossiers.delete(dossier_id)
