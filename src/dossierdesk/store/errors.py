"""Why an archive cannot be used: the errors ``store.engine`` raises, in a module light enough
for the command line to import before it loads SQLAlchemy.

``database_error`` turns what SQLite reports (through the sqlite3 module, possibly wrapped by
SQLAlchemy) into one of these, with a sentence a user can act on, so that no command ends in
a traceback because a disk filled up, a file is read-only or another program holds the lock.
"""

from __future__ import annotations


class ArchiveError(Exception):
    """An archive that cannot be opened or used; ``str(err)`` is the user-facing reason."""


class NewerArchiveError(ArchiveError):
    """The archive's schema was written by a newer version of Dossier Desk."""


class ReadOnlyArchiveError(ArchiveError):
    """A change was asked of an archive that can only be read."""


class EditConflictError(ArchiveError):
    """An edit made from an older version of an article or dossier than the stored one: a
    colleague changed it meanwhile. ``str(err)`` says who and when; nothing was changed."""

    def __init__(self, message: str, *, changed_by: str | None, version: int) -> None:
        super().__init__(message)
        self.changed_by, self.version = changed_by, version


class ArchiveBusyError(ArchiveError):
    """Another process held the archive's write lock for longer than we wait."""


class DiskFullError(ArchiveError):
    """The disk (or the archive's size limit) is full: the last change was not written."""


READ_ONLY_MESSAGE = "the archive is read-only (opened for reading only); nothing was changed"
BUSY_MESSAGE = (
    "the archive is busy: another program kept it locked for writing for too long; "
    "nothing was changed, try again"
)
DISK_FULL_MESSAGE = "the disk is full: the archive could not be written; free some space"


def database_error(exc: BaseException) -> ArchiveError | None:
    """The ``ArchiveError`` for an SQLite failure a user can understand, else ``None``.

    ``exc`` is a ``sqlite3.Error`` or an SQLAlchemy ``DBAPIError`` wrapping one. The exceptions
    it was raised from are looked at too: after SQLITE_FULL, SQLite may roll the transaction
    back itself, and what reaches the caller is then the failed rollback to a savepoint."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(seen) < 8 and current not in seen:
        seen.append(current)
        found = _one_database_error(current)
        if found is not None:
            return found
        current = current.__cause__ or current.__context__
    return None


PERMISSION_MESSAGE = (
    "permission denied: your role on this team archive may not make this change; "
    "nothing was changed (ask the archive's owner for the editors' rights)"
)


def _server_error(orig: BaseException, sqlstate: str) -> ArchiveError | None:
    """What a PostgreSQL server reports (a team archive), by SQLSTATE."""
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else sqlstate
    if sqlstate == "42501":  # insufficient_privilege
        return ReadOnlyArchiveError(PERMISSION_MESSAGE)
    if sqlstate == "25006":  # read_only_sql_transaction
        return ReadOnlyArchiveError(READ_ONLY_MESSAGE)
    if sqlstate in ("53100", "53200"):  # disk_full, out_of_memory
        return DiskFullError(
            f"the server could not store the change ({first}); nothing was changed"
        )
    if sqlstate in ("40001", "40P01", "55P03"):  # serialization, deadlock, lock not available
        return ArchiveBusyError(BUSY_MESSAGE)
    if sqlstate.startswith("08") or sqlstate in ("57P01", "57P02", "57P03"):
        return ArchiveError(f"the connection to the server was lost ({first})")
    if sqlstate.startswith("28"):  # invalid authorization
        return ArchiveError(f"the server refused the login ({first})")
    return None


def _one_database_error(exc: BaseException) -> ArchiveError | None:
    orig = getattr(exc, "orig", None) or exc
    sqlstate = getattr(orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        return _server_error(orig, sqlstate)
    name = getattr(orig, "sqlite_errorname", "") or ""
    text = str(orig).lower()
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return ReadOnlyArchiveError(READ_ONLY_MESSAGE)
    if name.startswith("SQLITE_FULL") or "database or disk is full" in text:
        return DiskFullError(DISK_FULL_MESSAGE)
    if (
        name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
        or "database is locked" in text
        or "database table is locked" in text
    ):
        return ArchiveBusyError(BUSY_MESSAGE)
    if name.startswith("SQLITE_IOERR") and "no space" in text:
        return DiskFullError(DISK_FULL_MESSAGE)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return ArchiveError(
            "the archive file is damaged (SQLite reports: "
            f"{orig}); restore a backup or run 'dossierdesk-cli check'"
        )
    if name.startswith("SQLITE_CANTOPEN") or "unable to open database" in text:
        return ArchiveError(f"the archive file cannot be opened ({orig})")
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return ArchiveError(f"the archive could not be read or written: disk I/O error ({orig})")
    return None
