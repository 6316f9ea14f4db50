"""Disk and memory peaks of a large import and of ``check`` (issue #11, faults 11 and 3).

    python bench/bench_hardening.py [--n 100000] [--dir FOLDER] [--skip-import | --skip-check]

1. Builds ``--n`` seed-shaped article files (``synth.ArticleFactory``, as ``bench_import.py``;
   kept in ``--dir`` and reused when it already holds that many), imports them with
   ``dossierdesk-cli import`` into a new archive, sampling every 50 ms the disk used by the
   archive and its ``-wal`` and ``-shm`` files. Prints the peak against the final archive's
   size (target: at most 1.3 times).
2. Runs ``dossierdesk-cli check`` on that archive, then again after adding a few articles whose
   titles are huge (``--huge-titles`` of ``--huge-title-mb`` MB each, written with sqlite3
   straight into the tables as an archive made before titles were limited would hold them;
   their text rows' trigger indexes them). Prints each run's peak RSS (target: 300 MB).

Linux (peak RSS from ``wait4``, in KiB there). Disk use is what the files occupy (allocated
blocks), the sizes they report are printed too.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import write_files

DISK_TARGET = 1.3
RSS_TARGET_MB = 300
SAMPLE_SECONDS = 0.05


def cli() -> list[str]:
    exe = Path(sys.executable).with_name("dossierdesk-cli")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "dossierdesk.cli.main"]


def disk(path: Path) -> tuple[int, int, int]:
    """(allocated bytes of the archive and its -wal and -shm files, their sizes, the -wal's)"""
    used = size = wal = 0
    for suffix in ("", "-wal", "-shm"):
        try:
            st = os.stat(f"{path}{suffix}")
        except OSError:
            continue
        used += st.st_blocks * 512
        size += st.st_size
        if suffix == "-wal":
            wal = st.st_size
    return used, size, wal


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def prepare(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    have = sum(1 for p in folder.iterdir() if p.suffix == ".txt")
    if have != n:
        for p in folder.iterdir():
            p.unlink()
        start = time.perf_counter()
        write_files(folder, n)
        print(f"wrote {n:,} files in {time.perf_counter() - start:.0f} s")
    size = sum(p.stat().st_size for p in folder.iterdir())
    print(f"{n:,} seed-shaped articles, {mb(size)}")


def run_import(folder: Path, archive: Path) -> None:
    for p in archive.parent.glob(archive.name + "*"):
        p.unlink()
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*cli(), "--archive", str(archive), "import", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        peak_used = peak_size = peak_wal = 0
        samples = 0
        while proc.poll() is None:
            used, size, wal = disk(archive)
            peak_used, peak_size, peak_wal = (
                max(peak_used, used),
                max(peak_size, size),
                max(peak_wal, wal),
            )
            samples += 1
            time.sleep(SAMPLE_SECONDS)
        elapsed = time.perf_counter() - start
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    if proc.returncode not in (0, 1):
        sys.exit(f"import failed ({proc.returncode}): {lines[-20:]}")
    final_used, final_size, _ = disk(archive)
    print(f"import: {lines[-1] if lines else '?'} in {elapsed:.1f} s ({samples} samples)")
    print(
        f"  final archive {mb(final_used)} on disk ({mb(final_size)}); "
        f"peak during the import {mb(peak_used)} on disk ({mb(peak_size)}), "
        f"-wal at most {mb(peak_wal)}"
    )
    ratio = peak_used / final_used
    verdict = "meets" if ratio <= DISK_TARGET else "MISSES"
    print(f"  peak disk / final archive: {ratio:.2f} ({verdict} the target <= {DISK_TARGET})")


def add_huge_titles(archive: Path, count: int, size_mb: float) -> None:
    """``count`` articles whose titles are ``size_mb`` MB of words, written directly."""
    con = sqlite3.connect(archive)
    try:
        columns = con.execute("PRAGMA table_info(articles)").fetchall()
        words = (f"w{i % 50_000} " for i in range(10**9))
        for k in range(count):
            title_parts: list[str] = []
            length = 0
            while length < size_mb * 1e6:
                part = next(words)
                title_parts.append(part)
                length += len(part)
            title = "Hugetitlemarker " + "".join(title_parts)
            values: dict[str, object] = {}
            for _cid, name, kind, notnull, default, pk in columns:
                if pk:
                    continue
                kind = (kind or "").upper()
                if name == "title":
                    values[name] = title
                elif name == "content_hash":
                    values[name] = hashlib.sha256(f"huge {k} {time.time()}".encode()).hexdigest()
                elif not notnull or default is not None:
                    continue
                elif "INT" in kind or "BOOL" in kind:
                    values[name] = 0
                elif kind == "DATE":
                    values[name] = "2024-01-01"
                elif "DATE" in kind or "TIME" in kind:
                    values[name] = "2024-01-01 00:00:00.000000"
                else:
                    values[name] = "bench"
            names = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            with con:
                cur = con.execute(
                    f"INSERT INTO articles ({names}) VALUES ({marks})", list(values.values())
                )
                con.execute(
                    "INSERT INTO article_texts (article_id, body, captions, credits) "
                    "VALUES (?, ?, '', '')",
                    (cur.lastrowid, "A short body."),
                )
        indexed = con.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'hugetitlemarker'"
        ).fetchone()[0]
    finally:
        con.close()
    print(f"added {count} articles with {size_mb:g} MB titles ({indexed} found by the index)")


def run_check(archive: Path, label: str) -> None:
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*cli(), "--archive", str(archive), "check"], stdout=out, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        out.seek(0)
        said = out.read().decode("utf-8", "replace").strip().splitlines()
    rss_mb = usage.ru_maxrss * 1024 / 1e6  # KiB on Linux
    verdict = "meets" if rss_mb <= RSS_TARGET_MB else "MISSES"
    print(
        f"check ({label}): exit {proc.returncode}, says {said[-1] if said else '?'!r}, "
        f"{elapsed:.1f} s, peak RSS {rss_mb:.0f} MB ({verdict} the target <= {RSS_TARGET_MB} MB)"
    )


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000, help="articles to import")
    parser.add_argument("--dir", type=Path, default=None, help="keep the files and archive here")
    parser.add_argument("--skip-import", action="store_true", help="check the archive in --dir")
    parser.add_argument("--skip-check", action="store_true")
    parser.add_argument("--huge-titles", type=int, default=3)
    parser.add_argument("--huge-title-mb", type=float, default=32.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.dir or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        archive = root / "archive.sqlite3"
        if not args.skip_import:
            folder = root / f"articles_{args.n}"
            prepare(folder, args.n)
            run_import(folder, archive)
        if not args.skip_check:
            if not archive.exists():
                sys.exit(f"no archive at {archive}")
            run_check(archive, "as imported")
            if args.huge_titles:
                # In a process of its own: the titles it builds would otherwise stay in this
                # process's memory, and a child forked from it starts with that resident set
                # counted in its own peak RSS (it measured 580 MB for a 113 MB check).
                adder = multiprocessing.get_context("spawn").Process(
                    target=add_huge_titles, args=(archive, args.huge_titles, args.huge_title_mb)
                )
                adder.start()
                adder.join()
                run_check(archive, f"with {args.huge_titles} huge titles")


if __name__ == "__main__":
    main()
