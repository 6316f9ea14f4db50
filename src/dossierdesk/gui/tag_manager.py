"""The tag manager: every tag with its colour and article count; rename, merge, delete, colour.

Renaming onto an existing name merges the two tags (``Archive.rename_tag``). Each change goes
through the ``EditController`` and is undoable. The dialog is non-modal and refreshes whenever
the archive changes: the tags are read on a worker thread (counting every tag's articles
grows with the archive, and a team archive's tags are a server away), and the table keeps
what it shows until they come. Text and colour prompts are replaceable callables (``ask_text``,
``ask_color``) so tests answer them without a nested event loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui.help_actions import help_button
from dossierdesk.gui.i18n import translate
from dossierdesk.gui.ops import task_manager
from dossierdesk.service.dto import TagInfo

if TYPE_CHECKING:
    from dossierdesk.service import Archive


class TagEditor(Protocol):
    """What the dialog uses of the edit controller (``gui.editing.EditController``): named
    here so that the two modules do not import each other."""

    archiveChanged: Any

    @property
    def archive(self) -> Archive: ...
    def rename_tag(self, old: str, new: str, names: Iterable[str]) -> None: ...
    def set_tag_color(self, name: str, color: str | None, was: str | None) -> None: ...
    def delete_tag(self, name: str) -> None: ...
    def confirm(self, title: str, question: str) -> bool: ...


AskText = Callable[[str, str, str], str | None]  # (title, label, initial) -> text or None
AskColor = Callable[[QColor], QColor | None]  # initial -> chosen or None

NAME, COUNT = range(2)


def swatch(color: str | None, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color) if color else QColor(0, 0, 0, 0))
    return QIcon(pixmap)


class TagManagerDialog(QDialog):
    def __init__(self, controller: TagEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(translate("TagManager", "Tags"))
        self.setModal(False)
        self.resize(460, 440)
        self.ask_text: AskText = self._ask_text
        self.ask_color: AskColor = self._ask_color
        self._tags: list[TagInfo] = []

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(translate("TagManager", "Filter tags…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)

        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(
            [translate("TagManager", "Tag"), translate("TagManager", "Articles")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COUNT, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.rename_selected())

        self.rename_button = QPushButton(translate("TagManager", "&Rename / merge…"), self)
        self.color_button = QPushButton(translate("TagManager", "&Colour…"), self)
        self.clear_color_button = QPushButton(translate("TagManager", "&No colour"), self)
        self.delete_button = QPushButton(translate("TagManager", "&Delete"), self)
        self.rename_button.clicked.connect(self.rename_selected)
        self.color_button.clicked.connect(self.color_selected)
        self.clear_color_button.clicked.connect(self.clear_color_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        side = QVBoxLayout()
        for b in (self.rename_button, self.color_button, self.clear_color_button):
            side.addWidget(b)
        side.addStretch(1)
        side.addWidget(self.delete_button)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addLayout(side)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.close)
        self.help_button = help_button("tags", close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addLayout(body, 1)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(close)
        layout.addLayout(row)

        self._stale = True  # the tags are read when the dialog is shown (``showEvent``)
        self.status.setText(translate("TagManager", "Reading the tags…"))
        controller.archiveChanged.connect(self.refresh)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- contents --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the tags again off the GUI thread; the table is filled when they come (a
        newer refresh supersedes one still reading). A hidden dialog (closed: the window
        keeps it for the next time) reads them when it is shown again."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        if not self._tags:
            self.status.setText(translate("TagManager", "Reading the tags…"))
        archive = self.controller.archive
        op = task_manager().op(lambda: archive.tags(), owner=self, key="tags")
        op.success(self._show).failure(self._read_failed).run()

    def _read_failed(self, exc: Exception) -> None:
        self.status.setText(
            translate("TagManager", "The tags could not be read: {reason}").format(reason=exc)
        )

    def _show(self, tags: list[TagInfo]) -> None:
        keep = self.selected_tag()
        self._tags = tags
        # The Articles column fits its contents: measured once when the rows are all set.
        # Left to fit while they are set, each new cell measured the whole column again: the
        # table of 3,000 tags took 6.4 s to fill again after an edit.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COUNT, QHeaderView.ResizeMode.Fixed)
        self.table.setRowCount(len(self._tags))
        swatches: dict[str | None, QIcon] = {}
        for row, tag in enumerate(self._tags):
            icon = swatches.get(tag.color)
            if icon is None:
                icon = swatches[tag.color] = swatch(tag.color)
            name = QTableWidgetItem(icon, tag.name)
            name.setData(Qt.ItemDataRole.UserRole, tag.name)
            name.setToolTip(
                translate("TagManager", "Colour {colour}").format(colour=tag.color)
                if tag.color
                else translate("TagManager", "No colour")
            )
            count = QTableWidgetItem(str(tag.count))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, NAME, name)
            self.table.setItem(row, COUNT, count)
            if keep is not None and tag.name == keep.name:
                self.table.selectRow(row)
        header.setSectionResizeMode(COUNT, QHeaderView.ResizeMode.ResizeToContents)
        n = len(self._tags)
        self.status.setText(translate("TagManager", "%n tag(s)", None, n))
        self._apply_filter(self.filter_edit.text())
        self._update_buttons()

    def tag_names(self) -> list[str]:
        return [t.name for t in self._tags]

    def select_tag(self, name: str) -> bool:
        for row, tag in enumerate(self._tags):
            if tag.name == name:
                self.table.selectRow(row)
                return True
        return False

    def selected_tag(self) -> TagInfo | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self._tags[row] if row < len(self._tags) else None

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row, tag in enumerate(self._tags):
            self.table.setRowHidden(row, bool(needle) and needle not in tag.name.casefold())

    def _update_buttons(self) -> None:
        tag = self.selected_tag()
        for b in (self.rename_button, self.color_button, self.delete_button):
            b.setEnabled(tag is not None)
        self.clear_color_button.setEnabled(tag is not None and tag.color is not None)

    # -- actions ---------------------------------------------------------------------------
    def rename_selected(self) -> None:
        tag = self.selected_tag()
        if tag is None:
            return
        new = self.ask_text(
            translate("TagManager", "Rename tag"),
            translate(
                "TagManager", "New name for “{name}” (an existing tag's name merges the two):"
            ).format(name=tag.name),
            tag.name,
        )
        if new is not None:
            self.controller.rename_tag(tag.name, new, self.tag_names())
            self.select_tag(" ".join(new.split()))

    def color_selected(self) -> None:
        tag = self.selected_tag()
        if tag is None:
            return
        chosen = self.ask_color(QColor(tag.color) if tag.color else QColor("#4a7ab5"))
        if chosen is not None and chosen.isValid():
            self.controller.set_tag_color(tag.name, chosen.name(), tag.color)

    def clear_color_selected(self) -> None:
        tag = self.selected_tag()
        if tag is not None:
            self.controller.set_tag_color(tag.name, None, tag.color)

    def delete_selected(self) -> None:
        tag = self.selected_tag()
        if tag is None:
            return
        count = tag.count
        question = (
            translate(
                "TagManager",
                "Delete the tag “{name}”? It is on %n article(s). You can undo this (Ctrl+Z).",
                None,
                count,
            )
            if tag.count
            else translate("TagManager", "Delete the tag “{name}”? You can undo this (Ctrl+Z).")
        )
        if self.controller.confirm(
            translate("TagManager", "Delete tag"), question.format(name=tag.name)
        ):
            self.controller.delete_tag(tag.name)

    # -- default prompts (exec-based; tests replace them) ----------------------------------
    def _ask_text(self, title: str, label: str, initial: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, initial)
        return text if ok else None

    def _ask_color(self, initial: QColor) -> QColor | None:
        color = QColorDialog.getColor(initial, self, translate("TagManager", "Tag colour"))
        return color if color.isValid() else None
