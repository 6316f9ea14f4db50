"""Drops: what QMimeData means, through the controller and through real drag/drop events."""

from __future__ import annotations

from codecs import BOM_UTF8
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from dossierdesk.gui.drops import (
    DROPPED_HTML,
    DROPPED_TEXT,
    NO_DOWNLOAD_MESSAGE,
    classify_mime,
)
from dossierdesk.gui.editing import EditController
from dossierdesk.service import ImportStatus
from dossierdesk.service.dto import ImportReport

from .conftest_editing import (  # noqa: F401 (fixtures)
    answers_fixture,
    controller_fixture,
    host_fixture,
    small_archive_fixture,
)

HTML_FILE = "009_afmil-factsheet-b-52.html"


def _mime(
    urls: list[QUrl] | None = None, html: str | None = None, text: str | None = None
) -> QMimeData:
    mime = QMimeData()
    if urls is not None:
        mime.setUrls(urls)
    if html is not None:
        mime.setHtml(html)
    if text is not None:
        mime.setText(text)
    return mime


def test_classify_local_files_folders_and_zips(tmp_path: Path) -> None:
    paths = [tmp_path / "a.html", tmp_path / "folder", tmp_path / "b.zip"]
    plan = classify_mime(_mime([QUrl.fromLocalFile(str(p)) for p in paths], text="ignored"))
    assert plan.paths == tuple(paths) and not plan.documents and plan.refusal is None


def test_classify_browser_html_text_and_links() -> None:
    plan = classify_mime(_mime(html="<html><h1>T</h1></html>", text="T"))
    assert plan.documents == ((DROPPED_HTML, BOM_UTF8 + b"<html><h1>T</h1></html>"),)
    plan = classify_mime(_mime(text="Héadline\n\nBody"))
    assert plan.documents == ((DROPPED_TEXT, BOM_UTF8 + "Héadline\n\nBody".encode()),)
    link = QUrl("https://www.defense.gov/News/News-Stories/Article/123/")
    # A link dragged from a browser: uri-list, its anchor as HTML, and the URL as text.
    plan = classify_mime(_mime([link], html=f'<a href="{link.toString()}">x</a>', text="x"))
    assert plan.refusal == NO_DOWNLOAD_MESSAGE and not plan.importable
    assert classify_mime(_mime(text="  https://www.af.mil/News/  ")).refusal == NO_DOWNLOAD_MESSAGE
    assert classify_mime(_mime(text="www.dvidshub.net/news/1")).refusal == NO_DOWNLOAD_MESSAGE
    assert classify_mime(_mime(text="   ")).empty
    assert classify_mime(QMimeData()).empty
    assert classify_mime(None).empty


def _wait_import(qtbot: Any, controller: EditController, mime: QMimeData) -> ImportReport:
    with qtbot.waitSignal(controller.importFinished, timeout=30_000) as blocker:
        assert controller.import_mime(mime)
    report = blocker.args[0]
    assert isinstance(report, ImportReport)
    return report


def test_import_mime_files_and_html(
    qtbot: Any, controller: EditController, corpus_dir: Path
) -> None:
    mime = _mime([QUrl.fromLocalFile(str(corpus_dir / HTML_FILE))])
    assert controller.can_accept_mime(mime)
    report = _wait_import(qtbot, controller, mime)
    assert report.count(ImportStatus.IMPORTED) == 1
    (article_id,) = report.imported_ids
    assert controller.archive.article(article_id).title == "B-52 Stratofortress"

    html = (corpus_dir / "010_afmil-biography-gen-robin-rand.html").read_text("utf-8")
    # The page declares UTF-16 (as saved) but a browser hands over decoded text.
    html = html.replace("ROBIN RAND", "ROBIN RANDÉ").replace(
        '<head id="Head">', '<head id="Head"><meta charset="utf-16">', 1
    )
    assert '<meta charset="utf-16">' in html
    report = _wait_import(qtbot, controller, _mime(html=html, text="GENERAL ROBIN RAND"))
    (outcome,) = report.outcomes
    assert outcome.status is ImportStatus.IMPORTED and outcome.file == DROPPED_HTML
    assert outcome.title == "GENERAL ROBIN RANDÉ"
    assert controller.archive.article(outcome.id or 0).source_name == DROPPED_HTML
    assert controller.undo_stack.undoText() == "Import 1 article"


def test_import_mime_plain_text(qtbot: Any, controller: EditController) -> None:
    text = "Marines test a new radio\n\nCAMP PENDLETON -- Marines tried a radio on Tuesday.\n"
    report = _wait_import(qtbot, controller, _mime(text=text))
    (outcome,) = report.outcomes
    assert outcome.status is ImportStatus.IMPORTED and outcome.file == DROPPED_TEXT
    assert outcome.title == "Marines test a new radio"


def test_remote_link_is_refused_with_a_message(controller: EditController) -> None:
    mime = _mime([QUrl("https://www.dvidshub.net/news/1")])
    assert controller.can_accept_mime(mime)  # accepted, so that the drop can explain
    assert not controller.import_mime(mime)
    assert not controller.importing
    dialog = controller.error_dialog
    assert dialog is not None and dialog.message.text() == NO_DOWNLOAD_MESSAGE
    assert not dialog.details_button.isVisible()
    assert not controller.can_accept_mime(QMimeData())


class DropHost(QWidget):
    """A plain widget wired the way the main window wires its drop handling."""

    def __init__(self, controller: EditController) -> None:
        super().__init__()
        self.controller = controller
        self.setAcceptDrops(True)
        self.results: list[bool] = []

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.controller.can_accept_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        ok = self.controller.import_mime(event.mimeData())
        self.results.append(ok)
        if ok:
            event.acceptProposedAction()
        else:
            event.ignore()


def test_real_drag_and_drop_events(
    qtbot: Any, controller: EditController, corpus_dir: Path
) -> None:
    host = DropHost(controller)
    qtbot.addWidget(host)
    host.show()
    mime = _mime([QUrl.fromLocalFile(str(corpus_dir / HTML_FILE))])
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(host, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, buttons, mods)
    with qtbot.waitSignal(controller.importFinished, timeout=30_000) as blocker:
        QApplication.sendEvent(host, drop)
    assert drop.isAccepted() and host.results == [True]
    assert blocker.args[0].count(ImportStatus.IMPORTED) == 1

    empty = QMimeData()
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, empty, buttons, mods)
    QApplication.sendEvent(host, enter)
    assert not enter.isAccepted()

    remote = _mime([QUrl("http://example.com/page")])
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, remote, buttons, mods)
    QApplication.sendEvent(host, enter)
    assert enter.isAccepted()  # accepted so that the drop can say why nothing is imported
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, remote, buttons, mods)
    QApplication.sendEvent(host, drop)
    assert not drop.isAccepted() and host.results == [True, False]
    assert controller.error_dialog is not None
    assert controller.error_dialog.message.text() == NO_DOWNLOAD_MESSAGE
