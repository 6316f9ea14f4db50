"""Where an archive is: the text a user gives (``--archive``, ``$DOSSIERDESK_ARCHIVE``, a file
dialog) checked and turned into a file path before anything is opened or created.

An archive is one SQLite file. Anything that names something else is refused with a sentence
saying what was given and why, before a folder or file is created for it: a folder (it would
otherwise fail deep inside SQLite), and a URL such as ``postgresql://…`` (``pathlib`` would turn
it into a folder named ``postgresql:`` and create an SQLite file there). This module imports
nothing heavy, so the command line can check its argument before it loads SQLAlchemy.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from dossierdesk.store.errors import ArchiveError
from dossierdesk.store.team_url import redacted

# ``scheme://…`` (RFC 3986 scheme). A Windows drive (``C:\\``, ``C:/``) has no ``//``.
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")


def archive_path(value: str | os.PathLike[str]) -> Path:
    """The archive file ``value`` names, or ``ArchiveError`` saying why it cannot be one."""
    text = os.fspath(value)
    if not text.strip():
        raise ArchiveError("no archive given (an empty path)")
    if "\x00" in text:
        raise ArchiveError("the archive path contains a NUL character")
    match = _URL.match(text)
    if match:
        scheme = match.group(1).lower()
        if scheme == "file":
            raise ArchiveError(
                f"{text}: give the archive as a path (without 'file://'), e.g. ~/archive.sqlite3"
            )
        if scheme in ("postgresql", "postgres"):
            raise ArchiveError(
                f"{redacted(text)}: a team archive address, not a file; open it with "
                "'--archive' (or $DOSSIERDESK_ARCHIVE)"
            )
        raise ArchiveError(
            f"{text}: '{scheme}://' archives are not supported; an archive is an SQLite file "
            "path such as ~/archive.sqlite3, or a team archive at postgresql://…"
        )
    path = Path(text).expanduser()
    if path.is_dir():
        raise ArchiveError(
            f"{path}: is a folder; give the archive file inside it, e.g. {path / 'archive.sqlite3'}"
        )
    return path
