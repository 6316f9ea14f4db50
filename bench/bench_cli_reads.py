"""Reading commands at 100,000 articles: ``dossierdesk-cli`` process vs a bare Python + sqlite3
process doing the same read, on the same archive.

    python bench/bench_cli_reads.py [--n 100000] [--repeat 15] [--src DIR] [--load N]

Each command (``list --limit 10``, ``show ID``, ``stats``, ``tags``) runs as a fresh process,
timed from just before the spawn to its exit, alternating with its bare equivalent (which
order goes first alternates too), ``--repeat`` times; medians in ms and their ratio.
Target: every command at most 150 ms. ``--src`` runs the commands from another source tree
(e.g. an older checkout's ``src``) for before/after figures. The archive is
``bench_search.py``'s, cached in the temp folder. ``--load N`` runs both sides with N other busy
processes (``cpu_load``): the commands on a loaded machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cpu_load import add_load_option, cpu_load

TARGET_MS = 150

# The bare process: Python, sqlite3, the query, the printing.
BARE_LIST = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT id, published, title, source FROM articles "
                 "ORDER BY published DESC NULLS LAST, id DESC LIMIT 10").fetchall()
total = c.execute("SELECT count(*) FROM articles").fetchone()[0]
for i, published, title, source in rows:
    names = [r[0] for r in c.execute("SELECT p.name FROM article_authors aa JOIN persons p "
             "ON p.id = aa.person_id WHERE aa.article_id = ? ORDER BY aa.position", (i,))]
    print(f"{i:>6}  {published}  {title}  —  {', '.join(names) or source}")
print(total, "articles", file=sys.stderr)
"""
BARE_SHOW = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
a = c.execute("SELECT a.*, t.body FROM articles a JOIN article_texts t ON t.article_id = a.id "
              "WHERE a.id = ?", (int(sys.argv[2]),)).fetchone()
imgs = c.execute("SELECT * FROM images WHERE article_id = ? ORDER BY position",
                 (a[0],)).fetchall()
print(a[1]); print(a[-1]); print(imgs)
"""
BARE_STATS = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for t in ("articles", "images", "tags", "persons", "source_files", "photos"):
    print(t, c.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
print(c.execute("SELECT min(published), max(published) FROM articles").fetchone())
print(c.execute("SELECT format, count(*) FROM articles GROUP BY format").fetchall())
"""
BARE_TAGS = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for n, name in c.execute("SELECT count(at.article_id), t.name FROM tags t LEFT JOIN "
                         "article_tags at ON at.tag_id = t.id GROUP BY t.id ORDER BY t.name"):
    print(f"{n:>6}  {name}")
"""


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--src", type=Path, default=Path(__file__).resolve().parents[1] / "src")
    add_load_option(parser)
    args = parser.parse_args()
    from bench_search import cached_archive

    path = cached_archive(args.n)
    env = dict(os.environ, PYTHONPATH=str(args.src.resolve()))
    # As installed: compiled modules are cached (a tree run with bytecode writing off would
    # compile every module of ours on every start).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cli = [sys.executable, "-m", "dossierdesk.cli.main", "--archive", str(path)]
    bare = [sys.executable, "-c"]
    cases = [
        ("list --limit 10", [*cli, "list", "--limit", "10"], [*bare, BARE_LIST, str(path)]),
        ("show 4242", [*cli, "show", "4242"], [*bare, BARE_SHOW, str(path), "4242"]),
        ("stats", [*cli, "stats"], [*bare, BARE_STATS, str(path)]),
        ("tags", [*cli, "tags"], [*bare, BARE_TAGS, str(path)]),
    ]
    for _, ours, theirs in cases:  # warm the page cache and the .pyc files
        timed(ours, env)
        timed(theirs, env)
    load = f", {args.load} other busy processes" if args.load else ""
    print(f"{args.src}  ({args.n:,} articles, {args.repeat} runs each, medians{load})")
    print(f"{'command':18} {'ours ms':>8} {'bare ms':>8} {'ratio':>6}  target <= {TARGET_MS} ms")
    with cpu_load(args.load):
        missed = _rounds(cases, env, args.repeat)
    print("all met" if not missed else f"{missed} MISSED")


def _rounds(cases: list[tuple[str, list[str], list[str]]], env: dict[str, str], repeat: int) -> int:
    """Each case ``repeat`` times against its bare command, alternating; how many missed."""
    missed = 0
    for name, ours, theirs in cases:
        ours_t: list[float] = []
        bare_t: list[float] = []
        for i in range(repeat):
            if i % 2:
                bare_t.append(timed(theirs, env))
                ours_t.append(timed(ours, env))
            else:
                ours_t.append(timed(ours, env))
                bare_t.append(timed(theirs, env))
        o, b = statistics.median(ours_t), statistics.median(bare_t)
        met = o <= TARGET_MS
        missed += not met
        print(f"{name:18} {o:8.0f} {b:8.0f} {o / b:6.1f}  {'met' if met else 'MISSED'}")
    return missed


if __name__ == "__main__":
    main()
