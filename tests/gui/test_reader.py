"""The reader pane renders untrusted text literally and never loads resources."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QPalette, QTextDocument, QTextTable

from dossierdesk.gui.widgets.reader import ReaderPane, highlight_pattern, marked
from dossierdesk.service import Archive
from dossierdesk.service.dto import ArticleDetail, ImageInfo


def _detail(**changes: Any) -> ArticleDetail:
    image = ImageInfo(
        position=0,
        paragraph_index=1,
        caption="Sailors <script>alert(1)</script> at sea",
        credit="Petty Officer <i>Doe</i>",
        virin="230515-N-AB123-1001",
        virin_valid=True,
        virin_problem=None,
        virin_date=dt.date(2023, 5, 15),
        virin_service="N",
        virin_service_name="Navy",
        virin_originator="AB123",
        download_size=None,
        url="https://example.invalid/a.jpg",
    )
    base = ArticleDetail(
        id=7,
        title="<b>markup</b> & Kursk missiles",
        published=dt.date(2024, 11, 18),
        byline="By <a href='x'>David</a>",
        authors=("David",),
        source="DOD News",
        dateline="WASHINGTON",
        url="https://www.defense.gov/x?a=1&b=<2>",
        paragraphs=(
            "First <img src='http://evil.invalid/x.png'> paragraph.",
            "Second about kursk.",
        ),
        word_count=6,
        tags=("<tag>",),
        source_name="x.txt",
        format="text",
        imported_at=dt.datetime(2026, 1, 1, 9, 30),
        images=(image,),
    )
    return dataclasses.replace(base, **changes)


def test_markup_is_shown_literally(qtbot: Any) -> None:
    reader = ReaderPane()
    qtbot.addWidget(reader)
    reader.show_article(_detail())
    text = reader.document_text()
    assert "<b>markup</b> & Kursk missiles" in text
    assert "<script>alert(1)</script>" in text
    assert "Petty Officer <i>Doe</i>" in text
    assert "<img src='http://evil.invalid/x.png'>" in text
    assert "By <a href='x'>David</a>" in text
    assert "<tag>" in text


def test_images_sit_after_their_paragraph_with_decoded_virin(qtbot: Any) -> None:
    reader = ReaderPane()
    qtbot.addWidget(reader)
    reader.show_article(_detail())
    text = reader.document_text()
    first, caption, second = (
        text.index("First"),
        text.index("Sailors"),
        text.index("Second about"),
    )
    assert first < caption < second
    assert "VIRIN: 230515-N-AB123-1001 (shot 2023-05-15, Navy)" in text


class _SpyReader(ReaderPane):
    def __init__(self) -> None:
        self.requested: list[str] = []
        super().__init__()

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        self.requested.append(name.toString() if isinstance(name, QUrl) else str(name))
        return super().loadResource(type, name)


def test_no_resource_is_ever_loaded(qtbot: Any) -> None:
    reader = _SpyReader()
    qtbot.addWidget(reader)
    reader.show()
    qtbot.waitExposed(reader)
    reader.show_article(_detail())
    qtbot.wait(20)
    assert reader.requested == []  # escaped <img> in the body is text, not an image
    assert not reader.openLinks()
    # even markup set directly gets nothing back from loadResource
    reader.setHtml('<img src="http://evil.invalid/x.png">')
    qtbot.waitUntil(lambda: bool(reader.requested))
    assert set(reader.requested) == {"http://evil.invalid/x.png"}
    kind = int(QTextDocument.ResourceType.ImageResource)
    assert ReaderPane.loadResource(reader, kind, QUrl("http://evil.invalid/x.png")) is None


def test_search_terms_are_highlighted(qtbot: Any) -> None:
    reader = ReaderPane()
    qtbot.addWidget(reader)
    html_text = reader.render_html(_detail(), ("kursk", "missil"), "kursk missil*")
    assert html_text.count("background-color") >= 3  # title word, prefix match, body word
    # marked as the table's Match column marks them, not in the colour of selected text
    from dossierdesk.gui.match_style import MATCH_STYLE

    selection = reader.palette().color(QPalette.ColorRole.Highlight).name()
    assert html_text.count(f'<span style="{MATCH_STYLE}">') >= 3
    assert html_text.count(f"background-color:{selection}") == len(_detail().tags)  # chips
    pattern = highlight_pattern(["kursk"], "kursk")
    assert marked("Kursk <b>", pattern, "X") == '<span style="X">Kursk</span> &lt;b&gt;'
    assert marked("Kurskaya", pattern, "X") == "Kurskaya"  # whole words only
    prefix = highlight_pattern(["missil"], "missil*")
    assert marked("missiles", prefix, "X") == '<span style="X">missiles</span>'


def test_window_reader_follows_the_current_row(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    window.search_box.set_query("kursk")
    qtbot.waitUntil(lambda: len(window.table_model.ids()) == 1)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.reader.article_id == window.table_model.ids()[0])
    assert "Kursk" in window.reader.document_text()
    assert "background-color" in window.reader.toHtml()


def test_reader_clears_when_no_row_is_current(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.reader.article_id is not None)
    window.table.selectionModel().clearCurrentIndex()
    qtbot.waitUntil(lambda: window.reader.article_id is None)
    assert "Select an article" in window.reader.document_text()


def _image_tables(reader: ReaderPane) -> list[QTextTable]:
    tables = []
    for frame in reader.document().rootFrame().childFrames():
        if isinstance(frame, QTextTable):
            tables.append(frame)
    return tables


def test_image_box_is_one_thin_rule_on_a_palette_tint(qtbot: Any) -> None:
    for base, dark in ((QColor("#ffffff"), False), (QColor("#202124"), True)):
        reader = ReaderPane()
        qtbot.addWidget(reader)
        palette = reader.palette()
        palette.setColor(QPalette.ColorRole.Base, base)
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#3367d6"))
        reader.setPalette(palette)
        reader.show_article(_detail())
        tables = _image_tables(reader)
        assert len(tables) == 1
        table = tables[0]
        assert table.format().border() == 0  # no frame around the box (was a double line)
        assert (table.rows(), table.columns()) == (1, 2)
        rule = table.cellAt(0, 0).format().background().color()
        tint = table.cellAt(0, 1).format().background().color()
        assert rule == QColor("#3367d6")
        # the tint is the page colour nudged towards the accent: close to it, not equal
        assert tint != base
        assert abs(tint.lightness() - base.lightness()) < 30
        assert (tint.lightness() < 128) == dark
