"""Dragging and copying articles out of the table: ids, citations, original files; Copy,
Copy Citation and Export Selection in the window."""

from __future__ import annotations

import csv
import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from sqlalchemy import update
from tests.gui.conftest import fill_synthetic, wait_idle

from dossierdesk.gui.article_mime import (
    URI_LIST,
    ArticleMimeData,
    DragFolder,
    forget_clipboard_files,
    safe_file_name,
)
from dossierdesk.gui.citations import (
    citation_html,
    citation_text,
    citations_html,
    citations_text,
)
from dossierdesk.gui.copy_actions import CopyActions
from dossierdesk.gui.drops import classify_mime
from dossierdesk.gui.models.article_table import ARTICLE_IDS_MIME, article_ids_from_mime
from dossierdesk.service import Archive
from dossierdesk.service.dto import CitationInfo
from dossierdesk.store.models import Article

HOSTILE = 'Ships <b>sail</b> & "win" <script>alert(1)</script>'


def _cite(**kw: Any) -> CitationInfo:
    values: dict[str, Any] = {
        "id": 1,
        "title": "Navy commissions USS Example",
        "published": dt.date(2024, 3, 5),
        "byline": "By Jane Roe, Navy News",
        "authors": ("Jane Roe",),
        "source": "Navy News",
        "url": "https://www.navy.mil/a/1",
    }
    values.update(kw)
    return CitationInfo(**values)


# -- formatting -------------------------------------------------------------------------------
def test_citation_text_chicago_like() -> None:
    assert citation_text(_cite()) == (
        "Jane Roe. “Navy commissions USS Example.” Navy News, March 5, 2024. "
        "https://www.navy.mil/a/1."
    )
    two = _cite(authors=("A One", "B Two", "C Three"), title="Why?", url=None, source=None)
    assert citation_text(two) == "A One, B Two and C Three. “Why?” March 5, 2024."
    bare = _cite(authors=(), byline="by  Staff\nWriter", published=None, source=None, url=None)
    assert citation_text(bare) == "Staff Writer. “Navy commissions USS Example.”"
    assert citations_text([_cite(), _cite(title="Second")]).count("\n\n") == 1


def test_citation_html_escapes_everything_and_links_only_web_addresses() -> None:
    out = citation_html(_cite(title=HOSTILE, authors=("<i>x</i>",), source="<u>S</u>"))
    assert "<b>" not in out and "<script>" not in out and "<u>S" not in out
    assert "&lt;b&gt;sail&lt;/b&gt;" in out and "&amp;" in out and "&lt;i&gt;x" in out
    assert '<a href="https://www.navy.mil/a/1">' in out
    evil = citation_html(_cite(url='javascript:alert("x")'))
    assert "href" not in evil and "javascript:alert(&quot;x&quot;)" in evil
    quote = citation_html(_cite(url='https://e.x/"onmouseover="a'))
    assert 'href="https://e.x/&quot;onmouseover=&quot;a"' in quote
    assert citations_html([]) == ""


def test_safe_file_names() -> None:
    assert safe_file_name("../../etc/passwd", "f") == "passwd"
    assert safe_file_name("C:\\Users\\x\\story.html", "f") == "story.html"
    assert safe_file_name("..", "article-3") == "article-3"
    assert safe_file_name("CON.txt", "f") == "_CON.txt"
    assert safe_file_name("a<b>:c|d?.html", "f") == "a_b__c_d_.html"
    name = safe_file_name("x" * 500 + ".html", "f")
    assert len(name) <= 120 and name.endswith(".html")
    for hostile in ("/", "\\", "a/../b", "\x00", " . "):
        made = safe_file_name(hostile, "fallback")
        assert "/" not in made and "\\" not in made and made not in ("", ".", "..")


# -- the model's mime data ------------------------------------------------------------------
def _two_rows(window: Any) -> list[int]:
    model = window.table_model
    return [model.index(0, 0), model.index(1, 0)]


def test_mime_data_carries_ids_text_and_escaped_html(
    seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    model = window.table_model
    ids = [model.article_id(0), model.article_id(1)]
    with seeded_archive._write() as session:
        session.execute(update(Article).where(Article.id == ids[1]).values(title=HOSTILE))
    mime = model.mimeData(_two_rows(window))
    assert article_ids_from_mime(mime) == ids
    assert mime.hasFormat(ARTICLE_IDS_MIME) and mime.hasText() and mime.hasHtml()
    assert mime.hasUrls() and URI_LIST in mime.formats()
    text = mime.text()
    first = seeded_archive.article(ids[0]).title
    assert first in text and HOSTILE in text and "\n\n" in text
    html = mime.html()
    assert "&lt;b&gt;sail&lt;/b&gt;" in html and "<b>" not in html and "<script>" not in html


def test_uri_list_writes_the_originals_when_asked(
    seeded_archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    folder = DragFolder()
    ids = list(seeded_archive.search("").ids[:3])
    mime = ArticleMimeData(seeded_archive, ids, folder)
    assert mime.hasUrls()
    assert not list(tmp_path.glob("dossierdesk-drag-*"))  # nothing written before asked
    urls = mime.urls()  # what a file manager asks for: Qt calls retrieveData
    assert len(urls) == len(ids)
    for url, article_id in zip(urls, ids, strict=True):
        path = Path(url.toLocalFile())
        name, data = seeded_archive.original(article_id) or ("", b"")
        assert path.exists() and path.read_bytes() == data
        assert path.parent == folder.path and path.parent.name.startswith("dossierdesk-drag-")
        assert path.name == safe_file_name(name, f"article-{article_id}")
    # the raw bytes too (what a platform drag sends)
    raw = bytes(mime.data(URI_LIST).data()).decode()
    assert raw.count("\r\n") == len(ids) and raw.startswith("file://")
    # a second drag of the same article reuses its file; names stay unique
    again = ArticleMimeData(seeded_archive, ids[:1], folder).urls()
    assert again[0] == urls[0]
    assert len({p.name.lower() for p in folder.path.iterdir()}) == len(ids)
    folder.remove()
    assert not any(tmp_path.glob("dossierdesk-drag-*"))


def test_unique_names_for_same_named_originals(tmp_path: Path) -> None:
    class FakeArchive:
        def original(self, article_id: int) -> tuple[str, bytes]:
            return ("../story.html", f"<p>{article_id}</p>".encode())

    folder = DragFolder()
    folder._path = tmp_path
    fake: Any = FakeArchive()
    paths = [folder.original(fake, i) for i in (1, 2, 3)]
    assert [p.name for p in paths if p] == ["story.html", "story-2.html", "story-3.html"]
    assert all(p and p.parent == tmp_path for p in paths)
    assert paths[2] and paths[2].read_bytes() == b"<p>3</p>"


def test_internal_drags_import_nothing_when_dropped_on_the_window(
    seeded_archive: Archive, make_window: Any, tmp_path: Path
) -> None:
    window = make_window(seeded_archive)
    mime = window.table_model.mimeData(_two_rows(window))
    assert classify_mime(mime).empty  # what the window's controller goes by
    assert mime._files is None  # and no original file was written to find that out


# -- the window's actions -------------------------------------------------------------------
def _select(window: Any, rows: list[int]) -> None:
    selection = window.table.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        selection.select(window.table_model.index(row, 0), flags)
    selection.setCurrentIndex(
        window.table_model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate
    )


def test_ctrl_c_in_the_table_copies_citations(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    actions = window.copy_actions  # installed by the window
    assert isinstance(actions, CopyActions)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # shortcuts need the active window
    qtbot.waitUntil(window.isActiveWindow)
    assert not actions.copy_action.isEnabled()
    _select(window, [0, 1])
    assert actions.copy_action.isEnabled()
    ids = window.selected_ids()
    QGuiApplication.clipboard().clear()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    clip = QGuiApplication.clipboard().mimeData()
    titles = [seeded_archive.article(i).title for i in ids]
    assert all(t in clip.text() for t in titles)
    assert article_ids_from_mime(clip) == ids
    assert "Copied 2 articles" in window.statusBar().currentMessage()
    forget_clipboard_files()  # at quit: the files go, the rest stays
    clip = QGuiApplication.clipboard().mimeData()
    assert not clip.hasUrls() and article_ids_from_mime(clip) == ids
    assert all(t in clip.text() for t in titles) and clip.hasHtml()

    QGuiApplication.clipboard().clear()
    qtbot.keyClick(
        window.table,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    clip = QGuiApplication.clipboard().mimeData()
    assert all(t in clip.text() for t in titles) and clip.hasHtml()
    assert not clip.hasFormat(ARTICLE_IDS_MIME)


def test_actions_sit_in_the_menus(seeded_archive: Archive, make_window: Any) -> None:
    window = make_window(seeded_archive)
    actions = window.copy_actions  # installed by the window
    texts = {
        a.text().replace("&", ""): [x for x in a.menu().actions()]
        for a in window.menuBar().actions()
        if a.menu()
    }
    assert actions.copy_action in texts["Edit"]
    assert actions.copy_citation_action in texts["Edit"]
    assert actions.export_action in texts["File"]
    assert actions.copy_citation_action.shortcut().toString() == "Ctrl+Shift+C"


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_selection_writes_the_selected_ids(
    qtbot: Any, seeded_archive: Archive, make_window: Any, tmp_path: Path, fmt: str
) -> None:
    window = make_window(seeded_archive)
    actions = window.copy_actions  # installed by the window
    _select(window, [0, 2, 3])
    ids = window.selected_ids()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / f"out.{fmt}"
    with qtbot.waitSignal(actions.exportFinished, timeout=20_000):
        assert actions.export_selection(target)
    assert "Exported 3 articles" in window.statusBar().currentMessage()
    if fmt == "csv":
        with target.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert [int(r["id"]) for r in rows] == ids
        assert rows[0]["title"] == seeded_archive.article(ids[0]).title
    else:
        data = json.loads(target.read_text(encoding="utf-8"))
        assert [d["id"] for d in data] == ids and "body" not in data[0]
    assert [p.name for p in out_dir.iterdir()] == [target.name]  # no temporary file left


def test_export_asks_for_a_file_and_format(
    qtbot: Any,
    seeded_archive: Archive,
    make_window: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(seeded_archive)
    actions = window.copy_actions  # installed by the window
    _select(window, [1])
    monkeypatch.setattr(
        "dossierdesk.gui.copy_actions.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(tmp_path / "picked"), "JSON (*.json)"),
    )
    with qtbot.waitSignal(actions.exportFinished, timeout=20_000):
        actions.export_action.trigger()
    data = json.loads((tmp_path / "picked.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in data] == window.selected_ids()


def test_drag_of_5000_rows_is_fast(qtbot: Any, archive: Archive, make_window: Any) -> None:
    fill_synthetic(archive, 5000)
    window = make_window(archive)
    wait_idle(qtbot, window)
    window.table.selectAll()
    model = window.table_model
    indexes = window.table.selectionModel().selectedRows()
    start = time.perf_counter()
    mime = model.mimeData(indexes)
    elapsed = time.perf_counter() - start
    assert len(article_ids_from_mime(mime)) == 5000
    assert mime.text().count("\n\n") == 4999
    assert elapsed < 1.5, elapsed


def test_a_drag_of_many_rows_carries_them_and_cites_them_when_asked(
    qtbot: Any, seeded_archive: Archive, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``LARGE_DRAG_ROWS`` the table starts the drag itself, with the selected rows
    read from the selection's ranges and a label for a picture; the citations are read only
    when the drop target asks for text (a drop on a dossier reads the ids alone)."""
    from PySide6.QtGui import QDrag

    from dossierdesk.gui import table_columns

    monkeypatch.setattr(table_columns, "LARGE_DRAG_ROWS", 2)
    dragged: list[QDrag] = []

    def exec_drag(drag: QDrag, *_args: Any) -> Qt.DropAction:
        dragged.append(drag)
        return Qt.DropAction.CopyAction

    monkeypatch.setattr(QDrag, "exec", exec_drag)
    cited: list[int] = []
    real_citations = seeded_archive.citations

    def citations(ids: Any) -> Any:
        cited.append(len(ids))
        return real_citations(ids)

    monkeypatch.setattr(seeded_archive, "citations", citations)
    window = make_window(seeded_archive)
    _select(window, [0, 2, 3])
    ids = window.selected_ids()
    window.table.startDrag(Qt.DropAction.CopyAction)
    (drag,) = dragged
    mime = drag.mimeData()
    assert article_ids_from_mime(mime) == ids and not drag.pixmap().isNull()
    assert cited == []  # nothing read for a drop that wants the ids
    titles = [seeded_archive.article(i).title for i in ids]
    assert mime.hasText() and all(t in mime.text() for t in titles)
    assert all(t.split()[0] in mime.html() for t in titles)
    assert cited == [3]  # once, for the text and the HTML
