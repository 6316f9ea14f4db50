"""Photos: a picture file's format, size, VIRIN and embedded metadata, read safely.

``parse_photo(data, name)`` turns the bytes of a JPEG, PNG or WebP file into a ``ParsedPhoto``
or raises ``ParseError`` with a user-facing reason (empty file, not a photo, truncated or
corrupt data, a picture too large to decode). The format comes from the bytes, never from the
name: DoD sites serve WebP under ``.JPG`` names. Decoding is done by ``dossierdesk.imaging``
(pixel cap before anything is decoded; a JPEG is checked at 1/8 scale, so reading the metadata
of a 50-megapixel photo never holds it at full size).

Embedded metadata (IPTC, XMP, EXIF, PNG text) is read by ``photo_metadata``: untrusted and
optional, a broken block is skipped, never a reason to refuse the photo. ``ParsedPhoto`` cleans
and bounds its fields when it is built, with the rules of ``fields``.

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
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Final

from dossierdesk.imaging import (
    MAX_PIXELS,
    ImageError,
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
from dossierdesk.importers.photo_metadata import MAX_XMP_BYTES, PhotoMetadata
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

#: Keywords kept per photo (after cleaning and removing duplicates).
MAX_PHOTO_KEYWORDS: Final = 100


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
        meta = PhotoMetadata.read(im)
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
