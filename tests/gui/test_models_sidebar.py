"""The sidebar model: groups, counts and the condition each entry stands for."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from dossierdesk.gui.models.sidebar import (
    CONDITION_ROLE,
    COUNT_ROLE,
    DOSSIER_ID_ROLE,
    KIND_ROLE,
    SidebarData,
    SidebarModel,
    load_sidebar_data,
)
from dossierdesk.service import Archive

pytestmark = pytest.mark.both_backends


def _children(model: SidebarModel, kind: str) -> list[tuple[str, str]]:
    group = model.group(kind)
    return [
        (group.child(r).text(), group.child(r).data(CONDITION_ROLE))
        for r in range(group.rowCount())
    ]


def test_sidebar_model_passes_qt_model_tester(qtmodeltester: Any, seeded_archive: Archive) -> None:
    model = SidebarModel()
    model.populate(load_sidebar_data(seeded_archive))
    qtmodeltester.check(model)


def test_entries_carry_query_conditions(seeded_archive: Archive) -> None:
    seeded_archive.save_search("Kursk", "kursk")
    model = SidebarModel()
    model.populate(load_sidebar_data(seeded_archive))
    tags = _children(model, "tags")
    assert ("navy ships  (2)", 'tag:"navy ships"') in tags
    assert ("ukraine  (3)", "tag:ukraine") in tags
    ukraine = model.group("tags").child(1)
    assert ukraine.data(Qt.ItemDataRole.DecorationRole) == QColor("#3366cc")
    # "DOD News" and "DoD News": one entry, its tooltip naming both spellings.
    assert ("DOD News  (2)", 'source:"DOD News"') in _children(model, "sources")
    dod = model.group("sources").child(0)
    assert "DoD News  (1)" in dod.toolTip() and "DOD News  (1)" in dod.toolTip()
    assert ("Kursk", "kursk") in _children(model, "saved")
    services = dict(_children(model, "services"))
    assert services["Air Force  (18)"] == 'service:"air force"'
    years = model.group("years")
    year_2015 = next(
        years.child(r) for r in range(years.rowCount()) if years.child(r).text().startswith("2015")
    )
    assert year_2015.data(CONDITION_ROLE) == "date:2015"
    months = [year_2015.child(r).data(CONDITION_ROLE) for r in range(year_2015.rowCount())]
    assert "date:2015-12" in months
    assert model.group("library").text() == "Library  (26)"


def test_every_condition_is_a_valid_query(seeded_archive: Archive) -> None:
    model = SidebarModel()
    model.populate(load_sidebar_data(seeded_archive))
    for kind in ("tags", "sources", "authors", "services", "years"):
        for _text, condition in _children(model, kind):
            assert seeded_archive.count(condition) > 0, condition


def test_dossiers_hook_lists_entries(seeded_archive: Archive) -> None:
    model = SidebarModel()
    assert _children(model, "dossiers") == [("No dossiers yet", "")]
    ids = list(seeded_archive.search("").ids)
    dossier_id = seeded_archive.create_dossier("Kursk", article_ids=ids[:3])
    model.set_dossiers(seeded_archive.dossiers())
    assert _children(model, "dossiers") == [("Kursk  (3)", "")]
    item = model.dossier_item(dossier_id)
    assert item is not None and item.data(DOSSIER_ID_ROLE) == dossier_id
    assert item.data(KIND_ROLE) == "dossier" and item.isDropEnabled()
    model.populate(load_sidebar_data(seeded_archive))
    assert _children(model, "dossiers") == [("Kursk  (3)", "")]


def test_sidebar_counts_stop_once_a_newer_search_comes(seeded_archive: Archive) -> None:
    import pytest

    from dossierdesk.gui.models.sidebar import Superseded, load_sidebar_data

    asked: list[int] = []

    def stale() -> bool:
        asked.append(1)
        return len(asked) > 2  # a newer search arrives after two queries

    with pytest.raises(Superseded):
        load_sidebar_data(seeded_archive, "ukraine", stale=stale)
    assert len(asked) == 3  # stopped at the third query, not after all of them
    data = load_sidebar_data(seeded_archive, "ukraine", stale=lambda: False)
    assert data.query == "ukraine"


def test_a_new_search_sets_the_tags_counts_in_place() -> None:
    """Between searches only the tags' counts change: their entries stay (made again, with
    their quoted conditions, only when the tags themselves change), the labels and counts
    follow, and one ``dataChanged`` covers the rows that changed."""
    from dossierdesk.service.dto import TagInfo

    model = SidebarModel()
    group = model.group("tags")
    first = [TagInfo(i, f"topic {i}", None, i) for i in range(1, 2001)]
    model.populate(SidebarData(total=10, tags=tuple(first)))
    entries = [group.child(r) for r in range(group.rowCount())]
    changes: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: changes.append((a.row(), b.row())))
    counted = [TagInfo(t.id, t.name, t.color, 0 if t.id % 3 else 5) for t in first]
    model.populate(SidebarData(total=10, tags=tuple(counted)))
    assert [group.child(r) for r in range(group.rowCount())] == entries  # the same entries
    assert group.child(2).data(COUNT_ROLE) == "5" and group.child(2).text() == "topic 3  (5)"
    assert group.child(0).text() == "topic 1  (0)"
    assert group.child(0).data(Qt.ItemDataRole.DecorationRole) is None  # no colour anywhere
    assert group.child(1999).data(CONDITION_ROLE) == 'tag:"topic 2000"'
    assert (0, 1999) in changes  # (first row changed 1 -> 0, last 2000 -> 0)
    changes.clear()
    model.populate(SidebarData(total=10, tags=tuple(counted)))
    assert changes == []  # nothing changed: nothing said
    coloured = [TagInfo(1, "topic 1", "#ff0000", 0), *counted[1:]]
    model.populate(SidebarData(total=10, tags=tuple(coloured)))
    assert group.child(0) is not entries[0]  # a tag changed: the entries are made again
    assert group.child(0).data(Qt.ItemDataRole.DecorationRole) == QColor("#ff0000")
    clear = group.child(1).data(Qt.ItemDataRole.DecorationRole)  # (names line up)
    assert isinstance(clear, QColor) and clear.alpha() == 0
    renamed = [*counted[:-1], TagInfo(2000, "topic two thousand", None, 0)]
    model.populate(SidebarData(total=10, tags=tuple(renamed)))
    assert group.child(1999).data(CONDITION_ROLE) == 'tag:"topic two thousand"'
    model.populate(SidebarData(total=10, tags=tuple(renamed[:5])))
    assert group.rowCount() == 5
