"""Command-line details the reliability audit found (fault 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import SEED

from dossierdesk.cli.main import main

REPO = Path(__file__).resolve().parent.parent
Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(archive_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(["--archive", str(archive_path), *args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_query_values_may_start_with_a_dash(cli: Cli, corpus_dir: Path) -> None:
    cli("import", str(corpus_dir))
    _, out_all, _ = cli("list")
    code, out, err = cli("list", "--query", "-air")
    assert code == 0, err
    assert 0 < len(out.splitlines()) < len(out_all.splitlines())
    assert out == cli("list", "--query", "NOT air")[1]
    code, out_short, _ = cli("list", "-q", "-air")
    assert code == 0 and out_short == out
    code, out_eq, _ = cli("list", "--query=-air")
    assert out_eq == out
    # A forgotten value is still a usage error, not a query "--json".
    code, _, err = cli("list", "--query", "--json")
    assert code == 2


def test_tagging_a_missing_id_is_reported(cli: Cli) -> None:
    cli("import", str(SEED))
    code, _, err = cli("tag", "add", "x", "--ids", "1,999999")
    assert code == 1
    assert "no article #999999" in err
    _, out, _ = cli("tags")
    assert out.split() == ["1", "x"]  # the existing article was tagged all the same
    code, _, err = cli("tag", "add", "y", "--ids", "999999")
    assert code == 1 and "no article #999999" in err


@pytest.mark.parametrize("option", ["--limit", "--offset"])
def test_negative_limit_and_offset_are_usage_errors(cli: Cli, option: str) -> None:
    code, _, err = cli("list", option, "-1")
    assert code == 2 and "must be 0 or more" in err


def test_an_empty_folder_is_reported(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    code, _, err = cli("import", str(empty))
    assert code == 1
    assert f"{empty}: the folder holds no files to import" in err


def test_an_export_removes_what_a_killed_export_left(tmp_path: Path) -> None:
    from dossierdesk.pdf.export import remove_stale_parts

    dest = tmp_path / "out.pdf"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    stale = tmp_path / f".out.pdf.{dead_pid}.abc123.part"
    stale.write_bytes(b"%PDF-partial")
    alive = tmp_path / f".out.pdf.{os.getpid()}.def456.part"
    alive.write_bytes(b"%PDF-in-progress")
    other = tmp_path / f".other.pdf.{dead_pid}.x.part"
    other.write_bytes(b"")
    assert remove_stale_parts(dest) == [stale]
    assert not stale.exists() and alive.exists() and other.exists()


def test_a_killed_export_leaves_no_part_file_after_the_next_export(
    qapp: object, archive_path: Path, tmp_path: Path
) -> None:
    main(["--archive", str(archive_path), "import", str(SEED)])
    dest = tmp_path / "dossier.pdf"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), DOSSIERDESK_PDF_WORKER="0")
    code = (
        "import os, sys\n"
        "import dossierdesk.pdf.export as e\n"
        "real = e._paint\n"
        "def killed(*a, **k):\n"
        "    real(*a, **k)\n"
        "    os._exit(9)  # as if killed before the file was moved into place\n"
        "e._paint = killed\n"
        "from dossierdesk.cli.main import main\n"
        f"main(['--archive', {str(archive_path)!r}, 'export', '--ids', '1', '-o', {str(dest)!r}])\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=False, capture_output=True)
    leftovers = list(tmp_path.glob(".dossier.pdf.*.part"))
    assert leftovers and not dest.exists()
    assert main(["--archive", str(archive_path), "export", "--ids", "1", "-o", str(dest)]) == 0
    assert dest.exists()
    assert list(tmp_path.glob(".dossier.pdf.*.part")) == []
