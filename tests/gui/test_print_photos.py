"""The "Include photos" option of the export dialog, the print dialog and the print preview: on by
default, off leaves the photos out, and the choice is remembered for the next time."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image as PILImage
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from pytestqt.qtbot import QtBot
from tests.conftest import SEED

from dossierdesk.gui.print_options import ExportPdfDialog, load_export_options
from dossierdesk.gui.printing import DossierPrinting, PrintJob
from dossierdesk.service import Archive

from .conftest_dossiers import output_fixture, settings_fixture  # noqa: F401 (fixtures)


@pytest.fixture(name="photo_archive")
def photo_archive_fixture(tmp_path: Path) -> Archive:
    """The seed article, whose image's photo (by VIRIN) is in the archive."""
    buf = io.BytesIO()
    PILImage.new("RGB", (1600, 1000), "orange").save(buf, "JPEG", quality=85)
    photo = tmp_path / "230515-D-KY598-1364.JPG"
    photo.write_bytes(buf.getvalue())
    archive = Archive(tmp_path / "photos.sqlite3")
    archive.import_paths([SEED, photo])
    assert archive.article(1).images[0].photo is not None
    return archive


def image_count(pdf: Path) -> int:
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    return len([line for line in out.stdout.splitlines()[2:] if line.strip()])


def test_export_dialog_leaves_photos_out_and_remembers(
    photo_archive: Archive,
    output: DossierPrinting,
    settings: QSettings,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    job = PrintJob.for_ids(photo_archive, [1], "With a photo")
    dialog = output.export_pdf(job)
    assert isinstance(dialog, ExportPdfDialog)
    assert dialog.photos_check.isChecked()  # on by default
    dialog.path_edit.setText(str(tmp_path / "with.pdf"))
    with qtbot.waitSignal(output.exported, timeout=60_000):
        dialog.accept()
    assert image_count(tmp_path / "with.pdf") == 1
    qtbot.waitUntil(lambda: not output.current_export.running)  # type: ignore[union-attr]

    dialog = output.export_pdf(job)
    assert isinstance(dialog, ExportPdfDialog) and dialog.photos_check.isChecked()
    dialog.photos_check.setChecked(False)
    dialog.path_edit.setText(str(tmp_path / "without.pdf"))
    with qtbot.waitSignal(output.exported, timeout=60_000):
        dialog.accept()
    assert image_count(tmp_path / "without.pdf") == 0
    assert load_export_options(settings).include_photos is False
    qtbot.waitUntil(lambda: not output.current_export.running)  # type: ignore[union-attr]
    again = output.export_pdf(job)
    assert isinstance(again, ExportPdfDialog) and not again.photos_check.isChecked()
    again.reject()


def test_print_dialog_has_a_dossier_tab_with_the_photos_option(
    photo_archive: Archive,
    output: DossierPrinting,
    settings: QSettings,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    job = PrintJob.for_ids(photo_archive, [1], "With a photo")
    dialog = output.print_job(job)
    assert isinstance(dialog, QPrintDialog)
    qtbot.addWidget(dialog)
    tab = dialog._dossier_options  # type: ignore[attr-defined]
    assert tab.photos_check.isChecked() and tab.windowTitle() == "Dossier"
    tab.photos_check.setChecked(False)
    printer: QPrinter = dialog._dossier_printer  # type: ignore[attr-defined]
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a file stands in for paper
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    # (QPrintDialog.accept() would set the printer up from the dialog's own fields: with no
    # print server here, as a printer that cannot start.)
    with qtbot.waitSignal(output.printed, timeout=60_000):
        dialog.accepted.emit(printer)
    dialog.hide()
    del printer, dialog
    assert load_export_options(settings).include_photos is False
    assert image_count(tmp_path / "printed.pdf") == 0


def test_printing_with_photos_draws_them_on_the_printer(
    photo_archive: Archive, output: DossierPrinting, qtbot: QtBot, tmp_path: Path
) -> None:
    job = PrintJob.for_ids(photo_archive, [1], "With a photo")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(output.printed, timeout=60_000):
        output.print_job(job, printer)
    del printer
    assert image_count(tmp_path / "printed.pdf") == 1  # drawn, not a placeholder


def test_preview_toolbar_toggles_photos(
    photo_archive: Archive, output: DossierPrinting, settings: QSettings, qtbot: QtBot
) -> None:
    job = PrintJob.for_ids(photo_archive, [1], "With a photo")
    dialog = output.preview(job)
    qtbot.addWidget(dialog)
    widget = dialog.findChild(QPrintPreviewWidget)
    assert widget is not None
    painter = dialog._dossier_keep[1]  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: painter.last_result is not None, timeout=30_000)
    assert painter.last_result.photo_count == 1
    action = dialog._dossier_photos_action  # type: ignore[attr-defined]
    assert action.isChecked()
    action.trigger()  # off
    qtbot.waitUntil(lambda: painter.last_result.photo_count == 0, timeout=30_000)
    assert load_export_options(settings).include_photos is False
    action.trigger()  # on again
    qtbot.waitUntil(lambda: painter.last_result.photo_count == 1, timeout=30_000)
    assert load_export_options(settings).include_photos is True
