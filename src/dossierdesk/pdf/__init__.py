"""Dossier PDF export and printing (QtGui only: no widgets).

``DossierRenderer(document, options).paint(device)`` paints onto any ``QPagedPaintDevice`` (a
``QPdfWriter`` here, a ``QPrinter`` in the GUI's print and print preview); ``export_pdf`` writes a
finished PDF file (outline, contents links, metadata, optional PDF/A-1b).

The names are loaded on first use, so that the PDF paint worker, which needs the renderer
only, does not load the archive-side builders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dossierdesk.lazy import lazy_names

if TYPE_CHECKING:
    from dossierdesk.pdf.builders import (
        ArchiveEntries,
        document_from_dossier,
        document_from_ids,
        document_from_query,
    )
    from dossierdesk.pdf.export import ExportError, export_pdf
    from dossierdesk.pdf.model import (
        DossierDocument,
        DossierEntry,
        ExportOptions,
        default_page_size,
    )
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

# Where each public name lives; imported on first use (PEP 562).
_HOMES = {
    "ArchiveEntries": "dossierdesk.pdf.builders",
    "document_from_dossier": "dossierdesk.pdf.builders",
    "document_from_ids": "dossierdesk.pdf.builders",
    "document_from_query": "dossierdesk.pdf.builders",
    "ExportError": "dossierdesk.pdf.export",
    "export_pdf": "dossierdesk.pdf.export",
    "DossierDocument": "dossierdesk.pdf.model",
    "DossierEntry": "dossierdesk.pdf.model",
    "ExportOptions": "dossierdesk.pdf.model",
    "default_page_size": "dossierdesk.pdf.model",
    "DossierRenderer": "dossierdesk.pdf.renderer",
    "LinkArea": "dossierdesk.pdf.renderer",
    "OutlineEntry": "dossierdesk.pdf.renderer",
    "RenderCancelled": "dossierdesk.pdf.renderer",
    "RenderError": "dossierdesk.pdf.renderer",
    "RenderProgress": "dossierdesk.pdf.renderer",
    "RenderResult": "dossierdesk.pdf.renderer",
    "TocEntry": "dossierdesk.pdf.renderer",
}

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


__getattr__ = lazy_names(__name__, _HOMES)
