"""Importing on a worker thread: progress, report, cancel, errors, undo of a batch."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication

from dossierdesk.gui.editing import EditController
from dossierdesk.gui.import_report import ImportReportDialog, report_text
from dossierdesk.gui.ops import task_manager
from dossierdesk.service import Archive, ImportStatus, import_session
from dossierdesk.service.dto import ImportOutcome, ImportProgress, ImportReport

from .conftest_editing import (  # noqa: F401 (fixtures)
    SMALL_FILES,
    answers_fixture,
    controller_fixture,
    host_fixture,
    small_archive_fixture,
)

MORE = (
    "009_afmil-factsheet-b-52.html",
    "010_afmil-biography-gen-robin-rand.html",
    "019_afmil-rss-news-feed-2016-01-17.xml",
)


def _import(qtbot: Any, controller: EditController, paths: list[Path]) -> ImportReport:
    with qtbot.waitSignal(controller.importFinished, timeout=60_000) as blocker:
        controller.import_paths(paths)
        assert controller.importing  # returned at once: the work is on the worker thread
    report = blocker.args[0]
    assert isinstance(report, ImportReport)
    return report


def test_import_reports_progress_failures_duplicates_and_is_undoable(
    qtbot: Any, controller: EditController, corpus_dir: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"\x00\x01\x02 not html \xff\xfe")
    archive = controller.archive
    before = archive.count()
    progress: list[ImportProgress] = []
    controller.importProgress.connect(progress.append)
    imported: list[list[int]] = []
    controller.articlesImported.connect(imported.append)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(0)
    ticks_at_finish: list[int] = []
    controller.importFinished.connect(lambda _report: ticks_at_finish.append(len(ticks)))
    paths = [corpus_dir / MORE[0], corpus_dir / MORE[1], corpus_dir / SMALL_FILES[0], broken]
    report = _import(qtbot, controller, paths)
    timer.stop()

    assert ticks_at_finish[0] > 0, "the GUI thread kept running events during the import"
    assert controller.progress_dialog is not None and not controller.progress_dialog.isVisible()
    done = [p.files_done for p in progress]  # the newest count at most every 100 ms
    assert done == sorted(set(done)) and done[-1] == 4
    assert progress[-1].files_total == 4 and progress[-1].failed == 1
    assert report.count(ImportStatus.IMPORTED) == 2
    assert report.count(ImportStatus.DUPLICATE) == 1
    (failure,) = [o for o in report.outcomes if o.status is ImportStatus.FAILED]
    assert failure.file.endswith("broken.html") and failure.message
    assert imported == [report.imported_ids]
    assert archive.count() == before + 2

    dialog = controller.report_dialog
    assert isinstance(dialog, ImportReportDialog) and dialog.isVisible()
    assert dialog.summary.text() == "2 imported, 1 duplicate, 1 failed"
    text = dialog.text()
    assert f"broken.html — {failure.message}" in text
    assert "already in archive as #1" in text
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == text
    dialog.grab().save("/tmp/dossierdesk_import_report.png")

    stack = controller.undo_stack
    assert stack.undoText() == "Import 2 articles"
    stack.undo()
    assert archive.count() == before
    stack.redo()
    assert archive.count() == before + 2
    assert set(archive.search("").ids) >= set(report.imported_ids)
    assert archive.check().ok


def test_cancel_keeps_completed_files_and_nothing_partial(
    qtbot: Any, controller: EditController, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(200):
        (folder / f"n{i:03}.txt").write_text(
            f"Synthetic report number {i}\n\nWASHINGTON -- Paragraph {i} about item{i}.\n",
            encoding="utf-8",
        )
    archive = controller.archive
    before = archive.count()
    monkeypatch.setattr(import_session, "CHUNK_FILES", 16)  # progress (and cancel) every 16

    def cancel_on_first(p: ImportProgress) -> None:
        controller.progress_dialog.cancel_button.click()  # type: ignore[union-attr]

    controller.importProgress.connect(cancel_on_first)
    report = _import(qtbot, controller, [folder])
    assert report.cancelled
    done = report.count(ImportStatus.IMPORTED)
    assert 0 < done < 200
    assert archive.count() == before + done  # every reported file, and nothing else
    for detail in archive.articles(report.imported_ids):
        assert detail.title.startswith("Synthetic report number") and detail.paragraphs
    assert archive.check().ok
    assert "cancelled" in controller.report_dialog.summary.text()  # type: ignore[union-attr]


def test_worker_error_is_shown_with_traceback_and_logged(
    qtbot: Any,
    controller: EditController,
    corpus_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def boom(*args: Any, **kwargs: Any) -> ImportReport:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(controller.archive, "import_paths", boom)
    with caplog.at_level(logging.ERROR, logger="dossierdesk"):
        report = None
        with qtbot.waitSignal(controller.importFinished, timeout=30_000) as blocker:
            controller.import_paths([corpus_dir])
        report = blocker.args[0]
    assert report is None
    dialog = controller.error_dialog
    assert dialog is not None and dialog.isVisible()
    assert "disk on fire" in dialog.message.text()
    assert "Traceback" in dialog.details.toPlainText()
    assert "RuntimeError" in dialog.details.toPlainText()
    assert any("disk on fire" in r.getMessage() for r in caplog.records)
    assert controller.undo_stack.count() == 0
    assert not controller.importing


def test_imports_queue_and_edits_wait_for_the_import(
    qtbot: Any, controller: EditController, corpus_dir: Path
) -> None:
    archive = controller.archive
    first = archive.search("", sort="id").ids[0]
    finished: list[object] = []
    controller.importFinished.connect(finished.append)
    controller.import_paths([corpus_dir / MORE[0]])
    controller.import_paths([corpus_dir / MORE[1]])
    assert controller.importing
    controller.add_tags([first], ["during import"])
    qtbot.waitUntil(lambda: len(finished) == 2 and not controller.importing, timeout=60_000)
    assert archive.article(first).tags == ("during import",)
    assert [controller.undo_stack.text(i) for i in range(3)] == [
        "Import 1 article",
        "Import 1 article",
        "Tag 1 article “during import”",
    ]


def test_report_text_lists_each_section() -> None:
    report = ImportReport(
        outcomes=[
            ImportOutcome("a.html", ImportStatus.IMPORTED, 7, "", "A title"),
            ImportOutcome("b.html", ImportStatus.FAILED, None, "not a text or HTML file"),
            ImportOutcome("c.html", ImportStatus.DUPLICATE, 7, "already in archive as #7", "A"),
        ],
        cancelled=True,
    )
    assert report_text(report) == (
        "Import: 1 imported, 1 duplicate, 1 failed (cancelled: the rest was not imported)\n"
        "\nFailed (1):\n  b.html — not a text or HTML file\n"
        "\nDuplicates (1):\n  c.html — already in archive as #7 — A\n"
        "\nImported (1):\n  a.html — #7 A title\n"
    )


def test_report_dialog_screenshot_with_many_rows(qtbot: Any, archive: Archive) -> None:
    outcomes = [
        ImportOutcome(f"/home/u/saved/article-{i}.html", ImportStatus.IMPORTED, i, "", f"T{i}")
        for i in range(30)
    ] + [ImportOutcome("/home/u/saved/<b>odd</b>.html", ImportStatus.FAILED, None, "empty file")]
    dialog = ImportReportDialog(ImportReport(outcomes=outcomes))
    qtbot.addWidget(dialog)
    dialog.show()
    model, tree = dialog.model, dialog.tree
    top = model.index(0, 0)
    assert top.data() == "Failed (1)" and tree.isExpanded(top)
    imported = model.index(1, 0)
    assert imported.data() == "Imported (30)" and not tree.isExpanded(imported)  # folded
    assert model.index(0, 0, top).data() == "/home/u/saved/<b>odd</b>.html"
    assert model.index(29, 1, imported).data() == "#29 T29"


def test_a_report_of_100000_files_makes_only_the_rows_it_shows(qtbot: Any) -> None:
    """The report's tree reads its rows from the report as they are shown: an import of
    100,000 files no longer makes 100,000 tree items when it ends (4.1 s of frozen window)."""
    from dossierdesk.gui import import_report

    outcomes = [
        ImportOutcome(f"/saved/a-{i}.html", ImportStatus.IMPORTED, i, "", f"T{i}")
        for i in range(100_000)
    ]
    outcomes += [
        ImportOutcome(f"/saved/bad-{i}.html", ImportStatus.FAILED, None, "empty file")
        for i in range(3)
    ]
    asked: set[tuple[int, int]] = set()
    data = import_report.ImportReportModel.data

    def counting(self: Any, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        asked.add((index.internalId(), index.row()))
        return data(self, index, role)

    dialog = ImportReportDialog(ImportReport(outcomes=outcomes))
    qtbot.addWidget(dialog)
    dialog.model.data = counting.__get__(dialog.model)  # type: ignore[method-assign]
    dialog.show()
    qtbot.waitExposed(dialog)
    imported = dialog.model.index(1, 0)
    assert imported.data() == "Imported (100000)" and not dialog.tree.isExpanded(imported)
    assert dialog.model.rowCount(imported) == 100_000
    assert dialog.model.index(99_999, 1, imported).data() == "#99999 T99999"
    assert len(asked) < 200  # the rows on screen, not every file
    assert "bad-0.html" in dialog.detail.text()  # the first problem is current
    assert dialog.text().count("\n") == 100_000 + 3 + 5  # Copy still gives every line


def test_a_long_report_shows_one_line_a_file(qtbot: Any) -> None:
    """Over ``WRAPPED_FILES_MAX`` files the rows are one line each, of one height: wrapped,
    every row was measured when its section unfolded and again at each change of width
    (100,000 files: 2.2 s to unfold, 1.0 s at each resize). The current row's whole text is
    under the tree, and a reason cut short keeps its start."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from dossierdesk.gui.import_report import WRAPPED_FILES_MAX

    reason = (
        "probable duplicate of #1 (same URL or same title and date); saved for better "
        "reading later with its photos and the whole caption of every image kept"
    )
    outcomes = [
        ImportOutcome(f"/saved/a-{i}.html", ImportStatus.DUPLICATE, 1, reason)
        for i in range(WRAPPED_FILES_MAX + 1)
    ]
    dialog = ImportReportDialog(ImportReport(outcomes=outcomes))
    qtbot.addWidget(dialog)
    dialog.resize(520, 360)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.tree.uniformRowHeights() and not dialog.tree.wordWrap()
    section = dialog.model.index(0, 0)
    dialog.tree.setExpanded(section, True)
    delegate = dialog.tree.itemDelegate()
    measured: list[int] = []
    hint = delegate.sizeHint

    def counting(option: Any, index: Any) -> Any:
        measured.append(index.row())
        return hint(option, index)

    delegate.sizeHint = counting  # type: ignore[method-assign]
    dialog.resize(700, 400)
    qtbot.wait(50)
    assert len(measured) < 50  # (wrapped: every row again)
    row = dialog.model.index(0, 1, section)
    line = dialog.tree.fontMetrics().height()
    assert line <= dialog.tree.visualRect(row).height() < line * 1.5  # one line
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, row)
    assert option.textElideMode is Qt.TextElideMode.ElideRight
    dialog.tree.setCurrentIndex(dialog.model.index(1, 0, section))
    assert dialog.detail.text() == f"/saved/a-1.html\n{reason}"


def test_a_long_list_of_problems_is_folded(qtbot: Any) -> None:
    """More failures than ``OPEN_PROBLEMS_MAX`` are folded (each open row is measured to
    wrap its reason), and no row is current: a current row would unfold its section."""
    from dossierdesk.gui.import_report import OPEN_PROBLEMS_MAX

    outcomes = [
        ImportOutcome(f"/saved/bad-{i}.html", ImportStatus.FAILED, None, "empty file")
        for i in range(OPEN_PROBLEMS_MAX + 1)
    ]
    dialog = ImportReportDialog(ImportReport(outcomes=outcomes))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    failed = dialog.model.index(0, 0)
    assert not dialog.tree.isExpanded(failed) and dialog.detail.text() == ""
    dialog.tree.setCurrentIndex(dialog.model.index(7, 0, failed))  # the user opens a row
    assert dialog.detail.text() == "/saved/bad-7.html\nempty file"
    assert dialog.tree.isExpanded(failed)


def test_report_reasons_are_never_cut_in_the_middle(
    qtbot: Any, archive: Archive, tmp_path: Path
) -> None:
    reason = (
        "probable duplicate of #1 (same URL or same title and date); saved for better "
        "reading later with its photos and the whole caption of every image kept"
    )
    outcomes = [ImportOutcome("/home/u/Downloads/carter.html", ImportStatus.DUPLICATE, 1, reason)]
    dialog = ImportReportDialog(ImportReport(outcomes=outcomes))
    qtbot.addWidget(dialog)
    dialog.resize(520, 360)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    assert dialog.tree.wordWrap()  # wrapped at words, not elided
    assert dialog.tree.textElideMode() is not Qt.TextElideMode.ElideMiddle
    assert reason in dialog.detail.text()  # the selected line in full, selectable
    assert "/home/u/Downloads/carter.html" in dialog.detail.text()
    row = dialog.model.index(0, 1, dialog.model.index(0, 0))
    rect = dialog.tree.visualRect(row)
    assert rect.height() > dialog.tree.fontMetrics().height() * 1.5  # the reason wraps
    assert reason in dialog.text()  # Copy still gives everything
    dialog.grab().save(str(tmp_path / "report.png"))


def test_switching_archive_during_an_import(
    qtbot: Any, controller: EditController, corpus_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(150):
        (folder / f"n{i:03}.txt").write_text(f"Report {i}\n\nBody {i} word{i}.\n", "utf-8")
    finished: list[object] = []
    controller.importFinished.connect(finished.append)
    controller.import_paths([folder])
    with Archive(tmp_path / "other.sqlite3") as other:
        controller.set_archive(other)
        controller.import_paths([corpus_dir / MORE[0]])  # queued behind the cancelled one
        qtbot.waitUntil(lambda: len(finished) == 2 and not controller.importing, timeout=60_000)
        assert other.count() == 1
        assert [controller.undo_stack.text(i) for i in range(controller.undo_stack.count())] == [
            "Import 1 article"
        ]
        controller.shutdown()
        assert task_manager().wait()
        assert not controller.importing


def test_archive_engine_allows_use_from_worker_threads(archive: Archive) -> None:
    """The import worker relies on this: one pooled connection per thread, none shared."""
    from sqlalchemy.pool import QueuePool

    engine = archive._engine
    assert isinstance(engine.pool, QueuePool)
    _args, kwargs = engine.dialect.create_connect_args(engine.url)
    assert kwargs.get("check_same_thread") is False


def test_progress_dialog_appears_for_long_imports_and_cancels(
    qtbot: Any, controller: EditController, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from dossierdesk.service.cancel import CancelToken

    def slow(
        paths: Any, *, progress: Any = None, cancel: CancelToken | None = None, **kw: Any
    ) -> ImportReport:
        assert cancel is not None and progress is not None
        progress(ImportProgress(1, 3, "first/file.html", 1, 0, 0))
        deadline = time.monotonic() + 10
        while not cancel.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        return ImportReport(cancelled=cancel.cancelled)

    monkeypatch.setattr(controller.archive, "import_paths", slow)
    controller.import_paths([Path("whatever")])
    dialog = controller.progress_dialog
    assert dialog is not None and not dialog.isVisible()  # not for a moment's work
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    qtbot.waitUntil(lambda: dialog.count_label.text() == "1 of 3 files", timeout=5_000)
    assert dialog.current_label.text() == "first/file.html"
    assert dialog.totals_label.text() == "1 imported · 0 duplicates · 0 failed"
    with qtbot.waitSignal(controller.importFinished, timeout=10_000) as blocker:
        dialog.cancel_button.click()
        assert not dialog.cancel_button.isEnabled()
    assert blocker.args[0].cancelled
    assert not dialog.isVisible()


def test_import_file_filter_lists_saved_pages_and_photos() -> None:
    from dossierdesk.gui.importing import IMPORT_FILE_FILTER

    first = IMPORT_FILE_FILTER.split(";;")[0]
    for pattern in ("*.html", "*.mhtml", "*.mht", "*.zip", "*.jpg", "*.JPG", "*.webp", "*.png"):
        assert pattern in first.split("(")[1].rstrip(")").split()
    assert IMPORT_FILE_FILTER.endswith("All files (*)")


def test_the_report_model_passes_qt_model_tester(qtbot: Any, qtmodeltester: Any) -> None:
    from dossierdesk.gui.import_report import ImportReportModel

    outcomes = [
        ImportOutcome(f"/saved/a-{i}.html", ImportStatus.IMPORTED, i, "", f"T{i}")
        for i in range(30)
    ] + [
        ImportOutcome("/saved/dup.html", ImportStatus.DUPLICATE, 1, "already in archive as #1"),
        ImportOutcome("/saved/bad.html", ImportStatus.FAILED, None, "empty file"),
    ]
    model = ImportReportModel(ImportReport(outcomes=outcomes))
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(3)] == [
        "Failed (1)",
        "Duplicates (1)",
        "Imported (30)",
    ]
    assert model.index(0, 0, model.index(2, 0)).isValid()
    assert not model.index(30, 0, model.index(2, 0)).isValid()  # past the end
    assert not model.index(0, 2).isValid() and not model.index(3, 0).isValid()
    assert not model.hasChildren(model.index(0, 0, model.index(2, 0)))
