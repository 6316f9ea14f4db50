"""Photographs in printed dossiers: embedded as JPEG at print resolution, sized to the column,
never split across pages, left out on request, listed in the credits."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from tests.test_pdf_export import FILLER, article, image, page_text, sample_document

from dossierdesk.pdf import DossierEntry, ExportOptions, RenderResult, export_pdf
from dossierdesk.pdf import parallel as parallel_module
from dossierdesk.pdf.article_layout import PHOTO_SPACE_BELOW, build_article, photo_printer
from dossierdesk.pdf.geometry import UNITS_PER_INCH, page_geometry
from dossierdesk.pdf.photos import MAX_HEIGHT_SHARE, PRINT_DPI, PhotoPrinter
from dossierdesk.service.dto import ImageInfo, PhotoRef


def make_jpeg(width: int, height: int, *, seed: int = 0, quality: int = 92) -> bytes:
    """A photo-like JPEG: smooth blobs of colour with fine grain (compresses like a photo)."""
    small = (max(2, width // 16), max(2, height // 16))
    bands = [Image.effect_noise(small, 60 + 10 * ((seed + k) % 3)) for k in range(3)]
    picture = Image.merge("RGB", bands).resize((width, height), Image.Resampling.BICUBIC)
    grain = Image.effect_noise((width, height), 12).convert("RGB")
    picture = Image.blend(picture, grain, 0.15)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality)
    return out.getvalue()


class FakePhotos:
    """Stands in for ``Archive.photo_data``: photos by SHA-256."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}
        self.reads = 0

    def add(self, data: bytes, photo_id: int = 1) -> PhotoRef:
        with Image.open(io.BytesIO(data)) as im:
            width, height = im.size
        sha = hashlib.sha256(data).hexdigest()
        self.data[sha] = data
        return PhotoRef(photo_id, sha, "image/jpeg", width, height, len(data))

    def photo_data(self, sha256: str) -> bytes | None:
        self.reads += 1
        return self.data.get(sha256)


def with_photo(info: ImageInfo, ref: PhotoRef | None) -> ImageInfo:
    return dataclasses.replace(info, photo=ref)


def photo_entry(
    n: int, ref: PhotoRef | None, *, before: int = 2, caption: str = "Soldiers unload cargo."
) -> DossierEntry:
    body = tuple(f"Paragraph {k}. " + FILLER * 3 for k in range(before + 3))
    img = with_photo(
        image(0, before, f"2402{n % 28 + 1:02d}-F-AB123-{1000 + n}", "Sgt. Roe", caption), ref
    )
    return DossierEntry(article(n, f"Report {n}", body, images=(img,)))


def pdfimages(path: Path) -> list[dict[str, str]]:
    """``pdfimages -list`` rows as dicts (type, width, height, enc, x-ppi, y-ppi...)."""
    out = subprocess.run(
        ["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    names = out[0].split()
    return [dict(zip(names, line.split(), strict=False)) for line in out[2:] if line.strip()]


@pytest.fixture(scope="module")
def big_photo() -> bytes:
    """As large as the 181107-D-RB598-001.JPG photo: 4767 x 2495 pixels."""
    return make_jpeg(4767, 2495, seed=1)


def export(
    tmp_path: Path,
    entries: list[DossierEntry],
    photos: FakePhotos,
    options: ExportOptions | None = None,
    name: str = "out.pdf",
) -> tuple[Path, RenderResult]:
    document = dataclasses.replace(sample_document(entries), photos=photos.photo_data)
    path = tmp_path / name
    return path, export_pdf(document, path, options or ExportOptions("A4"))


def test_photo_is_embedded_as_jpeg_at_print_resolution(
    qapp: object, tmp_path: Path, big_photo: bytes
) -> None:
    photos = FakePhotos()
    ref = photos.add(big_photo)
    path, result = export(tmp_path, [photo_entry(1, ref)], photos)
    assert result.photo_count == 1 and result.image_count == 1
    (row,) = pdfimages(path)
    assert row["enc"] == "jpeg"
    assert 150 <= int(row["x-ppi"]) <= 300 and 150 <= int(row["y-ppi"]) <= 300
    # Downsampled: the long side prints the column width at 250 dpi (A4: 6 inches).
    assert 1400 <= int(row["width"]) <= 1600
    assert abs(int(row["width"]) / int(row["height"]) - 4767 / 2495) < 0.01  # not stretched
    size = path.stat().st_size
    assert size < 1_500_000, size
    # The credits say the photo is printed.
    credits = page_text(path, result.outline[-1].page)
    virin_row = next(line for line in credits.splitlines() if "AB123-1001" in line)
    assert re.search(r"\byes\s+\d+$", virin_row), virin_row


def test_include_photos_false_embeds_none(qapp: object, tmp_path: Path, big_photo: bytes) -> None:
    photos = FakePhotos()
    ref = photos.add(big_photo)
    entries = [photo_entry(1, ref)]
    with_photos, result = export(tmp_path, entries, photos, name="with.pdf")
    without, bare = export(
        tmp_path, entries, photos, ExportOptions("A4", include_photos=False), name="without.pdf"
    )
    assert pdfimages(without) == []
    assert bare.photo_count == 0 and bare.image_count == 1
    assert without.stat().st_size < with_photos.stat().st_size / 5
    credits = page_text(without, bare.outline[-1].page)
    virin_row = next(line for line in credits.splitlines() if "AB123-1001" in line)
    assert re.search(r"\bno\s+\d+$", virin_row), virin_row  # stored, not printed
    # The caption, credit and VIRIN lines print either way.
    for path, res in ((with_photos, result), (without, bare)):
        text = page_text(path, res.toc[0].page)
        assert "Soldiers unload cargo." in text and "VIRIN 240202-F-AB123-1001" in text


def test_images_without_a_stored_photo_print_as_before(qapp: object, tmp_path: Path) -> None:
    photos = FakePhotos()
    missing = PhotoRef(9, "0" * 64, "image/jpeg", 100, 100, 10)  # not in the archive
    broken_data = b"\xff\xd8\xff\xe0 not really a jpeg"
    broken = PhotoRef(8, hashlib.sha256(broken_data).hexdigest(), "image/jpeg", 10, 10, 20)
    photos.data[broken.sha256] = broken_data
    plain = [photo_entry(1, None), photo_entry(2, None)]
    odd = [photo_entry(1, missing), photo_entry(2, broken)]
    a, ra = export(tmp_path, plain, photos, name="plain.pdf")
    b, rb = export(tmp_path, odd, photos, name="odd.pdf")
    assert pdfimages(a) == pdfimages(b) == []
    assert ra.page_count == rb.page_count and rb.photo_count == 0
    assert [page_text(a, n) for n in range(2, ra.page_count)] == [
        page_text(b, n) for n in range(2, rb.page_count)
    ]
    assert photos.reads == 2  # each photo looked for once, in spite of two passes


def test_sizes_portrait_limited_small_not_enlarged(qapp: object) -> None:
    g = page_geometry("A4")
    photos = FakePhotos()
    printer = photo_printer(g, photos.photo_data)
    portrait = photos.add(make_jpeg(1200, 1800, seed=2))
    small = photos.add(make_jpeg(400, 300, seed=3), photo_id=2)
    tall_w, tall_h = printer.size(portrait.sha256) or (0, 0)
    assert tall_h == pytest.approx(g.body_height * MAX_HEIGHT_SHARE)
    assert tall_w / tall_h == pytest.approx(1200 / 1800, rel=0.01)
    small_w, small_h = printer.size(small.sha256) or (0, 0)
    assert small_w == pytest.approx(400 / PRINT_DPI * UNITS_PER_INCH)  # 1.6 in, not the column
    assert small_h == pytest.approx(300 / PRINT_DPI * UNITS_PER_INCH)


def test_photo_block_is_never_split_across_pages(qapp: object) -> None:
    """Wherever the image falls in the text, its photo and caption block lie on one page, and
    the photo is where Qt left room for it."""
    g = page_geometry("A4")
    photos = FakePhotos()
    ref = photos.add(make_jpeg(1500, 1000, seed=4))
    printer = photo_printer(g, photos.photo_data)
    h = g.body_height
    moved = 0
    for before in range(0, 14):
        for extra in range(0, 6):
            body = tuple(
                f"Paragraph {k}. " + FILLER * (1 + (k + extra) % 4) for k in range(before + 2)
            )
            caption = "A long caption. " * (1 + extra * 3)
            img = with_photo(image(0, before, "240202-F-AB123-1001", "Sgt. Roe", caption), ref)
            laid = build_article(DossierEntry(article(1, "T", body, images=(img,))), g, printer)
            ((slot, rect),) = laid.photo_rects()
            assert rect.top() // h == (rect.bottom() - 1) // h, (before, extra)
            assert rect.height() == pytest.approx(slot.height)
            # The caption block starts right under the photo (the room Qt left for it).
            number = next(iter(laid.photos))
            label = laid.document.findBlockByNumber(number + 1).layout()
            top = laid._lines_span(number + 1)[0]
            if top // h == rect.top() // h:
                assert label.position().y() == pytest.approx(
                    rect.bottom() + PHOTO_SPACE_BELOW,
                    abs=0.1,  # Qt's 1/64 fixed point
                )
            # The whole box (photo to VIRIN line) is on one page.
            box = next(b for b in laid.boxes if b.first_block == number)
            bottom = laid._lines_span(box.last_block)[1]
            assert rect.top() // h == (bottom - 1) // h, (before, extra)
            moved += rect.top() % h < 1
            # Paragraphs before the image are printed before it.
            assert laid.image_pages()[0][2] is True
    assert moved  # some blocks had to move to the next page


def test_two_processes_print_the_same_pages_with_photos(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photos = FakePhotos()
    refs = [photos.add(make_jpeg(1600, 1000 + 60 * n, seed=n), photo_id=n) for n in range(6)]
    entries = [photo_entry(n + 1, refs[n], before=n % 3) for n in range(6)]
    monkeypatch.setenv(parallel_module.ENV_SWITCH, "0")
    one, r1 = export(tmp_path, entries, photos, name="one.pdf")
    monkeypatch.setattr(parallel_module, "MIN_ARTICLES", 2)
    monkeypatch.setenv(parallel_module.ENV_SWITCH, "1")
    two, r2 = export(tmp_path, entries, photos, name="two.pdf")
    assert r1 == r2 and r1.photo_count == 6
    rows1, rows2 = pdfimages(one), pdfimages(two)
    assert len(rows1) == len(rows2) == 6
    keys = ("page", "width", "height", "enc", "x-ppi", "y-ppi")
    assert [[r[k] for k in keys] for r in rows1] == [[r[k] for k in keys] for r in rows2]
    worker_page = r1.toc[-1].page  # painted by the worker
    images = []
    for pdf in (one, two):
        prefix = tmp_path / f"{pdf.stem}-page"
        args = ["-r", "30", "-f", str(worker_page), "-l", str(worker_page), "-png", "-singlefile"]
        subprocess.run(["pdftoppm", *args, str(pdf), str(prefix)], check=True)
        images.append(prefix.with_suffix(".png").read_bytes())
    assert images[0] == images[1]


def test_captions_stay_literal_next_to_photos(qapp: object, tmp_path: Path) -> None:
    photos = FakePhotos()
    ref = photos.add(make_jpeg(800, 600, seed=5))
    entry = photo_entry(1, ref, caption="<img src='x.png'> <b>bold</b> &amp;")
    path, result = export(tmp_path, [entry], photos)
    assert len(pdfimages(path)) == 1
    assert "<img src='x.png'> <b>bold</b> &amp;" in page_text(path, result.toc[0].page)


def test_renditions_beyond_the_memory_budget_are_not_made_again(qapp: object) -> None:
    photos = FakePhotos()
    refs = [photos.add(make_jpeg(900, 600, seed=n), photo_id=n) for n in range(4)]
    printer = PhotoPrinter(photos.photo_data, 7200, 7200, budget=1)  # keeps one in memory
    first = [printer.rendition(r.sha256) for r in refs]
    again = [printer.rendition(r.sha256) for r in refs]
    assert photos.reads == 4
    assert [m.data for m in first if m] == [m.data for m in again if m] and all(first)
