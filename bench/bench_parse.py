"""Parsing cost per article: ``parse_document`` (and ``rows.prepare``) in CPU time.

    python bench/bench_parse.py [--n 3000] [--repeat 3] [--profile]

Parses N synthetic seed-shaped articles (``ArticleFactory(seed=11)``, as ``bench_import.py``
writes them) and, separately, the real corpus (``tests/data`` and ``seeds``). Prints
milliseconds of CPU (``time.process_time``, the machine is shared) per article, best of
``--repeat`` runs, and the ratio to a bare baseline run in the same process: decoding the bytes
as UTF-8 and splitting them into stripped lines, the least any text parser does.

Target (issue "Archive core"): parse_document <= 0.25 ms/article on the synthetic set.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dossierdesk.importers import ParseError, parse_document
from dossierdesk.service.rows import prepare
from synth import ArticleFactory

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 0.25

Docs = list[tuple[str, bytes]]


def synthetic(n: int) -> Docs:
    factory = ArticleFactory(seed=11)
    return [(f"article_{i:06d}.txt", t.encode("utf-8")) for i, t in enumerate(factory.texts(n))]


def corpus() -> Docs:
    paths = sorted(
        p
        for folder in ("tests/data", "seeds")
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and p.suffix != ".md"
    )
    return [(p.name, p.read_bytes()) for p in paths]


def bare(docs: Docs) -> None:
    for _, data in docs:
        [line.strip() for line in data.decode("utf-8", errors="replace").split("\n")]


def parse_all(docs: Docs) -> None:
    for name, data in docs:
        with contextlib.suppress(ParseError):
            parse_document(data, name)


def parse_and_prepare(docs: Docs) -> None:
    for name, data in docs:
        try:
            articles = parse_document(data, name)
        except ParseError:
            continue
        for article in articles:
            prepare(article)


def best_ms(run: Callable[[Docs], None], docs: Docs, repeat: int) -> float:
    """Best CPU milliseconds per document over ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run(docs)
        best = min(best, time.process_time() - start)
    return best * 1000 / len(docs)


def report(label: str, docs: Docs, repeat: int) -> float:
    base = best_ms(bare, docs, repeat)
    parse = best_ms(parse_all, docs, repeat)
    both = best_ms(parse_and_prepare, docs, repeat)
    print(f"{label}: {len(docs)} documents")
    print(f"  bare decode+split       : {base:7.4f} ms/article")
    print(f"  parse_document         : {parse:7.4f} ms/article  ({parse / base:5.1f}x bare)")
    print(f"  parse_document+prepare : {both:7.4f} ms/article  ({both / base:5.1f}x bare)")
    return parse


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the synthetic set")
    args = parser.parse_args()
    docs = synthetic(args.n)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(parse_all, docs)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return
    parse_all(docs[:50])  # warm up imports and compiled regexes
    parse = report("synthetic", docs, args.repeat)
    report("corpus", corpus(), max(args.repeat, 5))
    verdict = "meets" if parse <= TARGET_MS else "MISSES"
    print(f"synthetic parse_document {parse:.4f} ms/article: {verdict} the target <= {TARGET_MS}")


if __name__ == "__main__":
    main()
