"""``dossierdesk-cli install-desktop-entry``: install and uninstall round trips in a temporary
XDG data directory (conftest points ``XDG_DATA_HOME`` at a fresh temporary home)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dossierdesk import desktop
from dossierdesk.cli.main import main
from dossierdesk.desktop import APP_ID, DESKTOP_FILE, ICON_NAME, METAINFO_FILE

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _data_home() -> Path:
    return Path(os.environ["XDG_DATA_HOME"])


def _tree(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*")} if root.exists() else set()


def _expected_files(data: Path) -> list[Path]:
    return [
        data / "applications" / DESKTOP_FILE,
        data / "metainfo" / METAINFO_FILE,
        data / "mime" / "packages" / f"{APP_ID}.xml",
        data / "icons/hicolor/scalable/apps" / f"{ICON_NAME}.svg",
        *(data / f"icons/hicolor/{s}x{s}/apps/{ICON_NAME}.png" for s in ICON_SIZES),
    ]


def _exec_line(entry: Path) -> str:
    (line,) = [x for x in entry.read_text().splitlines() if x.startswith("Exec=")]
    return line


def test_install_then_uninstall_leaves_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    data = _data_home()
    assert not data.exists()
    assert main(["install-desktop-entry"]) == 0
    for path in _expected_files(data):
        assert path.is_file(), path
    out, err = capsys.readouterr()
    assert f"installed {data / 'applications' / DESKTOP_FILE}" in out
    for tool in ("update-desktop-database", "update-mime-database", "gtk-update-icon-cache"):
        assert f"{tool}: " in err
    # The installed icon is the committed one, byte for byte.
    repo_icon = Path(__file__).parent.parent / "resources/icons/hicolor/48x48/apps/dossierdesk.png"
    assert (data / "icons/hicolor/48x48/apps/dossierdesk.png").read_bytes() == (
        repo_icon.read_bytes()
    )

    assert main(["install-desktop-entry", "--uninstall"]) == 0
    for path in _expected_files(data):
        assert not path.exists(), path
    # Every directory the install created is gone, caches derived from our files included.
    assert _tree(data) == set()


def test_install_keeps_what_was_there(tmp_path: Path) -> None:
    data = _data_home()
    other = data / "applications" / "other.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n")
    icon = data / "icons/hicolor/48x48/apps/other.png"
    icon.parent.mkdir(parents=True)
    icon.write_bytes(b"png")
    assert main(["install-desktop-entry"]) == 0
    assert main(["install-desktop-entry", "--uninstall"]) == 0
    assert other.read_text().endswith("Exec=other\n")
    assert icon.read_bytes() == b"png"
    assert not (data / "applications" / DESKTOP_FILE).exists()
    assert not (data / "icons/hicolor/48x48/apps/dossierdesk.png").exists()
    assert not (data / "icons/hicolor/16x16").exists()  # created by the install, removed


def test_installing_twice_then_uninstalling(capsys: pytest.CaptureFixture[str]) -> None:
    data = _data_home()
    assert main(["install-desktop-entry"]) == 0
    assert main(["install-desktop-entry"]) == 0  # an upgrade re-runs it
    assert main(["install-desktop-entry", "--uninstall"]) == 0
    assert _tree(data) == set()
    capsys.readouterr()
    assert main(["install-desktop-entry", "--uninstall"]) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_reinstall_drops_files_an_upgrade_no_longer_ships() -> None:
    data = _data_home()
    assert main(["install-desktop-entry"]) == 0
    manifest = data / "DossierDesk" / desktop.MANIFEST_NAME
    old_icon = data / "icons/hicolor/22x22/apps/dossierdesk.png"  # as if an old version had it
    old_icon.parent.mkdir(parents=True)
    old_icon.write_bytes(b"old")
    manifest.write_text(manifest.read_text() + f"file\t{old_icon}\n")
    unrelated = data / "icons/hicolor/22x22/apps/other.png"
    unrelated.write_bytes(b"other")
    assert main(["install-desktop-entry"]) == 0
    assert not old_icon.exists()
    assert unrelated.exists()
    assert str(old_icon) not in manifest.read_text()


def test_uninstall_without_manifest_removes_our_files_only() -> None:
    data = _data_home()
    assert main(["install-desktop-entry"]) == 0
    (data / "DossierDesk" / desktop.MANIFEST_NAME).unlink()
    keep = data / "applications" / "keep.desktop"
    keep.write_text("x")
    assert main(["install-desktop-entry", "--uninstall"]) == 0
    for path in _expected_files(data):
        assert not path.exists(), path
    assert keep.read_text() == "x"


def test_prefix_installs_under_share_and_needs_no_archive(tmp_path: Path) -> None:
    prefix = tmp_path / "usr-local"
    assert main(["install-desktop-entry", "--prefix", str(prefix), "--exec", "dossierdesk"]) == 0
    entry = prefix / "share" / "applications" / DESKTOP_FILE
    assert _exec_line(entry) == "Exec=dossierdesk %F"
    assert not _data_home().exists()  # neither the user's XDG dir nor a default archive
    assert main(["install-desktop-entry", "--prefix", str(prefix), "--uninstall"]) == 0
    assert not (prefix / "share").exists()


def test_exec_points_at_the_installed_launcher() -> None:
    assert main(["install-desktop-entry"]) == 0
    line = _exec_line(_data_home() / "applications" / DESKTOP_FILE)
    launcher = desktop.find_gui_executable()
    if launcher is None:  # not installed as a script in this environment
        assert line == "Exec=dossierdesk %F"
    else:
        assert line == f"Exec={launcher} %F"
        assert launcher.is_absolute()


def test_launcher_beside_the_interpreter_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = tmp_path / "usr" / "bin"
    system.mkdir(parents=True)
    (system / "python3").write_text("")
    (system / "dossierdesk").write_text("#!/bin/sh\n")  # another installation's launcher
    (system / "dossierdesk").chmod(0o755)
    bindir = tmp_path / "venv" / "bin"
    bindir.mkdir(parents=True)
    (bindir / "python").symlink_to(system / "python3")  # how a virtualenv looks
    launcher = bindir / "dossierdesk"
    launcher.write_text("#!/bin/sh\n")
    launcher.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(bindir / "python"))
    monkeypatch.setenv("PATH", "/nonexistent")
    assert desktop.find_gui_executable() == launcher
    launcher.unlink()
    assert desktop.find_gui_executable() == system / "dossierdesk"
    (system / "dossierdesk").unlink()
    assert desktop.find_gui_executable() is None


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="no desktop-file-utils")
def test_exec_path_with_spaces_is_quoted_validly(tmp_path: Path) -> None:
    program = '/opt/My Apps/it\'s "here"/dossierdesk'
    assert desktop.exec_argument("/usr/bin/dossierdesk") == "/usr/bin/dossierdesk"
    assert main(["install-desktop-entry", "--prefix", str(tmp_path), "--exec", program]) == 0
    entry = tmp_path / "share" / "applications" / DESKTOP_FILE
    line = _exec_line(entry)
    assert line == 'Exec="/opt/My Apps/it\'s \\\\"here\\\\"/dossierdesk" %F'
    done = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_missing_and_failing_tools_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _data_home()
    (data / "applications").mkdir(parents=True)
    (data / "mime").mkdir()
    real_which = shutil.which

    def which(name: str) -> str | None:
        return None if name == "gtk-update-icon-cache" else real_which(name) or f"/bin/{name}"

    def runner(argv: list[str]) -> subprocess.CompletedProcess[str]:
        code = 3 if "mime" in argv[0] else 0
        return subprocess.CompletedProcess(argv, code, "", "cannot write here\n")

    monkeypatch.setattr(desktop.shutil, "which", which)
    runs = {r.name: r.status for r in desktop.refresh_caches(data, runner)}
    assert runs == {
        "update-desktop-database": "ok",
        "update-mime-database": "failed: cannot write here",
        "gtk-update-icon-cache": "not installed",
    }


def test_unwritable_target_gives_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prefix = tmp_path / "ro"
    (prefix / "share").mkdir(parents=True)
    (prefix / "share" / "applications").write_text("a file where a folder should be")
    assert main(["install-desktop-entry", "--prefix", str(prefix)]) == 1
    err = capsys.readouterr().err
    assert "applications" in err and "cannot write" in err
    assert "Traceback" not in err


def test_bundle_layout_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a PyInstaller bundle the data sit under sys._MEIPASS/dossierdesk/_data."""
    from dossierdesk import resources
    from dossierdesk.service import paths

    data = tmp_path / "meipass" / "dossierdesk" / "_data"
    shutil.copytree(Path(__file__).parent.parent / "packaging" / "linux", data / "linux")
    (data / "resources" / "icons").mkdir(parents=True)
    (data / "seeds").mkdir()
    monkeypatch.setattr(resources, "_PACKAGE_DIR", tmp_path / "nowhere" / "dossierdesk")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "meipass"), raising=False)
    assert resources.resources_dir() == data / "resources"
    assert desktop.linux_data_dir() == data / "linux"
    assert paths.bundled_seeds_dir() == data / "seeds"


def test_a_failed_install_can_be_uninstalled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prefix = tmp_path / "half"
    share = prefix / "share"
    (share / "icons").mkdir(parents=True)
    (share / "icons" / "hicolor").write_text("a file where a folder should be")
    assert main(["install-desktop-entry", "--prefix", str(prefix)]) == 1
    err = capsys.readouterr().err
    assert "hicolor" in err and "--uninstall removes them" in err
    assert (share / "applications" / DESKTOP_FILE).exists()  # written before the failure
    assert main(["install-desktop-entry", "--prefix", str(prefix), "--uninstall"]) == 0
    assert not (share / "applications").exists()
    assert not (share / "metainfo").exists()
    assert (share / "icons" / "hicolor").read_text() == "a file where a folder should be"
    assert not list(share.rglob("*.tmp"))


def test_the_command_loads_no_qt(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from dossierdesk.cli.main import main\n"
        f"assert main(['install-desktop-entry', '--prefix', {str(tmp_path)!r}]) == 0\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "share" / "applications" / DESKTOP_FILE).is_file()
