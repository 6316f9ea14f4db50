"""Export as PDF…: the worker thread, progress, cancel, errors, the dialog and saved options."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from dossierdesk.gui import printing
from dossierdesk.gui.printing import (
    DossierPrinting,
    ExportPdfDialog,
    PdfExport,
    PrintJob,
    load_export_options,
    progress_percent,
    save_export_options,
    suggested_pdf_path,
)
from dossierdesk.pdf import ExportOptions, default_page_size
from dossierdesk.pdf import export as pdf_export
from dossierdesk.service import Archive

from .conftest_dossiers import (  # noqa: F401 (fixtures)
    archive_fixture,
    ids_by_date,
    output_fixture,
    settings_fixture,
)


def dossier_job(archive: Archive, n: int = 6) -> PrintJob:
    dossier_id = archive.create_dossier("Export test", article_ids=ids_by_date(archive)[:n])
    return PrintJob.for_dossier(archive, dossier_id, "Export test")


def test_export_writes_a_pdf_with_progress(
    archive: Archive, output: DossierPrinting, qtbot: QtBot, tmp_path: Path
) -> None:
    target = tmp_path / "out.pdf"
    steps: list[tuple[str, int, int]] = []
    export = output.export_pdf(dossier_job(archive), target, ExportOptions(page_size="A4"))
    assert isinstance(export, PdfExport)
    export.progress.connect(lambda *a: steps.append(a))
    with qtbot.waitSignal(output.exported, timeout=60_000) as done:
        pass
    assert done.args[0] == str(target)
    pages = done.args[1]
    assert len(PdfReader(target).pages) == pages > 6
    qtbot.waitUntil(lambda: not export.running)
    assert steps and steps[-1][0] == "paint" and steps[-1][1] == steps[-1][2] == 6
    box = output.last_message
    assert box is not None and str(target) in box.text()
    assert any(b.text() == "&Open" for b in box.buttons())
    box.close()


def test_open_button_opens_the_file_url(
    archive: Archive,
    output: DossierPrinting,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        printing.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    target = tmp_path / "open me.pdf"
    with qtbot.waitSignal(output.exported, timeout=60_000):
        output.export_pdf(dossier_job(archive, 2), target)
    box = output.last_message
    assert box is not None
    next(b for b in box.buttons() if b.text() == "&Open").click()
    assert opened == [str(target)]


def test_cancel_leaves_no_file(
    archive: Archive, output: DossierPrinting, qtbot: QtBot, tmp_path: Path
) -> None:
    target = tmp_path / "cancelled.pdf"
    export = output.export_pdf(dossier_job(archive, 20), target)
    assert isinstance(export, PdfExport)
    export.progress.connect(export.cancel)  # cancel at the first progress report
    with qtbot.waitSignal(output.exportCancelled, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: not export.running)
    assert not target.exists()
    assert os.listdir(tmp_path) == [p for p in os.listdir(tmp_path) if not p.endswith(".part")]


def test_progress_dialog_cancel_button(
    archive: Archive, output: DossierPrinting, qtbot: QtBot, tmp_path: Path
) -> None:
    target = tmp_path / "cancelled.pdf"
    export = output.export_pdf(dossier_job(archive, 20), target)
    assert isinstance(export, PdfExport) and export.progress_dialog is not None
    cancel_button = export.progress_dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Cancel"
    cancel_button.click()
    with qtbot.waitSignal(output.exportCancelled, timeout=60_000):
        pass
    assert not target.exists()


def test_unwritable_folder_is_a_clear_message(
    archive: Archive, output: DossierPrinting, qtbot: QtBot, tmp_path: Path
) -> None:
    target = tmp_path / "no such folder" / "out.pdf"
    with qtbot.waitSignal(output.exportFailed, timeout=60_000) as failed:
        output.export_pdf(dossier_job(archive, 2), target)
    message = failed.args[0]
    assert str(target) in message and "does not exist" in message
    assert "Traceback" not in message
    box = output.last_message
    assert box is not None and box.icon() == QMessageBox.Icon.Warning
    assert message in box.text()


def test_read_only_folder_is_a_clear_message(
    archive: Archive,
    output: DossierPrinting,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # chmod cannot make a folder read-only for root (CI containers): refuse the file instead.
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pdf_export.tempfile, "mkstemp", refuse)
    target = tmp_path / "out.pdf"
    with qtbot.waitSignal(output.exportFailed, timeout=60_000) as failed:
        output.export_pdf(dossier_job(archive, 2), target)
    assert failed.args[0] == f"{target}: cannot write there (Permission denied)"
    assert not target.exists()


def test_unknown_dossier_fails_cleanly(
    archive: Archive, output: DossierPrinting, qtbot: QtBot, tmp_path: Path
) -> None:
    job = PrintJob.for_dossier(archive, 12345, "Gone")
    with qtbot.waitSignal(output.exportFailed, timeout=60_000) as failed:
        output.export_pdf(job, tmp_path / "gone.pdf")
    assert "no dossier #12345" in failed.args[0]
    assert not (tmp_path / "gone.pdf").exists()


def test_dialog_choice_is_used_and_remembered(
    archive: Archive, output: DossierPrinting, settings: QSettings, qtbot: QtBot, tmp_path: Path
) -> None:
    job = dossier_job(archive, 2)
    dialog = output.export_pdf(job)
    assert isinstance(dialog, ExportPdfDialog) and dialog.isVisible()
    assert dialog.path_edit.text().endswith("Export test.pdf")
    dialog.path_edit.setText("  ")
    assert not dialog.save_button.isEnabled()
    dialog.accept()
    assert dialog.isVisible()  # nowhere to save yet
    dialog.path_edit.setText(str(tmp_path / "letter"))  # ".pdf" is added
    assert dialog.save_button.isEnabled()
    dialog.page_size_combo.setCurrentIndex(1)
    dialog.pdfa_check.setChecked(True)
    with qtbot.waitSignal(output.exported, timeout=60_000) as done:
        dialog.accept()
    assert done.args[0] == str(tmp_path / "letter.pdf")
    box = PdfReader(tmp_path / "letter.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert load_export_options(settings) == ExportOptions(page_size="Letter", pdfa=True)
    assert suggested_pdf_path("Next", settings) == tmp_path / "Next.pdf"


def test_options_default_to_the_locale(settings: QSettings) -> None:
    assert load_export_options(settings).page_size == default_page_size()
    assert default_page_size(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) == (
        "Letter"
    )
    save_export_options(ExportOptions(page_size="A4", pdfa=False), settings)
    assert load_export_options(settings) == ExportOptions(page_size="A4", pdfa=False)


def test_suggested_name_is_file_system_safe(settings: QSettings, tmp_path: Path) -> None:
    settings.setValue(printing.FOLDER_KEY, str(tmp_path))
    assert suggested_pdf_path('a/b: "c"?', settings) == tmp_path / "a b c.pdf"
    assert suggested_pdf_path("...", settings) == tmp_path / "Dossier.pdf"


def test_suggested_folder_falls_back_to_one_that_exists(
    settings: QSettings, tmp_path: Path
) -> None:
    settings.setValue(printing.FOLDER_KEY, str(tmp_path / "removed since"))
    path = suggested_pdf_path("Readiness", settings)
    assert path.parent.is_dir()  # Documents if it exists, else home: never the removed one
    assert path.name == "Readiness.pdf"
    assert path.parent != tmp_path / "removed since"


def test_progress_percent() -> None:
    assert progress_percent("layout", 0, 10) == 0
    assert progress_percent("layout", 10, 10) == 50
    assert progress_percent("paint", 5, 10) == 75
    assert progress_percent("paint", 0, 0) == 100


def test_jobs_for_selection_and_query(
    archive: Archive, output: DossierPrinting, qtbot: QtBot, tmp_path: Path
) -> None:
    ids = ids_by_date(archive)
    selection = PrintJob.for_ids(archive, [ids[3], ids[1]], "Two articles")
    document = selection.build()
    assert [e.article.id for e in document.entries] == [ids[3], ids[1]]
    assert document.title == "Two articles"
    query = PrintJob.for_query(archive, "title:kursk")
    assert query.title == "title:kursk"
    doc = query.build()
    assert doc.title == "title:kursk" and len(doc.entries) == 1
    with qtbot.waitSignal(output.exported, timeout=60_000) as done:
        output.export_pdf(query, tmp_path / "query.pdf")
    assert len(PdfReader(tmp_path / "query.pdf").pages) == done.args[1]


def test_pdf_options_live_in_the_one_settings_file() -> None:
    from PySide6.QtCore import QCoreApplication

    from dossierdesk.gui import settings as user_settings
    from dossierdesk.gui.print_options import save_export_options

    old = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QCoreApplication.setOrganizationName("Dossier Desk")
    QCoreApplication.setApplicationName("Dossier Desk")
    try:
        legacy = QSettings()  # where earlier versions kept them
        legacy.setValue("pdf/pageSize", "Letter")
        legacy.sync()
        assert load_export_options().page_size == "Letter"  # adopted once
        assert not [k for k in QSettings().allKeys() if k.startswith("pdf/")]
        save_export_options(ExportOptions(page_size="A4", pdfa=True))
        text = user_settings.settings_path().read_text()
        assert "pageSize=A4" in text and "pdfa=true" in text
        assert load_export_options() == ExportOptions(page_size="A4", pdfa=True)
    finally:
        QCoreApplication.setOrganizationName(old[0])
        QCoreApplication.setApplicationName(old[1])
