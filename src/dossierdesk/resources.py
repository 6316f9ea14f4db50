"""Where the bundled resources (fonts, icons) live: inside the installed package or the repository.

Kept free of Qt so the core and the CLI can locate files without importing PySide6.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent

# Here rather than in ``desktop`` (which installs the files naming them), so that the GUI can
# name itself without loading that module's tools.
APP_ID = "io.github.dossierdesk.DossierDesk"
"""Desktop file id (without ``.desktop``), AppStream component id, MIME package name. The GUI's
``QGuiApplication.setDesktopFileName`` must use the same so shells match windows to it."""
ICON_NAME = "dossierdesk"


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
