"""Where archives live by default."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_path, user_log_path

APP_NAME = "DossierDesk"
ARCHIVE_ENV = "DOSSIERDESK_ARCHIVE"


def default_archive_path() -> Path:
    """``$DOSSIERDESK_ARCHIVE`` if set, else the platform's user data dir."""
    env = os.environ.get(ARCHIVE_ENV)
    if env:
        return Path(env).expanduser()
    return user_data_path(APP_NAME, appauthor=False) / "archive.sqlite3"


def log_dir() -> Path:
    return user_log_path(APP_NAME, appauthor=False)


def bundled_seeds_dir() -> Path:
    """Sample articles: inside the installed package (``dossierdesk/_data/seeds`` in a wheel), a
    PyInstaller bundle's ``_MEIPASS`` copy, or the repository's ``seeds/``."""
    here = Path(__file__).resolve().parent.parent
    candidates = [here / "_data" / "seeds"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "dossierdesk" / "_data" / "seeds")
    candidates.append(here.parent.parent / "seeds")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]
