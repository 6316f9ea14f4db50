"""DossierEntriesModel: table contents, inline note edits and drag-and-drop payloads."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from pytestqt.qtbot import QtBot

from dossierdesk.gui.dossiers import (
    ARTICLE_IDS_MIME,
    DOSSIER_ENTRIES_MIME,
    DossierEntriesModel,
    EntryRow,
    encode_article_ids,
)

pytestmark = pytest.mark.both_backends

MOVE = Qt.DropAction.MoveAction
COPY = Qt.DropAction.CopyAction


def rows(n: int) -> list[EntryRow]:
    return [
        EntryRow(
            article_id=10 + i,
            title=f"<b>Article {i}</b>",
            published=dt.date(2024, 1, i + 1) if i % 2 == 0 else None,
            note="note" if i == 1 else None,
        )
        for i in range(n)
    ]


def make_model(n: int = 5) -> DossierEntriesModel:
    model = DossierEntriesModel()
    model.set_entries(7, rows(n))
    return model


def test_modeltester(qtmodeltester: object) -> None:
    model = make_model(6)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.set_entries(None, [])
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_contents() -> None:
    model = make_model()
    assert model.rowCount() == 5 and model.columnCount() == 5
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["#", "Date", "Title", "Source", "Note"]
    assert [model.index(0, c).data() for c in range(5)] == [
        "1",
        "2024-01-01",
        "<b>Article 0</b>",
        "",
        "",
    ]
    assert model.index(1, 1).data() == "" and model.index(1, 4).data() == "note"
    assert model.flags(model.index(0, 4)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled


def test_sources_are_asked_for_in_one_batch_when_shown(qtbot: QtBot) -> None:
    model = make_model(4)
    with qtbot.waitSignal(model.sourcesWanted) as wanted:
        assert [model.index(r, 3).data() for r in (2, 0, 2)] == ["", "", ""]
    assert wanted.args == [[12, 10]]  # rows shown only, each once
    model.set_sources({10: "DOD News", 12: None})
    assert model.index(0, 3).data() == "DOD News" and model.index(2, 3).data() == ""
    with qtbot.assertNotEmitted(model.sourcesWanted, wait=50):
        model.index(0, 3).data()
        model.index(2, 3).data()
    model.set_entries(7, rows(4))  # a reload of the same dossier keeps what is known
    assert model.index(0, 3).data() == "DOD News"
    model.set_entries(8, rows(4))  # another dossier: nothing carried over
    with qtbot.waitSignal(model.sourcesWanted) as wanted:
        assert model.index(0, 3).data() == ""
    assert wanted.args == [[10]]


def test_note_edit_emits_request(qtbot: QtBot) -> None:
    model = make_model()
    with qtbot.waitSignal(model.noteEdited) as edited:
        assert model.setData(model.index(2, 4), "  why it matters ")
    assert edited.args == [12, "why it matters"]
    assert model.index(2, 4).data() == "why it matters"
    with qtbot.waitSignal(model.noteEdited) as cleared:
        assert model.setData(model.index(1, 4), "   ")
    assert cleared.args == [11, None]
    assert not model.setData(model.index(0, 2), "new title")  # titles are not editable


def test_mime_data_carries_ids_for_both_uses() -> None:
    model = make_model()
    mime = model.mimeData([model.index(3, 0), model.index(1, 2), model.index(3, 4)])
    assert set(model.mimeTypes()) == {ARTICLE_IDS_MIME, DOSSIER_ENTRIES_MIME}
    assert json.loads(bytes(mime.data(ARTICLE_IDS_MIME).data())) == [11, 13]
    payload = json.loads(bytes(mime.data(DOSSIER_ENTRIES_MIME).data()))
    assert payload == {"dossier": 7, "ids": [11, 13]}
    assert model.supportedDropActions() & MOVE


def test_internal_drop_requests_a_move(qtbot: QtBot) -> None:
    model = make_model(6)  # ids 10..15
    # Drag rows 1 and 2 to before row 5: among the other four entries they land at 3.
    mime = model.mimeData([model.index(1, 0), model.index(2, 0)])
    with qtbot.waitSignal(model.moveRequested) as moved:
        assert model.dropMimeData(mime, MOVE, 5, 0, QModelIndex())
    assert moved.args == [[11, 12], 3]
    # Dropping row 4 onto row 0 (row -1, parent = the item) moves it to the top.
    mime = model.mimeData([model.index(4, 0)])
    with qtbot.waitSignal(model.moveRequested) as moved:
        assert model.dropMimeData(mime, MOVE, -1, -1, model.index(0, 2))
    assert moved.args == [[14], 0]
    # Dropping on the empty area below the rows moves to the end.
    mime = model.mimeData([model.index(0, 0)])
    with qtbot.waitSignal(model.moveRequested) as moved:
        assert model.dropMimeData(mime, MOVE, -1, -1, QModelIndex())
    assert moved.args == [[10], 5]


def test_external_drop_requests_an_add(qtbot: QtBot) -> None:
    model = make_model()
    mime = encode_article_ids([99, 98])
    with qtbot.waitSignal(model.articlesDropped) as dropped:
        assert model.dropMimeData(mime, COPY, 2, 0, QModelIndex())
    assert dropped.args == [[99, 98], 2]
    # Entries dragged from another dossier are added, not moved.
    other = DossierEntriesModel()
    other.set_entries(8, rows(2))
    with qtbot.waitSignal(model.articlesDropped) as dropped:
        assert model.dropMimeData(other.mimeData([other.index(1, 0)]), MOVE, 0, 0, QModelIndex())
    assert dropped.args == [[11], 0]


def test_rejected_drops(qtbot: QtBot) -> None:
    model = make_model()
    text = QMimeData()
    text.setText("10")
    with qtbot.assertNotEmitted(model.articlesDropped):
        assert not model.dropMimeData(text, COPY, 0, 0, QModelIndex())
        bad = QMimeData()
        bad.setData(ARTICLE_IDS_MIME, b"not json")
        assert not model.dropMimeData(bad, COPY, 0, 0, QModelIndex())
    closed = DossierEntriesModel()  # no dossier shown
    assert not closed.canDropMimeData(encode_article_ids([1]), COPY, 0, 0, QModelIndex())
