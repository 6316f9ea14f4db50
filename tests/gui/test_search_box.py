"""Search box: debounced live filtering, inline syntax errors, completion, saved searches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QMessageBox
from tests.gui.conftest import fill_synthetic, wait_idle

from dossierdesk.gui.widgets.search_box import SearchBox, current_word
from dossierdesk.service import Archive


def test_typing_filters_the_table_after_the_debounce(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    with qtbot.waitSignal(window.search_box.querySubmitted, timeout=2000) as blocker:
        qtbot.keyClicks(window.search_box.edit, "kursk")
    assert blocker.args == ["kursk"]
    expected = seeded_archive.search("kursk").ids
    qtbot.waitUntil(lambda: window.table_model.ids() == expected)
    assert window.count_label.text() == f"{len(expected)} article{'s' * (len(expected) != 1)} found"


def test_debounce_submits_once_for_a_burst_of_keys(qtbot: Any) -> None:
    box = SearchBox()
    qtbot.addWidget(box)
    seen: list[str] = []
    box.querySubmitted.connect(seen.append)
    qtbot.keyClicks(box.edit, "tag:ukraine")
    assert seen == []  # nothing before the timer fires
    qtbot.waitUntil(lambda: seen == ["tag:ukraine"], timeout=2000)


def test_the_debounce_is_exact(qtbot: Any) -> None:
    """The query starts ``DEBOUNCE_MS`` after the last key: a coarse timer (Qt's default) fired
    anywhere from 95 to 106 ms."""
    from dossierdesk.gui.widgets.search_box import DEBOUNCE_MS

    box = SearchBox()
    qtbot.addWidget(box)
    assert box._timer.interval() == DEBOUNCE_MS
    assert box._timer.timerType() == Qt.TimerType.PreciseTimer


def test_malformed_query_shows_inline_error_and_no_dialog(
    qtbot: Any, seeded_archive: Archive, make_window: Any, monkeypatch: Any
) -> None:
    dialogs: list[Any] = []
    for name in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: dialogs.append(a))
    window = make_window(seeded_archive)
    before = window.table_model.ids()
    window.show()
    qtbot.keyClicks(window.search_box.edit, 'title:"kursk')
    qtbot.waitUntil(lambda: bool(window.search_box.error_text()), timeout=2000)
    assert "unclosed quote" in window.search_box.error_label.text()
    assert window.table_model.ids() == before  # the last good result stays
    assert dialogs == []
    qtbot.keyClick(window.search_box.edit, '"')
    qtbot.waitUntil(lambda: not window.search_box.error_text(), timeout=2000)


def test_error_label_is_plain_text(qtbot: Any) -> None:
    box = SearchBox()
    qtbot.addWidget(box)
    box.set_query("(<b>x</b>")
    assert box.error_label.textFormat() == Qt.TextFormat.PlainText
    assert box.error_text()


def test_add_condition_ands_and_excludes(qtbot: Any) -> None:
    box = SearchBox()
    qtbot.addWidget(box)
    box.set_query("a OR b")
    box.add_condition("tag:x")
    assert box.text() == "(a OR b) tag:x"
    box.add_condition('source:"DOD News"', exclude=True)
    assert box.text() == '(a OR b) tag:x -source:"DOD News"'
    box.set_query("kursk")
    box.add_condition('(source:"DOD News" OR source:"D.O.D. News")', exclude=True)
    assert box.text() == 'kursk -(source:"DOD News" OR source:"D.O.D. News")'
    box.add_condition("-has:date", exclude=True)  # excluding "No date": no double minus
    assert box.text() == 'kursk -(source:"DOD News" OR source:"D.O.D. News") has:date'


def test_completion_offers_fields_and_values(qtbot: Any) -> None:
    box = SearchBox()
    qtbot.addWidget(box)
    box.set_values("tag", ["ukraine", "navy ships"])
    assert "author:" in box._candidates("au")
    assert 'tag:"navy ships"' in box._candidates("tag:n")
    assert "service:navy" in box._candidates("service:")
    box.set_query("kursk tag:uk", submit=False)
    box.edit.setCursorPosition(len(box.text()))
    box._insert_completion("tag:ukraine")
    assert box.text() == "kursk tag:ukraine "


def test_completion_values_set_before_the_first_completion_are_kept(qtbot: Any) -> None:
    # The has: and service: defaults come with the first completion; values the window gave
    # before it are not replaced by them.
    box = SearchBox()
    qtbot.addWidget(box)
    box.set_values("service", ["navy"])
    assert box._candidates("service:") == ["service:navy"]
    assert "has:date" in box._candidates("has:")


def test_a_blank_query_is_submitted_without_an_error(qtbot: Any) -> None:
    # (the search box does not load the parser for it: see test_query_parser's blank texts)
    box = SearchBox()
    qtbot.addWidget(box)
    box.set_query("tag:x")
    with qtbot.waitSignal(box.querySubmitted) as submitted:
        box.set_query("\u3000 ")
    assert submitted.args == ["\u3000 "]
    assert box.error_text() == ""


def test_current_word_handles_quotes_and_negation() -> None:
    text = 'a -source:"DOD Ne'
    assert current_word(text, len(text)) == (3, 'source:"DOD Ne')
    assert current_word("a (tag:x", 8) == (3, "tag:x")
    assert current_word("word", 99) == (0, "word")


def test_save_search_appears_in_sidebar(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    assert window.save_search_as("Kursk stories", "kursk")
    wait_idle(qtbot, window)
    saved = window.sidebar_model.group("saved")
    assert saved.rowCount() == 1
    assert saved.child(0).text() == "Kursk stories"
    assert not window.save_search_as("Broken", 'title:"x')  # refused, message in status bar
    assert "not saved" in window.statusBar().currentMessage()


def test_word_queries_are_ranked_with_highlighted_snippets(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    from dossierdesk.gui.models.article_columns import COL_DATE, COL_MATCH, SNIPPET_ROLE
    from dossierdesk.gui.widgets.snippet_delegate import snippet_html

    window = make_window(seeded_archive)
    assert window._sort == "relevance"  # the default
    window.search_box.set_query("force")
    ranked = seeded_archive.search("force", sort="relevance").ids
    assert ranked != seeded_archive.search("force", sort="-date").ids  # the test means it
    qtbot.waitUntil(lambda: window.table_model.ids() == ranked)
    wait_idle(qtbot, window)
    model = window.table_model
    raw = model.index(0, COL_MATCH).data(SNIPPET_ROLE)
    assert raw and "\ue000" in raw
    shown = model.index(0, COL_MATCH).data()
    assert "force" in shown.lower() and "\ue000" not in shown
    assert "<b " in snippet_html(raw)
    # clicking another column switches relevance off; the choice is remembered
    window.table.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)
    newest = seeded_archive.search("force", sort="-date").ids
    qtbot.waitUntil(lambda: window.table_model.ids() == newest)
    assert window._sort == "-date"
    window.table.sortByColumn(COL_MATCH, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: window.table_model.ids() == ranked)
    window.save_settings()
    from dossierdesk.gui import settings as user_settings

    assert user_settings.app_settings().value("table/sort") == "relevance"
    # a filter-only query keeps date order under the relevance sort
    window.search_box.set_query("tag:ukraine")
    qtbot.waitUntil(
        lambda: window.table_model.ids() == seeded_archive.search("tag:ukraine", sort="-date").ids
    )


def test_snippets_are_escaped() -> None:
    from dossierdesk.gui.widgets.snippet_delegate import snippet_html

    assert snippet_html("a <i>\ue000b&c\ue001 d") == (
        "a &lt;i&gt;<b style='background-color:#fff2a8;color:#000'>b&amp;c</b> d"
    )


def test_a_snippet_across_paragraphs_is_one_line(
    qtbot: Any, archive: Archive, make_window: Any, tmp_path: Path
) -> None:
    """The body's paragraphs are joined by blank lines: a snippet spanning one showed as two
    lines, clipped by the row (seen in the window: "…Air Force phot" over half a line)."""
    from dossierdesk.gui.models.article_columns import COL_MATCH, SNIPPET_ROLE

    page = tmp_path / "story.txt"
    page.write_text(
        "Harbor patrol ends\n\nBy Staff\n\nThe crew finished the harbor patrol.\n\n"
        "Marines  then\tcleaned the boats.\n",
        encoding="utf-8",
    )
    archive.import_paths([page])
    window = make_window(archive)
    window.search_box.set_query("patrol marines")
    qtbot.waitUntil(lambda: len(window.table_model.ids()) == 1)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.table_model.index(0, COL_MATCH).data(SNIPPET_ROLE) is not None)
    raw = window.table_model.index(0, COL_MATCH).data(SNIPPET_ROLE)
    shown = window.table_model.index(0, COL_MATCH).data()
    assert "\n" not in raw and "\t" not in raw and "  " not in raw
    assert "harbor \ue000patrol\ue001. \ue000Marines\ue001 then cleaned" in raw
    assert "harbor patrol. Marines then cleaned" in shown


def test_a_results_rows_are_painted_before_its_snippets_are_read(
    qtbot: Any, seeded_archive: Archive, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reads that follow a first page (its snippets first) start once its rows are on
    screen: started any earlier, the worker would hold the GIL while the rows are painted."""

    window = make_window(seeded_archive)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.table.viewport().isVisible)  # (the table, not a welcome page)
    ranked = seeded_archive.search("force", sort="relevance").ids
    assert ranked
    model = window.table_model

    shown: list[tuple[int, ...]] = []  # the table's ids at each paint of its viewport
    paints = _OnPaint(lambda: shown.append(model.ids()))
    window.table.viewport().installEventFilter(paints)
    painted_when_read: list[bool] = []
    real = seeded_archive.snippets

    def snippets(text: str, ids: Any) -> Any:
        painted_when_read.append(ranked in shown)
        return real(text, ids)

    monkeypatch.setattr(seeded_archive, "snippets", snippets)
    window.search_box.set_query("force")
    qtbot.waitUntil(lambda: model.ids() == ranked)
    wait_idle(qtbot, window)
    window.table.viewport().removeEventFilter(paints)
    assert painted_when_read == [True]


@pytest.mark.parametrize("added", [0, 5])
def test_a_rerun_keeps_the_table_where_it_was_on_every_paint(
    qtbot: Any, archive: Archive, make_window: Any, added: int
) -> None:
    """A re-run (after an edit, or an import that put ``added`` newer articles above) paints
    the table only with the article that was at its top still there, also when that row is
    past the first page: never first from the top, nor where the rows moved down."""
    fill_synthetic(archive, 400)
    window = make_window(archive)
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    table, model = window.table, window.table_model
    qtbot.waitUntil(lambda: model.rowCount() == 400)
    table.scrollTo(model.index(300, 1))
    qtbot.waitUntil(lambda: table.rowAt(0) > 200)
    top = model.article_id(table.rowAt(0))
    assert top is not None
    tops: list[int | None] = []  # the article at the top of the table at each paint
    paints = _OnPaint(lambda: tops.append(model.article_id(table.rowAt(0))))
    table.viewport().installEventFilter(paints)
    if added:
        _add_newest(archive, added)
    window.refresh_all()
    wait_idle(qtbot, window)
    qtbot.wait(50)
    table.viewport().removeEventFilter(paints)
    assert tops and set(tops) == {top}, tops


def _add_newest(archive: Archive, n: int) -> None:
    """``n`` articles newer than every other, as an import would add them."""
    import datetime as dt

    from sqlalchemy import func, insert, select

    from dossierdesk.store.models import Article, ArticleText

    with archive._write() as session:
        first = int(session.scalar(select(func.max(Article.id))) or 0) + 1
        for i in range(first, first + n):
            session.execute(
                insert(Article),
                {
                    "id": i,
                    "title": f"Newest article {i}",
                    "published": dt.date(2030, 1, 1) + dt.timedelta(days=i),
                    "content_hash": f"new{i:061d}",
                    "imported_at": dt.datetime(2026, 1, 2),
                    "format": "text",
                    "source_name": f"new/{i}.txt",
                    "source_index": 0,
                    "word_count": 2,
                    "image_count": 0,
                    "virin_count": 0,
                },
            )
            session.execute(
                insert(ArticleText),
                {"article_id": i, "body": "new body", "captions": "", "credits": ""},
            )


class _OnPaint(QObject):
    """An event filter that calls ``seen`` at each paint of the widget it watches."""

    def __init__(self, seen: Callable[[], object]) -> None:
        super().__init__()
        self._seen = seen

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._seen()
        return False
