"""The main window's search on a team archive (PostgreSQL) of 100,000 articles.

    python bench/bench_pg_window_search.py [--n 100000] [--source ARCHIVE] [--rounds 3]
        [--url URL] [--explain 3]

The team archive is a copy of the file archive ``bench_search.py`` builds and caches
(``$TMPDIR/dossierdesk-bench-100000.sqlite3``: synthetic articles, 10 % tagged ukraine; run
``bench_search.py`` or ``bench_window_search.py`` first if it is missing), made with
``dossierdesk-cli copy SOURCE URL`` (timed), then ``VACUUM ANALYZE`` (timed). With ``--url``
a database already holding that copy is used as it is; an empty one is filled first.

What is timed is what the window does on its worker thread for each search, without Qt
(``gui/window_search.py``, ``gui/result_paging.py``): the first row is painted once
``Archive.search_ids(query, sort, limit=100)`` and ``Archive.summaries(ids)`` have returned
("first row"); the count (``Archive.count``) is the next job, timed apart. Every query runs
with the window's default sort (relevance: best match first for words, newest first for
filters) and sorted by date (the Date column clicked), except filters without words (the
same as date). One untimed pass warms the server's and the system's caches first.

Baseline, same process, same database, same rounds: one hand-written statement on a plain
psycopg connection that reads the same first page (id, title, date, source; no authors or
tags): the query's own filter (compiled by ``query.compile_query`` for PostgreSQL, literal
values) and, for relevance, ``ts_rank_cd`` over every match with the archive's weights
(no title-first shortcut), ``LIMIT 100``.

Target (issue #15): first row p95 < 100 ms at 100,000 articles. ``--explain N`` prints
``EXPLAIN (ANALYZE, BUFFERS)`` of every statement over 20 ms of the N slowest searches; then
``probe_fixes`` times the slow statement shapes against two possible fixes (``--no-probe``:
not).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sqlalchemy import event
from sqlalchemy.dialects import postgresql

from bench_vocab import words_by_share
from dossierdesk.query import compile_query
from dossierdesk.service import Archive
from dossierdesk.store.text_index import RANK_WEIGHTS
from dossierdesk.store.text_query import tsquery_from_match
from pg_bench_server import cli_command, databases, percentile

PAGE_SIZE = 100  # gui.models.article_table.PAGE_SIZE (not imported: it loads Qt)
SORTS = ("relevance", "-date")
SLOW_STATEMENT_MS = 20.0


def mixed_queries(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(kind, query): words picked from the source archive's FTS5 index by how many articles
    hold them (the synthetic vocabulary depends on the machine that built it)."""
    w99, w69, w15, w2, w03, w01 = words_by_share(conn)
    phrases = []
    for offset in (123, 4567):
        title = conn.execute(
            "SELECT title FROM articles ORDER BY id LIMIT 1 OFFSET ?", (offset,)
        ).fetchone()
        words = [w.lower() for w in title[0].split() if w.isalpha()]
        phrases.append(f'"{words[1]} {words[2]}"')
    return [
        ("word, in 99 %", w99),
        ("word, in 69 %", w69),
        ("word, in 15 %", w15),
        ("word, rare", w2),
        ("word, rare", w03),
        ("word, rare", w01),
        ("two words", f"{w99} {w69}"),
        ("two words", f"{w69} {w15}"),
        ("two words", f"{w15} {w2}"),
        ("phrase", phrases[0]),
        ("phrase", phrases[1]),
        ("prefix", f"{w15[:4]}*"),
        ("prefix", f"{w2[:5]}*"),
        ("OR / NOT", f"{w69} OR {w2}"),
        ("OR / NOT", f"{w15} -{w69}"),
        ("title:", f"title:{w69}"),
        ("title:", f"title:{w15} {w99}"),
        ("tag: + word", f"tag:ukraine {w99}"),
        ("tag: + word", f"tag:ukraine {w15}"),
        ("source: + word", f'source:"dod news" {w69}'),
        ("author: + word", f"author:vergun {w15}"),
        ("date + word", f"date:2015 {w69}"),
        ("date + word", f"after:2020-01-01 {w2}"),
        ("filter only", "tag:ukraine"),
        ("filter only", 'source:"dod news"'),
        ("filter only", "after:2020-01-01"),
        ("filter only", "date:2014-01..2014-06"),
        ("everything", ""),
    ]


def _literal(clause: Any) -> str:
    dialect = postgresql.psycopg.dialect()  # type: ignore[attr-defined]
    return str(clause.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def bare_statement(query: str, sort: str) -> str:
    """The baseline's one statement for the first page of ``query`` sorted by ``sort``."""
    compiled = compile_query(query)
    where = "TRUE" if compiled.where is None else _literal(compiled.where)
    columns = "articles.id, articles.title, articles.published, articles.source"
    if sort == "relevance" and compiled.rank_match:
        tsquery = tsquery_from_match(compiled.rank_match).replace("'", "''")
        rank = f"ts_rank_cd('{RANK_WEIGHTS}'::real[], articles_fts.document, '{tsquery}'::tsquery)"
        return (
            f"SELECT {columns} FROM articles JOIN articles_fts ON articles_fts.rowid = "
            f"articles.id WHERE articles_fts.document @@ '{tsquery}'::tsquery AND {where} "
            f"ORDER BY {rank} DESC, articles.published DESC NULLS LAST, articles.id DESC "
            f"LIMIT {PAGE_SIZE}"
        )
    return (
        f"SELECT {columns} FROM articles WHERE {where} "
        f"ORDER BY articles.published DESC NULLS LAST, articles.id DESC LIMIT {PAGE_SIZE}"
    )


def first_row(archive: Archive, query: str, sort: str) -> tuple[float, float, int]:
    """Seconds to the first row (ids + summaries), seconds to count, rows on the page."""
    start = time.perf_counter()
    ids = archive.search_ids(query, sort=sort, limit=PAGE_SIZE)
    rows = archive.summaries(ids)
    shown = time.perf_counter()
    archive.count(query)
    return shown - start, time.perf_counter() - shown, len(rows)


@contextmanager
def recorded(archive: Archive) -> Iterator[list[tuple[str, Any]]]:
    """The statements the archive runs meanwhile."""
    statements: list[tuple[str, Any]] = []

    def record(_c: Any, _cur: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        statements.append((statement, parameters))

    engine = archive._engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def explain(archive: Archive, bare: Any, query: str, sort: str) -> None:
    """EXPLAIN ANALYZE of the statements of one search that take over SLOW_STATEMENT_MS."""
    with recorded(archive) as statements:
        first_row(archive, query, sort)
    with bare.transaction():  # as the archive ran them: SET LOCAL holds for the search
        _explain_statements(bare, statements)


def _explain_statements(bare: Any, statements: list[tuple[str, Any]]) -> None:
    for statement, parameters in statements:
        start = time.perf_counter()
        cursor = bare.execute(statement, parameters)
        if cursor.description is None:  # a setting (SET LOCAL …): applied, nothing to explain
            continue
        cursor.fetchall()
        ms = (time.perf_counter() - start) * 1000
        if ms < SLOW_STATEMENT_MS:
            continue
        plan = bare.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).fetchall()
        print(f"\n--- {ms:.0f} ms: {statement.strip()}\n    parameters {parameters}")
        print("\n".join("    " + r[0] for r in plan))


def probe_fixes(bare: Any, queries: list[tuple[str, str]]) -> None:
    """Today's slow statement shapes against two possible fixes, on the bare connection (the
    archive is not changed: the title documents go into a temporary table).

    1. a plan that reads the documents through their GIN index, not a sequential scan (which
       the planner prices low because the documents are TOASTed: the scan looks like 668
       pages while every ``@@`` reads a document back from TOAST);
    2. the title's words in a small document of their own (``ts_filter(document, '{a}')``:
       the same lexemes, positions and weight), with its own GIN index: a title match is then
       a plain ``@@`` that the index answers, where ``'word':A`` on the whole document makes
       the server re-read every document containing the word to check the weight.
    """
    words = {kind: q for kind, q in queries}
    common, mid = words["word, in 99 %"], words["word, in 15 %"]
    start = time.perf_counter()
    bare.execute(
        "CREATE TEMP TABLE bench_titles AS "
        "SELECT rowid, ts_filter(document, '{a}') AS title_document FROM articles_fts"
    )
    bare.execute("CREATE INDEX ON bench_titles USING gin (title_document)")
    bare.execute("CREATE UNIQUE INDEX ON bench_titles (rowid)")
    bare.execute("ANALYZE bench_titles")
    print(f"\nprobing fixes (title documents built in {time.perf_counter() - start:.1f} s):")
    weights = f"'{RANK_WEIGHTS}'::real[]"

    def title_page(table: str, column: str, q: str) -> str:
        return (
            f"SELECT articles.id FROM articles JOIN {table} t ON t.rowid = articles.id "
            f"WHERE t.{column} @@ '{q}'::tsquery ORDER BY -ts_rank_cd({weights}, t.{column}, "
            f"'{q}'::tsquery), articles.published DESC, articles.id DESC LIMIT {PAGE_SIZE}"
        )

    tag_count = (
        "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE document @@ "
        f"'{common}'::tsquery LIMIT ALL) m WHERE m.rowid IN (SELECT article_id FROM "
        "article_tags JOIN tags ON tags.id = article_tags.tag_id WHERE tags.name = 'ukraine')"
    )
    cases = [
        (
            f"count {common!r}",
            f"SELECT count(*) FROM articles_fts WHERE document @@ '{common}'::tsquery",
        ),
        (f"count tag:ukraine {common}", tag_count),
    ]
    for word in (common, mid):
        cases.append(
            (
                f"title page {word!r}, today ('{word}':A)",
                title_page("articles_fts", "document", f"{word}:A"),
            )
        )
        cases.append(
            (
                f"title page {word!r}, title document",
                title_page("bench_titles", "title_document", word),
            )
        )
    for label, sql in cases:
        for seqscan in ("on", "off"):
            if "title document" in label and seqscan == "off":
                continue
            times = []
            for _ in range(4):
                bare.execute(f"SET enable_seqscan = {seqscan}")
                start = time.perf_counter()
                bare.execute(sql).fetchall()
                times.append((time.perf_counter() - start) * 1000)
            times = times[1:]  # the first warms the cache
            print(
                f"  {label:44} enable_seqscan {seqscan:3}: median {statistics.median(times):6.1f}"
                f" ms ({min(times):.1f}-{max(times):.1f})"
            )
    bare.execute("SET enable_seqscan = on")
    bare.execute("DROP TABLE bench_titles")


def load(url: str, source: Path) -> None:
    """Copy ``source`` into the empty team archive at ``url``, then VACUUM ANALYZE; timed."""
    import psycopg

    with psycopg.connect(url) as conn:
        exists = conn.execute("SELECT to_regclass('articles') IS NOT NULL").fetchone()
        if exists and exists[0]:
            row = conn.execute("SELECT count(*) FROM articles").fetchone()
            if row and row[0]:
                print(f"team archive already holds {row[0]} articles: not copied")
                return
    start = time.perf_counter()
    proc = subprocess.run(
        [*cli_command(), "copy", str(source), url], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.exit(f"copy failed: {proc.stderr[-3000:]}")
    copied = time.perf_counter() - start
    print(f"dossierdesk-cli copy: {copied:.1f} s ({proc.stderr.strip().splitlines()[-1]})")
    start = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE: {time.perf_counter() - start:.1f} s")


def summary(label: str, ours: list[float], base: list[float] | None = None) -> str:
    line = f"{label:22} p50 {percentile(ours, 50):7.1f} ms  p95 {percentile(ours, 95):7.1f} ms"
    if base is not None:
        line += f"   bare p50 {percentile(base, 50):7.1f}  p95 {percentile(base, 95):7.1f}"
    return line


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--source", type=Path, default=None, help="the file archive to copy")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--url", help="a database holding the copy, or empty (filled)")
    parser.add_argument("--explain", type=int, default=3, help="plans of the N slowest")
    parser.add_argument("--no-probe", action="store_true", help="skip probe_fixes")
    args = parser.parse_args()
    source = args.source or Path(tempfile.gettempdir()) / f"dossierdesk-bench-{args.n}.sqlite3"
    if not source.exists():
        sys.exit(f"{source} is missing: build it with bench/bench_search.py --n {args.n}")
    vocab = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    queries = mixed_queries(vocab)
    vocab.close()
    import psycopg

    # A database given is used as it is (filled when empty); else a throwaway server's.
    server = nullcontext(lambda: args.url) if args.url else databases(None)
    with server as new_database:
        url = new_database()
        load(url, source)
        print("2 cores shared with other work; server and client on the same machine")
        archive = Archive(url, read_only=True)
        bare = psycopg.connect(url, autocommit=True)
        cases = [
            (kind, q, sort)
            for kind, q in queries
            for sort in SORTS
            if sort == "-date" or compile_query(q).rank_match
        ]
        statements = {(q, sort): bare_statement(q, sort) for _kind, q, sort in cases}
        ours: dict[tuple[str, str], list[float]] = {(q, s): [] for _k, q, s in cases}
        counts: dict[tuple[str, str], list[float]] = {(q, s): [] for _k, q, s in cases}
        base: dict[tuple[str, str], list[float]] = {(q, s): [] for _k, q, s in cases}
        rows: dict[tuple[str, str], int] = {}
        for round_ in range(args.rounds + 1):  # round 0 warms the caches, untimed
            for _kind, q, sort in cases:
                first, count, rows[(q, sort)] = first_row(archive, q, sort)
                start = time.perf_counter()
                bare_rows = bare.execute(statements[(q, sort)], ()).fetchall()
                bare_s = time.perf_counter() - start
                if len(bare_rows) != rows[(q, sort)]:
                    sys.exit(f"{q!r} {sort}: {rows[(q, sort)]} rows, bare {len(bare_rows)}")
                if round_:
                    ours[(q, sort)].append(first * 1000)
                    counts[(q, sort)].append(count * 1000)
                    base[(q, sort)].append(bare_s * 1000)
        print(
            f"\n{'kind':15} {'query':32} {'sort':9} {'matches':>7} {'first row ms':>14} "
            f"{'count ms':>9} {'bare ms':>8}"
        )
        for kind, q, sort in cases:
            key = (q, sort)
            mine = ours[key]
            print(
                f"{kind:15} {(q or '(everything)')[:32]:32} {sort:9} {archive.count(q):>7} "
                f"{statistics.median(mine):6.1f} ({min(mine):.0f}-{max(mine):.0f}) "
                f"{statistics.median(counts[key]):9.1f} {statistics.median(base[key]):8.1f}"
            )
        print(f"\nper kind, over {args.rounds} rounds (first row; bare one-statement page):")
        kinds = list(dict.fromkeys(k for k, _q, _s in cases))
        for kind in kinds:
            keys = [(q, s) for k, q, s in cases if k == kind]
            print(
                summary(
                    kind,
                    [t for key in keys for t in ours[key]],
                    [t for key in keys for t in base[key]],
                )
            )
        for sort in SORTS:
            keys = [(q, s) for _k, q, s in cases if s == sort]
            print(
                summary(
                    f"sort {sort}",
                    [t for key in keys for t in ours[key]],
                    [t for key in keys for t in base[key]],
                )
            )
        all_ours = [t for ts in ours.values() for t in ts]
        all_base = [t for ts in base.values() for t in ts]
        with_count = [f + c for key in ours for f, c in zip(ours[key], counts[key], strict=True)]
        o50, o95 = percentile(all_ours, 50), percentile(all_ours, 95)
        b50, b95 = percentile(all_base, 50), percentile(all_base, 95)
        print("\n" + summary("overall, first row", all_ours, all_base))
        print(summary("first row + count", with_count))
        rounds_p95 = [percentile([ours[key][r] for key in ours], 95) for r in range(args.rounds)]
        print(f"p95 of each round: {', '.join(f'{p:.0f}' for p in rounds_p95)} ms")
        print(f"ratios ours/bare: p50 {o50 / b50:.2f}  p95 {o95 / b95:.2f}")
        print(f"target first row p95 < 100 ms: {'met' if o95 < 100 else 'MISSED'}")
        if args.explain:
            slowest = sorted(cases, key=lambda c: -statistics.median(ours[(c[1], c[2])]))
            for kind, q, sort in slowest[: args.explain]:
                print(f"\n=== {kind}: {q!r}, sort {sort}")
                explain(archive, bare, q, sort)
        if not args.no_probe:
            probe_fixes(bare, queries)
        bare.close()
        archive.close()


if __name__ == "__main__":
    main()
