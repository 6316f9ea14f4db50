"""The reader pane: one article rendered from escaped text, with search matches highlighted.

Everything shown comes from the archive and is untrusted: every string goes through
``html.escape`` before it enters the HTML given to Qt, links are never followed by the widget
(``setOpenLinks(False)``; the window decides), and ``loadResource`` refuses every resource but
the article's own photos, handed over in memory (``set_photos``), so nothing is ever fetched
(no other images, no style sheets, no network).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QLocale, QPoint, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QPalette,
    QTextDocument,
    QTextTable,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from dossierdesk.fonts import SERIF_FAMILY
from dossierdesk.gui.i18n import QT_TRANSLATE_NOOP, translate
from dossierdesk.gui.match_style import MATCH_STYLE
from dossierdesk.gui.photos.mime import PHOTO_MIME, decode_photo_ids
from dossierdesk.service.dto import ArticleDetail, ImageInfo

PHOTO_SCHEME = "photo"
READER_PHOTO_PX = 1600  # long side of the renditions shown in the reader


def highlight_pattern(terms: Sequence[str], query: str = "") -> re.Pattern[str] | None:
    """A regex matching the highlight terms as whole words (or word prefixes for ``term*``)."""
    parts = []
    lowered = query.lower()
    for term in sorted({t for t in terms if t.strip()}, key=len, reverse=True):
        words = [re.escape(w) for w in term.split()]
        body = r"\W+".join(words)
        tail = r"\w*" if f"{term.lower()}*" in lowered else r"(?!\w)"
        parts.append(rf"(?<!\w){body}{tail}")
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def marked(text: str, pattern: re.Pattern[str] | None, style: str) -> str:
    """``text`` escaped for HTML, with the matches of ``pattern`` wrapped in a styled span."""
    if pattern is None:
        return html.escape(text)
    out, last = [], 0
    for m in pattern.finditer(text):
        if m.end() == m.start():
            continue
        out.append(html.escape(text[last : m.start()]))
        out.append(f'<span style="{style}">{html.escape(m.group())}</span>')
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


class ReaderPane(QTextBrowser):
    linkRequested = Signal(QUrl)  # the user clicked the article's URL
    photoClicked = Signal(int)  # photo id: the user clicked an image's photo
    photoDropped = Signal(int, int)  # image id, photo id: a photo dropped on an image box

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName(translate("Reader", "Article reader"))
        self.anchorClicked.connect(self._on_anchor)
        self.article_id: int | None = None
        # Photos of the article shown, by SHA-256: JPEG renditions made off the GUI thread.
        self._photos: dict[str, QImage] = {}
        self._photo_ids: dict[str, int] = {}  # photo id by SHA-256, for clicks
        self._boxes: list[int | None] = []  # image id of each image box, in document order
        self.setAcceptDrops(True)
        self.show_placeholder()

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == PHOTO_SCHEME:
            photo_id = self._photo_ids.get(url.path())
            if photo_id is not None:
                self.photoClicked.emit(photo_id)
            return
        self.linkRequested.emit(url)

    # -- dropping a photo on an image ------------------------------------------------------
    def image_at(self, pos: QPoint) -> int | None:
        """The id of the article image whose box is at ``pos`` (viewport coordinates)."""
        if self.article_id is None or not self._boxes:
            return None
        table = self.cursorForPosition(pos).currentTable()
        if table is None:
            return None
        tables = [f for f in self.document().rootFrame().childFrames() if isinstance(f, QTextTable)]
        for n, frame in enumerate(tables):
            if frame.firstPosition() == table.firstPosition():
                return self._boxes[n] if n < len(self._boxes) else None
        return None

    def _photo_target(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> int | None:
        if not event.mimeData().hasFormat(PHOTO_MIME):
            return None
        return self.image_at(event.position().toPoint())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(PHOTO_MIME):
            event.acceptProposedAction()  # the move events say where it may land
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(PHOTO_MIME):
            if self._photo_target(event) is not None:
                event.acceptProposedAction()
            else:
                event.ignore()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if event.mimeData().hasFormat(PHOTO_MIME):
            image_id = self._photo_target(event)
            ids = decode_photo_ids(event.mimeData())
            if image_id is None or not ids:
                event.ignore()
                return
            event.acceptProposedAction()
            self.photoDropped.emit(image_id, ids[0])
            return
        super().dropEvent(event)

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Only the article's own photos (``photo:SHA256``, prepared in memory); never anything
        else (images, style sheets, remote or local files)."""
        url = QUrl(name) if isinstance(name, str) else name
        if url.scheme() == PHOTO_SCHEME:
            return self._photos.get(url.path())
        return None

    def set_photos(self, photos: dict[str, bytes]) -> None:
        """The photo renditions (JPEG bytes by SHA-256) of the next article shown."""
        self._photos = {}
        ratio = self.devicePixelRatioF()
        for sha, data in photos.items():
            image = QImage.fromData(data)
            if not image.isNull():
                image.setDevicePixelRatio(ratio)
                self._photos[sha] = image

    def show_placeholder(
        self, text: str = QT_TRANSLATE_NOOP("Reader", "Select an article to read it here.")
    ) -> None:
        text = translate("Reader", text)
        self.article_id = None
        self._photos, self._photo_ids, self._boxes = {}, {}, []
        color = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        self.setHtml(f'<p style="color:{color}">{html.escape(text)}</p>')

    def show_article(
        self, detail: ArticleDetail, highlight_terms: Sequence[str] = (), query: str = ""
    ) -> None:
        same = detail.id == self.article_id  # a refresh: keep the reading position
        position = self.verticalScrollBar().value()
        self.article_id = detail.id
        self.setHtml(self.render_html(detail, highlight_terms, query))
        self.verticalScrollBar().setValue(position if same else 0)

    def render_html(
        self, detail: ArticleDetail, highlight_terms: Sequence[str] = (), query: str = ""
    ) -> str:
        palette = self.palette()
        dim = palette.color(QPalette.ColorRole.PlaceholderText).name()
        pattern = highlight_pattern(highlight_terms, query)
        self._boxes = []
        self._photo_ids = {i.photo.sha256: i.photo.id for i in detail.images if i.photo}

        def m(text: str) -> str:
            return marked(text, pattern, MATCH_STYLE)

        serif = html.escape(SERIF_FAMILY)
        parts = [f"<h2 style=\"font-family:'{serif}'\">{m(detail.title)}</h2>"]
        meta = []
        if detail.published:
            d = detail.published
            month = QLocale().standaloneMonthName(d.month)
            date = translate("Reader", "{month} {day}, {year}")
            meta.append(date.format(month=month, day=d.day, year=d.year))
        if detail.byline:
            meta.append(m(detail.byline))
        elif detail.authors:
            meta.append(
                translate("Reader", "By {authors}").format(authors=m(", ".join(detail.authors)))
            )
        if detail.source and (not detail.byline or detail.source not in detail.byline):
            meta.append(m(detail.source))
        if meta:
            parts.append(f'<p style="color:{dim}">{" · ".join(meta)}</p>')
        if detail.url:
            url = html.escape(detail.url, quote=True)
            parts.append(f'<p><a href="{url}">{html.escape(detail.url)}</a></p>')
        if detail.tags:
            chip = (
                f"background-color:{palette.color(QPalette.ColorRole.Highlight).name()};"
                f"color:{palette.color(QPalette.ColorRole.HighlightedText).name()}"
            )
            chips = " ".join(
                f'<span style="{chip}">&nbsp;{html.escape(t)}&nbsp;</span>' for t in detail.tags
            )
            parts.append("<p>" + translate("Reader", "Tags: {tags}").format(tags=chips) + "</p>")
        images: dict[int, list[ImageInfo]] = {}
        for image in detail.images:
            images.setdefault(image.paragraph_index, []).append(image)
        body_style = f"font-family:'{serif}'"
        box = self._image_box_colors()
        for n, paragraph in enumerate(detail.paragraphs):
            parts.extend(
                self._image_html(i, m, dim, box, self._photo_tag(i)) for i in images.pop(n, [])
            )
            text = m(paragraph)
            if n == 0 and detail.dateline:
                text = f"<b>{m(detail.dateline)}</b> — {text}"
            parts.append(f'<p style="{body_style}">{text}</p>')
        for rest in sorted(images):  # images after the last paragraph
            parts.extend(self._image_html(i, m, dim, box, self._photo_tag(i)) for i in images[rest])
        words = detail.word_count
        footer = translate("Reader", "{count} word(s) · imported {when} from {file}", None, words)
        footer = footer.format(
            when=f"{detail.imported_at:%Y-%m-%d %H:%M}", file=html.escape(detail.source_name)
        )
        parts.append(f'<p style="color:{dim}"><small>{footer}</small></p>')
        return "\n".join(parts)

    def _image_box_colors(self) -> tuple[str, str]:
        """(left rule, background tint) for image boxes: the accent colour, and the page colour
        shifted 6% towards it, so the box reads on light and dark palettes alike."""
        palette = self.palette()
        accent = palette.color(QPalette.ColorRole.Highlight)
        base = palette.color(QPalette.ColorRole.Base)
        t = 0.06
        tint = QColor(
            round(base.red() + (accent.red() - base.red()) * t),
            round(base.green() + (accent.green() - base.green()) * t),
            round(base.blue() + (accent.blue() - base.blue()) * t),
        )
        return accent.name(), tint.name()

    def _photo_tag(self, image: ImageInfo) -> str:
        """``<img>`` of the image's photo, scaled to the pane (never enlarged), or ""."""
        self._boxes.append(image.id)  # called once per image box, in document order
        photo = self._photos.get(image.photo.sha256) if image.photo is not None else None
        if photo is None or image.photo is None:
            return ""
        natural = photo.width() / photo.devicePixelRatio()
        width = int(min(natural, max(120, self.viewport().width() - 60)))
        url = f"{PHOTO_SCHEME}:{image.photo.sha256}"
        return f'<a href="{url}"><img src="{url}" width="{width}"></a><br>'

    @staticmethod
    def _image_html(
        image: ImageInfo, m: Any, dim: str, colors: tuple[str, str], photo: str = ""
    ) -> str:
        lines = []
        caption = image.caption.strip() or translate("Reader", "(image without caption)")
        lines.append(f"<i>{m(caption)}</i>")
        details = []
        if image.credit:
            details.append(translate("Reader", "Credit: {credit}").format(credit=m(image.credit)))
        if image.virin:
            virin = f"VIRIN: {m(image.virin)}"
            decoded = []
            if image.virin_date:
                decoded.append(
                    translate("Reader", "shot {date}").format(date=image.virin_date.isoformat())
                )
            if image.virin_service_name or image.virin_service:
                decoded.append(html.escape(image.virin_service_name or image.virin_service or ""))
            if image.virin_valid is False and image.virin_problem:
                decoded.append(
                    translate("Reader", "invalid: {problem}").format(
                        problem=html.escape(image.virin_problem)
                    )
                )
            if decoded:
                virin += f" ({', '.join(decoded)})"
            details.append(virin)
        if details:
            lines.append(f'<span style="color:{dim}">{" · ".join(details)}</span>')
        rule, tint = colors
        # One thin rule on the left and a tinted cell (no table border: Qt would draw both the
        # table's and the cell's frame, a heavy double line).
        return (
            '<table width="100%" border="0" cellspacing="0" cellpadding="0" '
            'style="margin-top:6px;margin-bottom:6px">'
            f'<tr><td width="3" bgcolor="{rule}"></td>'
            f'<td bgcolor="{tint}" style="padding:6px 8px">'
            + (photo if photo else translate("Reader", "[Image]") + " ")
            + "<br>".join(lines)
            + "</td></tr></table>"
        )

    def document_text(self) -> str:
        doc: QTextDocument = self.document()
        return doc.toPlainText()
