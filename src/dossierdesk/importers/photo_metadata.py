"""The embedded metadata of a photo: IPTC, XMP, EXIF and PNG text, read safely.

``PhotoMetadata.read`` takes the blocks of a picture opened by ``photos.parse_photo``. Metadata
is untrusted and optional: a broken block is skipped (and logged), never a reason to refuse the
photo. Each field is taken from the first source that has it, in this order:

==============  ==========================  ======================================  ===============
field           IPTC (JPEG)                 XMP (JPEG, PNG, WebP)                   EXIF
==============  ==========================  ======================================  ===============
title           ObjectName 2:05             dc:title (then photoshop:Headline)      —
caption         Caption-Abstract 2:120      dc:description                          ImageDescription
byline          By-line 2:80                dc:creator                              Artist
byline_title    By-lineTitle 2:85           photoshop:AuthorsPosition               —
credit          Credit 2:110                photoshop:Credit                        —
copyright       CopyrightNotice 2:116       dc:rights                               Copyright
date_created    DateCreated 2:55            photoshop:DateCreated, exif:DateTime…   DateTimeOriginal
keywords        Keywords 2:25               dc:subject                              —
==============  ==========================  ======================================  ===============

(then a PNG's text chunks: Title, Description, Author, Copyright). ``photos.ParsedPhoto`` cleans
and bounds the fields when it is built, with the rules of ``fields``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from typing import Final

from PIL import Image, JpegImagePlugin, PngImagePlugin

from dossierdesk.imaging import exif_of
from dossierdesk.importers.fields import clean_line

log = logging.getLogger(__name__)

#: An XMP packet larger than this is not parsed (a JPEG's holds at most 64 KB).
MAX_XMP_BYTES: Final = 1 << 20

_IPTC_FIELDS: Final = {
    "title": (2, 5),
    "caption": (2, 120),
    "byline": (2, 80),
    "byline_title": (2, 85),
    "credit": (2, 110),
    "copyright": (2, 116),
}
_IPTC_HEADLINE = (2, 105)
_IPTC_DATE = (2, 55)
_IPTC_KEYWORDS = (2, 25)
_IPTC_CHARSET = (1, 90)
_IPTC_RESOURCE = 0x0404  # Photoshop image resource holding the IPTC-IIM block
_IIM_TAG_MARKER = 0x1C
_UTF8_ESCAPE = b"\x1b%G"  # ISO 2022 designation of UTF-8 (CodedCharacterSet)

_NS: Final = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "exif": "http://ns.adobe.com/exif/1.0/",
}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XMP_FIELDS: Final = {
    "title": ("dc:title", "photoshop:Headline"),
    "caption": ("dc:description",),
    "byline": ("dc:creator",),
    "byline_title": ("photoshop:AuthorsPosition",),
    "credit": ("photoshop:Credit",),
    "copyright": ("dc:rights",),
}
_XMP_DATES = ("photoshop:DateCreated", "exif:DateTimeOriginal", "xmp:CreateDate")
_XMP_PROPERTIES: Final = frozenset(
    {p for names in _XMP_FIELDS.values() for p in names} | set(_XMP_DATES) | {"dc:subject"}
)

_EXIF_IFD = 0x8769
_EXIF_FIELDS: Final = {"caption": 0x010E, "byline": 0x013B, "copyright": 0x8298}
_EXIF_DATE_ORIGINAL = 0x9003
# What cameras write into ImageDescription when nobody wrote a caption.
_CAMERA_DEFAULT_DESCRIPTIONS = frozenset(
    {"olympus digital camera", "sony dsc", "digital camera", "default", "image"}
)

_PNG_TEXT_FIELDS: Final = {
    "title": "Title",
    "caption": "Description",
    "byline": "Author",
    "copyright": "Copyright",
}

_ISO_DATE = re.compile(r"(\d{4})[-:](\d{2})[-:](\d{2})")
_IPTC_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_EARLIEST_PHOTO_YEAR = 1800


class PhotoMetadata:
    """The text fields of one picture, from each metadata block it carries."""

    __slots__ = ("exif", "iptc", "png", "xmp")

    def __init__(
        self,
        iptc: Mapping[tuple[int, int], list[str]],
        xmp: Mapping[str, list[str]],
        exif: Mapping[str, str],
        png: Mapping[str, str],
    ) -> None:
        self.iptc = iptc
        self.xmp = xmp
        self.exif = exif
        self.png = png

    @classmethod
    def read(cls, im: Image.Image) -> PhotoMetadata:
        return cls(
            _read_iptc(im), _read_xmp(im.info.get("xmp")), _read_exif(im), _read_png_text(im)
        )

    def _candidates(self, field: str) -> Iterable[str]:
        key = _IPTC_FIELDS.get(field)
        if key is not None:
            yield _joined(self.iptc.get(key, ()))
        if field == "title":
            yield _joined(self.iptc.get(_IPTC_HEADLINE, ()))
        for prop in _XMP_FIELDS.get(field, ()):
            yield _joined(self.xmp.get(prop, ()))
        yield self.exif.get(field, "")
        yield self.png.get(field, "")

    def first(self, field: str, limit: int) -> str | None:
        """The first non-empty value of ``field`` (IPTC, then XMP, EXIF, PNG text)."""
        for candidate in self._candidates(field):
            if candidate and (cleaned := clean_line(candidate, limit)):
                return cleaned
        return None

    def virin_candidates(self) -> Iterable[str | None]:
        yield from self.iptc.get(_IPTC_FIELDS["title"], ())
        yield from self.xmp.get("dc:title", ())

    def date_created(self) -> dt.date | None:
        candidates = [
            *(value for value in self.iptc.get(_IPTC_DATE, ())),
            *(value for prop in _XMP_DATES for value in self.xmp.get(prop, ())),
            self.exif.get("date", ""),
        ]
        for candidate in candidates:
            found = _date(candidate)
            if found is not None:
                return found
        return None

    def keywords(self) -> tuple[str, ...]:
        return (*self.iptc.get(_IPTC_KEYWORDS, ()), *self.xmp.get("dc:subject", ()))


def _joined(values: Iterable[str]) -> str:
    """Repeated values (several bylines) as one line."""
    return ", ".join(v.strip() for v in values if v.strip())


def _date(text: str) -> dt.date | None:
    text = text.strip()
    match = _ISO_DATE.match(text) or _IPTC_DATE_RE.fullmatch(text[:8])
    if match is None:
        return None
    year, month, day = map(int, match.groups())
    if year < _EARLIEST_PHOTO_YEAR:
        return None  # "00000000" and the like
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _read_iptc(im: Image.Image) -> dict[tuple[int, int], list[str]]:
    """IPTC-IIM datasets of a JPEG as text (UTF-8 when declared or valid, else Windows-1252).

    Pillow finds the IPTC block (Photoshop resource 0x0404 of APP13); the datasets are read
    here: ``IptcImagePlugin`` gives up on the whole block at a dataset longer than 32 KB (an
    extended length, as a long caption has) or with an unknown record number.
    """
    if not isinstance(im, JpegImagePlugin.JpegImageFile):
        return {}
    photoshop = im.info.get("photoshop")
    block = photoshop.get(_IPTC_RESOURCE) if isinstance(photoshop, dict) else None
    if not isinstance(block, bytes):
        return {}
    datasets: dict[tuple[int, int], list[bytes]] = {}
    for key, value in _iim_datasets(block):
        datasets.setdefault(key, []).append(value)
    utf8 = any(_UTF8_ESCAPE in value for value in datasets.get(_IPTC_CHARSET, ()))
    wanted = {*_IPTC_FIELDS.values(), _IPTC_HEADLINE, _IPTC_DATE, _IPTC_KEYWORDS}
    return {
        key: [_decode_iptc(value, utf8=utf8) for value in values]
        for key, values in datasets.items()
        if key in wanted
    }


def _iim_datasets(block: bytes) -> Iterator[tuple[tuple[int, int], bytes]]:
    """The (record, dataset) tags and values of an IPTC-IIM block, up to the first thing that
    is not a dataset (padding, garbage, a value cut short)."""
    pos, end = 0, len(block)
    while pos + 5 <= end and block[pos] == _IIM_TAG_MARKER:
        key = (block[pos + 1], block[pos + 2])
        length = int.from_bytes(block[pos + 3 : pos + 5], "big")
        pos += 5
        if length & 0x8000:  # extended dataset: the next (length & 0x7FFF) bytes hold the length
            count = length & 0x7FFF
            if not 1 <= count <= 4 or pos + count > end:
                return
            length = int.from_bytes(block[pos : pos + count], "big")
            pos += count
        if pos + length > end:
            return
        yield key, block[pos : pos + length]
        pos += length


def _decode_iptc(value: bytes, *, utf8: bool) -> str:
    if utf8:
        return value.decode("utf-8", "replace")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("cp1252", "replace")


def _read_xmp(packet: object) -> dict[str, list[str]]:
    """The properties of interest in an XMP packet (``"dc:title" -> ["..."]``).

    The packet is parsed only without a DOCTYPE: with none, the XML parser has no entity to
    expand and nothing to fetch ("billion laughs" and external entities are impossible).
    """
    if isinstance(packet, str):
        packet = packet.encode("utf-8", "replace")
    if not isinstance(packet, bytes) or not packet:
        return {}
    if len(packet) > MAX_XMP_BYTES:
        log.debug("XMP packet of %d bytes ignored", len(packet))
        return {}
    lowered = packet.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        log.debug("XMP packet with a DOCTYPE ignored")
        return {}
    try:
        root = ET.fromstring(packet.rstrip(b"\x00 \t\r\n"))
    except (ET.ParseError, ValueError, UnicodeError):
        log.debug("unreadable XMP packet", exc_info=True)
        return {}
    names = {f"{{{uri}}}": prefix for prefix, uri in _NS.items()}
    description = f"{{{_NS['rdf']}}}Description"
    out: dict[str, list[str]] = {}
    for node in root.iter(description):
        for attribute, value in node.attrib.items():
            prop = _prefixed(attribute, names)
            if prop in _XMP_PROPERTIES:
                out.setdefault(prop, []).append(value)
        for child in node:
            prop = _prefixed(child.tag, names)
            if prop in _XMP_PROPERTIES:
                out.setdefault(prop, []).extend(_xmp_values(child))
    return out


def _prefixed(tag: str, names: Mapping[str, str]) -> str:
    """``{http://purl.org/dc/elements/1.1/}title`` -> ``dc:title`` (unknown: unchanged)."""
    if tag.startswith("{"):
        uri, _, local = tag.partition("}")
        prefix = names.get(uri + "}")
        if prefix is not None:
            return f"{prefix}:{local}"
    return tag


def _xmp_values(element: ET.Element) -> list[str]:
    """A property's values: the items of an rdf:Seq/Bag, the x-default (else first) item of an
    rdf:Alt, or the element's own text."""
    rdf = f"{{{_NS['rdf']}}}"
    for container in element:
        if container.tag in (rdf + "Seq", rdf + "Bag"):
            return [item.text or "" for item in container if item.tag == rdf + "li"]
        if container.tag == rdf + "Alt":
            items = [item for item in container if item.tag == rdf + "li"]
            default = [i for i in items if i.get(_XML_LANG, "").lower() == "x-default"]
            chosen = (default or items)[:1]
            return [item.text or "" for item in chosen]
    return [element.text or ""]


def _read_exif(im: Image.Image) -> dict[str, str]:
    """ImageDescription, Artist, Copyright and DateTimeOriginal (as ``"date"``)."""
    out: dict[str, str] = {}
    try:
        exif = exif_of(im)
        for field, tag in _EXIF_FIELDS.items():
            text = _exif_text(exif.get(tag))
            if field == "caption" and text.strip().lower() in _CAMERA_DEFAULT_DESCRIPTIONS:
                continue
            out[field] = text
        out["date"] = _exif_text(exif.get_ifd(_EXIF_IFD).get(_EXIF_DATE_ORIGINAL))
    except Exception:  # a broken EXIF block is skipped, whatever Pillow raises for it
        log.debug("unreadable EXIF block", exc_info=True)
    return out


def _exif_text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return ""
    # EXIF Copyright may hold "photographer\0editor"; other strings end with NULs.
    return "; ".join(part.strip() for part in value.split("\x00") if part.strip())


def _read_png_text(im: Image.Image) -> dict[str, str]:
    """The standard text keywords of a PNG (those before the image data)."""
    if not isinstance(im, PngImagePlugin.PngImageFile):
        return {}
    out: dict[str, str] = {}
    for field, keyword in _PNG_TEXT_FIELDS.items():
        value = im.info.get(keyword)
        if isinstance(value, str):
            out[field] = value
    return out
