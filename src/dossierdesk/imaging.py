"""Safe decoding of photos and JPEG renditions of them (thumbnails, reader, print), with Pillow.

Photos are untrusted input, so every picture goes through ``open_image``:

- The format is read from the bytes, never from the file name (DoD sites serve WebP under
  ``.JPG`` names). Only JPEG, PNG and WebP are opened; Pillow's other plugins never see the
  bytes.
- The declared pixel size is checked against ``MAX_PIXELS`` before anything is decoded. The
  plugin class is built directly instead of through ``Image.open``: ``Image.open`` reports
  sizes between Pillow's own limit (``Image.MAX_IMAGE_PIXELS``, ~89 MP) and twice that with a
  ``DecompressionBombWarning`` (a process-wide ``warnings`` filter would be needed to make it
  an error, and those filters are not thread-safe), while this module's limit is an error of
  its own, with a reason naming the size. Pillow's ``DecompressionBombError`` is still turned
  into an ``ImageError`` wherever it is raised.
- JPEGs are decoded at a reduced scale (``Image.draft``: libjpeg scales by 1/2, 1/4 or 1/8
  while decoding), so a 50-megapixel photo never exists at full size in memory.

``rendition`` then shrinks the picture (LANCZOS), applies its EXIF orientation, flattens
transparency onto white and encodes a baseline JPEG without metadata.
"""

from __future__ import annotations

import io
import logging
import math
import struct
from dataclasses import dataclass
from typing import Final

from PIL import Image, ImageFile, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

from dossierdesk.jpeg_bytes import jpeg_is_whole, jpeg_size, strip_jpeg_metadata

__all__ = [
    "JPEG",
    "MAX_PIXELS",
    "PNG",
    "WEBP",
    "ImageError",
    "Rendition",
    "describe_content",
    "exif_of",
    "jpeg_size",
    "open_image",
    "orientation",
    "print_jpeg",
    "print_max_px",
    "rendition",
    "sniff_image",
    "strip_jpeg_metadata",
    "upright_size",
    "verify_image",
]

log = logging.getLogger(__name__)

JPEG: Final = "image/jpeg"
PNG: Final = "image/png"
WEBP: Final = "image/webp"

#: Largest picture decoded, in pixels (width × height as declared in the file's header).
MAX_PIXELS: Final = 100_000_000

_WHITE = (255, 255, 255)
_ORIENTATION_TAG = 0x0112
# EXIF orientation -> the transposition that shows the picture upright (as ImageOps.exif_transpose).
_TRANSPOSE: Final[dict[int, Image.Transpose]] = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Orientations whose upright picture has width and height swapped.
_SWAPS_SIDES = frozenset({5, 6, 7, 8})

# What Pillow raises on bad image data (besides its own DecompressionBombError).
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)


class ImageError(ValueError):
    """Bytes that cannot be used as a photo. ``str(err)`` is the user-facing reason."""


@dataclass(frozen=True, slots=True)
class Rendition:
    """A JPEG made from a photo: upright, RGB, its long side at most the size asked for."""

    data: bytes
    width: int
    height: int


def sniff_image(data: bytes) -> str | None:
    """The MIME type of a JPEG, PNG or WebP picture from its first bytes; ``None`` otherwise."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    return None


_BINARY_SIGNATURES: Final = (
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a BMP image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"8BPS", "a Photoshop document"),
)
_MARKUP_STARTS: Final = (
    (b"<!doctype html", "HTML"),
    (b"<html", "HTML"),
    (b"<head", "HTML"),
    (b"<body", "HTML"),
    (b"<?xml", "XML"),
    (b"<svg", "an SVG drawing"),
    (b"<rss", "an RSS feed"),
    (b"<feed", "an Atom feed"),
)


def describe_content(data: bytes) -> str:
    """What non-photo bytes look like, for a reason shown to the user ("HTML", "a GIF image")."""
    if not data:
        return "nothing (0 bytes)"
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return what
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
            return "a HEIC image"
        if brand in (b"avif", b"avis"):
            return "an AVIF image"
        return "an MP4/QuickTime file"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<html" in head or b"<!doctype html" in head:
        return "HTML"
    for start, what in _MARKUP_STARTS:
        if head.startswith(start):
            if what == "XML" and b"<svg" in head:
                return "an SVG drawing"
            return what
    try:
        text = data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        text = ""  # (a character cut at the end of the sample is rare enough)
    if text and all(c.isprintable() or c in "\t\r\n" for c in text):
        return "text"
    return "data that is not a JPEG, PNG or WebP image"


def open_image(data: bytes) -> tuple[ImageFile.ImageFile, str]:
    """The picture in ``data`` opened lazily (header read, nothing decoded) and its MIME type.

    Raises ``ImageError`` for empty data, anything but JPEG, PNG and WebP, unreadable headers
    and pictures larger than ``MAX_PIXELS``.
    """
    if not data:
        raise ImageError("empty file (0 bytes)")
    mime = sniff_image(data)
    if mime is None:
        raise ImageError(f"not a photo: the file holds {describe_content(data)}")
    if mime == WEBP:
        declared = _webp_size(data)  # the WebP decoder allocates its canvas when it is built
        if declared is not None:
            _check_pixels(*declared)
    try:
        im = _PLUGINS[mime](io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise ImageError(_too_large_reason(exc)) from exc
    except _DECODE_ERRORS as exc:
        raise ImageError(
            f"the {_FORMAT_NAMES[mime]} image is truncated or corrupt ({exc})"
        ) from exc
    _check_pixels(*im.size)
    return im, mime


_PLUGINS: Final[dict[str, type[ImageFile.ImageFile]]] = {
    JPEG: JpegImagePlugin.JpegImageFile,
    PNG: PngImagePlugin.PngImageFile,
    WEBP: WebPImagePlugin.WebPImageFile,
}
_FORMAT_NAMES: Final = {JPEG: "JPEG", PNG: "PNG", WEBP: "WebP"}


def _check_pixels(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise ImageError(f"the image declares an impossible size of {width} × {height} pixels")
    if width * height > MAX_PIXELS:
        raise ImageError(
            f"the image is too large: {width:,} × {height:,} pixels "
            f"({width * height / 1e6:,.0f} megapixels; at most {MAX_PIXELS / 1e6:,.0f} are read)"
        )


def _too_large_reason(exc: Image.DecompressionBombError) -> str:
    return f"the image is too large to decode safely ({exc})"


def _webp_size(data: bytes) -> tuple[int, int] | None:
    """The canvas size a WebP file declares in its first chunk (VP8X, VP8 or VP8L)."""
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        return (
            int.from_bytes(data[26:28], "little") & 0x3FFF,
            int.from_bytes(data[28:30], "little") & 0x3FFF,
        )
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def exif_of(im: Image.Image) -> Image.Exif:
    """The picture's EXIF block, read without decoding the picture.

    (``PngImageFile.getexif`` decodes the whole picture when there is no eXIf chunk before the
    image data, to look for one after it; the base method reads only what the header gave.)
    """
    if isinstance(im, PngImagePlugin.PngImageFile):
        return Image.Image.getexif(im)
    return im.getexif()


def orientation(im: Image.Image) -> int:
    """The picture's EXIF orientation (1-8; 1 when absent or unreadable)."""
    try:
        value = exif_of(im).get(_ORIENTATION_TAG, 1)
    except Exception:  # a broken EXIF block only loses its orientation
        log.debug("unreadable EXIF block", exc_info=True)
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def upright_size(im: Image.Image) -> tuple[int, int]:
    """Width and height of the picture as shown (EXIF orientation applied)."""
    width, height = im.size
    return (height, width) if orientation(im) in _SWAPS_SIDES else (width, height)


def verify_image(data: bytes, im: ImageFile.ImageFile, mime: str) -> None:
    """Check that the picture's data is complete, by its structure, without decoding it where
    the structure tells (importing stays at disk speed; the pixels are decoded when the photo
    is first shown or printed, and a picture that fails then is shown as such):

    - a JPEG whose segments parse up to its image data and that ends with its end marker is
      complete; one that does not end so (cut short, or a camera's trailer after the end) is
      decoded at 1/8 scale (libjpeg still reads every scan, so a truncated file fails);
    - a WebP's chunks must fill the size its RIFF header declares, one of them an image;
    - a PNG has its chunk checksums and its end checked.

    ``im`` may be used up (decoded at a reduced scale). Raises ``ImageError`` saying what is
    wrong.
    """
    name = _FORMAT_NAMES[mime]
    try:
        if mime == JPEG:
            if jpeg_is_whole(data):
                return
            im.draft(None, (1, 1))
            im.load()
        elif mime == PNG:
            checker = PngImagePlugin.PngImageFile(io.BytesIO(data))
            checker.verify()
        else:
            problem = _webp_problem(data)
            if problem:
                raise ImageError(f"the WebP image is truncated or corrupt ({problem})")
    except Image.DecompressionBombError as exc:
        raise ImageError(_too_large_reason(exc)) from exc
    except _DECODE_ERRORS as exc:
        raise ImageError(f"the {name} image is truncated or corrupt ({exc})") from exc


_WEBP_IMAGE_CHUNKS: Final = (b"VP8 ", b"VP8L", b"ANMF")


def _webp_problem(data: bytes) -> str | None:
    """Why a WebP file is not whole (its RIFF size, its chunks), or None."""
    declared = int.from_bytes(data[4:8], "little") + 8
    if declared > len(data):
        return f"the file ends {declared - len(data):,} bytes before its declared size"
    pos = 12
    image = False
    while pos + 8 <= declared:
        kind = data[pos : pos + 4]
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        end = pos + 8 + size + (size & 1)
        if pos + 8 + size > declared:
            return f"its {kind.decode('latin-1')!r} chunk runs past the end of the file"
        image = image or kind in _WEBP_IMAGE_CHUNKS
        pos = end
    return None if image else "it holds no image chunk"


def rendition(data: bytes, max_px: int, *, quality: int = 85) -> Rendition:
    """A baseline JPEG of the photo in ``data``, upright, RGB, its long side at most ``max_px``.

    Pictures are never enlarged. Transparency is flattened onto white. JPEGs are decoded at the
    smallest libjpeg scale (1/2, 1/4, 1/8, done in the DCT domain) that still leaves at least
    the size asked for, then LANCZOS does the rest, so memory and time follow the rendition's
    size rather than the photo's (a 4767 × 2495 photo made into a 1507-pixel rendition: 255 ms
    decoded in full, 120 ms at half scale). Raises
    ``ImageError`` for anything ``open_image`` refuses and for data that does not decode,
    ``ValueError`` for a ``max_px`` below 1 or a ``quality`` outside 1-95.
    """
    if max_px < 1:
        raise ValueError(f"max_px must be at least 1, not {max_px}")
    if not 1 <= quality <= 95:
        raise ValueError(f"quality must be between 1 and 95, not {quality}")
    im, mime = open_image(data)
    turn = orientation(im)
    icc = im.info.get("icc_profile") if im.mode in ("RGB", "RGBA") else None
    try:
        if mime == JPEG:
            im.draft(None, _fit(im.size, max_px))
        picture = _resizable(im)
        picture.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
    except Image.DecompressionBombError as exc:
        raise ImageError(_too_large_reason(exc)) from exc
    except _DECODE_ERRORS as exc:
        raise ImageError(f"the {_FORMAT_NAMES[mime]} image does not decode ({exc})") from exc
    if turn in _TRANSPOSE:
        picture = picture.transpose(_TRANSPOSE[turn])
    picture = _flattened(picture)
    out = io.BytesIO()
    options: dict[str, object] = {}
    if isinstance(icc, bytes) and icc:
        options["icc_profile"] = icc  # the pixels are still in the photo's colour space
    picture.save(out, "JPEG", quality=quality, optimize=True, progressive=False, **options)
    return Rendition(out.getvalue(), picture.width, picture.height)


def print_jpeg(data: bytes, max_px: int, *, slack: float = 1.25) -> Rendition | None:
    """The photo's own JPEG data, fit to print as it is, or ``None`` when it needs a rendition.

    A JPEG whose long side is at most ``max_px × slack`` pixels (at the usual 250 dpi: up to
    about 310 dpi at its printed size), that is upright (no EXIF turn) and greyscale or RGB, is
    printed from its original compressed data: decoding and encoding it again would cost time
    and quality and save nothing. Its metadata segments are dropped first
    (:func:`strip_jpeg_metadata`), so that a printed dossier does not carry the camera's EXIF
    (GPS position, serial numbers) or the IPTC/XMP blocks. Only the header is read here.
    """
    if not data.startswith(b"\xff\xd8\xff") or not jpeg_is_whole(data):
        return None  # not a JPEG, or one without its end (a truncated file is decoded instead)
    try:
        im, mime = open_image(data)
    except ImageError:
        return None
    width, height = im.size
    if (
        mime != JPEG
        or im.mode not in ("RGB", "L")
        or max(width, height) > max_px * slack
        or orientation(im) != 1
    ):
        return None
    stripped = strip_jpeg_metadata(data)
    return None if stripped is None else Rendition(stripped, width, height)


def _fit(size: tuple[int, int], max_px: int) -> tuple[int, int]:
    """``size`` scaled to fit in a ``max_px`` square (never enlarged), at least 1×1."""
    width, height = size
    scale = min(1.0, max_px / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _resizable(im: Image.Image) -> Image.Image:
    """The picture in a mode LANCZOS resizes well (L, LA, RGB or RGBA); decodes it."""
    mode = im.mode
    if mode in ("RGB", "L", "RGBA", "LA"):
        if "transparency" in im.info and mode in ("RGB", "L"):
            return im.convert(mode + "A")
        return im
    if mode.startswith("I;16") or mode == "I":
        # 16-bit greyscale: scale down to 8 bits (convert() would clip at 255).
        return im.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if mode in ("P", "PA"):
        has_alpha = mode == "PA" or "transparency" in im.info
        return im.convert("RGBA" if has_alpha else "RGB")
    if mode == "1":
        return im.convert("L")
    return im.convert("RGB")  # CMYK, YCbCr, LAB, F...


def _flattened(im: Image.Image) -> Image.Image:
    """An RGB picture: transparent parts shown on white."""
    if im.mode in ("RGBA", "LA"):
        rgba = im.convert("RGBA")
        base = Image.new("RGB", im.size, _WHITE)
        base.paste(rgba, mask=rgba.getchannel("A"))
        return base
    return im if im.mode == "RGB" else im.convert("RGB")


def print_max_px(width_inches: float, dpi: int = 250, *, height_inches: float | None = None) -> int:
    """The ``max_px`` of a rendition printed at ``width_inches`` (× ``height_inches``) at ``dpi``.

    ``rendition`` bounds the long side, so for a picture printed taller than wide give its
    printed height too: the long printed side decides.
    """
    longest = max(width_inches, height_inches or 0.0)
    if not math.isfinite(longest) or longest <= 0:
        raise ValueError(f"the printed size must be positive, not {longest}")
    if dpi < 1:
        raise ValueError(f"dpi must be at least 1, not {dpi}")
    return max(1, math.ceil(longest * dpi))
