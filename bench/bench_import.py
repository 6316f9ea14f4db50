"""Import throughput: ``dossierdesk-cli import`` vs a bare sqlite3 + FTS5 insert of the same texts.

    python bench/bench_import.py [--n 10000] [--repeat 3]

Target (issue "Archive core"): at least half the bare rate at N = 10,000.

Both sides run ``--repeat`` times, alternately, each into a new database, and the ratio is
taken on the medians: one run of either side is at the mercy of the machine (the kernel
writing back the previous run's pages, another process).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import ArticleFactory


def write_files(folder: Path, n: int) -> None:
    factory = ArticleFactory(seed=11)
    for i, text in enumerate(factory.texts(n)):
        (folder / f"article_{i:06d}.txt").write_text(text, encoding="utf-8")


def bare_insert(folder: Path, db: Path) -> float:
    """Read every file and insert title + text into an FTS5 table, in one transaction."""
    start = time.perf_counter()
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
            text = path.read_text(encoding="utf-8")
            title = text.split("\n", 2)[1]
            cur = con.execute("INSERT INTO articles (title, body) VALUES (?, ?)", (title, text))
            con.execute(
                "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                (cur.lastrowid, title, text),
            )
    con.close()
    return time.perf_counter() - start


def cli_import(folder: Path, archive: Path, *, quiet: bool = False) -> float:
    exe = Path(sys.executable).with_name("dossierdesk-cli")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "dossierdesk.cli.main"]
    start = time.perf_counter()
    proc = subprocess.run(
        [*cmd, "--archive", str(archive), "import", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"import failed: {proc.stderr[-2000:]}")
    if not quiet:
        print("  cli says:", proc.stderr.strip().splitlines()[-1])
    return elapsed


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "articles"
        folder.mkdir()
        write_files(folder, args.n)
        size = sum(p.stat().st_size for p in folder.iterdir())
        print(f"{args.n} seed-shaped articles, {size / 1e6:.1f} MB")
        bares, ours = [], []
        for run in range(args.repeat):
            bares.append(bare_insert(folder, root / f"bare{run}.sqlite3"))
            ours.append(cli_import(folder, root / f"archive{run}.sqlite3", quiet=run > 0))
            size = os.path.getsize(root / f"archive{run}.sqlite3")
            for path in root.glob("*.sqlite3*"):
                path.unlink()  # each run writes a new database
            print(f"  run {run + 1}: bare {bares[-1]:5.2f} s, dossierdesk-cli {ours[-1]:5.2f} s")
        bare, mine = statistics.median(bares), statistics.median(ours)
        bare_rate, our_rate = args.n / bare, args.n / mine
        print(f"bare sqlite3+FTS5 : {bare:7.2f} s  {bare_rate:8.0f} articles/s (median)")
        print(f"dossierdesk-cli   : {mine:7.2f} s  {our_rate:8.0f} articles/s (median)")
        ratio = our_rate / bare_rate
        best = min(bares) / min(ours)
        verdict = "meets" if ratio >= 0.5 else "MISSES"
        print(
            f"ratio {ratio:.2f} of the bare rate (best runs {best:.2f}; "
            f"{verdict} the target >= 0.50)"
        )
        print(f"archive size {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
