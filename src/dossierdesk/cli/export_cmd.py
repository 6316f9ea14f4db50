"""``dossierdesk-cli export``: a dossier, a query or a list of articles as a PDF file.

Qt is imported only when this command runs (other commands never load it); it needs a
QGuiApplication, created here on the offscreen platform unless one exists or the caller chose a
platform through ``QT_QPA_PLATFORM``.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from dossierdesk.cli.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, parse_ids
from dossierdesk.query.errors import QuerySyntaxError

if TYPE_CHECKING:
    from dossierdesk.pdf import DossierDocument, RenderProgress
    from dossierdesk.service.archive import Archive


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="export a dossier, a query's articles or chosen articles as a PDF",
        description="Print a dossier to PDF: cover, contents, one article per section, image "
        "credits. Articles come in the dossier's order, else the query's sort (oldest first).",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--dossier", metavar="NAME|ID", help="a stored dossier")
    what.add_argument("--query", "-q", help="every article matching this query ('' = all)")
    what.add_argument("--ids", type=parse_ids, help="comma-separated article ids, in this order")
    p.add_argument("--title", help="cover title (default: the dossier's title)")
    p.add_argument("--subtitle")
    p.add_argument("--compiled-by", dest="compiled_by")
    p.add_argument("--description")
    p.add_argument("--sort", default="date", help="order of --query results (default: date)")
    p.add_argument(
        "--page-size", choices=["A4", "Letter"], default=None, help="default: from the locale"
    )
    p.add_argument("--pdfa", action="store_true", help="write PDF/A-1b (for archiving)")
    p.add_argument(
        "--no-photos",
        dest="photos",
        action="store_false",
        help="leave the images' stored photos out (captions and credits are still printed)",
    )
    p.add_argument(
        "--file-paths",
        action="store_true",
        help="print the file an article was imported from when it has no URL "
        "(by default only URLs are printed: a shared PDF shows none of your folders)",
    )
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")


def _qt_application() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["dossierdesk-cli"])


def _document(archive: Archive, args: argparse.Namespace) -> DossierDocument | str:
    """The document to print, or a message saying why there is nothing to print."""
    from dossierdesk.pdf import document_from_dossier, document_from_ids, document_from_query

    if args.dossier is not None:
        try:
            doc = document_from_dossier(archive, args.dossier)
        except KeyError as exc:
            return str(exc.args[0]) if exc.args else f"no dossier {args.dossier!r}"
        overrides = {
            k: getattr(args, k)
            for k in ("title", "subtitle", "compiled_by", "description")
            if getattr(args, k) is not None
        }
        if overrides:
            from dataclasses import replace

            doc = replace(doc, **overrides)
        if not len(doc.entries):
            return f"dossier '{doc.title}' holds no articles"
        return doc
    fields = {
        "subtitle": args.subtitle,
        "compiled_by": args.compiled_by,
        "description": args.description,
    }
    if args.ids is not None:
        found = {s.id for s in archive.summaries(args.ids)}
        missing = [i for i in args.ids if i not in found]
        if missing:
            return "no article " + ", ".join(f"#{i}" for i in missing)
        return document_from_ids(
            archive, args.ids, title=args.title or "Selected articles", **fields
        )
    query = args.query.strip()
    default_title = f"Articles matching “{query}”" if query else "All articles"
    doc = document_from_query(
        archive, query, title=args.title or default_title, sort=args.sort, **fields
    )
    if not len(doc.entries):
        return f"no article matches the query {query!r}" if query else "the archive is empty"
    return doc


class _Progress:
    """A live line on a terminal; one line per stage otherwise (logs stay readable)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.stage = ""
        self.shown_at = 0.0

    def __call__(self, p: RenderProgress) -> None:
        verb = "laying out" if p.stage == "layout" else "printing"
        if self.tty:
            now = time.monotonic()
            if now - self.shown_at >= 0.1 or p.done == p.total:
                self.shown_at = now
                self.stream.write(f"\r\x1b[Kexport: {verb} article {p.done}/{p.total}")
                self.stream.flush()
        elif p.stage != self.stage:
            self.stream.write(f"export: {verb} {p.total} articles…\n")
        self.stage = p.stage

    def clear(self) -> None:
        if self.tty:
            self.stream.write("\r\x1b[K")


def run(archive: Archive, args: argparse.Namespace) -> int:
    app = _qt_application()  # noqa: F841  (kept alive while painting)
    from dossierdesk.pdf import ExportError, ExportOptions, export_pdf

    try:
        doc = _document(archive, args)
    except ValueError as exc:
        if isinstance(exc, QuerySyntaxError):
            raise
        print(f"dossierdesk-cli: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(doc, str):
        print(f"dossierdesk-cli: nothing to export: {doc}", file=sys.stderr)
        return EXIT_REJECTED
    options = ExportOptions(pdfa=args.pdfa, include_photos=args.photos, file_paths=args.file_paths)
    if args.page_size:
        options = dataclasses.replace(options, page_size=args.page_size)
    progress = _Progress(sys.stderr)
    try:
        result = export_pdf(doc, args.output, options, progress=progress)
    except ExportError as exc:
        progress.clear()
        print(f"dossierdesk-cli: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    except BaseException:
        progress.clear()
        raise
    progress.clear()
    print(
        f"wrote {args.output}: {result.page_count} pages, {len(result.toc)} articles, "
        f"{result.image_count} images, {result.photo_count} photos "
        f"({options.page_size}{', PDF/A-1b' if options.pdfa else ''})",
        file=sys.stderr,
    )
    return EXIT_OK
