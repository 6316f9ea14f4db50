"""Dossier PDF export and printing (QtGui only: no widgets).

``DossierRenderer(document, options).paint(device)`` paints onto any ``QPagedPaintDevice`` (a
``QPdfWriter`` here, a ``QPrinter`` in the GUI's print and print preview); ``export_pdf`` writes a
finished PDF file (outline, contents links, metadata, optional PDF/A-1b).
"""

from dossierdesk.pdf.builders import (
    ArchiveEntries,
    document_from_dossier,
    document_from_ids,
    document_from_query,
)
from dossierdesk.pdf.export import ExportError, export_pdf
from dossierdesk.pdf.model import DossierDocument, DossierEntry, ExportOptions, default_page_size
from dossierdesk.pdf.renderer import (
    DossierRenderer,
    LinkArea,
    OutlineEntry,
    RenderCancelled,
    RenderError,
    RenderProgress,
    RenderResult,
    TocEntry,
)

__all__ = [
    "ArchiveEntries",
    "DossierDocument",
    "DossierEntry",
    "DossierRenderer",
    "ExportError",
    "ExportOptions",
    "LinkArea",
    "OutlineEntry",
    "RenderCancelled",
    "RenderError",
    "RenderProgress",
    "RenderResult",
    "TocEntry",
    "default_page_size",
    "document_from_dossier",
    "document_from_ids",
    "document_from_query",
    "export_pdf",
]
