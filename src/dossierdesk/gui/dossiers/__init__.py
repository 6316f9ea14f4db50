"""Dossiers in the desktop window: controller (undoable changes), the dossier page and
drag-and-drop payloads (the sidebar lists dossiers through ``gui.models.sidebar``). See
README.md in this folder for the wiring."""

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
