"""What the main window's parts share: its widgets, actions and query state, declared once.

``MainWindow`` is built in layers, each a module of its own and each a subclass of the one
before: ``WindowBase`` (this module) → ``WindowReader`` (``window_reader.py``) →
``WindowSidebar`` → ``WindowSearch`` → ``WindowDossiers`` → ``WindowCommands`` →
``WindowLayout`` → ``WindowActions`` → ``MainWindow`` (``main_window.py``). A layer calls the
methods of the layers below it; the attributes every layer reads (set up by ``MainWindow``,
``WindowLayout`` and ``WindowActions``) are declared here, as are the few methods a lower
layer calls in a higher one. Also here: the ``Controller`` protocol (what the window uses of
the ``EditController``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QAction, QUndoStack
    from PySide6.QtWidgets import (
        QLabel,
        QMenu,
        QSplitter,
        QStackedWidget,
        QTableView,
        QToolButton,
        QWidget,
    )

    from dossierdesk.gui.dossiers import DossierController, DossierView
    from dossierdesk.gui.index_upkeep import IndexUpkeep
    from dossierdesk.gui.models.article_table import ArticleTableModel
    from dossierdesk.gui.models.sidebar import SidebarModel
    from dossierdesk.gui.opening import ArchiveOpening
    from dossierdesk.gui.ops import TaskManager
    from dossierdesk.gui.photos.browser import PhotoBrowser
    from dossierdesk.gui.printing import DossierPrinting
    from dossierdesk.gui.tag_removal import RemoveTagsDialog
    from dossierdesk.gui.widgets.reader import ReaderPane
    from dossierdesk.gui.widgets.search_box import SearchBox
    from dossierdesk.gui.widgets.sidebar import SidebarView
    from dossierdesk.gui.widgets.tag_chips import TagChipDelegate
    from dossierdesk.gui.widgets.timeline import TimelineWidget
    from dossierdesk.gui.widgets.welcome import WelcomePanel
    from dossierdesk.service import Archive, DossierInfo
    from dossierdesk.service.dto import SearchResult


class Controller(Protocol):
    """What the window uses of the edit controller (``gui.editing.EditController``)."""

    archiveChanged: Any
    articlesImported: Any

    @property
    def importing(self) -> bool: ...
    def set_archive(self, archive: Archive) -> None: ...
    def add_tags(self, ids: Sequence[int], names: Sequence[str]) -> None: ...
    def remove_tags(self, ids: Sequence[int], names: Sequence[str]) -> None: ...
    def edit_metadata(self, article_id: int) -> None: ...
    def delete_articles(self, ids: Sequence[int]) -> None: ...
    def open_tag_manager(self) -> None: ...
    def import_paths(self, paths: Sequence[Path]) -> None: ...
    def can_accept_mime(self, mime: Any) -> bool: ...
    def import_mime(self, mime: Any) -> bool: ...
    def shutdown(self) -> None: ...
    def cancel_import(self) -> None: ...


class WindowBase(QMainWindow):
    """The attributes the window's layers share (assigned by ``MainWindow.__init__``)."""

    # Data and background work (MainWindow.__init__).
    archive: Archive
    tasks: TaskManager  # the application's; the window's reads are owned by the window
    undo_stack: QUndoStack
    _controller: Controller | None  # the edit controller, also while the archive is read-only
    dossiers: DossierController
    printing: DossierPrinting
    photo_browser: PhotoBrowser
    index_upkeep: IndexUpkeep  # merges the search index's segments while the window is idle
    opening: ArchiveOpening  # the full opening of an archive the window started on plainly

    # The query shown and its result (WindowSearch).
    _query: str
    _sort: str
    _highlight: tuple[str, ...]
    _tag_colors: dict[str, str | None]
    _result: SearchResult | None  # total (provisional until counted), page 0
    _counted: bool
    _shown: tuple[str, str]  # the query and sort in the table
    _restore: tuple[list[int], int | None, int | None, int | None] | None
    _page_requests: dict[tuple[int, int], tuple[int, ...] | None]
    _page_timer: QTimer
    _columns_fitted: bool
    _auto_columns: bool
    _match_wanted: bool

    # Widgets (WindowLayout).
    search_box: SearchBox
    timeline: TimelineWidget
    table_model: ArticleTableModel
    table: QTableView
    tag_chips: TagChipDelegate  # the Tags column (its × takes a tag off the row's article)
    welcome: WelcomePanel
    # The dossier page (``dossier_page``, ``dossier_view``, ``back_button``, ``back_action``)
    # is made on first use (``WindowLayout._build_dossier_page``), after the first paint.
    _dossier_parts: tuple[QWidget, DossierView] | None = None
    back_button: QToolButton
    back_action: QAction
    stack: QStackedWidget
    tag_bar: Any  # a TagBar, or None without the editing component
    read_only_banner: QLabel
    sidebar_model: SidebarModel
    sidebar: SidebarView
    reader: ReaderPane
    splitter: QSplitter
    count_label: QLabel
    busy_label: QLabel
    drop_overlay: QLabel
    remove_tags_dialog: RemoveTagsDialog

    # Actions and menus (WindowActions).
    file_menu: QMenu
    new_action: QAction
    open_action: QAction
    open_team_action: QAction  # gui.team_dialog.install_team_archive
    recent_menu: QMenu
    import_files_action: QAction
    import_folder_action: QAction
    quit_action: QAction
    export_pdf_action: QAction
    print_action: QAction
    print_preview_action: QAction
    undo_action: QAction
    redo_action: QAction
    tag_action: QAction
    remove_tag_action: QAction
    edit_action: QAction
    delete_action: QAction
    manage_tags_action: QAction
    find_action: QAction
    save_search_action: QAction
    dossier_menu: QMenu
    new_dossier_selection_action: QAction
    new_dossier_search_action: QAction
    dossier_properties_action: QAction
    duplicate_dossier_action: QAction
    delete_dossier_action: QAction
    about_action: QAction

    @property
    def controller(self) -> Controller | None:
        """The edit controller; ``None`` while the archive is read-only (read-only media or
        file, or a team archive whose role may only read it), so nothing edits it."""
        controller = getattr(self, "_controller", None)
        archive = getattr(self, "archive", None)
        return None if archive is None or archive.read_only else controller

    @controller.setter
    def controller(self, controller: Controller | None) -> None:
        self._controller = controller

    @property
    def dossier_page(self) -> QWidget:
        return self._dossier_built()[0]

    @property
    def dossier_view(self) -> DossierView:
        return self._dossier_built()[1]

    def _dossier_built(self) -> tuple[QWidget, DossierView]:
        if self._dossier_parts is None:
            self._dossier_parts = self._build_dossier_page()
        return self._dossier_parts

    def dossier_shown(self) -> bool:
        parts = self._dossier_parts  # a page not made yet is not shown
        return parts is not None and self.stack.currentWidget() is parts[0]

    if TYPE_CHECKING:  # defined by higher layers

        def _build_dossier_page(self) -> tuple[QWidget, DossierView]: ...  # WindowLayout

        def _show_match_column(self, words: bool) -> None: ...  # WindowLayout

        def _show_dossier_list(self, dossiers: list[DossierInfo]) -> None: ...  # WindowDossiers
        def new_archive(self) -> None: ...  # MainWindow
        def choose_archive(self) -> None: ...  # MainWindow
