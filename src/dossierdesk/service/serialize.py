"""JSON- and CSV-ready dictionaries of articles (the CLI's output format)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dossierdesk.service.dto import ArticleDetail, ImageInfo, ImportOutcome, PhotoInfo

CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "published",
    "authors",
    "byline",
    "source",
    "dateline",
    "url",
    "word_count",
    "tags",
    "source_file",
    "format",
    "imported_at",
    "image_count",
    "virins",
    "credits",
)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def image_json(img: ImageInfo) -> dict[str, Any]:
    return {
        "caption": img.caption,
        "credit": img.credit,
        "virin": img.virin,
        "virin_valid": img.virin_valid,
        "virin_problem": img.virin_problem,
        "virin_date": _iso(img.virin_date),
        "virin_service": img.virin_service_name,
        "virin_service_code": img.virin_service,
        "virin_originator": img.virin_originator,
        "download_size": img.download_size,
        "url": img.url,
        "paragraph_index": img.paragraph_index,
        "photo": None
        if img.photo is None
        else {
            "sha256": img.photo.sha256,
            "mime": img.photo.mime,
            "width": img.photo.width,
            "height": img.photo.height,
            "bytes": img.photo.bytes,
        },
    }


def photo_json(photo: PhotoInfo) -> dict[str, Any]:
    """A photo record as ``dossierdesk-cli photos --json`` prints it."""
    return {
        "id": photo.id,
        "virin": photo.virin,
        "caption": photo.caption,
        "credit": photo.credit,
        "width": photo.width,
        "height": photo.height,
        "bytes": photo.bytes,
        "article_id": photo.article_ids[0] if photo.article_ids else None,
        "article_ids": list(photo.article_ids),
        "mime": photo.mime,
        "sha256": photo.sha256,
        "file": photo.name,
        "file_name_virin": photo.file_name_virin,
        "embedded_virin": photo.embedded_virin,
        "virin_note": photo.virin_note,
        "title": photo.title,
        "byline": photo.byline,
        "date_created": _iso(photo.date_created),
    }


def article_json(article: ArticleDetail, *, body: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "published": _iso(article.published),
        "authors": list(article.authors),
        "byline": article.byline,
        "source": article.source,
        "dateline": article.dateline,
        "url": article.url,
        "word_count": article.word_count,
        "tags": list(article.tags),
        "source_file": article.source_name,
        "format": article.format,
        "imported_at": article.imported_at.isoformat(),
        "images": [image_json(i) for i in article.images],
    }
    if body:
        data["body"] = article.body
    return data


def article_csv_row(article: ArticleDetail) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "published": _iso(article.published) or "",
        "authors": "; ".join(article.authors),
        "byline": article.byline or "",
        "source": article.source or "",
        "dateline": article.dateline or "",
        "url": article.url or "",
        "word_count": article.word_count,
        "tags": "; ".join(article.tags),
        "source_file": article.source_name,
        "format": article.format,
        "imported_at": article.imported_at.isoformat(),
        "image_count": len(article.images),
        "virins": "; ".join(i.virin for i in article.images if i.virin),
        "credits": "; ".join(i.credit for i in article.images if i.credit),
    }


def outcome_json(outcome: ImportOutcome) -> dict[str, Any]:
    return {
        "file": outcome.file,
        "status": outcome.status.value,
        "id": outcome.id,
        "message": outcome.message,
        "title": outcome.title,
        "kind": outcome.kind,
    }
