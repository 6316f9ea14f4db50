"""The main window's actions and menus (File, Edit, Dossier, Help, the table's context menu)
and the wiring of widget signals to the window's slots.

One layer of ``MainWindow``, on top of ``WindowLayout`` (the layers: ``window_base.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from dossierdesk.gui.about import show_about
from dossierdesk.gui.help_actions import install_help, show_help
from dossierdesk.gui.i18n import translate
from dossierdesk.gui.undo_steps import undo_redo_actions
from dossierdesk.gui.window_layout import WindowLayout


class WindowActions(WindowLayout):
    """The actions, menus and signal connections."""

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str | None = None,
        needs_controller: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        if needs_controller and self.controller is None:
            action.setEnabled(False)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(translate("MainWindow", "&File"))
        self.file_menu = file_menu
        self.new_action = self._action(
            translate("MainWindow", "&New Archive…"),
            self.new_archive,
            None,
            translate("MainWindow", "Create an archive"),
        )
        self.open_action = self._action(
            translate("MainWindow", "&Open Archive…"),
            self.choose_archive,
            QKeySequence.StandardKey.Open,
            translate("MainWindow", "Open an archive"),
        )
        self.recent_menu = QMenu(translate("MainWindow", "Open &Recent"), self)
        self.import_files_action = self._action(
            translate("MainWindow", "&Import Files…"),
            self.import_files,
            "Ctrl+I",
            translate("MainWindow", "Import article files"),
            True,
        )
        self.import_folder_action = self._action(
            translate("MainWindow", "Import &Folder…"),
            self.import_folder,
            None,
            translate("MainWindow", "Import a folder of articles"),
            True,
        )
        self.quit_action = self._action(
            translate("MainWindow", "&Quit"),
            self.close,
            "Ctrl+Q",
            translate("MainWindow", "Quit Dossier Desk"),
        )
        output_tip = translate(
            "MainWindow", "the open dossier, else the selected articles, else the current search"
        )
        self.export_pdf_action = self._action(
            translate("MainWindow", "&Export as PDF…"),
            self.export_pdf,
            "Ctrl+E",
            translate("MainWindow", "Export {what} as PDF").format(what=output_tip),
        )
        self.print_action = self._action(
            translate("MainWindow", "&Print…"),
            self.print_output,
            QKeySequence.StandardKey.Print,
            translate("MainWindow", "Print {what}").format(what=output_tip),
        )
        self.print_preview_action = self._action(
            translate("MainWindow", "Print Pre&view…"),
            self.print_preview,
            "Ctrl+Alt+P",
            translate("MainWindow", "Preview {what} as printed").format(what=output_tip),
        )
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.import_files_action)
        file_menu.addAction(self.import_folder_action)
        file_menu.addSeparator()
        for action in (self.export_pdf_action, self.print_action, self.print_preview_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(translate("MainWindow", "&Edit"))
        # Named after the step; disabled while a large step runs in the background.
        self.undo_action, self.redo_action = undo_redo_actions(self.undo_stack, self)
        self.tag_action = self._action(
            translate("MainWindow", "&Tag Selected…"),
            self.tag_selected,
            "Ctrl+T",
            translate("MainWindow", "Add tags to the selected articles"),
            True,
        )
        self.remove_tag_action = self._action(
            translate("MainWindow", "&Remove Tag…"),
            self.remove_tags_from_selected,
            "Ctrl+Shift+T",
            translate("MainWindow", "Take tags off the selected articles"),
            True,
        )
        self.edit_action = self._action(
            translate("MainWindow", "Edit &Metadata…"),
            self.edit_metadata,
            "F2",
            translate("MainWindow", "Edit the current article"),
            True,
        )
        self.delete_action = self._action(
            translate("MainWindow", "&Delete"),
            self.delete_selected,
            QKeySequence.StandardKey.Delete,
            translate("MainWindow", "Delete the selected articles"),
            True,
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # Delete only in the article table (the dossier page's Delete removes entries).
        self.removeAction(self.delete_action)
        self.table.addAction(self.delete_action)
        self.manage_tags_action = self._action(
            translate("MainWindow", "Manage Ta&gs…"),
            self.manage_tags,
            None,
            translate("MainWindow", "Rename, merge, colour, delete tags"),
            True,
        )
        self.find_action = self._action(
            translate("MainWindow", "&Find"),
            self.search_box.focus,
            QKeySequence.StandardKey.Find,
            translate("MainWindow", "Focus the search box"),
        )
        self.save_search_action = self._action(
            translate("MainWindow", "&Save Search…"),
            lambda: self.save_search(),
            None,
            translate("MainWindow", "Save the current query"),
        )
        for action in (self.undo_action, self.redo_action):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        for action in (
            self.tag_action,
            self.remove_tag_action,
            self.edit_action,
            self.delete_action,
            self.manage_tags_action,
        ):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.save_search_action)

        dossier_menu = bar.addMenu(translate("MainWindow", "&Dossier"))
        self.dossier_menu = dossier_menu
        self.new_dossier_selection_action = self._action(
            translate("MainWindow", "New Dossier from &Selection…"),
            self.new_dossier_from_selection,
            "Ctrl+Shift+N",
            translate("MainWindow", "A new dossier holding the selected articles"),
        )
        self.new_dossier_search_action = self._action(
            translate("MainWindow", "New Dossier from Sea&rch…"),
            self.new_dossier_from_search,
            None,
            translate(
                "MainWindow", "A new dossier holding every article the search finds, oldest first"
            ),
        )
        self.dossier_properties_action = self._action(
            translate("MainWindow", "Edit &Properties…"),
            lambda: self.dossier_action("properties"),
            None,
            translate("MainWindow", "Title, subtitle, compiler and description of the dossier"),
        )
        self.duplicate_dossier_action = self._action(
            translate("MainWindow", "&Duplicate"),
            lambda: self.dossier_action("duplicate"),
            None,
            translate("MainWindow", "Copy the dossier"),
        )
        self.delete_dossier_action = self._action(
            translate("MainWindow", "Delete Dossier"),
            lambda: self.dossier_action("delete"),
            None,
            translate("MainWindow", "Delete the dossier (its articles stay in the archive)"),
        )
        for action in (self.new_dossier_selection_action, self.new_dossier_search_action):
            dossier_menu.addAction(action)
        dossier_menu.addSeparator()
        for action in (
            self.dossier_properties_action,
            self.duplicate_dossier_action,
            self.delete_dossier_action,
        ):
            dossier_menu.addAction(action)
        dossier_menu.aboutToShow.connect(self._update_dossier_actions)

        help_menu = bar.addMenu(translate("MainWindow", "&Help"))
        self.shortcuts_action = self._action(
            translate("MainWindow", "&Keyboard Shortcuts"),
            lambda: show_help("shortcuts", self),
            None,
            translate("MainWindow", "Every shortcut"),
        )
        help_menu.addAction(self.shortcuts_action)
        self.about_action = self._action(
            translate("MainWindow", "&About Dossier Desk"), lambda: show_about(self)
        )
        help_menu.addAction(self.about_action)
        self.help_action = install_help(self)  # F1, at the top of the Help menu

    def _connect(self) -> None:
        self.search_box.querySubmitted.connect(self.run_query)
        self.search_box.saveRequested.connect(self.save_search)
        self.timeline.rangeSelected.connect(self._on_timeline_range)
        self.sidebar.conditionActivated.connect(self._on_sidebar_condition)
        self.sidebar.savedSearchActivated.connect(lambda q: self.search_box.set_query(q))
        self.sidebar.libraryActivated.connect(lambda: self.search_box.set_query(""))
        self.sidebar.articlesDroppedOnTag.connect(self._on_drop_on_tag)
        self.sidebar.deleteSavedSearchRequested.connect(self.delete_saved_search)
        self.sidebar.renameSavedSearchRequested.connect(self.rename_saved_search)
        self.table_model.sortRequested.connect(self._on_sort)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.selectionModel().selectionChanged.connect(self._update_selection_status)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.table.doubleClicked.connect(lambda _i: self.edit_metadata())
        self.reader.linkRequested.connect(self._open_link)
        self.tasks.busyChanged.connect(self._on_busy)
        self.tag_chips.removeRequested.connect(self._remove_tag_of_row)
        self.welcome.importFilesRequested.connect(self.import_files)
        self.welcome.importFolderRequested.connect(self.import_folder)
        self.welcome.samplesRequested.connect(self.import_samples)
        # (the welcome panel's buttons follow the archive's read-only state: _update_title)
        if self._controller is not None:
            self._controller.archiveChanged.connect(self.refresh_all)
            self._controller.articlesImported.connect(self._on_imported)
        if self.tag_bar is not None:
            self.tag_bar.tagsEntered.connect(self._on_tags_entered)
        self._connect_dossiers()

    def _connect_dossiers(self) -> None:
        self.sidebar.dossierActivated.connect(self.show_dossier)
        self.sidebar.articlesDroppedOnDossier.connect(
            lambda ids, dossier_id: self.dossiers.add_articles(dossier_id, ids)
        )
        self.sidebar.dossierActionRequested.connect(
            lambda what, dossier_id: self.dossier_action(what, dossier_id)
        )
        self.sidebar.libraryActivated.connect(self.show_articles)
        self.search_box.querySubmitted.connect(lambda _text: self.show_articles())
        self.dossiers.dossierCreated.connect(self.show_dossier)
        self.dossiers.dossiersChanged.connect(self._reload_dossier_list)
        self.dossiers.errorOccurred.connect(lambda m: self.statusBar().showMessage(m, 10_000))
        if self._controller is not None:
            # An article edited or deleted: the open dossier shows it (or not) at once.
            self._controller.archiveChanged.connect(self._reload_open_dossier)

    def _remove_tag_of_row(self, row: int, name: str) -> None:
        """A tag chip's ×: take ``name`` off that row's article (one undoable step)."""
        if self.controller is not None and 0 <= row < self.table_model.rowCount():
            self.controller.remove_tags([self.table_model.article_id(row)], [name])

    def _on_busy(self, owner: object, busy: bool) -> None:
        if owner is self:  # the window's own reads (searches, counts, the reader)
            self.busy_label.setText(translate("MainWindow", "Searching…") if busy else "")

    def table_menu(self) -> QMenu:
        """The article table's context menu (public for tests)."""
        menu = QMenu(self)
        copy = getattr(self, "copy_actions", None)
        if copy is not None:
            menu.addAction(copy.copy_action)
            menu.addAction(copy.copy_citation_action)
            menu.addSeparator()
        menu.addAction(self.tag_action)
        menu.addAction(self.remove_tag_action)
        menu.addAction(self.edit_action)
        menu.addSeparator()
        add_menu = self.dossiers.add_to_dossier_menu(self.selected_ids, menu)
        add_menu.setEnabled(add_menu.isEnabled() and bool(self.selected_ids()))
        menu.addMenu(add_menu)
        menu.addAction(self.new_dossier_selection_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        return menu

    def _table_menu(self, pos: Any) -> None:
        menu = self.table_menu()
        menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()
