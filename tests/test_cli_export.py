"""``dossierdesk-cli export``: dossiers, queries and id lists to PDF, errors and exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from dossierdesk.cli.main import main
from dossierdesk.service import Archive

CORPUS = Path(__file__).parent / "data" / "corpus"


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus imported once for the module (tests only add dossiers to it)."""
    archive_path = tmp_path_factory.mktemp("export") / "archive.sqlite3"
    with Archive(archive_path) as archive:
        report = archive.import_paths([CORPUS])
        assert report.imported_ids
    return archive_path


def run(archive_path: Path, *args: str) -> int:
    return main(["--archive", str(archive_path), "export", *args])


def outline_titles(path: Path) -> list[str]:
    return [item.title for item in PdfReader(path).outline]


def test_empty_query_exports_every_article_oldest_first(
    qapp: object, filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "all.pdf"
    assert run(filled, "--query", "", "--title", "Everything", "-o", str(out)) == 0
    err = capsys.readouterr().err
    assert "wrote" in err and str(out) in err
    with Archive(filled) as archive:
        ids = archive.search("", sort="date").ids
        titles = [" ".join(s.title.split()) for s in archive.summaries(ids)]
    outline = outline_titles(out)
    assert outline[2:-1] == titles
    assert PdfReader(out).metadata.title == "Everything"


def test_dossier_export_keeps_the_dossier_order_and_notes(
    qapp: object, filled: Path, tmp_path: Path
) -> None:
    with Archive(filled) as archive:
        ids = list(archive.search("", sort="date").ids)[:4]
        chosen = [ids[2], ids[0], ids[3]]
        dossier_id = archive.create_dossier(
            "Brief for the general", compiled_by="Capt. Lee", article_ids=chosen
        )
        archive.set_dossier_note(dossier_id, ids[0], "Key background")
        titles = [" ".join(s.title.split()) for s in archive.summaries(chosen)]
    out = tmp_path / "brief.pdf"
    assert run(filled, "--dossier", "brief for the general", "-o", str(out), "--pdfa") == 0
    assert outline_titles(out)[2:-1] == titles
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Key background" in text and "Compiled by Capt. Lee" in text
    meta = PdfReader(out).metadata
    assert meta is not None and meta.author == "Capt. Lee" and meta.title == "Brief for the general"
    # By id too, with the title overridden.
    out2 = tmp_path / "by-id.pdf"
    assert run(filled, "--dossier", str(dossier_id), "--title", "Other", "-o", str(out2)) == 0
    assert PdfReader(out2).metadata.title == "Other"


def test_ids_in_the_order_given_and_page_size(qapp: object, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "ids.pdf"
    assert run(filled, "--ids", "3,1", "--page-size", "Letter", "-o", str(out)) == 0
    with Archive(filled) as archive:
        titles = [" ".join(s.title.split()) for s in archive.summaries([3, 1])]
    assert outline_titles(out)[2:-1] == titles
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--ids", "1,99999"], 1, "no article #99999"),
        (["--query", "title:("], 2, "bad query"),
        (["--query", "zzzqqqxxnotaword"], 1, "nothing to export"),
        (["--dossier", "no such dossier"], 1, "no dossier"),
        (["--query", "", "--sort", "bogus"], 2, "bogus"),
    ],
)
def test_errors_are_one_line_with_the_cli_exit_codes(
    qapp: object,
    filled: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    message: str,
) -> None:
    out = tmp_path / "x.pdf"
    assert run(filled, *args, "-o", str(out)) == code
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()


def test_unwritable_output_names_the_file(
    qapp: object, filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing-folder" / "x.pdf"
    assert run(filled, "--ids", "1", "-o", str(out)) == 1
    assert str(out) in capsys.readouterr().err


def test_missing_source_is_a_usage_error(filled: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        run(filled, "-o", str(tmp_path / "x.pdf"))
    assert exc.value.code == 2


def test_other_commands_never_import_qt(filled: Path) -> None:
    code = (
        "import sys\n"
        "from dossierdesk.cli.main import main\n"
        f"main(['--archive', {str(filled)!r}, 'list'])\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_cli_runs_headless_in_a_fresh_process(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "fresh.pdf"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dossierdesk.cli.main",
            "--archive",
            str(filled),
            "export",
            "--ids",
            "1,2",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert len(PdfReader(out).pages) >= 4


def test_no_photos_turns_photos_off(
    qapp: object, filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dossierdesk.pdf as pdf_package

    seen: list[bool] = []
    real = pdf_package.export_pdf

    def spy(document: object, path: object, options: object, **kwargs: object) -> object:
        seen.append(options.include_photos)  # type: ignore[attr-defined]
        return real(document, path, options, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_package, "export_pdf", spy)
    assert run(filled, "--ids", "1", "-o", str(tmp_path / "a.pdf")) == 0
    assert run(filled, "--ids", "1", "--no-photos", "-o", str(tmp_path / "b.pdf")) == 0
    assert (
        run(filled, "--ids", "1", "--no-photos", "--page-size", "A4", "-o", str(tmp_path / "c.pdf"))
        == 0
    )
    assert seen == [True, False, False]
