"""The helper process that paints the second part of a PDF export (see :mod:`.parallel`).

PySide6 holds the GIL inside ``QTextDocumentLayout.draw`` and ``QPdfWriter.newPage`` (where
Qt compresses every page), so a second thread paints nothing faster; a second process does.

Protocol: length-prefixed pickles on stdin/stdout (both ends are this module's code).

    parent -> worker   ("setup", Setup), ("entry", DossierEntry, photos)..., ("go", Go)
    worker -> parent   ("ready",), ("progress", articles painted), ("done", pages, CPU times),
                       ("error", message)

``photos`` maps the SHA-256 of each photo of the entry to its rendition's pixel size: the
worker has no archive, and paints placeholders that the parent replaces by the renditions when
it finishes the joined file (see ``pdf.photos``).

The worker lays the articles out as they arrive (while the parent lays out the whole dossier),
then, told where its pages start and how many pages the dossier has, checks that its page
counts are the parent's and paints them to its own PDF file. It exits when its input closes.
"""

from __future__ import annotations

import logging
import os
import pickle
import struct
import sys
import time
from dataclasses import dataclass
from typing import IO, Any

log = logging.getLogger(__name__)

_HEADER = struct.Struct(">I")

# Run with ``python -c BOOTSTRAP <folder holding the dossierdesk package>``: the parent's own
# copy of the package is imported. (The ``dossierdesk.service`` and ``dossierdesk.pdf``
# packages load their names lazily, so only the modules the painting uses are loaded here:
# not the archive, SQLAlchemy or pypdf.)
BOOTSTRAP = """
import sys
sys.path.insert(0, sys.argv[1])
from dossierdesk.pdf.paint_worker import main
main()
"""


@dataclass(frozen=True, slots=True)
class Setup:
    path: str  # the PDF file the worker writes
    page_size: str
    pdfa: bool
    title: str  # the dossier's, for the running header
    compiled_on: Any  # dt.date, for the footer
    keep_chars: int  # memory budget for laid-out articles, as ``DossierRenderer.lay_out``
    photos: bool = False  # print the images' photos (``ExportOptions.include_photos``)
    file_paths: bool = False  # ``ExportOptions.file_paths``


@dataclass(frozen=True, slots=True)
class Go:
    first_page: int  # printed number of the worker's first page
    total_pages: int
    page_counts: tuple[int, ...]  # of each article, as the parent laid them out


def write_frame(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> Any:
    """The next message, or None at the end of the stream."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


def main() -> None:
    """Entry point of the worker process (see :data:`BOOTSTRAP`)."""
    # Messages go to the original stdout; anything else printed there goes to stderr.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    try:
        _serve(sys.stdin.buffer, out)
    except Exception as exc:  # reported to the parent, which paints the pages itself
        log.exception("PDF paint worker failed")
        write_frame(out, ("error", f"{type(exc).__name__}: {exc}"))
    out.close()


def _serve(inp: IO[bytes], out: IO[bytes]) -> None:
    from PySide6.QtGui import QGuiApplication, QPagedPaintDevice, QPdfWriter

    from dossierdesk.fonts import register_bundled_fonts
    from dossierdesk.pdf.article_layout import ArticleLayout, build_article
    from dossierdesk.pdf.model import DossierDocument, DossierEntry, ExportOptions
    from dossierdesk.pdf.renderer import DossierRenderer, PageSink

    cpu = {"imports": time.process_time()}
    message = read_frame(inp)
    if message is None:
        return
    setup: Setup = message[1]
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    register_bundled_fonts()
    document = DossierDocument(title=setup.title, entries=(), compiled_on=setup.compiled_on)
    options = ExportOptions(
        setup.page_size,  # type: ignore[arg-type]
        setup.pdfa,
        include_photos=setup.photos,
        file_paths=setup.file_paths,
    )
    renderer = DossierRenderer(document, options)
    if renderer.photos is not None:
        renderer.photos.placeholders = True
    write_frame(out, ("ready",))
    cpu["start"] = time.process_time()

    entries: list[DossierEntry] = []
    laid: list[ArticleLayout | None] = []
    counts: list[int] = []
    kept_chars = 0
    while True:
        message = read_frame(inp)
        if message is None:
            return  # the parent gave up (cancelled, or failed)
        if message[0] == "go":
            break
        entry: DossierEntry = message[1]
        if renderer.photos is not None and len(message) > 2:
            for key, (width, height) in message[2].items():
                renderer.photos.add_size(key, width, height)
        layout = build_article(
            entry, renderer.geometry, renderer.photos, file_paths=setup.file_paths
        )
        counts.append(layout.page_count)
        size = sum(len(p) for p in entry.article.paragraphs)
        if kept_chars + size <= setup.keep_chars:
            kept_chars += size
            laid.append(layout)
        else:
            laid.append(None)
        entries.append(entry)
        del layout
    go: Go = message[1]
    cpu["layout"] = time.process_time()
    if tuple(counts) != go.page_counts:
        raise RuntimeError(f"page counts differ from the parent's: {counts} != {go.page_counts}")

    writer = QPdfWriter(setup.path)
    if setup.pdfa:
        writer.setPdfVersion(QPagedPaintDevice.PdfVersion.PdfVersion_A1b)
    sink = PageSink(writer, setup.page_size)
    number = go.first_page
    try:
        for k, entry in enumerate(entries):
            layout = laid[k] or build_article(
                entry, renderer.geometry, renderer.photos, file_paths=setup.file_paths
            )
            laid[k] = None
            title = entry.article.title
            renderer.paint_article(sink, layout, title, number, go.total_pages)
            number += counts[k]
            del layout
            write_frame(out, ("progress", k + 1))
    finally:
        sink.end()
        del writer  # finishes the file
    cpu["paint"] = time.process_time()
    write_frame(out, ("done", sink.pages, cpu))
