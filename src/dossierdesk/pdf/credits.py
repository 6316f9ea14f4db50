"""Appendix "Image credits": one row per image, the header row repeated on every page."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QPainter, QPen

from dossierdesk.pdf import styles
from dossierdesk.pdf.geometry import PageGeometry, pt
from dossierdesk.pdf.textlines import WrappedText, single_line, wrap
from dossierdesk.service.dto import ImageInfo

COLUMNS: tuple[tuple[str, float], ...] = (
    ("VIRIN", 0.175),
    ("Shot", 0.10),
    ("Service", 0.10),
    ("Credit", 0.145),
    ("Caption", 0.205),
    ("Article", 0.155),
    ("Photo", 0.068),
    ("Page", 0.052),
)
CELL_PAD = pt(2.5)
HEADING_SPACE = pt(58)
CAPTION_EXCERPT = 110
# Rows whose wrapped cells are kept from the layout to the painting (the rest are wrapped again
# when their page is painted): enough for a few hundred articles, a few MB.
KEEP_CELLS_ROWS = 1000
INTRO = (
    "Every image of the dossier with its Visual Information Record Identification Number (VIRIN), "
    "decoded date shot and service, and credit. \u201cPhoto\u201d says whether its photograph "
    "is printed with the article."
)


@dataclass(frozen=True, slots=True)
class CreditRow:
    """One image as printed in the appendix (``page`` is the printed page number)."""

    virin: str
    shot: str
    service: str
    credit: str
    caption: str
    article: str
    page: int
    photo: str = ""  # "yes": printed with the article; "no": stored but left out; "": none

    @staticmethod
    def from_image(
        image: ImageInfo, article_title: str, page: int, *, printed: bool = False
    ) -> CreditRow:
        caption = single_line(image.caption)
        if len(caption) > CAPTION_EXCERPT:
            caption = caption[: CAPTION_EXCERPT - 1].rstrip() + "…"
        title = single_line(article_title)
        if len(title) > 70:
            title = title[:69].rstrip() + "…"
        virin = image.virin or "—"
        if image.virin and image.virin_valid is False:
            virin += " (malformed)"
        return CreditRow(
            virin=virin,
            shot=image.virin_date.isoformat() if image.virin_date else "",
            service=image.virin_service_name or "",
            credit=single_line(image.credit or ""),
            caption=caption,
            article=title,
            page=page,
            photo="yes" if printed else ("no" if image.photo is not None else ""),
        )

    def cells(self) -> tuple[str, ...]:
        return (
            self.virin,
            self.shot,
            self.service,
            self.credit,
            self.caption,
            self.article,
            self.photo,
            str(self.page),
        )


@dataclass(slots=True)
class _Row:
    """A row's texts and height. The wrapped lines are kept for the first
    :data:`KEEP_CELLS_ROWS` rows only (thousands of text layouts would take hundreds of MB);
    the others are laid out again when the row's page is painted."""

    texts: tuple[str, ...]
    height: float
    header: bool = False
    kept: list[WrappedText] | None = None

    def cells(self, geometry: PageGeometry) -> list[WrappedText]:
        if self.kept is not None:
            return self.kept
        return self._wrap(geometry)

    def _wrap(self, geometry: PageGeometry) -> list[WrappedText]:
        f = styles.shared_font(6.8, bold=True) if self.header else styles.shared_font(7.5)
        return [
            wrap(text, f, geometry.body_width * share - 2 * CELL_PAD, line_spacing=1.1)
            for text, (_, share) in zip(self.texts, COLUMNS, strict=True)
        ]


def _layout_row(
    texts: tuple[str, ...], geometry: PageGeometry, *, header: bool, keep: bool = True
) -> _Row:
    row = _Row(texts, 0.0, header)
    cells = row.cells(geometry)
    row.height = max(c.height for c in cells) + 2 * CELL_PAD
    if keep:
        row.kept = cells
    return row


@dataclass(slots=True)
class CreditsLayout:
    header: _Row
    pages: list[list[_Row]]


def layout_credits(rows: list[CreditRow], geometry: PageGeometry) -> CreditsLayout:
    header = _layout_row(tuple(name.upper() for name, _ in COLUMNS), geometry, header=True)
    pages: list[list[_Row]] = [[]]
    used = HEADING_SPACE + header.height
    for n, row in enumerate(rows):
        laid = _layout_row(row.cells(), geometry, header=False, keep=n < KEEP_CELLS_ROWS)
        if pages[-1] and used + laid.height > geometry.body_height:
            pages.append([])
            used = header.height
        pages[-1].append(laid)
        used += laid.height
    return CreditsLayout(header, pages)


def paint_page(
    painter: QPainter, geometry: PageGeometry, layout: CreditsLayout, index: int
) -> None:
    x0 = geometry.left
    y = geometry.top
    width = geometry.body_width
    if index == 0:
        painter.setPen(styles.INK)
        painter.setFont(styles.font(18, bold=True))
        painter.drawText(QRectF(x0, y, width, pt(24)), "Image credits")
        painter.setPen(styles.MUTED)
        intro = wrap(INTRO, styles.font(8.5), width)
        intro.draw(painter, x0, y + pt(28))
        y += HEADING_SPACE
        if not layout.pages[0]:
            painter.setPen(styles.INK)
            wrap("The articles of this dossier carry no images.", styles.font(9), width).draw(
                painter, x0, y
            )
            return
    painter.fillRect(QRectF(x0, y, width, layout.header.height), styles.BOX)
    painter.setPen(styles.ACCENT)
    _paint_row(painter, layout.header.cells(geometry), x0, y, width)
    y += layout.header.height
    painter.setPen(QPen(styles.ACCENT, pt(0.6)))
    painter.drawLine(QLineF(x0, y, x0 + width, y))
    for n, row in enumerate(layout.pages[index]):
        if n % 2:
            painter.fillRect(QRectF(x0, y, width, row.height), styles.IMAGE_BOX)
        painter.setPen(styles.INK)
        _paint_row(painter, row.cells(geometry), x0, y, width)
        y += row.height
        painter.setPen(QPen(styles.BOX, pt(0.4)))
        painter.drawLine(QLineF(x0, y, x0 + width, y))


def _paint_row(
    painter: QPainter, cells: list[WrappedText], x0: float, y: float, width: float
) -> None:
    x = x0
    for cell, (_, share) in zip(cells, COLUMNS, strict=True):
        cell.draw(painter, x + CELL_PAD, y + CELL_PAD)
        x += width * share
