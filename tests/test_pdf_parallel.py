"""PDF export on two processes (``pdf/parallel.py``): the same pages as one process paints,
whatever happens to the paint worker."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPagedPaintDevice, QPdfWriter
from tests.test_pdf_export import FILLER, article, image, sample_document, sample_entries

from dossierdesk.pdf import (
    DossierEntry,
    DossierRenderer,
    ExportOptions,
    RenderCancelled,
    RenderProgress,
    RenderResult,
    export_pdf,
)
from dossierdesk.pdf import parallel as parallel_module
from dossierdesk.pdf.pdfmerge import merge_pdfs
from dossierdesk.service.cancel import CancelToken

ARTICLES = 9


def entries() -> list[DossierEntry]:
    """Articles of one to three pages, with images, plus the odd ones of the export tests."""
    out = list(sample_entries())
    for n in range(4, ARTICLES + 1):
        body = tuple(f"Article {n}, paragraph {k}. " + FILLER * (1 + (n * k) % 5) for k in range(9))
        out.append(
            DossierEntry(
                article(
                    n,
                    f"Report {n} on sustainment",
                    body,
                    published=dt.date(2024, 2, n),
                    images=(image(0, 2, f"2402{n:02d}-F-AB123-{1000 + n}", "Sgt. Roe", "Cargo"),),
                )
            )
        )
    return out


def all_text(path: Path) -> list[str]:
    """The text of every page (pdftotext, layout kept)."""
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.split("\f")[:-1]


@pytest.fixture
def worker_on(monkeypatch: pytest.MonkeyPatch) -> list[list[Path]]:
    """Forces the worker for small dossiers; returns the parts each export joined."""
    monkeypatch.setattr(parallel_module, "MIN_ARTICLES", 2)
    monkeypatch.setenv(parallel_module.ENV_SWITCH, "1")
    joined: list[list[Path]] = []
    real = parallel_module.merge_pdfs

    def spy(parts: list[Path], out: Path) -> int:
        joined.append(list(parts))
        return real(parts, out)

    monkeypatch.setattr(parallel_module, "merge_pdfs", spy)
    return joined


@pytest.fixture(scope="module")
def one_process(
    qapp: object, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, RenderResult]:
    path = tmp_path_factory.mktemp("one") / "one.pdf"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(parallel_module.ENV_SWITCH, "0")
        result = export_pdf(sample_document(entries()), path, ExportOptions("A4"))
    return path, result


def test_two_processes_print_the_pages_one_process_prints(
    worker_on: list[list[Path]],
    one_process: tuple[Path, RenderResult],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path, result = one_process
    out = tmp_path / "two.pdf"
    seen: list[RenderProgress] = []
    with caplog.at_level(logging.WARNING, logger="dossierdesk.pdf.parallel"):
        two = export_pdf(sample_document(entries()), out, ExportOptions("A4"), progress=seen.append)
    assert not caplog.records  # the worker did its part
    assert [p.name for p in worker_on[0]] == ["front.pdf", "worker.pdf", "credits.pdf"]
    assert two == result
    assert all_text(out) == all_text(path)
    reader = PdfReader(out, strict=True)
    assert len(reader.pages) == result.page_count
    outline = [reader.get_destination_page_number(o) + 1 for o in reader.outline]
    assert outline == [o.page for o in result.outline]  # type: ignore[arg-type]
    paints = [p.done for p in seen if p.stage == "paint"]
    assert paints == sorted(paints) and paints[-1] == ARTICLES


def test_worker_pages_look_the_same(
    worker_on: list[list[Path]], one_process: tuple[Path, RenderResult], tmp_path: Path
) -> None:
    """Pixels of a page painted by the worker and of the credits (joined from a third file)."""
    path, result = one_process
    out = tmp_path / "two.pdf"
    export_pdf(sample_document(entries()), out, ExportOptions("A4"))
    for page in (result.toc[-1].page, result.page_count):
        images = []
        for pdf in (path, out):
            prefix = tmp_path / f"{pdf.stem}-{page}"
            args = ["-r", "40", "-f", str(page), "-l", str(page), "-png", "-singlefile"]
            subprocess.run(["pdftoppm", *args, str(pdf), str(prefix)], check=True)
            images.append(prefix.with_suffix(".png").read_bytes())
        assert images[0] == images[1], page


def test_a_failing_worker_leaves_its_pages_to_this_process(
    worker_on: list[list[Path]],
    one_process: tuple[Path, RenderResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path, result = one_process
    monkeypatch.setattr(parallel_module, "BOOTSTRAP", "import sys; sys.exit(3)")
    out = tmp_path / "fallback.pdf"
    with caplog.at_level(logging.WARNING, logger="dossierdesk.pdf.parallel"):
        again = export_pdf(sample_document(entries()), out, ExportOptions("A4"))
    assert "painting its pages here" in caplog.text
    assert again == result
    assert all_text(out) == all_text(path)


def test_a_silent_worker_is_killed_and_its_pages_painted_here(
    worker_on: list[list[Path]],
    one_process: tuple[Path, RenderResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path, result = one_process
    monkeypatch.setattr(parallel_module, "BOOTSTRAP", "import time; time.sleep(600)")
    monkeypatch.setattr(parallel_module, "STALL_SECONDS", 0.5)
    out = tmp_path / "stalled.pdf"
    with caplog.at_level(logging.WARNING, logger="dossierdesk.pdf.parallel"):
        again = export_pdf(sample_document(entries()), out, ExportOptions("A4"))
    assert "silent for" in caplog.text
    assert again == result
    assert all_text(out) == all_text(path)


def test_a_worker_that_cannot_start_is_not_an_error(
    worker_on: list[list[Path]],
    one_process: tuple[Path, RenderResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, result = one_process
    monkeypatch.setattr(parallel_module.sys, "executable", str(tmp_path / "no-such-python"))
    out = tmp_path / "nostart.pdf"
    assert export_pdf(sample_document(entries()), out, ExportOptions("A4")) == result
    assert all_text(out) == all_text(path)


def test_cancel_stops_the_worker_and_leaves_nothing(
    worker_on: list[list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    started: list[parallel_module.PaintWorker] = []
    real = parallel_module.PaintWorker

    class Spy(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args: object) -> None:
            super().__init__(*args)
            started.append(self)

    monkeypatch.setattr(parallel_module, "PaintWorker", Spy)
    token = CancelToken()

    def cancel_midway(p: RenderProgress) -> None:
        if p.stage == "paint" and p.done >= 1:
            token.cancel()

    out = tmp_path / "cancelled.pdf"
    with pytest.raises(RenderCancelled):
        export_pdf(sample_document(entries()), out, progress=cancel_midway, cancel=token)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["temp"]
    assert list(temp.iterdir()) == []  # the parts are gone
    assert len(started) == 1 and started[0].process.returncode is not None


def test_pdfa_survives_the_join(worker_on: list[list[Path]], tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    result = export_pdf(sample_document(entries()), out, ExportOptions("A4", pdfa=True))
    assert worker_on
    reader = PdfReader(out, strict=True)
    root = reader.trailer["/Root"]
    assert "pdfaid:part" in root["/Metadata"].get_object().get_data().decode()
    assert "/OutputIntents" in root
    assert len(reader.pages) == result.page_count


def test_small_dossiers_and_forced_off_use_one_process(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = sample_document(entries())
    monkeypatch.setattr(parallel_module, "MIN_ARTICLES", 2)
    monkeypatch.setenv(parallel_module.ENV_SWITCH, "0")
    assert not parallel_module.enabled_for(many)
    monkeypatch.setenv(parallel_module.ENV_SWITCH, "1")
    assert parallel_module.enabled_for(many)
    assert not parallel_module.enabled_for(sample_document(entries()[:1]))
    monkeypatch.delenv(parallel_module.ENV_SWITCH)
    monkeypatch.setattr(parallel_module.os, "getloadavg", lambda: (9.0, 9.0, 9.0))
    assert not parallel_module.enabled_for(many)  # busy machine: the worker would only cost
    monkeypatch.setattr(parallel_module.os, "getloadavg", lambda: (0.2, 0.2, 0.2))
    assert parallel_module.enabled_for(many)


def _qt_pdf(path: Path, pages: int, label: str) -> None:
    from PySide6.QtGui import QPainter

    writer = QPdfWriter(str(path))
    writer.setPdfVersion(QPagedPaintDevice.PdfVersion.PdfVersion_1_4)
    painter = QPainter(writer)
    for n in range(pages):
        if n:
            writer.newPage()
        painter.drawText(100, 100, f"{label} page {n + 1}")
    painter.end()
    del writer


def test_merge_keeps_page_order_and_reads_back_strictly(qapp: object, tmp_path: Path) -> None:
    parts = [tmp_path / f"{name}.pdf" for name in ("a", "b", "c")]
    for part, count in zip(parts, (2, 3, 1), strict=True):
        _qt_pdf(part, count, part.stem)
    out = tmp_path / "joined.pdf"
    assert merge_pdfs(parts, out) == 6
    reader = PdfReader(out, strict=True)
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert texts == ["a page 1", "a page 2", "b page 1", "b page 2", "b page 3", "c page 1"]
    assert reader.metadata is not None and reader.trailer["/ID"]
    done = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stderr


def test_renderer_paint_is_still_one_device(qapp: object, tmp_path: Path) -> None:
    """Print and preview: ``DossierRenderer.paint`` paints every page on the device given."""
    writer = QPdfWriter(str(tmp_path / "device.pdf"))
    result = DossierRenderer(sample_document(entries()), ExportOptions("A4")).paint(writer)
    del writer
    assert len(PdfReader(tmp_path / "device.pdf").pages) == result.page_count


def test_the_paint_worker_loads_neither_the_archive_nor_pypdf() -> None:
    # The worker's start is part of every two-process export: the package initialisers are
    # lazy so that the renderer and the entries' dataclasses come without SQLAlchemy & co.
    code = (
        "import sys; import dossierdesk.pdf.paint_worker, dossierdesk.pdf.renderer, "
        "dossierdesk.pdf.model, dossierdesk.service.dto; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'pypdf', 'alembic'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
