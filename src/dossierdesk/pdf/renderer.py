"""Paints a dossier onto any ``QPagedPaintDevice`` (QPdfWriter, or a QPrinter from the GUI).

Two passes over the entries: the first lays every article out to learn its page count (so the
contents can print page numbers and the footer "Page X of Y"), the second paints. Laid-out
articles are kept between the passes up to a memory budget; beyond it they are rebuilt while
painting, so a 2,000-article dossier never holds all its articles at once.

``paint`` puts every page on one device (print, preview, PDF). The pieces it is made of
(``lay_out``, then ``paint_front``, ``paint_articles``, ``paint_credits`` on a ``PageSink``) are
also what the two-process PDF export (:mod:`.parallel`) paints its parts with, so both give the
same pages.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QTransform,
)

from dossierdesk.fonts import register_bundled_fonts
from dossierdesk.pdf import chrome, contents, cover, credits
from dossierdesk.pdf.article_layout import ArticleLayout, build_article, photo_printer
from dossierdesk.pdf.geometry import (
    PAGE_SIZE_IDS,
    UNITS_PER_INCH,
    PageGeometry,
    page_geometry,
    to_points,
)
from dossierdesk.pdf.model import DossierDocument, DossierEntry, ExportOptions
from dossierdesk.pdf.photos import PhotoPrinter
from dossierdesk.pdf.rendition_cache import RenditionCache
from dossierdesk.service.dto import ImageInfo

log = logging.getLogger(__name__)

# Characters of article text whose layouts are kept between the passes: a laid-out article
# takes about 80 bytes per character, so this is about 100 MB (a 250-article dossier).
KEEP_LAYOUT_CHARS = 1_200_000


class Cancellable(Protocol):
    @property
    def cancelled(self) -> bool: ...


class RenderCancelled(Exception):
    """The cancel flag was raised; nothing usable was produced."""


class RenderError(Exception):
    """The paint device could not be used (e.g. the PDF file cannot be written)."""


@dataclass(frozen=True, slots=True)
class RenderProgress:
    stage: str  # "layout" or "paint"
    done: int
    total: int


ProgressCallback = Callable[[RenderProgress], None]


@dataclass(frozen=True, slots=True)
class TocEntry:
    article_id: int
    title: str
    published: dt.date | None
    source: str | None
    page: int  # printed page number (1 = cover)


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    title: str
    page: int


@dataclass(frozen=True, slots=True)
class LinkArea:
    """A clickable area: on ``page``, ``rect`` (left, top, right, bottom in PDF points from the
    top-left corner of the sheet) goes to ``target_page``."""

    page: int
    rect: tuple[float, float, float, float]
    target_page: int


@dataclass(frozen=True, slots=True)
class RenderResult:
    page_count: int
    page_size_points: tuple[float, float]
    toc: tuple[TocEntry, ...]
    outline: tuple[OutlineEntry, ...]
    links: tuple[LinkArea, ...]
    keywords: tuple[str, ...]  # tags, most frequent first
    first_published: dt.date | None
    last_published: dt.date | None
    image_count: int
    photo_count: int = 0  # images printed with their photo


@dataclass(slots=True)
class _ArticlePlan:
    article_id: int
    title: str
    published: dt.date | None
    source: str | None
    pages: int
    first_page: int = 0
    kept: ArticleLayout | None = None


@dataclass(slots=True)
class DossierPlan:
    """What the layout pass learnt: every article's pages, the contents and credits layouts."""

    articles: list[_ArticlePlan]
    toc_pages: list[list[contents.ContentsLine]]
    credit_layout: credits.CreditsLayout
    credits_first: int
    total_pages: int
    facts: cover.CoverFacts
    tags: Counter[str]
    image_count: int
    photo_count: int = 0

    def article_pages(self) -> list[int]:
        return [p.pages for p in self.articles]


EntryHook = Callable[[int, DossierEntry], None]


class PageSink:
    """A painter on a paged device, one page after the other (the first page needs no
    ``newPage``). Maps layout units to the device's pixels on every page."""

    def __init__(self, device: QPagedPaintDevice, page_size: str) -> None:
        self.device = device
        device.setPageSize(QPageSize(PAGE_SIZE_IDS[page_size]))
        device.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
        painter = QPainter()
        if not painter.begin(device):
            raise RenderError("the output device could not be opened for painting")
        # Map layout units (1/1200 in, from the sheet's corner) to device pixels; a printer may
        # only let us paint inside its printable area, whose corner is the painter's origin.
        dpi_x, dpi_y = device.logicalDpiX(), device.logicalDpiY()
        layout = device.pageLayout()
        if layout.mode() == QPageLayout.Mode.FullPageMode:  # e.g. QPrinter.setFullPage(True)
            dx = dy = 0
        else:
            paint_rect = layout.paintRectPixels(dpi_x)
            dx, dy = -paint_rect.left(), -paint_rect.top()
        self._base = QTransform(dpi_x / UNITS_PER_INCH, 0, 0, dpi_y / UNITS_PER_INCH, dx, dy)
        painter.setTransform(self._base)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.painter = painter
        self.pages = 0

    def next_page(self) -> QPainter:
        if self.pages and not self.device.newPage():
            raise RenderError("the output device refused a new page")
        self.pages += 1
        self.painter.setTransform(self._base)
        return self.painter

    def end(self) -> None:
        if self.painter.isActive():
            self.painter.end()


class DossierRenderer:
    def __init__(self, document: DossierDocument, options: ExportOptions | None = None) -> None:
        self.document = document
        self.options = options or ExportOptions()
        self.geometry: PageGeometry = page_geometry(self.options.page_size)
        self._chrome: chrome.PageChrome | None = None  # made when fonts are registered
        # Prints the images' photos (None: they are left out). Without a photo source it
        # prints only renditions handed to it (the PDF paint worker's).
        self.photos: PhotoPrinter | None = (
            photo_printer(self.geometry, document.photos, RenditionCache())
            if self.options.include_photos
            else None
        )

    # -- public ---------------------------------------------------------------------------
    def paint(
        self,
        device: QPagedPaintDevice,
        progress: ProgressCallback | None = None,
        cancel: Cancellable | None = None,
    ) -> RenderResult:
        """Lay the dossier out and paint every page on ``device`` (sets its page size)."""
        check = self.checker(progress, cancel)
        plan = self.lay_out(check)
        check("paint", 0)
        sink = PageSink(device, self.options.page_size)
        try:
            links = self.paint_front(sink, plan)
            self.paint_articles(sink, plan, 0, len(plan.articles), check)
            self.paint_credits(sink, plan)
            check("paint", len(plan.articles))
        finally:
            sink.end()
        assert sink.pages == plan.total_pages, (sink.pages, plan.total_pages)
        return self.result(plan, links)

    def checker(
        self, progress: ProgressCallback | None, cancel: Cancellable | None
    ) -> Callable[[str, int], None]:
        """``check(stage, done)``: raises :class:`RenderCancelled` if cancelled, else reports."""
        total = len(self.document.entries)

        def check(stage: str, done: int) -> None:
            if cancel is not None and cancel.cancelled:
                raise RenderCancelled
            if progress is not None:
                progress(RenderProgress(stage, done, total))

        return check

    def lay_out(
        self,
        check: Callable[[str, int], None],
        *,
        keep_from: int | None = None,
        keep_chars: int | None = None,
        on_entry: EntryHook | None = None,
    ) -> DossierPlan:
        """Pass 1: lay out every article (page counts, image pages), the contents and the
        credits. Layouts of articles before ``keep_from`` (all by default) are kept for the
        painting up to the memory budget (``keep_chars`` characters of text, by default
        :data:`KEEP_LAYOUT_CHARS`); ``on_entry(index, entry)`` sees every entry once it is
        laid out (its photos' renditions made)."""
        register_bundled_fonts()
        g = self.geometry
        plans: list[_ArticlePlan] = []
        # image, title, plan index, page, photo printed
        image_rows: list[tuple[ImageInfo, str, int, int, bool]] = []
        tags: Counter[str] = Counter()
        dates: list[dt.date] = []
        kept_chars = 0
        budget = KEEP_LAYOUT_CHARS if keep_chars is None else keep_chars
        if self.photos is not None:
            self.photos.prefetch(
                image.photo.sha256
                for entry in self.document.entries
                for image in entry.article.images
                if image.photo is not None
            )
        try:
            for n, entry in enumerate(self.document.entries):
                check("layout", n)
                article = entry.article
                laid = build_article(entry, g, self.photos, file_paths=self.options.file_paths)
                if on_entry is not None:
                    on_entry(n, entry)
                plan = _ArticlePlan(
                    article.id, article.title, article.published, article.source, laid.page_count
                )
                size = sum(len(p) for p in article.paragraphs)
                if (keep_from is None or n < keep_from) and kept_chars + size <= budget:
                    plan.kept = laid
                    kept_chars += size
                for image, offset, printed in laid.image_pages():
                    image_rows.append((image, article.title, len(plans), offset, printed))
                tags.update(article.tags)
                if article.published:
                    dates.append(article.published)
                plans.append(plan)
                del laid
        finally:
            if self.photos is not None:
                self.photos.close()  # stops making renditions ahead (a cancelled export)
        check("layout", len(plans))

        toc_lines = [
            contents.measure(i + 1, p.title, p.published, p.source, g) for i, p in enumerate(plans)
        ]
        toc_pages = contents.paginate(toc_lines, g)
        page = 1 + len(toc_pages) + 1
        for plan in plans:
            plan.first_page = page
            page += plan.pages
        rows = [
            credits.CreditRow.from_image(
                image, title, plans[idx].first_page + offset, printed=printed
            )
            for image, title, idx, offset, printed in image_rows
        ]
        credit_layout = credits.layout_credits(rows, g)
        facts = cover.CoverFacts(len(plans), min(dates, default=None), max(dates, default=None))
        return DossierPlan(
            articles=plans,
            toc_pages=toc_pages,
            credit_layout=credit_layout,
            credits_first=page,
            total_pages=page - 1 + len(credit_layout.pages),
            facts=facts,
            tags=tags,
            image_count=len(rows),
            photo_count=sum(1 for row in image_rows if row[4]),
        )

    def paint_front(self, sink: PageSink, plan: DossierPlan) -> list[LinkArea]:
        """The cover and the contents (pages 1 to 1 + contents pages); returns the links."""
        g = self.geometry
        cover.paint_cover(sink.next_page(), g, self.document, plan.facts)
        links: list[LinkArea] = []
        number = 1
        start = 0
        for i, lines in enumerate(plan.toc_pages):
            number += 1
            painter = sink.next_page()
            self.paint_chrome(painter, "Contents", number, plan.total_pages)
            targets = [plan.articles[start + k].first_page for k in range(len(lines))]
            for rect, target in contents.paint_page(painter, g, lines, targets, first=i == 0):
                links.append(LinkArea(number, _points(rect), target))
            start += len(lines)
        return links

    def paint_articles(
        self,
        sink: PageSink,
        plan: DossierPlan,
        first: int,
        end: int,
        check: Callable[[str, int], None],
        done: Callable[[int], int] = lambda k: k,
    ) -> None:
        """Articles ``first`` to ``end`` - 1 (rebuilt from the entries when not kept);
        ``done(k)`` is the progress reported before article ``k``."""
        entries = iter(self.document.entries)
        for k in range(first, end):
            check("paint", done(k))
            article = plan.articles[k]
            laid = article.kept or self._rebuild(entries, article.article_id)
            article.kept = None
            self.paint_article(sink, laid, article.title, article.first_page, plan.total_pages)
            del laid

    def paint_article(
        self, sink: PageSink, laid: ArticleLayout, title: str, first_page: int, total: int
    ) -> None:
        for index in range(laid.page_count):
            painter = sink.next_page()
            self.paint_chrome(painter, title, first_page + index, total)
            self._paint_slice(painter, laid, index)

    def paint_credits(self, sink: PageSink, plan: DossierPlan) -> None:
        for index in range(len(plan.credit_layout.pages)):
            painter = sink.next_page()
            self.paint_chrome(
                painter, "Image credits", plan.credits_first + index, plan.total_pages
            )
            credits.paint_page(painter, self.geometry, plan.credit_layout, index)

    def paint_chrome(self, painter: QPainter, section: str, number: int, total: int) -> None:
        if self._chrome is None:
            doc = self.document
            self._chrome = chrome.PageChrome(self.geometry, doc.title, doc.compiled_on)
        self._chrome.paint(painter, section, number, total)

    def result(self, plan: DossierPlan, links: list[LinkArea]) -> RenderResult:
        g = self.geometry
        articles = plan.articles
        outline = [OutlineEntry("Cover", 1), OutlineEntry("Contents", 2)]
        outline += [
            OutlineEntry(" ".join(p.title.split()) or "(untitled)", p.first_page) for p in articles
        ]
        outline.append(OutlineEntry("Image credits", plan.credits_first))
        return RenderResult(
            page_count=plan.total_pages,
            page_size_points=(to_points(g.width), to_points(g.height)),
            toc=tuple(
                TocEntry(p.article_id, p.title, p.published, p.source, p.first_page)
                for p in articles
            ),
            outline=tuple(outline),
            links=tuple(links),
            keywords=tuple(t for t, _ in plan.tags.most_common()),
            first_published=plan.facts.first_published,
            last_published=plan.facts.last_published,
            image_count=plan.image_count,
            photo_count=plan.photo_count,
        )

    def _rebuild(self, entries: Iterator[DossierEntry], article_id: int) -> ArticleLayout:
        for entry in entries:
            if entry.article.id == article_id:
                return build_article(
                    entry, self.geometry, self.photos, file_paths=self.options.file_paths
                )
        raise RenderError(f"article #{article_id} disappeared while the dossier was printed")

    def _paint_slice(self, painter: QPainter, laid: ArticleLayout, index: int) -> None:
        g = self.geometry
        top = index * g.body_height
        clip = QRectF(0, top, g.body_width, g.body_height)
        painter.save()
        painter.translate(g.left, g.top - top)
        painter.setClipRect(clip.adjusted(-g.left, 0, g.right, 0))
        laid.paint_boxes(painter, clip)
        if self.photos is not None:
            laid.paint_photos(painter, clip, self.photos)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        laid.document.documentLayout().draw(painter, context)
        painter.restore()


def _points(rect: QRectF) -> tuple[float, float, float, float]:
    return (
        to_points(rect.left()),
        to_points(rect.top()),
        to_points(rect.right()),
        to_points(rect.bottom()),
    )
