"""Exporting a dossier to PDF in the background: ``PdfExport`` runs the renderer as an
operation on the long lane of ``gui/ops.py`` with a progress dialog and Cancel, and says how it
ended (``succeeded`` / ``failed`` / ``cancelled``); ``DossierPrinting`` starts it. Also the
errors the printing commands report to the user (``expected_errors``, ``error_text``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from dossierdesk import pdf  # the renderer, builders and export load on first use
from dossierdesk.gui.i18n import translate
from dossierdesk.gui.ops import LONG, Op, task_manager
from dossierdesk.query import QuerySyntaxError

if TYPE_CHECKING:
    from dossierdesk.gui.printing import PrintJob
    from dossierdesk.pdf import ExportOptions

log = logging.getLogger(__name__)


def expected_errors() -> tuple[type[Exception], ...]:
    """The errors reported to the user (the PDF code's are loaded with it, on first use)."""
    return (KeyError, ValueError, QuerySyntaxError, pdf.ExportError, pdf.RenderError, OSError)


def error_text(exc: Exception) -> str:
    """The user-facing text of an expected error (a KeyError's str() adds quotes)."""
    return str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)


# -- PDF export on a worker thread -------------------------------------------------------------
def _render(
    job: PrintJob, path: Path, options: ExportOptions, op: Op[tuple[str, object]]
) -> tuple[str, object]:
    """Build the document and write it (on a worker): ("done", RenderResult), ("cancelled",
    None) or ("failed", a message naming the file and the reason)."""
    try:
        document = job.build()
        result = pdf.export_pdf(
            document,
            path,
            options,
            progress=lambda p: op.report((p.stage, p.done, p.total)),
            cancel=op.token,
        )
    except pdf.RenderCancelled:
        return "cancelled", None
    except expected_errors() as exc:
        text = error_text(exc)
        return "failed", text if str(path) in text else f"{path}: {text}"
    except Exception as exc:  # a bug: logged in full, shown as one line
        log.exception("PDF export of %s failed", path)
        message = translate("Printing", "{path}: unexpected error ({kind}: {error})")
        return "failed", message.format(path=path, kind=type(exc).__name__, error=exc)
    return "done", result


def progress_percent(stage: str, done: int, total: int) -> int:
    """Layout is the first half of the work, painting the second."""
    part = done / total if total else 1.0
    return int(50 * part) + (50 if stage == "paint" else 0)


class PdfExport(QObject):
    """One running export: an operation on the long lane, a progress dialog with Cancel, the
    final message."""

    progress = Signal(str, int, int)  # stage ("layout" / "paint"), done, total
    succeeded = Signal(str, object)  # path, RenderResult
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(
        self,
        job: PrintJob,
        path: Path,
        options: ExportOptions,
        parent_widget: QWidget | None = None,
        *,
        show_progress: bool = True,
    ) -> None:
        super().__init__(parent_widget)
        self.path = Path(path)
        self.parent_widget = parent_widget
        self._job, self._options = job, options
        self._op: Op[tuple[str, object]] | None = None
        self.progress_dialog: QProgressDialog | None = None
        if show_progress:
            dialog = QProgressDialog(
                translate("Printing", "Exporting “{title}”…").format(title=job.title),
                translate("Printing", "Cancel"),
                0,
                100,
                parent_widget,
            )
            dialog.setWindowTitle(translate("Printing", "Export as PDF"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.cancel)
            self.progress_dialog = dialog
        self.progress.connect(self._on_progress)
        self.running = False

    def start(self) -> None:
        self.running = True
        job, path, options = self._job, self.path, self._options
        op = task_manager().op(lambda: _render(job, path, options, op), owner=self, lane=LONG)
        op.latest_progress().progress(lambda p: self.progress.emit(*p)).success(self._on_done)
        op.failure(lambda exc: self._on_done(("failed", f"{path}: {exc}")))
        self._op = op
        op.run()

    def cancel(self) -> None:
        """The render stops at the next article."""
        if self._op is not None:
            self._op.cancel()

    @Slot(str, int, int)
    def _on_progress(self, stage: str, done: int, total: int) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setValue(progress_percent(stage, done, total))
            text = (
                translate("Printing", "Laying out article {number} of {total}…")
                if stage == "layout"
                else translate("Printing", "Painting article {number} of {total}…")
            )
            self.progress_dialog.setLabelText(text.format(number=min(done + 1, total), total=total))

    def _on_done(self, outcome: tuple[str, object]) -> None:
        kind, value = outcome
        self._close_progress()
        self.running = False
        if kind == "done":
            self.succeeded.emit(str(self.path), value)
        elif kind == "cancelled":
            self.cancelled.emit()
        else:
            self.failed.emit(str(value))
        self.finished.emit()

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self.cancel)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
