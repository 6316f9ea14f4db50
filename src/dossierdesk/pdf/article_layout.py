"""One article as a paginated QTextDocument: title, metadata box, body with image blocks.

The document is built with ``QTextCursor.insertText`` only, so titles, captions and bodies that
contain markup print literally. Qt paginates it (``setPageSize``): lines never straddle pages.

The document holds nothing but paragraphs: the shaded metadata box and the framed image blocks
are painted behind the text from the paragraphs' positions (see :class:`Box`). Tables and
frames would do the same but more than double the layout time.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)

from dossierdesk.pdf import styles
from dossierdesk.pdf.geometry import PageGeometry, pt
from dossierdesk.pdf.model import DossierEntry, PhotoSource
from dossierdesk.pdf.photos import MAX_HEIGHT_SHARE, PhotoPrinter
from dossierdesk.pdf.rendition_cache import RenditionCache
from dossierdesk.pdf.textlines import LINE_SEPARATOR
from dossierdesk.service.dto import ArticleDetail, ImageInfo

PARAGRAPH_SEPARATOR = "\u2029"

LABEL_WIDTH = pt(62)
BOX_PAD = pt(6)
IMAGE_INDENT = pt(18)
IMAGE_SPACE_ABOVE = pt(3)
IMAGE_SPACE_BELOW = pt(9)
META_SPACE_BELOW = pt(12)
PHOTO_SPACE_BELOW = pt(5)


class BoxStyle(Enum):
    METADATA = "metadata"
    IMAGE = "image"


@dataclass(frozen=True, slots=True)
class Box:
    """A shaded (and for images, framed) box behind a run of paragraphs."""

    style: BoxStyle
    first_block: int
    last_block: int
    inset: float  # from the left and right edges of the body


@dataclass(frozen=True, slots=True)
class PhotoSlot:
    """A photo printed in the space of an empty block whose one line has the photo's height
    (a line never straddles pages, so neither does the photo)."""

    key: str  # the photo's SHA-256
    left: float  # from the body's left edge
    width: float
    height: float


@dataclass(slots=True)
class ArticleLayout:
    document: QTextDocument
    boxes: list[Box]
    images: list[tuple[ImageInfo, int]]  # image, number of its first block
    page_height: float
    page_width: float
    photos: dict[int, PhotoSlot] = field(default_factory=dict)  # by block number
    _rects: list[tuple[BoxStyle, QRectF]] | None = field(default=None, repr=False)

    @property
    def page_count(self) -> int:
        return max(1, self.document.pageCount())

    def photo_rects(self) -> list[tuple[PhotoSlot, QRectF]]:
        """Where the photos are printed (document coordinates)."""
        out = []
        for number, slot in self.photos.items():
            top = self._lines_span(number)[0]
            out.append((slot, QRectF(slot.left, top, slot.width, slot.height)))
        return out

    def paint_photos(self, painter: QPainter, clip: QRectF, printer: PhotoPrinter) -> None:
        """Paint the photos that meet ``clip`` (document coordinates), each decoded for the
        time it takes to draw it."""
        lossless = painter.testRenderHint(QPainter.RenderHint.LosslessImageRendering)
        painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, printer.placeholders)
        for slot, rect in self.photo_rects():
            if not rect.intersects(clip):
                continue
            image = printer.image(slot.key)
            if image is not None:
                painter.drawImage(rect, image)
            del image
        painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, lossless)

    def _lines_span(self, number: int) -> tuple[float, float]:
        """Top of the first line and bottom of the last line of a block (document coordinates;
        a line Qt pushed to the next page counts where it is printed)."""
        layout = self.document.findBlockByNumber(number).layout()
        y = layout.position().y()
        slot = self.photos.get(number)
        if slot is not None:
            # QTextLine.y() of a fixed-height line is where its text would sit, not its top:
            # the line starts at the block's position unless it would straddle a page, in
            # which case Qt starts it at the top of the next page.
            h = self.page_height
            if y // h != (y + slot.height - 1) // h and slot.height < h:
                y = (y // h + 1) * h
            return y, y + slot.height
        if layout.lineCount() == 0:
            return y, y
        first, last = layout.lineAt(0), layout.lineAt(layout.lineCount() - 1)
        return y + first.y(), y + last.y() + last.height()

    def keep_images_together(self, rounds: int = 6) -> None:
        """Move image blocks that straddle a page break to the next page (when they fit on one
        page). Each round re-lays the document out once; only articles with such blocks pay."""
        h = self.page_height
        for _ in range(rounds):
            moved = False
            for box in self.boxes:
                if box.style is not BoxStyle.IMAGE:
                    continue
                top = self._lines_span(box.first_block)[0]
                bottom = self._lines_span(box.last_block)[1]
                # A photo's block moves whenever it fits on a page; text-only blocks when
                # they take less than most of one (a long caption may run on).
                limit = h * (0.98 if box.first_block in self.photos else 0.8)
                if top // h != (bottom - 1) // h and bottom - top < limit:
                    cursor = QTextCursor(self.document.findBlockByNumber(box.first_block))
                    fmt = cursor.blockFormat()
                    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    cursor.setBlockFormat(fmt)
                    self._rects = None
                    moved = True
                    break  # later blocks move with it: measure again
            if not moved:
                return
            self.document.pageCount()

    def image_pages(self) -> list[tuple[ImageInfo, int, bool]]:
        """Each image with the page (0-based, within the article) where its block starts and
        whether its photo is printed there."""
        out = []
        for image, number in self.images:
            top = self._lines_span(number)[0]
            out.append((image, int(top // self.page_height), number in self.photos))
        return out

    def box_rects(self) -> list[tuple[BoxStyle, QRectF]]:
        """Where the boxes go; computed once, when the layout is final (the article's pages are
        painted one after the other from the same layout)."""
        if self._rects is None:
            self._rects = self._box_rects()
        return self._rects

    def _box_rects(self) -> list[tuple[BoxStyle, QRectF]]:
        rects = []
        for box in self.boxes:
            top = self._lines_span(box.first_block)[0]
            bottom = self._lines_span(box.last_block)[1]
            # Padding never spills onto the neighbouring page (no slivers at page edges).
            h = self.page_height
            top = max(top - BOX_PAD, (top // h) * h)
            bottom = min(bottom + BOX_PAD, ((bottom - 1) // h + 1) * h)
            rect = QRectF(box.inset, top, self.page_width - 2 * box.inset, bottom - top)
            rects.append((box.style, rect))
        return rects

    def paint_boxes(self, painter: QPainter, clip: QRectF) -> None:
        """Paint the boxes that meet ``clip`` (document coordinates), under the text."""
        for style, rect in self.box_rects():
            if not rect.intersects(clip):
                continue
            if style is BoxStyle.METADATA:
                painter.fillRect(rect, styles.BOX)
                painter.fillRect(
                    QRectF(rect.left(), rect.top(), pt(2.2), rect.height()), styles.ACCENT
                )
            else:
                painter.fillRect(rect, styles.IMAGE_BOX)
                painter.setPen(QPen(styles.RULE, pt(0.6)))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect)


def _char(
    size_pt: float,
    *,
    serif: bool = False,
    bold: bool = False,
    italic: bool = False,
    color: QColor | None = None,
) -> QTextCharFormat:
    """A shared (cached) format: callers must not change it; the document keeps its own copy."""
    rgba = (color if color is not None else styles.INK).rgba()
    return _cached_char(size_pt, serif, bold, italic, rgba)


@functools.lru_cache(maxsize=32)
def _cached_char(
    size_pt: float, serif: bool, bold: bool, italic: bool, rgba: int
) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFont(styles.shared_font(size_pt, serif=serif, bold=bold, italic=italic))
    fmt.setForeground(QBrush(QColor.fromRgba(rgba)))
    return fmt


@functools.lru_cache(maxsize=64)
def _block(
    *,
    before: float = 0,
    after: float = 0,
    line_height: int = 100,
    justify: bool = False,
    left: float = 0,
    right: float = 0,
    hanging: float = 0,
) -> QTextBlockFormat:
    """A shared (cached) format: callers must not change it; the document keeps its own copy.
    ``hanging`` indents all lines but the first by that much, with a tab stop there."""
    fmt = QTextBlockFormat()
    fmt.setTopMargin(before)
    fmt.setBottomMargin(after)
    fmt.setLeftMargin(left)
    fmt.setRightMargin(right)
    if line_height != 100:
        fmt.setLineHeight(line_height, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    if justify:
        fmt.setAlignment(Qt.AlignmentFlag.AlignJustify)
    if hanging:
        fmt.setTextIndent(-hanging)
        fmt.setTabPositions([QTextOption.Tab(hanging, QTextOption.TabType.LeftTab)])
    return fmt


class _Writer:
    """Appends paragraphs at the end of a document."""

    def __init__(self, document: QTextDocument) -> None:
        self.document = document
        self.cursor = QTextCursor(document)
        self._fresh = True

    def paragraph(
        self, runs: list[tuple[str, QTextCharFormat]], block: QTextBlockFormat
    ) -> QTextBlock:
        first = runs[0][1]
        if self._fresh:
            self.cursor.setBlockFormat(block)
            self.cursor.setBlockCharFormat(first)
            self._fresh = False
        else:
            self.cursor.insertBlock(block, first)
        for text, char in runs:
            self.cursor.insertText(text.replace("\n", LINE_SEPARATOR), char)
        return self.cursor.block()

    def paragraphs(self, texts: list[str], char: QTextCharFormat, block: QTextBlockFormat) -> None:
        """Paragraphs of one format, inserted at once: a paragraph separator in the inserted
        text starts a new block with the same formats (a third fewer calls into Qt for a
        body than one :meth:`paragraph` each)."""
        if texts:
            body = PARAGRAPH_SEPARATOR.join(t.replace("\n", LINE_SEPARATOR) for t in texts)
            self.paragraph([(body, char)], block)


def metadata_rows(
    article: ArticleDetail, note: str | None, *, file_paths: bool = False
) -> list[tuple[str, str]]:
    """Label/value pairs of the metadata box, in print order; empty values are left out. The
    original is the article's URL; the file it came from only with ``file_paths``."""
    original = article.url or (f"{article.source_name} ({article.format})" if file_paths else "")
    rows = [
        ("Published", styles.format_date(article.published)),
        ("Source", article.source or ""),
        ("Byline", article.byline or ", ".join(article.authors)),
        ("Dateline", article.dateline or ""),
        ("Tags", ", ".join(article.tags)),
        ("Original", original),
        ("Note", note or ""),
    ]
    return [(label, " ".join(value.split())) for label, value in rows if value.strip()]


def build_article(
    entry: DossierEntry,
    geometry: PageGeometry,
    photos: PhotoPrinter | None = None,
    *,
    file_paths: bool = False,
) -> ArticleLayout:
    """``entry`` laid out in pages of ``geometry``'s body; each image with a stored photo
    prints it when ``photos`` is given (see :func:`photo_printer`)."""
    article = entry.article
    doc = QTextDocument()
    doc.setUndoRedoEnabled(False)
    doc.setUseDesignMetrics(True)
    doc.setDocumentMargin(0)
    doc.setDefaultFont(styles.body_font())
    doc.setPageSize(QSizeF(geometry.body_width, geometry.body_height))
    w = _Writer(doc)
    boxes: list[Box] = []
    slots: dict[int, PhotoSlot] = {}

    def image_block(image: ImageInfo) -> int:
        return _image_block(w, image, boxes, geometry, photos, slots)

    title = " ".join(article.title.split()) or "(untitled)"
    w.paragraph([(title, _char(17, bold=True))], _block(after=pt(8), line_height=110))

    # Metadata: "LABEL<tab>value" with a hanging indent, so long values wrap under the value.
    rows = metadata_rows(article, entry.note, file_paths=file_paths)
    label_fmt = _char(7.5, bold=True, color=styles.MUTED)
    value_fmt = _char(8.5)
    note_fmt = _char(8.5, italic=True)
    first = last = -1
    for n, (label, value) in enumerate(rows):
        fmt = _block(
            before=BOX_PAD if n == 0 else pt(1.2),
            after=BOX_PAD + META_SPACE_BELOW if n == len(rows) - 1 else pt(1.2),
            left=pt(9) + LABEL_WIDTH,
            right=pt(8),
            hanging=LABEL_WIDTH,
        )
        block = w.paragraph(
            [
                (label.upper(), label_fmt),
                ("\t", value_fmt),
                (value, note_fmt if label == "Note" else value_fmt),
            ],
            fmt,
        )
        last = block.blockNumber()
        first = last if n == 0 else first
    if rows:
        boxes.append(Box(BoxStyle.METADATA, first, last, 0))

    body_block = _block(after=pt(6), line_height=styles.LINE_HEIGHT_PERCENT, justify=True)
    body_char = _char(styles.BODY_PT, serif=True)
    images: list[tuple[ImageInfo, int]] = []
    pending = sorted(article.images, key=lambda i: (i.paragraph_index, i.position))
    run: list[str] = []  # body paragraphs not yet inserted
    for index, para in enumerate(article.paragraphs):
        if pending and pending[0].paragraph_index <= index:
            w.paragraphs(run, body_char, body_block)
            run = []
        while pending and pending[0].paragraph_index <= index:
            image = pending.pop(0)
            images.append((image, image_block(image)))
        run.append(para)
    w.paragraphs(run, body_char, body_block)
    for image in pending:
        images.append((image, image_block(image)))
    doc.pageCount()  # lays the document out
    laid = ArticleLayout(doc, boxes, images, geometry.body_height, geometry.body_width, slots)
    laid.keep_images_together()
    return laid


def virin_line(image: ImageInfo) -> str:
    if not image.virin:
        return ""
    decoded = []
    if image.virin_date:
        decoded.append(f"shot {image.virin_date.isoformat()}")
    if image.virin_service_name:
        decoded.append(image.virin_service_name)
    if image.virin_valid is False and image.virin_problem:
        decoded.append(f"malformed: {image.virin_problem}")
    suffix = f"  ({', '.join(decoded)})" if decoded else ""
    return f"VIRIN {image.virin}{suffix}"


def photo_printer(
    geometry: PageGeometry,
    source: PhotoSource | None,
    disk_cache: RenditionCache | None = None,
) -> PhotoPrinter:
    """The photo printer for image blocks on pages of ``geometry``: photos span at most the
    inside of an image box and :data:`MAX_HEIGHT_SHARE` of the page body."""
    side = IMAGE_INDENT + BOX_PAD
    return PhotoPrinter(
        source,
        geometry.body_width - 2 * side,
        geometry.body_height * MAX_HEIGHT_SHARE,
        disk_cache=disk_cache,
    )


def _image_block(
    w: _Writer,
    image: ImageInfo,
    boxes: list[Box],
    geometry: PageGeometry,
    photos: PhotoPrinter | None,
    slots: dict[int, PhotoSlot],
) -> int:
    """The photo (when there is one to print), then label, caption, credit and VIRIN as
    indented paragraphs; returns the first block number."""
    side = IMAGE_INDENT + BOX_PAD
    photo_block = -1
    size = photos.size(image.photo.sha256) if photos is not None and image.photo else None
    if size is not None and image.photo is not None:
        width, height = size
        inner = geometry.body_width - 2 * side
        left = side + max(0.0, (inner - width) / 2)
        fmt = QTextBlockFormat()
        fmt.setTopMargin(IMAGE_SPACE_ABOVE + BOX_PAD)
        fmt.setBottomMargin(PHOTO_SPACE_BELOW)
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setLineHeight(height, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        photo_block = w.paragraph([("", _char(6.5))], fmt).blockNumber()
        slots[photo_block] = PhotoSlot(image.photo.sha256, left, width, height)
    small = _char(8, color=styles.MUTED)
    lines: list[tuple[str, QTextCharFormat, float]] = [
        (f"IMAGE {image.position + 1}", _char(6.5, bold=True, color=styles.ACCENT), pt(2)),
        (
            " ".join(image.caption.split()) or "(no caption)",
            _char(9, italic=not image.caption.strip()),
            pt(3),
        ),
    ]
    if image.credit:
        lines.append((f"Credit: {' '.join(image.credit.split())}", small, 0))
    virin = virin_line(image)
    if virin:
        lines.append((virin, small, 0))
    numbers = [photo_block] if photo_block >= 0 else []
    for n, (text, char, after) in enumerate(lines):
        fmt = _block(
            before=IMAGE_SPACE_ABOVE + BOX_PAD if n == 0 and photo_block < 0 else 0,
            after=BOX_PAD + IMAGE_SPACE_BELOW if n == len(lines) - 1 else after,
            line_height=115,
            left=side,
            right=side,
        )
        numbers.append(w.paragraph([(text, char)], fmt).blockNumber())
    boxes.append(
        Box(
            BoxStyle.IMAGE,
            numbers[0],
            numbers[-1],
            IMAGE_INDENT,
        )
    )
    return numbers[0]
