"""The wheel holds everything the installed application needs at run time, and the packaging
scripts are consistent with the code that looks for those files."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from dossierdesk import __version__
from dossierdesk.desktop import APP_ID, DESKTOP_FILE, METAINFO_FILE, MIME_SOURCE_FILE

REPO = Path(__file__).parent.parent
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    """Built once per run with pip (hatchling in an isolated build environment, a few seconds)."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (path,) = out.glob("dossierdesk-*.whl")
    with zipfile.ZipFile(path) as archive:
        yield archive


def _names(wheel: zipfile.ZipFile) -> set[str]:
    return set(wheel.namelist())


def test_wheel_has_fonts_icons_seeds_and_desktop_files(wheel: zipfile.ZipFile) -> None:
    names = _names(wheel)
    data = "dossierdesk/_data"
    fonts = [n for n in names if n.startswith(f"{data}/resources/fonts/") and n.endswith(".ttf")]
    assert len(fonts) >= 2, fonts
    for size in ICON_SIZES:
        assert f"{data}/resources/icons/hicolor/{size}x{size}/apps/dossierdesk.png" in names
    assert f"{data}/resources/icons/dossierdesk.svg" in names
    # The user guide (Help → Dossier Desk Help, F1), read by gui/help_viewer.py.
    assert f"{data}/resources/help/guide.html" in names
    seeds = {p.name for p in (REPO / "seeds").iterdir() if p.is_file()}
    assert seeds and {n.rsplit("/", 1)[1] for n in names if n.startswith(f"{data}/seeds/")} == (
        seeds
    )
    for name in (DESKTOP_FILE, METAINFO_FILE, MIME_SOURCE_FILE):
        assert f"{data}/linux/{name}" in names
    assert (
        wheel.read(f"{data}/linux/{DESKTOP_FILE}")
        == (REPO / "packaging" / "linux" / DESKTOP_FILE).read_bytes()
    )


def test_wheel_has_the_migrations(wheel: zipfile.ZipFile) -> None:
    names = _names(wheel)
    base = "dossierdesk/store/migrations"
    assert f"{base}/env.py" in names
    assert f"{base}/script.py.mako" in names
    versions = REPO / "src" / base / "versions"
    for script in versions.glob("*.py"):
        assert f"{base}/versions/{script.name}" in names


def test_wheel_metadata_and_entry_points(wheel: zipfile.ZipFile) -> None:
    dist = f"dossierdesk-{__version__}.dist-info"
    entry_points = wheel.read(f"{dist}/entry_points.txt").decode()
    assert re.search(r"^dossierdesk-cli = dossierdesk\.cli\.main:run$", entry_points, re.M)
    gui = entry_points.split("[gui_scripts]", 1)[1]
    assert re.search(r"^dossierdesk = dossierdesk\.gui\.main:main$", gui, re.M)
    metadata = wheel.read(f"{dist}/METADATA").decode()
    assert "Classifier: License :: OSI Approved :: MIT License" in metadata
    assert "Project-URL: Homepage, " in metadata
    assert "Provides-Extra: package" in metadata
    assert re.search(r"^Requires-Dist: pyinstaller.*extra == .package.", metadata, re.M)


def _spec_source() -> str:
    return (REPO / "packaging" / "pyinstaller" / "dossierdesk.spec").read_text(encoding="utf-8")


def test_spec_is_python_and_names_both_programs() -> None:
    source = _spec_source()
    ast.parse(source)
    assert 'name="dossierdesk"' in source and 'name="dossierdesk-cli"' in source
    # The same entry points as the wheel's scripts.
    for launcher, call in (
        ("launch_gui.py", "raise SystemExit(main())"),
        ("launch_cli.py", "run()"),
    ):
        text = (REPO / "packaging" / "pyinstaller" / launcher).read_text(encoding="utf-8")
        ast.parse(text)
        assert call in text


def test_spec_puts_data_where_the_code_looks() -> None:
    """The destinations in the spec are the ``_MEIPASS`` paths resources_dir(),
    bundled_seeds_dir(), linux_data_dir() and the Alembic config (store/engine.py) use."""
    source = _spec_source()
    for dest in (
        '"dossierdesk/_data/resources"',
        '"dossierdesk/_data/seeds"',
        '"dossierdesk/_data/linux"',
        '"dossierdesk/store/migrations"',
    ):
        assert dest in source
    engine = (REPO / "src/dossierdesk/store/engine.py").read_text(encoding="utf-8")
    assert 'resources.files("dossierdesk.store") / "migrations"' in engine
    assert APP_ID in source
    for excluded in ("QtQml", "QtQuick", "QtWebEngineCore", "Qt3DCore", "QtMultimedia"):
        assert f'"{excluded}"' in source


def test_package_checks_script_is_valid_bash() -> None:
    script = REPO / ".ci" / "package-checks"
    assert script.stat().st_mode & 0o111
    done = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    build = REPO / "packaging" / "pyinstaller" / "build.sh"
    done = subprocess.run(["bash", "-n", str(build)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
