"""DossierController: every change is a service call and an undo-stack entry that undoes it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from dossierdesk.gui.dossiers import (
    DossierProperties,
)
from dossierdesk.service.dossier_dto import TEXT_MAX

from .conftest_dossiers import Harness, ids_by_date, make_controller, seeded_copy


@pytest.fixture
def h(qtbot: QtBot, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Harness]:
    archive = seeded_copy(tmp_path_factory, tmp_path / "archive.sqlite3")
    harness = make_controller(archive)
    qtbot.addWidget(harness.host)
    yield harness
    archive.close()


def test_create_from_selection_keeps_order_and_undo_redo(h: Harness, qtbot: QtBot) -> None:
    ids = ids_by_date(h.archive)[:5][::-1]
    with qtbot.waitSignal(h.controller.dossierCreated) as created:
        dossier_id = h.create(ids, "Readiness", subtitle="Sub", compiled_by="Me")
    assert created.args == [dossier_id]
    detail = h.archive.dossier(dossier_id)
    assert list(detail.article_ids) == ids
    assert (detail.title, detail.subtitle, detail.compiled_by) == ("Readiness", "Sub", "Me")
    assert h.stack.count() == 1
    h.stack.undo()
    assert h.archive.dossiers() == []
    h.stack.redo()
    assert h.order(dossier_id) == ids


def test_create_through_the_dialog(h: Harness, qtbot: QtBot) -> None:
    ids = ids_by_date(h.archive)[:3]
    assert h.controller.create_from_ids(ids) is None  # asks first
    dialog = h.controller.active_dialog
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no title yet
    dialog.set_values("  Kursk   and beyond ", "", "Analyst", "Why these articles")
    assert ok.isEnabled()
    with qtbot.waitSignal(h.controller.dossierCreated) as created:
        ok.click()
    info = h.archive.dossier(created.args[0])
    assert info.title == "Kursk and beyond"
    assert info.subtitle is None and info.compiled_by == "Analyst"
    assert list(info.article_ids) == ids


def test_dialog_rejects_invalid_input_and_stays_open(h: Harness) -> None:
    h.controller.create_from_ids([1])
    dialog = h.controller.active_dialog
    assert dialog is not None
    dialog.set_values("Fine title", description="x" * (TEXT_MAX + 1))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert "description too long" in dialog.error_label.text().lower()
    assert h.archive.dossiers() == []
    dialog.reject()
    assert h.controller.active_dialog is None
    assert h.archive.dossiers() == []


def test_create_from_query_oldest_first(h: Harness) -> None:
    dossier_id = h.controller.create_from_query("title:airman", DossierProperties("Airmen stories"))
    assert dossier_id is not None
    order = h.order(dossier_id)
    expected = list(h.archive.search("title:airman", sort="date").ids)
    assert order == expected and len(order) > 5


def test_create_from_query_dialog_proposes_the_query_as_title(h: Harness) -> None:
    h.controller.create_from_query("title:airman  date:2015")
    dialog = h.controller.active_dialog
    assert dialog is not None
    assert dialog.title_edit.text() == "title:airman date:2015"
    dialog.accept()
    (info,) = h.archive.dossiers()
    assert info.title == "title:airman date:2015" and info.article_count > 0


def test_bad_query_is_a_message_not_a_traceback(h: Harness) -> None:
    assert h.controller.create_from_query('"unclosed', DossierProperties("X")) is None
    assert h.errors and "quote" in h.errors[0].lower()
    assert h.stack.count() == 0 and h.archive.dossiers() == []


def test_add_remove_and_undo(h: Harness) -> None:
    ids = ids_by_date(h.archive)
    dossier_id = h.create(ids[:3])
    assert h.controller.add_articles(dossier_id, [ids[5], ids[0], ids[6]], position=1)
    assert h.order(dossier_id) == [ids[0], ids[5], ids[6], ids[1], ids[2]]
    h.stack.undo()
    assert h.order(dossier_id) == ids[:3]
    h.stack.redo()
    assert h.order(dossier_id) == [ids[0], ids[5], ids[6], ids[1], ids[2]]


def test_remove_and_undo_restores_place_and_notes(h: Harness) -> None:
    ids = ids_by_date(h.archive)[:6]
    dossier_id = h.create(ids)
    h.archive.set_dossier_note(dossier_id, ids[2], "keep this")
    h.archive.set_dossier_note(dossier_id, ids[4], "and this")
    assert h.controller.remove_entries(dossier_id, [ids[4], ids[2]])
    assert h.order(dossier_id) == [ids[0], ids[1], ids[3], ids[5]]
    h.stack.undo()
    assert h.order(dossier_id) == ids
    notes = h.notes(dossier_id)
    assert notes[ids[2]] == "keep this" and notes[ids[4]] == "and this"
    h.stack.redo()
    assert h.order(dossier_id) == [ids[0], ids[1], ids[3], ids[5]]


def test_move_undo_redo(h: Harness) -> None:
    ids = ids_by_date(h.archive)[:5]
    dossier_id = h.create(ids)
    assert h.controller.move_entries(dossier_id, [ids[3], ids[4]], 0)
    moved = [ids[3], ids[4], ids[0], ids[1], ids[2]]
    assert h.order(dossier_id) == moved
    h.stack.undo()
    assert h.order(dossier_id) == ids
    h.stack.redo()
    assert h.order(dossier_id) == moved


def test_note_edit_and_undo(h: Harness, qtbot: QtBot) -> None:
    ids = ids_by_date(h.archive)[:2]
    dossier_id = h.create(ids)
    with qtbot.waitSignal(h.controller.dossierChanged) as changed:
        assert h.controller.set_note(dossier_id, ids[1], "  <b>why</b> it matters ")
    assert changed.args == [dossier_id]
    assert h.notes(dossier_id)[ids[1]] == "<b>why</b> it matters"
    assert not h.controller.set_note(dossier_id, ids[1], "<b>why</b> it matters")  # no change
    h.stack.undo()
    assert h.notes(dossier_id)[ids[1]] is None
    h.stack.redo()
    assert h.notes(dossier_id)[ids[1]] == "<b>why</b> it matters"


def test_edit_properties_and_undo(h: Harness) -> None:
    dossier_id = h.create([1], "Old", subtitle="old sub")
    assert h.controller.edit_properties(dossier_id, DossierProperties("New", None, "Ed"))
    info = h.archive.dossier(dossier_id)
    assert (info.title, info.subtitle, info.compiled_by) == ("New", None, "Ed")
    h.stack.undo()
    info = h.archive.dossier(dossier_id)
    assert (info.title, info.subtitle, info.compiled_by) == ("Old", "old sub", None)


def test_edit_properties_dialog_starts_from_current_values(h: Harness) -> None:
    dossier_id = h.create([1], "Old", compiled_by="Someone")
    h.controller.edit_properties(dossier_id)
    dialog = h.controller.active_dialog
    assert dialog is not None
    assert dialog.title_edit.text() == "Old" and dialog.compiled_by_edit.text() == "Someone"
    dialog.title_edit.setText("Renamed")
    dialog.accept()
    assert h.archive.dossier(dossier_id).title == "Renamed"
    assert h.stack.count() == 2


def test_duplicate_and_undo(h: Harness) -> None:
    ids = ids_by_date(h.archive)[:3]
    source = h.create(ids, "Original")
    copy = h.controller.duplicate(source)
    assert copy is not None and copy != source
    assert h.order(copy) == ids and h.archive.dossier(copy).title == "Original (copy)"
    h.stack.undo()
    assert [d.id for d in h.archive.dossiers()] == [source]
    h.stack.redo()
    assert h.order(copy) == ids


def test_delete_and_undo_restores_entries_and_notes(h: Harness, qtbot: QtBot) -> None:
    ids = ids_by_date(h.archive)[:4]
    dossier_id = h.create(ids[::-1], "Doomed", description="desc")
    h.archive.set_dossier_note(dossier_id, ids[1], "a note")
    before = h.archive.dossier(dossier_id)
    with qtbot.waitSignal(h.controller.dossiersChanged):
        assert h.controller.delete(dossier_id)
    assert h.archive.dossiers() == []
    assert len(h.archive.search("").ids) == 26  # the articles stay
    h.stack.undo()
    after = h.archive.dossier(dossier_id)
    assert after.entries == before.entries
    assert (after.title, after.description) == ("Doomed", "desc")
    h.stack.redo()
    assert h.archive.dossiers() == []


def test_unknown_dossier_is_reported(h: Harness) -> None:
    assert not h.controller.add_articles(999, [1])
    assert not h.controller.delete(999)
    assert len(h.errors) == 2 and "999" in h.errors[0]
    assert h.stack.count() == 0


def test_failed_undo_is_reported_not_raised(h: Harness) -> None:
    ids = ids_by_date(h.archive)[:3]
    dossier_id = h.create(ids)
    h.controller.move_entries(dossier_id, [ids[2]], 0)
    h.archive.delete_dossier(dossier_id)  # behind the controller's back
    h.stack.undo()
    assert h.errors and "Cannot undo" in h.errors[-1] and str(dossier_id) in h.errors[-1]


def test_drop_rejects_other_payloads(h: Harness) -> None:
    mime = QMimeData()
    mime.setText("1,2,3")
    assert not h.controller.can_drop_on_dossier(mime)
    bad = QMimeData()
    bad.setData("application/x-dossierdesk-article-ids", b'{"ids": "1"}')
    assert not h.controller.can_drop_on_dossier(bad)
    bad.setData("application/x-dossierdesk-article-ids", b"[1, -2]")
    assert not h.controller.can_drop_on_dossier(bad)


def test_add_to_dossier_menu(h: Harness) -> None:
    ids = ids_by_date(h.archive)
    dossier_id = h.create(ids[:1], "Target")
    menu = h.controller.add_to_dossier_menu(lambda: [ids[3]], h.host)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Target (1)", "&New Dossier…"]
    menu.actions()[0].trigger()
    assert h.order(dossier_id) == [ids[0], ids[3]]
    menu.actions()[-1].trigger()
    assert h.controller.active_dialog is not None
    h.controller.active_dialog.set_values("Fresh")
    h.controller.active_dialog.accept()
    fresh = next(d for d in h.archive.dossiers() if d.title == "Fresh")
    assert h.order(fresh.id) == [ids[3]]


def test_set_archive_clears_undo(h: Harness, qtbot: QtBot) -> None:
    h.create([1])
    with qtbot.waitSignal(h.controller.dossiersChanged):
        h.controller.set_archive(None)
    assert h.stack.count() == 0
    assert h.controller.dossiers() == []
    assert not h.controller.add_articles(1, [1])
    assert h.errors == ["No archive is open."]


def mime_action():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.DropAction.CopyAction
