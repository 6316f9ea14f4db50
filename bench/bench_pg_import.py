"""Import of real saved pages into a team archive (PostgreSQL) vs a bare psycopg floor.

    python bench/bench_pg_import.py [--copies 40] [--repeat 3] [--clients 2] [--url URL]
                                    [--corpus DIR ...]

The pages: ``--copies`` unique copies of every distinct file of the corpus folders
(``tests/data/corpus`` and ``../shared/corpus/raw`` by default, files with the same bytes
counted once: 33 files, 52 articles per copy), each copy given its own titles and URLs as
``bench_import_pages.py`` does, so that no article is a duplicate of another (40 copies: 1,320
files, 2,080 articles). The copies are written in two folders, ``a`` (even copies) and ``b``
(odd copies).

Each round, in this order, each into a new database (``pg_bench_server``):

- **floor**: bare psycopg on the same already-parsed articles (Dossier Desk's own parser, so
  that both sides store the same texts), one transaction: ``COPY`` of title, date, source,
  URL and content hash into ``articles``, of body, captions and credits into ``texts``, then one
  ``INSERT … SELECT`` of the documents into ``fts`` (``setweight(to_tsvector('simple', …))``
  of the four columns, weights A–D as the archive's), a table with a GIN index on them, as a
  team archive's. It stores less than the archive does (no originals, images, authors, no
  duplicate checks): it is the least an importer of these texts into PostgreSQL does.
- **ours, parse excluded**: ``Archive(url).import_parsed`` of the same pre-parsed files (the
  archive opened, its schema created, before the clock starts): the writing path alone
  (duplicate checks, rows, originals, the documents built from ``store.text_index``'s words).
- **ours, CLI**: ``dossierdesk-cli --archive URL import FOLDER`` on an archive whose schema
  exists (opened once beforehand), timed as a user waits for it: start-up, reading, parsing
  (its parser processes), writing. Compared with the floor *plus* a sequential parse of every
  file in this process (``parse`` below): parse time included on both sides.
- the same two imports into a new SQLite file archive, for the side-by-side.

Parse-excluded ratio: ours / floor. Parse-included ratio: CLI / (parse + floor). Medians of
``--repeat`` rounds; the spread (min–max) is printed too.

``--clients 2`` then runs, ``--repeat`` times, two ``dossierdesk-cli import --json`` processes
started together into one new team archive, one on folder ``a``, one on ``b``: total
throughput (articles over the wall time until both ended) against one CLI importing both
folders, and every per-article outcome checked (any failure is printed verbatim), as are the
exit codes and the final article count.

Target (issue #15): ours at least 0.5 of the bare floor's rate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import_pages import unique_copy
from dossierdesk.importers import SourceFile
from dossierdesk.service import Archive
from dossierdesk.service.parsing import Parsed, parse_item
from dossierdesk.service.rows import ARTICLE_COLUMNS, PreparedFile
from pg_bench_server import ROOT, cli_command, databases

DEFAULT_CORPORA = (ROOT / "tests" / "data" / "corpus", ROOT.parent / "shared" / "corpus" / "raw")

BARE_SCHEMA = (
    "CREATE TABLE articles (id bigint PRIMARY KEY, title text NOT NULL, published date, "
    "source text, url text, content_hash text NOT NULL)",
    "CREATE TABLE texts (article_id bigint PRIMARY KEY REFERENCES articles (id), "
    "body text NOT NULL, captions text NOT NULL, credits text NOT NULL)",
    "CREATE TABLE fts (rowid bigint PRIMARY KEY REFERENCES articles (id), "
    "document tsvector NOT NULL)",
    "CREATE INDEX fts_document ON fts USING gin (document)",
)
BARE_DOCUMENTS = (
    "INSERT INTO fts (rowid, document) SELECT a.id, "
    "setweight(to_tsvector('simple', a.title), 'A') || "
    "setweight(to_tsvector('simple', t.captions), 'B') || "
    "setweight(to_tsvector('simple', t.credits), 'C') || "
    "setweight(to_tsvector('simple', t.body), 'D') "
    "FROM articles a JOIN texts t ON t.article_id = a.id"
)
_COL = {name: i for i, name in enumerate(ARTICLE_COLUMNS)}


def corpus_files(folders: list[Path]) -> list[tuple[str, bytes]]:
    """Every distinct file (by content) of the corpus folders, by name."""
    seen: dict[str, tuple[str, bytes]] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix in (".html", ".xml", ".txt"):
                data = path.read_bytes()
                seen.setdefault(hashlib.sha256(data).hexdigest(), (path.name, data))
    return sorted(seen.values())


def write_copies(root: Path, files: list[tuple[str, bytes]], copies: int) -> list[Path]:
    """The unique copies, even ones in ``root/a``, odd ones in ``root/b``; their paths."""
    written = []
    for half in ("a", "b"):
        (root / half).mkdir()
    for name, data in files:
        stem, suffix = os.path.splitext(name)
        for k in range(copies):
            path = root / "ab"[k % 2] / f"{stem}-{k:04d}{suffix}"
            path.write_bytes(unique_copy(data, suffix, k))
            written.append(path)
    return sorted(written)


def parse_all(paths: list[Path]) -> tuple[list[Parsed], float]:
    """Dossier Desk's parse of every file, sequential in this process, and its time, as for
    an import into a team archive: the parse also makes the words of the search documents
    (``rows.document_words_made``), as the parser processes of such an import do."""
    from dossierdesk.service.rows import document_words_made

    start = time.perf_counter()
    with document_words_made(True):
        parsed = [parse_item(SourceFile(str(p), p.read_bytes())) for p in paths]
    return parsed, time.perf_counter() - start


def article_rows(parsed: list[Parsed]) -> tuple[list[tuple[object, ...]], list[tuple[str, ...]]]:
    """The floor's rows: (id, title, published, source, url, hash) and (id, body, captions,
    credits) of every article of the parsed files."""
    articles, texts = [], []
    for item in parsed:
        if not isinstance(item, PreparedFile):
            continue
        for art in item.articles:
            a_id = len(articles) + 1
            row = art.article
            published = row[_COL["published"]]
            if isinstance(published, str):
                published = dt.date.fromisoformat(published[:10])
            articles.append(
                (
                    a_id,
                    row[_COL["title"]],
                    published,
                    row[_COL["source"]],
                    row[_COL["url"]],
                    art.chash,
                )
            )
            texts.append((a_id, *art.text))
    return articles, texts


def bare_insert(url: str, parsed: list[Parsed]) -> tuple[float, int]:
    """The floor (see the module docstring): seconds, articles."""
    import psycopg

    with psycopg.connect(url) as conn:
        for stmt in BARE_SCHEMA:
            conn.execute(stmt)
        conn.commit()
        start = time.perf_counter()
        articles, texts = article_rows(parsed)  # timed: the floor's share of preparing rows
        with conn.cursor() as cur:
            with cur.copy(
                "COPY articles (id, title, published, source, url, content_hash) FROM STDIN"
            ) as copy:
                for row in articles:
                    copy.write_row(row)
            with cur.copy("COPY texts (article_id, body, captions, credits) FROM STDIN") as copy:
                for row in texts:
                    copy.write_row(row)
            cur.execute(BARE_DOCUMENTS)
        conn.commit()
        elapsed = time.perf_counter() - start
        row = conn.execute("SELECT count(*) FROM fts").fetchone()
    return elapsed, int(row[0]) if row else 0


class PreParsed:
    """Already parsed files, given to ``Archive.import_parsed`` as its ``ParseAhead`` is."""

    def __init__(self, parsed: list[Parsed]) -> None:
        self.total = len(parsed)
        self._parsed = parsed

    def results(self) -> Iterator[Parsed]:
        yield from self._parsed

    def close(self) -> None:
        pass


def api_import(target: str | Path, parsed: list[Parsed]) -> tuple[float, int]:
    """``import_parsed`` of pre-parsed files into an archive opened beforehand."""
    with Archive(target) as archive:
        start = time.perf_counter()
        report = archive.import_parsed(PreParsed(parsed))  # type: ignore[arg-type]
        elapsed = time.perf_counter() - start
        check_report([(o.status.value, o.file, o.message) for o in report.outcomes], report.error)
        return elapsed, archive.count()


def check_report(outcomes: list[tuple[str, str, str | None]], error: str | None) -> None:
    bad = [o for o in outcomes if o[0] != "imported"]
    if bad or error:
        for status, file, message in bad[:20]:
            print(f"    {status}: {file}: {message}")
        sys.exit(f"the import did not import everything ({len(bad)} not imported; {error})")


def cli_import(
    target: str, folders: list[Path], *, json_out: bool = False
) -> subprocess.Popen[str]:
    cmd = [*cli_command(), "--archive", target, "import", *(str(f) for f in folders)]
    if json_out:
        cmd.append("--json")
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen[str], what: str) -> tuple[str, str]:
    out, err = proc.communicate()
    if proc.returncode != 0:
        print(f"  {what}: exit code {proc.returncode}; stderr:\n{err[-3000:]}")
    return out, err


def count_articles(target: str | Path) -> int:
    if isinstance(target, Path):
        con = sqlite3.connect(target)
        try:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    import psycopg

    with psycopg.connect(target) as conn:
        row = conn.execute("SELECT count(*) FROM articles").fetchone()
        return int(row[0]) if row else 0


def timed_cli(target: str | Path, folders: list[Path]) -> float:
    """A CLI import of ``folders`` into ``target`` (whose schema exists), timed."""
    start = time.perf_counter()
    proc = cli_import(str(target), folders)
    finish(proc, "cli")
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit("the CLI import failed")
    return elapsed


def create_schema(target: str | Path) -> None:
    Archive(target).close()


def spread(values: list[float]) -> str:
    low, high = min(values), max(values)
    return f"median {statistics.median(values):6.2f} s (min {low:.2f}, max {high:.2f})"


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--clients", type=int, default=2, choices=(0, 2), help="0: skip")
    parser.add_argument("--url", help="an empty database to use (see pg_bench_server.py)")
    parser.add_argument("--corpus", type=Path, action="append", help="corpus folder(s)")
    args = parser.parse_args()
    corpora = args.corpus or list(DEFAULT_CORPORA)
    files = corpus_files(corpora)
    if not files:
        sys.exit(f"no corpus files in {corpora}")
    with tempfile.TemporaryDirectory() as tmp, databases(args.url) as new_database:
        root = Path(tmp)
        pages = root / "pages"
        pages.mkdir()
        paths = write_copies(pages, files, args.copies)
        halves = [pages / "a", pages / "b"]
        size = sum(p.stat().st_size for p in paths)
        print(
            f"{len(paths)} unique copies of {len(files)} distinct corpus files "
            f"({args.copies} copies), {size / 1e6:.1f} MB; 2 cores shared with other work"
        )
        times: dict[str, list[float]] = {
            k: [] for k in ("parse", "floor", "pg api", "pg cli", "sqlite api", "sqlite cli")
        }
        counts: dict[str, set[int]] = {k: set() for k in times}
        for run in range(args.repeat):
            parsed, parse_s = parse_all(paths)
            times["parse"].append(parse_s)
            elapsed, n = bare_insert(new_database(), parsed)
            times["floor"].append(elapsed)
            counts["floor"].add(n)
            elapsed, n = api_import(new_database(), parsed)
            times["pg api"].append(elapsed)
            counts["pg api"].add(n)
            url = new_database()
            create_schema(url)
            times["pg cli"].append(timed_cli(url, halves))
            counts["pg cli"].add(count_articles(url))
            elapsed, n = api_import(root / f"api{run}.sqlite3", parsed)
            times["sqlite api"].append(elapsed)
            counts["sqlite api"].add(n)
            file = root / f"cli{run}.sqlite3"
            create_schema(file)
            times["sqlite cli"].append(timed_cli(file, halves))
            counts["sqlite cli"].add(count_articles(file))
            for path in root.glob("*.sqlite3*"):
                path.unlink()
            del parsed
            print(
                f"  run {run + 1}: "
                + ", ".join(f"{k} {v[-1]:5.2f} s" for k, v in times.items() if v)
            )
        articles = {n for k, ns in counts.items() for n in ns if k != "parse"}
        if len(articles) != 1:
            sys.exit(f"the runs stored different numbers of articles: {counts}")
        n = articles.pop()
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"articles per run: {n} (every side, every run)")
        for k, v in times.items():
            rate = "" if k == "parse" else f"  {n / med[k]:7.0f} articles/s"
            print(f"  {k:10s}: {spread(v)}{rate}")
        floor_rate = n / med["floor"]
        pg_ratio = (n / med["pg api"]) / floor_rate
        both_rate = n / (med["parse"] + med["floor"])
        cli_ratio = (n / med["pg cli"]) / both_rate
        print(
            f"parse excluded: ours {n / med['pg api']:.0f} articles/s, bare {floor_rate:.0f} "
            f"articles/s: ratio {pg_ratio:.2f} "
            f"({'meets' if pg_ratio >= 0.5 else 'MISSES'} the target >= 0.50)"
        )
        print(
            f"parse included: dossierdesk-cli {n / med['pg cli']:.0f} articles/s, parse + bare "
            f"{both_rate:.0f} articles/s: ratio {cli_ratio:.2f} "
            f"({'meets' if cli_ratio >= 0.5 else 'MISSES'} the target >= 0.50)"
        )
        print(
            f"side by side (articles/s): team archive api {n / med['pg api']:.0f}, "
            f"cli {n / med['pg cli']:.0f}; file archive api {n / med['sqlite api']:.0f}, "
            f"cli {n / med['sqlite cli']:.0f}"
        )
        if args.clients:
            two_clients(new_database, halves, n, args.repeat, med["pg cli"])


def two_clients(new_database: object, halves: list[Path], n: int, repeat: int, one: float) -> None:
    """Two CLI imports at once into one team archive, one per half (see the docstring)."""
    walls: list[float] = []
    problems = 0
    for run in range(repeat):
        url = new_database()  # type: ignore[operator]
        create_schema(url)
        start = time.perf_counter()
        procs = [cli_import(url, [half], json_out=True) for half in halves]
        ended = [finish(p, f"client {i + 1}") for i, p in enumerate(procs)]
        walls.append(time.perf_counter() - start)
        outcomes = []
        for out, _err in ended:
            for line in out.splitlines():
                o = json.loads(line)
                outcomes.append((o["status"], o["file"], o["message"]))
        bad = [o for o in outcomes if o[0] != "imported"]
        stored = count_articles(url)
        codes = [p.returncode for p in procs]
        said = "; ".join((err.strip().splitlines() or [""])[-1] for _out, err in ended)
        print(
            f"  two clients, run {run + 1}: {walls[-1]:5.2f} s, exit codes {codes}, "
            f"{len(outcomes)} outcomes, {len(bad)} not imported, {stored} articles stored "
            f"(cli says: {said})"
        )
        for status, file, message in bad:
            print(f"    {status}: {file}: {message}")
        problems += len(bad) + sum(1 for c in codes if c) + (stored != n)
    wall = statistics.median(walls)
    print(
        f"two clients at once: {spread(walls)}, {n / wall:.0f} articles/s in total; "
        f"one client: {n / one:.0f} articles/s: ratio {one / wall:.2f}; "
        f"{'no errors' if not problems else f'{problems} PROBLEMS'}"
    )


if __name__ == "__main__":
    main()
