"""The installation self-test really exercises the product and reports failures by step."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossierdesk import selftest


def test_self_test_runs_every_step(qapp: object, tmp_path: Path) -> None:
    report = selftest.run_self_test(tmp_path)
    assert report.steps[:7] == ["import", "query", "tag", "dossier", "export", "pdf", "check"]
    assert report.facts["imported"] >= 20
    assert report.facts["pdf_pages"] > report.facts["dossier_articles"]
    assert (tmp_path / "selftest.pdf").stat().st_size > 10_000
    assert "self-test passed" in report.summary()


def test_self_test_names_the_failing_step(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "no-seeds"
    empty.mkdir()
    monkeypatch.setattr("dossierdesk.service.paths.bundled_seeds_dir", lambda: empty)
    with pytest.raises(selftest.SelfTestFailure, match="import: no articles imported"):
        selftest.run_self_test(tmp_path)


def test_extra_step_runs_last(qapp: object, tmp_path: Path) -> None:
    seen: list[Path] = []

    def extra(path: Path) -> str:
        seen.append(path)
        return "window"

    report = selftest.run_self_test(tmp_path, extra_step=extra)
    assert report.steps[-1] == "window"
    assert seen == [tmp_path / "selftest.sqlite3"]


def test_gui_self_test_checks_the_window(qapp: object, capsys: pytest.CaptureFixture[str]) -> None:
    from dossierdesk.gui.main import main

    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert "self-test passed: 26 sample articles imported" in out
    assert "(8 steps" in out  # the seven core steps and the window


def test_gui_self_test_reports_failure(
    qapp: object, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossierdesk.gui.main import main

    def broken(path: Path) -> str:
        raise selftest.SelfTestFailure("window: table shows 0 of 26 rows")

    monkeypatch.setattr("dossierdesk.gui.main._window_check", broken)
    assert main(["--self-test"]) == 1
    assert "self-test FAILED: window: table shows 0 of 26 rows" in capsys.readouterr().err
