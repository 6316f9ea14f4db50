"""Search latency at 100,000 articles: Archive.search vs the bare FTS5/SQL query, same data.

    python bench/bench_search.py [--n 100000] [--repeat 5] [--rebuild]

Twenty representative queries (common and rare words, phrases, field filters, date ranges).
Each search returns the total and the first page (50 ids), sorted by relevance when the query
has words, else by date. Targets: p95 within 1.25x of bare FTS5 and under 100 ms.
The archive is built once and cached in the temp folder.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dossierdesk.service import Archive
from synth import ArticleFactory

PAGE = 50
BM25 = "bm25(articles_fts, 10.0, 1.0, 2.0, 1.0)"


def build(path: Path, n: int) -> None:
    factory = ArticleFactory(seed=3)
    sources = factory.source_files(n)
    start = time.perf_counter()
    with Archive(path) as archive:
        report = archive.import_sources(sources, total=n)
        rng = random.Random(5)
        ids = list(archive.search("").ids)
        archive.add_tags(rng.sample(ids, len(ids) // 10), ["ukraine"])
        archive.add_tags(rng.sample(ids, len(ids) // 100), ["dprk"])
    print(f"built {len(report.outcomes)} articles in {time.perf_counter() - start:.0f} s")


def cached_archive(n: int, rebuild: bool = False) -> Path:
    """The archive of ``n`` synthetic articles the benchmarks share, in the temp folder: built
    (and cached) when missing, or again with ``rebuild``."""
    path = Path(tempfile.gettempdir()) / f"dossierdesk-bench-{n}.sqlite3"
    if rebuild or not path.exists():
        for p in path.parent.glob(path.name + "*"):
            p.unlink()
        build(path, n)
    return path


def queries(factory: ArticleFactory) -> list[tuple[str, str, tuple[object, ...]]]:
    """(our query, bare SQL, bare parameters)."""
    v = factory.vocab
    w5, w30, w200, w1500, w8000 = v[5], v[30], v[200], v[1500], v[8000]
    rare = v[-50]
    text = factory.text(123).split("\n")[5].split()
    phrase = f"{text[3].strip('.').lower()} {text[4].strip('.').lower()}"

    def fts(match: str) -> tuple[str, str, tuple[object, ...]]:
        return (
            "",
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
            f"ORDER BY {BM25} LIMIT {PAGE}",
            (match,),
        )

    def sql(where: str, *params: object) -> tuple[str, str, tuple[object, ...]]:
        return (
            "",
            f"SELECT id FROM articles a WHERE {where} ORDER BY published DESC LIMIT {PAGE}",
            params,
        )

    table: list[tuple[str, tuple[str, str, tuple[object, ...]]]] = [
        (w5, fts(f'"{w5}"')),
        (w30, fts(f'"{w30}"')),
        (w200, fts(f'"{w200}"')),
        (w1500, fts(f'"{w1500}"')),
        (w8000, fts(f'"{w8000}"')),
        (rare, fts(f'"{rare}"')),
        (f"{w30} {w200}", fts(f'"{w30}" AND "{w200}"')),
        (f'"{phrase}"', fts(f'"{phrase}"')),
        (f"{w200[:4]}*", fts(f'"{w200[:4]}"*')),
        (f"title:{w30}", fts(f'{{title}}: "{w30}"')),
        (f"{w30} OR {w1500}", fts(f'"{w30}" OR "{w1500}"')),
        (f"{w200} -{w5}", fts(f'"{w200}" NOT "{w5}"')),
        (
            "author:vergun",
            sql(
                "EXISTS (SELECT 1 FROM article_authors aa JOIN persons p ON p.id = aa.person_id "
                "WHERE aa.article_id = a.id AND p.name LIKE ?)",
                "%vergun%",
            ),
        ),
        ('source:"dod news"', sql("a.source LIKE ?", "%dod news%")),
        (
            "tag:dprk",
            sql(
                "EXISTS (SELECT 1 FROM article_tags t JOIN tags g ON g.id = t.tag_id "
                "WHERE t.article_id = a.id AND g.name = ?)",
                "dprk",
            ),
        ),
        (
            "service:navy",
            sql(
                "EXISTS (SELECT 1 FROM images i WHERE i.article_id = a.id AND i.virin_service = ?)",
                "N",
            ),
        ),
        (
            "virin:1503",
            sql(
                "EXISTS (SELECT 1 FROM images i WHERE i.article_id = a.id AND "
                "i.virin_normalized LIKE ?)",
                "1503%",
            ),
        ),
        (
            "date:2014-01..2014-06",
            sql("a.published >= ? AND a.published < ?", "2014-01-01", "2014-07-01"),
        ),
        (f"after:2020-01-01 {w30}", fts(f'"{w30}"')),
        (f"({w200} OR {w1500}) tag:ukraine", fts(f'"{w200}" OR "{w1500}"')),
    ]
    return [(q, bare[1], bare[2]) for q, bare in table]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    path = cached_archive(args.n, args.rebuild)
    factory = ArticleFactory(seed=3)
    table = queries(factory)
    ours_all: list[float] = []
    bare_all: list[float] = []
    bare = sqlite3.connect(path)
    print(f"{'query':42} {'hits':>7} {'ours ms':>9} {'bare ms':>9}")
    with Archive(path) as archive:
        for query, sql, params in table:
            ours_t, bare_t = [], []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                result = archive.search(query, sort="auto", limit=PAGE)
                ours_t.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                bare.execute(sql, params).fetchall()
                bare_t.append((time.perf_counter() - t0) * 1000)
            ours_all += ours_t
            bare_all += bare_t
            print(
                f"{query[:42]:42} {result.total:>7} {statistics.median(ours_t):9.1f} "
                f"{statistics.median(bare_t):9.1f}"
            )
    bare.close()
    o50, o95 = percentile(ours_all, 50), percentile(ours_all, 95)
    b50, b95 = percentile(bare_all, 50), percentile(bare_all, 95)
    print(f"\nours: p50 {o50:.1f} ms  p95 {o95:.1f} ms")
    print(f"bare: p50 {b50:.1f} ms  p95 {b95:.1f} ms")
    ratio = o95 / b95 if b95 else float("inf")
    ok = ratio <= 1.25 and o95 < 100
    print(f"p95 ratio {ratio:.2f} (target <= 1.25 and p95 < 100 ms: {'met' if ok else 'MISSED'})")


if __name__ == "__main__":
    main()
