"""Dossiers in the desktop window: controller (undoable changes), the dossier page and
drag-and-drop payloads (the sidebar lists dossiers through ``gui.models.sidebar``). See
README.md in this folder for the wiring.

The names below are loaded from their modules on first use, so that importing one module of
the package (``mime`` for a drag, ``controller`` for the window) does not load the dossier
page's view and models before the window's first paint.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dossierdesk.gui.dossiers.commands import DossierProperties
    from dossierdesk.gui.dossiers.controller import DossierController
    from dossierdesk.gui.dossiers.dialogs import DossierPropertiesDialog
    from dossierdesk.gui.dossiers.entries_model import DossierEntriesModel, EntryRow
    from dossierdesk.gui.dossiers.mime import (
        ARTICLE_IDS_MIME,
        DOSSIER_ENTRIES_MIME,
        decode_article_ids,
        encode_article_ids,
    )
    from dossierdesk.gui.dossiers.view import DossierView

_MODULES = {
    "ARTICLE_IDS_MIME": "mime",
    "DOSSIER_ENTRIES_MIME": "mime",
    "DossierController": "controller",
    "DossierEntriesModel": "entries_model",
    "DossierProperties": "commands",
    "DossierPropertiesDialog": "dialogs",
    "DossierView": "view",
    "EntryRow": "entries_model",
    "decode_article_ids": "mime",
    "encode_article_ids": "mime",
}

__all__ = [
    "ARTICLE_IDS_MIME",
    "DOSSIER_ENTRIES_MIME",
    "DossierController",
    "DossierEntriesModel",
    "DossierProperties",
    "DossierPropertiesDialog",
    "DossierView",
    "EntryRow",
    "decode_article_ids",
    "encode_article_ids",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
