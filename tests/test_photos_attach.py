"""Attaching a photo to an article image by hand, and paging through photos."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image as PILImage
from tests.conftest import SEED

from dossierdesk.service import Archive
from dossierdesk.store.errors import ReadOnlyArchiveError


def _photo(folder: Path, name: str, color: str | tuple[int, int, int]) -> Path:
    buf = io.BytesIO()
    PILImage.new("RGB", (40, 30), color).save(buf, "JPEG")
    path = folder / name
    path.write_bytes(buf.getvalue())
    return path


def test_attach_returns_the_previous_photo_and_undoes(archive: Archive, tmp_path: Path) -> None:
    archive.import_paths([SEED, _photo(tmp_path, "230515-D-KY598-1364.jpg", "red")])
    archive.import_paths([_photo(tmp_path, "standalone.jpg", "blue")])
    linked, standalone = archive.photos()
    image = archive.article(1).images[0]
    assert image.id is not None and image.photo is not None
    assert image.photo.id == linked.id
    previous = archive.attach_photo(image.id, standalone.id)
    assert previous == linked.id
    assert archive.article(1).images[0].photo.id == standalone.id  # type: ignore[union-attr]
    assert archive.photos(ids=[standalone.id])[0].article_ids == (1,)
    assert archive.attach_photo(image.id, previous) == standalone.id
    assert archive.article(1).images[0].photo.id == linked.id  # type: ignore[union-attr]
    with pytest.raises(KeyError):
        archive.attach_photo(image.id, 999)
    with pytest.raises(KeyError):
        archive.attach_photo(999_999, linked.id)


def test_read_only_archive_refuses_attach(archive_path: Path, tmp_path: Path) -> None:
    with Archive(archive_path) as archive:
        archive.import_paths([SEED, _photo(tmp_path, "standalone.jpg", "blue")])
        image_id = archive.article(1).images[0].id
    with Archive(archive_path, read_only=True) as read_only:
        assert image_id is not None
        with pytest.raises(ReadOnlyArchiveError):
            read_only.attach_photo(image_id, 1)


def test_photos_page_after_an_id(archive: Archive, tmp_path: Path) -> None:
    paths = [_photo(tmp_path, f"p{i}.jpg", (i * 20, 0, 0)) for i in range(5)]
    archive.import_paths(paths)
    first = archive.photos(limit=2)
    rest = archive.photos(limit=2, after_id=first[-1].id)
    last = archive.photos(limit=2, after_id=rest[-1].id)
    ids = [p.id for p in first + rest + last]
    assert ids == sorted(ids) and len(set(ids)) == 5
    assert archive.photos(query="has:photo", after_id=10_000) == []
