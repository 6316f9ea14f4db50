"""A test-sized run of the import fuzz harness (``bench/fuzz_import.py`` is the long run):
mutated real pages imported in batches through the command line, and after every batch no
traceback, no partial record and a passing ``check``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.fuzzing import MUTATIONS, mutated_files, partial_records

from dossierdesk.cli.main import main

FILES = 120
BATCH = 40


def test_mutated_pages_never_leave_a_traceback_or_a_partial_record(
    archive_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = list(mutated_files(tmp_path / "fuzz", FILES, seed=20261206))
    assert {m for p in paths for m in p.name.split("-", 1)[-1].split(".")[0].split("+")} >= {
        "flip",
        "giant-line",
    }
    statuses: dict[str, int] = {}
    for start in range(0, len(paths), BATCH):
        batch = [str(p) for p in paths[start : start + BATCH]]
        code = main(["--archive", str(archive_path), "import", "--json", *batch])
        out, err = capsys.readouterr()
        assert code in (0, 1), err
        assert "Traceback" not in err
        reports = [json.loads(line) for line in out.splitlines()]
        reported = {Path(r["file"].split("!")[0].split("::")[0]).name for r in reports}
        for path in batch:
            assert Path(path).name in reported or any(
                r["file"].startswith(path) for r in reports
            ), f"{path} was not reported"
        for r in reports:
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
            assert r["status"] != "failed" or r["message"], r
        assert partial_records(archive_path) == []
        assert main(["--archive", str(archive_path), "check"]) == 0, capsys.readouterr().err
        capsys.readouterr()
    assert statuses.get("imported", 0) > 0 and statuses.get("failed", 0) > 0
    assert len(MUTATIONS) >= 10
