"""Pages saved "complete" by a browser: ``Page.html`` and the folder of files it uses.

Firefox saves ``Page.html`` with ``Page_files/``, Chrome the same (or ``Page-Dateien/``,
``Page_fichiers/``... in other languages): the folder's name is the page's name, a separator
and a word. A folder is also a page's companion when the page's own references point into it.

A page's photos are found only through its own references (``src``, ``srcset``, ``href`` and
the lazy-loading ``data-*`` variants), resolved against the page's folder:

- only relative references are followed: a URL (``https:``, ``file:``, ``data:``...), an
  absolute path (``/x``, ``\\\\server``) or a reference leaving the page's folder (``../``) is
  ignored, and so is a file whose real path (symbolic links resolved) is outside that folder.
  Nothing is ever fetched;
- only files whose first bytes are those of a JPEG, PNG or WebP picture are read; at most
  ``MAX_COMPANIONS`` files and ``MAX_PAGE_COMPANION_BYTES`` bytes per page, each within the
  import's per-file limit. What is refused for its size is noted (user-facing), not fatal.

This module imports neither Qt nor Pillow; the photos are read later (``service.page_photos``).
"""

from __future__ import annotations

import html
import os
import re
import stat
from collections.abc import Iterable, Iterator
from urllib.parse import unquote

from dossierdesk.importers.encoding import declared_charset, decode_bytes

__all__ = [
    "COMPANION_WORDS",
    "MAX_COMPANIONS",
    "MAX_PAGE_COMPANION_BYTES",
    "PAGE_EXTENSIONS",
    "CompanionNames",
    "is_companion_folder",
    "is_page_name",
    "looks_like_photo",
    "normalize_reference",
    "page_text",
    "read_folder_companions",
    "referenced_folders",
    "references",
]

MiB = 1024 * 1024
MAX_PAGE_COMPANION_BYTES = 64 * MiB  # photo bytes read for one page, at most
MAX_COMPANIONS = 300  # companion files read for one page, at most
MAX_REFERENCES = 5000  # references looked at in one page
# A picture smaller than this is an icon, a logo or a spacer, never a page's photo: not read.
MIN_PHOTO_BYTES = 8 * 1024
PAGE_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
# What browsers call a saved page's folder ("Page_files"; Chrome and Internet Explorer in
# other languages: "Page-Dateien", "Page_fichiers"...).
COMPANION_WORDS = frozenset(
    {
        "files", "file", "dateien", "fichiers", "archivos", "arquivos", "bestanden", "filer",
        "tiedostot", "pliki", "soubory", "súbory", "dosyalar", "fájlok", "elemei", "fitxers",
        "fitxategiak", "datoteke", "failai", "faili", "failid", "fișiere", "αρχεία", "файлы",
        "файли", "ファイル", "文件", "檔案", "파일",
    }
)  # fmt: skip

_SEPARATED_WORD = re.compile(r"[ _.\-][^\W\d_]+", re.UNICODE)
_SEPARATORS = (" ", "_", ".", "-")  # (those of ``_SEPARATED_WORD``)
_ATTRIBUTE = re.compile(
    r"""\b(?:src|href|srcset|data-src|data-srcset|data-original|data-lazy-src)\s*=\s*"""
    r"""(?:"([^"]*)"|'([^']*)'|([^\s"'<>`=]+))""",
    re.IGNORECASE,
)
_PICTURE_NAME = re.compile(r"\.(?:jpe?g|jfif|png|webp)(?:[?#].*)?$", re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def page_text(data: bytes) -> str:
    """A page's text, decoded as the HTML importer decodes it (so that its references name
    the same files here and when its photos are matched)."""
    return decode_bytes(data, declared_charset(data))


def is_page_name(name: str) -> bool:
    return name.lower().endswith(PAGE_EXTENSIONS)


def page_stem(name: str) -> str:
    return os.path.splitext(name)[0]


def is_companion_folder(page_name: str, folder_name: str) -> bool:
    """Whether ``folder_name`` is named as the companion folder of ``page_name``: the page's
    name without extension, a separator and the word a browser uses (``_files``,
    ``-Dateien``, ``_fichiers``, ``.files``... in any case). A folder named with another word
    ("news_archive" next to "news.html") is the page's only when the page's references point
    into it (``referenced_folders``): it may hold articles of its own."""
    stem = page_stem(page_name)
    if not stem or not folder_name.casefold().startswith(stem.casefold()):
        return False
    return _is_companion_rest(folder_name[len(stem) :])


def _is_companion_rest(rest: str) -> bool:
    """Whether a folder's name after its page's stem is a separator and a companion word."""
    return _SEPARATED_WORD.fullmatch(rest) is not None and rest[1:].casefold() in COMPANION_WORDS


class CompanionNames:
    """``is_companion_folder`` for the pages of one folder at once: which of them a folder is
    named as the companion folder of, found without trying every page (a folder of 2,200
    pages saved "complete" took 3.3 s to walk, trying each of its 2,200 folders against
    each page).

    Only the last separator of a folder's name can start its companion word (the word is
    letters only, and no separator is a letter), so a folder names at most one stem: its
    name up to that separator. Pages are looked up by their stem in case-folded form; a stem
    whose case-folded form is longer than the stem ("Straße" -> "strasse") can be the
    start of a folder's case-folded name without being as long as the folder's stem, so
    those few pages are tried one by one."""

    def __init__(self, page_names: Iterable[str]) -> None:
        self._by_stem: dict[str, list[str]] = {}
        self._others: list[str] = []
        for name in page_names:
            stem = page_stem(name)
            if not stem:
                continue
            folded = stem.casefold()
            if len(folded) == len(stem):
                self._by_stem.setdefault(folded, []).append(name)
            else:
                self._others.append(name)

    def pages_of(self, folder_name: str) -> list[str]:
        """The pages (names as given) whose companion folder ``folder_name`` is named as."""
        found = [name for name in self._others if is_companion_folder(name, folder_name)]
        at = max(folder_name.rfind(separator) for separator in _SEPARATORS)
        if at > 0 and _is_companion_rest(folder_name[at:]):
            # A stem as long as the folder's is the start of its case-folded name exactly
            # when it is the same as that start.
            found.extend(self._by_stem.get(folder_name.casefold()[:at], ()))
        return found


def looks_like_photo(head: bytes) -> bool:
    """JPEG, PNG or WebP by their signatures (the first 12 bytes are enough)."""
    return (
        head[:3] == b"\xff\xd8\xff"
        or head[:8] == b"\x89PNG\r\n\x1a\n"
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    )


def references(text: str, *, images_only: bool = False) -> Iterator[str]:
    """The raw values of the page's ``src``/``href``/``srcset`` attributes (each ``srcset``
    candidate separately), entities decoded; at most ``MAX_REFERENCES``. ``images_only``:
    links (``href``) only when they name a picture file."""
    count = 0
    for match in _attribute_matches(text):
        value = html.unescape(next(g for g in match.groups() if g is not None))
        name = match.group(0).split("=", 1)[0].strip().lower()
        values = srcset_urls(value) if name.endswith("srcset") else [value.strip()]
        for item in values:
            if images_only and name == "href" and not _PICTURE_NAME.search(item):
                continue
            if item:
                yield item
                count += 1
                if count >= MAX_REFERENCES:
                    return


# Characters that ``_ATTRIBUTE`` (case-insensitive) takes for a letter of an attribute name
# without being that ASCII letter in either case: "İ" and "ı" for "i", "ſ" for "s". "İ" is
# also the one character whose lower case is two characters long.
_NAME_LOOKALIKES = ("\u0130", "\u0131", "\u017f")
# How every attribute name ``_ATTRIBUTE`` reads begins, in lower case.
_NAME_STARTS = ("src", "href", "data-")


def _attribute_matches(text: str) -> Iterator[re.Match[str]]:
    """``_ATTRIBUTE.finditer(text)``, found faster.

    The regular expression tries its seven names at every position of the page: 0.28 ms for a
    9 KB page, as long as parsing it. Every match starts where the page, in lower case, has
    one of ``_NAME_STARTS``, and ``str.find`` finds those at once; the expression is then
    tried only there, in order, each past the end of the last match, as ``finditer`` does.
    That holds when the lower-case page has the page's positions and no other character
    can be read as a letter of a name (``_NAME_LOOKALIKES``); otherwise the page is
    searched whole."""
    if any(char in text for char in _NAME_LOOKALIKES):
        yield from _ATTRIBUTE.finditer(text)
        return
    lowered = text.lower()
    starts: list[int] = []
    for prefix in _NAME_STARTS:
        at = lowered.find(prefix)
        while at >= 0:
            starts.append(at)
            at = lowered.find(prefix, at + 1)
    starts.sort()
    end = 0
    for at in starts:
        if at < end:
            continue
        match = _ATTRIBUTE.match(text, at)
        if match is not None:
            end = match.end()
            yield match


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` value ("a.jpg 1x, b.jpg 2x")."""
    return [part.split()[0] for part in value.split(",") if part.split()]


def normalize_reference(ref: str) -> str | None:
    """A relative reference as a clean relative path ("Page_files/a.jpg"), or ``None`` when it
    is not one that may be followed (a URL, an absolute path, a way out of the folder)."""
    ref = ref.strip()
    if not ref or "\x00" in ref or _SCHEME.match(ref) or ref.startswith(("/", "\\", "#", "?")):
        return None
    ref = ref.split("#", 1)[0].split("?", 1)[0]
    ref = unquote(ref).replace("\\", "/")
    if "\x00" in ref or ref.startswith("/") or _SCHEME.match(ref):
        return None
    parts: list[str] = []
    for part in ref.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None  # leaves the page's folder
            parts.pop()
            continue
        if ":" in part:  # "C:" or an alternate data stream: never a relative path part
            return None
        parts.append(part)
    return "/".join(parts) or None


def referenced_folders(text: str) -> set[str]:
    """The first path segments of the page's relative references to pictures (``src``, or a
    link to a picture file) that lead into a folder."""
    found: set[str] = set()
    for ref in references(text, images_only=True):
        path = normalize_reference(ref)
        if path is not None and "/" in path:
            found.add(path.split("/", 1)[0])
    return found


def local_paths(text: str) -> list[str]:
    """The page's references that may be followed, as relative paths, each once, in order."""
    seen: dict[str, None] = {}
    for ref in references(text):
        path = normalize_reference(ref)
        if path is not None:
            seen.setdefault(path, None)
    return list(seen)


def read_folder_companions(
    page_path: str, text: str, *, max_file_bytes: int
) -> tuple[tuple[tuple[str, bytes], ...], tuple[str, ...]]:
    """The photos a page saved in a folder references: ``(relative path, bytes)`` pairs and
    notes (user-facing) about those refused."""
    folder = os.path.dirname(os.path.abspath(page_path))
    real_folder = os.path.join(os.path.realpath(folder), "")
    return _read_each(
        ((path, os.path.join(folder, *path.split("/"))) for path in local_paths(text)),
        real_folder,
        max_file_bytes,
    )


def _read_each(
    candidates: Iterable[tuple[str, str]], real_folder: str, max_file_bytes: int
) -> tuple[tuple[tuple[str, bytes], ...], tuple[str, ...]]:
    found: list[tuple[str, bytes]] = []
    notes: list[str] = []
    total = 0
    real_dirs: dict[str, str] = {}
    for path, full in candidates:
        if len(found) >= MAX_COMPANIONS:
            notes.append(f"more than {MAX_COMPANIONS} photos: the rest were not read")
            break
        if not _real_path(full, real_dirs).startswith(real_folder):
            continue  # a link out of the page's folder
        try:
            with open(full, "rb") as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode) or info.st_size < MIN_PHOTO_BYTES:
                    continue
                if not looks_like_photo(handle.read(12)):
                    continue
                limit = min(max_file_bytes, MAX_PAGE_COMPANION_BYTES - total)
                if info.st_size > limit:
                    notes.append(f"{path}: {_too_large(info.st_size, max_file_bytes, total)}")
                    continue
                handle.seek(0)
                data = handle.read(limit + 1)
        except OSError:
            continue  # missing (a browser does not save everything) or unreadable
        if len(data) > limit:
            notes.append(f"{path}: {_too_large(len(data), max_file_bytes, total)}")
            continue
        total += len(data)
        found.append((path, data))
    return tuple(found), tuple(notes)


def _real_path(full: str, real_dirs: dict[str, str]) -> str:
    """``os.path.realpath(full)``, with the real path of each folder found once
    (``real_dirs``): a page's references are mostly files of one folder, and resolving each
    whole took an ``lstat`` per part of its path (40 icons: 2.2 ms a page). The file itself is
    still looked at, as it may be a link."""
    folder, leaf = os.path.split(full)
    if not leaf or leaf in (".", "..") or os.path.islink(full):
        return os.path.realpath(full)
    real = real_dirs.get(folder)
    if real is None:
        real = real_dirs[folder] = os.path.realpath(folder)
    return os.path.join(real, leaf)


def _too_large(size: int, max_file_bytes: int, total: int) -> str:
    if size > max_file_bytes:
        return f"photo too large ({size / MiB:.1f} MB; limit {max_file_bytes / MiB:.1f} MB)"
    return (
        f"photo not read: the page's photos pass {MAX_PAGE_COMPANION_BYTES // MiB} MB "
        f"({total / MiB:.1f} MB read)"
    )
