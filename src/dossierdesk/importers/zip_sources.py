"""Zip archives expanded into sources, in memory.

- ``.zip`` files are expanded (also nested zips, one level deep). Member names are labels only
  (``/x/a.zip!inner/b.html``): nothing is ever written to disk, so "../" in a name is harmless.
  A member stored as a symbolic link (Unix mode ``S_IFLNK`` in its external attributes) is
  skipped with a ``SourceFailure``: its content is a path, not an article.
- Hidden and non-article members are skipped silently (the rules of ``sources``).
- Saved pages in an archive are read first, with the photos they reference (``_ZipPages``);
  their companion folders are then left out of the archive's other files.
- Each archive is bounded by ``max_zip_total_bytes`` (uncompressed, nested archives included)
  and ``max_zip_members``, each member by ``max_file_bytes``. Declared sizes are checked first
  and actual sizes while reading, so a zip bomb that lies about its sizes is caught too.
"""

from __future__ import annotations

import io
import logging
import os
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO
from zlib import error as zlib_error

from dossierdesk.importers import saved_page
from dossierdesk.importers.sources import (
    Source,
    SourceFailure,
    SourceFile,
    _hidden_member,
    _is_zip_name,
    _label,
    _Limits,
    _mib,
    _os_reason,
    _skipped,
    _too_large,
)

log = logging.getLogger(__name__)

_CHUNK = 64 * 1024
_MAX_ZIP_DEPTH = 2  # a zip inside a zip is expanded; a zip inside that is reported


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
        leaves: dict[str, list[str]] = {}  # folder -> the names of its pages
        for path in pages:
            folder, _, leaf = path.rpartition("/")
            leaves.setdefault(folder, []).append(leaf)
        prefixes: set[str] = set()
        for folder, names in leaves.items():
            companions = saved_page.CompanionNames(names)
            for sub in folders.get(folder, ()):
                if companions.pages_of(sub):
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
    """Whether ``path`` is in one of the folders ``prefixes`` ("dir/Page_files/", each ending
    with "/"): its own folders are looked up, not every prefix tried (a zip of 2,200 saved
    pages has as many companion folders, and ten times as many members in them)."""
    at = path.find("/")
    while at >= 0:
        if path[: at + 1] in prefixes:
            return True
        at = path.find("/", at + 1)
    return False


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
