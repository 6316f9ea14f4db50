"""Page geometry in layout units (1/1200 inch), the same for every paint device.

All layout happens in these units so that a PDF at 1200 dpi, a printer at 600 dpi and a print
preview at screen resolution get exactly the same line breaks and page count; the renderer scales
the painter from layout units to the device's resolution.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPageSize

UNITS_PER_INCH = 1200.0


def pt(points: float) -> float:
    """Typographic points (1/72 inch) to layout units."""
    return points * UNITS_PER_INCH / 72.0


def mm(millimetres: float) -> float:
    """Millimetres to layout units."""
    return millimetres * UNITS_PER_INCH / 25.4


def to_points(units: float) -> float:
    """Layout units to PDF points."""
    return units * 72.0 / UNITS_PER_INCH


PAGE_SIZE_IDS = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


@dataclass(frozen=True, slots=True)
class PageGeometry:
    """Where things go on a page (layout units, origin at the top-left corner of the sheet)."""

    page_size: str
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @property
    def body(self) -> QRectF:
        return QRectF(
            self.left,
            self.top,
            self.width - self.left - self.right,
            self.height - self.top - self.bottom,
        )

    @property
    def body_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def body_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def header_baseline(self) -> float:
        return self.top - mm(8)

    @property
    def header_rule(self) -> float:
        return self.top - mm(6)

    @property
    def footer_baseline(self) -> float:
        return self.height - self.bottom + mm(10)


def page_geometry(page_size: str) -> PageGeometry:
    """Sheet size and printing margins: 20 mm sides and bottom, 25 mm top for the header."""
    try:
        size_id = PAGE_SIZE_IDS[page_size]
    except KeyError:
        raise ValueError(f"unknown page size {page_size!r} (A4 or Letter)") from None
    size = QPageSize(size_id).size(QPageSize.Unit.Millimeter)
    return PageGeometry(
        page_size=page_size,
        width=mm(size.width()),
        height=mm(size.height()),
        left=mm(20),
        right=mm(20),
        top=mm(25),
        bottom=mm(20),
    )
