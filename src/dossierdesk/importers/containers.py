"""Expand what the user picked (files, folders, zip archives) into named byte blobs.

``iter_sources`` yields one ``SourceFile`` at a time, so a batch is never held in memory as a
whole, and a ``SourceFailure`` (with a user-facing reason) for anything that cannot be read.

Rules:

- Folders are walked recursively in sorted order (case-insensitive, then exact). Symbolic links
  inside a walked folder are followed only when they resolve to a place inside it: a link out
  of it (to ``/etc/passwd``, to the home folder) is skipped with a ``SourceFailure`` saying so,
  since importing a folder must not import files the user never put there. A folder is never
  walked twice and a file never yielded twice, however many links lead to it (no loops, no
  duplicates). A path named explicitly is followed wherever it leads (the user chose it).
- Hidden files and folders (name starting with ".", ``__MACOSX``) and files that are obviously not
  articles (images, PDF, office documents, media, executables, other archive formats, OS litter
  such as ``Thumbs.db``) are skipped **silently** inside folders and archives; a file the user
  named explicitly is never silently dropped: it becomes a ``SourceFailure``.
- ``.zip`` files are expanded (also nested zips, one level deep). Member names are labels only
  (``/x/a.zip!inner/b.html``): nothing is ever written to disk, so "../" in a name is harmless.
  A member stored as a symbolic link (Unix mode ``S_IFLNK`` in its external attributes) is
  skipped with a ``SourceFailure``: its content is a path, not an article.
- Sizes are bounded: each file or member by ``max_file_bytes``, each archive by
  ``max_zip_total_bytes`` (uncompressed) and ``max_zip_members``. Declared sizes are checked
  first and actual sizes while reading, so a zip bomb that lies about its sizes is caught too.
"""

from __future__ import annotations

import errno
import io
import logging
import os
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO
from zlib import error as zlib_error

from dossierdesk.importers import saved_page

log = logging.getLogger(__name__)

__all__ = ["SourceFailure", "SourceFile", "count_sources", "iter_sources"]

MiB = 1024 * 1024
DEFAULT_MAX_FILE_BYTES = 50 * MiB
DEFAULT_MAX_ZIP_TOTAL_BYTES = 500 * MiB
DEFAULT_MAX_ZIP_MEMBERS = 20_000
_CHUNK = 64 * 1024
_MAX_ZIP_DEPTH = 2  # a zip inside a zip is expanded; a zip inside that is reported

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


class _PagePath(str):
    """The path of a page whose references are followed in its folder (see ``saved_page``)."""

    __slots__ = ()


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


Source = SourceFile | SourceFailure


@dataclass(frozen=True, slots=True)
class _Limits:
    file_bytes: int
    zip_total_bytes: int
    zip_members: int


def iter_sources(
    paths: Iterable[Path],
    *,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_zip_total_bytes: int = DEFAULT_MAX_ZIP_TOTAL_BYTES,
    max_zip_members: int = DEFAULT_MAX_ZIP_MEMBERS,
) -> Iterator[SourceFile | SourceFailure]:
    """Yield the files under ``paths`` (files, folders, zip archives) one at a time."""
    limits = _Limits(max_file_bytes, max_zip_total_bytes, max_zip_members)
    for path in _without_companions(paths):
        yield from _read_items(_top_level(path), limits)


def count_sources(paths: Iterable[Path]) -> int:
    """Cheap estimate of how many items ``iter_sources`` will yield (for a progress bar).

    Counts files and zip members that pass the filters (zip central directories only are read;
    a nested zip counts as one); unreadable things count as one failure each.
    """
    return SourceWalk(paths).total


class SourceWalk:
    """The files under ``paths``, found once: ``total`` (as ``count_sources``) for a progress
    bar, then iterated (as ``iter_sources``) without walking the folders a second time.

    Only the paths are held (a few bytes per file); contents are read while iterating.
    """

    def __init__(self, paths: Iterable[Path], **limits: int) -> None:
        self._items = [item for path in _without_companions(paths) for item in _top_level(path)]
        self._limits = _Limits(
            limits.get("max_file_bytes", DEFAULT_MAX_FILE_BYTES),
            limits.get("max_zip_total_bytes", DEFAULT_MAX_ZIP_TOTAL_BYTES),
            limits.get("max_zip_members", DEFAULT_MAX_ZIP_MEMBERS),
        )
        self.total = sum(_count_file(item) for item in self._items)

    def __iter__(self) -> Iterator[SourceFile | SourceFailure]:
        return _read_items(self._items, self._limits)

    def unread(self) -> Iterator[UnreadFile | SourceFile | SourceFailure]:
        """Like iterating, but plain files come as ``UnreadFile`` (zips are still expanded
        here: their members are read from the archive as they are listed)."""
        for item in self._items:
            if isinstance(item, SourceFailure):
                yield item
            elif _is_zip_name(os.path.basename(item)):
                yield from _zip_file(item, self._limits)
            else:
                yield UnreadFile(item, self._limits.file_bytes, isinstance(item, _PagePath))


# ---------------------------------------------------------------------------------------------
# Files and folders


def _top_level(path: Path) -> Iterator[str | SourceFailure]:
    """What one given path stands for: the paths of the files to read, or failures."""
    name = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        yield SourceFailure(name, _os_reason(exc))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk_dir(name, _Walk(os.path.realpath(name)))
    elif not stat.S_ISREG(info.st_mode):
        yield SourceFailure(name, "not a regular file")  # a FIFO would block reading
    elif saved_page.is_page_name(path.name):
        yield _PagePath(name)  # named explicitly: its references are followed
    elif _is_zip_name(path.name) or not _skipped(path.name):
        yield name
    else:
        yield SourceFailure(name, f"not an article file ({_kind(path.name)})")


def _without_companions(paths: Iterable[Path | str]) -> list[Path]:
    """The paths given, but the companion folder of a page given with it (a page and its
    ``Page_files`` dropped together): the page reads what it uses of it."""
    given = [Path(p) for p in paths]
    pages = {(os.path.abspath(p.parent), p.name) for p in given if saved_page.is_page_name(p.name)}
    if not pages:
        return given
    return [
        p
        for p in given
        if not any(
            folder == os.path.abspath(p.parent) and saved_page.is_companion_folder(page, p.name)
            for folder, page in pages
        )
        or not p.is_dir()
    ]


def _read_items(items: Iterable[str | SourceFailure], limits: _Limits) -> Iterator[Source]:
    for item in items:
        if isinstance(item, SourceFailure):
            yield item
        else:
            yield from _from_file(item, limits)


def _from_file(path: str | Path, limits: _Limits) -> Iterator[Source]:
    """One file: a zip archive is expanded, anything else read whole (within limits)."""
    if _is_zip_name(os.path.basename(path)):
        yield from _zip_file(path, limits)
    elif isinstance(path, _PagePath):
        yield _with_companions(_read_file(path, limits.file_bytes), limits.file_bytes)
    else:
        yield _read_file(path, limits.file_bytes)


@dataclass
class _Walk:
    """One folder walk: its real root, and what it has already reached."""

    root: str  # real path of the folder given
    folders: set[tuple[int, int]] = field(default_factory=set)  # (device, inode)
    files: set[tuple[int, int]] = field(default_factory=set)

    def contains(self, real_path: str) -> bool:
        return real_path == self.root or real_path.startswith(os.path.join(self.root, ""))


def _walk_dir(path: str | Path, walk: _Walk) -> Iterator[str | SourceFailure]:
    """Paths of the files under ``path``, sorted, depth first; hidden and non-article files
    left out. (Plain strings: a folder of ten thousand files would spend more time building
    ``Path`` objects than reading them.)

    A folder that cannot be listed becomes a ``SourceFailure``; its siblings are still walked.
    """
    try:
        info = os.stat(path)
        entries = sorted(os.scandir(path), key=lambda e: (e.name.casefold(), e.name))
    except OSError as exc:
        yield SourceFailure(str(path), _os_reason(exc))
        return
    key = (info.st_dev, info.st_ino)
    if key in walk.folders:
        return  # reached again through a symbolic link (or a link back up: a loop)
    walk.folders.add(key)
    companions, pages = _saved_pages(entries)
    for entry in entries:
        name = entry.name
        lowered = name.lower()  # (the checks of _hidden and _skipped, inline: once per file)
        if name.startswith(".") or lowered in SKIPPED_NAMES:
            continue
        if not lowered.endswith(".zip") and os.path.splitext(lowered)[1] in SKIPPED_EXTENSIONS:
            continue
        kind = _entry_kind(entry)
        outside = (
            kind in ("dir", "file")
            and entry.is_symlink()
            and not walk.contains(os.path.realpath(entry.path))
        )
        if outside:
            what = "folder" if kind == "dir" else "file"
            yield SourceFailure(entry.path, f"symbolic link to a {what} {_OUTSIDE}")
            continue
        if kind == "dir":
            if name not in companions:  # a saved page's folder: its page reads what it uses
                yield from _walk_dir(entry.path, walk)
        elif kind == "file":
            if _first_time(entry, info.st_dev, walk):
                yield _PagePath(entry.path) if name in pages else entry.path
        elif kind == "broken":
            yield SourceFailure(entry.path, "broken link (target not found)")
        elif kind == "loop":
            yield SourceFailure(entry.path, "symbolic link loop: skipped")
        # other kinds (FIFOs, sockets, devices) are skipped: reading them could block


_OUTSIDE = "outside the imported folder: skipped"
_SCAN_PAGES = 8  # pages of one folder searched for references into its subfolders, at most
_SCAN_BYTES = 4 * MiB


def _saved_pages(entries: list[os.DirEntry[str]]) -> tuple[set[str], set[str]]:
    """The names of a folder's companion folders of saved pages (not walked) and of the pages
    they belong to: a folder named after a page (``Page_files``), or one the references of a
    page point into (searched when the folder holds only a few pages)."""
    pages = [e for e in entries if saved_page.is_page_name(e.name) and _entry_kind(e) == "file"]
    if not pages:
        return set(), set()
    folders = [e.name for e in entries if not _hidden(e.name) and _entry_kind(e) == "dir"]
    if not folders:
        return set(), set()
    companions: set[str] = set()
    owners: set[str] = set()
    for page in pages:
        for folder in folders:
            if saved_page.is_companion_folder(page.name, folder):
                companions.add(folder)
                owners.add(page.name)
    others = set(folders) - companions
    if others and len(pages) <= _SCAN_PAGES:
        for page in pages:
            try:
                with open(page.path, "rb") as handle:
                    text = saved_page.page_text(handle.read(_SCAN_BYTES))
            except OSError:
                continue
            used = saved_page.referenced_folders(text) & others
            if used:
                companions |= used
                owners.add(page.name)
    return companions, owners


def _first_time(entry: os.DirEntry[str], folder_device: int, walk: _Walk) -> bool:
    """Whether the file of ``entry`` is reached for the first time in this walk.

    A file is known by device and inode. For a plain file both come free with the folder
    listing (the inode from ``scandir``, the device the folder's); only a link is stat'ed.
    """
    try:
        if entry.is_symlink():
            target = entry.stat()
            key = (target.st_dev, target.st_ino)
        else:
            key = (folder_device, entry.inode())
    except OSError:
        return True  # the read will report what is wrong with it
    if key in walk.files:
        return False
    walk.files.add(key)
    return True


def _entry_kind(entry: os.DirEntry[str]) -> str:
    """Kind of a folder entry: dir, file, broken (dangling symlink), loop (links that lead to
    each other) or other (FIFO, socket...)."""
    try:
        if entry.is_dir():  # loops of folders are stopped by ``_Walk.folders``
            return "dir"
        if entry.is_file():
            return "file"
        return "broken" if entry.is_symlink() and not os.path.exists(entry.path) else "other"
    except OSError as exc:
        return "loop" if exc.errno == errno.ELOOP else "other"


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
# Zip archives


class _Budget:
    """Uncompressed bytes an archive (with its nested archives) may still expand to."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.remaining = total


class _Stop(Exception):
    """Stop reading an archive (a failure has been decided for it)."""

    def __init__(self, failure: SourceFailure) -> None:
        super().__init__(failure.reason)
        self.failure = failure


def _zip_file(path: str | Path, limits: _Limits) -> Iterator[Source]:
    name = str(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed by the ``with`` below)
    except OSError as exc:
        yield SourceFailure(name, _os_reason(exc))
        return
    with handle:
        try:
            yield from _zip_stream(handle, name, limits, _Budget(limits.zip_total_bytes), 1)
        except _Stop as stop:
            yield stop.failure


def _zip_stream(
    stream: IO[bytes], name: str, limits: _Limits, budget: _Budget, depth: int
) -> Iterator[Source]:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        yield SourceFailure(name, "not a valid zip archive (corrupt or truncated)")
        return
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > limits.zip_members:
            yield SourceFailure(
                name, f"zip archive has too many files ({len(members)} > {limits.zip_members})"
            )
            return
        members.sort(key=lambda m: (m.filename.casefold(), m.filename))
        pages = _ZipPages(archive, members, name, limits, budget)
        yield from pages.read()
        for member in members:
            if _wanted_member(member) and not pages.taken(member):
                yield from _zip_member(archive, member, name, limits, budget, depth)


def _zip_member(
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    name: str,
    limits: _Limits,
    budget: _Budget,
    depth: int,
) -> Iterator[Source]:
    label = f"{name}!{_label(member.filename)}"
    if stat.S_ISLNK(member.external_attr >> 16):
        yield SourceFailure(label, "symbolic link inside the zip archive: skipped")
        return
    if member.file_size > budget.remaining:
        raise _Stop(SourceFailure(name, _expands_too_much(budget)))
    result = _read_member(archive, member, label, limits.file_bytes, budget)
    if isinstance(result, SourceFile) and _is_zip_name(member.filename):
        if depth >= _MAX_ZIP_DEPTH:
            yield SourceFailure(label, "zip archive nested too deeply")
        else:
            yield from _zip_stream(io.BytesIO(result.data), label, limits, budget, depth + 1)
        return
    yield result


def _read_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, label: str, limit: int, budget: _Budget
) -> Source:
    """Read one member, refusing it as soon as its declared or actual size passes a limit.

    A member that inflates past its declared size is a zip bomb or a damaged archive: the whole
    archive is abandoned (``_Stop``), since its other headers cannot be trusted either.
    """
    if member.flag_bits & 0x1:
        return SourceFailure(label, "encrypted (password-protected) zip member")
    if member.file_size > limit:
        return SourceFailure(label, _too_large(member.file_size, limit))
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(_CHUNK):
                size += len(chunk)
                budget.remaining -= len(chunk)
                if size > member.file_size or size > limit or budget.remaining < 0:
                    raise _Stop(SourceFailure(label, _lying_sizes(size, member.file_size)))
                chunks.append(chunk)
    except RuntimeError:  # zipfile: "File ... is encrypted, password required"
        return SourceFailure(label, "encrypted (password-protected) zip member")
    except NotImplementedError:
        return SourceFailure(label, "unsupported zip compression method")
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib_error) as exc:
        log.debug("bad zip member %s: %s", label, exc)
        return SourceFailure(label, "corrupt zip member (damaged or truncated archive)")
    return SourceFile(label, b"".join(chunks))


class _ZipPages:
    """The saved pages of a zip archive (``saved_page``), read first with the photos they
    reference; their companion folders are then left out of the archive's other files."""

    def __init__(
        self,
        archive: zipfile.ZipFile,
        members: list[zipfile.ZipInfo],
        name: str,
        limits: _Limits,
        budget: _Budget,
    ) -> None:
        self.archive, self.name, self.limits, self.budget = archive, name, limits, budget
        self.by_path = {_member_path(m): m for m in members}
        self.pages = [m for m in members if _is_page_member(m)]
        self.prefixes = self.companion_prefixes(members)  # "dir/Page_files/"
        self.read_pages: set[str] = set()

    @staticmethod
    def companion_prefixes(members: list[zipfile.ZipInfo]) -> set[str]:
        """The folders named as companions of a page next to them ("dir/Page_files/")."""
        pages = [_member_path(m) for m in members if _is_page_member(m)]
        if not pages:
            return set()
        folders: dict[str, set[str]] = {}  # folder -> its subfolders
        for member in members:
            parts = _member_path(member).split("/")
            for depth in range(1, len(parts)):
                folders.setdefault("/".join(parts[: depth - 1]), set()).add(parts[depth - 1])
        prefixes: set[str] = set()
        for path in pages:
            folder, _, leaf = path.rpartition("/")
            for sub in folders.get(folder, ()):
                if saved_page.is_companion_folder(leaf, sub):
                    prefixes.add(_join(folder, sub) + "/")
        return prefixes

    def taken(self, member: zipfile.ZipInfo) -> bool:
        path = _member_path(member)
        return path in self.read_pages or _under(path, self.prefixes)

    def read(self) -> Iterator[Source]:
        for page in self.pages:
            if self.taken(page):
                continue  # a page inside a companion folder (a saved frame) is part of it
            path = _member_path(page)
            label = f"{self.name}!{_label(page.filename)}"
            if page.file_size > self.budget.remaining:
                raise _Stop(SourceFailure(self.name, _expands_too_much(self.budget)))
            found = _read_member(self.archive, page, label, self.limits.file_bytes, self.budget)
            self.read_pages.add(path)
            if isinstance(found, SourceFile):
                found = self._with_companions(found, path)
            yield found

    def _with_companions(self, page: SourceFile, path: str) -> SourceFile:
        folder = path.rpartition("/")[0]
        companions: list[tuple[str, bytes]] = []
        notes: list[str] = []
        total = 0
        text = saved_page.page_text(page.data)
        for ref in saved_page.local_paths(text):
            member = self.by_path.get(_join(folder, ref))
            leaf = ref.rpartition("/")[2]
            if member is None or _skipped(leaf) or saved_page.is_page_name(leaf):
                continue
            if len(companions) >= saved_page.MAX_COMPANIONS:
                continue
            if stat.S_ISLNK(member.external_attr >> 16):
                continue
            limit = min(self.limits.file_bytes, saved_page.MAX_PAGE_COMPANION_BYTES - total)
            if member.file_size > limit:
                notes.append(f"{ref}: {_too_large(member.file_size, limit)}")
                continue
            if member.file_size > self.budget.remaining:
                raise _Stop(SourceFailure(self.name, _expands_too_much(self.budget)))
            found = _read_member(self.archive, member, ref, limit, self.budget)
            if isinstance(found, SourceFailure):
                notes.append(f"{ref}: {found.reason}")
            elif saved_page.looks_like_photo(found.data[:12]):
                total += len(found.data)
                companions.append((ref, found.data))
                if "/" in ref:  # a folder of the page's photos: not imported on its own
                    self.prefixes.add(_join(folder, ref.split("/", 1)[0]) + "/")
        if not companions and not notes:
            return page
        return SourceFile(page.name, page.data, tuple(companions), tuple(notes))


def _member_path(member: zipfile.ZipInfo) -> str:
    parts = member.filename.replace("\\", "/").split("/")
    return "/".join(p for p in parts if p not in ("", "."))


def _is_page_member(member: zipfile.ZipInfo) -> bool:
    return saved_page.is_page_name(_member_path(member)) and _wanted_member(member)


def _under(path: str, prefixes: set[str]) -> bool:
    return any(path.startswith(p) for p in prefixes)


def _join(folder: str, path: str) -> str:
    return f"{folder}/{path}" if folder else path


def _wanted_member(member: zipfile.ZipInfo) -> bool:
    if member.is_dir() or _hidden_member(member.filename):
        return False
    leaf = PurePosixPath(member.filename.replace("\\", "/")).name
    return _is_zip_name(leaf) or not _skipped(leaf)


def _expands_too_much(budget: _Budget) -> str:
    return f"zip archive expands to more than {_mib(budget.total)}; stopped"


def _lying_sizes(actual: int, declared: int) -> str:
    return (
        f"zip member inflates beyond its declared size ({_mib(actual)}+ vs {_mib(declared)}): "
        "damaged archive or zip bomb; stopped"
    )


# ---------------------------------------------------------------------------------------------
# Helpers


def _count_file(item: str | Path | SourceFailure) -> int:
    if isinstance(item, SourceFailure) or not _is_zip_name(os.path.basename(item)):
        return 1
    try:
        with zipfile.ZipFile(item) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            prefixes = _ZipPages.companion_prefixes(members)
            wanted = (
                m for m in members if _wanted_member(m) and not _under(_member_path(m), prefixes)
            )
            return max(1, sum(1 for _ in wanted))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return 1


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
