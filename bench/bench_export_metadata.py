"""Metadata export of a whole archive: ``dossierdesk-cli export-metadata --format csv`` against a
bare command writing the same columns.

    python bench/bench_export_metadata.py [--n 100000] [--repeat 3]

The archive is ``bench_search.py``'s of N articles (built and cached in the temp folder if
missing). Both sides run as new processes, timed from outside, alternately, ``--repeat``
times; the medians and their ratio are printed. The bare command is Python with sqlite3 and
csv: one statement reading each article with its authors, tags, image count, VIRINs and
credits (``group_concat``), newest first, written as rows of the same columns. It does not
sort names, order an article's authors or check anything, so it is the least such an export
does.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import cached_archive

BARE = r"""
import csv, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
rows = con.execute(
    "SELECT a.id, a.title, a.published, "
    " (SELECT group_concat(p.name, '; ') FROM article_authors aa JOIN persons p "
    "  ON p.id = aa.person_id WHERE aa.article_id = a.id), "
    " a.byline, a.source, a.dateline, a.url, a.word_count, "
    " (SELECT group_concat(t.name, '; ') FROM article_tags at JOIN tags t ON t.id = at.tag_id "
    "  WHERE at.article_id = a.id), "
    " a.source_name, a.format, a.imported_at, "
    " (SELECT count(*) FROM images i WHERE i.article_id = a.id), "
    " (SELECT group_concat(i.virin, '; ') FROM images i WHERE i.article_id = a.id), "
    " (SELECT group_concat(i.credit, '; ') FROM images i WHERE i.article_id = a.id) "
    "FROM articles a ORDER BY a.published DESC"
)
with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    writer = csv.writer(out)
    writer.writerow(["id", "title", "published", "authors", "byline", "source", "dateline",
                     "url", "word_count", "tags", "source_file", "format", "imported_at",
                     "image_count", "virins", "credits"])
    writer.writerows(rows)
"""


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = cached_archive(args.n)
    exe = Path(sys.executable).with_name("dossierdesk-cli")
    cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "dossierdesk.cli.main"]
    ours, bare = [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "meta.csv"
        for run in range(args.repeat):
            bare.append(timed([sys.executable, "-c", BARE, str(path), str(out)]))
            ours.append(
                timed([*cli, "--archive", str(path), "export-metadata", "--format", "csv",
                       "-o", str(out)])
            )  # fmt: skip
            print(f"  run {run + 1}: bare {bare[-1]:5.2f} s, export-metadata {ours[-1]:5.2f} s")
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"archive: {path}")
    print(f"bare sqlite3 + csv command : {b:6.2f} s (median)")
    print(f"dossierdesk-cli export     : {o:6.2f} s (median); {o / b:.2f} times the bare command")


if __name__ == "__main__":
    main()
