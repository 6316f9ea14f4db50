"""The main window (filled in by the desktop-application issue)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow

from dossierdesk import __version__


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(f"Dossier Desk {__version__}")
        self.setCentralWidget(QLabel("Dossier Desk"))

    @classmethod
    def open_initial(
        cls, archive: Path | None = None, files: list[Path] | None = None
    ) -> MainWindow:
        return cls()
