"""``dossierdesk-cli dossier …`` end to end: actions, JSON shape, messages and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.test_cli import Cli
from tests.test_dossiers import DATES, TOPICS, _text

pytestmark = pytest.mark.both_backends


@pytest.fixture
def cli(archive_location: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    """A CLI on an archive holding six articles (ids 1..6, dates ``DATES``)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n, date in enumerate(DATES):
        (folder / f"a{n}.txt").write_bytes(_text(n, date, TOPICS[n]))
    run = Cli(archive_location, capsys)
    code, _, _ = run("import", str(folder))
    assert code == 0
    return run


def _ids_by_title(cli: Cli) -> dict[str, int]:
    _, out, _ = cli("list", "--json")
    return {a["title"]: a["id"] for a in json.loads(out)}


def _show(cli: Cli, ref: str) -> dict[str, object]:
    code, out, err = cli("dossier", "show", ref, "--json")
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def _order(cli: Cli, ref: str) -> list[int]:
    entries = _show(cli, ref)["entries"]
    assert isinstance(entries, list)
    return [e["article_id"] for e in entries]


def test_create_from_query_prints_id_and_shows_in_date_order(cli: Cli) -> None:
    ids = _ids_by_title(cli)
    code, out, err = cli(
        "dossier",
        "create",
        "Naval Readiness",
        "--subtitle",
        "Spring 2024",
        "--compiled-by",
        "J. Doe",
        "--description",
        "Ships.",
        "--query",
        "ships",
    )
    assert code == 0
    assert out.strip() == "1"
    assert "created dossier #1 'Naval Readiness' with 3 articles" in err
    data = _show(cli, "naval readiness")
    assert {k: data[k] for k in ("id", "title", "subtitle", "compiled_by", "description")} == {
        "id": 1,
        "title": "Naval Readiness",
        "subtitle": "Spring 2024",
        "compiled_by": "J. Doe",
        "description": "Ships.",
    }
    assert data["article_count"] == 3
    assert set(data) == {
        "id",
        "title",
        "subtitle",
        "compiled_by",
        "description",
        "created",
        "updated",
        "article_count",
        "entries",
    }
    entries = data["entries"]
    assert isinstance(entries, list)
    assert [e["position"] for e in entries] == [1, 2, 3]
    assert [e["published"] for e in entries] == ["2024-01-10", "2024-02-29", "2024-03-01"]
    assert entries[0] == {
        "position": 1,
        "article_id": ids["Article 2 on ships"],
        "published": "2024-01-10",
        "title": "Article 2 on ships",
        "note": None,
    }


def test_add_move_note_remove_and_plain_show(cli: Cli) -> None:
    cli("dossier", "create", "D", "--ids", "1,2,3")
    code, _, err = cli("dossier", "add", "D", "--ids", "4,1", "--at", "1", "--note", "lead")
    assert code == 0 and "added 1 article to dossier #1 (1 already there)" in err
    assert _order(cli, "D") == [4, 1, 2, 3]
    code, _, err = cli("dossier", "move", "1", "--id", "4", "--to", "3")
    assert code == 0 and "moved to position 3 of 4" in err
    assert _order(cli, "D") == [1, 2, 4, 3]
    code, _, _ = cli("dossier", "note", "d", "--id", "2", "Read first")
    assert code == 0
    code, out, _ = cli("dossier", "show", "D")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "#1  D"
    body = lines[lines.index("") + 1 :]
    assert body[0] == "1  2024-03-01  #1  Article 0 on ships"
    assert body[1] == "2  2023-01-05  #2  Article 1 on tanks"
    assert body[2].strip() == "note: Read first"
    assert body[3].startswith("3  2022-07-04  #4  ")
    assert body[4].strip() == "note: lead"
    code, _, _ = cli("dossier", "note", "D", "--id", "2", "")
    assert _show(cli, "D")["entries"][1]["note"] is None  # type: ignore[index]
    code, _, err = cli("dossier", "remove", "D", "--ids", "2,5")
    assert code == 1  # article 5 was not in the dossier
    assert "removed 1 article" in err
    assert _order(cli, "D") == [1, 4, 3]


def test_add_by_query_appends_oldest_first(cli: Cli) -> None:
    cli("dossier", "create", "T", "--ids", "1")
    code, _, _ = cli("dossier", "add", "T", "--query", "tanks")
    assert code == 0
    assert _order(cli, "T") == [1, 6, 2]  # 2021-12-31, then 2023-01-05


def test_list_rename_duplicate_edit_delete(cli: Cli) -> None:
    cli("dossier", "create", "Beta", "--ids", "1,2")
    cli("dossier", "create", "alpha")
    code, out, err = cli("dossier", "list")
    assert code == 0 and "2 dossiers" in err
    rows = [line.split() for line in out.splitlines()]
    assert [(r[0], r[1], r[3]) for r in rows] == [("2", "0", "alpha"), ("1", "2", "Beta")]
    code, out, _ = cli("dossier", "duplicate", "Beta", "--title", "Gamma")
    assert code == 0 and out.strip() == "3"
    code, _, _ = cli("dossier", "rename", "alpha", "Alpha One")
    assert code == 0
    code, _, _ = cli("dossier", "edit", "Gamma", "--subtitle", "Sub", "--compiled-by", "Me")
    assert code == 0
    code, _, _ = cli("dossier", "edit", "Gamma", "--compiled-by", "")
    assert code == 0
    code, out, _ = cli("dossier", "list", "--json")
    listed = json.loads(out)
    assert [(d["id"], d["title"], d["article_count"]) for d in listed] == [
        (2, "Alpha One", 0),
        (1, "Beta", 2),
        (3, "Gamma", 2),
    ]
    assert listed[2]["subtitle"] == "Sub" and listed[2]["compiled_by"] is None
    code, _, err = cli("dossier", "delete", "Beta")
    assert code == 0 and "its articles stay" in err
    _, out, _ = cli("dossier", "list", "--json")
    assert [d["id"] for d in json.loads(out)] == [2, 3]
    _, out, _ = cli("list", "--json")
    assert len(json.loads(out)) == 6


def test_errors_are_messages_with_exit_codes(cli: Cli) -> None:
    cli("dossier", "create", "Same")
    cli("dossier", "create", "same")
    cases = [
        (("dossier", "show", "Nope"), 1, "no dossier titled 'Nope'"),
        (("dossier", "show", "SAME"), 1, "2 dossiers are titled 'SAME' (#1, #2)"),
        (("dossier", "add", "1", "--ids", "99"), 1, "no article #99"),
        (("dossier", "move", "1", "--id", "3", "--to", "1"), 1, "not in the dossier: #3"),
        (("dossier", "note", "1", "--id", "3", "x"), 1, "article #3 is not in dossier #1"),
        (("dossier", "create", "  "), 2, "title cannot be empty"),
        (("dossier", "add", "1"), 2, "give --ids or --query"),
        (("dossier", "move", "1", "--id", "3", "--to", "0"), 2, "positions start at 1"),
        (("dossier", "edit", "1"), 2, "nothing to change"),
        (("dossier", "add", "1", "--query", 'title:"open'), 2, "bad query"),
    ]
    for args, expected_code, message in cases:
        code, _, err = cli(*args)
        assert (code, message in err) == (expected_code, True), (args, err)
        assert "Traceback" not in err
    with pytest.raises(SystemExit) as exc:
        cli("dossier", "create", "X", "--ids", "1", "--query", "ships")
    assert exc.value.code == 2


def _run_module(archive_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "dossierdesk.cli.main", "--archive", str(archive_path)]
    return subprocess.run([*command, *args], capture_output=True, text=True, check=False)


def test_runs_as_a_module_with_clean_errors(archive_path: Path) -> None:
    proc = _run_module(archive_path, "dossier", "create", "Run as a module", "--compiled-by", "")
    assert (proc.returncode, proc.stdout) == (0, "1\n"), proc.stderr
    proc = _run_module(archive_path, "dossier", "rename", "1", " ")
    assert proc.returncode == 2
    assert proc.stderr == "dossierdesk-cli: a dossier title cannot be empty\n"
