"""Photos: a picture file's format, size, VIRIN and embedded metadata, read safely.

``parse_photo(data, name)`` turns the bytes of a JPEG, PNG or WebP file into a ``ParsedPhoto``
or raises ``ParseError`` with a user-facing reason (empty file, not a photo, truncated or
corrupt data, a picture too large to decode). The format comes from the bytes, never from the
name: DoD sites serve WebP under ``.JPG`` names. Decoding is done by ``dossierdesk.imaging``
(pixel cap before anything is decoded; a JPEG is checked at 1/8 scale, so reading the metadata
of a 50-megapixel photo never holds it at full size).

Metadata is untrusted and optional: a broken block is skipped (and logged), never a reason to
refuse the photo. Each field is taken from the first source that has it, in this order:

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

(then a PNG's text chunks: Title, Description, Author, Copyright). ``ParsedPhoto`` cleans and
bounds its fields when it is built, with the rules of ``fields``.

VIRINs. DoD photo files are named by their VIRIN, sometimes with a letter the site adds
(``201015-M-UY835-1164M.JPG``); full-size downloads also carry it in IPTC ObjectName / XMP
dc:title. The two may disagree (a picture re-used under another VIRIN): both are kept, the
embedded one is used to link the photo to article images, and ``virin_note`` says which is
which. Links are made on ``virin_key``: date, service, originator and sequence, upper case,
without the site's letter, a country segment or a file extension.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Final

from PIL import Image, JpegImagePlugin, PngImagePlugin

from dossierdesk.imaging import (
    MAX_PIXELS,
    ImageError,
    exif_of,
    open_image,
    sniff_image,
    upright_size,
    verify_image,
)
from dossierdesk.importers.fields import (
    MAX_CAPTION_CHARS,
    MAX_LABEL_CHARS,
    MAX_NAME_CHARS,
    MAX_TITLE_CHARS,
    MAX_VIRIN_CHARS,
    clean_label,
    clean_line,
)
from dossierdesk.importers.types import ParseError
from dossierdesk.virin import find_virins, parse_virin

__all__ = [
    "MAX_PHOTO_KEYWORDS",
    "MAX_PIXELS",
    "MAX_XMP_BYTES",
    "ParsedPhoto",
    "parse_photo",
    "sniff_photo",
    "virin_key",
]

log = logging.getLogger(__name__)

#: Keywords kept per photo (after cleaning and removing duplicates).
MAX_PHOTO_KEYWORDS: Final = 100
#: An XMP packet larger than this is not parsed (a JPEG's holds at most 64 KB).
MAX_XMP_BYTES: Final = 1 << 20


@dataclass(frozen=True, slots=True)
class ParsedPhoto:
    """A photo file as read: what it is, its VIRIN(s) and its embedded metadata.

    ``width`` and ``height`` are the picture as shown (EXIF orientation applied). ``virin`` is
    the VIRIN to link by: the embedded one when there is one, else the file name's.
    """

    name: str  # the file name given
    sha256: str  # hex digest of the bytes
    mime: str  # "image/jpeg", "image/png" or "image/webp"
    width: int
    height: int
    byte_size: int
    virin: str | None = None
    file_name_virin: str | None = None
    embedded_virin: str | None = None  # IPTC ObjectName / XMP dc:title, when it is a VIRIN
    virin_note: str | None = None  # set when the file name and the metadata disagree
    title: str | None = None
    caption: str | None = None
    credit: str | None = None
    byline: str | None = None
    copyright: str | None = None
    date_created: dt.date | None = None
    keywords: tuple[str, ...] = ()
    byline_title: str | None = None  # IPTC By-lineTitle / XMP photoshop:AuthorsPosition

    def __post_init__(self) -> None:
        _set(self, "name", clean_line(self.name, MAX_TITLE_CHARS))
        for name in ("virin", "file_name_virin", "embedded_virin"):
            _set(self, name, clean_label(getattr(self, name), MAX_VIRIN_CHARS))
        for name, limit in _TEXT_LIMITS.items():
            value = getattr(self, name)
            if value is not None:
                _set(self, name, clean_line(value, limit) or None)
        _set(self, "keywords", _clean_keywords(self.keywords))

    @property
    def link_key(self) -> str | None:
        """The key that links this photo to article images (``virin_key`` of ``virin``)."""
        return virin_key(self.virin) if self.virin else None


_TEXT_LIMITS: Final = {
    "virin_note": MAX_NAME_CHARS,
    "title": MAX_TITLE_CHARS,
    "caption": MAX_CAPTION_CHARS,
    "credit": MAX_CAPTION_CHARS,
    "byline": MAX_NAME_CHARS,
    "byline_title": MAX_NAME_CHARS,
    "copyright": MAX_NAME_CHARS,
}


def _set(record: object, name: str, value: object) -> None:
    """Assign a field of a frozen record while it is being built."""
    if getattr(record, name) is not value:
        object.__setattr__(record, name, value)


def _clean_keywords(keywords: Iterable[str]) -> tuple[str, ...]:
    kept: dict[str, str] = {}  # casefolded -> first spelling
    for keyword in keywords:
        cleaned = clean_label(keyword, MAX_LABEL_CHARS)
        if cleaned is not None:
            kept.setdefault(cleaned.casefold(), cleaned)
            if len(kept) >= MAX_PHOTO_KEYWORDS:
                break
    return tuple(kept.values())


def sniff_photo(data: bytes) -> str | None:
    """The MIME type of a photo from its bytes ("image/jpeg", "image/png", "image/webp"), never
    from its name; ``None`` for anything else."""
    return sniff_image(data)


def virin_key(text: str) -> str | None:
    """The key that links photos and article images: ``YYMMDD-S-ORIGINATOR-SEQUENCE``.

    Upper case, without the letter a site adds after the sequence (``-1164M``), a country
    segment or a file extension; ``None`` unless ``text`` has the shape of a VIRIN (date,
    service, originator and sequence all found). A VIRIN with a doubtful part (a 4-character
    originator, an impossible date) still has a key: it is the same doubtful VIRIN on both
    sides.
    """
    virin = parse_virin(text)
    if virin.service_code is None or virin.originator is None or virin.sequence is None:
        return None
    yymmdd = virin.normalized[:6]
    return f"{yymmdd}-{virin.service_code}-{virin.originator}-{virin.sequence}".upper()


_IMAGE_EXTENSION = re.compile(r"\.(?:jpe?g|png|gif|tiff?|bmp|webp)$", re.IGNORECASE)


def _file_name_virin(name: str) -> str | None:
    """The VIRIN a file is named by (as named, without the extension), or ``None``."""
    base = clean_line(PureWindowsPath(PurePosixPath(name).name).name, MAX_TITLE_CHARS)
    stem = _IMAGE_EXTENSION.sub("", base)
    if virin_key(stem) is not None:
        return stem
    for token in find_virins(base):  # e.g. "201015-M-UY835-1164M (1).JPG"
        if virin_key(token) is not None:
            return token
    return None


def _embedded_virin(candidates: Iterable[str | None]) -> str | None:
    for candidate in candidates:
        text = clean_label(candidate, MAX_VIRIN_CHARS)
        if text is not None:
            text = _IMAGE_EXTENSION.sub("", text)
            if virin_key(text) is not None:
                return text
    return None


def parse_photo(data: bytes, name: str) -> ParsedPhoto:
    """Read the photo in ``data`` (named ``name``): format, size, VIRINs and metadata.

    Raises ``ParseError`` with the reason when the bytes are empty, not a JPEG/PNG/WebP picture
    ("not a photo: the file holds HTML"), truncated or corrupt, or larger than ``MAX_PIXELS``.
    """
    try:
        im, mime = open_image(data)
        width, height = upright_size(im)
        meta = _Metadata.read(im)
        verify_image(data, im, mime)  # last: it decodes ``im`` at a reduced scale
    except ImageError as exc:
        raise ParseError(str(exc)) from exc
    file_name_virin = _file_name_virin(name)
    embedded_virin = _embedded_virin(meta.virin_candidates())
    note = None
    if (
        file_name_virin is not None
        and embedded_virin is not None
        and virin_key(file_name_virin) != virin_key(embedded_virin)
    ):
        note = f"the file name says {file_name_virin}, the embedded metadata says {embedded_virin}"
    return ParsedPhoto(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        mime=mime,
        width=width,
        height=height,
        byte_size=len(data),
        virin=embedded_virin or file_name_virin,
        file_name_virin=file_name_virin,
        embedded_virin=embedded_virin,
        virin_note=note,
        title=meta.first("title", MAX_TITLE_CHARS),
        caption=meta.first("caption", MAX_CAPTION_CHARS),
        credit=meta.first("credit", MAX_CAPTION_CHARS),
        byline=meta.first("byline", MAX_NAME_CHARS),
        byline_title=meta.first("byline_title", MAX_NAME_CHARS),
        copyright=meta.first("copyright", MAX_NAME_CHARS),
        date_created=meta.date_created(),
        keywords=meta.keywords(),
    )


# --- metadata ------------------------------------------------------------------------------

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


class _Metadata:
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
    def read(cls, im: Image.Image) -> _Metadata:
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
