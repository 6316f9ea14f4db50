"""One article as a paginated QTextDocument: title, metadata box, body with image blocks.

The document is built with ``QTextCursor.insertText`` only, so titles, captions and bodies that
contain markup print literally. Qt paginates it (``setPageSize``): lines never straddle pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrame,
    QTextFrameFormat,
    QTextLength,
    QTextTableFormat,
)

from dossierdesk.pdf import styles
from dossierdesk.pdf.geometry import PageGeometry, pt
from dossierdesk.pdf.model import DossierEntry
from dossierdesk.pdf.textlines import LINE_SEPARATOR
from dossierdesk.service.dto import ArticleDetail, ImageInfo


@dataclass(slots=True)
class ArticleLayout:
    document: QTextDocument
    image_frames: list[tuple[ImageInfo, QTextFrame]]
    page_height: float

    @property
    def page_count(self) -> int:
        return max(1, self.document.pageCount())

    def image_pages(self) -> list[tuple[ImageInfo, int]]:
        """Each image with the page (0-based, within the article) where its block starts."""
        layout = self.document.documentLayout()
        out = []
        for image, frame in self.image_frames:
            top = layout.frameBoundingRect(frame).top()
            out.append((image, int(top // self.page_height)))
        return out


def _char(
    size_pt: float,
    *,
    serif: bool = False,
    bold: bool = False,
    italic: bool = False,
    color: QColor | None = None,
) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFont(styles.font(size_pt, serif=serif, bold=bold, italic=italic))
    fmt.setForeground(QBrush(color if color is not None else styles.INK))
    return fmt


def _block(
    *, before: float = 0, after: float = 0, line_height: int = 100, justify: bool = False
) -> QTextBlockFormat:
    fmt = QTextBlockFormat()
    fmt.setTopMargin(pt(before))
    fmt.setBottomMargin(pt(after))
    if line_height != 100:
        fmt.setLineHeight(line_height, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    if justify:
        fmt.setAlignment(Qt.AlignmentFlag.AlignJustify)
    return fmt


class _Writer:
    """Appends blocks at the end of a document, filling the empty block Qt leaves after frames."""

    def __init__(self, document: QTextDocument) -> None:
        self.document = document
        self.cursor = QTextCursor(document)
        self._fresh = True

    def paragraph(self, text: str, block: QTextBlockFormat, char: QTextCharFormat) -> None:
        if self._fresh:
            self.cursor.setBlockFormat(block)
            self.cursor.setBlockCharFormat(char)
        else:
            self.cursor.insertBlock(block, char)
        self.cursor.insertText(text.replace("\n", LINE_SEPARATOR), char)
        self._fresh = False

    def runs(self, runs: list[tuple[str, QTextCharFormat]], block: QTextBlockFormat) -> None:
        first = True
        for text, char in runs:
            if first:
                self.paragraph(text, block, char)
                first = False
            else:
                self.cursor.insertText(text.replace("\n", LINE_SEPARATOR), char)

    def after_object(self) -> None:
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        self._fresh = True


def metadata_rows(article: ArticleDetail, note: str | None) -> list[tuple[str, str]]:
    """Label/value pairs of the metadata box, in print order; empty values are left out."""
    rows = [
        ("Published", styles.format_date(article.published)),
        ("Source", article.source or ""),
        ("Byline", article.byline or ", ".join(article.authors)),
        ("Dateline", article.dateline or ""),
        ("Tags", ", ".join(article.tags)),
        ("Original", article.url or f"{article.source_name} ({article.format})"),
        ("Note", note or ""),
    ]
    return [(label, value) for label, value in rows if value.strip()]


def build_article(entry: DossierEntry, geometry: PageGeometry) -> ArticleLayout:
    article = entry.article
    doc = QTextDocument()
    doc.setUndoRedoEnabled(False)
    doc.setUseDesignMetrics(True)
    doc.setDocumentMargin(0)
    doc.setDefaultFont(styles.body_font())
    doc.setPageSize(QSizeF(geometry.body_width, geometry.body_height))
    w = _Writer(doc)

    w.paragraph(article.title, _block(after=8, line_height=110), _char(17, bold=True))

    rows = metadata_rows(article, entry.note)
    table_fmt = QTextTableFormat()
    table_fmt.setBorder(0)
    table_fmt.setCellSpacing(0)
    table_fmt.setCellPadding(pt(2.2))
    table_fmt.setBackground(QBrush(styles.BOX))
    table_fmt.setPadding(pt(4))
    table_fmt.setBottomMargin(pt(12))
    table_fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    table_fmt.setColumnWidthConstraints(
        [
            QTextLength(QTextLength.Type.FixedLength, pt(62)),
            QTextLength(QTextLength.Type.VariableLength, 0),
        ]
    )
    table = w.cursor.insertTable(len(rows), 2, table_fmt)
    label_fmt = _char(7.5, bold=True, color=styles.MUTED)
    value_fmt = _char(8.5)
    note_fmt = _char(8.5, italic=True)
    for r, (label, value) in enumerate(rows):
        cell = table.cellAt(r, 0).firstCursorPosition()
        cell.insertText(label.upper(), label_fmt)
        cell = table.cellAt(r, 1).firstCursorPosition()
        cell.insertText(
            value.replace("\n", LINE_SEPARATOR), note_fmt if label == "Note" else value_fmt
        )
    w.after_object()

    body_block = _block(after=6, line_height=styles.LINE_HEIGHT_PERCENT, justify=True)
    body_char = _char(styles.BODY_PT, serif=True)
    frames: list[tuple[ImageInfo, QTextFrame]] = []
    images = sorted(article.images, key=lambda i: (i.paragraph_index, i.position))
    pending = list(images)
    for index, para in enumerate(article.paragraphs):
        while pending and pending[0].paragraph_index <= index:
            image = pending.pop(0)
            frames.append((image, _image_block(w, image)))
        w.paragraph(para, body_block, body_char)
    for image in pending:
        frames.append((image, _image_block(w, image)))
    doc.pageCount()  # lays the document out
    return ArticleLayout(doc, frames, geometry.body_height)


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


def _image_block(w: _Writer, image: ImageInfo) -> QTextFrame:
    fmt = QTextFrameFormat()
    fmt.setBorder(pt(0.6))
    fmt.setBorderBrush(QBrush(styles.RULE))
    fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    fmt.setPadding(pt(6))
    fmt.setLeftMargin(pt(18))
    fmt.setRightMargin(pt(18))
    fmt.setTopMargin(pt(3))
    fmt.setBottomMargin(pt(9))
    fmt.setBackground(QBrush(styles.IMAGE_BOX))
    frame = w.cursor.insertFrame(fmt)
    w._fresh = True
    w.paragraph(
        f"IMAGE {image.position + 1}", _block(after=2), _char(6.5, bold=True, color=styles.ACCENT)
    )
    caption = image.caption.strip() or "(no caption)"
    w.paragraph(caption, _block(after=3, line_height=120), _char(9, italic=not image.caption))
    small = _char(8, color=styles.MUTED)
    if image.credit:
        w.paragraph(f"Credit: {image.credit}", _block(), small)
    line = virin_line(image)
    if line:
        w.paragraph(line, _block(), small)
    w.after_object()
    return frame
