"""Copying and exporting the selected articles: Edit → Copy (Ctrl+C in the article table),
Edit → Copy Citation (Ctrl+Shift+C), File → Export Selection as CSV/JSON….

Copy puts on the clipboard what a drag out of the table carries (ids, citations as text and
HTML, original files on demand: ``article_mime``); Copy Citation only the citations. The export
writes the CLI's ``export-metadata`` format (``service.serialize.write_metadata``) on a
background thread, into a temporary file renamed over the chosen one when complete, and says
so in the status bar.

``install_copy_actions(window)`` adds the actions to a ``MainWindow``'s menus and table.

The clipboard and export code is loaded when first used, not before the window's first paint.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.ops import task_manager
from dossierdesk.gui.selected_rows import selected_row_ranges

if TYPE_CHECKING:
    from dossierdesk.gui.main_window import MainWindow
    from dossierdesk.service import Archive

log = logging.getLogger(__name__)

EXPORT_FILTERS = {"CSV (*.csv)": "csv", "JSON (*.json)": "json"}


def export_file(archive: Archive, ids: Sequence[int], fmt: str, path: Path) -> int:
    """Write the articles' metadata to ``path`` (replaced only once complete); returns how
    many articles were written."""
    fd, tmp = tempfile.mkstemp(prefix=".dossierdesk-export-", suffix=".tmp", dir=path.parent)
    try:
        from dossierdesk.service.serialize import write_metadata

        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            n = write_metadata(archive.articles(list(ids), body=False), fmt, out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _forget_clipboard_files() -> None:
    """The files a copy offered on the clipboard are deleted when the application quits."""
    from dossierdesk.gui.article_mime import forget_clipboard_files

    forget_clipboard_files()


def _menu(window: MainWindow, title: str) -> QMenu | None:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == title:
            return menu
    return None


class CopyActions(QObject):
    """The window's copy and export actions (a child of the window)."""

    #: (message, path or "" on failure) once an export ended
    exportFinished = Signal(str, str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.copy_action = QAction(translate("CopyActions", "&Copy"), window)
        self.copy_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        self.copy_action.setStatusTip(
            translate(
                "CopyActions",
                "Copy the selected articles: citations for documents and mail, files for folders",
            )
        )
        # Ctrl+C belongs to the table only: the reader and the search box copy their text.
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(lambda _c=False: self.copy_selection())
        window.table.addAction(self.copy_action)
        # The table copies its current cell's text on Ctrl+C itself (it claims the key before
        # shortcuts see it): the key is taken here and does the whole copy.
        window.table.installEventFilter(self)

        self.copy_citation_action = QAction(translate("CopyActions", "Copy C&itation"), window)
        self.copy_citation_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_citation_action.setStatusTip(
            translate("CopyActions", "Copy the selected articles' citations")
        )
        self.copy_citation_action.triggered.connect(lambda _c=False: self.copy_citation())
        window.addAction(self.copy_citation_action)

        self.export_action = QAction(
            translate("CopyActions", "Export Selection as CSV/&JSON…"), window
        )
        self.export_action.setStatusTip(
            translate(
                "CopyActions",
                "Write the selected articles' metadata (no text) to a CSV or JSON file",
            )
        )
        self.export_action.triggered.connect(lambda _c=False: self.export_selection())
        window.addAction(self.export_action)

        self.exportFinished.connect(self._export_done)
        self._add_to_menus()
        window.table.selectionModel().selectionChanged.connect(self._update)
        self._update()
        app = QGuiApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(_forget_clipboard_files)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Copy)
        ):
            event.accept()
            if kind == QEvent.Type.KeyPress and self.copy_action.isEnabled():
                self.copy_action.trigger()
            return kind == QEvent.Type.KeyPress
        return False

    def _add_to_menus(self) -> None:
        window = self.window
        edit = _menu(window, translate("MainWindow", "&Edit").replace("&", ""))
        if edit is not None:
            # After Undo / Redo, before the tag actions: where Copy usually sits.
            before = window.tag_action if window.tag_action in edit.actions() else None
            if before is not None:
                edit.insertAction(before, self.copy_action)
                edit.insertAction(before, self.copy_citation_action)
                edit.insertSeparator(before)
            else:
                edit.addAction(self.copy_action)
                edit.addAction(self.copy_citation_action)
        file_menu = _menu(window, translate("MainWindow", "&File").replace("&", ""))
        if file_menu is not None:
            actions = file_menu.actions()
            anchor = window.print_preview_action
            if anchor in actions and actions.index(anchor) + 1 < len(actions):
                file_menu.insertAction(actions[actions.index(anchor) + 1], self.export_action)
            else:
                file_menu.addAction(self.export_action)

    def _update(self, *_args: object) -> None:
        has_rows = bool(selected_row_ranges(self.window.table.selectionModel()))
        for action in (self.copy_action, self.copy_citation_action, self.export_action):
            action.setEnabled(has_rows)

    def _ids(self) -> list[int]:
        ids = self.window.selected_ids()
        if not ids:
            current = self.window.current_id()
            ids = [current] if current is not None else []
        return ids

    def _status(self, message: str, msecs: int = 5000) -> None:
        self.window.statusBar().showMessage(message, msecs)

    # -- copy ------------------------------------------------------------------------------
    def copy_selection(self) -> bool:
        """Ids, citations and original files of the selected articles to the clipboard."""
        ids = self._ids()
        if not ids:
            self._status(translate("CopyActions", "Select articles first"))
            return False
        from dossierdesk.gui.article_mime import article_mime

        QGuiApplication.clipboard().setMimeData(article_mime(self.window.archive, ids))
        n = len(ids)
        self._status(translate("CopyActions", "Copied {count} article(s)", None, n))
        return True

    def copy_citation(self) -> bool:
        """Only the citations (plain text and HTML) of the selected articles."""
        ids = self._ids()
        if not ids:
            self._status(translate("CopyActions", "Select articles first"))
            return False
        try:
            cited = self.window.archive.citations(ids)
        except Exception as exc:
            self._status(
                translate("CopyActions", "Could not read the articles: {error}").format(error=exc),
                10_000,
            )
            return False
        from dossierdesk.gui.citations import citations_html, citations_text

        mime = QMimeData()
        mime.setText(citations_text(cited))
        mime.setHtml(citations_html(cited))
        QGuiApplication.clipboard().setMimeData(mime)
        n = len(cited)
        self._status(translate("CopyActions", "Copied {count} citation(s)", None, n))
        return True

    # -- export ----------------------------------------------------------------------------
    def ask_export_path(self, count: int) -> tuple[Path, str] | None:
        """The file and format chosen in a save dialog, or None when cancelled."""
        start = str(self.window.archive_folder() / "selection.csv")
        name, chosen = QFileDialog.getSaveFileName(
            self.window,
            translate("CopyActions", "Export {count} Article(s)", None, count),
            start,
            ";;".join(EXPORT_FILTERS),
        )
        if not name:
            return None
        path = Path(name)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in EXPORT_FILTERS.values():
            fmt = EXPORT_FILTERS.get(chosen, "csv")
            path = path.with_name(f"{path.name}.{fmt}")
        return path, fmt

    def export_selection(self, path: Path | None = None, fmt: str | None = None) -> bool:
        """Export the selected articles' metadata (asking where when ``path`` is None);
        returns whether an export started. The writing runs in the background."""
        ids = self._ids()
        if not ids:
            self._status(translate("CopyActions", "Select articles first"))
            return False
        if path is None:
            chosen = self.ask_export_path(len(ids))
            if chosen is None:
                return False
            path, fmt = chosen
        if fmt is None:
            fmt = "json" if path.suffix.lower() == ".json" else "csv"
        archive = self.window.archive
        n = len(ids)
        message = translate("CopyActions", "Exporting {count} article(s) to {file}…", None, n)
        self._status(message.format(file=path.name), 0)

        def exported(n: int) -> None:
            message = translate("CopyActions", "Exported {count} article(s) to {path}", None, n)
            self.exportFinished.emit(message.format(path=path), str(path))

        def failed(exc: Exception) -> None:
            log.warning("export to %s failed: %s", path, exc)
            message = translate("CopyActions", "Could not export to {file}: {error}")
            self.exportFinished.emit(message.format(file=path.name, error=exc), "")

        export = task_manager().op(lambda: export_file(archive, ids, fmt, path), owner=self)
        export.success(exported).failure(failed).run()
        return True

    def _export_done(self, message: str, _path: str) -> None:
        self._status(message, 10_000)


def install_copy_actions(window: MainWindow) -> CopyActions:
    """Add Copy, Copy Citation and Export Selection as CSV/JSON… to ``window``."""
    return CopyActions(window)
