"""What a drop (or paste) means: classify ``QMimeData`` into files to import, in-memory
documents to import, or a refusal to explain to the user.

Local file URLs (files, folders, zips) are imported from disk. A web page dragged from a browser
arrives as ``text/html`` and is imported as a document named ``dropped.html``; bare text becomes
``dropped.txt``. A link to a page that is not on disk is refused: Dossier Desk never fetches
anything from the network. Articles dragged (or copied) from the app's own table carry their
ids: dropping them on the window imports nothing (their citations and original files are for
other programs).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl

from dossierdesk.gui.dossiers.mime import ARTICLE_IDS_MIME
from dossierdesk.gui.i18n import QT_TRANSLATE_NOOP

NO_DOWNLOAD_MESSAGE = QT_TRANSLATE_NOOP(
    "Drops",
    "Dossier Desk does not download pages: save the page (Ctrl+S in the browser) "
    "and drop the saved file.",
)
DROPPED_HTML = "dropped.html"
DROPPED_TEXT = "dropped.txt"


def _utf8(text: str) -> bytes:
    """Dropped text arrives decoded; a UTF-8 BOM makes the bytes say so, overriding the page's
    own ``<meta charset>`` (a page saved as UTF-16 says so), since importers honour a BOM first."""
    return codecs.BOM_UTF8 + text.encode("utf-8")


@dataclass(frozen=True, slots=True)
class DropPlan:
    """Files to import from disk, documents to import from memory, or why nothing is."""

    paths: tuple[Path, ...] = ()
    documents: tuple[tuple[str, bytes], ...] = ()
    refusal: str | None = None

    @property
    def importable(self) -> bool:
        return bool(self.paths or self.documents)

    @property
    def empty(self) -> bool:
        return not (self.importable or self.refusal)


def _looks_like_link(text: str) -> bool:
    """A single word that is a web address (what dragging a link as text gives)."""
    words = text.split()
    if len(words) != 1:
        return False
    word = words[0]
    url = QUrl(word)
    web = url.isValid() and url.scheme().lower() in {"http", "https", "ftp"}
    return web or word.lower().startswith("www.")


def classify_mime(mime: QMimeData | None) -> DropPlan:
    """Decide what dropping ``mime`` imports; never reads the files themselves."""
    if mime is None or mime.hasFormat(ARTICLE_IDS_MIME):
        return DropPlan()
    if mime.hasUrls():
        urls = list(mime.urls())
        local = tuple(Path(u.toLocalFile()) for u in urls if u.isLocalFile())
        if local:
            return DropPlan(paths=local)
        if any(u.scheme().lower() not in {"", "file"} for u in urls):
            # A link dragged from a browser also carries its anchor as text/html: not a page.
            return DropPlan(refusal=NO_DOWNLOAD_MESSAGE)
    if mime.hasHtml():
        html = mime.html()
        if html.strip():
            return DropPlan(documents=((DROPPED_HTML, _utf8(html)),))
    if mime.hasText():
        text = mime.text()
        if _looks_like_link(text):
            return DropPlan(refusal=NO_DOWNLOAD_MESSAGE)
        if text.strip():
            return DropPlan(documents=((DROPPED_TEXT, _utf8(text)),))
    return DropPlan()
