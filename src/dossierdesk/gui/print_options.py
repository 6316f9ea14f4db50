"""The PDF and print options a user chooses (page size, PDF/A, photos) and where they are kept.

Options and the last export folder live in QSettings; :class:`ExportPdfDialog` asks for them
before an export, :func:`options_for_printer` follows the paper chosen in the print dialog.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui import settings as user_settings
from dossierdesk.gui.help_actions import help_button
from dossierdesk.gui.i18n import translate
from dossierdesk.pdf import ExportOptions, default_page_size
from dossierdesk.pdf.geometry import PAGE_SIZE_IDS
from dossierdesk.pdf.model import PageSizeName

PAGE_SIZE_KEY = "pdf/pageSize"
PDFA_KEY = "pdf/pdfa"
PHOTOS_KEY = "pdf/includePhotos"
PATHS_KEY = "pdf/filePaths"
FOLDER_KEY = "pdf/lastFolder"
PAGE_SIZES: tuple[PageSizeName, ...] = ("A4", "Letter")


def load_export_options(settings: QSettings | None = None) -> ExportOptions:
    """The saved options; the page size defaults to the locale's (Letter in the US…)."""
    settings = settings or user_settings.app_settings()
    size = str(settings.value(PAGE_SIZE_KEY, default_page_size()))
    page_size: PageSizeName = "Letter" if size == "Letter" else "A4"
    pdfa = str(settings.value(PDFA_KEY, "false")).lower() in ("true", "1")
    photos = str(settings.value(PHOTOS_KEY, "true")).lower() in ("true", "1")
    paths = str(settings.value(PATHS_KEY, "false")).lower() in ("true", "1")
    return ExportOptions(page_size=page_size, pdfa=pdfa, include_photos=photos, file_paths=paths)


def save_export_options(options: ExportOptions, settings: QSettings | None = None) -> None:
    settings = settings or user_settings.app_settings()
    settings.setValue(PAGE_SIZE_KEY, options.page_size)
    settings.setValue(PDFA_KEY, "true" if options.pdfa else "false")
    settings.setValue(PHOTOS_KEY, "true" if options.include_photos else "false")
    settings.setValue(PATHS_KEY, "true" if options.file_paths else "false")


def suggested_pdf_path(title: str, settings: QSettings | None = None) -> Path:
    """``<folder>/<title>.pdf`` with a file-system-safe name; the folder is the last export's,
    else Documents, else the home folder: the first of them that exists (a fresh account may
    have no ``~/Documents``, and the last folder may have been removed)."""
    settings = settings or user_settings.app_settings()
    candidates = (
        str(settings.value(FOLDER_KEY, "")),
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation),
    )
    folder = next((Path(c) for c in candidates if c and Path(c).is_dir()), Path.home())
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title)
    stem = " ".join(stem.split()).strip(" .")[:120] or "Dossier"
    return folder / f"{stem}.pdf"


class ExportPdfDialog(QDialog):
    """Where to save, page size, PDF/A. Shown with ``open()``; read :meth:`choice` on accept."""

    def __init__(self, parent: QWidget | None, path: Path, options: ExportOptions) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("PrintOptions", "Export as PDF"))
        self.path_edit = QLineEdit(str(path))
        browse = QPushButton(translate("PrintOptions", "&Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.page_size_combo = QComboBox()
        self.page_size_combo.addItems(
            [translate("PrintOptions", "A4"), translate("PrintOptions", "US Letter")]
        )
        self.page_size_combo.setCurrentIndex(PAGE_SIZES.index(options.page_size))
        self.pdfa_check = QCheckBox(translate("PrintOptions", "PDF/A-1b (for long-term archiving)"))
        self.pdfa_check.setChecked(options.pdfa)
        self.photos_check = photos_check(options.include_photos, self)
        self.paths_check = QCheckBox(self.tr("Print file &names of articles without a URL"))
        self.paths_check.setToolTip(
            translate(
                "PrintOptions",
                "Off: an article without a web address shows no original; its file path (with "
                "your folders) is printed only when this is on",
            )
        )
        self.paths_check.setChecked(options.file_paths)
        form = QFormLayout()
        file_label = QLabel(translate("PrintOptions", "&File:"))
        file_label.setBuddy(self.path_edit)  # the field is a layout: no automatic buddy
        form.addRow(file_label, row)
        form.addRow(translate("PrintOptions", "&Page size:"), self.page_size_combo)
        form.addRow("", self.pdfa_check)
        form.addRow("", self.photos_check)
        form.addRow("", self.paths_check)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.help_button = help_button("printing", buttons)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.path_edit.textChanged.connect(
            lambda text: self.save_button.setEnabled(bool(text.strip()))
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            translate("PrintOptions", "Export as PDF"),
            self.path_edit.text(),
            translate("PrintOptions", "PDF files (*.pdf)"),
        )
        if name:
            self.path_edit.setText(name)

    def accept(self) -> None:
        if self.path_edit.text().strip():
            super().accept()

    def choice(self) -> tuple[Path, ExportOptions]:
        path = Path(self.path_edit.text().strip()).expanduser().absolute()
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        options = ExportOptions(
            page_size=PAGE_SIZES[self.page_size_combo.currentIndex()],
            pdfa=self.pdfa_check.isChecked(),
            include_photos=self.photos_check.isChecked(),
            file_paths=self.paths_check.isChecked(),
        )
        return path, options


def options_for_printer(printer: QPrinter, saved: ExportOptions) -> ExportOptions:
    """The paper chosen in the print dialog when it is A4 or Letter, else the saved size."""
    chosen = printer.pageLayout().pageSize().id()
    for name in PAGE_SIZES:
        if chosen == PAGE_SIZE_IDS[name]:
            return dataclasses.replace(saved, page_size=name)
    return saved


def photos_check(checked: bool, parent: QWidget | None = None) -> QCheckBox:
    """The "Include photos" box of the export dialog and the print dialog's Dossier tab."""
    box = QCheckBox(
        translate("PrintOptions", "Include &photos"),
        parent,
    )
    box.setToolTip(
        translate(
            "PrintOptions",
            "Print each article's stored photos above their captions (off: captions, credits and "
            "VIRINs only, a much smaller file)",
        )
    )
    box.setChecked(checked)
    return box


class PrintOptionsTab(QWidget):
    """The print dialog's "Dossier" tab: whether photos are printed."""

    def __init__(self, options: ExportOptions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Dossier"))
        self.photos_check = photos_check(options.include_photos, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.photos_check)
        layout.addStretch(1)

    def applied_to(self, options: ExportOptions) -> ExportOptions:
        return dataclasses.replace(options, include_photos=self.photos_check.isChecked())
