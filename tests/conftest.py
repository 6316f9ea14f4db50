from __future__ import annotations

import os

# Qt tests run headless everywhere (CI has no display); set before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_ACCESSIBILITY", "0")

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dossierdesk.service import Archive

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"
SEED = DATA / "000_014c2d8a4cbccb0c.txt"
REPO = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real user's archive, settings or logs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("DOSSIERDESK_ARCHIVE", raising=False)


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.sqlite3"


@pytest.fixture
def archive(archive_path: Path) -> Iterator[Archive]:
    with Archive(archive_path) as arch:
        yield arch


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A writable copy of the real corpus."""
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest, ignore=shutil.ignore_patterns("*.md"))
    return dest
