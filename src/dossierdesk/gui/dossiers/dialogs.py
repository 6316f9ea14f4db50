"""The dossier properties dialog (title, subtitle, compiled by, description), validated."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui.dossiers.commands import DossierProperties
from dossierdesk.gui.help_actions import help_button
from dossierdesk.gui.i18n import QT_TRANSLATE_NOOP, translate
from dossierdesk.service.dossier_dto import TITLE_MAX, clean_text, clean_title


class DossierPropertiesDialog(QDialog):
    """Shown with ``open()`` (window-modal, non-blocking); read :meth:`properties` on accept."""

    def __init__(
        self,
        parent: QWidget | None = None,
        initial: DossierProperties | None = None,
        *,
        window_title: str = QT_TRANSLATE_NOOP("DossierDialogs", "New Dossier"),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("DossierDialogs", window_title))
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(TITLE_MAX)
        self.subtitle_edit = QLineEdit()
        self.compiled_by_edit = QLineEdit()
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        form = QFormLayout()
        form.addRow(translate("DossiersDialogs", "&Title:"), self.title_edit)
        form.addRow(translate("DossiersDialogs", "&Subtitle:"), self.subtitle_edit)
        form.addRow(translate("DossiersDialogs", "&Compiled by:"), self.compiled_by_edit)
        form.addRow(translate("DossiersDialogs", "&Description:"), self.description_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.help_button = help_button("dossiers", self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(480, 360)

        if initial is not None:
            self.title_edit.setText(initial.title)
            self.subtitle_edit.setText(initial.subtitle or "")
            self.compiled_by_edit.setText(initial.compiled_by or "")
            self.description_edit.setPlainText(initial.description or "")
        self.title_edit.textChanged.connect(self._validate)
        self._validate()

    def set_values(
        self,
        title: str,
        subtitle: str = "",
        compiled_by: str = "",
        description: str = "",
    ) -> None:
        self.title_edit.setText(title)
        self.subtitle_edit.setText(subtitle)
        self.compiled_by_edit.setText(compiled_by)
        self.description_edit.setPlainText(description)

    def problem(self) -> str | None:
        """Why the input cannot be accepted (the service's own validation), else None."""
        try:
            clean_title(self.title_edit.text())
            for text, what in (
                (self.subtitle_edit.text(), "subtitle"),
                (self.compiled_by_edit.text(), "compiled by"),
                (self.description_edit.toPlainText(), "description"),
            ):
                clean_text(text, what)
        except ValueError as exc:
            return str(exc)
        return None

    def _validate(self) -> None:
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok_button.setEnabled(bool(self.title_edit.text().strip()))

    def accept(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.error_label.setText(problem[:1].upper() + problem[1:] + ".")
            self.error_label.show()
            return
        super().accept()

    def properties(self) -> DossierProperties:
        return DossierProperties(
            title=clean_title(self.title_edit.text()),
            subtitle=clean_text(self.subtitle_edit.text(), "subtitle"),
            compiled_by=clean_text(self.compiled_by_edit.text(), "compiled by"),
            description=clean_text(self.description_edit.toPlainText(), "description"),
        )
