"""Photos in exported PDFs are their renditions' JPEG data, put in place of Qt-painted
placeholders: no placeholder survives, photos print the right way up where they stand, a JPEG
already at print size is embedded as it is (metadata dropped), and the PDF is about the size of
its photos."""

from __future__ import annotations

import dataclasses
import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from tests.test_pdf_photos import FakePhotos, export, make_jpeg, pdfimages, photo_entry

from dossierdesk.imaging import print_jpeg, strip_jpeg_metadata
from dossierdesk.pdf import ExportOptions
from dossierdesk.pdf import parallel as parallel_module
from dossierdesk.pdf.photo_embed import jpeg_components
from dossierdesk.pdf.photos import PLACEHOLDER_MARK, PhotoPrinter


def image_streams(path: Path) -> list[tuple[dict[str, object], bytes]]:
    """Every image object the pages draw (latest versions), with its raw stream data."""
    reader = PdfReader(path)
    found = []
    seen: set[int] = set()
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        for ref in xobjects.values():
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found.append((dict(obj), obj._data))
    return found


def halves_jpeg(width: int, height: int, **save: object) -> bytes:
    """Red on top, blue below."""
    picture = Image.new("RGB", (width, height), (0, 0, 255))
    picture.paste((255, 0, 0), (0, 0, width, height // 2))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, **save)
    return out.getvalue()


def with_metadata(data: bytes) -> bytes:
    """``data`` with an EXIF block (a GPS position, a camera serial) and a comment."""
    im = Image.open(io.BytesIO(data))
    exif = Image.Exif()
    exif[0x010F] = "CameraMakerSECRET"
    exif[0xA431] = "SERIAL-123456789"  # BodySerialNumber
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90, exif=exif.tobytes(), comment=b"COMMENT-SECRET")
    return out.getvalue()


def test_strip_keeps_the_picture_and_drops_exif_and_comments() -> None:
    original = with_metadata(halves_jpeg(400, 300))
    assert b"SERIAL-123456789" in original and b"COMMENT-SECRET" in original
    stripped = strip_jpeg_metadata(original)
    assert stripped is not None
    assert b"SERIAL-123456789" not in stripped and b"COMMENT-SECRET" not in stripped
    assert b"Exif" not in stripped
    a = Image.open(io.BytesIO(original)).convert("RGB")
    b = Image.open(io.BytesIO(stripped)).convert("RGB")
    assert a.tobytes() == b.tobytes()  # the scan data is copied, not re-encoded


def test_strip_keeps_icc_and_adobe_segments() -> None:
    data = halves_jpeg(64, 64)
    icc = b"\0" * 128 + b"acsp" + b"\0" * 200
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).save(out, "JPEG", icc_profile=icc)
    stripped = strip_jpeg_metadata(out.getvalue())
    assert stripped is not None and b"ICC_PROFILE" in stripped


@pytest.mark.parametrize(
    "data",
    [b"", b"\xff\xd8", b"\xff\xd8\xff\xe1\x00", b"\xff\xd8\xff\xe1\xff\xff" + b"x" * 10, b"PNG"],
)
def test_strip_refuses_what_does_not_parse(data: bytes) -> None:
    assert strip_jpeg_metadata(data) is None


def test_print_jpeg_only_takes_upright_rgb_jpegs_near_print_size() -> None:
    small = halves_jpeg(1200, 800)
    made = print_jpeg(small, 1507)
    assert made is not None and (made.width, made.height) == (1200, 800)
    assert print_jpeg(halves_jpeg(2400, 1600), 1507) is None  # needs downsampling
    assert print_jpeg(small[:-200], 1507) is None  # truncated: decoded (and refused) instead
    cmyk = io.BytesIO()
    Image.new("CMYK", (300, 200), (0, 50, 100, 0)).save(cmyk, "JPEG")
    assert print_jpeg(cmyk.getvalue(), 1507) is None
    turned = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.open(io.BytesIO(small)).save(turned, "JPEG", exif=exif.tobytes())
    assert print_jpeg(turned.getvalue(), 1507) is None
    png = io.BytesIO()
    Image.new("RGB", (300, 200)).save(png, "PNG")
    assert print_jpeg(png.getvalue(), 1507) is None
    grey = io.BytesIO()
    Image.new("L", (300, 200), 90).save(grey, "JPEG")
    made = print_jpeg(grey.getvalue(), 1507)
    assert made is not None and jpeg_components(made.data) == 1


def test_no_placeholder_survives_and_photos_are_dct(qapp: object, tmp_path: Path) -> None:
    photos = FakePhotos()
    refs = [photos.add(make_jpeg(1000 + 500 * n, 700, seed=n), photo_id=n) for n in range(4)]
    path, result = export(tmp_path, [photo_entry(n + 1, refs[n]) for n in range(4)], photos)
    assert result.photo_count == 4
    streams = image_streams(path)
    assert len(streams) == 4
    for header, data in streams:
        assert header["/Filter"] == "/DCTDecode"
        assert PLACEHOLDER_MARK not in data
        with Image.open(io.BytesIO(data)) as im:
            assert im.size == (header["/Width"], header["/Height"])
    # The PDF is about its photos: text and structure add little.
    photo_bytes = sum(len(data) for _h, data in streams)
    assert path.stat().st_size < photo_bytes + 200_000


def test_jpeg_at_print_size_is_embedded_as_it_is_without_metadata(
    qapp: object, tmp_path: Path
) -> None:
    original = with_metadata(make_jpeg(1200, 800, seed=3))
    photos = FakePhotos()
    ref = photos.add(original)
    path, _ = export(tmp_path, [photo_entry(1, ref)], photos)
    ((header, data),) = image_streams(path)
    assert data == strip_jpeg_metadata(original)
    assert (header["/Width"], header["/Height"]) == (1200, 800)
    raw = path.read_bytes()
    assert b"SERIAL-123456789" not in raw and b"COMMENT-SECRET" not in raw


def red_above_blue(png: Path) -> bool:
    """Whether the page shows a red area with a blue one right below it."""
    im = Image.open(png).convert("RGB")
    width, height = im.size
    red_rows = [
        y
        for y in range(height)
        if sum(1 for x in range(0, width, 4) if _is(im.getpixel((x, y)), (255, 0, 0))) > 10
    ]
    blue_rows = [
        y
        for y in range(height)
        if sum(1 for x in range(0, width, 4) if _is(im.getpixel((x, y)), (0, 0, 255))) > 10
    ]
    return bool(red_rows and blue_rows) and max(red_rows) < min(blue_rows)


def _is(pixel: object, colour: tuple[int, int, int]) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(a - b) < 60 for a, b in zip(pixel, colour, strict=False))


@pytest.mark.parametrize("workers", ["0", "1"])
def test_photos_print_upright_in_place_in_one_or_two_processes(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    photos = FakePhotos()
    # One passes through, one is downsampled, one is a WebP made into a JPEG.
    webp = io.BytesIO()
    Image.open(io.BytesIO(halves_jpeg(900, 600))).save(webp, "WEBP", quality=90)
    datas = [halves_jpeg(1200, 800), halves_jpeg(3000, 2000), webp.getvalue()]
    refs = []
    for n, data in enumerate(datas):
        ref = photos.add(data, photo_id=n + 1) if n < 2 else _webp_ref(photos, data, n + 1)
        refs.append(ref)
    entries = [photo_entry(n + 1, refs[n], before=1) for n in range(3)]
    monkeypatch.setattr(parallel_module, "MIN_ARTICLES", 2)
    monkeypatch.setenv(parallel_module.ENV_SWITCH, workers)
    path, result = export(tmp_path, entries, photos)
    assert result.photo_count == 3
    assert [row["enc"] for row in pdfimages(path)] == ["jpeg"] * 3
    for toc in result.toc:
        prefix = tmp_path / f"page{toc.page}"
        args = ["-r", "40", "-f", str(toc.page), "-l", str(toc.page), "-png", "-singlefile"]
        subprocess.run(["pdftoppm", *args, str(path), str(prefix)], check=True)
        assert red_above_blue(prefix.with_suffix(".png")), toc


def _webp_ref(photos: FakePhotos, data: bytes, photo_id: int) -> object:
    import hashlib

    from dossierdesk.service.dto import PhotoRef

    sha = hashlib.sha256(data).hexdigest()
    photos.data[sha] = data
    return PhotoRef(photo_id, sha, "image/webp", 900, 600, len(data))


def test_pdfa_export_embeds_the_same_photos(qapp: object, tmp_path: Path) -> None:
    photos = FakePhotos()
    ref = photos.add(make_jpeg(1200, 800, seed=9))
    path, _ = export(tmp_path, [photo_entry(1, ref)], photos, ExportOptions("A4", pdfa=True))
    ((header, _data),) = image_streams(path)
    assert header["/Filter"] == "/DCTDecode"


def test_printer_without_placeholders_decodes_the_rendition(qapp: object) -> None:
    photos = FakePhotos()
    ref = photos.add(halves_jpeg(600, 400))
    printer = PhotoPrinter(photos.photo_data, 7200, 7200)
    image = printer.image(ref.sha256)
    assert image is not None and (image.width(), image.height()) == (600, 400)
    printer.placeholders = True
    placeholder = printer.image(ref.sha256)
    assert placeholder is not None and placeholder.height() == 1
    assert dataclasses.is_dataclass(ref)


def test_second_export_reuses_cached_renditions(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossierdesk.pdf import photos as photos_module

    made: list[int] = []
    real = photos_module.rendition

    def counting(data: bytes, max_px: int, **kw: object) -> object:
        made.append(max_px)
        return real(data, max_px, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(photos_module, "rendition", counting)
    photos = FakePhotos()
    refs = [photos.add(make_jpeg(2600, 1700, seed=n), photo_id=n) for n in range(3)]
    entries = [photo_entry(n + 1, refs[n]) for n in range(3)]
    first, _ = export(tmp_path, entries, photos, name="first.pdf")
    assert len(made) == 3
    second, _ = export(tmp_path, entries, photos, name="second.pdf")
    assert len(made) == 3  # nothing decoded again
    assert [d for _h, d in image_streams(first)] == [d for _h, d in image_streams(second)]


def test_rendition_cache_survives_damage_and_stays_bounded(tmp_path: Path) -> None:
    from dossierdesk.imaging import Rendition, rendition
    from dossierdesk.pdf.rendition_cache import RenditionCache

    cache = RenditionCache(tmp_path / "cache", max_bytes=200_000)
    made = rendition(make_jpeg(1200, 800, seed=1), 600)
    key = "ab" * 32
    assert cache.get(key, 600, 90) is None
    cache.put(key, 600, 90, made)
    again = cache.get(key, 600, 90)
    assert again == Rendition(made.data, made.width, made.height)
    assert cache.get(key, 700, 90) is None  # another size is another rendition
    # A damaged file is a miss (and is removed), never an error.
    (path,) = (tmp_path / "cache").glob(f"{key}-*")
    path.write_bytes(made.data[: len(made.data) // 2])
    assert cache.get(key, 600, 90) is None and not path.exists()
    # Keys are SHA-256 hex only: nothing else names a file.
    assert cache.get("../../etc/passwd", 600, 90) is None
    cache.put("../x", 600, 90, made)
    assert not (tmp_path / "x-600-q90-v1.jpg").exists()
    # Bounded: the oldest files go first.
    for n in range(12):
        cache.put(f"{n:064x}", 600, 90, made)
        cache.prune()
    total = sum(p.stat().st_size for p in (tmp_path / "cache").iterdir())
    assert total <= 200_000
    assert cache.get(f"{11:064x}", 600, 90) is not None
    assert cache.get(f"{0:064x}", 600, 90) is None
