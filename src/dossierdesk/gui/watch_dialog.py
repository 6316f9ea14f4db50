"""Edit → Watch Folders…: the dialog listing the watched folders (``gui.watch_folders`` keeps
the settings and the watcher; this module is loaded when the dialog is first opened)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.watch_folders import load_watch_settings, save_watch_settings


class WatchFoldersDialog(QDialog):
    """The watched folders, Add…/Remove, and the switch that turns watching on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("WatchFolders", "Watch Folders"))
        enabled, folders = load_watch_settings()
        self.enabled_box = QCheckBox(
            translate("WatchFolders", "Import new files that appear in these folders")
        )
        self.enabled_box.setChecked(enabled)
        self.folder_list = QListWidget()
        self.folder_list.addItems(folders)
        note = QLabel(
            translate(
                "WatchFolders",
                "Files are imported once they stop growing; files already there are left alone. "
                "The originals are never moved or deleted. Subfolders are not watched.",
            )
        )
        note.setWordWrap(True)
        self.add_button = QPushButton(translate("WatchFolders", "&Add…"))
        self.remove_button = QPushButton(translate("WatchFolders", "&Remove"))
        self.add_button.clicked.connect(self._choose_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled_box)
        layout.addWidget(self.folder_list)
        layout.addLayout(row)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def folders(self) -> list[str]:
        return [self.folder_list.item(i).text() for i in range(self.folder_list.count())]

    def add_folder(self, folder: str | Path) -> None:
        text = str(folder)
        if text and text not in self.folders():
            self.folder_list.addItem(text)

    def remove_selected(self) -> None:
        for item in self.folder_list.selectedItems():
            self.folder_list.takeItem(self.folder_list.row(item))

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("WatchFolders", "Watch Folder"), str(Path.home())
        )
        if folder:
            self.add_folder(folder)

    def accept(self) -> None:
        save_watch_settings(self.enabled_box.isChecked(), self.folders())
        super().accept()
