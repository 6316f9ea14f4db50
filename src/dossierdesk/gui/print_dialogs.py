"""Print… and Print Preview… (``DossierPrinting.print_job`` and ``preview``): the printer,
the print dialog with the export options' tab, painting on the printer with progress, and the
preview with its Include Photos toggle. Loaded with the first print or preview, so that the
window does without Qt's print support until then.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QToolBar

from dossierdesk import pdf
from dossierdesk.gui.i18n import translate
from dossierdesk.gui.pdf_export import error_text, expected_errors, progress_percent
from dossierdesk.gui.print_options import (
    PrintOptionsTab,
    load_export_options,
    options_for_printer,
    save_export_options,
)
from dossierdesk.service.cancel import CancelToken

if TYPE_CHECKING:
    from dossierdesk.gui.printing import DossierPrinting, PrintJob
    from dossierdesk.pdf import DossierDocument, ExportOptions, RenderProgress, RenderResult

log = logging.getLogger(__name__)


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    return printer


def print_job(
    printing: DossierPrinting, job: PrintJob, printer: QPrinter | None = None
) -> QPrintDialog | None:
    """Without ``printer``: open the print dialog, print on OK. With one: print now."""
    if printer is not None:
        paint_on_printer(printing, job, printer)
        return None
    printer = new_printer()
    dialog = QPrintDialog(printer, printing.parent_widget)
    dialog.setWindowTitle(translate("Printing", "Print “{title}”").format(title=job.title))
    tab = PrintOptionsTab(load_export_options(printing.settings_factory()))
    dialog.setOptionTabs([tab])
    dialog._dossier_options = tab  # type: ignore[attr-defined]
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog._dossier_printer = printer  # type: ignore[attr-defined]  # not owned by the dialog
    printing.active_dialog = dialog

    def accepted() -> None:
        printing.active_dialog = None
        settings = printing.settings_factory()
        save_export_options(tab.applied_to(load_export_options(settings)), settings)
        paint_on_printer(printing, job, printer)
        dialog.deleteLater()

    dialog.accepted.connect(accepted)
    dialog.rejected.connect(dialog.deleteLater)
    dialog.show()  # window-modal; QPrintDialog.open() needs a receiver
    return dialog


def paint_on_printer(
    printing: DossierPrinting, job: PrintJob, printer: QPrinter
) -> RenderResult | None:
    """Printing needs the printer on this (GUI) thread: progress pumps events so Cancel
    works. The printer spools, so the wait is the layout and painting only."""
    token = CancelToken()
    progress = QProgressDialog(
        translate("Printing", "Printing “{title}”…").format(title=job.title),
        translate("Printing", "Cancel"),
        0,
        100,
        printing.parent_widget,
    )
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)
    progress.canceled.connect(token.cancel)

    def step(p: RenderProgress) -> None:
        progress.setValue(progress_percent(p.stage, p.done, p.total))
        QCoreApplication.processEvents()

    try:
        options = options_for_printer(printer, load_export_options(printing.settings_factory()))
        result = pdf.DossierRenderer(job.build(), options).paint(printer, step, token)
    except pdf.RenderCancelled:
        printer.abort()
        return None
    except expected_errors() as exc:
        printing._message(
            QMessageBox.Icon.Warning,
            translate("Printing", "Printing “{title}” failed: {error}").format(
                title=job.title, error=error_text(exc)
            ),
        )
        return None
    finally:
        progress.close()
        progress.deleteLater()
    printing.printed.emit(result.page_count)
    return result


def preview(
    printing: DossierPrinting, job: PrintJob, printer: QPrinter | None = None
) -> QPrintPreviewDialog:
    """Open the print preview (non-blocking); it paints with the same renderer as the PDF."""
    printer = printer or new_printer()
    dialog = QPrintPreviewDialog(printer, printing.parent_widget)
    dialog.setWindowTitle(translate("Printing", "Print Preview — {title}").format(title=job.title))
    dialog.resize(900, 1000)
    painter = PreviewPainter(job, load_export_options(printing.settings_factory()), printing)
    dialog.paintRequested.connect(painter.paint)
    _add_photos_toggle(printing, dialog, painter)
    # The dialog does not own the printer nor the painter: keep both alive with it.
    dialog._dossier_keep = (printer, painter)  # type: ignore[attr-defined]
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    printing.active_dialog = dialog
    dialog.open()
    return dialog


def _add_photos_toggle(
    printing: DossierPrinting, dialog: QPrintPreviewDialog, painter: PreviewPainter
) -> None:
    """A checkable "Include Photos" button on the preview's toolbar: the preview is painted
    again with or without photos, and the choice is kept for exports and printing."""
    toolbar = dialog.findChild(QToolBar)
    preview = dialog.findChild(QPrintPreviewWidget)
    if toolbar is None or preview is None:
        return
    action = QAction(translate("Printing", "Include Photos"), dialog)
    action.setCheckable(True)
    action.setChecked(painter.options.include_photos)
    action.setToolTip(translate("Printing", "Print the articles' photos"))

    def toggled(checked: bool) -> None:
        painter.options = dataclasses.replace(painter.options, include_photos=checked)
        settings = printing.settings_factory()
        save_export_options(
            dataclasses.replace(load_export_options(settings), include_photos=checked),
            settings,
        )
        preview.updatePreview()

    action.toggled.connect(toggled)
    toolbar.addSeparator()
    toolbar.addAction(action)
    dialog._dossier_photos_action = action  # type: ignore[attr-defined]


class PreviewPainter(QObject):
    """Paints a job on the preview's printer each time the preview asks (zoom, page setup)."""

    def __init__(self, job: PrintJob, options: ExportOptions, printing: DossierPrinting) -> None:
        super().__init__(printing)
        self.job, self.options, self.printing = job, options, printing
        self.document: DossierDocument | None = None
        self.last_result: RenderResult | None = None
        self.error: str | None = None

    @Slot(QPrinter)
    def paint(self, printer: QPrinter) -> None:
        try:
            if self.document is None:
                self.document = self.job.build()
            self.last_result = pdf.DossierRenderer(self.document, self.options).paint(printer)
            self.error = None
        except expected_errors() as exc:
            self.error = translate("Printing", "Print preview of “{title}” failed: {error}").format(
                title=self.job.title, error=error_text(exc)
            )
            log.warning(self.error)
            self.printing._message(QMessageBox.Icon.Warning, self.error)
