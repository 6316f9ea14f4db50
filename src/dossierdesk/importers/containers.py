"""Expand what the user picked (files, folders, zip archives) into named byte blobs.

``iter_sources`` yields one ``SourceFile`` at a time, so a batch is never held in memory as a
whole, and a ``SourceFailure`` (with a user-facing reason) for anything that cannot be read.
The records, the skip rules and the size limits are in ``sources``; zip archives are expanded
by ``zip_sources``. This module walks folders and finds the saved pages in them.

Rules:

- Folders are walked recursively in sorted order (case-insensitive, then exact). Symbolic links
  inside a walked folder are followed only when they resolve to a place inside it: a link out
  of it (to ``/etc/passwd``, to the home folder) is skipped with a ``SourceFailure`` saying so,
  since importing a folder must not import files the user never put there. A folder is never
  walked twice and a file never yielded twice, however many links lead to it (no loops, no
  duplicates). A path named explicitly is followed wherever it leads (the user chose it).
- A page saved "complete" (``saved_page``) is read with the photos it references in its
  folder; its companion folder (``Page_files``) is not walked on its own.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dossierdesk.importers import saved_page
from dossierdesk.importers.sources import (
    DEFAULT_MAX_FILE_BYTES,
    DEFAULT_MAX_ZIP_MEMBERS,
    DEFAULT_MAX_ZIP_TOTAL_BYTES,
    SKIPPED_EXTENSIONS,
    SKIPPED_NAMES,
    MiB,
    Source,
    SourceFailure,
    SourceFile,
    UnreadFile,
    _hidden,
    _is_zip_name,
    _kind,
    _Limits,
    _os_reason,
    _read_file,
    _skipped,
    _with_companions,
)
from dossierdesk.importers.zip_sources import _count_file, _zip_file

__all__ = [
    "SourceFailure",
    "SourceFile",
    "SourceWalk",
    "UnreadFile",
    "count_sources",
    "iter_sources",
]


class _PagePath(str):
    """The path of a page whose references are followed in its folder (see ``saved_page``)."""

    __slots__ = ()


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
    pages: dict[str, list[str]] = {}  # folder -> the names of the pages given in it
    for p in given:
        if saved_page.is_page_name(p.name):
            pages.setdefault(os.path.abspath(p.parent), []).append(p.name)
    if not pages:
        return given
    names = {folder: saved_page.CompanionNames(found) for folder, found in pages.items()}

    def companion(p: Path) -> bool:
        beside = names.get(os.path.abspath(p.parent))
        return beside is not None and bool(beside.pages_of(p.name)) and p.is_dir()

    return [p for p in given if not companion(p)]


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
    names = saved_page.CompanionNames(page.name for page in pages)
    for folder in folders:
        found = names.pages_of(folder)
        if found:
            companions.add(folder)
            owners.update(found)
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
