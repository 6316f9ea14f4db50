"""Where archives live by default."""

from __future__ import annotations

import os
from pathlib import Path

from dossierdesk.resources import data_dir

APP_NAME = "DossierDesk"
ARCHIVE_ENV = "DOSSIERDESK_ARCHIVE"


def default_archive_path() -> Path:
    """``$DOSSIERDESK_ARCHIVE`` if set, else the platform's user data dir."""
    env = os.environ.get(ARCHIVE_ENV)
    if env:
        return Path(env).expanduser()
    # (platformdirs is loaded here: a command given its archive does without, 6-10 ms)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "archive.sqlite3"


def log_dir() -> Path:
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def bundled_seeds_dir() -> Path:
    """The sample articles shipped with the program (see :func:`dossierdesk.resources.data_dir`)."""
    return data_dir("seeds")
