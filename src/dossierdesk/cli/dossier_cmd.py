"""``dossierdesk-cli dossier …``: create, fill, reorder, annotate and list dossiers.

A dossier is named by its id (``12`` or ``#12``) or by its exact title (case-insensitive).
Positions shown to and taken from people are 1-based (the service counts from 0). Unknown
dossiers, articles or entries exit with 1, bad arguments with 2, as in the rest of the CLI.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from dossierdesk.cli.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, parse_ids
from dossierdesk.query.errors import QuerySyntaxError

if TYPE_CHECKING:
    from dossierdesk.service.archive import Archive
    from dossierdesk.service.dossier_dto import DossierInfo


class _Usage(Exception):
    """Bad arguments found after parsing (exit 2)."""


def add_parser(sub: Any) -> None:
    """Register ``dossier`` and its actions on the CLI's subparsers."""
    p = sub.add_parser("dossier", help="curated, ordered collections of articles")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    ref_help = "dossier id or exact title"

    a = actions.add_parser("create", help="create a dossier (prints its id)")
    a.add_argument("title")
    _add_field_options(a)
    source = a.add_mutually_exclusive_group()
    source.add_argument("--ids", type=parse_ids, help="comma-separated article ids, in order")
    source.add_argument("--query", "-q", help="every article matching this query, oldest first")

    a = actions.add_parser("add", help="add articles (already present ones are skipped)")
    a.add_argument("ref", metavar="DOSSIER", help=ref_help)
    a.add_argument("--ids", type=parse_ids, help="comma-separated article ids")
    a.add_argument("--query", "-q", help="every article matching this query, oldest first")
    a.add_argument("--note", help="note attached to each added article")
    a.add_argument("--at", type=int, default=None, metavar="POS", help="insert at position POS")

    a = actions.add_parser("remove", help="remove articles from a dossier")
    a.add_argument("ref", metavar="DOSSIER", help=ref_help)
    a.add_argument("--ids", type=parse_ids, required=True, help="comma-separated article ids")

    a = actions.add_parser("move", help="move articles to a position (1 = first)")
    a.add_argument("ref", metavar="DOSSIER", help=ref_help)
    a.add_argument(
        "--id", dest="ids", type=parse_ids, required=True, metavar="N[,N]", help="article id(s)"
    )
    a.add_argument("--to", type=int, required=True, metavar="POS", help="new position")

    a = actions.add_parser("note", help="set (or, with an empty TEXT, clear) an article's note")
    a.add_argument("ref", metavar="DOSSIER", help=ref_help)
    a.add_argument("--id", dest="article_id", type=int, required=True, metavar="N")
    a.add_argument("text", metavar="TEXT")

    a = actions.add_parser("list", help="list dossiers")
    a.add_argument("--json", action="store_true")

    a = actions.add_parser("show", help="a dossier's details and articles in order")
    a.add_argument("ref", metavar="DOSSIER", help=ref_help)
    a.add_argument("--json", action="store_true")

    a = actions.add_parser("edit", help="change title, subtitle, compiler, description ('' clears)")
    a.add_argument("ref", metavar="DOSSIER", help=ref_help)
    a.add_argument("--title")
    _add_field_options(a)

    a = actions.add_parser("rename", help="change a dossier's title")
    a.add_argument("ref", metavar="DOSSIER", help=ref_help)
    a.add_argument("title", metavar="NEW_TITLE")

    a = actions.add_parser("duplicate", help="copy a dossier with its articles and notes")
    a.add_argument("ref", metavar="DOSSIER", help=ref_help)
    a.add_argument("--title", default=None, help="title of the copy (default: '… (copy)')")

    a = actions.add_parser("delete", help="delete a dossier (its articles stay in the archive)")
    a.add_argument("ref", metavar="DOSSIER", help=ref_help)


def _add_field_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--subtitle")
    parser.add_argument("--compiled-by", dest="compiled_by")
    parser.add_argument("--description")


def run(archive: Archive, args: argparse.Namespace) -> int:
    """Run one ``dossier`` action; unknown names and ids are reported without a traceback."""
    try:
        return int(ACTIONS[args.action](archive, args))
    except KeyError as exc:
        message = exc.args[0] if exc.args else "not found"
        print(f"dossierdesk-cli: {message}", file=sys.stderr)
        return EXIT_REJECTED
    except (_Usage, ValueError) as exc:
        if isinstance(exc, QuerySyntaxError):
            raise  # reported by ``main`` like every bad query
        print(f"dossierdesk-cli: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _dossier_id(archive: Archive, ref: str) -> int:
    return archive.dossier(ref).id


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# -- actions ---------------------------------------------------------------------------------
def do_create(archive: Archive, args: argparse.Namespace) -> int:
    dossier_id = archive.create_dossier(
        args.title,
        subtitle=args.subtitle,
        compiled_by=args.compiled_by,
        description=args.description,
        article_ids=args.ids or (),
        query=args.query,
    )
    detail = archive.dossier(dossier_id)
    print(dossier_id)
    count = _plural(len(detail.entries), "article")
    _say(f"created dossier #{dossier_id} '{detail.title}' with {count}")
    return EXIT_OK


def do_add(archive: Archive, args: argparse.Namespace) -> int:
    if args.ids is None and args.query is None:
        raise _Usage("dossier add: give --ids or --query")
    dossier_id = _dossier_id(archive, args.ref)
    ids = list(args.ids or [])
    if args.query is not None:
        ids.extend(archive.search(args.query, sort="date").ids)
    position = None if args.at is None else args.at - 1
    added = archive.add_to_dossier(dossier_id, ids, position=position, note=args.note)
    skipped = len(set(ids)) - added
    extra = f" ({skipped} already there)" if skipped else ""
    _say(f"added {_plural(added, 'article')} to dossier #{dossier_id}{extra}")
    return EXIT_OK


def do_remove(archive: Archive, args: argparse.Namespace) -> int:
    dossier_id = _dossier_id(archive, args.ref)
    removed = archive.remove_from_dossier(dossier_id, args.ids)
    _say(f"removed {_plural(removed, 'article')} from dossier #{dossier_id}")
    return EXIT_OK if removed == len(set(args.ids)) else EXIT_REJECTED


def do_move(archive: Archive, args: argparse.Namespace) -> int:
    if args.to < 1:
        raise _Usage("dossier move: positions start at 1")
    dossier_id = _dossier_id(archive, args.ref)
    archive.move_in_dossier(dossier_id, args.ids, args.to - 1)
    detail = archive.dossier(dossier_id)
    at = next(e.position for e in detail.entries if e.article_id in set(args.ids))
    _say(f"moved to position {at + 1} of {len(detail.entries)} in dossier #{dossier_id}")
    return EXIT_OK


def do_note(archive: Archive, args: argparse.Namespace) -> int:
    dossier_id = _dossier_id(archive, args.ref)
    archive.set_dossier_note(dossier_id, args.article_id, args.text)
    done = "set" if args.text.strip() else "cleared"
    _say(f"note {done} on article #{args.article_id} in dossier #{dossier_id}")
    return EXIT_OK


def do_list(archive: Archive, args: argparse.Namespace) -> int:
    infos = archive.dossiers()
    if args.json:
        print(json.dumps([dossier_json(d) for d in infos], ensure_ascii=False, indent=2))
        return EXIT_OK
    for d in infos:
        print(f"{d.id:>5}  {d.article_count:>5}  {d.updated:%Y-%m-%d}  {d.title}")
    _say(_plural(len(infos), "dossier"))
    return EXIT_OK


def do_show(archive: Archive, args: argparse.Namespace) -> int:
    detail = archive.dossier(args.ref)
    if args.json:
        print(json.dumps(dossier_json(detail), ensure_ascii=False, indent=2))
        return EXIT_OK
    lines = [f"#{detail.id}  {detail.title}"]
    for label, value in (
        ("Subtitle", detail.subtitle),
        ("Compiled by", detail.compiled_by),
        ("Description", detail.description),
        ("Created", f"{detail.created:%Y-%m-%d %H:%M}"),
        ("Updated", f"{detail.updated:%Y-%m-%d %H:%M}"),
        ("Articles", str(detail.article_count)),
    ):
        if value:
            lines.append(f"{label + ':':<13}{value}")
    lines.append("")
    width = len(str(len(detail.entries)))
    for e in detail.entries:
        date = e.published.isoformat() if e.published else "----------"
        lines.append(f"{e.position + 1:>{width}}  {date}  #{e.article_id}  {e.title}")
        if e.note:
            lines.append(f"{'':>{width}}  note: {e.note}")
    print("\n".join(lines).rstrip())
    return EXIT_OK


def do_edit(archive: Archive, args: argparse.Namespace) -> int:
    dossier_id = _dossier_id(archive, args.ref)
    changes: dict[str, Any] = {
        name: getattr(args, name)
        for name in ("title", "subtitle", "compiled_by", "description")
        if getattr(args, name) is not None
    }
    if not changes:
        raise _Usage(
            "dossier edit: nothing to change (--title, --subtitle, --compiled-by, --description)"
        )
    archive.update_dossier(dossier_id, **changes)
    _say(f"updated dossier #{dossier_id}")
    return EXIT_OK


def do_rename(archive: Archive, args: argparse.Namespace) -> int:
    dossier_id = _dossier_id(archive, args.ref)
    archive.rename_dossier(dossier_id, args.title)
    _say(f"renamed dossier #{dossier_id} to '{archive.dossier(dossier_id).title}'")
    return EXIT_OK


def do_duplicate(archive: Archive, args: argparse.Namespace) -> int:
    new_id = archive.duplicate_dossier(_dossier_id(archive, args.ref), args.title)
    print(new_id)
    _say(f"created dossier #{new_id} '{archive.dossier(new_id).title}'")
    return EXIT_OK


def do_delete(archive: Archive, args: argparse.Namespace) -> int:
    detail = archive.dossier(args.ref)
    archive.delete_dossier(detail.id)
    _say(f"deleted dossier #{detail.id} '{detail.title}' (its articles stay in the archive)")
    return EXIT_OK


ACTIONS = {
    "create": do_create,
    "add": do_add,
    "remove": do_remove,
    "move": do_move,
    "note": do_note,
    "list": do_list,
    "show": do_show,
    "edit": do_edit,
    "rename": do_rename,
    "duplicate": do_duplicate,
    "delete": do_delete,
}


# -- JSON ------------------------------------------------------------------------------------
def dossier_json(info: DossierInfo) -> dict[str, Any]:
    """A dossier as JSON; with ``entries`` (positions 1-based) when given a ``DossierDetail``."""
    data: dict[str, Any] = {
        "id": info.id,
        "title": info.title,
        "subtitle": info.subtitle,
        "compiled_by": info.compiled_by,
        "description": info.description,
        "created": info.created.isoformat(timespec="seconds"),
        "updated": info.updated.isoformat(timespec="seconds"),
        "article_count": info.article_count,
    }
    from dossierdesk.service.dossier_dto import DossierDetail  # (loaded by dossier commands only)

    if isinstance(info, DossierDetail):
        data["entries"] = [
            {
                "position": e.position + 1,
                "article_id": e.article_id,
                "published": e.published.isoformat() if e.published else None,
                "title": e.title,
                "note": e.note,
            }
            for e in info.entries
        ]
    return data
