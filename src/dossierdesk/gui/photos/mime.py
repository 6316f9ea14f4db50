"""The drag format of photos dragged from the photo grid (their ids, comma-separated)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

PHOTO_MIME = "application/x-dossierdesk-photo-ids"


def photo_ids_mime(ids: list[int]) -> QMimeData:
    mime = QMimeData()
    mime.setData(PHOTO_MIME, ",".join(str(i) for i in ids).encode("ascii"))
    return mime


def decode_photo_ids(mime: QMimeData) -> list[int]:
    """The photo ids a drag from the grid carries ([] for anything else)."""
    if not mime.hasFormat(PHOTO_MIME):
        return []
    raw = bytes(mime.data(PHOTO_MIME).data()).decode("ascii", "replace")
    return [int(part) for part in raw.split(",") if part.strip().isdigit()][:1000]
