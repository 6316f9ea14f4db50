"""Help → About."""

from __future__ import annotations

import html
import sqlite3

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from dossierdesk import __version__
from dossierdesk.gui.i18n import translate


def about_text() -> str:
    return (
        f"<h3>Dossier Desk {html.escape(__version__)}</h3>"
        + "<p>"
        + translate(
            "About", "Collect, search, tag and print defense news articles with their metadata."
        )
        + "</p>"
        f"<p><small>Qt {html.escape(qVersion())} · PySide6 {html.escape(pyside_version)} · "
        f"SQLite {html.escape(sqlite3.sqlite_version)}</small></p>"
        + "<p><small>"
        + translate("About", "Fonts: Noto Sans and Noto Serif (SIL Open Font License).")
        + "</small></p>"
    )


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, translate("About", "About Dossier Desk"), about_text())
