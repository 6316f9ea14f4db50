"""Renditions: bounded size, upright, RGB JPEG, refused inputs, and memory for a 50 MP photo."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from dossierdesk.imaging import ImageError, Rendition, print_max_px, rendition

PHOTOS = Path(__file__).parent / "data" / "photos"
MADE = PHOTOS / "made"
REAL = sorted(PHOTOS.glob("*.JPG"))


def decoded(r: Rendition) -> Image.Image:
    im = Image.open(io.BytesIO(r.data))
    im.load()
    return im


@pytest.mark.parametrize("max_px", [256, 600])
@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_real_photo_renditions_are_bounded_rgb_baseline_jpegs(path: Path, max_px: int) -> None:
    with Image.open(path) as original:
        width, height = original.size
    r = rendition(path.read_bytes(), max_px)
    im = decoded(r)
    assert im.format == "JPEG"
    assert im.mode == "RGB"
    assert not im.info.get("progressive")
    assert im.size == (r.width, r.height)
    assert max(r.width, r.height) == max_px  # every real photo is larger than both sizes
    # The aspect ratio is kept (to a pixel of rounding).
    assert abs(r.width / r.height - width / height) < 2 / min(r.width, r.height)


def test_small_pictures_are_not_enlarged() -> None:
    r = rendition((MADE / "xmp-exif.webp").read_bytes(), 1600)
    assert (r.width, r.height) == (40, 30)


def test_quality_changes_the_size() -> None:
    data = (PHOTOS / "200724-Z-WM549-2001.JPG").read_bytes()
    assert len(rendition(data, 800, quality=30).data) < len(rendition(data, 800, quality=90).data)


def _oriented_jpeg(orientation: int) -> bytes:
    """80×40 stored: left half red, right half blue, with the given EXIF orientation."""
    im = Image.new("RGB", (80, 40), (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, 40, 40))
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    im.save(out, "JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


def _is_red(pixel: tuple[int, ...]) -> bool:
    return pixel[0] > 200 and pixel[2] < 60


def _is_blue(pixel: tuple[int, ...]) -> bool:
    return pixel[2] > 200 and pixel[0] < 60


def _pixel(im: Image.Image, xy: tuple[int, int]) -> tuple[int, ...]:
    value = im.getpixel(xy)
    assert isinstance(value, tuple)
    return value


def test_orientation_6_is_turned_upright() -> None:
    r = rendition(_oriented_jpeg(6), 1000)
    assert (r.width, r.height) == (40, 80)
    im = decoded(r)
    # Orientation 6: shown turned 90° clockwise, so the stored left (red) is at the top.
    assert _is_red(_pixel(im, (20, 10)))
    assert _is_blue(_pixel(im, (20, 70)))
    assert 0x0112 not in im.getexif()  # the rendition carries no orientation to apply twice


def test_orientation_8_and_3() -> None:
    im8 = decoded(rendition(_oriented_jpeg(8), 1000))
    assert im8.size == (40, 80)
    assert _is_blue(_pixel(im8, (20, 10)))  # turned counter-clockwise: the right at the top
    im3 = decoded(rendition(_oriented_jpeg(3), 1000))
    assert im3.size == (80, 40)
    assert _is_blue(_pixel(im3, (10, 20)))  # upside down: the right on the left


def test_orientation_with_shrinking() -> None:
    r = rendition((MADE / "exif-orientation-6.jpg").read_bytes(), 32)
    assert (r.width, r.height) == (24, 32)


def _png(im: Image.Image, **params: object) -> bytes:
    out = io.BytesIO()
    im.save(out, "PNG", **params)
    return out.getvalue()


def test_transparency_is_flattened_onto_white() -> None:
    rgba = Image.new("RGBA", (20, 20), (255, 0, 0, 0))
    rgba.paste((0, 0, 0, 255), (0, 0, 10, 20))
    im = decoded(rendition(_png(rgba), 100))
    assert min(_pixel(im, (15, 10))) > 245  # transparent red shown as white
    assert max(_pixel(im, (3, 10))) < 10  # opaque black stays black


def test_palette_with_transparency_and_16_bit_grey() -> None:
    palette = Image.new("P", (10, 10), 1)
    palette.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    im = decoded(rendition(_png(palette, transparency=1), 100))
    assert min(_pixel(im, (5, 5))) > 245
    grey16 = Image.new("I;16", (10, 10), 32768)
    mid = _pixel(decoded(rendition(_png(grey16), 100)), (5, 5))
    assert all(110 < v < 145 for v in mid)  # half of 65535 is mid grey, not clipped white


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.jpg", "empty file (0 bytes)"),
        ("not-a-photo.jpg", "not a photo: the file holds HTML"),
        ("bomb-30000x30000.png", "the image is too large: 30,000 × 30,000 pixels"),
        ("truncated.jpg", "the JPEG image does not decode"),
    ],
)
def test_refused_inputs(name: str, reason: str) -> None:
    with pytest.raises(ImageError) as caught:
        rendition((MADE / name).read_bytes(), 256)
    assert str(caught.value).startswith(reason)


def test_bad_arguments() -> None:
    data = (MADE / "xmp-exif.webp").read_bytes()
    with pytest.raises(ValueError, match="max_px"):
        rendition(data, 0)
    with pytest.raises(ValueError, match="quality"):
        rendition(data, 10, quality=100)


def test_print_max_px() -> None:
    assert print_max_px(4.0) == 1000
    assert print_max_px(3.5, 300) == 1050
    assert print_max_px(6.5, 250, height_inches=9.0) == 2250  # the long printed side
    assert print_max_px(0.001) == 1
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            print_max_px(bad)
    with pytest.raises(ValueError):
        print_max_px(4.0, 0)


# --- memory: a 50-megapixel photo ----------------------------------------------------------

BIG_SIZE = (8000, 6250)
MB = 1024 * 1024

_MAKE_BIG = """
import sys
from PIL import Image
g = Image.linear_gradient("L").resize({size})
Image.merge("RGB", (g, g.transpose(Image.Transpose.FLIP_LEFT_RIGHT), g.rotate(90))).save(
    sys.argv[1], "JPEG", quality=50
)
"""

# Peak resident memory of one operation in a fresh process. (Not ru_maxrss: in a child of the
# test process it starts at the test process's size when it was forked; VmHWM is the peak of
# the child's own address space since its exec.)
_MEASURE = """
import re, sys
from pathlib import Path
from dossierdesk.imaging import rendition
from dossierdesk.importers.photos import parse_photo
data = Path(sys.argv[1]).read_bytes()
what = sys.argv[2]
if what == "rendition-1600":
    r = rendition(data, 1600)
    assert (r.width, r.height) == (1600, 1250), (r.width, r.height)
elif what == "rendition-256":
    r = rendition(data, 256)
    assert (r.width, r.height) == (256, 200), (r.width, r.height)
elif what == "parse":
    p = parse_photo(data, "big.jpg")
    assert (p.width, p.height) == {size}, (p.width, p.height)
elif what == "full-decode":
    from PIL import Image
    import io
    Image.open(io.BytesIO(data)).load()
status = Path("/proc/self/status").read_text()
print(int(re.search(r"VmHWM:\\s*(\\d+) kB", status).group(1)) * 1024)
"""


@pytest.fixture(scope="module")
def big_jpeg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.jpg"
    code = textwrap.dedent(_MAKE_BIG.format(size=BIG_SIZE))
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=120)
    return path


def _peak_rss(path: Path, what: str) -> int:
    code = _MEASURE.format(size=BIG_SIZE)
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), what],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return int(done.stdout.strip())


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_50_megapixel_photo_is_never_decoded_at_full_size(big_jpeg: Path) -> None:
    # Decoded at full size, the picture alone takes 200 MB (Pillow keeps RGB as 4 bytes a
    # pixel); the check that this bound means something:
    assert _peak_rss(big_jpeg, "full-decode") > 200 * MB
    assert _peak_rss(big_jpeg, "rendition-1600") < 180 * MB  # decoded at 1/2 scale
    assert _peak_rss(big_jpeg, "rendition-256") < 80 * MB  # decoded at 1/8 scale
    assert _peak_rss(big_jpeg, "parse") < 80 * MB  # checked at 1/8 scale


def _verify(data: bytes) -> None:
    from dossierdesk.imaging import open_image, verify_image

    im, mime = open_image(data)
    verify_image(data, im, mime)


def _webp(**save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "teal").save(out, "WEBP", **save)
    return out.getvalue()


def test_verify_checks_structure_without_decoding_whole_files() -> None:
    good = (REAL[0]).read_bytes()
    _verify(good)  # real photos pass (JPEG and WebP)
    for path in REAL:
        _verify(path.read_bytes())
    # A camera trailer after the end marker: no EOI at the end, so decoded: still whole.
    _verify(good + b"SEFH" + b"\x01" * 5000 + b"SEFT")
    _verify(good + b"\0" * 64)  # zero padding after EOI


def test_verify_refuses_cut_or_broken_structures() -> None:
    webp = _webp()
    _verify(webp)
    from dossierdesk.imaging import _webp_problem

    with pytest.raises(ImageError, match="WebP image is truncated or corrupt"):
        _verify(webp[:-10])
    assert _webp_problem(webp[:-10]) == "the file ends 10 bytes before its declared size"
    # A chunk that claims more than the file holds.
    broken = bytearray(webp)
    broken[16:20] = (len(webp) * 2).to_bytes(4, "little")
    with pytest.raises(ImageError, match="WebP image is truncated or corrupt"):
        _verify(bytes(broken))
    assert "runs past the end of the file" in str(_webp_problem(bytes(broken)))
    # Only metadata, no image chunk.
    meta = (
        b"RIFF"
        + (4 + 8 + 4).to_bytes(4, "little")
        + b"WEBP"
        + b"EXIF"
        + (4).to_bytes(4, "little")
        + b"abcd"
    )
    assert _webp_problem(meta) == "it holds no image chunk"
    # A JPEG that ends with EOI but whose segments do not parse is decoded, and refused.
    jpeg = REAL[0].read_bytes() if REAL[0].read_bytes()[:2] == b"\xff\xd8" else None
    assert jpeg is not None
    cut = jpeg[: len(jpeg) // 2] + b"\xff\xd9"
    with pytest.raises(ImageError, match="truncated or corrupt"):
        _verify(cut[:2] + b"\xff\xe1\xff\xff" + cut[6:])
