"""The service object: the one entry point the GUI and the CLI use to work with an archive.

Each public method is one user action with its own short SQLAlchemy session and returns plain
dataclasses. Long jobs (import, reparse) report progress through a callback and honour a
``CancelToken`` between files.
"""

from __future__ import annotations

from dossierdesk.service.archive_edits import EditingMixin
from dossierdesk.service.archive_import import (
    BULK_FILES as BULK_FILES,
)
from dossierdesk.service.archive_import import (
    ImportMixin,
)
from dossierdesk.service.archive_reads import ReadingMixin
from dossierdesk.service.archive_upkeep import UpkeepMixin
from dossierdesk.service.import_session import (
    ProgressCallback as ProgressCallback,
)


class Archive(ImportMixin, ReadingMixin, EditingMixin, UpkeepMixin):
    """An open archive: a file (SQLite) or a team archive (PostgreSQL).

    ``read_only=None`` opens an archive that cannot be written (read-only media or file, or a
    role that may only read) for reading; ``True`` opens any archive so. Changing a read-only
    archive raises ``ReadOnlyArchiveError``. Failures a user can act on (disk full, read-only,
    the archive kept locked by another program, a lost server) come out as ``ArchiveError``
    subclasses.

    The actions live in mixins by kind: ``ImportMixin`` (``service.archive_import``),
    ``ReadingMixin`` (``archive_reads``), ``EditingMixin`` (``archive_edits``) and
    ``UpkeepMixin`` (``archive_upkeep``), over ``ArchiveCore`` (``archive_core``).
    """
