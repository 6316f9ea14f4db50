"""The first-run panel shown in place of the table while the archive has no articles."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from dossierdesk.gui.i18n import translate


class WelcomePanel(QWidget):
    importFilesRequested = Signal()
    importFolderRequested = Signal()
    samplesRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(translate("Welcome", "Welcome"))
        title = QLabel(translate("Welcome", "Welcome to Dossier Desk"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            translate(
                "Welcome",
                "This archive is empty. Import saved articles (web pages, crawler text, RSS or "
                "Atom feeds, plain text, or .zip files of them), or drop files anywhere on this "
                "window.",
            )
        )
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # At most 520 px wide, narrower with the window (the wrapped text grows taller).
        text.setMaximumWidth(520)
        text.setMinimumWidth(200)
        text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.files_button = QPushButton(translate("Welcome", "Import files…"))
        self.files_button.setToolTip(
            translate("Welcome", "Choose article files to import (Ctrl+I)")
        )
        self.folder_button = QPushButton(translate("Welcome", "Import a folder…"))
        self.folder_button.setToolTip(
            translate("Welcome", "Import every article file in a folder and its subfolders")
        )
        self.samples_button = QPushButton(translate("Welcome", "Try it with sample articles"))
        self.samples_button.setToolTip(
            translate("Welcome", "Import the sample articles that come with Dossier Desk")
        )
        self.files_button.clicked.connect(self.importFilesRequested)
        self.folder_button.clicked.connect(self.importFolderRequested)
        self.samples_button.clicked.connect(self.samplesRequested)

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(8)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        for button in (self.files_button, self.folder_button, self.samples_button):
            button.setMinimumWidth(200)
            button.setAccessibleName(button.text().rstrip("…"))
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
