"""Importing off the GUI thread: the worker, its progress dialog and the final report dialog.

The ``Archive`` is used from the worker thread while the GUI thread keeps reading from it. That
is safe: SQLAlchemy's engine is thread-safe and, for a file database, hands each thread its own
pooled pysqlite connection (``QueuePool``; the pysqlite dialect turns ``check_same_thread`` off
for file databases since connections never cross threads while checked out). SQLite in WAL mode
lets the GUI read while the import writes; writes wait on ``busy_timeout``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui.help_actions import help_button
from dossierdesk.gui.i18n import QT_TRANSLATE_NOOP, translate
from dossierdesk.service.cancel import CancelToken
from dossierdesk.service.dto import ImportOutcome, ImportProgress, ImportReport, ImportStatus

if TYPE_CHECKING:
    from dossierdesk.service import Archive

log = logging.getLogger(__name__)

_ARTICLE_PATTERNS = "*.txt *.html *.htm *.mhtml *.mht *.xml *.rss *.atom *.zip"
_PHOTO_PATTERNS = "*.jpg *.jpeg *.png *.webp *.JPG *.JPEG *.PNG *.WEBP"
#: The Import Files dialog's filters: articles (saved pages, MHTML, feeds, text, zips) and
#: photos together, either alone, or anything (the format is read from the bytes).
_IMPORT_FILE_FILTER = QT_TRANSLATE_NOOP(
    "Importing",
    "Articles and photos ({articles} {photos});;Articles ({articles});;Photos ({photos});;"
    "All files (*)",
)
IMPORT_FILE_FILTER = _IMPORT_FILE_FILTER.format(articles=_ARTICLE_PATTERNS, photos=_PHOTO_PATTERNS)


def import_file_filter() -> str:
    """``IMPORT_FILE_FILTER`` in the current language."""
    return translate("Importing", _IMPORT_FILE_FILTER).format(
        articles=_ARTICLE_PATTERNS, photos=_PHOTO_PATTERNS
    )


ProgressCallback = Callable[[ImportProgress], None]
ImportJob = Callable[["Archive", ProgressCallback, CancelToken], ImportReport]


def paths_job(paths: Sequence[Path]) -> ImportJob:
    """A job importing files, folders and zips from disk."""
    paths = list(paths)

    def run(archive: Archive, progress: ProgressCallback, cancel: CancelToken) -> ImportReport:
        return archive.import_paths(paths, progress=progress, cancel=cancel)

    return run


def bytes_job(documents: Sequence[tuple[str, bytes]]) -> ImportJob:
    """A job importing in-memory documents (dropped HTML or text), one after the other."""
    documents = list(documents)

    def run(archive: Archive, progress: ProgressCallback, cancel: CancelToken) -> ImportReport:
        report = ImportReport()
        for n, (name, data) in enumerate(documents, 1):
            if cancel.cancelled:
                report.cancelled = True
                break
            report.outcomes.extend(archive.import_bytes(name, data).outcomes)
            progress(
                ImportProgress(
                    files_done=n,
                    files_total=len(documents),
                    current=name,
                    imported=report.count(ImportStatus.IMPORTED),
                    duplicates=report.count(ImportStatus.DUPLICATE),
                    failed=report.count(ImportStatus.FAILED),
                )
            )
        return report

    return run


def run_import(
    archive: Archive, job: ImportJob, progress: ProgressCallback, cancel: CancelToken
) -> ImportReport:
    """Run ``job`` (on a worker); a failure outside the import's own per-file handling becomes
    an ``ImportFailed`` with the message the window shows and the traceback for its details."""
    try:
        return job(archive, progress, cancel)
    except Exception as exc:
        message = translate("Importing", "The import stopped: {error}").format(error=exc)
        from .error_dialog import format_exception

        raise ImportFailed(message, format_exception(exc)) from exc


class ImportFailed(Exception):
    """An import that stopped on an unexpected error: ``message`` and ``details``."""

    def __init__(self, message: str, details: str) -> None:
        super().__init__(message)
        self.message, self.details = message, details


class ImportProgressDialog(QDialog):
    """Non-modal: count, current file and Cancel; the window stays usable meanwhile."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Importing", "Importing"))
        self.setModal(False)
        self.setMinimumWidth(420)
        self.count_label = QLabel(translate("Importing", "Preparing…"), self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.current_label = QLabel("", self)
        self.current_label.setTextFormat(Qt.TextFormat.PlainText)  # file names are untrusted
        self.current_label.setMinimumWidth(380)
        self.totals_label = QLabel("", self)
        self.totals_label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.cancel_button = QPushButton(translate("Importing", "Cancel"), self)
        self.cancel_button.clicked.connect(self._cancel)
        layout = QVBoxLayout(self)
        for w in (self.count_label, self.bar, self.current_label, self.totals_label):
            layout.addWidget(w)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)

    def update_progress(self, p: ImportProgress) -> None:
        if p.files_total:
            self.bar.setRange(0, p.files_total)
            self.bar.setValue(min(p.files_done, p.files_total))
            total = p.files_total
            text = translate("Importing", "{done} of %n file(s)", None, total)
            self.count_label.setText(text.format(done=p.files_done))
        else:
            done = p.files_done
            self.count_label.setText(translate("Importing", "%n file(s)", None, done))
        metrics = self.current_label.fontMetrics()
        width = max(self.current_label.width(), 380)
        self.current_label.setText(
            metrics.elidedText(p.current, Qt.TextElideMode.ElideMiddle, width)
        )
        self.current_label.setToolTip(p.current)
        imported, duplicates, failed = p.imported, p.duplicates, p.failed
        self.totals_label.setText(
            " · ".join(
                (
                    translate("Importing", "%n imported", None, imported),
                    translate("Importing", "%n duplicate(s)", None, duplicates),
                    translate("Importing", "%n failed", None, failed),
                )
            )
        )

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.count_label.setText(
            translate("Importing", "Cancelling: finishing the files in progress…")
        )
        self.cancelRequested.emit()

    def reject(self) -> None:  # Escape / close button cancel too
        if self.cancel_button.isEnabled():
            self._cancel()


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


class _WrappedRows(QStyledItemDelegate):
    """Rows as tall as their text wrapped at words in its column (QTreeView measures rows
    without the column's width, so ``setWordWrap`` alone never makes a row taller)."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
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

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(
            [translate("Importing", "File"), translate("Importing", "Details")]
        )
        self.tree.setRootIsDecorated(True)
        # Reasons are wrapped at words, never cut in the middle; each row is as tall as its
        # reason needs.
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(_WrappedRows(self.tree))
        self.tree.setAlternatingRowColors(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideLeft)  # a long path keeps its name
        for status, heading in _SECTIONS:
            items = [o for o in report.outcomes if o.status is status]
            if not items:
                continue
            group = QTreeWidgetItem(
                self.tree, [translate("Importing", heading) + f" ({len(items)})", ""]
            )
            group.setFirstColumnSpanned(True)
            bold = group.font(0)
            bold.setBold(True)
            group.setFont(0, bold)
            for o in items:
                child = QTreeWidgetItem(group, [o.file, _detail(o)])
                child.setToolTip(0, o.file)
                child.setToolTip(1, _detail(o))
            # Problems open, the (possibly long) list of successes folded.
            group.setExpanded(status is not ImportStatus.IMPORTED or len(items) <= 20)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.tree.setColumnWidth(0, 330)
        # Rows are measured again when a column's width changes (wrapped reasons change height).
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
        self.tree.currentItemChanged.connect(self._show_detail)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addWidget(buttons)
        first = self.tree.topLevelItem(0)
        first_row = first.child(0) if first is not None and first.childCount() else None
        if first_row is not None:
            self.tree.setCurrentItem(first_row)

    def _show_detail(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        if item is None or item.parent() is None:
            self.detail.clear()
            return
        self.detail.setText(f"{item.text(0)}\n{item.text(1)}")

    def text(self) -> str:
        return report_text(self.report)

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
