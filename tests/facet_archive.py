"""A small archive whose sources, authors and dates exercise the sidebar facets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dossierdesk.service import Archive
from dossierdesk.service.editing import ArticleEdit

#: (source, authors, published) of each article.
FACET_ARTICLES: tuple[tuple[str | None, tuple[str, ...], dt.date | None], ...] = (
    ("DOD News", ("Senior Airman Jane Roe",), dt.date(2024, 11, 18)),
    ("DOD News", ("David Vergun",), dt.date(2024, 6, 5)),
    ("DoD News", ("Airman 1st Class Zed Adams",), dt.date(2023, 12, 31)),
    ("D.O.D. News", ("Staff Sgt. Mary Baker",), None),
    ("Army News Service", ("Joe Lacdan",), dt.date(2023, 5, 1)),
    ("Army News Service", (), None),
    (None, ("Army Sgt. 1st Class Tyrone C. Marshall Jr.",), None),
)


def fill_facet_archive(archive: Archive, folder: Path) -> list[int]:
    """Import one plain-text article per ``FACET_ARTICLES`` entry and give it those fields."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(len(FACET_ARTICLES)):
        (folder / f"a{i}.txt").write_text(
            f"Facet article {i}\n\nBody of facet article number {i} about readiness.\n",
            encoding="utf-8",
        )
    report = archive.import_paths([folder])
    ids = sorted(report.imported_ids)
    assert len(ids) == len(FACET_ARTICLES)
    for article_id, (source, authors, published) in zip(ids, FACET_ARTICLES, strict=True):
        edit = ArticleEdit.from_detail(archive.article(article_id))
        edit = ArticleEdit(
            title=edit.title,
            published=published,
            authors=authors,
            source=source,
            dateline=None,
            url=None,
            images=edit.images,
        )
        archive.update_article(article_id, edit)
    return ids
