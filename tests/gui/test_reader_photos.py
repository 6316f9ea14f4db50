"""The reader shows each image's stored photo, scaled to the pane (issue #12)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image as PILImage
from tests.conftest import SEED
from tests.gui.conftest import WindowFactory

from dossierdesk.gui.main_window import load_article_with_photos
from dossierdesk.service import Archive


def test_reader_shows_the_photo_and_nothing_else_is_loaded(
    archive: Archive, make_window: WindowFactory, qtbot: Any, tmp_path: Path
) -> None:
    buf = io.BytesIO()
    PILImage.new("RGB", (2400, 1600), "orange").save(buf, "WEBP")
    photo = tmp_path / "230515-D-KY598-1364.JPG"
    photo.write_bytes(buf.getvalue())
    archive.import_paths([SEED, photo])
    detail, photos = load_article_with_photos(archive, 1)
    sha = detail.images[0].photo.sha256  # type: ignore[union-attr]
    assert list(photos) == [sha]
    window = make_window(archive)
    window.resize(1200, 800)
    window.show()
    window.reader.set_photos(photos)
    window.reader.show_article(detail)
    html = window.reader.toHtml()
    assert f"photo:{sha}" in html
    image = window.reader.loadResource(0, f"photo:{sha}")
    assert image is not None and image.width() == 1600  # the reader's rendition, not 2400
    assert window.reader.loadResource(0, "file:///etc/passwd") is None
    assert window.reader.loadResource(0, "https://example.org/x.jpg") is None
    # Scaled to the pane: the <img> is never wider than the viewport.
    width = int(html.split(f'src="photo:{sha}" width="')[1].split('"')[0])
    assert 120 <= width <= window.reader.viewport().width()
    window.reader.grab().save(str(tmp_path / "reader.png"))
