"""Persistent user settings (window geometry, splitters, columns, recent archives, the PDF and
print options), in one file. Never a password: team archives are remembered by their address
without it.

Settings live in an INI file in the user config folder, resolved each time from the XDG/platform
directories so tests that isolate ``XDG_CONFIG_HOME`` get their own file.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_path
from PySide6.QtCore import QCoreApplication, QSettings

from dossierdesk.service.paths import APP_NAME
from dossierdesk.store.team_url import is_team_url, redacted

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


# A recent archive: a file's path, or a team archive's address (``postgresql://…``) kept as
# ``team_url.redacted`` gives it, so a password never reaches the settings file.
Location = Path | str


def _location(value: object) -> Location | None:
    text = str(value).strip()
    if not text:
        return None
    if is_team_url(text):
        return redacted(text)
    return Path(text)


def recent_archives() -> list[Location]:
    """The recent archives, newest first: files as ``Path``, team archives as address strings
    (without a password)."""
    value = app_settings().value("archives/recent", [])
    if isinstance(value, str):  # QSettings gives a bare string for one-element lists
        value = [value]
    if not isinstance(value, list):
        return []
    found = [_location(v) for v in value if v]
    return [loc for loc in found if loc is not None]


def remember_archive(location: Location) -> list[Location]:
    """Put ``location`` first in the recent list (and as the last used archive); returns the
    list. A team archive's address is stored without its password."""
    entry: Location
    if isinstance(location, str) and is_team_url(location):
        entry = redacted(location)
    else:
        entry = Path(location).resolve()
    recent = [entry, *(p for p in recent_archives() if p != entry)][:MAX_RECENT]
    settings = app_settings()
    settings.setValue("archives/recent", [str(p) for p in recent])
    settings.setValue("archives/last", str(entry))
    settings.sync()
    return recent


def last_archive() -> Location | None:
    """The archive used last: a file's ``Path``, or a team archive's address."""
    return _location(app_settings().value("archives/last") or "")
