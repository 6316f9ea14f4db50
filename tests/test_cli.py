"""The command line end to end: commands, JSON shapes, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import CORPUS, SEED

from dossierdesk.cli.main import main

pytestmark = pytest.mark.both_backends


class Cli:
    def __init__(self, archive: Path | str, capsys: pytest.CaptureFixture[str]) -> None:
        self.archive = archive
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = main(["--archive", str(self.archive), *args])
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def cli(archive_location: str, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(archive_location, capsys)


def test_import_json_reports_each_file(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    code, out, err = cli("import", str(SEED), str(bad), "--json")
    assert code == 1  # one input rejected, the rest done
    reports = [json.loads(line) for line in out.splitlines()]
    assert reports[0]["status"] == "imported" and reports[0]["id"] == 1
    assert reports[0]["file"].endswith("000_014c2d8a4cbccb0c.txt")
    assert reports[1]["status"] == "failed" and reports[1]["file"].endswith("bad.html")
    assert reports[1]["message"] and "Traceback" not in err
    code, out, _ = cli("import", str(SEED), "--json")
    assert code == 0
    assert json.loads(out)["status"] == "duplicate"
    assert json.loads(out)["message"] == "already in archive as #1"


def test_an_import_collects_garbage_less_often_and_then_as_before(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from dossierdesk.cli import main as cli_main
    from dossierdesk.service.parse_worker import IMPORT_GC_THRESHOLDS

    during: list[tuple[int, ...]] = []
    real = cli_main.cmd_import

    def recording(*args: Any, **kwargs: Any) -> int:
        during.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr(cli_main, "cmd_import", recording)
    before = gc.get_threshold()
    code, _, _ = cli("import", str(SEED))
    assert code == 0
    assert during == [IMPORT_GC_THRESHOLDS] != [before]
    assert gc.get_threshold() == before


def test_show_json_has_the_documented_fields(cli: Cli) -> None:
    cli("import", str(SEED))
    code, out, _ = cli("show", "1", "--json")
    assert code == 0
    data = json.loads(out)
    fields = "id title published authors byline source dateline url body word_count tags"
    for key in [*fields.split(), "source_file", "format", "images"]:
        assert key in data
    assert data["published"] == "2024-11-18"
    assert data["authors"] == ["David Vergun"]
    assert data["source"] == "DOD News"
    img = data["images"][0]
    for key in [
        "caption",
        "credit",
        "virin",
        "virin_date",
        "virin_service",
        "virin_originator",
        "download_size",
        "url",
    ]:
        assert key in img
    assert img["virin"] == "230515-D-KY598-1364"
    assert img["virin_date"] == "2023-05-15"
    assert img["virin_service"] == "Department of Defense"
    assert img["virin_originator"] == "KY598"
    assert img["download_size"] == "5.2 MB"


def test_show_text_places_images_and_missing_id(cli: Cli) -> None:
    cli("import", str(SEED))
    code, out, _ = cli("show", "1")
    assert code == 0
    assert "VIRIN: 230515-D-KY598-1364  (shot 2023-05-15, Department of Defense)" in out
    code, _, err = cli("show", "99")
    assert code == 1 and "no article #99" in err


def test_list_query_sort_limit_json(cli: Cli) -> None:
    cli("import", str(CORPUS))
    code, out, err = cli("list", "--query", "source:dod", "--sort", "date", "--json")
    assert code == 0
    items = json.loads(out)
    assert items and all("dod" in (i["source"] or "").lower() for i in items)
    dates = [i["published"] for i in items if i["published"]]
    assert dates == sorted(dates)
    code, out, err = cli("list", "--limit", "3")
    assert code == 0
    assert len(out.strip().splitlines()) == 3
    assert "(showing 3)" in err


def test_bad_query_and_bad_usage_exit_2(cli: Cli) -> None:
    code, _, err = cli("list", "--query", "(unclosed")
    assert code == 2 and "bad query" in err
    code, _, err = cli("list", "--sort", "colour")
    assert code == 2 and "unknown sort field" in err
    with pytest.raises(SystemExit) as info:
        cli("tag", "add", "x")  # neither --ids nor --query
    assert info.value.code == 2


def test_tag_by_query_and_ids_then_tags_json(cli: Cli) -> None:
    cli("import", str(CORPUS))
    code, _, _ = cli("tag", "add", "warrior-games", "--query", "title:warrior")
    assert code == 0
    code, _, _ = cli("tag", "add", "seed", "--ids", "1,2")
    assert code == 0
    code, out, _ = cli("tags", "--json")
    counts = {t["name"]: t["count"] for t in json.loads(out)}
    assert counts["seed"] == 2 and counts["warrior-games"] >= 2
    code, _, _ = cli("tag", "remove", "seed", "--ids", "1")
    _, out, _ = cli("tags", "--json")
    assert {t["name"]: t["count"] for t in json.loads(out)}["seed"] == 1
    _, out, _ = cli("list", "--query", "tag:seed", "--json")
    assert [i["id"] for i in json.loads(out)] == [2]


def test_stats_check_backup(cli: Cli, tmp_path: Path) -> None:
    cli("import", str(SEED))
    code, out, _ = cli("stats", "--json")
    stats = json.loads(out)
    assert stats["articles"] == 1 and stats["images"] == 2 and stats["virins"] == 2
    code, out, _ = cli("check")
    assert code == 0 and out.strip() == "ok"
    dest = tmp_path / "copy.sqlite3"
    code, _, _ = cli("backup", str(dest))
    assert code == 0
    code, out, _ = main_in(dest, "list", "--json")
    assert next(i["title"] for i in json.loads(out)).startswith("North Korean")


def main_in(archive: Path, *args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "dossierdesk.cli.main", "--archive", str(archive), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_export_metadata_csv_and_json(cli: Cli, tmp_path: Path) -> None:
    cli("import", str(SEED), str(CORPUS / "005_afmil-dodnews-carter-embrace-future.html"))
    code, out, _ = cli("export-metadata", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2
    assert {r["virins"] for r in rows} >= {"230515-D-KY598-1364; 240919-Z-JU958-1072"}
    out_file = tmp_path / "meta.json"
    code, _, _ = cli("export-metadata", "--format", "json", "-o", str(out_file))
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert len(data) == 2 and "body" not in data[0] and data[0]["images"] is not None


def test_reparse_command(cli: Cli) -> None:
    cli("import", str(SEED))
    code, _, err = cli("reparse")
    assert code == 0 and "re-extracted 1" in err


def test_archive_env_variable_and_newer_archive_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "env.sqlite3"
    monkeypatch.setenv("DOSSIERDESK_ARCHIVE", str(target))
    assert main(["import", str(SEED)]) == 0
    assert target.exists()
    import sqlite3

    con = sqlite3.connect(target)
    con.execute("UPDATE alembic_version SET version_num='zz_future'")
    con.commit()
    con.close()
    capsys.readouterr()
    assert main(["list"]) == 1
    assert "newer version of Dossier Desk" in capsys.readouterr().err


def test_console_script_runs_as_a_process(tmp_path: Path) -> None:
    code, _out, err = main_in(tmp_path / "p.sqlite3", "import", str(SEED))
    assert code == 0, err
    assert "imported 1, duplicates 0, failed 0" in err
