"""The user guide: an offline, searchable help window, F1 and the dialogs' Help buttons.

The guide is one bundled HTML file (``resources/help/guide.html``) with a section per
``<h2 id="…">``. :func:`show_help` opens (or raises) one shared :class:`HelpWindow` at a
section. The F1 action and the dialogs' Help buttons, made with every window and dialog, are
in ``help_actions.py``, which loads this module when help is first shown.

Nothing is ever fetched: the browser loads only files of the guide's own folder, links within
the guide scroll to their anchor, and http(s) links are handed to the desktop's browser.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui.i18n import translate
from dossierdesk.resources import resources_dir

GUIDE_NAME = "guide.html"
TOP = "top"
_SECTION = re.compile(r'<h([23]) id="([a-z0-9-]+)">(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def help_dir() -> Path:
    """The bundled guide's folder."""
    return resources_dir() / "help"


def guide_path() -> Path:
    return help_dir() / GUIDE_NAME


def guide_sections() -> list[tuple[int, str, str]]:
    """``(level, anchor, title)`` of the guide's sections (``h2``) and subsections (``h3``)."""
    text = guide_path().read_text(encoding="utf-8")
    return [
        (int(level), anchor, html.unescape(_TAG.sub("", title)).strip())
        for level, anchor, title in _SECTION.findall(text)
    ]


def guide_anchors() -> set[str]:
    """Every anchor a section may be opened at (``top`` included)."""
    return {TOP} | {anchor for _level, anchor, _title in guide_sections()}


class _GuideBrowser(QTextBrowser):
    """A QTextBrowser that reads only the guide's own folder and never follows links itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)

    def loadResource(self, type: int, name: QUrl | str) -> object:
        folder = help_dir().resolve()
        name = QUrl(name)
        if name.isRelative() or name.isLocalFile():
            url = self.source().resolved(name) if name.isRelative() else name
            path = Path(url.toLocalFile()).resolve()
            if path.is_relative_to(folder) and path.is_file():
                return super().loadResource(type, QUrl.fromLocalFile(str(path)))
        return None  # remote (or stray) resources are never loaded

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
            return
        if url.fragment() and (
            not url.path() or (url.isLocalFile() and url.path() == self.source().path())
        ):
            self.scrollToAnchor(url.fragment())
        # Anything else (other files, mailto:, file:) is not followed.


class HelpWindow(QWidget):
    """The guide with a contents list and a find field (next/previous, all matches shown)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(translate("HelpViewer", "Dossier Desk Help"))
        self.setObjectName("DossierDeskHelp")

        self.browser = _GuideBrowser(self)
        self.browser.setAccessibleName(translate("HelpViewer", "User guide"))
        self.browser.document().setDocumentMargin(14)
        self.contents = QListWidget(self)
        self.contents.setAccessibleName(translate("HelpViewer", "Contents"))
        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText(translate("HelpViewer", "Search the guide (Ctrl+F)"))
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setAccessibleName(translate("HelpViewer", "Search the guide"))
        self.previous_button = QPushButton(translate("HelpViewer", "&Previous"), self)
        self.next_button = QPushButton(translate("HelpViewer", "&Next"), self)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setMinimumWidth(110)

        bar = QHBoxLayout()
        bar.addWidget(self.find_edit, 1)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.status)
        splitter = QSplitter(self)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contents.setTextElideMode(Qt.TextElideMode.ElideRight)
        splitter.setSizes([250, 650])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self.resize(900, 680)

        self.browser.setSource(QUrl.fromLocalFile(str(guide_path())))
        self._fill_contents()

        self.find_edit.textChanged.connect(self._on_text_changed)
        self.find_edit.returnPressed.connect(self.find_next)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.contents.itemActivated.connect(self._on_contents_item)
        self.contents.itemClicked.connect(self._on_contents_item)
        for keys, slot in (
            ((QKeySequence.StandardKey.Find, "Ctrl+F"), self.focus_find),
            ((QKeySequence.StandardKey.FindNext, "F3"), self.find_next),
            ((QKeySequence.StandardKey.FindPrevious, "Shift+F3"), self.find_previous),
        ):
            for key in dict.fromkeys(QKeySequence(k).toString() for k in keys):
                if key:
                    QShortcut(QKeySequence(key), self).activated.connect(slot)
        previous = QShortcut(QKeySequence("Shift+Return"), self.find_edit)
        previous.setContext(Qt.ShortcutContext.WidgetShortcut)
        previous.activated.connect(self.find_previous)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(self._escape)
        self._match_count = 0
        self._update_buttons()

    # -- sections --------------------------------------------------------------------------
    def _fill_contents(self) -> None:
        item = QListWidgetItem(translate("HelpViewer", "Dossier Desk Help"), self.contents)
        item.setData(Qt.ItemDataRole.UserRole, TOP)
        for level, anchor, title in guide_sections():
            item = QListWidgetItem(("    " if level > 2 else "") + title, self.contents)
            item.setData(Qt.ItemDataRole.UserRole, anchor)
            item.setToolTip(title)
            if level == 2:
                font = item.font()
                font.setBold(True)
                item.setFont(font)

    def _on_contents_item(self, item: QListWidgetItem) -> None:
        self.show_section(str(item.data(Qt.ItemDataRole.UserRole)))

    def show_section(self, section: str | None) -> None:
        """Scroll to ``section`` (an anchor of the guide); ``None`` or an unknown one: the top."""
        anchor = section if section and section in guide_anchors() else TOP
        if anchor == TOP:
            self.browser.verticalScrollBar().setValue(0)
        else:
            self.browser.scrollToAnchor(anchor)
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == anchor:
                self.contents.blockSignals(True)
                self.contents.setCurrentRow(row)
                self.contents.blockSignals(False)
                break

    # -- finding ---------------------------------------------------------------------------
    def focus_find(self) -> None:
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()

    def _escape(self) -> None:
        if self.find_edit.text():
            self.find_edit.clear()
        else:
            self.close()

    def _matches(self, text: str) -> list[QTextCursor]:
        document = self.browser.document()
        found: list[QTextCursor] = []
        cursor = QTextCursor(document)
        while True:
            cursor = document.find(text, cursor)
            if cursor.isNull() or len(found) >= 5000:
                return found
            found.append(QTextCursor(cursor))

    def _on_text_changed(self, text: str) -> None:
        self._highlight(text)
        self._update_buttons()
        if text.strip():
            # Find as you type, from the top of the current match's start.
            cursor = self.browser.textCursor()
            cursor.setPosition(min(cursor.selectionStart(), cursor.selectionEnd()))
            self.browser.setTextCursor(cursor)
            self.find_next()
        else:
            self.status.clear()

    def _highlight(self, text: str) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        if text.strip():
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#ffe36e"))
            fmt.setForeground(QColor("#000000"))
            for cursor in self._matches(text):
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = fmt
                selections.append(selection)
        self.browser.setExtraSelections(selections)
        self._match_count = len(selections)

    def _update_buttons(self) -> None:
        has_text = bool(self.find_edit.text().strip())
        self.next_button.setEnabled(has_text)
        self.previous_button.setEnabled(has_text)

    def find_next(self) -> bool:
        return self._find(backward=False)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, *, backward: bool) -> bool:
        """Select the next (previous) match, wrapping around; say "Not found" when none."""
        text = self.find_edit.text()
        if not text.strip():
            self.status.clear()
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.browser.find(text, flags)
        if not found:  # wrap around
            cursor = self.browser.textCursor()
            cursor.movePosition(
                QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
            )
            self.browser.setTextCursor(cursor)
            found = self.browser.find(text, flags)
        if found:
            self._bring_into_view()
            count = self._match_count
            self.status.setText(translate("HelpViewer", "%n match(es)", None, count))
            self.status.setStyleSheet("")
        else:
            self.status.setText(translate("HelpViewer", "Not found"))
            self.status.setStyleSheet("color: #b00020;")
        return found

    def _bring_into_view(self) -> None:
        """Show the current match a third of the way down, not on the window's edge."""
        rect = self.browser.cursorRect()
        viewport = self.browser.viewport().height()
        if rect.top() < viewport // 6 or rect.bottom() > viewport * 5 // 6:
            bar = self.browser.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - viewport // 3)

    def found_text(self) -> str:
        """The text of the current match (empty when none is selected)."""
        return self.browser.textCursor().selectedText()


_window: HelpWindow | None = None


def help_window() -> HelpWindow | None:
    """The shared help window, if it has been opened (and not destroyed)."""
    global _window
    if _window is not None:
        try:
            _window.objectName()
        except RuntimeError:  # the C++ object is gone
            _window = None
    return _window


def show_help(section: str | None = None, parent: QWidget | None = None) -> HelpWindow:
    """Open (or raise) the one help window at ``section``: an anchor of the guide such as
    ``"printing"``; ``None`` (or an unknown section) opens it at the top.

    The window has no parent, so that it stays open when the dialog that asked for it closes
    (and is not blocked by it); ``parent`` only places it the first time."""
    global _window
    window = help_window()
    if window is None:
        window = HelpWindow()
        _window = window
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.aboutToQuit.connect(window.close)
        if parent is not None:
            top = parent.window()
            frame = top.frameGeometry()
            window.move(frame.center() - window.rect().center())
    window.show()
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.raise_()
    window.activateWindow()
    window.show_section(section)
    return window
