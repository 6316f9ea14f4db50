"""Facets that read well: grouped source spellings, authors by surname, "No date", counts that
stay visible in a narrow sidebar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem
from tests.facet_archive import FACET_ARTICLES, fill_facet_archive
from tests.gui.conftest import show_idle

from dossierdesk.gui.models.sidebar import (
    CONDITION_ROLE,
    COUNT_ROLE,
    KIND_ROLE,
    NAME_ROLE,
    SidebarData,
    SidebarModel,
    load_sidebar_data,
)
from dossierdesk.gui.widgets.facet_delegate import FacetDelegate
from dossierdesk.gui.widgets.sidebar import SidebarView
from dossierdesk.service import Archive
from dossierdesk.service.dto import FacetCount


def _texts(model: SidebarModel, kind: str) -> list[str]:
    group = model.group(kind)
    return [group.child(r).text() for r in range(group.rowCount())]


def _child(model: SidebarModel, kind: str, name: str) -> Any:
    group = model.group(kind)
    return next(
        group.child(r) for r in range(group.rowCount()) if group.child(r).data(NAME_ROLE) == name
    )


def _click(
    qtbot: Any, window: Any, item: Any, modifier: Any = Qt.KeyboardModifier.NoModifier
) -> None:
    view = window.sidebar
    view.setExpanded(item.parent().index(), True)
    view.scrollTo(item.index())
    rect = view.visualRect(item.index())
    assert rect.isValid()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_spellings_of_a_source_are_one_entry(archive: Archive, tmp_path: Path) -> None:
    fill_facet_archive(archive, tmp_path / "in")
    model = SidebarModel()
    model.populate(load_sidebar_data(archive))
    assert _texts(model, "sources") == ["DOD News  (4)", "Army News Service  (2)"]
    dod = _child(model, "sources", "DOD News")
    assert dod.data(CONDITION_ROLE) == '(source:"DOD News" OR source:"D.O.D. News")'
    tip = dod.toolTip()
    for spelling in ("DOD News  (2)", "DoD News  (1)", "D.O.D. News  (1)"):
        assert spelling in tip
    army = _child(model, "sources", "Army News Service")
    assert army.toolTip() == 'source:"Army News Service"'


def test_authors_by_surname_with_rank(archive: Archive, tmp_path: Path) -> None:
    fill_facet_archive(archive, tmp_path / "in")
    model = SidebarModel()
    model.populate(load_sidebar_data(archive))
    assert _texts(model, "authors") == [
        "Adams, Zed (Airman 1st Class)  (1)",
        "Baker, Mary (Staff Sgt.)  (1)",
        "Lacdan, Joe  (1)",
        "Marshall Jr., Tyrone C. (Army Sgt. 1st Class)  (1)",
        "Roe, Jane (Senior Airman)  (1)",
        "Vergun, David  (1)",
    ]
    roe = _child(model, "authors", "Roe, Jane (Senior Airman)")
    assert roe.data(CONDITION_ROLE) == 'author:"Senior Airman Jane Roe"'
    assert archive.count(roe.data(CONDITION_ROLE)) == 1


def test_years_and_no_date_add_up_to_the_library(archive: Archive, tmp_path: Path) -> None:
    fill_facet_archive(archive, tmp_path / "in")
    model = SidebarModel()
    model.populate(load_sidebar_data(archive))
    years = model.group("years")
    counts = [years.child(r).data(COUNT_ROLE) for r in range(years.rowCount())]
    assert _texts(model, "years") == ["2024  (2)", "2023  (2)", "No date  (3)"]
    assert sum(int(c) for c in counts) == archive.count("") == len(FACET_ARTICLES)
    undated = years.child(years.rowCount() - 1)
    assert undated.data(KIND_ROLE) == "undated"
    assert archive.count(undated.data(CONDITION_ROLE)) == 3


def test_no_date_entry_only_when_something_is_undated() -> None:
    model = SidebarModel()
    model.populate(SidebarData(total=1, months=(FacetCount("2024-01", 1),)))
    assert _texts(model, "years") == ["2024  (1)"]


def test_clicks_find_every_spelling_and_the_undated(
    qtbot: Any, archive: Archive, tmp_path: Path, make_window: Any
) -> None:
    ids = fill_facet_archive(archive, tmp_path / "in")
    window = make_window(archive)
    show_idle(qtbot, window)
    model = window.sidebar_model

    _click(qtbot, window, _child(model, "sources", "DOD News"))
    assert window.search_box.text() == '(source:"DOD News" OR source:"D.O.D. News")'
    qtbot.waitUntil(lambda: sorted(window.table_model.ids()) == ids[:4])

    undated = [i for i, (_s, _a, d) in zip(ids, FACET_ARTICLES, strict=True) if d is None]
    _click(qtbot, window, _child(model, "years", "No date"))
    assert window.search_box.text() == "-has:date"
    qtbot.waitUntil(lambda: sorted(window.table_model.ids()) == undated)

    # Excluding "No date" from a search keeps the dated articles (no double minus).
    window.search_box.set_query("readiness")
    _click(qtbot, window, _child(model, "years", "No date"), Qt.KeyboardModifier.ShiftModifier)
    assert window.search_box.text() == "readiness has:date"
    dated = sorted(set(ids) - set(undated))
    qtbot.waitUntil(lambda: sorted(window.table_model.ids()) == dated)


def _option(view: SidebarView, index: QModelIndex) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    return option


def test_a_long_name_in_a_narrow_sidebar_keeps_its_count(qtbot: Any) -> None:
    long_name = "Secretary of the Air Force Public Affairs Command Information"
    model = SidebarModel()
    model.populate(SidebarData(total=12345, sources=(FacetCount(long_name, 7),)))
    view = SidebarView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setExpanded(model.group("sources").index(), True)
    view.resize(96, 400)  # narrower than the header's default section size (100 px)
    view.show()
    qtbot.waitExposed(view)
    delegate = view.itemDelegate()
    assert isinstance(delegate, FacetDelegate)
    assert view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff

    index = model.group("sources").child(0).index()
    option = _option(view, index)
    assert option.rect.right() < view.viewport().width()
    name, count = delegate.texts(option, index)
    assert count == "7"
    assert name.endswith("…") and long_name.startswith(name[:-1]) and len(name) > 1
    name_width = option.fontMetrics.horizontalAdvance(name)
    count_width = option.fontMetrics.horizontalAdvance(count)
    assert option.rect.left() + name_width + count_width < option.rect.right()

    # Painted: the count's digits are drawn at the right edge of the row.
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    delegate.paint(painter, option, index)
    painter.end()
    rect: QRect = option.rect
    count_area = [
        image.pixelColor(x, y)
        for x in range(rect.right() - count_width - 6, rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    ]
    assert any(c.lightness() < 200 for c in count_area)

    # The Library row has its title as the name, and its count kept whole.
    library = model.group("library").index()
    assert library.data(NAME_ROLE) == "Library"
    name, count = delegate.texts(_option(view, library), library)
    assert count == "12,345" and name and "Library".startswith(name.rstrip("…"))
    view.resize(300, 400)
    qtbot.waitUntil(lambda: view.viewport().width() > 250)
    assert delegate.texts(_option(view, library), library) == ("Library", "12,345")
