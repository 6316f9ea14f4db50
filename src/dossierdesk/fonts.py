"""Registers the bundled Noto fonts with Qt (QtGui only: used by the window and the PDF export).

The PySide6 wheels ship no fonts; a machine without fontconfig fonts would otherwise render boxes
or pick a random face; registering our own makes windows and PDFs look the same everywhere.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase, QGuiApplication

from dossierdesk.resources import fonts_dir

log = logging.getLogger(__name__)

UI_FAMILY = "Noto Sans"
SERIF_FAMILY = "Noto Serif"

_registered: set[str] = set()


def register_bundled_fonts() -> set[str]:
    """Add every ``.ttf``/``.otf`` under ``resources/fonts`` to the application font database.

    Needs a QGuiApplication. Idempotent; returns the family names now available.
    """
    if QGuiApplication.instance() is None:
        raise RuntimeError("register_bundled_fonts() needs a QGuiApplication")
    if _registered:
        return set(_registered)
    directory = fonts_dir()
    files = sorted([*directory.glob("*.ttf"), *directory.glob("*.otf")])
    if not files:
        log.warning("no bundled fonts found in %s", directory)
    for path in files:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", path)
            continue
        _registered.update(QFontDatabase.applicationFontFamilies(font_id))
    log.debug("registered font families: %s", sorted(_registered))
    return set(_registered)
