"""Remove Tag…: taking tags off the selected articles (undoable through the edit controller).

The dialog lists the tags the selected articles carry, with how many of them carry each;
the checked ones are removed from all of the selection in one undoable step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui.help_actions import help_button


class RemoveTagsDialog(QDialog):
    """Pick the tags to take off ``articles`` selected articles (names shown as plain text)."""

    def __init__(self, counts: Counter[str], articles: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Remove Tags"))
        noun = self.tr("article") if articles == 1 else self.tr("articles")
        label = QLabel(
            self.tr("Tags to take off the {n} selected {noun}:").format(n=articles, noun=noun)
        )
        self.list = QListWidget(self)
        for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold())):
            item = QListWidgetItem(f"{name}  ({count})" if articles > 1 else name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        if self.list.count() == 1:
            first = self.list.item(0)
            if first is not None:
                first.setCheckState(Qt.CheckState.Checked)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if self.ok_button is not None:
            self.ok_button.setText(self.tr("Remove"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.help_button = help_button("tags", buttons)
        self.list.itemChanged.connect(self._update_button)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self._update_button()

    def checked(self) -> list[str]:
        names = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                names.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return names

    def set_checked(self, names: Sequence[str]) -> None:
        wanted = set(names)
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None:
                name = str(item.data(Qt.ItemDataRole.UserRole))
                state = Qt.CheckState.Checked if name in wanted else Qt.CheckState.Unchecked
                item.setCheckState(state)

    def _update_button(self, *_args: object) -> None:
        if self.ok_button is not None:
            self.ok_button.setEnabled(bool(self.checked()))
