"""The report an import ends with: its summary, its plain text ("Copy") and its dialog.

The dialog lists the files by outcome (failed, duplicates, imported) in a tree read from the
report as it is shown (``ImportReportModel``): an import of 100,000 files made 100,000 tree
items at once before, and the window froze for 4.1 s when it ended (0.24 s for 5,200).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui.help_actions import help_button
from dossierdesk.gui.i18n import QT_TRANSLATE_NOOP, translate
from dossierdesk.service.dto import ImportOutcome, ImportReport, ImportStatus

_Index = QModelIndex | QPersistentModelIndex

# A section of problems is shown open when it has at most this many files (each row is
# measured to wrap its reason); successes are shown open only for a short list.
OPEN_PROBLEMS_MAX = 1000
OPEN_SUCCESSES_MAX = 20
# A report of more files than this shows each on one line (its whole text in the line under
# the tree when it is current, in its tooltip and in "Copy"): rows of one height are laid out
# without measuring each. Wrapped, every row was measured when a section unfolded and again
# at each change of width: 100,000 files took 2.2 s to unfold, 1.0 s at each resize.
WRAPPED_FILES_MAX = 2000


def report_summary(report: ImportReport) -> str:
    duplicates = report.count(ImportStatus.DUPLICATE)
    imported = report.count(ImportStatus.IMPORTED)
    failed = report.count(ImportStatus.FAILED)
    parts = [
        translate("Importing", "%n imported", None, imported),
        translate("Importing", "%n duplicate(s)", None, duplicates),
        translate("Importing", "%n failed", None, failed),
    ]
    text = ", ".join(parts)
    if report.error:
        return translate("Importing", "{summary}. The import stopped: {error}").format(
            summary=text, error=report.error
        )
    cancelled = translate("Importing", " (cancelled: the rest was not imported)")
    return text + (cancelled if report.cancelled else "")


_SECTIONS = (
    (ImportStatus.FAILED, QT_TRANSLATE_NOOP("Importing", "Failed")),
    (ImportStatus.DUPLICATE, QT_TRANSLATE_NOOP("Importing", "Duplicates")),
    (ImportStatus.IMPORTED, QT_TRANSLATE_NOOP("Importing", "Imported")),
)


def _detail(o: ImportOutcome) -> str:
    if o.status is ImportStatus.IMPORTED:
        return f"#{o.id} {o.title or ''}".strip()
    return f"{o.message} — {o.title}" if o.title else o.message


def report_text(report: ImportReport) -> str:
    """The report as plain text (what "Copy" puts on the clipboard)."""
    lines = [translate("Importing", "Import: {summary}").format(summary=report_summary(report))]
    for status, heading in _SECTIONS:
        items = [o for o in report.outcomes if o.status is status]
        if items:
            lines += ["", translate("Importing", heading) + f" ({len(items)}):"]
            lines += [f"  {o.file} — {_detail(o)}" for o in items]
    return "\n".join(lines) + "\n"


_SECTION_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_FILE_FLAGS = _SECTION_FLAGS | Qt.ItemFlag.ItemNeverHasChildren


class ImportReportModel(QAbstractItemModel):
    """The report's sections (top-level rows: "Failed (n)", …) and their files (File,
    Details), each row's text made when the view asks for it.

    A section's index has the internal id 0; a file's, its section's row plus one."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        by_status: dict[ImportStatus, list[ImportOutcome]] = {s: [] for s, _ in _SECTIONS}
        for outcome in report.outcomes:
            by_status[outcome.status].append(outcome)
        self.sections = [
            (status, heading, by_status[status])
            for status, heading in _SECTIONS
            if by_status[status]
        ]
        self._bold = QFont()
        self._bold.setBold(True)

    def outcome(self, index: _Index) -> ImportOutcome | None:
        """The file of a row (``None`` for a section's row)."""
        section = index.internalId() if index.isValid() else 0
        return self.sections[section - 1][2][index.row()] if section else None

    def index(
        self,
        row: int,
        column: int,
        parent: _Index = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        # (Bounds checked here rather than by ``hasIndex``, which asks ``rowCount`` and
        # ``columnCount`` again: a view unfolding 100,000 files asks for each row's index
        # four times.)
        if not 0 <= column < 2:
            return QModelIndex()
        if not parent.isValid():
            found = 0 <= row < len(self.sections)
            return self.createIndex(row, column, 0) if found else QModelIndex()
        section = parent.row()
        if parent.internalId() or not 0 <= section < len(self.sections):
            return QModelIndex()
        found = 0 <= row < len(self.sections[section][2])
        return self.createIndex(row, column, section + 1) if found else QModelIndex()

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        section = index.internalId() if index.isValid() else 0
        return self.createIndex(section - 1, 0, 0) if section else QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.sections)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.sections[parent.row()][2])
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 2

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() or (parent.internalId() == 0 and parent.column() == 0)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        # (A file's row says it has no children: the view then does not ask.)
        return _FILE_FLAGS if index.internalId() else _SECTION_FLAGS

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        outcome = self.outcome(index)
        if outcome is None:
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                _status, heading, items = self.sections[index.row()]
                return translate("Importing", heading) + f" ({len(items)})"
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return outcome.file if index.column() == 0 else _detail(outcome)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (translate("Importing", "File"), translate("Importing", "Details"))[section]
        return None


class _WrappedRows(QStyledItemDelegate):
    """Rows as tall as their text wrapped at words in its column (QTreeView measures rows
    without the column's width, so ``setWordWrap`` alone never makes a row taller)."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        width = self.view.columnWidth(index.column()) - 8
        if index.column() == 0 and index.parent().isValid():
            width -= self.view.indentation()
        text = str(index.data() or "")
        if width <= 0 or not text:
            return hint
        bound = option.fontMetrics.boundingRect(
            QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(hint.width(), max(hint.height(), bound.height() + 6))


class _OneLineRows(QStyledItemDelegate):
    """Rows of one line, as tall as a wrapped report's one-line rows (with uniform row heights
    the view asks only once)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), option.fontMetrics.height() + 6))

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        if index.column() == 1:  # a reason cut keeps its start (a path keeps its file name)
            option.textElideMode = Qt.TextElideMode.ElideRight


class ImportReportDialog(QDialog):
    """Imported / duplicates / failed with each reason, and "Copy" (plain text)."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(translate("Importing", "Import report"))
        self.resize(720, 420)
        self.summary = QLabel(report_summary(report), self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)

        self.model = ImportReportModel(report, self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setRootIsDecorated(True)
        # Reasons are wrapped at words, never cut in the middle; each row is as tall as its
        # reason needs (a long report: one line each, see WRAPPED_FILES_MAX).
        self.wrapped = len(report.outcomes) <= WRAPPED_FILES_MAX
        self.tree.setUniformRowHeights(not self.wrapped)
        self.tree.setWordWrap(self.wrapped)
        self.tree.setItemDelegate(
            _WrappedRows(self.tree) if self.wrapped else _OneLineRows(self.tree)
        )
        self.tree.setAlternatingRowColors(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideLeft)  # a long path keeps its name
        for row, (status, _heading, items) in enumerate(self.model.sections):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
            # Problems open, the (possibly long) list of successes folded.
            most = OPEN_SUCCESSES_MAX if status is ImportStatus.IMPORTED else OPEN_PROBLEMS_MAX
            self.tree.setExpanded(self.model.index(row, 0), len(items) <= most)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.tree.setColumnWidth(0, 330)
        if self.wrapped:  # measured again when a column's width changes the wrapping
            header.sectionResized.connect(lambda *_: self.tree.doItemsLayout())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton(
            translate("Importing", "Copy"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.copy_button.setAutoDefault(False)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setDefault(True)
        buttons.rejected.connect(self.reject)
        self.help_button = help_button("importing", buttons)
        # The selected line in full, selectable (a path and reason of any length).
        self.detail = QLabel(self)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree.selectionModel().currentChanged.connect(self._show_detail)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addWidget(buttons)
        # The first file of the first open section is current (a current row in a folded
        # section would unfold it: Qt scrolls to it).
        for row in range(self.model.rowCount()):
            section = self.model.index(row, 0)
            if self.tree.isExpanded(section):
                self.tree.setCurrentIndex(self.model.index(0, 0, section))
                break

    def _show_detail(self, current: QModelIndex, _previous: object = None) -> None:
        outcome = self.model.outcome(current)
        if outcome is None:
            self.detail.clear()
            return
        self.detail.setText(f"{outcome.file}\n{_detail(outcome)}")

    def text(self) -> str:
        return report_text(self.report)

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
