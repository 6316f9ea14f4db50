"""``dossierdesk-cli list``, ``show``, ``tags`` and ``stats``: the commands that only read.

Each takes an ``Archive`` or, on an archive at the current schema, an ``ArchiveReader``, which
loads no SQLAlchemy (``cli.main`` chooses; see its ``READ_COMMANDS`` and ``_reader``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from dossierdesk.cli.common import EXIT_OK, EXIT_REJECTED, UsageError
from dossierdesk.query.errors import QuerySyntaxError

if TYPE_CHECKING:
    from dossierdesk.service.archive import Archive
    from dossierdesk.service.reader import ArchiveReader

    Reading = Archive | ArchiveReader


def cmd_list(archive: Reading, args: argparse.Namespace) -> int:
    sort = args.sort or "auto"
    try:
        result = archive.search(args.query, sort=sort, offset=args.offset, limit=args.limit)
    except ValueError as exc:
        if isinstance(exc, QuerySyntaxError):
            raise
        raise UsageError(str(exc)) from None
    if args.json:
        from dossierdesk.service.serialize import article_json

        sys.stdout.write("[")
        for n, article in enumerate(archive.articles(result.ids)):
            sys.stdout.write(",\n" if n else "\n")
            sys.stdout.write(json.dumps(article_json(article), ensure_ascii=False))
        sys.stdout.write("\n]\n")
        return EXIT_OK
    for row in archive.summaries(result.ids):
        date = row.published.isoformat() if row.published else "----------"
        who = ", ".join(row.authors) or (row.source or "")
        print(f"{row.id:>6}  {date}  {row.title}  —  {who}")
    shown = len(result.ids)
    more = f" (showing {shown})" if shown != result.total else ""
    print(f"{result.total} articles{more}", file=sys.stderr)
    return EXIT_OK


def cmd_show(archive: Reading, args: argparse.Namespace) -> int:
    try:
        article = archive.article(args.id)
    except KeyError:
        print(f"dossierdesk-cli: no article #{args.id}", file=sys.stderr)
        return EXIT_REJECTED
    if args.json:
        from dossierdesk.service.serialize import article_json

        print(json.dumps(article_json(article), ensure_ascii=False, indent=2))
        return EXIT_OK
    lines = [f"#{article.id}  {article.title}"]
    for label, value in (
        ("Published", article.published.isoformat() if article.published else None),
        ("Byline", article.byline),
        ("Authors", ", ".join(article.authors) or None),
        ("Source", article.source),
        ("Dateline", article.dateline),
        ("URL", article.url),
        ("Tags", ", ".join(article.tags) or None),
        ("File", f"{article.source_name} ({article.format})"),
        ("Words", str(article.word_count)),
    ):
        if value:
            lines.append(f"{label + ':':<11}{value}")
    lines.append("")
    images = list(article.images)
    for index, para in enumerate(article.paragraphs):
        while images and images[0].paragraph_index <= index:
            lines.extend(_image_lines(images.pop(0)))
        lines.extend([para, ""])
    for img in images:
        lines.extend(_image_lines(img))
    print("\n".join(lines).rstrip())
    return EXIT_OK


def _image_lines(img: Any) -> list[str]:
    out = [f"  [image {img.position + 1}] {img.caption}"]
    if img.credit:
        out.append(f"  Credit: {img.credit}")
    if img.virin:
        decoded = []
        if img.virin_date:
            decoded.append(f"shot {img.virin_date.isoformat()}")
        if img.virin_service_name:
            decoded.append(img.virin_service_name)
        if img.virin_valid is False:
            decoded.append(f"malformed: {img.virin_problem}")
        suffix = f"  ({', '.join(decoded)})" if decoded else ""
        out.append(f"  VIRIN: {img.virin}{suffix}")
    if img.photo is not None:
        p = img.photo
        out.append(f"  Photo: #{p.id} {p.width}×{p.height} {p.mime}, {p.bytes:,} bytes")
    out.append("")
    return out


def cmd_tags(archive: Reading, args: argparse.Namespace) -> int:
    tags = archive.tags()
    if args.json:
        data = [{"name": t.name, "color": t.color, "count": t.count} for t in tags]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for t in tags:
            print(f"{t.count:>6}  {t.name}")
    return EXIT_OK


def cmd_stats(archive: Reading, args: argparse.Namespace) -> int:
    s = archive.stats()
    formats = {f.value: f.count for f in s.formats}
    data: dict[str, Any] = {
        "archive": archive.location,
        "articles": s.articles,
        "images": s.images,
        "virins": s.virins,
        "invalid_virins": s.invalid_virins,
        "tags": s.tags,
        "persons": s.persons,
        "source_files": s.source_files,
        "photos": s.photos,
        "linked_photos": s.linked_photos,
        "dossiers": s.dossiers,
        "first_published": s.first_published.isoformat() if s.first_published else None,
        "last_published": s.last_published.isoformat() if s.last_published else None,
        "file_bytes": s.file_bytes,
        "formats": formats,
    }
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        for key, value in data.items():
            if key == "formats":
                value = ", ".join(f"{k} {v}" for k, v in formats.items()) or "-"
            print(f"{key.replace('_', ' '):<16}{value}")
    return EXIT_OK
