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
