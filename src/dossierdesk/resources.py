"""Where the bundled resources (fonts, icons) live: inside the installed package or the repository.

Kept free of Qt so the core and the CLI can locate files without importing PySide6.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """A data folder shipped with the program (``resources``, ``seeds``):
    ``dossierdesk/_data/<name>`` in a wheel, a PyInstaller bundle's ``_MEIPASS`` copy, or the
    repository's top-level ``<name>/`` in a source checkout."""
    candidates = [_PACKAGE_DIR / "_data" / name]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "dossierdesk" / "_data" / name)
    candidates.append(_PACKAGE_DIR.parent.parent / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def resources_dir() -> Path:
    """The ``resources/`` tree (fonts, icons, the user guide in ``help/``)."""
    return data_dir("resources")


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def icons_dir() -> Path:
    return resources_dir() / "icons"
