"""Citations of articles as plain text and as HTML (what a copy or a drag out of the table
carries): pure formatting, no Qt, no archive.

One citation per article, Chicago-like::

    Byline. “Title.” Source, Month D, YYYY. URL.

Missing parts are left out. Every value is untrusted (titles and bylines come from imported
pages): the HTML escapes all of them, and links only ``http``/``https`` addresses (anything
else — ``javascript:``, ``file:`` — is printed as text, never as a link). Citations are
separated by a blank line in plain text, one paragraph each in HTML.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from typing import Protocol

from dossierdesk.month_names import MONTHS

_LINK_SCHEMES = ("http://", "https://")
_END_PUNCTUATION = (".", "?", "!", "…")


class Citable(Protocol):
    """What a citation reads (``CitationInfo`` and ``ArticleDetail`` both have it)."""

    @property
    def title(self) -> str: ...
    @property
    def published(self) -> dt.date | None: ...
    @property
    def byline(self) -> str | None: ...
    @property
    def authors(self) -> Sequence[str]: ...
    @property
    def source(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...


def _clean(value: str | None) -> str:
    """One line, spaces collapsed (untrusted values may hold newlines and control chars)."""
    if not value:
        return ""
    if not value.isprintable():  # rare: only then character by character
        value = "".join(c if c.isprintable() else " " for c in value)
    return " ".join(value.split())


def _sentence(text: str) -> str:
    """``text`` ending with a full stop, unless it ends with punctuation already."""
    return text if text.endswith(_END_PUNCTUATION) else f"{text}."


def format_date(value: dt.date | None) -> str:
    """``Month D, YYYY`` in English, whatever the locale; empty without a date."""
    if value is None:
        return ""
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def names(article: Citable) -> str:
    """The authors ("A", "A and B", "A, B and C"), else the byline without its "By"."""
    authors = [a for a in (_clean(a) for a in article.authors) if a]
    if authors:
        if len(authors) == 1:
            return authors[0]
        return f"{', '.join(authors[:-1])} and {authors[-1]}"
    byline = _clean(article.byline)
    if byline[:3].lower() == "by ":
        byline = byline[3:].strip()
    return byline


def linkable(url: str | None) -> str | None:
    """The URL if it may be a link (http or https, no spaces), else None."""
    url = _clean(url)
    if url.lower().startswith(_LINK_SCHEMES) and " " not in url:
        return url
    return None


def _where_when(article: Citable) -> str:
    """``Source, Month D, YYYY`` (either part may be missing)."""
    return ", ".join(p for p in (_clean(article.source), format_date(article.published)) if p)


def citation_text(article: Citable) -> str:
    """The plain-text citation of one article."""
    parts: list[str] = []
    by = names(article)
    if by:
        parts.append(_sentence(by))
    title = _clean(article.title) or "Untitled"
    parts.append(f"“{_sentence(title)}”")
    where = _where_when(article)
    if where:
        parts.append(f"{where}.")
    url = _clean(article.url)
    if url:
        parts.append(f"{url}.")
    return " ".join(parts)


def citation_html(article: Citable) -> str:
    """The HTML citation of one article: one ``<p>``, every value escaped, the title and the
    address linked when the address is a web address."""
    esc = html.escape
    parts: list[str] = []
    by = names(article)
    if by:
        parts.append(esc(_sentence(by)))
    title = esc(_sentence(_clean(article.title) or "Untitled"))
    link = linkable(article.url)
    href = esc(link, quote=True) if link else None
    parts.append(f'“<a href="{href}">{title}</a>”' if href else f"“{title}”")
    source, date = _clean(article.source), format_date(article.published)
    if source or date:
        where = ", ".join(p for p in (f"<i>{esc(source)}</i>" if source else "", esc(date)) if p)
        parts.append(f"{where}.")
    url = _clean(article.url)
    if href:
        parts.append(f'<a href="{href}">{href}</a>.')
    elif url:
        parts.append(f"{esc(url)}.")
    return "<p>" + " ".join(parts) + "</p>"


def citations_text(articles: Iterable[Citable]) -> str:
    """Plain-text citations, a blank line between them."""
    return "\n\n".join(citation_text(a) for a in articles)


def citations_html(articles: Iterable[Citable]) -> str:
    """An HTML fragment of citations (UTF-8, one paragraph each)."""
    body = "\n".join(citation_html(a) for a in articles)
    return f'<meta charset="utf-8">\n{body}\n' if body else ""
