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
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui.i18n import QT_TRANSLATE_NOOP, translate
from dossierdesk.service.cancel import CancelToken
from dossierdesk.service.dto import ImportProgress, ImportReport, ImportStatus

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
