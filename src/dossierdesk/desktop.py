"""Linux desktop integration for the current user: menu entry, icons, MIME type, AppStream data.

Installs the files from ``packaging/linux/`` (shipped in the wheel as ``dossierdesk/_data/linux``)
and the icons from ``resources/icons/`` under the XDG data directory (``$XDG_DATA_HOME``, else
``~/.local/share``) or under ``<prefix>/share``, then refreshes the desktop, MIME and icon caches
with the freedesktop tools when they are installed. A manifest records what was written so
:func:`uninstall` removes exactly that — files and the directories the install created — and
nothing else. The caches the tools maintain are refreshed again, not deleted.

Qt-free: it runs from ``dossierdesk-cli`` without loading PySide6.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dossierdesk.resources import APP_ID, ICON_NAME, icons_dir, resources_dir
from dossierdesk.service.paths import APP_NAME

log = logging.getLogger(__name__)

GUI_COMMAND = "dossierdesk"
ARCHIVE_MIME_TYPE = "application/x-dossierdesk-archive"

DESKTOP_FILE = f"{APP_ID}.desktop"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"
MIME_SOURCE_FILE = "dossierdesk-mime.xml"
MANIFEST_NAME = "desktop-install-manifest.txt"
TOOL_TIMEOUT_S = 60


class DesktopIntegrationError(Exception):
    """The entry could not be installed or removed (message names the file and the reason)."""


@dataclass
class ToolRun:
    """One cache-refresh tool: ``status`` is ``ok``, ``not installed`` or ``failed: …``."""

    name: str
    status: str


@dataclass
class DesktopReport:
    data_dir: Path
    files: list[Path] = field(default_factory=list)
    tools: list[ToolRun] = field(default_factory=list)
    exec_command: str = ""


def linux_data_dir() -> Path:
    """The desktop/metainfo/MIME sources: next to ``resources`` in a wheel or PyInstaller bundle
    (``_data/linux``), ``packaging/linux`` in a source checkout."""
    base = resources_dir().parent
    for candidate in (base / "linux", base / "packaging" / "linux"):
        if (candidate / DESKTOP_FILE).is_file():
            return candidate
    raise DesktopIntegrationError(
        f"{base / 'linux' / DESKTOP_FILE}: desktop entry not found in this installation"
    )


def user_data_dir() -> Path:
    """``$XDG_DATA_HOME`` when set to an absolute path (per the XDG spec), else ~/.local/share."""
    env = os.environ.get("XDG_DATA_HOME", "")
    if env and Path(env).is_absolute():
        return Path(env)
    return Path.home() / ".local" / "share"


def target_data_dir(prefix: Path | None = None) -> Path:
    return user_data_dir() if prefix is None else prefix / "share"


def find_gui_executable() -> Path | None:
    """The installed ``dossierdesk`` launcher: beside this interpreter (virtualenv ``bin/``,
    PyInstaller bundle folder) first, else on ``PATH``."""
    # The unresolved path first: a virtualenv's python is a symlink to the system interpreter.
    for directory in (Path(sys.executable).parent, Path(sys.executable).resolve().parent):
        beside = directory / GUI_COMMAND
        if beside.is_file() and os.access(beside, os.X_OK):
            return beside.absolute()
    found = shutil.which(GUI_COMMAND)
    return Path(found).absolute() if found else None


def exec_argument(program: str) -> str:
    """Quote ``program`` for an ``Exec=`` key (Desktop Entry spec, "The Exec key")."""
    escaped = program.replace("%", "%%")
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    if not reserved & set(escaped):
        return escaped
    inner = "".join("\\" + ch if ch in '"`$\\' else ch for ch in escaped)
    # The whole value is also a desktop-file string, where a backslash is written twice.
    return '"' + inner.replace("\\", "\\\\") + '"'


def desktop_entry_text(source: str, exec_command: str) -> str:
    """``source`` with its ``Exec=`` (and ``TryExec=``) keys pointing at ``exec_command``."""
    lines = []
    for line in source.splitlines():
        if line.startswith("Exec="):
            args = line.partition("=")[2].split(" ", 1)
            rest = f" {args[1]}" if len(args) > 1 else ""
            line = f"Exec={exec_argument(exec_command)}{rest}"
        elif line.startswith("TryExec="):
            line = f"TryExec={exec_command}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _icon_sources() -> list[tuple[Path, Path]]:
    """(source, path relative to the data dir) for every icon to install."""
    icons = icons_dir()
    pairs: list[tuple[Path, Path]] = []
    hicolor = icons / "hicolor"
    for png in sorted(hicolor.glob(f"*/apps/{ICON_NAME}.png")):
        pairs.append((png, Path("icons") / png.relative_to(icons)))
    svg = icons / f"{ICON_NAME}.svg"
    if svg.is_file():
        pairs.append((svg, Path("icons/hicolor/scalable/apps") / f"{ICON_NAME}.svg"))
    if not pairs:
        raise DesktopIntegrationError(f"{hicolor}: no application icons in this installation")
    return pairs


def planned_files() -> list[Path]:
    """Paths, relative to the data dir, that :func:`install` writes."""
    return [
        Path("applications") / DESKTOP_FILE,
        Path("metainfo") / METAINFO_FILE,
        Path("mime/packages") / f"{APP_ID}.xml",
        *(rel for _, rel in _icon_sources()),
    ]


def _manifest_path(data_dir: Path) -> Path:
    """Kept in the application's own data folder (where the default archive lives)."""
    return data_dir / APP_NAME / MANIFEST_NAME


Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


def _run(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(argv), capture_output=True, text=True, timeout=TOOL_TIMEOUT_S, check=False
    )


def refresh_caches(data_dir: Path, runner: Runner = _run) -> list[ToolRun]:
    """Run update-desktop-database, update-mime-database and gtk-update-icon-cache on the
    directories under ``data_dir``; a missing tool is reported, not an error."""
    jobs = [
        ("update-desktop-database", ["-q", str(data_dir / "applications")], "applications"),
        ("update-mime-database", [str(data_dir / "mime")], "mime"),
        ("gtk-update-icon-cache", ["-q", "-f", "-t", str(data_dir / "icons/hicolor")], "icons"),
    ]
    results = []
    for tool, args, needed in jobs:
        exe = shutil.which(tool)
        if exe is None:
            results.append(ToolRun(tool, "not installed"))
            continue
        if not (data_dir / needed).is_dir():
            results.append(ToolRun(tool, "nothing to do"))
            continue
        try:
            done = runner([exe, *args])
        except (OSError, subprocess.SubprocessError) as exc:
            results.append(ToolRun(tool, f"failed: {exc}"))
            continue
        if done.returncode == 0:
            results.append(ToolRun(tool, "ok"))
        else:
            message = (done.stderr or done.stdout).strip().splitlines()
            reason = message[-1] if message else f"exit status {done.returncode}"
            results.append(ToolRun(tool, f"failed: {reason}"))
        log.info("%s: %s", tool, results[-1].status)
    return results


def _missing_parents(path: Path, stop: Path) -> list[Path]:
    """Directories between ``stop`` (exclusive) and ``path`` (inclusive) that do not exist yet."""
    missing = []
    current = path
    while current != stop and not current.exists():
        missing.append(current)
        current = current.parent
    return missing


def install(
    prefix: Path | None = None, exec_command: str | None = None, runner: Runner = _run
) -> DesktopReport:
    """Install the desktop entry, icons, MIME type and metainfo; return what was written."""
    data_dir = target_data_dir(prefix)
    sources = linux_data_dir()
    if exec_command is None:
        found = find_gui_executable()
        exec_command = str(found) if found else GUI_COMMAND
    try:
        entry = desktop_entry_text(
            (sources / DESKTOP_FILE).read_text(encoding="utf-8"), exec_command
        )
        contents: list[tuple[Path, bytes]] = [
            (Path("applications") / DESKTOP_FILE, entry.encode("utf-8")),
            (Path("metainfo") / METAINFO_FILE, (sources / METAINFO_FILE).read_bytes()),
            (Path("mime/packages") / f"{APP_ID}.xml", (sources / MIME_SOURCE_FILE).read_bytes()),
            *((rel, src.read_bytes()) for src, rel in _icon_sources()),
        ]
    except OSError as exc:
        raise DesktopIntegrationError(f"{exc.filename}: cannot read: {exc.strerror}") from None

    manifest = _manifest_path(data_dir)
    created_dirs: list[Path] = []
    written: list[Path] = []
    previous = _read_manifest(manifest)
    try:
        for rel, data in [*contents, (manifest.relative_to(data_dir), b"")]:
            target = data_dir / rel
            created_dirs.extend(_missing_parents(target.parent, data_dir.parent))
            target.parent.mkdir(parents=True, exist_ok=True)
            if target != manifest:
                _write_atomically(target, data)
                written.append(target)
        # An upgrade that no longer ships a file removes the old copy; the directories the
        # first install created stay on the list.
        for stale in previous[0]:
            if stale not in written and stale.is_relative_to(data_dir):
                stale.unlink(missing_ok=True)
        keep_dirs = [d for d in previous[1] if d not in created_dirs]
        _write_manifest(manifest, written, [*created_dirs, *keep_dirs])
    except OSError as exc:
        hint = ""
        if written:  # keep them on record so --uninstall can take them away
            try:
                created_dirs.extend(_missing_parents(manifest.parent, data_dir.parent))
                manifest.parent.mkdir(parents=True, exist_ok=True)
                _write_manifest(manifest, [*written, *previous[0]], [*created_dirs, *previous[1]])
                hint = f" ({len(written)} files were written; --uninstall removes them)"
            except OSError:
                hint = f" ({len(written)} files were written: {', '.join(map(str, written))})"
        raise DesktopIntegrationError(
            f"{exc.filename}: cannot write: {exc.strerror}{hint}"
        ) from None
    report = DesktopReport(data_dir, written, exec_command=exec_command)
    report.tools = refresh_caches(data_dir, runner)
    return report


def _write_atomically(target: Path, data: bytes) -> None:
    """Replace ``target`` in one step so the desktop never sees a half-written file."""
    tmp = target.with_name(target.name + ".tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(target)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def _write_manifest(manifest: Path, files: Iterable[Path], dirs: Iterable[Path]) -> None:
    lines = [f"file\t{p}" for p in files] + [f"dir\t{p}" for p in dict.fromkeys(dirs)]
    manifest.write_text(
        "# Written by dossierdesk-cli install-desktop-entry; read by --uninstall.\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )


def _read_manifest(manifest: Path) -> tuple[list[Path], list[Path]]:
    files: list[Path] = []
    dirs: list[Path] = []
    try:
        text = manifest.read_text(encoding="utf-8")
    except FileNotFoundError:
        return files, dirs
    for line in text.splitlines():
        kind, _, value = line.partition("\t")
        if kind == "file" and value:
            files.append(Path(value))
        elif kind == "dir" and value:
            dirs.append(Path(value))
    return files, dirs


def uninstall(prefix: Path | None = None, runner: Runner = _run) -> DesktopReport:
    """Remove what :func:`install` wrote (its manifest, else the files it would write), then the
    directories it created if they are empty, and refresh the caches."""
    data_dir = target_data_dir(prefix)
    manifest = _manifest_path(data_dir)
    files, dirs = _read_manifest(manifest)
    inside = [p for p in files if p.is_relative_to(data_dir)]
    if not files:
        inside = [data_dir / rel for rel in planned_files()]
    removed: list[Path] = []
    try:
        for path in inside:
            if path.is_file() or path.is_symlink():
                path.unlink()
                removed.append(path)
        manifest.unlink(missing_ok=True)
    except OSError as exc:
        raise DesktopIntegrationError(f"{exc.filename}: cannot remove: {exc.strerror}") from None
    report = DesktopReport(data_dir, removed)
    report.tools = refresh_caches(data_dir, runner)
    created = set(dirs)
    for directory in (data_dir / "applications", data_dir / "icons/hicolor", data_dir / "mime"):
        if directory in created:
            _remove_derived_caches(directory)
    # Deepest first; a directory that now holds anything else (other apps' files) stays.
    for directory in sorted(created, key=lambda p: len(p.parts), reverse=True):
        if directory.is_relative_to(data_dir.parent) and directory.is_dir():
            try:
                directory.rmdir()
            except OSError:
                log.debug("%s not empty, kept", directory)
    return report


def _remove_derived_caches(directory: Path) -> None:
    """In a directory the install created, delete what the cache tools derived from its contents
    once nothing else is left in it: ``mimeinfo.cache``, ``icon-theme.cache``, and the whole MIME
    database when ``mime/packages`` holds no package any more."""
    if directory.name == "mime":
        packages = directory / "packages"
        if directory.is_dir() and not (packages.is_dir() and any(packages.iterdir())):
            shutil.rmtree(directory, ignore_errors=True)
        return
    cache = {"applications": "mimeinfo.cache", "hicolor": "icon-theme.cache"}[directory.name]
    if directory.is_dir() and {p.name for p in directory.iterdir()} <= {cache}:
        (directory / cache).unlink(missing_ok=True)
