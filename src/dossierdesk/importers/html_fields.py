"""Page-level fields both HTML strategies read: dateline, canonical URL and ``<meta>`` content,
the HTTrack "Mirrored from" address, and the title when the metadata has none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import PurePath

from dossierdesk.importers.dates import search_date
from dossierdesk.importers.html_markup import _SCRIPT_TAGS, _attr, _attr_words, plain_text
from dossierdesk.importers.html_strings import find_all, get_text
from dossierdesk.importers.html_tree import _Page
from dossierdesk.importers.plain_text import split_dateline as text_split_dateline

_DATELINE_ONLY = re.compile(r"(?:--|[–—]|\s-)$")


_HTTRACK = re.compile(r"Mirrored from\s+(?P<url>\S+)\s+by HTTrack", re.IGNORECASE)


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Split "WASHINGTON (AFNS) -- text" into ("WASHINGTON (AFNS)", "text").

    Uses the plain-text importer's rules so that every format agrees on what a dateline is;
    a paragraph that is only a dateline ("WASHINGTON (AFNS) --") gives an empty text.
    """
    dateline, rest, _ = split_dated_dateline(paragraph)
    return dateline, rest


def split_dated_dateline(paragraph: str) -> tuple[str | None, str, dt.date | None]:
    """``split_dateline`` and the date the dateline prints ("WASHINGTON, Jan. 5, 2025 --",
    "REDSTONE ARSENAL, Ala. (May 31, 2022) --"), if any."""
    text = paragraph.strip()
    alone = _DATELINE_ONLY.search(text) is not None
    found = text_split_dateline(f"{text} x" if alone else text)
    if found is None:
        return None, paragraph, None
    return found.text.strip(" ,"), "" if alone else found.rest, found.date


def _published_date(text: str) -> dt.date | None:
    """The date in "/ Published January 14, 2016"."""
    found = search_date(text)
    return found.date if found else None


def _take_dateline(paragraphs: list[str]) -> tuple[str | None, list[str], dt.date | None]:
    """Move a dateline off the first paragraph; a dateline-only paragraph is dropped. Also
    returns the date the dateline prints, if any."""
    if not paragraphs:
        return None, paragraphs, None
    dateline, rest, date = split_dated_dateline(paragraphs[0])
    if dateline is None or (not rest and len(paragraphs) == 1):
        return None, paragraphs, None
    return dateline, ([rest] if rest else []) + paragraphs[1:], date


def _httrack_url(comments: Iterable[str]) -> str | None:
    """HTTrack writes "<!-- Mirrored from host/path by HTTrack ... -->" without the scheme."""
    for comment in comments:
        match = _HTTRACK.search(comment)
        if match:
            url = match.group("url")
            return url if "://" in url else f"http://{url}"
    return None


def _meta_content(page: _Page, *keys: str) -> str | None:
    """The first non-empty ``<meta property|name|itemprop=key content=...>`` among ``keys``."""
    for key in keys:
        content = plain_text(page.meta.get(key.lower(), ""))
        if content:
            return content
    return None


def _meta_url(page: _Page) -> str | None:
    for link in page.live("link"):
        if "canonical" in _attr_words(link, "rel") and (href := _attr(link, "href")):
            return href
    return _meta_content(page, "og:url")


def _fallback_title(page: _Page, name: str) -> str:
    """No metadata title: the first h1 (inside the article if any), else <title>, else file stem."""
    headings = page.live("h1")
    articles = page.live("article")
    inside = [h for h in headings if articles and page.inside(h, articles[0])]
    for heading in (*inside, *headings):
        if text := plain_text(get_text(page, heading, " ")):
            return text
    return _title_tag_text(page) or _stem(name)


def _title_tag_text(page: _Page) -> str | None:
    titles = page.live("title")
    if not titles:
        return None
    for child in find_all(page, titles[0], _SCRIPT_TAGS):
        page.decompose(child)
    # <title> is raw text to an HTML parser: "<script>" inside it may arrive as characters.
    return plain_text(get_text(page, titles[0])) or None


def _stem(name: str) -> str:
    label = name.rsplit("!", 1)[-1]
    return PurePath(label.replace("\\", "/")).stem or label or "Untitled"
