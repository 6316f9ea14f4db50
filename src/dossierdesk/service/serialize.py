"""JSON- and CSV-ready dictionaries of articles (the CLI's output format), and the metadata
export both the CLI (``export-metadata``) and the window (Export Selection) write."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

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


METADATA_FORMATS = ("csv", "json")


def write_metadata(
    articles: Iterable[ArticleDetail],
    fmt: str,
    out: TextIO,
    *,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Write the articles' metadata (no bodies) to ``out`` as CSV (``CSV_COLUMNS``, a header
    row first) or as a JSON list of ``article_json`` objects; returns how many were written.
    ``out`` should be opened with ``newline=""`` for CSV. ``should_stop`` is asked before each
    article: when it answers True the writing ends there (the file is then incomplete)."""
    if fmt not in METADATA_FORMATS:
        raise ValueError(f"unknown metadata format {fmt!r} (known: {', '.join(METADATA_FORMATS)})")
    n = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS))
        writer.writeheader()
        for article in articles:
            if should_stop is not None and should_stop():
                break
            writer.writerow(article_csv_row(article))
            n += 1
        return n
    out.write("[")
    for article in articles:
        if should_stop is not None and should_stop():
            break
        out.write(",\n" if n else "\n")
        out.write(json.dumps(article_json(article, body=False), ensure_ascii=False))
        n += 1
    out.write("\n]\n")
    return n


def outcome_json(outcome: ImportOutcome) -> dict[str, Any]:
    return {
        "file": outcome.file,
        "status": outcome.status.value,
        "id": outcome.id,
        "message": outcome.message,
        "title": outcome.title,
        "kind": outcome.kind,
    }
