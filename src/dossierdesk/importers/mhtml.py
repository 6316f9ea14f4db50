"""MHTML single-file saves (Chrome's "Save as… Webpage, Single File", ``.mhtml``/``.mht``).

An MHTML file is a MIME message (``multipart/related``): the page is its ``text/html`` part
(the one the ``start`` parameter or ``Snapshot-Content-Location`` names, else the first), the
page's images are other parts, known by their ``Content-Location`` (the URL they were loaded
from: a key into the file, never fetched) or ``Content-ID`` (``cid:`` references). Bodies come
quoted-printable or base64; the stdlib ``email`` package decodes them.

Sizes are bounded by the file's own (the import's per-file limit): decoding never makes a part
larger than the file. Parts are counted (``MAX_PARTS``) and only photo parts (JPEG, PNG, WebP by
their first bytes) are kept, within ``saved_page.MAX_PAGE_COMPANION_BYTES``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urljoin

from dossierdesk.importers.saved_page import MAX_PAGE_COMPANION_BYTES, looks_like_photo
from dossierdesk.importers.types import ParsedArticle, ParseError

if TYPE_CHECKING:
    from email.message import Message

__all__ = ["MAX_PARTS", "MhtmlPage", "looks_like_mhtml", "parse_mhtml", "read_mhtml"]

MAX_PARTS = 5000
_EXTENSIONS = (".mhtml", ".mht")
_HEADER_LINE = re.compile(rb"\A(?:[!-9;-~]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)+", re.DOTALL)


@dataclass(slots=True)
class MhtmlPage:
    """The page of an MHTML file and its photo parts by Content-Location and ``cid:``."""

    html: bytes
    location: str | None
    photos: dict[str, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def lookup(self, ref: str) -> bytes | None:
        """The photo part a reference of the page names, if the file holds it."""
        ref = ref.strip()
        if not ref:
            return None
        if ref.lower().startswith("cid:"):
            return self.photos.get("cid:" + ref[4:].strip("<>"))
        found = self.photos.get(ref)
        if found is None and self.location:
            found = self.photos.get(urldefrag(urljoin(self.location, ref))[0])
        return found


def looks_like_mhtml(data: bytes, name: str) -> bool:
    """MIME headers announcing ``multipart/related`` at the start of the file (by its content,
    whatever the name; a ``.mht``/``.mhtml`` name is enough with any MIME header)."""
    head = data[:8192].lstrip(b"\r\n")
    match = _HEADER_LINE.match(head)
    if match is None:
        return False
    headers = match.group(0).lower()
    if b"multipart/related" in headers:
        return True
    return name.lower().endswith(_EXTENSIONS) and b"content-type:" in headers


def read_mhtml(data: bytes, name: str = "") -> MhtmlPage:
    """The page part and the photo parts; ``ParseError`` with the reason when there is none."""
    import email  # (imported when an MHTML file comes: most imports have none)
    import email.policy

    message = email.message_from_bytes(data.lstrip(b"\r\n"), policy=email.policy.compat32)
    if not message.is_multipart():
        raise ParseError("not a valid MHTML file: no MIME parts (damaged or truncated)")
    start_param = message.get_param("start")
    start = start_param.strip().strip("<>") if isinstance(start_param, str) else ""
    snapshot = (message.get("Snapshot-Content-Location") or "").strip()
    pages: list[tuple[Message, str | None]] = []
    photos: dict[str, bytes] = {}
    total = 0
    notes: list[str] = []
    count = 0
    for part in message.walk():
        if part.is_multipart():
            continue
        count += 1
        if count > MAX_PARTS:
            notes.append(f"more than {MAX_PARTS} parts: the rest were not read")
            break
        location = (part.get("Content-Location") or "").strip() or None
        if part.get_content_type() == "text/html":
            pages.append((part, location))
            continue
        body = _body(part)
        if body is None or not looks_like_photo(body[:12]):
            continue
        if total + len(body) > MAX_PAGE_COMPANION_BYTES:
            notes.append(
                f"{location or 'a photo part'}: photo not read (the page's photos pass "
                f"{MAX_PAGE_COMPANION_BYTES // (1024 * 1024)} MB)"
            )
            continue
        total += len(body)
        if location:
            photos.setdefault(urldefrag(location)[0], body)
        content_id = (part.get("Content-ID") or "").strip().strip("<>")
        if content_id:
            photos.setdefault("cid:" + content_id, body)
    root = _root(pages, start, snapshot)
    if root is None:
        raise ParseError("MHTML file without a web page (no text/html part)")
    html = _body(root[0])
    if not html or not html.strip():
        raise ParseError("MHTML file whose web page is empty (damaged or truncated)")
    return MhtmlPage(html, root[1] or snapshot or None, photos, notes)


def parse_mhtml(data: bytes, name: str) -> list[ParsedArticle]:
    """The article of an MHTML file's page (the HTML article importer reads it)."""
    from dossierdesk.importers.html_article import parse_html

    return [parse_html(read_mhtml(data, name).html, name)]


def _root(
    pages: list[tuple[Message, str | None]], start: str, snapshot: str
) -> tuple[Message, str | None] | None:
    for part, location in pages:
        if start and (part.get("Content-ID") or "").strip().strip("<>") == start:
            return part, location
    for part, location in pages:
        if snapshot and location == snapshot:
            return part, location
    return pages[0] if pages else None


def _body(part: Message) -> bytes | None:
    """A part's decoded body (quoted-printable, base64 or as is)."""
    try:
        body = part.get_payload(decode=True)
    except (ValueError, TypeError, LookupError):
        return None
    return body if isinstance(body, bytes) else None
