"""Drag-and-drop payloads: article ids as a JSON list of ints under two MIME types."""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import QMimeData

log = logging.getLogger(__name__)

# Dragged from the main article table (or any list of articles): add these articles.
ARTICLE_IDS_MIME = "application/x-dossierdesk-article-ids"
# Dragged from a dossier's own entry list: reorder within that dossier (carries the dossier id).
DOSSIER_ENTRIES_MIME = "application/x-dossierdesk-dossier-entries"

_MAX_IDS = 1_000_000


def encode_article_ids(ids: list[int], mime: QMimeData | None = None) -> QMimeData:
    """``mime`` (a new one by default) carrying ``ids`` under :data:`ARTICLE_IDS_MIME`."""
    mime = mime or QMimeData()
    mime.setData(ARTICLE_IDS_MIME, json.dumps([int(i) for i in ids]).encode("ascii"))
    return mime


def encode_dossier_entries(dossier_id: int, ids: list[int], mime: QMimeData) -> QMimeData:
    payload = {"dossier": int(dossier_id), "ids": [int(i) for i in ids]}
    mime.setData(DOSSIER_ENTRIES_MIME, json.dumps(payload).encode("ascii"))
    return mime


def _int_list(value: object) -> list[int] | None:
    if not isinstance(value, list) or len(value) > _MAX_IDS:
        return None
    if not all(isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in value):
        return None
    return list(value)


def decode_article_ids(mime: QMimeData | None) -> list[int] | None:
    """The ids of an :data:`ARTICLE_IDS_MIME` payload; None if absent or malformed."""
    if mime is None or not mime.hasFormat(ARTICLE_IDS_MIME):
        return None
    try:
        value = json.loads(bytes(mime.data(ARTICLE_IDS_MIME).data()).decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        log.warning("ignoring a malformed %s payload", ARTICLE_IDS_MIME)
        return None
    return _int_list(value)


def decode_dossier_entries(mime: QMimeData | None) -> tuple[int, list[int]] | None:
    """``(dossier id, article ids)`` of a :data:`DOSSIER_ENTRIES_MIME` payload, else None."""
    if mime is None or not mime.hasFormat(DOSSIER_ENTRIES_MIME):
        return None
    try:
        value = json.loads(bytes(mime.data(DOSSIER_ENTRIES_MIME).data()).decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get("dossier"), int):
        return None
    ids = _int_list(value.get("ids"))
    return None if ids is None else (int(value["dossier"]), ids)
