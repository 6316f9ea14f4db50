"""How ``import`` and ``watch`` report each file (``cli.outcomes``)."""

from __future__ import annotations

import io
import json
import sys

import pytest

from dossierdesk.cli.outcomes import print_outcomes
from dossierdesk.service.dto import ImportOutcome, ImportReport, ImportStatus

IMPORTED = ImportStatus.IMPORTED


def _report() -> ImportReport:
    return ImportReport(
        outcomes=[
            ImportOutcome("a.html", IMPORTED, 1, title="First"),
            ImportOutcome("b.html", IMPORTED, 2, title="Second"),
            ImportOutcome("c.txt", ImportStatus.FAILED, message="not an article"),
            ImportOutcome("d.html", IMPORTED, 3, title="Third"),
            ImportOutcome("e.html", ImportStatus.DUPLICATE, message="already in archive as #1"),
            ImportOutcome("f.html", ImportStatus.DUPLICATE, message="already in archive as #2"),
            ImportOutcome("g.html", IMPORTED, 4, title="Fourth"),
        ]
    )


def test_each_file_goes_to_its_stream(capsys: pytest.CaptureFixture[str]) -> None:
    print_outcomes(_report(), as_json=False)
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "#1\tFirst\t(a.html)",
        "#2\tSecond\t(b.html)",
        "#3\tThird\t(d.html)",
        "#4\tFourth\t(g.html)",
    ]
    assert err.splitlines() == [
        "c.txt: not an article",
        "e.html: skipped, already in archive as #1",
        "f.html: skipped, already in archive as #2",
    ]


def test_one_terminal_shows_the_lines_in_the_files_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both streams on one terminal (``2>&1``): the lines come in the files' order, as they
    did when every line was printed and flushed by itself."""

    terminal = io.StringIO()  # behind two buffered streams: only what they flush reaches it
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=False)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=False)

    def flusher(stream: io.TextIOWrapper) -> object:
        real_flush = stream.flush

        def flush() -> None:
            real_flush()
            raw = stream.buffer
            assert isinstance(raw, io.BytesIO)
            terminal.write(raw.getvalue().decode("utf-8"))
            raw.seek(0)
            raw.truncate()

        return flush

    monkeypatch.setattr(out, "flush", flusher(out))
    monkeypatch.setattr(err, "flush", flusher(err))
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    print_outcomes(_report(), as_json=False)
    assert [line.split("\t")[-1].split(":")[0] for line in terminal.getvalue().splitlines()] == [
        "(a.html)",
        "(b.html)",
        "c.txt",
        "(d.html)",
        "e.html",
        "f.html",
        "(g.html)",
    ]


def test_json_reports_every_file_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    print_outcomes(_report(), as_json=True)
    out, err = capsys.readouterr()
    assert err == ""
    reports = [json.loads(line) for line in out.splitlines()]
    assert [(r["file"], r["status"]) for r in reports] == [
        ("a.html", "imported"),
        ("b.html", "imported"),
        ("c.txt", "failed"),
        ("d.html", "imported"),
        ("e.html", "duplicate"),
        ("f.html", "duplicate"),
        ("g.html", "imported"),
    ]


def test_a_report_without_files_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    print_outcomes(ImportReport(), as_json=False)
    assert capsys.readouterr() == ("", "")


def test_a_long_run_is_written_in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    from dossierdesk.cli import outcomes

    monkeypatch.setattr(outcomes, "RUN_LINES", 3)
    writes: list[str] = []

    class Stream(io.StringIO):
        def write(self, text: str) -> int:
            writes.append(text)
            return len(text)

    monkeypatch.setattr(sys, "stdout", Stream())
    report = ImportReport(
        outcomes=[ImportOutcome(f"{n}.html", IMPORTED, n, title="T") for n in range(1, 8)]
    )
    print_outcomes(report, as_json=False)
    assert [text.count("\n") for text in writes] == [3, 3, 1]
    assert "".join(writes).splitlines() == [f"#{n}\tT\t({n}.html)" for n in range(1, 8)]
