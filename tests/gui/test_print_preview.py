"""Print Preview… and Print…: the same renderer as the PDF, so the same pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from pytestqt.qtbot import QtBot

from dossierdesk.gui.printing import DossierPrinting, PrintJob, save_export_options
from dossierdesk.pdf import ExportOptions
from dossierdesk.service import Archive

from .conftest_dossiers import (  # noqa: F401 (fixtures)
    archive_fixture,
    ids_by_date,
    output_fixture,
    settings_fixture,
)


def exported_pages(output: DossierPrinting, job: PrintJob, path: Path, qtbot: QtBot) -> int:
    with qtbot.waitSignal(output.exported, timeout=60_000) as done:
        output.export_pdf(job, path)
    pages = len(PdfReader(path).pages)
    assert pages == done.args[1]
    return pages


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_preview_has_the_pages_of_the_pdf(
    archive: Archive,
    output: DossierPrinting,
    settings: QSettings,
    qtbot: QtBot,
    tmp_path: Path,
    page_size: str,
) -> None:
    save_export_options(ExportOptions(page_size=page_size), settings)  # type: ignore[arg-type]
    ids = ids_by_date(archive)
    dossier_id = archive.create_dossier("Preview", article_ids=ids[:8])
    archive.set_dossier_note(dossier_id, ids[1], "A note that is printed too")
    job = PrintJob.for_dossier(archive, dossier_id, "Preview")
    pdf_pages = exported_pages(output, job, tmp_path / "preview.pdf", qtbot)

    dialog = output.preview(job)
    qtbot.addWidget(dialog)
    widget = dialog.findChild(QPrintPreviewWidget)
    assert widget is not None
    qtbot.waitUntil(lambda: widget.pageCount() > 0, timeout=30_000)
    assert widget.pageCount() == pdf_pages > 8
    painter = dialog._dossier_keep[1]  # type: ignore[attr-defined]
    assert painter.last_result is not None and painter.last_result.page_count == pdf_pages
    assert painter.error is None
    if page_size == "A4":
        dialog.resize(900, 1000)
        assert dialog.grab().save(str(tmp_path / "print_preview.png"))


def test_preview_for_a_query(
    archive: Archive, output: DossierPrinting, qtbot: QtBot, tmp_path: Path
) -> None:
    job = PrintJob.for_query(archive, "title:airman date:2015-12")
    pdf_pages = exported_pages(output, job, tmp_path / "query.pdf", qtbot)
    dialog = output.preview(job)
    qtbot.addWidget(dialog)
    widget = dialog.findChild(QPrintPreviewWidget)
    assert widget is not None
    qtbot.waitUntil(lambda: widget.pageCount() > 0, timeout=30_000)
    assert widget.pageCount() == pdf_pages


def test_print_to_a_printer_paints_the_same_pages(
    archive: Archive, output: DossierPrinting, settings: QSettings, qtbot: QtBot, tmp_path: Path
) -> None:
    ids = ids_by_date(archive)
    job = PrintJob.for_ids(archive, ids[:5], "Five articles")
    with qtbot.waitSignal(output.exported, timeout=60_000):
        output.export_pdf(job, tmp_path / "five.pdf", ExportOptions(page_size="Letter"))
    pdf_pages = len(PdfReader(tmp_path / "five.pdf").pages)
    save_export_options(ExportOptions(page_size="A4"), settings)  # the printer's paper wins
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a file stands in for paper
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    with qtbot.waitSignal(output.printed) as printed:
        output.print_job(job, printer)
    del printer  # finishes the file
    assert printed.args == [pdf_pages]
    printed_pdf = PdfReader(tmp_path / "printed.pdf")
    assert len(printed_pdf.pages) == pdf_pages
    box = printed_pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_print_opens_the_print_dialog(
    archive: Archive, output: DossierPrinting, qtbot: QtBot
) -> None:
    job = PrintJob.for_ids(archive, ids_by_date(archive)[:1], "One")
    dialog = output.print_job(job)
    assert isinstance(dialog, QPrintDialog)
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and "One" in dialog.windowTitle()
    dialog.reject()


def test_preview_of_a_deleted_dossier_reports_it(
    archive: Archive, output: DossierPrinting, qtbot: QtBot
) -> None:
    dossier_id = archive.create_dossier("Gone soon", article_ids=[1])
    job = PrintJob.for_dossier(archive, dossier_id, "Gone soon")
    archive.delete_dossier(dossier_id)
    dialog = output.preview(job)
    qtbot.addWidget(dialog)
    painter = dialog._dossier_keep[1]  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: painter.error is not None, timeout=30_000)
    assert "no dossier" in painter.error
    assert output.last_message is not None and painter.error in output.last_message.text()
