"""Where archives live by default."""

from __future__ import annotations

import os
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
    """Sample articles: inside the installed package, or the repository's ``seeds/``."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_data" / "seeds"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "seeds"
