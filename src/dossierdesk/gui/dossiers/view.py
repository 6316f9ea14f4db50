"""The dossier page: header (title, subtitle, compiled by, description, count, dates) and the
ordered entries, reorderable by drag and drop, with export and print actions."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt, Signal, Slot
from PySide6.QtGui import QAction, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.fonts import SERIF_FAMILY
from dossierdesk.gui.dossiers.controller import DossierController
from dossierdesk.gui.dossiers.entries_model import DossierEntriesModel
from dossierdesk.gui.dossiers.loading import (
    LARGE_DOSSIER,
    LoadedDossier,
    read_dossier,
    read_sources,
)
from dossierdesk.gui.i18n import translate
from dossierdesk.gui.ops import task_manager
from dossierdesk.gui.printing import DossierPrinting, PrintJob
from dossierdesk.gui.selected_rows import RowTableView, selected_rows
from dossierdesk.service.dossier_dto import DossierDetail

if TYPE_CHECKING:
    from dossierdesk.service import Archive

log = logging.getLogger(__name__)


def _plain_label(word_wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # titles and notes are untrusted text
    label.setWordWrap(word_wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def summary_line(detail: DossierDetail) -> str:
    """ "Compiled by X · 12 articles · 2016-01-17 – 2024-11-18"."""
    parts = []
    if detail.compiled_by:
        parts.append(translate("DossierView", "Compiled by {name}").format(name=detail.compiled_by))
    n = detail.article_count
    parts.append(translate("DossierView", "{count} article(s)", None, n))
    dates = [e.published for e in detail.entries if e.published]
    if dates:
        first, last = min(dates).isoformat(), max(dates).isoformat()
        parts.append(first if first == last else f"{first} – {last}")
    return " · ".join(parts)


class DossierView(QWidget):
    """Shows one dossier; every change goes through the controller (undoable)."""

    loaded = Signal(int)  # the dossier shown, after its entries are in the table
    closed = Signal()  # the dossier shown was deleted (or closed)

    def __init__(
        self,
        controller: DossierController,
        printing: DossierPrinting | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.printing = printing or DossierPrinting(self)
        self.dossier_id: int | None = None
        self.detail: DossierDetail | None = None
        self._archive: Archive | None = None  # the archive the dossier shown was read from
        self._generation = 0

        self.title_label = _plain_label()
        title_font = QFont(SERIF_FAMILY)
        title_font.setPointSizeF(self.font().pointSizeF() * 1.7)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.subtitle_label = _plain_label()
        subtitle_font = QFont(SERIF_FAMILY)
        subtitle_font.setPointSizeF(self.font().pointSizeF() * 1.2)
        subtitle_font.setItalic(True)
        self.subtitle_label.setFont(subtitle_font)
        self.meta_label = _plain_label()
        self.meta_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # dim, any theme
        self.description_label = _plain_label()
        self.status_label = _plain_label()

        self.model = DossierEntriesModel(self)
        self.table = RowTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setDragDropOverwriteMode(False)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The title takes the width left (no sideways scrolling in a narrow page); the note
        # column keeps a readable width.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(DossierEntriesModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(DossierEntriesModel.POSITION, 44)
        self.table.setColumnWidth(DossierEntriesModel.DATE, 96)
        self.table.setColumnWidth(DossierEntriesModel.SOURCE, 150)
        self.table.setColumnWidth(DossierEntriesModel.NOTE, 180)

        self.toolbar = QToolBar(translate("DossiersView", "Dossier"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.export_action = self._action(
            translate("DossiersView", "Export PDF…"), self.export_pdf, "Ctrl+E"
        )
        self.print_action = self._action(
            translate("DossiersView", "Print…"), self.print_dossier, QKeySequence.StandardKey.Print
        )
        self.preview_action = self._action(
            translate("DossiersView", "Print Preview…"), self.print_preview
        )
        self.toolbar.addSeparator()
        self.remove_action = self._action(
            translate("DossiersView", "Remove"),
            self.remove_selected,
            QKeySequence.StandardKey.Delete,
        )
        self.up_action = self._action(translate("DossiersView", "Move Up"), self.move_up, "Ctrl+Up")
        self.down_action = self._action(
            translate("DossiersView", "Move Down"), self.move_down, "Ctrl+Down"
        )
        self.toolbar.addSeparator()
        self.edit_action = self._action(
            translate("DossiersView", "Edit Properties…"), self.edit_properties
        )
        for action in (self.remove_action, self.up_action, self.down_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.table.addAction(action)

        self.empty_label = _plain_label()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setText(translate("DossiersView", "No dossier open."))
        self.stack = QStackedWidget()
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(12, 10, 12, 6)
        for w in (self.title_label, self.subtitle_label, self.meta_label, self.description_label):
            page_layout.addWidget(w)
        page_layout.addWidget(self.toolbar)
        page_layout.addWidget(self.table, 1)
        page_layout.addWidget(self.status_label)
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        # The model's requests are applied after the drop/edit returns (the drag may still
        # be running in its own event loop), through the controller's undoable commands.
        queued = Qt.ConnectionType.QueuedConnection
        self.model.moveRequested.connect(self._on_move_requested, queued)
        self.model.articlesDropped.connect(self._on_articles_dropped, queued)
        self.model.noteEdited.connect(self._on_note_edited, queued)
        self.model.sourcesWanted.connect(self._fetch_sources)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        controller.dossierChanged.connect(self._on_dossier_changed)
        controller.dossiersChanged.connect(self._on_dossiers_changed)
        self._update_actions()

    def _action(
        self,
        text: str,
        slot: Callable[[], None],
        shortcut: str | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        return action

    # -- opening ------------------------------------------------------------------------
    def open_dossier(self, dossier_id: int) -> None:
        """Show this dossier (read on a worker thread when it is large)."""
        if dossier_id != self.dossier_id:
            self.detail = None
            self.model.set_entries(None, [])
        self.dossier_id = dossier_id
        self.reload()

    def close_dossier(self) -> None:
        self._generation += 1
        self.dossier_id = None
        self.detail = None
        self.model.set_entries(None, [])
        self.stack.setCurrentWidget(self.empty_label)
        self._update_actions()
        self.closed.emit()

    def _shown_version(self) -> int | None:
        """The version of the dossier as shown: a move made from it is refused if a
        colleague changed the dossier since (the view then reloads)."""
        return self.detail.version if self.detail is not None else None

    def reload(self) -> None:
        if self.dossier_id is None or not self.controller.has_archive():
            return
        self._generation += 1
        generation, dossier_id = self._generation, self.dossier_id
        archive = self._archive = self.controller.archive
        count = next((d.article_count for d in archive.dossiers() if d.id == dossier_id), None)
        if count is None:
            self.close_dossier()
            return
        if count <= LARGE_DOSSIER:
            try:
                loaded = read_dossier(archive, dossier_id)
            except KeyError:
                self.close_dossier()
                return
            self._show(generation, loaded)
            return
        self.status_label.setText(
            translate("DossierView", "Reading {count} article(s)…", None, count)
        )
        read = task_manager().op(
            lambda: read_dossier(archive, dossier_id), owner=self, key="entries"
        )
        read.success(lambda loaded: self._show(generation, loaded))
        read.failure(lambda exc: self._on_load_failed(generation, exc)).run()

    def is_loading(self) -> bool:
        """Whether a background read of the entries is still running."""
        return any(op.key == "entries" for op in task_manager().pending(self))

    def _on_load_failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        if isinstance(exc, KeyError):
            self.close_dossier()
        else:
            self.status_label.setText(
                translate("DossierView", "Could not read the dossier: {error}").format(error=exc)
            )

    def _show(self, generation: int, loaded: LoadedDossier) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return  # a newer read is on its way
        selected = set(self.selected_ids())
        detail = loaded.detail
        self.detail = detail
        self.title_label.setText(detail.title)
        self.subtitle_label.setText(detail.subtitle or "")
        self.subtitle_label.setVisible(bool(detail.subtitle))
        self.meta_label.setText(summary_line(detail))
        self.description_label.setText(detail.description or "")
        self.description_label.setVisible(bool(detail.description))
        self.model.set_entries(detail.id, loaded.rows)
        self.status_label.setText(
            ""
            if loaded.rows
            else translate(
                "DossiersView", "Drag articles here, or use “Add to Dossier” on articles."
            )
        )
        self.status_label.setVisible(not loaded.rows)
        self.stack.setCurrentIndex(1)
        if selected:
            self.select_ids(selected)
        self._update_actions()
        self.loaded.emit(detail.id)

    @Slot(list)
    def _fetch_sources(self, ids: list[int]) -> None:
        """Sources of the rows being shown, read on a worker (a few hundred at most)."""
        if not self.controller.has_archive():
            return
        archive = self.controller.archive
        dossier_id = self.dossier_id

        def show(sources: dict[int, str | None]) -> None:
            if shiboken6.isValid(self.model) and dossier_id == self.model.dossier_id:
                self.model.set_sources(sources)

        task_manager().op(lambda: read_sources(archive, ids), owner=self).success(show).run()

    def is_busy(self) -> bool:
        """Whether a background read (entries or sources) is still running."""
        return task_manager().is_busy(self)

    # -- selection ----------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        return selected_rows(self.table.selectionModel())

    def selected_ids(self) -> list[int]:
        return [self.model.row_at(r).article_id for r in self.selected_rows()]

    def select_ids(self, ids: set[int] | list[int]) -> None:
        wanted = set(ids)
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row, article_id in enumerate(self.model.article_ids()):
            if article_id in wanted:
                selection.select(self.model.index(row, 0), flags)

    @Slot()
    def _update_actions(self) -> None:
        has_dossier = self.dossier_id is not None and self.detail is not None
        rows = self.selected_rows() if has_dossier else []
        n = self.model.rowCount()
        for action in (self.export_action, self.print_action, self.preview_action):
            action.setEnabled(has_dossier and n > 0)
        self.edit_action.setEnabled(has_dossier)
        self.remove_action.setEnabled(bool(rows))
        contiguous = bool(rows) and rows[-1] - rows[0] + 1 == len(rows)
        self.up_action.setEnabled(bool(rows) and (rows[0] > 0 or not contiguous))
        self.down_action.setEnabled(bool(rows) and rows[-1] < n - 1)

    # -- changes (through the controller) -------------------------------------------------
    @Slot(int)
    def _on_dossier_changed(self, dossier_id: int) -> None:
        if dossier_id == self.dossier_id:
            self.reload()

    @Slot()
    def _on_dossiers_changed(self) -> None:
        """The list changed: close if our dossier is gone or the archive was switched. (Changes
        to our dossier itself also come as ``dossierChanged``, which reloads.)"""
        if self.dossier_id is None:
            return
        switched = not self.controller.has_archive() or self.controller.archive is not self._archive
        if switched or all(d.id != self.dossier_id for d in self.controller.archive.dossiers()):
            self.close_dossier()

    @Slot(list, int)
    def _on_move_requested(self, ids: list[int], to: int) -> None:
        if self.dossier_id is not None:
            self.controller.move_entries(self.dossier_id, ids, to, version=self._shown_version())
            self.select_ids(ids)

    @Slot(list, int)
    def _on_articles_dropped(self, ids: list[int], position: int) -> None:
        if self.dossier_id is not None:
            self.controller.add_articles(self.dossier_id, ids, position)

    @Slot(int, object)
    def _on_note_edited(self, article_id: int, note: str | None) -> None:
        if self.dossier_id is not None:
            self.controller.set_note(self.dossier_id, article_id, note)

    @Slot()
    def remove_selected(self) -> None:
        ids = self.selected_ids()
        if self.dossier_id is not None and ids:
            self.controller.remove_entries(self.dossier_id, ids)

    def _move_by(self, step: int) -> None:
        rows = self.selected_rows()
        if self.dossier_id is None or not rows:
            return
        ids = self.selected_ids()
        # The service places the block among the other entries: the first selected row is at
        # index rows[0] among them; one step up or down from there.
        self.controller.move_entries(
            self.dossier_id, ids, max(0, rows[0] + step), version=self._shown_version()
        )
        self.select_ids(ids)

    @Slot()
    def move_up(self) -> None:
        self._move_by(-1)

    @Slot()
    def move_down(self) -> None:
        self._move_by(+1)

    @Slot()
    def edit_properties(self) -> None:
        if self.dossier_id is not None:
            self.controller.edit_properties(self.dossier_id)

    # -- output -------------------------------------------------------------------------
    def print_job(self) -> PrintJob | None:
        if self.dossier_id is None or self.detail is None:
            return None
        return PrintJob.for_dossier(self.controller.archive, self.dossier_id, self.detail.title)

    @Slot()
    def export_pdf(self) -> None:
        job = self.print_job()
        if job is not None:
            self.printing.export_pdf(job)

    @Slot()
    def print_dossier(self) -> None:
        job = self.print_job()
        if job is not None:
            self.printing.print_job(job)

    @Slot()
    def print_preview(self) -> None:
        job = self.print_job()
        if job is not None:
            self.printing.preview(job)
