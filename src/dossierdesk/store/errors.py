"""Why an archive cannot be used: the errors ``store.engine`` raises, in a module light enough
for the command line to import before it loads SQLAlchemy."""

from __future__ import annotations


class ArchiveError(Exception):
    """An archive that cannot be opened or used; ``str(err)`` is the user-facing reason."""


class NewerArchiveError(ArchiveError):
    """The archive's schema was written by a newer version of Dossier Desk."""
