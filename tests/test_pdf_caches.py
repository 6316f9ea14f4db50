"""The caches of the PDF export (shared fonts and formats, box rectangles, credits cells kept
between layout and painting) give the same pages as building everything afresh."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QImage, QPainter, QTextFormat

from dossierdesk.pdf import DossierEntry, credits
from dossierdesk.pdf.article_layout import ArticleLayout, build_article
from dossierdesk.pdf.geometry import page_geometry
from dossierdesk.service.dto import ArticleDetail, ImageInfo

GEOMETRY = page_geometry("A4")


def _image(position: int, paragraph_index: int, caption: str) -> ImageInfo:
    return ImageInfo(
        position=position,
        paragraph_index=paragraph_index,
        caption=caption,
        credit="Staff Sgt. Jane Doe",
        virin=f"241118-D-KY598-10{position:02d}",
        virin_valid=True,
        virin_problem=None,
        virin_date=dt.date(2024, 11, 18),
        virin_service="D",
        virin_service_name="Department of Defense",
        virin_originator="KY598",
        download_size=None,
        url=None,
    )


def _entry(article_id: int, paragraphs: int, images: int) -> DossierEntry:
    body = tuple(
        " ".join(f"Sentence {n} of paragraph {k} about readiness and logistics." for n in range(9))
        for k in range(paragraphs)
    )
    pictures = tuple(
        _image(i, (i * 3) % paragraphs, "A long caption for the picture " * (3 + i % 4))
        for i in range(images)
    )
    article = ArticleDetail(
        id=article_id,
        title=f"Article {article_id}",
        published=dt.date(2024, 1, 1 + article_id),
        byline="By David Vergun, DOD News",
        authors=("David Vergun",),
        source="DOD News",
        dateline="WASHINGTON",
        url=f"https://www.defense.gov/News/Article/{article_id}/",
        paragraphs=body,
        word_count=sum(len(p.split()) for p in body),
        tags=("readiness",),
        source_name=f"article{article_id}.txt",
        format="crawler_text",
        imported_at=dt.datetime(2026, 11, 1),
        images=pictures,
    )
    return DossierEntry(article, "Read first." if article_id % 2 else None)


def _fingerprint(laid: ArticleLayout) -> list[tuple[object, ...]]:
    out = []
    block = laid.document.begin()
    while block.isValid():
        fmt = block.blockFormat()
        layout = block.layout()
        out.append(
            (
                block.text(),
                fmt.pageBreakPolicy(),
                fmt.topMargin(),
                fmt.bottomMargin(),
                fmt.leftMargin(),
                fmt.textIndent(),
                layout.position().y(),
                layout.lineCount(),
            )
        )
        block = block.next()
    return out


def test_shared_formats_are_never_changed_by_one_article(qapp: object) -> None:
    # An article whose image blocks get moved to the next page changes its own block formats
    # (page breaks); an article built before and after it must come out the same.
    plain = _entry(1, 4, 0)
    first = _fingerprint(build_article(plain, GEOMETRY))
    moved = build_article(_entry(2, 40, 14), GEOMETRY)
    policies = [row[1] for row in _fingerprint(moved)]
    assert QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore in policies  # the case happened
    assert _fingerprint(build_article(plain, GEOMETRY)) == first


def test_box_rectangles_follow_the_final_layout(qapp: object) -> None:
    laid = build_article(_entry(3, 40, 14), GEOMETRY)
    assert laid.box_rects() == laid._box_rects()
    assert len(laid.box_rects()) == 1 + 14  # metadata box and one per image


def _paint_credits(layout: credits.CreditsLayout, index: int) -> QImage:
    image = QImage(600, 850, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.scale(600 / GEOMETRY.width, 850 / GEOMETRY.height)
    credits.paint_page(painter, GEOMETRY, layout, index)
    painter.end()
    return image


def test_credit_rows_past_the_kept_budget_paint_the_same(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        credits.CreditRow.from_image(_image(i, 0, "Caption words " * (i % 9 + 1)), "Title", 3)
        for i in range(30)
    ]
    kept_all = credits.layout_credits(rows, GEOMETRY)
    monkeypatch.setattr(credits, "KEEP_CELLS_ROWS", 4)
    kept_few = credits.layout_credits(rows, GEOMETRY)
    flat = [row for page in kept_few.pages for row in page]
    assert [row.kept is not None for row in flat] == [n < 4 for n in range(30)]
    assert [[r.height for r in p] for p in kept_few.pages] == [
        [r.height for r in p] for p in kept_all.pages
    ]
    for index in range(len(kept_all.pages)):
        assert _paint_credits(kept_few, index) == _paint_credits(kept_all, index)
