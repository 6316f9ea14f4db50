"""Small edits after a large import, with the search index as the import leaves it and after
the window has tidied it while idle (``Archive.tidy_index``, ``gui.index_upkeep``).

    python bench/bench_index_upkeep.py [--n 100000] [--repeat 3] [--load N]

The archive is ``bench_search.py``'s (cached; built by one import of ``--n`` articles, the
import leaving its full-text index in the segments it wrote). Each round copies it twice:

- **as imported**: the first edits a user makes, timed as the window's undoable actions run
  them: a re-extraction of 50 articles (Re-extract), then 20 title edits one after another
  (the longest of them is printed);
- **tidied**: the window's idle steps first (each timed: the longest is what a user's action
  may wait for), then the same edits: the bare baseline, an archive without unmerged segments.

The ratio is "as imported" over "tidied", in the same round; no target (the fault was a
re-extraction of 50 articles taking 4.9 s instead of 0.3 at 100,000 articles).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import cached_archive
from cpu_load import add_load_option, cpu_load
from dossierdesk.service import Archive
from dossierdesk.service.editing import ArticleEdit

REPARSED = range(1000, 1050)
EDITED = range(2000, 2020)


def copy_settled(source: Path, dest: Path) -> None:
    """Copy the archive and write the copy through to the disk: otherwise the first
    checkpoint's fsync, inside whatever runs first, would flush the whole copy (0.4-0.5 s)."""
    shutil.copyfile(source, dest)
    with open(dest, "rb+") as handle:
        os.fsync(handle.fileno())


def edits(path: Path) -> tuple[float, float]:
    """A re-extraction of 50 articles, then the longest of 20 title edits (seconds)."""
    with Archive(path) as archive:
        start = time.perf_counter()
        archive.reparse(list(REPARSED))
        reparse = time.perf_counter() - start
        longest = 0.0
        for article_id in EDITED:
            edit = ArticleEdit.from_detail(archive.article(article_id))
            start = time.perf_counter()
            archive.update_article(article_id, dataclasses.replace(edit, title=edit.title + "!"))
            longest = max(longest, time.perf_counter() - start)
    return reparse, longest


def tidy(path: Path) -> tuple[int, float, float]:
    """Steps until none is left: how many, their total and the longest (seconds)."""
    steps, total, longest = 0, 0.0, 0.0
    with Archive(path) as archive:
        while True:
            start = time.perf_counter()
            merged = archive.tidy_index()
            took = time.perf_counter() - start
            total, longest = total + took, max(longest, took)
            if not merged:
                return steps, total, longest
            steps += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    add_load_option(parser)
    args = parser.parse_args()
    source = cached_archive(args.n)
    rows: list[tuple[float, float, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp, cpu_load(args.load):
        if args.load:
            print(f"under load: {args.load} other busy processes")
        for run in range(args.repeat):
            imported, tidied = Path(tmp) / "imported.sqlite3", Path(tmp) / "tidied.sqlite3"
            copy_settled(source, imported)
            copy_settled(source, tidied)
            raw_reparse, raw_edit = edits(imported)
            steps, total, longest = tidy(tidied)
            reparse, edit = edits(tidied)
            rows.append((raw_reparse, reparse, raw_edit, edit))
            print(
                f"  run {run + 1}: as imported: re-extract 50 {raw_reparse:6.2f} s, longest "
                f"title edit {raw_edit * 1e3:6.0f} ms | tidied in {steps} steps ({total:.2f} s,"
                f" longest {longest * 1e3:.0f} ms): re-extract 50 {reparse:6.2f} s, longest "
                f"title edit {edit * 1e3:6.0f} ms"
            )
            for path in Path(tmp).iterdir():
                path.unlink()
    med = [statistics.median(col) for col in zip(*rows, strict=True)]
    print(f"{args.n:,} articles, medians of {args.repeat} rounds:")
    print(
        f"  re-extract 50 articles: as imported {med[0]:.2f} s, tidied {med[1]:.2f} s "
        f"(ratio {med[0] / med[1]:.1f})"
    )
    print(
        f"  longest of 20 title edits: as imported {med[2] * 1e3:.0f} ms, tidied "
        f"{med[3] * 1e3:.0f} ms (ratio {med[2] / med[3]:.1f})"
    )


if __name__ == "__main__":
    main()
