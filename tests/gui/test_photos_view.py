"""The Photos view: lazy grid following the search, thumbnails off the GUI thread and cached,
the viewer (zoom, Save Photo As…, Copy), and attaching a photo by dropping it on a reader image.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image as PILImage
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragMoveEvent, QDropEvent, QGuiApplication, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from tests.conftest import SEED
from tests.gui.conftest import WindowFactory, wait_idle

from dossierdesk.gui.main_window import MainWindow
from dossierdesk.gui.ops import task_manager
from dossierdesk.gui.photos import model as grid_model
from dossierdesk.gui.photos.mime import PHOTO_MIME, photo_ids_mime
from dossierdesk.gui.photos.thumbnails import ThumbnailProvider
from dossierdesk.service import Archive

SEED_VIRIN = "230515-D-KY598-1364"


def picture(fmt: str, size: tuple[int, int], color: Any, caption: str | None = None) -> bytes:
    buf = io.BytesIO()
    image = PILImage.new("RGB", size, color)
    exif = PILImage.Exif()
    if caption:
        exif[0x010E] = caption
    image.save(buf, fmt, exif=exif.tobytes()) if caption else image.save(buf, fmt)
    return buf.getvalue()


@pytest.fixture
def photo_archive(archive: Archive, tmp_path: Path) -> Archive:
    """The seed article with its photo (a WebP named .JPG) and three standalone JPEGs."""
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / f"{SEED_VIRIN}.JPG").write_bytes(picture("WEBP", (900, 600), "orange"))
    for n, color in enumerate(("navy", "green", "purple")):
        caption = "<b>not bold</b> & caption" if n == 0 else f"Standalone {n}"
        data = picture("JPEG", (640, 480), color, caption)
        (folder / f"standalone-{n}.jpg").write_bytes(data)
    archive.import_paths([SEED, folder])
    assert len(archive.photos()) == 4
    return archive


def photos_window(make_window: WindowFactory, qtbot: Any, archive: Archive) -> MainWindow:
    window = make_window(archive)
    window.resize(1200, 800)
    window.show()
    window.photo_browser.set_active(True)
    browser = window.photo_browser
    qtbot.waitUntil(lambda: browser.model.at_end and not browser.model.is_loading(), timeout=10_000)
    return window


def test_grid_shows_standalone_and_linked_photos_and_follows_the_query(
    photo_archive: Archive, make_window: WindowFactory, qtbot: Any, tmp_path: Path
) -> None:
    window = photos_window(make_window, qtbot, photo_archive)
    browser = window.photo_browser
    assert window.stack.currentWidget() is browser.view
    model = browser.model
    assert model.rowCount() == 4
    assert {bool(p.article_ids) for p in model.photos()} == {True, False}
    assert model.data(model.index(0), Qt.ItemDataRole.DisplayRole) == SEED_VIRIN
    # The caption with markup is kept literally (drawn as plain text; the tooltip escapes it).
    row = next(r for r in range(4) if "not bold" in (model.photo(r).caption or ""))
    assert model.data(model.index(row), grid_model.CAPTION_ROLE) == "<b>not bold</b> & caption"
    tip = model.data(model.index(row), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; caption" in tip and "<b>not bold" not in tip
    window.search_box.set_query("has:photo")
    qtbot.waitUntil(lambda: model.at_end and model.rowCount() == 1, timeout=10_000)
    assert model.photo(0).virin == SEED_VIRIN
    window.search_box.set_query("virin:230515")
    qtbot.waitUntil(lambda: model.query() == "virin:230515" and model.at_end, timeout=10_000)
    assert model.rowCount() == 1
    window.search_box.set_query("")
    qtbot.waitUntil(lambda: model.at_end and model.rowCount() == 4, timeout=10_000)
    browser.view.grid.grab().save(str(tmp_path / "grid.png"))
    # Back to the articles.
    browser.set_active(False)
    assert window.stack.currentWidget() is window.table


def test_the_model_fetches_pages_lazily(
    archive: Archive, make_window: WindowFactory, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(grid_model, "PHOTO_PAGE", 5)
    for n in range(12):
        (tmp_path / f"p{n}.jpg").write_bytes(picture("JPEG", (60, 40), (n * 20, 10, 10)))
    archive.import_paths([tmp_path])
    window = make_window(archive)
    window.photo_browser.set_active(True)
    model = window.photo_browser.model
    qtbot.waitUntil(lambda: model.rowCount() >= 5 and not model.is_loading(), timeout=10_000)
    sizes = {model.rowCount()}
    while model.canFetchMore(grid_model.QModelIndex()):
        model.fetchMore(grid_model.QModelIndex())
        qtbot.waitUntil(lambda: not model.is_loading(), timeout=10_000)
        sizes.add(model.rowCount())
    assert model.rowCount() == 12 and {5, 10, 12} <= sizes
    assert [p.id for p in model.photos()] == sorted(p.id for p in model.photos())


def test_thumbnails_arrive_off_the_gui_thread_and_come_from_the_disk_cache(
    photo_archive: Archive, make_window: WindowFactory, qtbot: Any, tmp_path: Path
) -> None:
    window = photos_window(make_window, qtbot, photo_archive)
    model = window.photo_browser.model
    provider = window.photo_browser.provider
    assert provider.cache_dir.is_relative_to(Path.home())  # the (test) user's cache folder
    first = model.index(0)
    qtbot.waitUntil(
        lambda: model.data(first, Qt.ItemDataRole.DecorationRole) is not None, timeout=10_000
    )
    image = model.data(first, Qt.ItemDataRole.DecorationRole)
    assert max(image.width(), image.height()) == model.thumb_px
    sha = model.photo(0).sha256
    cache_file = provider.cache_path(sha, model.thumb_px)
    assert cache_file.is_file()

    # A second provider (the app opened again): from the disk, nothing decoded.
    fresh = ThumbnailProvider(photo_archive.photo_data, cache_dir=provider.cache_dir)
    with qtbot.waitSignal(fresh.thumbnailReady, timeout=10_000):
        assert fresh.thumbnail(sha, model.thumb_px) is None
    assert fresh.thumbnail(sha, model.thumb_px) is not None
    assert (fresh.decoded, fresh.disk_hits) == (0, 1)

    # A corrupt cache file is ignored and written again.
    cache_file.write_bytes(b"not a jpeg")
    again = ThumbnailProvider(photo_archive.photo_data, cache_dir=provider.cache_dir)
    with qtbot.waitSignal(again.thumbnailReady, timeout=10_000):
        again.thumbnail(sha, model.thumb_px)
    assert again.decoded == 1 and cache_file.read_bytes()[:3] == b"\xff\xd8\xff"


def test_superseded_requests_are_dropped(
    photo_archive: Archive, qtbot: Any, tmp_path: Path
) -> None:
    provider = ThumbnailProvider(photo_archive.photo_data, cache_dir=tmp_path / "c")
    shas = [p.sha256 for p in photo_archive.photos()]
    for sha in shas:
        provider.thumbnail(sha, 64)
    provider.retain([(shas[-1], 64)])
    task_manager().wait()
    qtbot.waitUntil(lambda: provider.pending() == 0, timeout=10_000)
    assert provider.thumbnail(shas[-1], 64) is not None
    assert provider.decoded < len(shas)


def test_the_disk_cache_is_bounded(photo_archive: Archive, qtbot: Any, tmp_path: Path) -> None:
    provider = ThumbnailProvider(photo_archive.photo_data, cache_dir=tmp_path / "c", disk_bytes=1)
    for info in photo_archive.photos():
        with qtbot.waitSignal(provider.thumbnailReady, timeout=10_000):
            provider.thumbnail(info.sha256, 64)
    provider.prune()
    assert len(list((tmp_path / "c").glob("*/*.jpg"))) <= 1


def test_the_viewer_shows_a_caption_with_markup_literally(
    photo_archive: Archive, make_window: WindowFactory, qtbot: Any
) -> None:
    window = photos_window(make_window, qtbot, photo_archive)
    row = next(
        r for r in range(4) if "not bold" in (window.photo_browser.model.photo(r).caption or "")
    )
    viewer = _open_first_viewer(window, qtbot, row)
    assert viewer.caption_label.textFormat() == Qt.TextFormat.PlainText
    assert viewer.caption_label.text() == "<b>not bold</b> & caption"
    viewer.fit()
    assert viewer.scale() == pytest.approx(1.0)  # 640 px fits: a small photo is not enlarged
    viewer.close()


def _open_first_viewer(window: MainWindow, qtbot: Any, row: int) -> Any:
    grid = window.photo_browser.view.grid
    index = window.photo_browser.model.index(row)
    grid.scrollTo(index)
    center = grid.visualRect(index).center()
    QTest.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=center)
    QTest.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.waitUntil(lambda: bool(window.photo_browser.viewers), timeout=5_000)
    viewer = window.photo_browser.viewers[-1]
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=10_000)
    return viewer


def test_viewer_opens_on_double_click_zooms_saves_and_copies(
    photo_archive: Archive, make_window: WindowFactory, qtbot: Any, tmp_path: Path
) -> None:
    window = photos_window(make_window, qtbot, photo_archive)
    viewer = _open_first_viewer(window, qtbot, 0)  # the WebP named .JPG
    assert viewer.info.mime == "image/webp"
    assert viewer.image.width() == 900
    viewer.zoom_100()
    assert viewer.scale() == pytest.approx(1.0)
    QTest.keyClick(viewer.view, Qt.Key.Key_Plus)
    assert viewer.scale() == pytest.approx(1.25)
    QTest.keyClick(viewer.view, Qt.Key.Key_Minus)
    QTest.keyClick(viewer.view, Qt.Key.Key_Minus)
    assert viewer.scale() == pytest.approx(0.8)
    QTest.keyClick(viewer.view, Qt.Key.Key_0)
    assert viewer.scale() == pytest.approx(1.0)
    wheel = QWheelEvent(
        QPointF(50, 50),
        QPointF(viewer.view.viewport().mapToGlobal(QPoint(50, 50))),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewer.view.viewport(), wheel)
    assert viewer.scale() == pytest.approx(1.25)  # Ctrl+wheel zooms
    viewer.zoom_100()
    viewer.grab().save(str(tmp_path / "viewer.png"))

    viewer.files.ask_path = lambda _parent, suggested, _mime: tmp_path / "out" / suggested
    (tmp_path / "out").mkdir()
    with qtbot.waitSignal(viewer.files.saved, timeout=10_000) as saved:
        QTest.mouseClick(viewer.save_button, Qt.MouseButton.LeftButton)
    path = saved.args[0]
    assert path.suffix == ".webp" and path.name == f"{SEED_VIRIN}.webp"
    assert path.read_bytes() == photo_archive.photo_data(viewer.info.sha256)
    # A name typed with the wrong extension still gets the photo's real one.
    viewer.files.ask_path = lambda *_a: tmp_path / "out" / "renamed.jpg"
    with qtbot.waitSignal(viewer.files.saved, timeout=10_000) as saved:
        viewer.save_as()
    assert saved.args[0] == tmp_path / "out" / "renamed.webp"

    QGuiApplication.clipboard().clear()
    QTest.mouseClick(viewer.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().image()
    assert not copied.isNull() and copied.width() == 900
    viewer.close()


def test_grid_context_menu_saves_and_shows_the_article(
    photo_archive: Archive, make_window: WindowFactory, qtbot: Any, tmp_path: Path
) -> None:
    window = photos_window(make_window, qtbot, photo_archive)
    browser = window.photo_browser
    info = browser.model.photo(1)
    menu = browser.view.context_menu(info)
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels == ["Open", "Save Photo As…", "Copy", "Show Articles"]
    browser.files.ask_path = lambda _p, suggested, _m: tmp_path / suggested
    with qtbot.waitSignal(browser.files.saved, timeout=10_000) as saved:
        menu.actions()[1].trigger()
    assert saved.args[0].suffix == ".jpg"
    assert saved.args[0].read_bytes() == photo_archive.photo_data(info.sha256)
    with qtbot.waitSignal(browser.files.copied, timeout=10_000):
        menu.actions()[2].trigger()
    assert QGuiApplication.clipboard().image().width() == 640
    linked = browser.model.photo(0)
    browser.view.context_menu(linked).actions()[-1].trigger()
    assert not browser.active and window.stack.currentWidget() is not browser.view
    wait_idle(qtbot, window)
    assert window.reader.article_id == linked.article_ids[0]


def _show_seed(window: MainWindow, qtbot: Any) -> None:
    # The window is kept on the (800 x 800 offscreen) screen once shown; these tests want
    # the reader wide enough for its image box to be on screen.
    qtbot.wait(10)
    window.resize(1200, 800)
    window.photo_browser.set_active(False)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.reader.article_id == 1, timeout=10_000)
    wait_idle(qtbot, window)


def _image_box_point(window: MainWindow) -> QPoint:
    reader = window.reader
    for y in range(0, reader.viewport().height(), 4):
        for x in (20, 60, 120):
            if reader.image_at(QPoint(x, y)) is not None:
                return QPoint(x, y)
    raise AssertionError("no image box on screen")


def test_clicking_the_photo_in_the_reader_opens_the_viewer(
    photo_archive: Archive, make_window: WindowFactory, qtbot: Any
) -> None:
    window = make_window(photo_archive)
    window.resize(1200, 800)
    window.show()
    _show_seed(window, qtbot)
    reader = window.reader
    found = None
    for y in range(0, reader.viewport().height(), 6):
        for x in range(10, reader.viewport().width(), 20):
            if reader.anchorAt(QPoint(x, y)).startswith("photo:"):
                found = QPoint(x, y)
                break
        if found:
            break
    assert found is not None, "the photo is a link"
    QTest.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=found)
    qtbot.waitUntil(lambda: bool(window.photo_browser.viewers), timeout=5_000)
    viewer = window.photo_browser.viewers[-1]
    qtbot.waitUntil(lambda: viewer.info is not None, timeout=10_000)
    assert viewer.info.virin == SEED_VIRIN
    viewer.close()


def _drop(window: MainWindow, photo_id: int) -> None:
    reader = window.reader
    pos = _image_box_point(window)
    mime = photo_ids_mime([photo_id])
    event = QDropEvent(
        QPointF(pos),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    reader.dropEvent(event)
    assert event.isAccepted()


def test_dropping_a_photo_on_a_reader_image_attaches_it_and_undo_restores(
    photo_archive: Archive, make_window: WindowFactory, qtbot: Any
) -> None:
    window = make_window(photo_archive)
    window.resize(1200, 800)
    window.show()
    _show_seed(window, qtbot)
    before = photo_archive.article(1).images[0].photo
    assert before is not None
    standalone = next(p for p in photo_archive.photos() if not p.article_ids)
    _drop(window, standalone.id)
    assert photo_archive.article(1).images[0].photo.id == standalone.id  # type: ignore[union-attr]
    assert window.undo_stack.count() == 1
    wait_idle(qtbot, window)
    assert standalone.sha256 in window.reader.toHtml()
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert photo_archive.article(1).images[0].photo.id == before.id  # type: ignore[union-attr]
    # Something that is not a photo drag is left alone.
    plain = QMimeData()
    plain.setText("x")
    assert not plain.hasFormat(PHOTO_MIME)


def test_read_only_archive_refuses_attach_with_a_message(
    photo_archive: Archive, make_window: WindowFactory, qtbot: Any
) -> None:
    path = photo_archive.path
    photo_archive.close()
    with Archive(path, read_only=True) as read_only:
        window = make_window(read_only)
        window.resize(1200, 800)
        window.show()
        _show_seed(window, qtbot)
        standalone = next(p for p in read_only.photos() if not p.article_ids)
        _drop(window, standalone.id)
        assert "read-only" in window.photo_browser.last_message
        assert window.photo_browser.message_box.isVisible()
        assert window.undo_stack.count() == 0
        assert read_only.article(1).images[0].photo.id != standalone.id  # type: ignore[union-attr]
        window.photo_browser.message_box.close()


def test_a_grid_drag_is_accepted_over_image_boxes_only(
    photo_archive: Archive, make_window: WindowFactory, qtbot: Any
) -> None:
    window = make_window(photo_archive)
    window.resize(1200, 800)
    window.show()
    _show_seed(window, qtbot)
    model = window.photo_browser.model
    model.set_query("")
    qtbot.waitUntil(lambda: model.at_end and model.rowCount() == 4, timeout=10_000)
    mime = model.mimeData([model.index(2)])
    assert mime.hasFormat(PHOTO_MIME)
    reader = window.reader

    def move(pos: QPoint) -> bool:
        event = QDragMoveEvent(
            pos,
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        reader.dragMoveEvent(event)
        return event.isAccepted()

    assert move(_image_box_point(window))
    assert not move(QPoint(20, 5))  # the title
