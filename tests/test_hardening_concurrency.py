"""Several processes on one archive: they wait their turn and succeed (audit fault 4)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import SEED

from dossierdesk.service import Archive

REPO = Path(__file__).resolve().parent.parent


def _cli(archive: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "dossierdesk.cli.main", "--archive", str(archive), *args]


def _articles(folder: Path, n: int, tag: str, filler: int = 300) -> Path:
    """``n`` distinct seed-shaped articles in ``folder``."""
    text = SEED.read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    folder.mkdir(parents=True)
    for i in range(n):
        body = rest.replace("North Korean Troops", f"North Korean Troops {tag} {i}", 1)
        (folder / f"{tag}{i:05d}.txt").write_text(
            f"{first}\n{body}\nParagraph {tag} {i}. " + "Filler words here. " * filler, "utf-8"
        )
    return folder


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src")
    return env


def test_tag_add_while_a_large_import_runs(archive_path: Path, tmp_path: Path) -> None:
    with Archive(archive_path) as archive:
        archive.import_paths([SEED])
    folder = _articles(tmp_path / "in", 5000, "big")
    importer = subprocess.Popen(
        _cli(archive_path, "import", str(folder)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_env(),
        text=True,
    )
    try:
        # Wait until the import is writing (its write transactions hold the lock).
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with Archive(archive_path) as archive:
                if archive.count() > 200:
                    break
            time.sleep(0.05)
        results = []
        for n in range(4):
            if importer.poll() is not None:
                break
            done = subprocess.run(
                _cli(archive_path, "tag", "add", f"during-{n}", "--ids", "1"),
                capture_output=True,
                text=True,
                env=_env(),
                timeout=60,
            )
            results.append(done)
        assert results, "the import ended before any tag command ran: make it larger"
        for done in results:
            assert done.returncode == 0, done.stderr
            assert "Traceback" not in done.stderr and "locked" not in done.stderr
    finally:
        _, err = importer.communicate(timeout=300)
    assert importer.returncode == 0, err
    with Archive(archive_path) as archive:
        assert archive.count() == 5001
        assert {t.name for t in archive.tags()} == {f"during-{n}" for n in range(len(results))}
        assert archive.check().ok


def test_four_importers_at_once_on_a_new_archive(archive_path: Path, tmp_path: Path) -> None:
    folders = [_articles(tmp_path / f"in{k}", 1500, f"p{k}", filler=100) for k in range(4)]
    procs = [
        subprocess.Popen(
            _cli(archive_path, "import", str(folder)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=_env(),
            text=True,
        )
        for folder in folders
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    for proc, err in zip(procs, errors, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    with Archive(archive_path) as archive:
        assert archive.count() == 6000
        assert archive.check().ok
