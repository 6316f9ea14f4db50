"""PDF-only extras added with pypdf after Qt has painted: outline, contents links, metadata.

Kept compatible with PDF/A-1b: the XMP packet Qt wrote is extended (never replaced or
compressed) so that it matches the document information dictionary, link annotations carry the
Print flag, nothing is encrypted, and the file keeps its ID and classic cross-reference table.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import NameObject, NumberObject, StreamObject

from dossierdesk.pdf.renderer import RenderResult

log = logging.getLogger(__name__)

_PRINT_FLAG = 4
_DC = "http://purl.org/dc/elements/1.1/"
_PDF = "http://ns.adobe.com/pdf/1.3/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


@dataclass(frozen=True, slots=True)
class PdfMetadata:
    title: str
    author: str
    subject: str
    keywords: str
    creator: str


def finish_pdf(source: Path, dest: Path, result: RenderResult, meta: PdfMetadata) -> None:
    """Copy ``source`` to ``dest`` with outline, links and metadata added."""
    reader = PdfReader(source)
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # pypdf would write 1.3; PDF/A-1 is PDF 1.4
    for entry in result.outline:
        writer.add_outline_item(title=entry.title, page_number=entry.page - 1)
    writer.page_mode = "/UseOutlines"
    height = result.page_size_points[1]
    for link in result.links:
        left, top, right, bottom = link.rect
        annotation = Link(
            rect=(left, height - bottom, right, height - top),
            target_page_index=link.target_page - 1,
            border=[0, 0, 0],
        )
        annotation[NameObject("/F")] = NumberObject(_PRINT_FLAG)
        writer.add_annotation(link.page - 1, annotation)

    info = dict(reader.metadata or {})
    producer = str(info.get("/Producer", "")) or "Qt"
    writer.add_metadata(
        {
            "/Title": meta.title,
            "/Author": meta.author,
            "/Subject": meta.subject,
            "/Keywords": meta.keywords,
            "/Creator": meta.creator,
            "/Producer": producer,
        }
    )
    _extend_xmp(writer, meta)
    with dest.open("wb") as out:
        writer.write(out)


def _extend_xmp(writer: PdfWriter, meta: PdfMetadata) -> None:
    """Add dc:description and pdf:Keywords to Qt's XMP packet (PDF/A wants XMP = Info)."""
    root = writer._root_object
    ref = root.get("/Metadata")
    if ref is None:
        return
    stream = ref.get_object()
    if not isinstance(stream, StreamObject) or "/Filter" in stream:
        log.warning("XMP metadata left as written by Qt (unexpected stream)")
        return
    xmp = stream.get_data().decode("utf-8")
    end = xmp.find("</rdf:RDF>")
    if end < 0:
        return
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
    if extra:
        xmp = xmp[:end] + "\n".join(extra) + "\n" + xmp[end:]
        stream.set_data(xmp.encode("utf-8"))
