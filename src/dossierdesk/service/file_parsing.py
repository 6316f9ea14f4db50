"""One file's parsing: bytes in, rows out.

Every file becomes one ``Parsed`` value: a ``PreparedFile`` (its bytes, their hash and its
articles' rows, see ``rows``), a ``PreparedPhoto``, or a ``SourceFailure`` (it could not be
read or parsed; the reason is user-facing). A ``Source`` is a file in memory
(``SourceFile``), one already known to fail (``SourceFailure``, passed through) or one not
read yet (``UnreadFile``, read here).

The same code runs in the importing process and in the parser processes (``parse_worker``).
This module imports no SQLAlchemy, so that workers can be started before it is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dossierdesk.importers import ParseError, SourceFailure, SourceFile, parse_document
from dossierdesk.importers.containers import UnreadFile
from dossierdesk.importers.mhtml import looks_like_mhtml
from dossierdesk.service import page_photos
from dossierdesk.service.rows import PreparedFile, PreparedPhoto, prepare_file, prepare_photo

Parsed = PreparedFile | PreparedPhoto | SourceFailure
Source = SourceFile | SourceFailure | UnreadFile


def _looks_like_photo(data: bytes) -> bool:
    """JPEG, PNG or WebP by their signatures (``importers.photos`` then reads the file; it is
    imported only when a photo comes, Pillow being a fifth of the command line's start-up)."""
    return (
        data[:3] == b"\xff\xd8\xff"
        or data[:8] == b"\x89PNG\r\n\x1a\n"
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    )


def parse_one(
    name: str,
    data: bytes,
    companions: tuple[tuple[str, bytes], ...] = (),
    notes: tuple[str, ...] = (),
) -> Parsed:
    """One file's rows (a photo's, read from the bytes whatever the name), or why it cannot be
    imported. A saved page brings the photos it references (``companions``, ``notes``: see
    ``page_photos``); an MHTML file holds its own."""
    try:
        if _looks_like_photo(data):
            return prepare_photo(name, data)
        if looks_like_mhtml(data, name):
            return page_photos.prepare_mhtml(name, data)
        if companions or notes:
            return page_photos.prepare_saved_page(name, data, companions, notes)
        return prepare_file(name, data, parse_document(data, name))
    except ParseError as exc:
        return SourceFailure(name, str(exc))


def parse_item(item: Source) -> Parsed:
    if isinstance(item, UnreadFile):
        item = item.read()
    if isinstance(item, SourceFailure):
        return item
    return parse_one(item.name, item.data, item.companions, item.notes)


def _sequential(sources: Iterable[Source]) -> Iterator[Parsed]:
    for item in sources:
        yield parse_item(item)
