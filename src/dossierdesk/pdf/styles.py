"""Fonts and colours of the printed dossier.

Fonts are sized in pixels of the layout unit (1/1200 inch) rather than in points: a point size
would be resolved against each paint device's resolution and then scaled again by the painter.
"""

from __future__ import annotations

import datetime as dt
import functools

from PySide6.QtGui import QColor, QFont, QFontMetricsF

from dossierdesk.fonts import SERIF_FAMILY, UI_FAMILY
from dossierdesk.month_names import MONTHS
from dossierdesk.pdf.geometry import pt

INK = QColor("#1a1d21")
MUTED = QColor("#5b6470")
RULE = QColor("#9aa3ad")
ACCENT = QColor("#1f3a5f")  # a dark navy for rules and labels
BOX = QColor("#f2f4f7")
IMAGE_BOX = QColor("#f8f9fa")

BODY_PT = 10.5
_NO_LIGATURES = ("liga", "clig", "dlig")
LINE_HEIGHT_PERCENT = 130


def font(size_pt: float, *, serif: bool = False, bold: bool = False, italic: bool = False) -> QFont:
    """The bundled Noto face at ``size_pt`` points, expressed in layout-unit pixels."""
    return QFont(_font(size_pt, serif, bold, italic))  # a copy: callers may change it


def shared_font(
    size_pt: float, *, serif: bool = False, bold: bool = False, italic: bool = False
) -> QFont:
    """Like :func:`font` but the cached instance itself (no copy): callers must not change it.
    Painting thousands of cells and page headers asks for the same few fonts again and again."""
    return _font(size_pt, serif, bold, italic)


@functools.lru_cache(maxsize=64)
def metrics(f: QFont) -> QFontMetricsF:
    """Font metrics of ``f``, cached (QFontMetricsF construction is not free); keyed by the
    font's value, so any equal font shares them."""
    return QFontMetricsF(f)


@functools.lru_cache(maxsize=64)
def _font(size_pt: float, serif: bool, bold: bool, italic: bool) -> QFont:
    f = QFont(SERIF_FAMILY if serif else UI_FAMILY)
    f.setPixelSize(max(1, round(pt(size_pt))))
    f.setBold(bold)
    f.setItalic(italic)
    f.setKerning(True)
    # Hinting snaps glyphs to the device's pixel grid; layout units are not device pixels.
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    f.setStyleStrategy(QFont.StyleStrategy.PreferOutline)
    # Ligatures would extract from the PDF as "ﬀ", "ﬁ"…: searching for "Staff" must find it.
    for tag in _NO_LIGATURES:
        f.setFeature(QFont.Tag(tag), 0)
    return f


def body_font() -> QFont:
    return font(BODY_PT, serif=True)


def format_date(value: object) -> str:
    """``12 November 2024`` (day month year, English month names whatever the locale)."""
    if not isinstance(value, dt.date):
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_month(value: object) -> str:
    if not isinstance(value, dt.date):
        return ""
    return f"{MONTHS[value.month - 1]} {value.year}"
