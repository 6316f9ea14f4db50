"""PDF-only extras added after Qt has painted: outline, contents links, metadata.

They are appended to Qt's file as an *incremental update* (new and changed objects, a classic
cross-reference section and a trailer pointing back to Qt's), written with pypdf's object
serialisers. Rewriting the whole file with pypdf took longer than painting it and held every
page in memory; the update costs milliseconds whatever the size.

Kept compatible with PDF/A-1b: the XMP packet Qt wrote is extended (never compressed) so that it
matches the document information dictionary, link annotations carry the Print flag, nothing is
encrypted, the file keeps its ID, and the update uses a classic xref table (no xref streams).
"""

from __future__ import annotations

import html
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from dossierdesk.pdf.photo_embed import RenditionSource, embed_photos
from dossierdesk.pdf.renderer import RenderResult

log = logging.getLogger(__name__)

_PRINT_FLAG = 4
_DC = "http://purl.org/dc/elements/1.1/"
_PDF = "http://ns.adobe.com/pdf/1.3/"


class PostProcessError(Exception):
    """Qt's PDF could not be read back (never expected; reported with the reason)."""


@dataclass(frozen=True, slots=True)
class PdfMetadata:
    title: str
    author: str
    subject: str
    keywords: str
    creator: str


class _Update:
    """Objects of one incremental update, serialised in order."""

    def __init__(self, reader: PdfReader, size: int) -> None:
        self.reader = reader
        self.next_number = size
        self.objects: dict[int, bytes] = {}
        # Streams written from data fetched at the end: number -> (header, data, length number)
        self.lazy: dict[int, tuple[bytes, Callable[[], bytes], int]] = {}

    def new_ref(self) -> IndirectObject:
        ref = IndirectObject(self.next_number, 0, self.reader)
        self.next_number += 1
        return ref

    def put(self, ref: IndirectObject, obj: PdfObject) -> None:
        out = io.BytesIO()
        obj.write_to_stream(out)
        self.objects[ref.idnum] = out.getvalue()

    def put_stream(self, ref: IndirectObject, header: DictionaryObject, data: bytes) -> None:
        header[NameObject("/Length")] = NumberObject(len(data))
        out = io.BytesIO()
        header.write_to_stream(out)
        out.write(b"\nstream\n" + data + b"\nendstream")
        self.objects[ref.idnum] = out.getvalue()

    def put_lazy_stream(
        self, ref: IndirectObject, header: DictionaryObject, data: Callable[[], bytes]
    ) -> None:
        """A stream whose data is fetched only when the update is written (photos: see
        ``photo_embed``); its length follows it as an indirect object."""
        length_ref = self.new_ref()
        header[NameObject("/Length")] = length_ref
        out = io.BytesIO()
        header.write_to_stream(out)
        self.lazy[ref.idnum] = (out.getvalue(), data, length_ref.idnum)

    def write(self, f: Any, start: int, trailer: DictionaryObject) -> None:
        offsets: dict[int, int] = {}
        position = start

        def put(number: int, parts: list[bytes]) -> None:
            nonlocal position
            offsets[number] = position
            for part in (b"%d 0 obj\n" % number, *parts, b"\nendobj\n"):
                f.write(part)
                position += len(part)

        for number in sorted(self.lazy):  # one stream's data in memory at a time
            header, fetch, length_number = self.lazy[number]
            data = fetch()
            put(number, [header, b"\nstream\n", data, b"\nendstream"])
            put(length_number, [b"%d" % len(data)])
            del data
        for number in sorted(self.objects):
            put(number, [self.objects[number]])
        # The head of the free list first, as Acrobat writes updates: readers that expect a
        # table starting at object 0 then need no repair.
        f.write(b"xref\n0 1\n0000000000 65535 f \n")
        for first, numbers in _runs(sorted(offsets)):
            f.write(b"%d %d\n" % (first, len(numbers)))
            for number in numbers:
                f.write(b"%010d 00000 n \n" % offsets[number])
        f.write(b"trailer\n")
        out = io.BytesIO()
        trailer.write_to_stream(out)
        f.write(out.getvalue() + b"\nstartxref\n%d\n%%%%EOF\n" % position)


def _runs(numbers: list[int]) -> list[tuple[int, list[int]]]:
    runs: list[tuple[int, list[int]]] = []
    for n in numbers:
        if runs and runs[-1][1][-1] == n - 1:
            runs[-1][1].append(n)
        else:
            runs.append((n, [n]))
    return runs


def _dict(obj: Any) -> DictionaryObject:
    """A modifiable copy of a dictionary (resolving a reference)."""
    value = obj.get_object() if obj is not None else DictionaryObject()
    if not isinstance(value, DictionaryObject):
        raise PostProcessError(f"expected a dictionary, found {type(value).__name__}")
    return DictionaryObject(value)


def _array(obj: Any) -> ArrayObject:
    value = obj.get_object() if obj is not None else ArrayObject()
    if not isinstance(value, ArrayObject):
        raise PostProcessError(f"expected an array, found {type(value).__name__}")
    return ArrayObject(value)


def _page_refs(reader: PdfReader) -> list[Any]:
    """References of the pages in order. Qt writes one flat page tree: its kids are the pages,
    read without loading every page dictionary (pypdf's ``pages`` would)."""
    pages = _dict(_dict(reader.trailer.raw_get("/Root")).raw_get("/Pages"))
    kids = pages.raw_get("/Kids") if "/Kids" in pages else None
    if isinstance(kids, ArrayObject) and int(str(pages.get("/Count", -1))) == len(kids):
        return list(kids)
    return [page.indirect_reference for page in reader.pages]


def _previous_startxref(path: Path) -> int:
    with path.open("rb") as f:
        f.seek(0, io.SEEK_END)
        f.seek(max(0, f.tell() - 1024))
        tail = f.read()
    found = re.findall(rb"startxref\s+(\d+)", tail)
    if not found:
        raise PostProcessError(f"{path}: no startxref")
    return int(found[-1])


def _open(path: Path) -> PdfReader:
    """A strict reader first: it trusts the cross-reference table, where the lenient one reads
    every object's header to check it (a third of the time this step takes on 400 pages).
    Qt's files pass; anything odd is read again leniently."""
    try:
        return PdfReader(path, strict=True)
    except PdfReadError as exc:
        log.info("%s: read again leniently (%s)", path, exc)
        return PdfReader(path)


def finish_pdf(
    path: Path,
    result: RenderResult,
    meta: PdfMetadata,
    photos: RenditionSource | None = None,
) -> None:
    """Append outline, contents links and metadata to the PDF Qt wrote at ``path``, and the
    photos' renditions in place of their placeholders (``photos``: see ``photo_embed``)."""
    reader = _open(path)
    trailer = reader.trailer
    root_ref = trailer.raw_get("/Root")
    info_ref = trailer.raw_get("/Info") if "/Info" in trailer else None
    if not isinstance(root_ref, IndirectObject):
        raise PostProcessError(f"{path}: unexpected document catalog")
    update = _Update(reader, int(str(trailer["/Size"])))
    page_refs = _page_refs(reader)

    def dest(page: int) -> ArrayObject:
        return ArrayObject([page_refs[page - 1], NameObject("/Fit")])

    catalog = _dict(root_ref)
    if result.outline:
        catalog[NameObject("/Outlines")] = _outline(update, result, dest)
        catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
    _links(update, reader, result, dest, page_refs)
    _metadata(update, reader, catalog, info_ref, meta)
    update.put(root_ref, catalog)
    if photos is not None:
        embed_photos(update, reader, page_refs, photos)

    new_trailer = DictionaryObject(
        {
            NameObject("/Size"): NumberObject(update.next_number),
            NameObject("/Root"): root_ref,
            NameObject("/Prev"): NumberObject(_previous_startxref(path)),
        }
    )
    for key in ("/Info", "/ID"):
        if key in trailer:
            new_trailer[NameObject(key)] = trailer.raw_get(key)
    with path.open("r+b") as f:
        f.seek(0, io.SEEK_END)
        if f.tell() and (f.seek(-1, io.SEEK_END) or f.read(1) != b"\n"):
            f.write(b"\n")
        update.write(f, f.tell(), new_trailer)


def _outline(update: _Update, result: RenderResult, dest: Any) -> IndirectObject:
    root = update.new_ref()
    refs = [update.new_ref() for _ in result.outline]
    for n, (entry, ref) in enumerate(zip(result.outline, refs, strict=True)):
        item = DictionaryObject(
            {
                NameObject("/Title"): TextStringObject(entry.title),
                NameObject("/Parent"): root,
                NameObject("/Dest"): dest(entry.page),
            }
        )
        if n:
            item[NameObject("/Prev")] = refs[n - 1]
        if n + 1 < len(refs):
            item[NameObject("/Next")] = refs[n + 1]
        update.put(ref, item)
    update.put(
        root,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Outlines"),
                NameObject("/First"): refs[0],
                NameObject("/Last"): refs[-1],
                NameObject("/Count"): NumberObject(len(refs)),
            }
        ),
    )
    return root


def _links(
    update: _Update,
    reader: PdfReader,
    result: RenderResult,
    dest: Any,
    page_refs: list[Any],
) -> None:
    height = result.page_size_points[1]
    by_page: dict[int, list[IndirectObject]] = {}
    for link in result.links:
        left, top, right, bottom = link.rect
        ref = update.new_ref()
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject(
                    FloatObject(round(v, 2)) for v in (left, height - bottom, right, height - top)
                ),
                NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
                NameObject("/F"): NumberObject(_PRINT_FLAG),
                NameObject("/P"): page_refs[link.page - 1],
                NameObject("/Dest"): dest(link.target_page),
            }
        )
        update.put(ref, annotation)
        by_page.setdefault(link.page, []).append(ref)
    for page, refs in by_page.items():
        page_ref = page_refs[page - 1]
        page_dict = _dict(page_ref)
        existing = page_dict.raw_get("/Annots") if "/Annots" in page_dict else None
        if isinstance(existing, IndirectObject):  # Qt writes an (empty) array object
            array = _array(existing)
            update.put(existing, ArrayObject([*array, *refs]))
        else:
            array = _array(existing)
            page_dict[NameObject("/Annots")] = ArrayObject([*array, *refs])
            update.put(page_ref, page_dict)


def _metadata(
    update: _Update,
    reader: PdfReader,
    catalog: DictionaryObject,
    info_ref: PdfObject | None,
    meta: PdfMetadata,
) -> None:
    info = _dict(info_ref)
    for key, value in (
        ("/Title", meta.title),
        ("/Author", meta.author),
        ("/Subject", meta.subject),
        ("/Keywords", meta.keywords),
        ("/Creator", meta.creator),
    ):
        if value:
            info[NameObject(key)] = TextStringObject(value)
    if isinstance(info_ref, IndirectObject):
        update.put(info_ref, info)
    xmp_ref = catalog.raw_get("/Metadata") if "/Metadata" in catalog else None
    if not isinstance(xmp_ref, IndirectObject):
        return
    stream = xmp_ref.get_object()
    if not isinstance(stream, StreamObject) or "/Filter" in stream:
        log.warning("XMP metadata left as written by Qt (unexpected stream)")
        return
    xmp = _extend_xmp(stream.get_data().decode("utf-8"), meta)
    header = DictionaryObject({k: v for k, v in stream.items() if k != "/Length"})
    update.put_stream(xmp_ref, header, xmp.encode("utf-8"))


def _extend_xmp(xmp: str, meta: PdfMetadata) -> str:
    """Add dc:description and pdf:Keywords to Qt's XMP packet (PDF/A wants XMP = Info)."""
    end = xmp.find("</rdf:RDF>")
    if end < 0:
        return xmp
    extra = []
    if meta.subject:
        extra.append(
            f'<rdf:Description rdf:about="" xmlns:dc="{_DC}"><dc:description><rdf:Alt>'
            f'<rdf:li xml:lang="x-default">{html.escape(meta.subject, quote=False)}</rdf:li>'
            "</rdf:Alt></dc:description></rdf:Description>"
        )
    if meta.keywords:
        extra.append(
            f'<rdf:Description rdf:about="" xmlns:pdf="{_PDF}">'
            f"<pdf:Keywords>{html.escape(meta.keywords, quote=False)}</pdf:Keywords>"
            "</rdf:Description>"
        )
    if not extra:
        return xmp
    return xmp[:end] + "\n".join(extra) + "\n" + xmp[end:]
