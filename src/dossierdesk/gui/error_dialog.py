"""The error dialog: a plain message, and the technical details (a traceback) folded away.

Every error shown here is logged too (``logging`` goes to the user log file set up by
``gui.app.setup_logging``), so nothing a worker raises is lost even if the dialog is dismissed.
"""

from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui.i18n import translate

log = logging.getLogger(__name__)


def format_exception(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


class ErrorDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, message: str, details: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        icon = QLabel(self)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(40, 40)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message = QLabel(message, self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # messages quote untrusted names
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details = QPlainTextEdit(details, self)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumHeight(180)
        self.details.setVisible(False)

        self.details_button = QPushButton(translate("ErrorDialog", "Show details"), self)
        self.details_button.setCheckable(True)
        self.details_button.setVisible(bool(details))
        self.details_button.toggled.connect(self._toggle_details)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton(
            translate("ErrorDialog", "Copy"), QDialogButtonBox.ButtonRole.ActionRole
        )
        copy.clicked.connect(self.copy_to_clipboard)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.message, 1)
        row = QHBoxLayout()
        row.addWidget(self.details_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addLayout(row)

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText(
            translate("ErrorDialog", "Hide details")
            if shown
            else translate("ErrorDialog", "Show details")
        )
        self.adjustSize()

    def text(self) -> str:
        details = self.details.toPlainText()
        return self.message.text() + (f"\n\n{details}" if details else "")

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.text())


def show_error(
    parent: QWidget | None,
    message: str,
    exc: BaseException | None = None,
    *,
    title: str = "Dossier Desk",
    details: str | None = None,
) -> ErrorDialog:
    """Log the error and open a non-blocking dialog about it (returned for tests)."""
    if details is None:
        details = format_exception(exc) if exc is not None else ""
    if exc is not None:
        log.error("%s", message, exc_info=(type(exc), exc, exc.__traceback__))
    else:
        log.error("%s", message)
    dialog = ErrorDialog(parent, title, message, details)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
