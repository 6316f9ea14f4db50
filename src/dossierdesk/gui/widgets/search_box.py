"""The search box: query-language line edit with debounced live filtering and completion.

Typing restarts a short timer; when it fires the text is parsed (cheap, no SQL) and either
``querySubmitted`` is emitted or the syntax error is shown inline under the box. Completion
offers field names, then values (tags, sources, authors, services, has:) for the word under the
cursor.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui.i18n import translate
from dossierdesk.query.errors import QuerySyntaxError

DEBOUNCE_MS = 100


def current_word(text: str, cursor: int) -> tuple[int, str]:
    """Start offset and text of the word ending at ``cursor`` (a quoted value counts as one)."""
    cursor = max(0, min(cursor, len(text)))
    start = cursor
    in_quote = text[:cursor].count('"') % 2 == 1
    while start > 0:
        ch = text[start - 1]
        if in_quote:
            if ch == '"' and text[: start - 1].count('"') % 2 == 0:
                in_quote = False
        elif ch.isspace() or ch in "()":
            break
        start -= 1
    word = text[start:cursor]
    if word.startswith("-"):
        start, word = start + 1, word[1:]
    return start, word


class SearchBox(QWidget):
    querySubmitted = Signal(str)  # a well-formed query, after the debounce
    saveRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(
            translate(
                "SearchBox",
                'Search: words, "phrases", tag:…, author:…, source:…, date:2024-01..2024-06',
            )
        )
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName(translate("SearchBox", "Search articles"))
        self.edit.setToolTip(
            translate(
                "SearchBox",
                'Query language: words and "phrases", field:value (title, author, source, tag, '
                "credit, virin, service, has, date, after, before, imported), OR, NOT / -, ( ).\n"
                "Ctrl+F focuses this box.",
            )
        )
        self.save_button = QToolButton(self)
        self.save_button.setText(translate("SearchBox", "Save search…"))
        self.save_button.setToolTip(
            translate("SearchBox", "Save this query under a name (listed in the sidebar)")
        )
        self.save_button.setAccessibleName(translate("SearchBox", "Save search"))
        self.save_button.clicked.connect(lambda: self.saveRequested.emit(self.text()))
        self.error_label = QLabel(self)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setAccessibleName(translate("SearchBox", "Query error"))
        self.error_label.setWordWrap(True)
        font = self.error_label.font()
        font.setItalic(True)
        self.error_label.setFont(font)
        self.error_label.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error_label)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        # Precise: a coarse timer (Qt's default) may fire 5 % early or late, and so the
        # query started 95-106 ms after the last keystroke.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.submit_now)
        self.edit.textEdited.connect(self._on_edited)
        self.edit.returnPressed.connect(self.submit_now)

        # Completion values by field; "has" and "service" are added with the first completion.
        self._values: dict[str, list[str]] = {}
        self._completion_model = QStringListModel(self)
        self.completer = QCompleter(self._completion_model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setWidget(self.edit)
        self.completer.activated.connect(self._insert_completion)
        self._last_submitted: str | None = None

    # -- text ------------------------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text()

    def set_query(self, text: str, *, submit: bool = True) -> None:
        """Replace the query (sidebar, timeline, saved search) and run it at once."""
        self.edit.setText(text)
        self._timer.stop()
        if submit:
            self.submit_now()

    def add_condition(self, condition: str, *, exclude: bool = False) -> None:
        """AND a condition to the current query (``-condition`` when ``exclude``; excluding a
        negated condition such as ``-has:date`` adds it without its ``-``)."""
        if exclude:
            term = condition[1:] if condition.startswith("-") else f"-{condition}"
        else:
            term = condition
        current = self.text().strip()
        if not current:
            self.set_query(term)
            return
        from dossierdesk.query.parser import parse_query
        from dossierdesk.query.syntax import Or

        try:
            tree = parse_query(current)
        except QuerySyntaxError:
            tree = None
        needs_group = isinstance(tree, Or)
        base = f"({current})" if needs_group else current
        self.set_query(f"{base} {term}")

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def error_text(self) -> str:
        return "" if self.error_label.isHidden() else self.error_label.text()

    def _on_edited(self, _text: str) -> None:
        self._timer.start()
        self._update_completions()

    def submit_now(self) -> None:
        self._timer.stop()
        text = self.text()
        try:
            if text.strip():  # (a blank query, the whole archive, needs no parser)
                from dossierdesk.query.parser import parse_query

                parse_query(text)
        except QuerySyntaxError as exc:
            self.error_label.setText(exc.message)
            self.error_label.setToolTip(
                translate("SearchBox", "Problem at character {position}").format(
                    position=exc.position + 1
                )
            )
            self.error_label.show()
            return
        self.error_label.clear()
        self.error_label.hide()
        if text != self._last_submitted:
            self._last_submitted = text
            self.querySubmitted.emit(text)

    def resubmit(self) -> None:
        """Emit the current query again even if unchanged (e.g. after the data changed)."""
        self._last_submitted = None
        self.submit_now()

    # -- completion ------------------------------------------------------------------------
    def set_values(self, field: str, values: Sequence[str]) -> None:
        """Completion values for ``field`` (``tag``, ``source``, ``author``)."""
        self._values[field] = list(values)

    def _candidates(self, word: str) -> list[str]:
        from dossierdesk.query.fields import FIELD_NAMES, HAS_VALUES, SERVICE_VALUES
        from dossierdesk.query.syntax import quote_value

        self._values.setdefault("has", list(HAS_VALUES))
        self._values.setdefault("service", list(SERVICE_VALUES))
        if ":" in word:
            name = word.split(":", 1)[0].lower()
            return [f"{name}:{quote_value(v)}" for v in self._values.get(name, [])]
        values = [*FIELD_NAMES]
        values += [f"tag:{quote_value(v)}" for v in self._values.get("tag", [])]
        return values

    def _update_completions(self) -> None:
        popup = self.completer.popup()
        assert popup is not None
        _start, word = current_word(self.text(), self.edit.cursorPosition())
        if len(word) < 1:
            popup.hide()
            return
        self._completion_model.setStringList(self._candidates(word))
        self.completer.setCompletionPrefix(word)
        if self.completer.completionCount() == 0 or (
            self.completer.completionCount() == 1 and self.completer.currentCompletion() == word
        ):
            popup.hide()
            return
        rect = self.edit.cursorRect()
        rect.setWidth(popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width())
        self.completer.complete(rect)

    def _insert_completion(self, completion: str) -> None:
        text, cursor = self.text(), self.edit.cursorPosition()
        start, _word = current_word(text, cursor)
        suffix = "" if completion.endswith(":") else " "
        new = text[:start] + completion + suffix + text[cursor:]
        self.edit.setText(new)
        self.edit.setCursorPosition(start + len(completion) + len(suffix))
        self._timer.start()
