"""The Linux desktop entry, AppStream metainfo, MIME type and icons in ``packaging/`` and
``resources/icons/``: valid for the freedesktop validators and consistent with each other."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dossierdesk.desktop import (
    APP_ID,
    ARCHIVE_MIME_TYPE,
    DESKTOP_FILE,
    ICON_NAME,
    METAINFO_FILE,
    MIME_SOURCE_FILE,
)

REPO = Path(__file__).parent.parent
LINUX = REPO / "packaging" / "linux"
ICONS = REPO / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"

needs_desktop_file_utils = pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed"
)
needs_appstream = pytest.mark.skipif(
    shutil.which("appstreamcli") is None, reason="appstream not installed"
)
needs_shared_mime_info = pytest.mark.skipif(
    shutil.which("update-mime-database") is None, reason="shared-mime-info not installed"
)


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_keys() -> None:
    entry = _desktop_entry(LINUX / DESKTOP_FILE)
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "dossierdesk %F"  # files from the file manager reach the GUI
    assert entry["Icon"] == ICON_NAME
    assert entry["StartupWMClass"] == "dossierdesk"
    assert entry["Terminal"] == "false"
    assert "Office" in entry["Categories"].split(";")
    mime_types = [m for m in entry["MimeType"].split(";") if m]
    assert mime_types[0] == ARCHIVE_MIME_TYPE
    for opened in ("text/html", "text/plain", "application/rss+xml", "application/atom+xml"):
        assert opened in mime_types
    assert "application/zip" in mime_types


@needs_desktop_file_utils
def test_desktop_entry_validates() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(LINUX / DESKTOP_FILE)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in done.stdout.lower()


@needs_desktop_file_utils
def test_desktop_file_validate_catches_a_broken_entry(tmp_path: Path) -> None:
    broken = tmp_path / DESKTOP_FILE
    text = (LINUX / DESKTOP_FILE).read_text(encoding="utf-8")
    broken.write_text(text.replace("Type=Application\n", ""), encoding="utf-8")
    done = subprocess.run(["desktop-file-validate", str(broken)], capture_output=True, text=True)
    assert done.returncode != 0


def test_metainfo_content() -> None:
    root = ET.parse(LINUX / METAINFO_FILE).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT"
    launchable = root.find("launchable")
    assert launchable is not None and launchable.text == DESKTOP_FILE
    release = root.find("releases/release")
    assert release is not None
    from dossierdesk import __version__

    assert release.get("version") == __version__
    assert release.get("date")
    binaries = {b.text for b in root.iterfind("provides/binary")}
    assert binaries == {"dossierdesk", "dossierdesk-cli"}
    assert root.findtext("provides/mediatype") == ARCHIVE_MIME_TYPE


@needs_appstream
def test_metainfo_validates() -> None:
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(LINUX / METAINFO_FILE)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@needs_appstream
def test_appstreamcli_catches_a_broken_metainfo(tmp_path: Path) -> None:
    broken = tmp_path / METAINFO_FILE
    text = (LINUX / METAINFO_FILE).read_text(encoding="utf-8")
    broken.write_text(text.replace(f"<id>{APP_ID}</id>", "<id>dossierdesk</id>"), "utf-8")
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(broken)], capture_output=True, text=True
    )
    assert done.returncode != 0


def test_mime_type_declaration() -> None:
    root = ET.parse(LINUX / MIME_SOURCE_FILE).getroot()
    (mime_type,) = root.iterfind(f"{MIME_NS}mime-type")
    assert mime_type.get("type") == ARCHIVE_MIME_TYPE
    globs = [g.get("pattern") for g in mime_type.iterfind(f"{MIME_NS}glob")]
    assert globs == ["*.dossierdesk"]
    magic = mime_type.find(f"{MIME_NS}magic")
    assert magic is not None
    # Below shared-mime-info's own application/vnd.sqlite3 (50): plain SQLite files stay theirs.
    assert int(magic.get("priority", "50")) < 50
    match = magic.find(f"{MIME_NS}match")
    assert match is not None and match.get("value") == "SQLite format 3\\0"


def _qt_mime_type(data_home: Path, file: Path) -> str:
    """What Qt's MIME database (shared-mime-info on Linux) says about ``file``."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QMimeDatabase\n"
        "print(QMimeDatabase().mimeTypeForFile(sys.argv[1]).name())\n"
    )
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(file)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@needs_shared_mime_info
def test_archive_files_get_the_mime_type(tmp_path: Path, archive_path: Path) -> None:
    data_home = tmp_path / "share"
    (data_home / "mime" / "packages").mkdir(parents=True)
    shutil.copy(LINUX / MIME_SOURCE_FILE, data_home / "mime" / "packages" / f"{APP_ID}.xml")
    subprocess.run(["update-mime-database", str(data_home / "mime")], check=True)
    from dossierdesk.service import Archive

    with Archive(archive_path):
        pass
    named = tmp_path / "news.dossierdesk"
    shutil.copy(archive_path, named)
    assert _qt_mime_type(data_home, named) == ARCHIVE_MIME_TYPE
    # A generic SQLite file keeps the standard type.
    assert _qt_mime_type(data_home, archive_path) == "application/vnd.sqlite3"


def test_icon_pngs_have_their_sizes(qapp: object) -> None:
    from PySide6.QtGui import QImage

    for size in PNG_SIZES:
        path = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        image = QImage(str(path))
        assert not image.isNull(), path
        assert (image.width(), image.height()) == (size, size), path
        assert image.hasAlphaChannel()
        # Transparent corner (rounded shape), opaque centre.
        assert image.pixelColor(0, 0).alpha() == 0
        assert image.pixelColor(size // 2, size * 3 // 4).alpha() == 255


def test_svg_icon_is_valid(qapp: object) -> None:
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(ICONS / f"{ICON_NAME}.svg"))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == renderer.defaultSize().height()


def _load_make_icons() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_icons", REPO / "packaging/make_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_icons_match_the_svg(qapp: object, tmp_path: Path) -> None:
    """Re-rendering gives the committed pictures (up to anti-aliasing), so nobody edited the SVG
    without running packaging/make_icons.py."""
    from PySide6.QtGui import QImage

    make_icons = _load_make_icons()
    make_icons.make_icons(hicolor=tmp_path / "hicolor", platform=tmp_path / "platform")  # type: ignore[attr-defined]
    for size in (16, 32, 256):
        rel = Path(f"{size}x{size}") / "apps" / f"{ICON_NAME}.png"
        fresh = QImage(str(tmp_path / "hicolor" / rel))
        committed = QImage(str(ICONS / "hicolor" / rel))
        worst = max(
            abs(fresh.pixelColor(x, y).rgba64().red8() - committed.pixelColor(x, y).rgba64().red8())
            + abs(fresh.pixelColor(x, y).alpha() - committed.pixelColor(x, y).alpha())
            for x in range(size)
            for y in range(0, size, max(1, size // 32))
        )
        assert worst <= 24, f"{rel} differs from a fresh render (max diff {worst})"


def test_windows_and_macos_icons_hold_every_size(qapp: object) -> None:
    from PySide6.QtGui import QImageReader

    expected = {
        "dossierdesk.ico": [16, 24, 32, 48, 64, 128, 256],
        "dossierdesk.icns": [16, 32, 64, 128, 256, 512, 1024],
    }
    for name, sizes in expected.items():
        reader = QImageReader(str(REPO / "packaging" / "icons" / name))
        found = []
        for index in range(reader.imageCount()):
            reader.jumpToImage(index)
            image = reader.read()
            assert image.width() == image.height()
            found.append(image.width())
        assert sorted(found) == sizes, name
