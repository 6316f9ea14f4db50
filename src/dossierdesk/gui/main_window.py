"""The main window: sidebar, search box, timeline, lazy article table, reader pane, menus.

The window owns one ``Archive`` and talks to nothing else for data. Queries run on the
``QueryRunner`` worker (ids, month counts, sidebar counts, the article being read); rows are
read page by page by ``ArticleTableModel``. Edits, imports and tags go through GUI-B's
``EditController`` (``gui/editing.py``), whose ``archiveChanged`` makes the window refresh.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEventLoop,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dossierdesk import __version__
from dossierdesk.gui import settings as user_settings
from dossierdesk.gui.about import show_about
from dossierdesk.gui.dossiers import DossierController, DossierView
from dossierdesk.gui.dossiers.tasks import wait_for_background_tasks
from dossierdesk.gui.importing import IMPORT_FILE_FILTER
from dossierdesk.gui.models.article_table import (
    COL_AUTHORS,
    COL_DATE,
    COL_IMAGES,
    COL_IMPORTED,
    COL_MATCH,
    COL_SOURCE,
    COL_TAGS,
    COL_TITLE,
    COL_VIRINS,
    COLUMNS,
    ArticleTableModel,
)
from dossierdesk.gui.models.sidebar import (
    DOSSIER_ID_ROLE,
    KIND_ROLE,
    SidebarData,
    SidebarModel,
    load_sidebar_data,
)
from dossierdesk.gui.photos.browser import PhotoBrowser
from dossierdesk.gui.printing import DossierPrinting, PrintJob
from dossierdesk.gui.result_paging import FirstPage, read_first_page, read_page
from dossierdesk.gui.tag_removal import RemoveTagsDialog, tags_on
from dossierdesk.gui.tasks import QueryRunner
from dossierdesk.gui.widgets.reader import READER_PHOTO_PX, ReaderPane
from dossierdesk.gui.widgets.search_box import SearchBox
from dossierdesk.gui.widgets.sidebar import AND, EXCLUDE, SidebarView
from dossierdesk.gui.widgets.snippet_delegate import SnippetDelegate
from dossierdesk.gui.widgets.tag_chips import TagChipDelegate
from dossierdesk.gui.widgets.timeline import TimelineWidget, date_range_condition
from dossierdesk.gui.widgets.welcome import WelcomePanel
from dossierdesk.gui.window_geometry import keep_on_screen
from dossierdesk.query import QuerySyntaxError, compile_query
from dossierdesk.service import Archive, DossierInfo
from dossierdesk.service.dto import ArticleDetail, SearchResult
from dossierdesk.service.paths import bundled_seeds_dir, default_archive_path
from dossierdesk.store.errors import ArchiveError
from dossierdesk.store.location import archive_path

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_SORT = "relevance"  # best match first for word queries, newest first for filters
PAGE_DELAY_MS = 40


class Controller(Protocol):
    """What the window uses of GUI-B's ``EditController`` (see INTERFACE in the brief)."""

    archiveChanged: Any
    articlesImported: Any

    def set_archive(self, archive: Archive) -> None: ...
    def add_tags(self, ids: Sequence[int], names: Sequence[str]) -> None: ...
    def remove_tags(self, ids: Sequence[int], names: Sequence[str]) -> None: ...
    def edit_metadata(self, article_id: int) -> None: ...
    def delete_articles(self, ids: Sequence[int]) -> None: ...
    def open_tag_manager(self) -> None: ...
    def import_paths(self, paths: Sequence[Path]) -> None: ...
    def can_accept_mime(self, mime: Any) -> bool: ...
    def import_mime(self, mime: Any) -> bool: ...
    def shutdown(self, msecs: int = 30_000) -> bool: ...
    def cancel_import(self) -> None: ...


ControllerFactory = Callable[[Archive, QUndoStack, QWidget], Controller]


def _default_controller(archive: Archive, stack: QUndoStack, parent: QWidget) -> Controller | None:
    try:
        from dossierdesk.gui.editing import EditController
    except ImportError:  # the editing component is not installed in this build
        log.warning("editing component unavailable: tagging, editing and import are disabled")
        return None
    controller: Controller = EditController(archive, stack, parent)
    return controller


def is_archive_file(path: Path) -> bool:
    """An archive to open (rather than a file to import): ``.sqlite3`` or an SQLite header."""
    if path.suffix.lower() in (".sqlite3", ".sqlite", ".db"):
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def load_article_with_photos(
    archive: Archive, article_id: int
) -> tuple[ArticleDetail, dict[str, bytes]]:
    """An article and JPEG renditions of its photos for the reader (run off the GUI thread)."""
    from dossierdesk.imaging import rendition  # Pillow: loaded when a photo is first shown

    detail = archive.article(article_id)
    photos: dict[str, bytes] = {}
    for image in detail.images:
        if image.photo is None or image.photo.sha256 in photos:
            continue
        data = archive.photo_data(image.photo.sha256)
        if data is None:
            continue
        try:
            photos[image.photo.sha256] = rendition(data, READER_PHOTO_PX).data
        except ValueError:  # a stored photo that no longer decodes: the caption still shows
            log.warning("photo %s of article #%d cannot be shown", image.photo.sha256, article_id)
    return detail, photos


class MainWindow(QMainWindow):
    def __init__(
        self,
        archive: Archive,
        *,
        controller_factory: ControllerFactory | None = None,
        restore_settings: bool = True,
    ) -> None:
        super().__init__()
        self.archive = archive
        self.runner = QueryRunner(self)
        self.runner.resultReady.connect(self._on_result)
        self.runner.failed.connect(self._on_failed)
        self.undo_stack = QUndoStack(self)
        factory = controller_factory or _default_controller
        # A read-only archive (read-only media or file) gets no edit controller: no imports,
        # tags or edits; a banner says why.
        self.controller: Controller | None = (
            None if archive.read_only else factory(archive, self.undo_stack, self)
        )
        # Dossiers: every change undoable on the same stack; one printing object for the
        # window (the dossier page and the File menu's Export / Print share it).
        self.dossiers = DossierController(archive, self.undo_stack, self)
        self.printing = DossierPrinting(self)
        self._query = ""
        self._sort = DEFAULT_SORT
        self._highlight: tuple[str, ...] = ()
        self._tag_colors: dict[str, str | None] = {}
        self._result: SearchResult | None = None  # total (provisional until counted), page 0
        self._counted = False
        self._shown: tuple[str, str] = ("", DEFAULT_SORT)  # the query and sort in the table
        self._restore: tuple[list[int], int | None, int | None, int | None] | None = None
        self._build_widgets()
        self._build_actions()
        self._connect()
        self.photo_browser = PhotoBrowser(self)  # the Photos page, viewers, photo drops
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        if restore_settings:
            self.restore_settings()
        keep_on_screen(self)  # the default size or a saved one may not fit this screen
        self._update_title()
        user_settings.remember_archive(archive.path)
        self._rebuild_recent_menu()
        self.refresh_all()

    # -- construction ----------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.search_box = SearchBox(self)
        self.timeline = TimelineWidget(self)

        self.table_model = ArticleTableModel(self.archive, self)
        self.table_model.set_page_loader(self._load_page)
        self._page_requests: dict[tuple[int, int], tuple[int, ...] | None] = {}
        self._page_timer = QTimer(self)
        self._page_timer.setSingleShot(True)
        self._page_timer.setInterval(PAGE_DELAY_MS)
        self._page_timer.timeout.connect(self._flush_page_requests)
        self.table = QTableView(self)
        self.table.setModel(self.table_model)
        self.table.setAccessibleName("Articles")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().hide()
        row_height = self.table.fontMetrics().height() + 8
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSortIndicator(COL_MATCH, Qt.SortOrder.DescendingOrder)
        em = self.table.fontMetrics().horizontalAdvance("0")
        widths = {
            COL_DATE: 11 * em,
            COL_TITLE: 40 * em,
            COL_AUTHORS: 16 * em,
            COL_SOURCE: 14 * em,
            COL_TAGS: 16 * em,
            COL_IMAGES: 7 * em,
            COL_VIRINS: 7 * em,
            COL_IMPORTED: 16 * em,
            COL_MATCH: 40 * em,
        }
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.setSectionHidden(COL_IMPORTED, True)  # shown from the header's context menu
        header.moveSection(header.visualIndex(COL_MATCH), COL_TITLE + 1)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self._columns_fitted = False
        self.table.setItemDelegateForColumn(
            COL_TAGS, TagChipDelegate(lambda name: self._tag_colors.get(name), self.table)
        )
        self.table.setItemDelegateForColumn(COL_MATCH, SnippetDelegate(self.table))

        self.welcome = WelcomePanel(self)
        self._build_dossier_page()
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.dossier_page)

        self.tag_bar: Any = None
        center = QWidget(self)
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(4, 4, 4, 0)
        center_layout.setSpacing(4)
        self.read_only_banner = QLabel(center)
        self.read_only_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setStyleSheet(
            "#readOnlyBanner { background: #fff4ce; color: #4a3b00; padding: 6px; }"
        )
        self.read_only_banner.hide()
        center_layout.addWidget(self.read_only_banner)
        center_layout.addWidget(self.search_box)
        center_layout.addWidget(self.timeline)
        if self.controller is not None:
            try:
                from dossierdesk.gui.tag_bar import TagBar

                self.tag_bar = TagBar(center)
                self.tag_bar.removeRequested.connect(lambda: self.remove_tags_from_selected())
                center_layout.addWidget(self.tag_bar)
            except ImportError:
                self.tag_bar = None
        center_layout.addWidget(self.stack, 1)

        self.sidebar_model = SidebarModel(self)
        self.sidebar = SidebarView(self)
        self.sidebar.setModel(self.sidebar_model)
        for kind in ("tags", "saved", "dossiers"):
            self.sidebar.setExpanded(self.sidebar_model.group(kind).index(), True)

        self.reader = ReaderPane(self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([210, 790, 400])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setAccessibleName("Result count")
        self.busy_label = QLabel(self)
        self.busy_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.count_label)

        self.drop_overlay = QLabel("Drop to import into this archive", self)
        self.drop_overlay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_overlay.setFrameShape(QFrame.Shape.Box)
        self.drop_overlay.setLineWidth(3)
        self.drop_overlay.setForegroundRole(self.palette().ColorRole.HighlightedText)
        self.drop_overlay.setBackgroundRole(self.palette().ColorRole.Highlight)
        self.drop_overlay.setAutoFillBackground(True)
        font = self.drop_overlay.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.drop_overlay.setFont(font)
        self.drop_overlay.hide()

    def _build_dossier_page(self) -> None:
        """The central page showing one dossier, with a way back to the article table."""
        self.dossier_view = DossierView(self.dossiers, self.printing)
        # Ctrl+E / Ctrl+P belong to the File menu, which acts on the open dossier anyway
        # (two actions with one shortcut would make both ambiguous).
        for action in (self.dossier_view.export_action, self.dossier_view.print_action):
            action.setShortcut(QKeySequence())
        self.dossier_page = QWidget(self)
        self.back_button = QToolButton(self.dossier_page)
        self.back_button.setText("◂ All articles")
        self.back_button.setAutoRaise(True)
        self.back_button.setToolTip("Back to the article table (Esc)")
        self.back_button.clicked.connect(self.show_articles)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self.dossier_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.dossier_view, 1)
        self.back_action = QAction("Back to All Articles", self.dossier_page)
        self.back_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.back_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.back_action.triggered.connect(lambda _c=False: self.show_articles())
        self.dossier_page.addAction(self.back_action)

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
        file_menu = bar.addMenu("&File")
        self.new_action = self._action("&New Archive…", self.new_archive, None, "Create an archive")
        self.open_action = self._action(
            "&Open Archive…", self.choose_archive, QKeySequence.StandardKey.Open, "Open an archive"
        )
        self.recent_menu = QMenu("Open &Recent", self)
        self.import_files_action = self._action(
            "&Import Files…", self.import_files, "Ctrl+I", "Import article files", True
        )
        self.import_folder_action = self._action(
            "Import &Folder…", self.import_folder, None, "Import a folder of articles", True
        )
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q", "Quit Dossier Desk")
        output_tip = "the open dossier, else the selected articles, else the current search"
        self.export_pdf_action = self._action(
            "&Export as PDF…", self.export_pdf, "Ctrl+E", f"Export {output_tip} as PDF"
        )
        self.print_action = self._action(
            "&Print…", self.print_output, QKeySequence.StandardKey.Print, f"Print {output_tip}"
        )
        self.print_preview_action = self._action(
            "Print Pre&view…", self.print_preview, None, f"Preview {output_tip} as printed"
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

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        self.tag_action = self._action(
            "&Tag Selected…", self.tag_selected, "Ctrl+T", "Add tags to the selected articles", True
        )
        self.remove_tag_action = self._action(
            "&Remove Tag…",
            self.remove_tags_from_selected,
            "Ctrl+Shift+T",
            "Take tags off the selected articles",
            True,
        )
        self.edit_action = self._action(
            "Edit &Metadata…", self.edit_metadata, "F2", "Edit the current article", True
        )
        self.delete_action = self._action(
            "&Delete",
            self.delete_selected,
            QKeySequence.StandardKey.Delete,
            "Delete the selected articles",
            True,
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # Delete only in the article table (the dossier page's Delete removes entries).
        self.removeAction(self.delete_action)
        self.table.addAction(self.delete_action)
        self.manage_tags_action = self._action(
            "Manage Ta&gs…", self.manage_tags, None, "Rename, merge, colour, delete tags", True
        )
        self.find_action = self._action(
            "&Find", self.search_box.focus, QKeySequence.StandardKey.Find, "Focus the search box"
        )
        self.save_search_action = self._action(
            "&Save Search…", lambda: self.save_search(), None, "Save the current query"
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

        dossier_menu = bar.addMenu("&Dossier")
        self.dossier_menu = dossier_menu
        self.new_dossier_selection_action = self._action(
            "New Dossier from &Selection…",
            self.new_dossier_from_selection,
            "Ctrl+Shift+N",
            "A new dossier holding the selected articles",
        )
        self.new_dossier_search_action = self._action(
            "New Dossier from Sea&rch…",
            self.new_dossier_from_search,
            None,
            "A new dossier holding every article the search finds, oldest first",
        )
        self.dossier_properties_action = self._action(
            "Edit &Properties…",
            lambda: self.dossier_action("properties"),
            None,
            "Title, subtitle, compiler and description of the dossier",
        )
        self.duplicate_dossier_action = self._action(
            "&Duplicate", lambda: self.dossier_action("duplicate"), None, "Copy the dossier"
        )
        self.delete_dossier_action = self._action(
            "Delete Dossier",
            lambda: self.dossier_action("delete"),
            None,
            "Delete the dossier (its articles stay in the archive)",
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

        help_menu = bar.addMenu("&Help")
        self.about_action = self._action("&About Dossier Desk", lambda: show_about(self))
        help_menu.addAction(self.about_action)

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
        self.runner.busyChanged.connect(
            lambda busy: self.busy_label.setText("Searching…" if busy else "")
        )
        self.welcome.importFilesRequested.connect(self.import_files)
        self.welcome.importFolderRequested.connect(self.import_folder)
        self.welcome.samplesRequested.connect(self.import_samples)
        for button in (self.welcome.files_button, self.welcome.folder_button):
            button.setEnabled(self.controller is not None)
        self.welcome.samples_button.setEnabled(self.controller is not None)
        if self.controller is not None:
            self.controller.archiveChanged.connect(self.refresh_all)
            self.controller.articlesImported.connect(self._on_imported)
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
        self.dossier_view.loaded.connect(self._update_count_label)
        self.dossier_view.closed.connect(self.show_articles)
        self.dossier_view.table.selectionModel().currentRowChanged.connect(self._on_current_entry)
        if self.controller is not None:
            # An article edited or deleted: the open dossier shows it (or not) at once.
            self.controller.archiveChanged.connect(self._reload_open_dossier)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(wait_for_background_tasks)

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open_initial(
        cls,
        archive: Path | str | None = None,
        files: Sequence[Path] | None = None,
        *,
        controller_factory: ControllerFactory | None = None,
    ) -> MainWindow:
        """The window for the command line: ``--archive``, an archive among ``files``, the last
        archive used, or the default one; the other files are imported once it is open."""
        files = list(files or [])
        archives = [f for f in files if f.is_file() and is_archive_file(f)]
        imports = [f for f in files if f not in archives]
        path = archive or (archives[0] if archives else None)
        if path is None:
            last = user_settings.last_archive()
            path = last if last is not None and last.exists() else default_archive_path()
        try:
            path = archive_path(path)
            if not path.parent.is_dir():
                path.parent.mkdir(parents=True)
            opened = Archive(path)
        except (ArchiveError, OSError) as exc:
            fallback = default_archive_path()
            QMessageBox.critical(
                None,
                "Dossier Desk",
                f"Cannot open the archive {path}:\n{exc}\n\nOpening {fallback}.",
            )
            fallback.parent.mkdir(parents=True, exist_ok=True)
            opened = Archive(fallback)
        window = cls(opened, controller_factory=controller_factory)
        if imports and window.controller is not None:
            window.controller.import_paths(imports)
        return window

    def open_archive(self, path: Path) -> bool:
        """Switch to another archive (created if missing); False if it cannot be opened."""
        try:
            path = archive_path(path)
            if not path.parent.is_dir():
                path.parent.mkdir(parents=True)
            new = Archive(path)
        except (ArchiveError, OSError) as exc:
            QMessageBox.warning(self, "Open archive", f"Cannot open {path}:\n{exc}")
            return False
        self._stop_background_work()
        old, self.archive = self.archive, new
        self.table_model.set_archive(new)
        if self.controller is not None:
            self.controller.set_archive(new)
        # Clears the undo stack too; the open dossier (of the old archive) closes.
        self.dossiers.set_archive(new)
        old.close()
        self.reader.show_placeholder()
        user_settings.remember_archive(new.path)
        self._rebuild_recent_menu()
        self._update_title()
        self.search_box.set_query("", submit=False)
        self.refresh_all()
        return True

    def new_archive(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "New archive", str(Path.home() / "archive.sqlite3"), "Archives (*.sqlite3)"
        )
        if name:
            path = Path(name)
            if path.suffix != ".sqlite3":
                path = path.with_suffix(".sqlite3")
            self.open_archive(path)

    def choose_archive(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open archive", str(self.archive.path.parent), "Archives (*.sqlite3);;All (*)"
        )
        if name:
            self.open_archive(Path(name))

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in user_settings.recent_archives():
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_archive(p))
        self.recent_menu.setEnabled(not self.recent_menu.isEmpty())

    def _update_title(self) -> None:
        read_only = self.archive.read_only
        suffix = " (read-only)" if read_only else ""
        self.setWindowTitle(f"{self.archive.path.name}{suffix} — Dossier Desk {__version__}")
        self.read_only_banner.setText(
            f"{self.archive.path} is read-only (read-only media or file): you can search, "
            "read, print and export; importing and editing are off."
        )
        self.read_only_banner.setVisible(read_only)
        for action in (
            self.import_files_action,
            self.import_folder_action,
            self.manage_tags_action,
            self.new_dossier_selection_action,
        ):
            action.setEnabled(not read_only)

    # -- querying --------------------------------------------------------------------------
    def refresh_all(self) -> None:
        """Re-run the query (keeping selection and scroll) and reload the sidebar counts.

        The rows on screen stay until the new result replaces them (no blank flash)."""
        self._remember_view()
        self.run_query(self.search_box.text(), force=True)
        archive = self.archive
        self.runner.submit("sidebar", lambda: load_sidebar_data(archive))
        current = self.reader.article_id
        if current is not None:
            self._load_detail(current)
        self.photo_browser.refresh()

    def run_query(self, text: str, force: bool = False) -> None:
        if text == self._query and not force and self._result is not None:
            return
        self._query = text
        try:
            self._highlight = compile_query(text).highlight_terms
        except QuerySyntaxError:  # the search box only submits parsed text; be safe anyway
            return
        archive, sort = self.archive, self._sort
        near = self._restore[3] if self._restore is not None else None

        def find() -> tuple[str, str, FirstPage]:
            return text, sort, read_first_page(archive, text, sort, near)

        # The first page, then the count, then the month counts: one worker, in this order,
        # so the first rows show as soon as they are read.
        self.runner.submit("ids", find)
        self.runner.submit("count", lambda: archive.count(text))
        self.runner.submit("months", lambda: archive.month_counts(text))

    def _load_page(self, epoch: int, number: int, ids: tuple[int, ...] | None) -> None:
        """Queue a page read; reads start once scrolling pauses (``PAGE_DELAY_MS``), so the
        worker does not compete with the GUI thread for the GIL while the user scrolls."""
        self._page_requests[(epoch, number)] = ids
        self._page_timer.start()

    def _flush_page_requests(self) -> None:
        archive, model = self.archive, self.table_model
        (text, sort), requests, self._page_requests = self._shown, self._page_requests, {}
        for (epoch, number), ids in requests.items():

            def load(
                epoch: int = epoch, number: int = number, ids: tuple[int, ...] | None = ids
            ) -> tuple[Any, ...]:
                if not model.page_wanted(epoch, number):  # scrolled past while queued
                    return epoch, number, None
                return epoch, number, *read_page(archive, text, sort, number, ids)

            self.runner.submit(f"page:{epoch}:{number}", load)

    def _on_result(self, channel: str, result: object) -> None:
        if channel.startswith("page:"):
            self.table_model.deliver_page(*result)  # type: ignore[misc]
        elif channel == "ids":
            assert isinstance(result, tuple)
            self._show_first_page(*result)
        elif channel == "snippets":
            self.table_model.add_snippets(*result)  # type: ignore[misc]
        elif channel == "count":
            self._show_count(int(result))  # type: ignore[call-overload]
        elif channel == "months":
            self.timeline.set_counts(result)  # type: ignore[arg-type]
        elif channel == "sidebar":
            assert isinstance(result, SidebarData)
            self._show_sidebar(result)
        elif channel == "dossier-list":
            self._show_dossier_list(result)  # type: ignore[arg-type]
        elif channel == "detail":
            if isinstance(result, tuple):  # (ArticleDetail, photo renditions by SHA-256)
                self.reader.set_photos(result[1])
                result = result[0]
            if isinstance(result, ArticleDetail):
                if self.dossier_shown():  # the search is not what is being read
                    self.reader.show_article(result)
                else:
                    self.reader.show_article(result, self._highlight, self._query)
            else:  # no current row any more
                self.reader.show_placeholder()

    def _on_failed(self, channel: str, error: object) -> None:
        if channel.startswith("page:"):
            _page, epoch, number = channel.split(":")
            self.table_model.page_failed(int(epoch), int(number))
            return
        if channel == "detail":
            self.reader.show_placeholder("This article is no longer in the archive.")
            return
        self.statusBar().showMessage(f"Could not read the archive: {error}", 10_000)

    def _remember_view(self) -> None:
        """Selection, current row and top visible row, to restore after the next result."""
        model = self.table_model
        if not model.ids():
            self._restore = None
            return
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        selected = model.article_ids(sorted(rows)[:5000])
        current = self.table.currentIndex()
        current_id = model.article_id(current.row()) if current.isValid() else None
        top = self.table.rowAt(0)
        top_id = model.article_id(top) if 0 <= top < model.rowCount() else None
        self._restore = (selected, current_id, top_id, top if top >= 0 else None)

    def _show_first_page(self, text: str, sort: str, page: FirstPage) -> None:
        """The first rows of a result; the count follows (``_show_count``)."""
        self._shown = (text, sort)
        ids = page.id_pages.get(0, ())
        self._counted = page.total is not None
        total = len(ids) if page.total is None else page.total
        self._result = SearchResult(total=total, ids=ids)
        restore, self._restore = self._restore, None
        archive = self.archive
        self.table_model.set_id_source(
            lambda offset, limit: archive.search_ids(text, sort=sort, offset=offset, limit=limit)
        )
        self.table_model.set_result(total, page.id_pages, page.rows)
        if self._highlight and ids:  # word queries: the Match column's snippets, next
            epoch = self.table_model.epoch()
            self.runner.submit("snippets", lambda: (epoch, archive.snippets(text, ids)))
        if not self.dossier_shown():
            self._show_article_page()
        self._update_count_label()
        if restore is not None:
            self._restore_view(*restore[:3])
        self._update_selection_status()
        self._reader_follows_result()

    def _reader_follows_result(self) -> None:
        """The reader shows the current row of the current result (again, for this query's
        highlights), or nothing: never an article the search has left out."""
        if self.dossier_shown():
            return
        current = self.current_id()
        if current is None:
            if self.reader.article_id is not None:
                self.reader.show_placeholder()
        else:
            self._load_detail(current)

    def _show_count(self, total: int) -> None:
        result = self._result
        if result is None:
            return
        self._counted = True
        self._result = SearchResult(total=total, ids=result.ids)
        self.table_model.set_total(total)
        if not self.dossier_shown():
            self._show_article_page()
        self._update_count_label()

    def _restore_view(self, selected: list[int], current_id: int | None, top: int | None) -> None:
        model = self.table_model
        selection = QItemSelection()
        last = model.columnCount() - 1
        for article_id in selected:
            row = model.row_of(article_id)
            if row is not None:
                selection.select(model.index(row, 0), model.index(row, last))
        selection_model = self.table.selectionModel()
        if current_id is not None and (row := model.row_of(current_id)) is not None:
            selection_model.setCurrentIndex(
                model.index(row, COL_TITLE), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if top is not None and (row := model.row_of(top)) is not None:
            self.table.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)

    def _update_count_label(self, *_args: object) -> None:
        """The status bar counts what the central area shows: the dossier's entries while a
        dossier is open, else the search result."""
        if self.dossier_shown():
            n = self.dossier_view.model.rowCount()
            self.count_label.setText(f"{n:,} article{'s' * (n != 1)} in the dossier")
            return
        result = self._result
        if result is None:
            return
        more = "" if self._counted else "+"  # the first page is full: counting the rest
        self.count_label.setText(
            f"{result.total:,}{more} article{'s' * (result.total != 1 or bool(more))}"
            + (" found" if self._query.strip() else "")
        )

    def _show_article_page(self) -> None:
        """The article table, or the welcome panel while the archive is empty."""
        result = self._result
        empty_archive = (
            result is not None and self._counted and result.total == 0 and not self._query.strip()
        )
        self.stack.setCurrentWidget(self.welcome if empty_archive else self.table)
        if self.photo_browser.active:  # standalone photos show even without articles
            self.stack.setCurrentWidget(self.photo_browser.view)
        self._update_count_label()
        self.timeline.setVisible(not empty_archive)
        if self.tag_bar is not None:
            self.tag_bar.setVisible(not empty_archive)

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

    def _on_sort(self, spec: str) -> None:
        self._sort = spec
        self._remember_view()
        self.run_query(self._query, force=True)

    def _on_sidebar_condition(self, condition: str, mode: str) -> None:
        if mode == AND:
            self.search_box.add_condition(condition)
        elif mode == EXCLUDE:
            self.search_box.add_condition(condition, exclude=True)
        else:
            self.search_box.set_query(condition)

    def _on_timeline_range(self, first: str, last: str) -> None:
        self.search_box.set_query(date_range_condition(first, last))

    # -- selection and reader --------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return self.table_model.article_ids(rows)

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.table_model.rowCount():
            return None
        return self.table_model.article_id(index.row())

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.runner.submit("detail", lambda: None)
            return
        self._load_detail(self.table_model.article_id(current.row()))

    def _load_detail(self, article_id: int) -> None:
        archive = self.archive
        self.runner.submit("detail", lambda: load_article_with_photos(archive, article_id))

    def _update_selection_status(self, *_args: object) -> None:
        n = len(self.table.selectionModel().selectedRows())
        has_controller = self.controller is not None
        for action in (self.tag_action, self.remove_tag_action, self.delete_action):
            action.setEnabled(has_controller and n > 0)
        if self.tag_bar is not None:
            self.tag_bar.remove_button.setEnabled(has_controller and n > 0)
        self.edit_action.setEnabled(has_controller and self.current_id() is not None)
        self.new_dossier_selection_action.setEnabled(
            (n > 0 or self.dossier_shown()) and not self.archive.read_only
        )
        if n > 1 and not self.dossier_shown():
            self.statusBar().showMessage(f"{n:,} selected")
        else:
            self.statusBar().clearMessage()

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)

    def _header_menu(self, pos: Any) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column, (name, _field) in enumerate(COLUMNS):
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(column != COL_TITLE)
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        menu.exec(header.mapToGlobal(pos))

    def _fit_title_column(self) -> None:
        """On the first show without saved column widths, give the title the spare width."""
        header = self.table.horizontalHeader()
        others = sum(
            header.sectionSize(c)
            for c in range(len(COLUMNS))
            if c != COL_TITLE and not header.isSectionHidden(c)
        )
        spare = self.table.viewport().width() - others - 2
        header.resizeSection(
            COL_TITLE, max(spare, 20 * self.table.fontMetrics().averageCharWidth())
        )

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._columns_fitted:
            self._columns_fitted = True
            self._fit_title_column()

    def table_menu(self) -> QMenu:
        """The article table's context menu (public for tests)."""
        menu = QMenu(self)
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

    # -- dossiers --------------------------------------------------------------------------
    def dossier_shown(self) -> bool:
        return self.stack.currentWidget() is self.dossier_page

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
        self.runner.submit("dossier-list", self.dossiers.dossiers)

    def _show_dossier_list(self, dossiers: list[DossierInfo]) -> None:
        self.sidebar_model.set_dossiers(dossiers)
        shown = self.dossier_view.dossier_id
        if self.dossier_shown() and shown is not None:
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
            self.statusBar().showMessage("Select articles first", 5000)
            return
        self.dossiers.create_from_ids(ids)

    def new_dossier_from_search(self) -> None:
        self.dossiers.create_from_query(self._query)

    def dossier_action(self, what: str, dossier_id: int | None = None) -> None:
        """``properties`` / ``duplicate`` / ``delete`` on ``dossier_id`` (default: the target)."""
        dossier_id = self.target_dossier() if dossier_id is None else dossier_id
        if dossier_id is None:
            self.statusBar().showMessage("Open or pick a dossier first", 5000)
            return
        if what == "properties":
            self.dossiers.edit_properties(dossier_id)
        elif what == "duplicate":
            self.dossiers.duplicate(dossier_id)
        elif what == "delete":
            self.dossiers.delete(dossier_id)

    # -- export and printing ---------------------------------------------------------------
    def output_job(self) -> PrintJob | None:
        """What File ▸ Export / Print act on: the open dossier, else the selected articles,
        else every article of the current search."""
        if self.dossier_shown():
            job = self.dossier_view.print_job()
            if job is None:
                self.statusBar().showMessage("The dossier is still being read", 5000)
            return job
        ids = self.selected_ids()
        if ids:
            title = "Selected article" if len(ids) == 1 else f"{len(ids):,} selected articles"
            return PrintJob.for_ids(self.archive, ids, title)
        return PrintJob.for_query(self.archive, self._query)

    def export_pdf(self) -> None:
        job = self.output_job()
        if job is not None:
            self.printing.export_pdf(job)

    def print_output(self) -> None:
        job = self.output_job()
        if job is not None:
            self.printing.print_job(job)

    def print_preview(self) -> None:
        job = self.output_job()
        if job is not None:
            self.printing.preview(job)

    # -- editing through the controller ----------------------------------------------------
    def tag_selected(self) -> None:
        if self.controller is None or not self.selected_ids():
            return
        if self.tag_bar is not None:
            self.tag_bar.focus_entry()
            return
        text, ok = QInputDialog.getText(self, "Tag articles", "Tags (comma separated):")
        names = [t.strip() for t in text.split(",") if t.strip()] if ok else []
        if names:
            self.controller.add_tags(self.selected_ids(), names)

    def remove_tags_from_selected(self, names: Sequence[str] | None = None) -> None:
        """Take tags off the selection: ``names``, or those picked in a dialog listing the
        tags the selected articles carry. Undoable."""
        ids = self.selected_ids()
        if self.controller is None or not ids:
            return
        if names is None:
            rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
            counts = tags_on(self.table_model.summary(r) for r in rows)
            if not counts:
                self.statusBar().showMessage("The selected articles have no tags", 5000)
                return
            dialog = RemoveTagsDialog(counts, len(ids), self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self.remove_tags_from_selected(dialog.checked()))
            self.remove_tags_dialog = dialog  # (tests drive it)
            dialog.open()
            return
        if names:
            self.controller.remove_tags(ids, list(names))

    def _on_tags_entered(self, names: list[str]) -> None:
        ids = self.selected_ids()
        if self.controller is not None and ids and names:
            self.controller.add_tags(ids, names)
        elif not ids:
            self.statusBar().showMessage("Select articles to tag first", 5000)

    def _on_drop_on_tag(self, ids: list[int], tag: str) -> None:
        if self.controller is not None:
            self.controller.add_tags(ids, [tag])

    def edit_metadata(self) -> None:
        article_id = self.current_id()
        if self.controller is not None and article_id is not None:
            self.controller.edit_metadata(article_id)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if self.controller is not None and ids:
            self.controller.delete_articles(ids)

    def manage_tags(self) -> None:
        if self.controller is not None:
            self.controller.open_tag_manager()

    def import_files(self) -> None:
        if self.controller is None:
            return
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Import articles",
            str(Path.home()),
            IMPORT_FILE_FILTER,
        )
        if names:
            self.controller.import_paths([Path(n) for n in names])

    def import_folder(self) -> None:
        if self.controller is None:
            return
        name = QFileDialog.getExistingDirectory(self, "Import a folder", str(Path.home()))
        if name:
            self.controller.import_paths([Path(name)])

    def import_samples(self) -> None:
        if self.controller is not None:
            self.controller.import_paths([bundled_seeds_dir()])

    def _on_imported(self, ids: list[int]) -> None:
        if ids:
            self.statusBar().showMessage(f"Imported {len(ids):,} articles", 8000)

    def save_search(self, query: str | None = None) -> None:
        query = self.search_box.text() if query is None else query
        if not query.strip():
            self.statusBar().showMessage("Type a query first, then save it", 5000)
            return
        name, ok = QInputDialog.getText(self, "Save search", "Name:", text=query[:60])
        if ok and name.strip():
            self.save_search_as(name, query)

    def save_search_as(self, name: str, query: str) -> bool:
        try:
            self.archive.save_search(name, query)
        except (ValueError, ArchiveError) as exc:  # QuerySyntaxError is a ValueError
            self.statusBar().showMessage(f"Search not saved: {exc}", 8000)
            return False
        archive = self.archive
        self.runner.submit("sidebar", lambda: load_sidebar_data(archive))
        self.statusBar().showMessage(f"Saved search “{name.strip()}”", 5000)
        return True

    def rename_saved_search(self, name: str, new_name: str | None = None) -> bool:
        """Ask for a new name (unless ``new_name`` is given) and rename the saved search."""
        if new_name is None:
            text, ok = QInputDialog.getText(self, "Rename Saved Search", "New name:", text=name)
            if not ok:
                return False
            new_name = text
        try:
            self.archive.rename_saved_search(name, new_name)
        except (KeyError, ValueError, ArchiveError) as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            self.statusBar().showMessage(f"Could not rename the saved search: {message}", 8000)
            return False
        archive = self.archive
        self.runner.submit("sidebar", lambda: load_sidebar_data(archive))
        return True

    def delete_saved_search(self, name: str) -> None:
        try:
            self.archive.delete_saved_search(name)
        except ArchiveError as exc:
            self.statusBar().showMessage(f"Could not delete the saved search: {exc}", 8000)
            return
        archive = self.archive
        self.runner.submit("sidebar", lambda: load_sidebar_data(archive))

    # -- drops -----------------------------------------------------------------------------
    def _accepts(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        return self.controller is not None and bool(
            self.controller.can_accept_mime(event.mimeData())
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event):
            _accept_as_copy(event)
            self.drop_overlay.setGeometry(self.splitter.geometry().adjusted(8, 8, -8, -8))
            self.drop_overlay.raise_()
            self.drop_overlay.show()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts(event):
            _accept_as_copy(event)
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.drop_overlay.hide()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.drop_overlay.hide()
        if self.controller is not None and self.controller.import_mime(event.mimeData()):
            _accept_as_copy(event)
        else:
            event.ignore()

    # -- settings --------------------------------------------------------------------------
    def save_settings(self) -> None:
        s = user_settings.app_settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("table/header", self.table.horizontalHeader().saveState())
        s.setValue("table/sort", self._sort)
        s.sync()

    def restore_settings(self) -> None:
        s = user_settings.app_settings()
        for key, restore in (
            ("window/geometry", self.restoreGeometry),
            ("window/state", self.restoreState),
            ("window/splitter", self.splitter.restoreState),
            ("table/header", self.table.horizontalHeader().restoreState),
        ):
            value = s.value(key)
            if isinstance(value, QByteArray | bytes) and value:
                restore(QByteArray(value))
                if key == "table/header":
                    self._columns_fitted = True  # the user's widths win
        sort = s.value("table/sort")
        if isinstance(sort, str) and sort:
            self._sort = sort

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self._stop_background_work()
        super().closeEvent(event)

    def _stop_background_work(self, timeout_s: float = 30.0) -> None:
        """Cancel queries and imports and wait for their threads (a running import's thread is
        stopped by a signal handled on this thread, so the event loop keeps turning meanwhile)."""
        self.runner.cancel_all()
        controller = self.controller
        if controller is not None and getattr(controller, "importing", False):
            controller.cancel_import()
            deadline = time.monotonic() + timeout_s
            while getattr(controller, "importing", False) and time.monotonic() < deadline:
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if controller is not None:
            controller.shutdown(int(timeout_s * 1000))
        export = self.printing.current_export
        if export is not None and export.running:  # it reads the archive about to close
            export.wait(int(timeout_s * 1000))
        wait_for_background_tasks(int(timeout_s * 1000))
        self.runner.wait()

    def shutdown(self) -> None:
        """Stop background work and close the archive (tests and application exit)."""
        self._stop_background_work()
        self.archive.close()


__all__ = ["COLUMNS", "MainWindow", "is_archive_file"]


def _accept_as_copy(event: QDropEvent) -> None:
    """Accept a drop of files or text as a copy, whatever the source proposed: a drag source
    told "moved" may delete the user's originals (a file manager does)."""
    event.setDropAction(Qt.DropAction.CopyAction)
    event.accept()
