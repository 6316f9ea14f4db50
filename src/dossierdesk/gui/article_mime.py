"""What dragging or copying articles carries: their ids for drops inside the app, citations
for text editors and mail (``text/plain``, ``text/html``) and, for file managers, the original
files (``text/uri-list``).

The original files are written only when a drop target (or a paste) asks for the URI list:
``ArticleMimeData.retrieveData`` then writes each article's stored original
(``Archive.original``) into this session's drag folder, a ``dossierdesk-drag-`` temporary
folder removed when the program ends. File names come from the imported files' names, which are
untrusted: they are reduced to a plain name (no folder part, no path separator, no reserved
Windows name) and made unique in the folder.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QMetaType, QMimeData, QUrl
from PySide6.QtGui import QGuiApplication

from dossierdesk.file_names import safe_file_name
from dossierdesk.gui.citations import citations_html, citations_text
from dossierdesk.gui.dossiers.mime import encode_article_ids

if TYPE_CHECKING:
    from dossierdesk.service import Archive

log = logging.getLogger(__name__)

_URL_TYPES = {QMetaType.Type.QVariantList.value, QMetaType.Type.QUrl.value}

URI_LIST = "text/uri-list"
TEXT = "text/plain"
HTML = "text/html"


class DragFolder:
    """A temporary folder holding the original files written for drags and copies.

    Created when first needed, removed at exit. An article's file is written once per session
    (and a file shared by several articles once); names are unique in the folder (compared
    case-insensitively, as some file systems do)."""

    def __init__(self) -> None:
        self._path: Path | None = None
        self._lock = threading.Lock()
        self._by_article: dict[int, Path] = {}
        self._by_content: dict[tuple[str, str], Path] = {}
        self._used: set[str] = set()

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = Path(tempfile.mkdtemp(prefix="dossierdesk-drag-"))
            atexit.register(self.remove)
        return self._path

    def remove(self) -> None:
        """Delete the folder and everything in it (at exit; tests)."""
        with self._lock:
            if self._path is not None:
                shutil.rmtree(self._path, ignore_errors=True)
            self._path = None
            self._by_article.clear()
            self._by_content.clear()
            self._used.clear()

    def original(self, archive: Archive, article_id: int) -> Path | None:
        """The file holding the article's original (written now if needed); None when the
        archive kept no original."""
        with self._lock:
            known = self._by_article.get(article_id)
            if known is not None and known.exists():
                return known
            found = archive.original(article_id)
            if found is None:
                return None
            name, data = found
            import hashlib  # (OpenSSL: loaded with the first file written, not the window)

            key = (name, hashlib.sha256(data).hexdigest())
            path = self._by_content.get(key)
            if path is None or not path.exists():
                path = self._write(safe_file_name(name, f"article-{article_id}"), data)
                self._by_content[key] = path
            self._by_article[article_id] = path
            return path

    def _write(self, name: str, data: bytes) -> Path:
        folder = self.path
        stem, dot, suffix = name.rpartition(".")
        if not dot:
            stem, suffix = name, ""
        n = 1
        while True:
            candidate = name if n == 1 else f"{stem}-{n}{dot}{suffix}"
            if candidate.lower() not in self._used:
                try:  # never follows or replaces anything already there
                    fd = os.open(folder / candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                except FileExistsError:
                    self._used.add(candidate.lower())
                    continue
                self._used.add(candidate.lower())
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                return folder / candidate
            n += 1


_session_folder = DragFolder()


def drag_folder() -> DragFolder:
    """This session's drag folder."""
    return _session_folder


class ArticleMimeData(QMimeData):
    """Article ids; their citations and the original files' URIs, made when first asked for
    (a drop on a dossier or a tag reads the ids alone: citing 95,000 dragged articles took
    1.5 s)."""

    def __init__(
        self, archive: Archive, ids: Sequence[int], folder: DragFolder | None = None
    ) -> None:
        super().__init__()
        self._archive = archive
        self._ids = tuple(ids)
        self._folder = folder or drag_folder()
        self._files: list[Path] | None = None
        self._cited: tuple[str, str] | None = None  # (text, HTML)

    def article_ids(self) -> tuple[int, ...]:
        return self._ids

    def formats(self) -> list[str]:
        formats = list(super().formats())
        if self._ids:
            formats += [f for f in (TEXT, HTML, URI_LIST) if f not in formats]
        return formats

    def hasFormat(self, mimetype: str) -> bool:
        return mimetype in self.formats()

    def retrieveData(self, mimetype: str, preferredType: QMetaType | QMetaType.Type) -> Any:
        if not self._ids or mimetype not in (TEXT, HTML, URI_LIST):
            return super().retrieveData(mimetype, preferredType)
        kind = preferredType.id() if isinstance(preferredType, QMetaType) else preferredType.value
        if mimetype != URI_LIST:
            text, html = self.citations()
            value = text if mimetype == TEXT else html
            if kind == QMetaType.Type.QString.value:  # text(), html()
                return value
            return QByteArray(value.encode("utf-8"))
        files = self.original_files()
        if kind in _URL_TYPES:  # urls(): Qt wants the QUrl values themselves
            return [QUrl.fromLocalFile(str(p)) for p in files]
        return QByteArray(_uri_list(files))  # data(), and what platform drags send

    def citations(self) -> tuple[str, str]:
        """The articles' citations as plain text and HTML, read on the first call (empty when
        they cannot be read: the ids are what drops inside the app need)."""
        if self._cited is None:
            try:
                cited = self._archive.citations(self._ids)
            except Exception:
                log.exception("could not read the citations of %d articles", len(self._ids))
                cited = []
            self._cited = (citations_text(cited), citations_html(cited)) if cited else ("", "")
        return self._cited

    def original_files(self) -> list[Path]:
        """The articles' original files, written on the first call (articles without one, or
        whose file cannot be read, are left out; a file shared by articles comes once)."""
        if self._files is None:
            files: dict[Path, None] = {}  # (in order, each once: a list took n² to check)
            for article_id in self._ids:
                try:
                    path = self._folder.original(self._archive, article_id)
                except Exception:  # archive closed or unreadable: the other files still go
                    log.exception("could not write the original of article #%d", article_id)
                    continue
                if path is not None:
                    files.setdefault(path, None)
            self._files = list(files)
        return self._files


def _uri_list(files: Sequence[Path]) -> bytes:
    """A ``text/uri-list`` body (RFC 2483: one URI a line, CRLF)."""
    return b"".join(bytes(QUrl.fromLocalFile(str(p)).toEncoded().data()) + b"\r\n" for p in files)


def forget_clipboard_files() -> None:
    """Before quitting: a copy of articles left on the clipboard keeps its ids and citations
    but no longer offers the original files (the drag folder goes away at exit, and a
    clipboard manager taking the clipboard over would otherwise ask for every file)."""
    clipboard = QGuiApplication.clipboard()
    mime = clipboard.mimeData()
    if not isinstance(mime, ArticleMimeData):
        return
    plain = QMimeData()
    for fmt in mime.formats():
        if fmt != URI_LIST:  # the ids, and the citations (read now if they were not)
            plain.setData(fmt, mime.data(fmt))
    clipboard.setMimeData(plain)


def article_mime(archive: Archive, ids: Sequence[int]) -> ArticleMimeData:
    """The payload of a drag or copy of these articles: their ids (the internal format), and
    their citations as plain text and HTML and the original files when asked for."""
    mime = ArticleMimeData(archive, ids)
    encode_article_ids(list(ids), mime)
    return mime
