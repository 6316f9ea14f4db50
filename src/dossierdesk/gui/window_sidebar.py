"""The main window's sidebar: its tag, source and author lists (also the search box's
completions), conditions picked in it, and the saved searches (save, rename, delete).

One layer of ``MainWindow``, on top of ``WindowReader`` (the layers: ``window_base.py``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.models.sidebar import SidebarData, load_sidebar_data
from dossierdesk.gui.widgets.sidebar import AND, EXCLUDE
from dossierdesk.gui.window_reader import WindowReader
from dossierdesk.store.errors import ArchiveError


class WindowSidebar(WindowReader):
    """The sidebar's lists and the saved searches."""

    def _show_sidebar(self, data: SidebarData) -> None:
        self.sidebar_model.populate(data)
        self._tag_colors = {t.name: t.color for t in data.tags}
        names = [t.name for t in data.tags]
        self.search_box.set_values("tag", names)
        self.search_box.set_values("source", [f.value for f in data.sources])
        self.search_box.set_values("author", [f.value for f in data.authors])
        if self.tag_bar is not None:
            self.tag_bar.set_known_tags(names)
        self.table.viewport().update()

    def _reload_sidebar(self) -> None:
        """Saved searches and facet counts for the query shown, read again (on the lane)."""
        archive, query = self.archive, self._query
        self._read("sidebar", lambda: load_sidebar_data(archive, query)).success(
            self._show_sidebar
        ).run()

    def _on_sidebar_condition(self, condition: str, mode: str) -> None:
        if mode == AND:
            self.search_box.add_condition(condition)
        elif mode == EXCLUDE:
            self.search_box.add_condition(condition, exclude=True)
        else:
            self.search_box.set_query(condition)

    def save_search(self, query: str | None = None) -> None:
        query = self.search_box.text() if query is None else query
        if not query.strip():
            self.statusBar().showMessage(
                translate("MainWindow", "Type a query first, then save it"), 5000
            )
            return
        name, ok = QInputDialog.getText(
            self,
            translate("MainWindow", "Save search"),
            translate("MainWindow", "Name:"),
            text=query[:60],
        )
        if ok and name.strip():
            self.save_search_as(name, query)

    def save_search_as(self, name: str, query: str) -> bool:
        try:
            self.archive.save_search(name, query)
        except (ValueError, ArchiveError) as exc:  # QuerySyntaxError is a ValueError
            self.statusBar().showMessage(
                translate("MainWindow", "Search not saved: {error}").format(error=exc), 8000
            )
            return False
        self._reload_sidebar()
        self.statusBar().showMessage(
            translate("MainWindow", "Saved search “{name}”").format(name=name.strip()), 5000
        )
        return True

    def rename_saved_search(self, name: str, new_name: str | None = None) -> bool:
        """Ask for a new name (unless ``new_name`` is given) and rename the saved search."""
        if new_name is None:
            text, ok = QInputDialog.getText(
                self,
                translate("MainWindow", "Rename Saved Search"),
                translate("MainWindow", "New name:"),
                text=name,
            )
            if not ok:
                return False
            new_name = text
        try:
            self.archive.rename_saved_search(name, new_name)
        except (KeyError, ValueError, ArchiveError) as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            self.statusBar().showMessage(
                translate("MainWindow", "Could not rename the saved search: {error}").format(
                    error=message
                ),
                8000,
            )
            return False
        self._reload_sidebar()
        return True

    def delete_saved_search(self, name: str) -> None:
        try:
            self.archive.delete_saved_search(name)
        except ArchiveError as exc:
            self.statusBar().showMessage(
                translate("MainWindow", "Could not delete the saved search: {error}").format(
                    error=exc
                ),
                8000,
            )
            return
        self._reload_sidebar()
