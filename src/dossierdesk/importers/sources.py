"""What a walk of the user's picks yields, and the rules shared by folders and zip archives.

- ``SourceFile`` (a name and its bytes), ``SourceFailure`` (a name and a user-facing reason) and
  ``UnreadFile`` (a file found and read later, possibly in another process).
- Hidden files and folders (name starting with ".", ``__MACOSX``) and files that are obviously not
  articles (images, PDF, office documents, media, executables, other archive formats, OS litter
  such as ``Thumbs.db``) are skipped **silently** inside folders and archives; a file the user
  named explicitly is never silently dropped: it becomes a ``SourceFailure``.
- Sizes are bounded: each file or member by ``max_file_bytes``, each archive by
  ``max_zip_total_bytes`` (uncompressed) and ``max_zip_members`` (``_Limits``). A file's size is
  checked before reading and again while reading (it may grow in between).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dossierdesk.importers import saved_page

MiB = 1024 * 1024
DEFAULT_MAX_FILE_BYTES = 50 * MiB
DEFAULT_MAX_ZIP_TOTAL_BYTES = 500 * MiB
DEFAULT_MAX_ZIP_MEMBERS = 20_000

SKIPPED_EXTENSIONS = frozenset(
    {
        # images other than photos (JPEG, PNG and WebP are imported as photos, their format
        # read from the bytes)
        ".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif",
        ".svg", ".ico", ".psd", ".raw", ".cr2", ".nef",
        # documents we cannot read
        ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp",
        ".rtf", ".pages", ".numbers", ".key", ".epub",
        # audio / video
        ".mp3", ".mp4", ".m4a", ".m4v", ".mov", ".avi", ".wav", ".wmv", ".flv", ".mkv", ".webm",
        ".ogg", ".aac", ".flac",
        # code, styles, binaries, other archives
        ".css", ".js", ".exe", ".dll", ".so", ".dylib", ".bin", ".dmg", ".iso", ".msi",
        ".7z", ".rar", ".gz", ".tgz", ".bz2", ".xz", ".tar", ".jar", ".apk",
        # fonts and databases
        ".ttf", ".otf", ".woff", ".woff2", ".eot", ".db", ".sqlite", ".sqlite3",
    }
)  # fmt: skip
SKIPPED_NAMES = frozenset({"thumbs.db", "desktop.ini", "__macosx", "icon\r"})


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One readable file: a display name (path, or ``archive.zip!member``) and its bytes.

    A page saved "complete" carries the photos it references (``saved_page``): ``companions``
    are ``(relative path, bytes)`` pairs, ``notes`` say what was refused (user-facing)."""

    name: str
    data: bytes
    companions: tuple[tuple[str, bytes], ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceFailure:
    """Something the user picked that could not be read; ``reason`` is user-facing."""

    name: str
    reason: str


Source = SourceFile | SourceFailure


@dataclass(frozen=True, slots=True)
class UnreadFile:
    """A file found by a walk and not read yet. ``read()`` reads it (within ``max_bytes``)
    wherever it is needed: a large import reads its files in the parser processes, so that the
    one process writing the archive does not also read every file."""

    name: str
    max_bytes: int = DEFAULT_MAX_FILE_BYTES
    page: bool = False  # a saved page: the photos it references in its folder come along

    def read(self) -> SourceFile | SourceFailure:
        found = _read_file(self.name, self.max_bytes)
        return _with_companions(found, self.max_bytes) if self.page else found


def _with_companions(found: Source, max_file_bytes: int) -> Source:
    """A page read from a folder, with the photos it references there."""
    if not isinstance(found, SourceFile):
        return found
    text = saved_page.page_text(found.data)
    companions, notes = saved_page.read_folder_companions(
        found.name, text, max_file_bytes=max_file_bytes
    )
    if not companions and not notes:
        return found
    return SourceFile(found.name, found.data, companions, notes)


@dataclass(frozen=True, slots=True)
class _Limits:
    file_bytes: int
    zip_total_bytes: int
    zip_members: int


def _read_file(path: str | Path, max_bytes: int) -> Source:
    name = str(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                return SourceFailure(name, _too_large(size, max_bytes))
            # Ask for the size found (asking for the limit would allocate that much every
            # time); if the file has grown since, read on, up to the limit.
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(max_bytes + 1 - len(data))
    except OSError as exc:
        return SourceFailure(name, _os_reason(exc))
    if len(data) > max_bytes:
        return SourceFailure(name, _too_large(len(data), max_bytes))
    return SourceFile(name, data)


# ---------------------------------------------------------------------------------------------
# Names, reasons and sizes


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file or folder not found"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    return f"cannot read: {exc.strerror or exc}"


def _is_zip_name(name: str) -> bool:
    return name.lower().endswith(".zip")


def _hidden(name: str) -> bool:
    return name.startswith(".") or name.lower() in SKIPPED_NAMES


def _hidden_member(filename: str) -> bool:
    parts = filename.replace("\\", "/").split("/")
    return any(_hidden(part) for part in parts if part not in ("", ".", ".."))


def _skipped(name: str) -> bool:
    lowered = name.lower()
    return lowered in SKIPPED_NAMES or os.path.splitext(lowered)[1] in SKIPPED_EXTENSIONS


def _kind(name: str) -> str:
    extension = os.path.splitext(name.lower())[1]
    return f"{extension} file" if extension else "system file"


def _label(filename: str) -> str:
    """A member name for display only: control characters replaced, nothing else touched."""
    return "".join(ch if ch.isprintable() else "?" for ch in filename)


def _too_large(size: int, limit: int, prefix: str = "") -> str:
    return f"file too large ({prefix}{_mib(size)}; limit {_mib(limit)})"


def _mib(size: int) -> str:
    if size < MiB:
        return f"{max(1, round(size / 1024))} KB" if size >= 1024 else f"{size} bytes"
    return f"{size / MiB:.1f} MB"
