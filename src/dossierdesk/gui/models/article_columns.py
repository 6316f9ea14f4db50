"""The article table's columns and roles, and the text of its cells.

``COLUMNS`` names each column and the service's sort field for it; the roles carry what the
delegates draw (an article's id, its tags as chips, the Match column's snippet with its
matches marked). ``models.article_table`` is the model that reads the rows.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from dossierdesk.gui.i18n import QT_TRANSLATE_NOOP
from dossierdesk.service.dto import ArticleSummary

ID_ROLE = Qt.ItemDataRole.UserRole + 1
TAGS_ROLE = Qt.ItemDataRole.UserRole + 2

# (header, sort field in the service or None when the column cannot be sorted in SQL)
COLUMNS: tuple[tuple[str, str | None], ...] = (
    (QT_TRANSLATE_NOOP("ArticleTable", "Date"), "date"),
    (QT_TRANSLATE_NOOP("ArticleTable", "Title"), "title"),
    (QT_TRANSLATE_NOOP("ArticleTable", "Authors"), None),
    (QT_TRANSLATE_NOOP("ArticleTable", "Source"), "source"),
    (QT_TRANSLATE_NOOP("ArticleTable", "Tags"), None),
    (QT_TRANSLATE_NOOP("ArticleTable", "Images"), "images"),
    (QT_TRANSLATE_NOOP("ArticleTable", "VIRINs"), "virins"),
    (QT_TRANSLATE_NOOP("ArticleTable", "Imported"), "imported"),
    # the body snippet around the words; sorted: by relevance
    (QT_TRANSLATE_NOOP("ArticleTable", "Match"), "relevance"),
)
(
    COL_DATE,
    COL_TITLE,
    COL_AUTHORS,
    COL_SOURCE,
    COL_TAGS,
    COL_IMAGES,
    COL_VIRINS,
    COL_IMPORTED,
    COL_MATCH,
) = range(len(COLUMNS))
#: the raw snippet of ``COL_MATCH``, matches wrapped in U+E000/U+E001 (the delegate draws them)
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 3
MARK_START, MARK_END = "\ue000", "\ue001"


def plain_snippet(raw: str) -> str:
    """A snippet without its match markers."""
    return raw.replace(MARK_START, "").replace(MARK_END, "")


def one_line(raw: str) -> str:
    """A snippet as the table's one line shows it: a window of the body often spans a
    paragraph break (or a caption's line ends), which drawn as they are made a second line,
    clipped by the row; every run of blanks becomes one space (the match markers are not
    blanks, so they stay where they are)."""
    return " ".join(raw.split())


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def cell_text(s: ArticleSummary, column: int) -> str:
    """The text of a row's cell in a column (``DisplayRole``), from its summary."""
    if column == COL_DATE:
        return _date(s.published)
    if column == COL_TITLE:
        return s.title
    if column == COL_AUTHORS:
        return "; ".join(s.authors)
    if column == COL_SOURCE:
        return s.source or ""
    if column == COL_TAGS:
        return ", ".join(s.tags)
    if column == COL_IMAGES:
        return str(s.image_count) if s.image_count else ""
    if column == COL_VIRINS:
        return str(len(s.virins)) if s.virins else ""
    if column == COL_IMPORTED:
        return s.imported_at.strftime("%Y-%m-%d %H:%M")
    return ""
