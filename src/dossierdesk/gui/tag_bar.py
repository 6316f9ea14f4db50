"""The tag entry bar: a line edit completing existing tag names, and an "Add tag" button.

Several tags can be typed at once, separated by commas; the completer works on the word being
typed after the last comma. The bar only emits names: what they are applied to (the current
selection) is the window's business.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLineEdit, QPushButton, QWidget

from dossierdesk.gui.i18n import translate


def split_tag_names(text: str) -> list[str]:
    """Names typed in the bar (comma-separated): whitespace collapsed, empties and repeats gone."""
    names: list[str] = []
    seen: set[str] = set()
    for part in text.split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


class _TagLineEdit(QLineEdit):
    """Completes the segment after the last comma, keeping what was typed before it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._completer: QCompleter | None = None
        self.textEdited.connect(self._update_prefix)

    def set_tag_completer(self, completer: QCompleter) -> None:
        self._completer = completer
        completer.setWidget(self)
        completer.activated[str].connect(self._insert_completion)  # type: ignore[index]

    def _segment(self) -> str:
        return self.text().rsplit(",", 1)[-1].lstrip()

    def _update_prefix(self, _text: str) -> None:
        if self._completer is None:
            return
        prefix = self._segment()
        if not prefix:
            self._hide_popup()
            return
        self._completer.setCompletionPrefix(prefix)
        if self._completer.completionCount():
            self._completer.complete()
        else:
            self._hide_popup()

    def _hide_popup(self) -> None:
        popup = self._completer.popup() if self._completer is not None else None
        if popup is not None:
            popup.hide()

    def _insert_completion(self, name: str) -> None:
        head, sep, _ = self.text().rpartition(",")
        self.setText(f"{head}{sep} {name}".lstrip() if sep else name)


class TagBar(QWidget):
    """Line edit with tag autocompletion, an "Add tag" button (Ctrl+T focuses the line) and
    "Remove tag…" (Ctrl+Shift+T)."""

    tagsEntered = Signal(list)  # names the user typed for the current selection
    removeRequested = Signal()  # "Remove tag…" for the current selection

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

        self.entry = _TagLineEdit(self)
        self.entry.setPlaceholderText(
            translate("TagBar", "Tag selected articles (Ctrl+T)… commas separate tags")
        )
        self.entry.setClearButtonEnabled(True)
        self.entry.setAccessibleName(translate("TagBar", "Tags to add"))
        self.entry.set_tag_completer(self.completer)
        self.entry.returnPressed.connect(self._emit)
        self.entry.textChanged.connect(self._update_button)

        self.add_button = QPushButton(translate("TagBar", "Add tag"), self)
        self.add_button.setEnabled(False)
        self.add_button.clicked.connect(self._emit)

        self.remove_button = QPushButton(translate("TagBar", "Remove tag…"), self)
        self.remove_button.setToolTip(
            translate("TagBar", "Take tags off the selected articles (Ctrl+Shift+T)")
        )
        self.remove_button.clicked.connect(self.removeRequested)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.entry, 1)
        layout.addWidget(self.add_button)
        layout.addWidget(self.remove_button)

    def set_known_tags(self, names: Sequence[str]) -> None:
        self._model.setStringList(sorted(set(names), key=str.casefold))

    def known_tags(self) -> list[str]:
        return list(self._model.stringList())

    def focus_entry(self) -> None:
        self.entry.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.entry.selectAll()

    def _update_button(self, text: str) -> None:
        self.add_button.setEnabled(bool(split_tag_names(text)))

    def _emit(self) -> None:
        # Enter in the completer popup also lands here; only act on a complete entry.
        popup = self.completer.popup()
        if popup is not None and popup.isVisible():
            return
        names = split_tag_names(self.entry.text())
        if not names:
            return
        self.entry.clear()
        self.tagsEntered.emit(names)
