"""Creating the QApplication: names, translations, bundled fonts, logging to the user log
directory."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from dossierdesk import __version__
from dossierdesk.fonts import UI_FAMILY, register_bundled_fonts
from dossierdesk.gui.i18n import install_translators
from dossierdesk.resources import APP_ID, ICON_NAME, icons_dir

ORGANIZATION = "DossierDesk"
APPLICATION = "Dossier Desk"

log = logging.getLogger(__name__)

#: The translators ``create_application`` installed (kept referenced; installed once).
_translators: list[QTranslator] = []


class _LogFile(logging.Handler):
    """``<user log dir>/dossierdesk.log`` (rotating; stderr if it cannot be written), opened
    with the first record: the rotating handler and the platform's folders are not loaded
    before the window's first paint unless something is logged by then."""

    def __init__(self) -> None:
        super().__init__()
        self._opening = threading.Lock()
        self._target: logging.Handler | None = None

    def target(self) -> logging.Handler:
        with self._opening:
            if self._target is None:
                self._target = _open_log_file()
            return self._target

    def emit(self, record: logging.LogRecord) -> None:
        self.target().handle(record)

    def close(self) -> None:
        with self._opening:
            if self._target is not None:
                self._target.close()
        super().close()


def _open_log_file() -> logging.Handler:
    import logging.handlers

    from dossierdesk.service.paths import log_dir

    try:
        directory = log_dir()
        directory.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            directory / "dossierdesk.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:  # read-only home: keep stderr only
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def setup_logging() -> None:
    """Log to ``<user log dir>/dossierdesk.log`` (rotating), opened with the first record."""
    root = logging.getLogger("dossierdesk")
    if any(isinstance(h, _LogFile) for h in root.handlers):
        return
    root.setLevel(logging.INFO)
    root.addHandler(_LogFile())


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """Return the running QApplication, creating and configuring it on first use. The
    translation of the user's language is installed here, before any window is built."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv))
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    if not _translators:
        _translators.extend(install_translators(app))
    app.setDesktopFileName(APP_ID)  # Wayland/GNOME match the window to the .desktop entry
    icon_file = icons_dir() / f"{ICON_NAME}.svg"
    app.setWindowIcon(QIcon.fromTheme(ICON_NAME, QIcon(str(icon_file))))
    families = register_bundled_fonts()
    if UI_FAMILY in families:
        font = QFont(UI_FAMILY)
        font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
        app.setFont(font)
    return app
