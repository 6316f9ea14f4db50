"""The metadata dialog: validation, VIRIN warnings, saving through the controller, undo."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtCore import Qt

from dossierdesk.gui.editing import EditController
from dossierdesk.gui.metadata_dialog import CAPTION, VIRIN, MetadataDialog, parse_date
from dossierdesk.service import Archive

from .conftest_editing import (  # noqa: F401 (fixtures)
    answers_fixture,
    controller_fixture,
    host_fixture,
    small_archive_fixture,
)


def _article_with_images(archive: Archive) -> int:
    (found,) = archive.search('title:"smart women"').ids
    assert len(archive.article(found).images) == 3
    return found


def _open(controller: EditController, article_id: int) -> MetadataDialog:
    controller.edit_metadata(article_id)
    dialog = controller.metadata_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_parse_date() -> None:
    assert parse_date(" 2016-01-15 ") == dt.date(2016, 1, 15)
    assert parse_date("") is None
    for bad in ("2016-02-30", "15/01/2016", "2016-1-5", "yesterday"):
        try:
            parse_date(bad)
        except ValueError:
            continue
        raise AssertionError(bad)


def test_empty_title_and_bad_date_disable_ok(qtbot: Any, controller: EditController) -> None:
    dialog = _open(controller, _article_with_images(controller.archive))
    assert dialog.ok_button.isEnabled()
    assert not dialog.problems.isVisible()
    dialog.title_edit.setText("   ")
    assert not dialog.ok_button.isEnabled()
    assert "title cannot be empty" in dialog.problems.text()
    dialog.title_edit.setText("A title")
    dialog.date_edit.setText("2016-13-01")
    assert not dialog.ok_button.isEnabled()
    assert "is not a date" in dialog.problems.text()
    dialog.date_edit.setText("")  # unknown date is allowed
    assert dialog.ok_button.isEnabled()
    assert dialog.problems.textFormat() == Qt.TextFormat.PlainText


def test_malformed_virin_warns_and_needs_confirmation(
    qtbot: Any, controller: EditController
) -> None:
    article_id = _article_with_images(controller.archive)
    dialog = _open(controller, article_id)
    dialog.images.item(1, VIRIN).setText("160114-F-FC97-761")  # originator too short
    assert not dialog.ok_button.isEnabled()
    assert not dialog.keep_virins.isHidden()
    assert "Image 2: VIRIN “160114-F-FC97-761”" in dialog.problems.text()
    assert "originator" in dialog.problems.text()
    assert dialog.images.item(1, VIRIN).toolTip()
    dialog.keep_virins.setChecked(True)
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(controller.archiveChanged):
        dialog.ok_button.click()
    image = controller.archive.article(article_id).images[1]
    assert image.virin == "160114-F-FC97-761"
    assert image.virin_valid is False and "originator" in (image.virin_problem or "")


def test_edit_saves_is_searchable_and_undo_restores_exactly(
    qtbot: Any, controller: EditController
) -> None:
    archive = controller.archive
    article_id = _article_with_images(archive)
    before = archive.article(article_id)
    dialog = _open(controller, article_id)
    dialog.title_edit.setText("Secretary speaks about the xylophone programme")
    dialog.date_edit.setText("2016-01-20")
    dialog.authors_edit.setPlainText("Jane Doe; John Roe\nJane Doe")
    dialog.source_edit.setText("Air Force News")
    dialog.dateline_edit.setText("WASHINGTON (AFNS)")
    dialog.url_edit.setText("https://www.af.mil/x")
    dialog.images.item(0, CAPTION).setText("A gazebo on the flight line")
    dialog.images.item(2, VIRIN).setText("")
    with qtbot.waitSignal(controller.archiveChanged):
        dialog.ok_button.click()
    stack = controller.undo_stack
    assert stack.undoText().startswith("Edit “Secretary speaks about the xylophone")
    after = archive.article(article_id)
    assert after.title == "Secretary speaks about the xylophone programme"
    assert after.published == dt.date(2016, 1, 20)
    assert after.authors == ("Jane Doe", "John Roe")
    assert (after.source, after.dateline, after.url) == (
        "Air Force News",
        "WASHINGTON (AFNS)",
        "https://www.af.mil/x",
    )
    assert after.images[0].caption == "A gazebo on the flight line"
    assert after.images[2].virin is None and after.images[2].virin_valid is None
    assert archive.search("xylophone").ids == (article_id,)
    assert archive.search("gazebo").ids == (article_id,)
    assert archive.search('title:"smart women"').ids == ()
    stack.undo()
    restored = archive.article(article_id)
    # The content is exactly as before; undoing is itself a change (a new version).
    assert restored.version == before.version + 2 and restored.changed_by == archive.user
    assert dataclasses.replace(restored, version=1, changed_by=None, changed_at=None) == before
    assert archive.search('title:"smart women"').ids == (article_id,)
    assert archive.search("xylophone").ids == ()
    stack.redo()
    assert archive.article(article_id).title.endswith("xylophone programme")
    assert archive.check().ok


def test_unchanged_or_cancelled_dialog_pushes_nothing(
    qtbot: Any, controller: EditController
) -> None:
    article_id = _article_with_images(controller.archive)
    first = _open(controller, article_id)
    first.ok_button.click()
    assert controller.metadata_dialog is None
    qtbot.waitUntil(lambda: not _alive(first))  # deleted once closed
    dialog = _open(controller, article_id)
    dialog.title_edit.setText("Something else")
    dialog.reject()
    assert controller.undo_stack.count() == 0
    assert controller.archive.article(article_id).title != "Something else"


def _alive(widget: Any) -> bool:
    from shiboken6 import isValid

    return bool(isValid(widget))


def test_unknown_article_shows_an_error(qtbot: Any, controller: EditController) -> None:
    controller.edit_metadata(424242)
    assert controller.metadata_dialog is None
    assert controller.error_dialog is not None
    assert "424242" in controller.error_dialog.message.text()
