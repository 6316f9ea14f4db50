"""``dossierdesk-cli [--archive PATH] COMMAND``: the archive from a terminal or a script.

Exit status: 0 success, 1 when some inputs were rejected (the rest done) or the archive could
not be used, 2 on usage errors (including malformed queries). Messages go to stderr, data to
stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from dossierdesk import __version__
from dossierdesk.cli import (
    copy_cmd,
    desktop_cmd,
    dossier_cmd,
    export_cmd,
    photos_cmd,
    team_cmd,
    watch_cmd,
)
from dossierdesk.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    UsageError,
    glue_dash_values,
    non_negative_int,
    parse_ids,
)
from dossierdesk.cli.import_cmd import cmd_import, parse_ahead, report_empty_folders
from dossierdesk.cli.read_cmds import cmd_list, cmd_show, cmd_stats, cmd_tags
from dossierdesk.query.errors import QuerySyntaxError
from dossierdesk.service.paths import ARCHIVE_ENV, default_archive_path
from dossierdesk.service.sort_names import SORT_NAMES
from dossierdesk.store.errors import ArchiveError
from dossierdesk.store.location import archive_path
from dossierdesk.store.team_url import is_team_url

if TYPE_CHECKING:
    from dossierdesk.cli.read_cmds import Reading
    from dossierdesk.service.archive import Archive
    from dossierdesk.service.parsing import ParseAhead
    from dossierdesk.service.reader import ArchiveReader

log = logging.getLogger("dossierdesk.cli")


class _NoTracebackFormatter(logging.Formatter):
    """Log lines without tracebacks: a user gets one sentence per problem (``-v`` adds them)."""

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return super().format(record)


class _Parser(argparse.ArgumentParser):
    """The command's parser; its help names the default archive, looked up only when the
    help is shown (finding the user's data folder loads ``platformdirs``, 6-10 ms that no
    other use of the parser needs)."""

    def format_help(self) -> str:
        if self.epilog is None:
            self.epilog = f"The archive defaults to ${ARCHIVE_ENV} or {default_archive_path()}."
        return super().format_help()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dossierdesk-cli",
        description="Dossier Desk archive from the command line.",
    )
    parser.add_argument("--version", action="version", version=f"Dossier Desk {__version__}")
    parser.add_argument(
        "--archive",
        help="archive file to use (created if missing; read-only archives open for reading), "
        "or a team archive on a PostgreSQL server: postgresql://USER@HOST[:PORT]/DATABASE "
        "(libpq's conventions: ~/.pgpass, service=NAME, sslmode=…; asks for a password "
        "when none is found)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("import", help="import files, folders and zip archives")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON report per file on stdout")
    p.add_argument(
        "--allow-duplicates",
        action="store_true",
        help="import probable duplicates (same URL or title and date); identical texts never",
    )

    p = sub.add_parser("list", help="list articles, optionally matching a query")
    p.add_argument("--query", "-q", default="", help="query, e.g. 'tag:ukraine after:2024-01'")
    p.add_argument(
        "--sort",
        default=None,
        help=f"sort field ({', '.join(SORT_NAMES)}); prefix '-' for descending. "
        "Default: relevance for text queries, else -date",
    )
    p.add_argument("--limit", type=non_negative_int, default=None, help="at most N articles")
    p.add_argument("--offset", type=non_negative_int, default=0, help="skip the first N")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="show one article")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("tag", help="add or remove tags")
    p.add_argument("action", choices=["add", "remove"])
    p.add_argument("tags", nargs="+", metavar="TAG")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--ids", type=parse_ids, help="comma-separated article ids")
    target.add_argument("--query", "-q", help="every article matching this query")

    p = sub.add_parser("tags", help="list tags with their article counts")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("stats", help="what the archive holds")
    p.add_argument("--json", action="store_true")

    sub.add_parser("check", help="check SQLite and full-text index integrity")

    p = sub.add_parser("backup", help="copy the archive safely (online backup)")
    p.add_argument("dest", type=Path)

    copy_cmd.add_parser(sub)

    p = sub.add_parser("reparse", help="re-extract articles from their stored original files")
    p.add_argument("--ids", type=parse_ids, default=None)

    p = sub.add_parser("export-metadata", help="export article metadata as CSV or JSON")
    p.add_argument("--format", choices=["csv", "json"], required=True)
    p.add_argument("--query", "-q", default="")
    p.add_argument("-o", "--output", type=Path, default=None, help="file (default: stdout)")
    photos_cmd.add_parser(sub)
    watch_cmd.add_parser(sub)
    desktop_cmd.add_parser(sub)
    team_cmd.add_parser(sub)
    dossier_cmd.add_parser(sub)
    export_cmd.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(glue_dash_values(parser, list(sys.argv[1:] if argv is None else argv)))
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(levelname)s %(name)s: %(message)s")
        if args.verbose
        else _NoTracebackFormatter("%(levelname)s %(name)s: %(message)s")
    )
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, handlers=[handler])
    if args.command == desktop_cmd.COMMAND:  # needs no archive
        return desktop_cmd.run(args)
    if args.command == team_cmd.COMMAND:  # prints SQL; needs no archive
        return team_cmd.run(args)
    # An import starts parsing (in worker processes, for a large batch) before the archive
    # code is loaded (nothing imported so far loads SQLAlchemy: the workers are forked from a
    # light process and start at once) and before the archive is opened or created.
    ahead: ParseAhead | None = None
    words = contextlib.ExitStack()  # see below: an import into a team archive
    collector = gc.get_threshold()
    try:
        if args.command == copy_cmd.COMMAND:  # names its own archives
            return copy_cmd.run(args)
        given = args.archive or os.environ.get(ARCHIVE_ENV) or default_archive_path()
        team = isinstance(given, str) and is_team_url(given)
        # A team archive (postgresql://…) is given to the server as written; a file is checked.
        location: Path | str = given if team else archive_path(given)
        if args.command == "import":
            args.empty_folders = report_empty_folders(args.paths)
            if team:  # the parser processes make the search documents' words too
                from dossierdesk.service.rows import document_words_made

                words.enter_context(document_words_made(True))
            from dossierdesk.service.parse_worker import IMPORT_GC_THRESHOLDS

            gc.set_threshold(*IMPORT_GC_THRESHOLDS)  # before the workers are forked
            ahead = parse_ahead(args)
        reader = _reader(args, location) if isinstance(location, Path) else None
        if reader is not None:  # a read of a current archive: no SQLAlchemy to load
            with reader:
                return int(READ_COMMANDS[args.command](reader, args))
        from dossierdesk.service.archive import Archive
        from dossierdesk.store.postgres import terminal_password_prompt

        prompt = terminal_password_prompt if team and sys.stdin.isatty() else None
        with Archive(location, prompt=prompt) as archive:
            if ahead is not None:
                return cmd_import(archive, args, ahead)
            return int(COMMANDS[args.command](archive, args))
    except QuerySyntaxError as exc:
        print(f"dossierdesk-cli: bad query: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except UsageError as exc:
        print(f"dossierdesk-cli: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ArchiveError as exc:
        print(f"dossierdesk-cli: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    except KeyboardInterrupt:
        print("dossierdesk-cli: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    finally:
        if ahead is not None:
            ahead.close()
        words.close()
        gc.set_threshold(*collector)


def _reader(args: argparse.Namespace, path: Path) -> ArchiveReader | None:
    """An ``ArchiveReader`` for a reading command on an archive at the current schema, else
    ``None`` (the command then opens an ``Archive``, which creates, migrates or explains)."""
    from dossierdesk.service.reads import is_blank

    if args.command not in READ_COMMANDS or (args.command == "list" and not is_blank(args.query)):
        return None
    from dossierdesk.service.reader import ArchiveReader

    return ArchiveReader.open(path)


def cmd_tag(archive: Archive, args: argparse.Namespace) -> int:
    ids = args.ids if args.ids is not None else list(archive.search(args.query).ids)
    missing = archive.missing_ids(ids) if args.ids is not None else []
    for article_id in missing:
        print(f"dossierdesk-cli: no article #{article_id}", file=sys.stderr)
    if missing:
        absent = set(missing)
        ids = [i for i in ids if i not in absent]
    try:
        if args.action == "add":
            n = archive.add_tags(ids, args.tags)
            print(f"added {n} tag links on {len(ids)} articles", file=sys.stderr)
        else:
            n = archive.remove_tags(ids, args.tags)
            print(f"removed {n} tag links from {len(ids)} articles", file=sys.stderr)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return EXIT_REJECTED if missing else EXIT_OK


def cmd_check(archive: Archive, args: argparse.Namespace) -> int:
    result = archive.check()
    for message in result.messages:
        print(message, file=sys.stderr)
    print("ok" if result.ok else "problems found")
    return EXIT_OK if result.ok else EXIT_REJECTED


def cmd_backup(archive: Archive, args: argparse.Namespace) -> int:
    archive.backup(args.dest)
    print(f"backed up to {args.dest}", file=sys.stderr)
    return EXIT_OK


def cmd_reparse(archive: Archive, args: argparse.Namespace) -> int:
    from dossierdesk.service.dto import ImportStatus

    outcomes = archive.reparse(args.ids)
    failed = 0
    for o in outcomes:
        if o.status is not ImportStatus.IMPORTED:
            failed += 1
            print(f"#{o.id} {o.file}: {o.message}", file=sys.stderr)
    print(f"re-extracted {len(outcomes) - failed}, failed {failed}", file=sys.stderr)
    return EXIT_REJECTED if failed else EXIT_OK


def cmd_export_metadata(archive: Archive, args: argparse.Namespace) -> int:
    ids = archive.search(args.query, sort="date").ids
    out: TextIO
    if args.output is None:
        out = sys.stdout
        return _write_metadata(archive, ids, args.format, out)
    with args.output.open("w", encoding="utf-8", newline="") as out:
        code = _write_metadata(archive, ids, args.format, out)
    print(f"wrote {len(ids)} articles to {args.output}", file=sys.stderr)
    return code


def _write_metadata(archive: Archive, ids: Sequence[int], fmt: str, out: TextIO) -> int:
    from dossierdesk.service.serialize import write_metadata

    write_metadata(archive.articles(ids, body=False), fmt, out)
    return EXIT_OK


COMMANDS: dict[str, Callable[[Archive, argparse.Namespace], int]] = {
    "import": cmd_import,
    "list": cmd_list,
    "show": cmd_show,
    "tag": cmd_tag,
    "tags": cmd_tags,
    "stats": cmd_stats,
    "check": cmd_check,
    "backup": cmd_backup,
    "reparse": cmd_reparse,
    "export-metadata": cmd_export_metadata,
    "photos": photos_cmd.run,
    "watch": watch_cmd.run,
    "dossier": dossier_cmd.run,
    "export": export_cmd.run,
}


# Commands that only read: on an archive at the current schema, ArchiveReader runs them
# (``list`` only without a query: conditions need the query compiler; see _reader).
READ_COMMANDS: dict[str, Callable[[Reading, argparse.Namespace], int]] = {
    "list": cmd_list,
    "show": cmd_show,
    "tags": cmd_tags,
    "stats": cmd_stats,
}


def run() -> NoReturn:
    """The ``dossierdesk-cli`` command: ``main`` as a process.

    Before exiting, every object is frozen out of the garbage collector: the process ends
    anyway, and Python's own clean-up would otherwise walk them all (0.2 s after a large
    import). ``main`` itself does not, so that it can be called in-process (tests).
    """
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
