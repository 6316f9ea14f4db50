"""The main window: sidebar, search box, timeline, lazy article table, reader pane, menus.

This module holds ``MainWindow`` itself (construction, opening and switching archives, settings,
closing) on top of the layers that make up the rest (see ``window_base.py``): the reader
(``window_reader.py``), sidebar (``window_sidebar.py``), search (``window_search.py``),
dossiers (``window_dossiers.py``), commands (``window_commands.py``), widgets
(``window_layout.py``) and actions and menus (``window_actions.py``).

The window owns one ``Archive`` and talks to nothing else for data. Queries run as operations
of the application's ``TaskManager`` (``gui/ops.py``) owned by the window (ids, month counts,
sidebar counts, the article being read); rows are read page by page by ``ArticleTableModel``.
Edits, imports and tags go through the ``EditController`` (``gui/editing.py``), whose
``archiveChanged`` makes the window refresh.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from dossierdesk import __version__
from dossierdesk.gui import settings as user_settings
from dossierdesk.gui.copy_actions import install_copy_actions
from dossierdesk.gui.dossiers import DossierController
from dossierdesk.gui.i18n import translate
from dossierdesk.gui.index_upkeep import IndexUpkeep
from dossierdesk.gui.live_updates import install_live_updates
from dossierdesk.gui.models.article_columns import COLUMNS
from dossierdesk.gui.opening import ArchiveOpening
from dossierdesk.gui.ops import task_manager
from dossierdesk.gui.photos.browser import PhotoBrowser
from dossierdesk.gui.printing import DossierPrinting
from dossierdesk.gui.team_menu import install_team_archive
from dossierdesk.gui.watch_folders import install_watch_folders
from dossierdesk.gui.window_actions import WindowActions
from dossierdesk.gui.window_base import Controller
from dossierdesk.gui.window_geometry import keep_on_screen
from dossierdesk.gui.window_reader import load_article_with_photos
from dossierdesk.gui.window_search import DEFAULT_SORT
from dossierdesk.service.paths import default_archive_path
from dossierdesk.service.starting import StartingArchive
from dossierdesk.store.errors import ArchiveError
from dossierdesk.store.location import archive_path
from dossierdesk.store.team_url import is_team_url

if TYPE_CHECKING:
    from dossierdesk.service import Archive

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"

ControllerFactory = Callable[["Archive", QUndoStack, QWidget], Controller]


def _default_controller(archive: Archive, stack: QUndoStack, parent: QWidget) -> Controller:
    from dossierdesk.gui.editing import EditController  # loaded with the window, not before

    controller: Controller = EditController(archive, stack, parent)
    return controller


def open_archive_file(path: Path) -> Archive:
    """``Archive(path)``; the archive code and SQLAlchemy are loaded on first use."""
    from dossierdesk.service.archive import Archive

    return Archive(path)


def is_archive_file(path: Path) -> bool:
    """An archive to open (rather than a file to import): ``.sqlite3`` or an SQLite header."""
    if path.suffix.lower() in (".sqlite3", ".sqlite", ".db"):
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


class MainWindow(WindowActions):
    """The Dossier Desk window on one archive."""

    def __init__(
        self,
        archive: Archive,
        *,
        controller_factory: ControllerFactory | None = None,
        restore_settings: bool = True,
        address: str | None = None,
    ) -> None:
        """``address``: the team address ``archive`` was opened from, as Open Recent should
        keep it (without a password); by default the archive's ``location``."""
        super().__init__()
        self.archive = archive
        self.tasks = task_manager()
        self.index_upkeep = IndexUpkeep(self)
        self.opening = ArchiveOpening(self)
        self.undo_stack = QUndoStack(self)
        factory = controller_factory or _default_controller
        # While the archive is read-only (read-only media or file, a team archive the role
        # may only read) ``self.controller`` is None: no imports, tags or edits; a banner says
        # why. The controller itself stays for a writable archive opened later.
        self.controller = factory(archive, self.undo_stack, self)
        # Dossiers: every change undoable on the same stack; one printing object for the
        # window (the dossier page and the File menu's Export / Print share it).
        self.dossiers = DossierController(archive, self.undo_stack, self)
        self.printing = DossierPrinting(self)
        self._query = ""
        self._sort = DEFAULT_SORT
        self._highlight = ()
        self._tag_colors = {}
        self._result = None  # total (provisional until counted), page 0
        self._counted = False
        self._shown = ("", DEFAULT_SORT)  # the query and sort in the table
        self._restore = None
        self._build_widgets()
        self._build_actions()
        install_team_archive(self)  # File → Open Team Archive…
        self._connect()
        self.copy_actions = install_copy_actions(self)  # Copy, Copy Citation, Export Selection
        if self._controller is not None:  # (nothing is imported while it is read-only)
            install_watch_folders(self)  # Edit → Watch Folders…; watches if switched on
        self.photo_browser = PhotoBrowser(self)  # the Photos page, viewers, photo drops
        self.live_updates = install_live_updates(self)  # colleagues' changes (team archives)
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        if restore_settings:
            self.restore_settings()
        keep_on_screen(self)  # the default size or a saved one may not fit this screen
        self._update_title()
        user_settings.remember_archive(archive.path or address or archive.location)
        self._rebuild_recent_menu()
        self.refresh_all()

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
            if isinstance(last, str) or (last is not None and last.exists()):
                path = last
            else:
                path = default_archive_path()
        team: Archive | None = None
        if isinstance(path, str) and is_team_url(path):
            from dossierdesk.gui.team_dialog import open_team_archive

            team = open_team_archive(None, path)  # or says why not
            if team is not None:
                window = cls(team, controller_factory=controller_factory, address=path)
                if imports and window.controller is not None:
                    window.controller.import_paths(imports)
                return window
            path = default_archive_path()
        try:
            path = archive_path(path)
            if not path.parent.is_dir():
                path.parent.mkdir(parents=True)
            # An archive at the current revision: the first page is read without SQLAlchemy,
            # which is loaded once the page is on screen (``StartingArchive``).
            starting = StartingArchive.open(path)
            opened = open_archive_file(path) if starting is None else cast("Archive", starting)
        except (ArchiveError, OSError) as exc:
            fallback = default_archive_path()
            QMessageBox.critical(
                None,
                translate("MainWindow", "Dossier Desk"),
                translate(
                    "MainWindow", "Cannot open the archive {path}:\n{error}\n\nOpening {fallback}."
                ).format(path=path, error=exc, fallback=fallback),
            )
            fallback.parent.mkdir(parents=True, exist_ok=True)
            opened = open_archive_file(fallback)
        window = cls(opened, controller_factory=controller_factory)
        if imports and window.controller is not None:
            window.controller.import_paths(imports)
        return window

    def open_archive(self, path: Path | str) -> bool:
        """Switch to another archive: a file (created if missing) or a team archive's address
        (its password asked for if the server wants one); False if it cannot be opened."""
        if isinstance(path, str) and is_team_url(path):
            from dossierdesk.gui.team_dialog import open_team_archive

            team = open_team_archive(self, path)  # or says why not
            if team is None:
                return False
            new = team
        else:
            try:
                path = archive_path(path)
                if not path.parent.is_dir():
                    path.parent.mkdir(parents=True)
                new = open_archive_file(path)
            except (ArchiveError, OSError) as exc:
                QMessageBox.warning(
                    self,
                    translate("MainWindow", "Open archive"),
                    translate("MainWindow", "Cannot open {path}:\n{error}").format(
                        path=path, error=exc
                    ),
                )
                return False
        self._stop_background_work()
        old, self.archive = self.archive, new
        self.table_model.set_archive(new)
        if self._controller is not None:  # (also for a read-only archive: it may come back)
            self._controller.set_archive(new)
        # Clears the undo stack too; the open dossier (of the old archive) closes.
        self.dossiers.set_archive(new)
        old.close()
        self.index_upkeep.resume()
        self.reader.show_placeholder()
        user_settings.remember_archive(new.path or str(path))
        self._rebuild_recent_menu()
        self._update_title()
        self.search_box.set_query("", submit=False)
        self.refresh_all()
        self.live_updates.follow(new)
        return True

    def new_archive(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            translate("MainWindow", "New archive"),
            str(Path.home() / "archive.sqlite3"),
            translate("MainWindow", "Archives (*.sqlite3)"),
        )
        if name:
            path = Path(name)
            if path.suffix != ".sqlite3":
                path = path.with_suffix(".sqlite3")
            self.open_archive(path)

    def choose_archive(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            translate("MainWindow", "Open archive"),
            str(self.archive_folder()),
            translate("MainWindow", "Archives (*.sqlite3);;All (*)"),
        )
        if name:
            self.open_archive(Path(name))

    def archive_folder(self) -> Path:
        """Where file dialogs start: the open archive's folder (a team archive: home)."""
        return self.archive.path.parent if self.archive.path is not None else Path.home()

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in user_settings.recent_archives():
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_archive(p))
        self.recent_menu.setEnabled(not self.recent_menu.isEmpty())

    def _update_title(self) -> None:
        """The title (which archive; a team archive: and which user), the read-only banner,
        and the editing actions, which follow the archive's read-only state."""
        read_only = self.archive.read_only
        suffix = translate("MainWindow", " (read-only)") if read_only else ""
        path = self.archive.path
        if path is not None:
            name, what = path.name, self.archive.location
            why = translate("MainWindow", "read-only media or file")
        else:
            from dossierdesk.gui.team_dialog import describe  # team archives only

            name, guessed = describe(self.archive.location)
            user = self.archive.user or guessed  # the server's name for this session
            what = translate("MainWindow", "The team archive {name}").format(name=name)
            if user:
                name = f"{name} — {user}"
                why = translate("MainWindow", "user {user} may only read it").format(user=user)
            else:
                why = translate("MainWindow", "your role may only read it")
        self.setWindowTitle(f"{name}{suffix} — Dossier Desk {__version__}")
        self.read_only_banner.setText(
            translate(
                "MainWindow",
                "{what} is read-only ({why}): you can search, read, print and export; importing "
                "and editing are off.",
            ).format(what=what, why=why)
        )
        self.read_only_banner.setVisible(read_only)
        editable = self.controller is not None
        self.tag_chips.removable = editable  # the × on each tag chip
        if self.table.isVisible():  # (before the first show there is nothing to draw again)
            self.table.viewport().update()
        for action in (
            self.import_files_action,
            self.import_folder_action,
            self.manage_tags_action,
            getattr(self, "watch_folders_action", None),
        ):
            if action is not None:
                action.setEnabled(editable)
        for button in (
            self.welcome.files_button,
            self.welcome.folder_button,
            self.welcome.samples_button,
        ):
            button.setEnabled(editable)
        if self.tag_bar is not None and read_only:
            self.tag_bar.hide()  # (shown again with the article page: _show_article_page)
        self._update_selection_status()  # tag, remove tag, edit, delete, new dossier

    def archive_ready(self) -> None:
        """The archive the window started on is fully open (``gui/opening.py``): the title
        and banner as it says, and the query again with what waited (months, sidebar)."""
        self._update_title()
        self.refresh_all()

    # -- settings --------------------------------------------------------------------------
    def save_settings(self) -> None:
        s = user_settings.app_settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("table/header", self.table.horizontalHeader().saveState())
        s.setValue("table/sort", self._sort)
        s.setValue("table/match", self._match_wanted)
        s.setValue("table/fitted", self._auto_columns)  # (widths the user did not set)
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
                    # The user's widths win; fitted ones are fitted again (the order and the
                    # columns shown stay as saved).
                    self._auto_columns = s.value("table/fitted", False) in (True, "true")
        self._match_wanted = s.value("table/match", True) not in (False, "false")
        sort = s.value("table/sort")
        if isinstance(sort, str) and sort:
            self._sort = sort

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self._stop_background_work()
        super().closeEvent(event)

    def _stop_background_work(self, timeout_s: float = 30.0) -> None:
        """Stop listening, ask the window's operations (reads, imports, exports, undo steps;
        its parts' too) to stop, drop their results and wait once for the threads."""
        self.live_updates.stop()
        self.index_upkeep.stop()
        controller = self._controller  # (also while the archive is read-only)
        if controller is not None:
            controller.shutdown()
        self.tasks.shutdown(self, int(timeout_s * 1000))

    def shutdown(self) -> None:
        """Stop background work and close the archive (tests and application exit).

        The undo history is emptied before the archive is closed, while its steps and what
        they hold (the archive, the controllers) still exist: a stack destroyed later by
        Python's garbage collector, with steps on it, deletes them after the collector may
        have cleared their Python side, which crashed a test process."""
        self._stop_background_work()
        self.undo_stack.clear()
        self.archive.close()


__all__ = ["COLUMNS", "MainWindow", "is_archive_file", "load_article_with_photos"]
