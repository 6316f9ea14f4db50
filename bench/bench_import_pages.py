"""Import throughput on real saved pages: ``dossierdesk-cli import FOLDER`` vs an lxml + FTS5 floor.

    python bench/bench_import_pages.py [--copies 100] [--repeat 3] [--workers 1,2]
                                       [--compare-src OLD/src] [--complete]

The folder holds ``--copies`` copies of every file of ``tests/data/corpus`` (af.mil article
pages, an RSS feed, DVIDS texts: 33 files, 3,300 with the default), each copy made unique so
that the archive imports every article of it instead of reporting duplicates: copy ``k`` has
"Copy k: " put before the text of every ``<title>`` and ``<h1>`` (the first line of a text
file) and ``/copyk`` after the host of every http(s) URL and of HTTrack's "Mirrored from"
address (not of namespace declarations: a feed's ``xmlns:dc`` names Dublin Core), so that
titles, content hashes and URLs all differ (every copy imports the 52 articles
the corpus holds, none is a probable duplicate of another copy's). Nothing else changes:
the pages keep their size and structure.

The floor is the least an importer of these pages does, run in the same process and the same
conditions: read each file, ``lxml.html`` parse, ``<title>`` + ``text_content()`` inserted
into an sqlite3 table and its FTS5 index, in one transaction. The import command is also
set against the same floor run as a command (``bare_command``): a new Python process that
loads lxml and sqlite3, does the same and exits, timed from outside in the same way, in the
same rounds; both ratios are printed (the first, against the floor inside this process, is
the stricter: it leaves out the start and end of a process, which the command pays).

Both sides run ``--repeat`` times, alternately, each into a new database, and the ratio is
taken on the medians. ``--workers`` runs the import once per value with
``DOSSIERDESK_PARSE_WORKERS`` set to it (``default``: not set), in the same rounds, so that
worker counts are compared in the same conditions. ``--compare-src`` adds a run of the
import from another source tree (``PYTHONPATH``; e.g. ``git archive`` of an earlier commit),
"before", in the same rounds.

``--load N`` runs both sides with N other busy processes (``cpu_load``).

``--complete`` saves each page as a browser's "Web page, complete" does: ``Page.html`` and
``Page_files/`` beside it, with the page's pictures rewritten to point into the folder. The
folder holds the page's first JPEG picture (on af.mil pages, the article's first photo) as a
real photo of ``tests/data/photos`` (the JPEGs in turn, each copy's made unique by a comment
segment), a 16-pixel
icon for every other picture, a style sheet and a script. The import then reads every
page's references, follows them into its folder and stores its photo; the floor still reads
the pages alone (``--complete`` measures what saving pages whole costs the user, not a
better rate).

``--into N`` imports into a copy of ``bench_search.py``'s archive of N articles (built and
cached in the temp folder if missing; the copy is made before each run, outside the timing)
instead of into a new archive: a user's usual import, into the archive they have. The floor
is still a new database.

``--thread`` imports as the window does instead of through ``dossierdesk-cli``: a fresh
process opens the archive (the window has it open already) and calls ``Archive.import_paths``
from a thread of its own (a process with other threads may not fork itself: its parser
processes come from a fork server, or are spawned, and only for large enough batches;
``service.parsing``); the call is timed, the first of the process, as a window's first
import is (a fork server, if used, starts in it). ``--thread --warm`` is the window's import
dialog: it asks the archive to get ready (``Archive.prepare_import``, which the window calls
when an import dialog opens or files are dragged over it, and which starts the fork server)
and imports a second after the server has started, as a user picks the folder.

Target (issue "Import of real pages"): at least half the floor's rate.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cpu_load import add_load_option, cpu_load

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"

_OPENER = re.compile(rb"(<(?:title|h1)\b[^>]*>\s*)", re.IGNORECASE)
# A URL's host; HTTrack's "Mirrored from www.af.mil/..." comment gives one without a scheme.
# Namespace declarations (xmlns, xmlns:dc...) are names, not addresses: they stay as they are.
_HOST = re.compile(
    rb"""(xmlns(?::[\w.-]+)?\s*=\s*(?:"[^"]*"|'[^']*'))"""
    rb"|((?:https?://|Mirrored from )[A-Za-z0-9.-]+)"
)


def unique_copy(data: bytes, suffix: str, k: int) -> bytes:
    """Copy ``k`` of a corpus file, with its own titles and URLs (see the module docstring)."""
    mark = f"Copy {k}: ".encode()
    if suffix == ".txt":
        data = mark + data.lstrip()
    else:
        data = _OPENER.sub(lambda m: m.group(1) + mark, data)
    suffix_bytes = f"/copy{k}".encode()
    return _HOST.sub(lambda m: m.group(1) or m.group(2) + suffix_bytes, data)


_IMG_SRC = re.compile(rb"""(<img\b[^>]*?\bsrc\s*=\s*")([^"]*)(")""", re.IGNORECASE)
PHOTOS = ROOT / "tests" / "data" / "photos"


def _icon() -> bytes:
    """A 16-pixel PNG (as the saved-page test fixtures make theirs)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def save_complete(folder: Path, name: str, page: bytes, k: int, photos: list[bytes]) -> None:
    """``name`` saved "complete": its pictures point into ``<stem>_files/`` (see the module
    docstring)."""
    stem = name.rsplit(".", 1)[0]
    files = folder / f"{stem}_files"
    files.mkdir()
    seen: dict[bytes, bytes] = {}
    photo_given = False

    def local(match: re.Match[bytes]) -> bytes:
        nonlocal photo_given
        url = match.group(2)
        if url not in seen:
            leaf = url.rsplit(b"/", 1)[-1].split(b"?", 1)[0] or b"picture"
            leaf = re.sub(rb"[^A-Za-z0-9._-]", b"_", leaf)[-80:] or b"picture"
            photo = _ICON
            if not photo_given and leaf.lower().endswith((b".jpg", b".jpeg")):
                photo, photo_given = _unique_jpeg(photos[k % len(photos)], f"{name} {k}"), True
            leaf = b"%d_%s" % (len(seen), leaf)
            (files / leaf.decode()).write_bytes(photo)
            seen[url] = f"./{stem}_files/".encode() + leaf
        return match.group(1) + seen[url] + match.group(3)

    (folder / name).write_bytes(_IMG_SRC.sub(local, page))
    (files / "style.css").write_text("body { margin: 0 }\n", encoding="utf-8")
    (files / "script.js").write_text("var loaded = true;\n", encoding="utf-8")


_ICON = _icon()


def _unique_jpeg(data: bytes, mark: str) -> bytes:
    """The JPEG with a comment segment (``mark``) after its start marker: the same picture,
    other bytes (a photo is stored once per content)."""
    comment = mark.encode()
    return data[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + data[2:]


def write_copies(folder: Path, copies: int, complete: bool = False) -> int:
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".html", ".xml", ".txt"))
    photos = [
        p.read_bytes()
        for p in sorted(PHOTOS.glob("*.JPG"))
        if p.read_bytes()[:3] == b"\xff\xd8\xff"
    ]
    for path in files:
        data = path.read_bytes()
        for k in range(copies):
            name = f"{path.stem}-{k:04d}{path.suffix}"
            copy = unique_copy(data, path.suffix, k)
            if complete and path.suffix == ".html":
                save_complete(folder, name, copy, k, photos)
            else:
                (folder / name).write_bytes(copy)
    return len(files) * copies


# The floor's code: run in this process (``bare_insert``) and, for the command line's import,
# as a command of its own (``bare_command``), timed from outside like ``dossierdesk-cli``.
FLOOR_CODE = """
import sqlite3
import lxml.html


def floor(folder, db):
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
    con.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles', "
        "content_rowid='id')"
    )
    with con:
        for path in sorted(folder.iterdir()):
            if path.is_dir():
                continue  # a saved page's folder (``--complete``): the floor reads pages alone
            doc = lxml.html.document_fromstring(path.read_bytes())
            title = (doc.findtext(".//title") or "").strip()
            text = doc.text_content()
            cur = con.execute("INSERT INTO articles (title, body) VALUES (?, ?)", (title, text))
            con.execute(
                "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                (cur.lastrowid, title, text),
            )
    con.close()
"""
_FLOOR: dict[str, Any] = {}
exec(FLOOR_CODE, _FLOOR)


def bare_insert(folder: Path, db: Path) -> float:
    """Read, lxml-parse, insert title + text into a table and its FTS5 index: one transaction."""
    start = time.perf_counter()
    _FLOOR["floor"](folder, db)
    return time.perf_counter() - start


def bare_command(folder: Path, db: Path) -> float:
    """The floor as a command: a new Python process that loads lxml and sqlite3, does what
    ``bare_insert`` does and exits, timed from outside as ``cli_import`` is."""
    code = FLOOR_CODE + "\nimport sys, pathlib\nfloor(pathlib.Path(sys.argv[1]), sys.argv[2])\n"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(folder), str(db)], check=True)
    return time.perf_counter() - start


def import_env(workers: str, src: str | None) -> dict[str, str]:
    """The environment of an import: ``DOSSIERDESK_PARSE_WORKERS`` as ``workers`` says
    (``default``: not set), the source tree ``src`` first on the path, if given."""
    env = dict(os.environ)
    env.pop("DOSSIERDESK_PARSE_WORKERS", None)
    if workers != "default":
        env["DOSSIERDESK_PARSE_WORKERS"] = workers
    if src is not None:
        env["PYTHONPATH"] = src
    return env


def cli_import(
    folder: Path, archive: Path, workers: str, src: str | None = None
) -> tuple[float, str]:
    exe = Path(sys.executable).with_name("dossierdesk-cli")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "dossierdesk.cli.main"]
    env = import_env(workers, src)
    start = time.perf_counter()
    proc = subprocess.run(
        [*cmd, "--archive", str(archive), "import", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"import failed: {proc.stderr[-2000:]}")
    return elapsed, (proc.stderr.strip().splitlines() or [""])[-1]


# The window's way of importing: from a thread, in a process whose main module is guarded.
THREAD_IMPORT = """
import sys, threading
from pathlib import Path


def run():
    import time

    from dossierdesk.service import Archive

    with Archive(Path(sys.argv[1])) as archive:
        if sys.argv[3] == "warm":  # the import dialog opens; the user picks the folder
            from dossierdesk.service import parsing

            archive.prepare_import()
            deadline = time.monotonic() + 30
            while not parsing._forkserver_started and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(1.0)
        start = time.perf_counter()
        report = archive.import_paths([Path(sys.argv[2])])
        elapsed = time.perf_counter() - start
    print(f"imported {len(report.imported_ids)}", file=sys.stderr)
    print(elapsed)


if __name__ == "__main__":
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
"""


def thread_import(
    folder: Path, archive: Path, workers: str, src: str | None = None, warm: bool = False
) -> tuple[float, str]:
    script = archive.parent / "thread_import.py"
    script.write_text(THREAD_IMPORT, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script), str(archive), str(folder), "warm" if warm else "cold"],
        capture_output=True,
        text=True,
        check=False,
        env=import_env(workers, src),
    )
    if proc.returncode != 0:
        sys.exit(f"import failed: {proc.stderr[-2000:]}")
    return float(proc.stdout.split()[-1]), (proc.stderr.strip().splitlines() or [""])[-1]


def existing_archive(n: int) -> Path:
    """``bench_search.py``'s archive of ``n`` articles, checkpointed (built if missing)."""
    from bench_search import cached_archive

    path = cached_archive(n)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return path


def article_count(archive: Path) -> int:
    con = sqlite3.connect(archive)
    try:
        return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        con.close()


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", default="default", help="comma-separated, e.g. 1,2")
    add_load_option(parser)
    parser.add_argument("--compare-src", help="another source tree to run as 'before'")
    parser.add_argument(
        "--complete", action="store_true", help='pages saved "complete", with their folders'
    )
    parser.add_argument(
        "--into", type=int, default=0, help="import into a copy of an archive of N articles"
    )
    parser.add_argument(
        "--thread", action="store_true", help="import from a thread, as the window does"
    )
    parser.add_argument(
        "--warm",
        action="store_true",
        help="with --thread: the import dialog has started the parsers' fork server",
    )
    args = parser.parse_args()
    variants = [w.strip() for w in args.workers.split(",") if w.strip()]
    sources: dict[str, str | None] = dict.fromkeys(variants)
    if args.compare_src:
        variants.append("before")
        sources["before"] = str(Path(args.compare_src).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "pages"
        folder.mkdir()
        n = write_copies(folder, args.copies, args.complete)
        size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
        print(f"{n} unique copies of the corpus ({args.copies} of each file), {size / 1e6:.1f} MB")
        if args.complete:
            extra = sum(p.stat().st_size for p in folder.rglob("*") if p.parent != folder)
            print(f'pages saved "complete": their folders hold {extra / 1e6:.1f} MB more')
        if args.thread:
            print("imported from a thread, as the window does (Archive.import_paths)")
            if args.warm:
                print("after Archive.prepare_import, as the import dialog calls it")
        bares: list[float] = []
        commands: list[float] = []  # the floor as a command (the command line's import only)
        ours: dict[str, list[float]] = {w: [] for w in variants}
        articles: set[int] = set()
        if args.load:
            print(f"under load: {args.load} other busy processes")
        existing = existing_archive(args.into) if args.into else None
        held = article_count(existing) if existing is not None else 0  # articles there before
        if existing is not None:
            print(f"into a copy of an archive of {args.into:,} articles")
        with cpu_load(args.load):
            for run in range(args.repeat):
                bares.append(bare_insert(folder, root / f"bare{run}.sqlite3"))
                line = f"  run {run + 1}: floor {bares[-1]:5.2f} s"
                if not args.thread:
                    commands.append(bare_command(folder, root / f"command{run}.sqlite3"))
                    line += f", floor command {commands[-1]:5.2f} s"
                for w in variants:
                    archive = root / f"archive{run}-{w}.sqlite3"
                    if existing is not None:
                        shutil.copyfile(existing, archive)
                    worker_env = "default" if w == "before" else w
                    if args.thread:
                        elapsed, said = thread_import(
                            folder, archive, worker_env, sources[w], warm=args.warm
                        )
                    else:
                        elapsed, said = cli_import(folder, archive, worker_env, sources[w])
                    ours[w].append(elapsed)
                    articles.add(article_count(archive) - held)
                    if run == 0:
                        print(f"  cli says ({w}): {said}")
                    line += f", cli {w} {elapsed:5.2f} s"
                for path in root.glob("*.sqlite3*"):
                    path.unlink()  # each run writes a new database
                print(line)
        if len(articles) != 1:
            sys.exit(f"the runs imported different numbers of articles: {sorted(articles)}")
        floor = statistics.median(bares)
        floor_rate = n / floor
        print(f"articles imported per run: {articles.pop()}")
        print(f"floor lxml+FTS5         : {floor:7.2f} s  {floor_rate:8.0f} files/s (median)")
        command_rate = 0.0
        if commands:
            command = statistics.median(commands)
            command_rate = n / command
            print(
                f"floor as a command      : {command:7.2f} s  {command_rate:8.0f} files/s "
                "(median; a new process, timed as the import command is)"
            )
        for w in variants:
            mine = statistics.median(ours[w])
            ratio = (n / mine) / floor_rate
            verdict = "meets" if ratio >= 0.5 else "MISSES"
            target = f"{verdict} the target >= 0.50"
            if args.complete:  # the floor reads the pages, not their folders and photos
                target = "no target: the floor reads the pages alone"
            who = "thread import  " if args.thread else "dossierdesk-cli"
            print(
                f"{who} {w:8s}: {mine:7.2f} s  {n / mine:8.0f} files/s "
                f"(median); ratio {ratio:.2f} of the floor ({target})"
            )
            if command_rate:
                paired = statistics.median(b / c for b, c in zip(commands, ours[w], strict=True))
                print(
                    f"{'':15s} {w:8s}: ratio {(n / mine) / command_rate:.2f} of the floor as a "
                    f"command (medians; {paired:.2f} the median of the runs' pairs)"
                )


if __name__ == "__main__":
    main()
