"""Export as PDF…, Print… and Print Preview… for a dossier, a selection of articles or a query.

One rendering path: :class:`~dossierdesk.pdf.renderer.DossierRenderer` paints the PDF export
(through :func:`~dossierdesk.pdf.export.export_pdf`, on a worker thread), the printer and the
print preview, so what the preview shows is what the PDF holds, page for page.

The export options (page size A4/Letter, PDF/A, photos, file paths) and the last folder are
kept with the other settings (``gui.settings``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from dossierdesk import pdf  # the renderer, builders and export load on first use
from dossierdesk.gui import settings as user_settings
from dossierdesk.gui.i18n import translate
from dossierdesk.lazy import lazy_names

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

    from dossierdesk.gui.pdf_export import PdfExport, progress_percent
    from dossierdesk.gui.print_options import (
        ExportPdfDialog,
        load_export_options,
        save_export_options,
        suggested_pdf_path,
    )
    from dossierdesk.pdf import DossierDocument, ExportOptions, RenderResult
    from dossierdesk.service import Archive

__all__ = [
    "DossierPrinting",
    "ExportPdfDialog",
    "PdfExport",
    "PrintJob",
    "load_export_options",
    "progress_percent",
    "save_export_options",
    "suggested_pdf_path",
]

log = logging.getLogger(__name__)

# The dialogs, the export and Qt's print support are loaded with the first export or print
# (the window makes its ``DossierPrinting`` at start); these names are still had from here.
__getattr__ = lazy_names(
    __name__,
    {
        "ExportPdfDialog": "dossierdesk.gui.print_options",
        "FOLDER_KEY": "dossierdesk.gui.print_options",
        "load_export_options": "dossierdesk.gui.print_options",
        "save_export_options": "dossierdesk.gui.print_options",
        "suggested_pdf_path": "dossierdesk.gui.print_options",
        "PdfExport": "dossierdesk.gui.pdf_export",
        "progress_percent": "dossierdesk.gui.pdf_export",
    },
)


# -- what to print -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PrintJob:
    """What to render: a title (dialogs, file name) and how to build the document.

    ``build`` reads the archive; the PDF export calls it on the worker thread.
    """

    title: str
    build: Callable[[], DossierDocument]

    @classmethod
    def for_dossier(cls, archive: Archive, dossier_id: int, title: str = "") -> PrintJob:
        return cls(
            title or f"Dossier #{dossier_id}",
            lambda: pdf.document_from_dossier(archive, dossier_id),
        )

    @classmethod
    def for_ids(cls, archive: Archive, article_ids: Sequence[int], title: str) -> PrintJob:
        ids = list(article_ids)
        return cls(title, lambda: pdf.document_from_ids(archive, ids, title=title))

    @classmethod
    def for_query(cls, archive: Archive, query: str, title: str | None = None) -> PrintJob:
        """Every match, oldest first; the title is the query unless given."""
        shown = title or " ".join(query.split()) or "All articles"
        return cls(
            shown,
            lambda: pdf.document_from_query(
                archive,
                query,
                title=shown,
                description=f"Articles matching: {query}" if query.strip() else None,
            ),
        )


# -- the actions ---------------------------------------------------------------------------------
class DossierPrinting(QObject):
    """Export as PDF…, Print…, Print Preview… for :class:`PrintJob` s (one per window).

    Dialogs are opened non-blocking (``open()``) and kept in attributes (``active_dialog``,
    ``last_message``, ``current_export``) so tests and callers can drive them.
    """

    exported = Signal(str, int)  # path, page count
    exportFailed = Signal(str)
    exportCancelled = Signal()
    printed = Signal(int)  # page count

    def __init__(self, parent_widget: QWidget | None = None) -> None:
        super().__init__(parent_widget)
        self.parent_widget = parent_widget
        self.active_dialog: QDialog | None = None
        self.last_message: QMessageBox | None = None
        self.current_export: PdfExport | None = None
        self.show_progress = True
        self.settings_factory: Callable[[], QSettings] = user_settings.app_settings

    # -- PDF -----------------------------------------------------------------------------
    def export_pdf(
        self, job: PrintJob, path: Path | None = None, options: ExportOptions | None = None
    ) -> ExportPdfDialog | PdfExport | None:
        """Without ``path``: open the export dialog (the export starts on Save). With one: start
        now, with ``options`` or the saved ones. Returns the dialog or the running export."""
        from dossierdesk.gui.pdf_export import PdfExport
        from dossierdesk.gui.print_options import (
            FOLDER_KEY,
            ExportPdfDialog,
            load_export_options,
            save_export_options,
            suggested_pdf_path,
        )

        if self.current_export is not None and self.current_export.running:
            self._message(
                QMessageBox.Icon.Information, translate("Printing", "An export is already running.")
            )
            return None
        settings = self.settings_factory()
        saved = load_export_options(settings)
        if path is None:
            dialog = ExportPdfDialog(
                self.parent_widget, suggested_pdf_path(job.title, settings), saved
            )
            self.active_dialog = dialog

            def accepted() -> None:
                self.active_dialog = None
                chosen, opts = dialog.choice()
                dialog.deleteLater()
                self.export_pdf(job, chosen, opts)

            dialog.accepted.connect(accepted)
            dialog.rejected.connect(dialog.deleteLater)
            dialog.open()
            return dialog
        options = options or saved
        save_export_options(options, settings)
        settings.setValue(FOLDER_KEY, str(Path(path).expanduser().parent))
        export = PdfExport(
            job,
            Path(path).expanduser(),
            options,
            self.parent_widget,
            show_progress=self.show_progress,
        )
        export.succeeded.connect(self._export_succeeded)
        export.failed.connect(self._export_failed)
        export.cancelled.connect(self.exportCancelled)
        self.current_export = export
        export.start()
        return export

    @Slot(str, object)
    def _export_succeeded(self, path: str, result: RenderResult) -> None:
        pages = result.page_count
        box = self._message(
            QMessageBox.Icon.Information,
            translate("Printing", "Exported %n page(s) to {path}", None, pages).format(path=path),
            open_path=path,
        )
        box.setWindowTitle(translate("Printing", "Export as PDF"))
        self.exported.emit(path, pages)

    @Slot(str)
    def _export_failed(self, message: str) -> None:
        log.warning("PDF export failed: %s", message)
        self._message(
            QMessageBox.Icon.Warning,
            translate("Printing", "The PDF could not be written.\n\n{error}").format(error=message),
        )
        self.exportFailed.emit(message)

    def _message(
        self, icon: QMessageBox.Icon, text: str, open_path: str | None = None
    ) -> QMessageBox:
        box = QMessageBox(
            icon,
            translate("Printing", "Dossier Desk"),
            text,
            QMessageBox.StandardButton.Close,
            self.parent_widget,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if open_path is not None:
            button = box.addButton(
                translate("Printing", "&Open"), QMessageBox.ButtonRole.AcceptRole
            )
            button.clicked.connect(lambda: open_file(open_path))
        self.last_message = box
        box.open()
        return box

    # -- printer (``print_dialogs.py``: loaded with the first print or preview) -------------
    def print_job(self, job: PrintJob, printer: QPrinter | None = None) -> QPrintDialog | None:
        """Without ``printer``: open the print dialog, print on OK. With one: print now."""
        from dossierdesk.gui import print_dialogs

        return print_dialogs.print_job(self, job, printer)

    def preview(self, job: PrintJob, printer: QPrinter | None = None) -> QPrintPreviewDialog:
        """Open the print preview (non-blocking); it paints with the same renderer as the PDF."""
        from dossierdesk.gui import print_dialogs

        return print_dialogs.preview(self, job, printer)


def open_file(path: str | Path) -> bool:
    """Open a file with the desktop's default application (never a URL from the content)."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
