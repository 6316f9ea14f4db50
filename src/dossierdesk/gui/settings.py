"""Persistent user settings (window geometry, splitters, columns, recent archives, the PDF and
print options), in one file.

Settings live in an INI file in the user config folder, resolved each time from the XDG/platform
directories so tests that isolate ``XDG_CONFIG_HOME`` get their own file.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_path
from PySide6.QtCore import QCoreApplication, QSettings

from dossierdesk.service.paths import APP_NAME

MAX_RECENT = 8


def settings_path() -> Path:
    return user_config_path(APP_NAME, appauthor=False) / "dossierdesk.ini"


def app_settings() -> QSettings:
    """The one settings file (window, columns, recent archives, PDF and print options)."""
    settings = QSettings(str(settings_path()), QSettings.Format.IniFormat)
    _adopt_legacy_pdf_options(settings)
    return settings


def _adopt_legacy_pdf_options(settings: QSettings) -> None:
    """Earlier versions kept the PDF options in Qt's default settings file (``Dossier
    Desk.conf``, by organisation and application name): move them here once."""
    if settings.value("pdf/adopted", False):
        return
    if QCoreApplication.organizationName() or QCoreApplication.applicationName():
        legacy = QSettings()
        for key in legacy.allKeys():
            if key.startswith("pdf/") and not settings.contains(key):
                settings.setValue(key, legacy.value(key))
        for key in [k for k in legacy.allKeys() if k.startswith("pdf/")]:
            legacy.remove(key)
        legacy.sync()
    settings.setValue("pdf/adopted", True)


def recent_archives() -> list[Path]:
    value = app_settings().value("archives/recent", [])
    if isinstance(value, str):  # QSettings gives a bare string for one-element lists
        value = [value]
    if not isinstance(value, list):
        return []
    return [Path(str(v)) for v in value if v]


def remember_archive(path: Path) -> list[Path]:
    """Put ``path`` first in the recent list (and as the last used archive); returns the list."""
    path = Path(path).resolve()
    recent = [path, *(p for p in recent_archives() if p != path)][:MAX_RECENT]
    settings = app_settings()
    settings.setValue("archives/recent", [str(p) for p in recent])
    settings.setValue("archives/last", str(path))
    settings.sync()
    return recent


def last_archive() -> Path | None:
    value = app_settings().value("archives/last")
    return Path(str(value)) if value else None
