"""``dossierdesk-cli photos``: photo records, or their original files written to a folder."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossierdesk.cli.common import EXIT_OK, EXIT_REJECTED, parse_ids
from dossierdesk.file_names import PHOTO_EXTENSIONS, safe_file_name

if TYPE_CHECKING:
    from dossierdesk.service.archive import Archive


def add_parser(sub: Any) -> None:
    p = sub.add_parser("photos", help="list photo records, or write their originals")
    p.add_argument(
        "--query", "-q", default="", help="photos of the articles found ('virin:X' finds any)"
    )
    p.add_argument("--ids", type=parse_ids, default=None, help="photo ids")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--out", type=Path, default=None, help="write the original files into this folder"
    )


def run(archive: Archive, args: argparse.Namespace) -> int:
    photos = archive.photos(args.query or None, ids=args.ids)
    if args.ids is not None:
        found = {p.id for p in photos}
        missing = [i for i in args.ids if i not in found]
        for photo_id in missing:
            print(f"dossierdesk-cli: no photo #{photo_id}", file=sys.stderr)
    else:
        missing = []
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        for photo in photos:
            data = archive.photo_data(photo.sha256)
            if data is None:
                continue
            target = args.out / _photo_file_name(photo, used)
            target.write_bytes(data)
            print(f"#{photo.id}\t{target}")
        print(f"wrote {len(photos)} photos to {args.out}", file=sys.stderr)
    elif args.json:
        from dossierdesk.service.serialize import photo_json

        print(json.dumps([photo_json(p) for p in photos], ensure_ascii=False, indent=2))
    else:
        for p in photos:
            where = f"article #{p.article_ids[0]}" if p.article_ids else "standalone"
            label = p.virin or p.name
            print(f"{p.id:>6}  {label}  {p.width}×{p.height}  {where}  {p.caption or ''}".rstrip())
        print(f"{len(photos)} photos", file=sys.stderr)
    return EXIT_REJECTED if missing else EXIT_OK


def _photo_file_name(photo: Any, used: set[str]) -> str:
    """``VIRIN.ext`` (the extension from the bytes' format), else the imported file's stem;
    made unique among ``used`` and free of path separators."""
    stem = safe_file_name(photo.virin or Path(photo.name).stem or f"photo-{photo.id}", "photo")
    ext = PHOTO_EXTENSIONS.get(photo.mime, (".img",))[0]
    name, n = f"{stem}{ext}", 1
    while name.lower() in used:
        n += 1
        name = f"{stem}-{n}{ext}"
    used.add(name.lower())
    return name
