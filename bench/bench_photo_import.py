"""Photo import throughput and memory: ``dossierdesk-cli import FOLDER`` of photos vs a bare loop.

    python bench/bench_photo_import.py [--n 2000] [--repeat 3] [--real DIR] [--mp 50]

Photos: ``--n`` files, mixed JPEG and WebP from 26 KB to 3 MB. They are the ten real
defense.gov photos of ``--real`` (by default ``../shared/photos`` when it is there, else the
copies in ``tests/data/photos``: seven WebP named ``.JPG``, one 4767 x 2495 JPEG of 2.5 MB) in
turn, and every fifth file a synthetic 2400 x 1600 to 3600 x 2400 JPEG of 1-3 MB, each made
unique (a comment segment or an unknown WebP chunk: same picture, another hash).

Bare baseline (the issue's): read the bytes, read the picture's header with Pillow, insert the
bytes into a sqlite3 table; one transaction. Ours: the command a user runs, in a new process,
into a new archive (reading metadata, checking that the picture decodes, linking by VIRIN).
Both run ``--repeat`` times, alternately, each into a new database; ratios on the medians.
Goal (issue "Photos"): our photos/s at least half the bare loop's.

Then the peak memory of importing one ``--mp``-megapixel JPEG (the largest process of the
command and its parser processes: ``RUSAGE_CHILDREN``), against importing a small one.
Goal: < 500 MB.
"""

from __future__ import annotations

import argparse
import io
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pdf_photos import default_real_folder, synthetic_jpeg, unique_variant


def make_photos(folder: Path, n: int, real: Path) -> int:
    originals = [
        p.read_bytes()
        for p in sorted(real.iterdir())
        if p.suffix.lower() in (".jpg", ".jpeg", ".webp", ".png")
    ]
    big = [synthetic_jpeg(2400 + 600 * k, 1600 + 400 * k, seed=k, quality=92) for k in range(3)]
    total = 0
    for k in range(n):
        source = big[(k // 5) % 3] if k % 5 == 4 else originals[k % len(originals)]
        data = unique_variant(source, k)
        (folder / f"photo-{k:05d}.JPG").write_bytes(data)
        total += len(data)
    return total


def bare_import(folder: Path, db: Path) -> float:
    """Read bytes + Pillow header read + sqlite insert, one transaction."""
    from PIL import Image

    start = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute(
        "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT, width INT, height INT, data BLOB)"
    )
    with con:
        for path in sorted(folder.iterdir()):
            data = path.read_bytes()
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size
            con.execute(
                "INSERT INTO photos (name, width, height, data) VALUES (?, ?, ?, ?)",
                (path.name, width, height, data),
            )
    con.close()
    return time.perf_counter() - start


def cli() -> list[str]:
    exe = Path(sys.executable).with_name("dossierdesk-cli")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "dossierdesk.cli.main"]


def cli_import(folder: Path, archive: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [*cli(), "--archive", str(archive), "import", str(folder)],
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"import failed ({done.returncode}): {done.stderr[-2000:]}")
    return took


def stored_photos(archive: Path) -> int:
    con = sqlite3.connect(archive)
    try:
        return int(con.execute("SELECT count(*) FROM photos").fetchone()[0])
    finally:
        con.close()


PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
"""


def import_peak(photo: Path, archive: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *cli(), "--archive", str(archive), "import", str(photo)],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout.strip().splitlines()[-1])


def bench_memory(megapixels: float, work: Path) -> None:
    width = round((megapixels * 1e6 * 3 / 2) ** 0.5)
    height = round(width * 2 / 3)
    huge = work / "huge.jpg"
    make = (
        "import sys; sys.path.insert(0, sys.argv[1]); from bench_pdf_photos import synthetic_jpeg;"
        f"open(sys.argv[2], 'wb').write(synthetic_jpeg({width}, {height}, seed=3))"
    )
    subprocess.run([sys.executable, "-c", make, str(Path(__file__).parent), str(huge)], check=True)
    small = work / "small.jpg"
    small.write_bytes(synthetic_jpeg(800, 533, seed=4))
    peak_small = import_peak(small, work / "small.sqlite3")
    peak_huge = import_peak(huge, work / "huge.sqlite3")
    print(
        f"import of one {width}x{height} JPEG ({width * height / 1e6:.0f} MP, "
        f"{huge.stat().st_size / 1e6:.1f} MB): peak RSS {peak_huge / 1e6:.0f} MB "
        f"(an 800x533 one: {peak_small / 1e6:.0f} MB; goal < 500 MB); "
        f"stored {stored_photos(work / 'huge.sqlite3')} photo"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--real", type=Path, default=default_real_folder())
    parser.add_argument("--mp", type=float, default=50)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-photo-import-"))
    bench_memory(args.mp, work)  # first, while this process is small
    folder = work / "photos"
    folder.mkdir()
    total = make_photos(folder, args.n, args.real)
    print(f"{args.n} photos, {total / 1e6:.0f} MB ({total / args.n / 1e3:.0f} KB average)")
    bare: list[float] = []
    ours: list[float] = []
    for k in range(args.repeat):
        bare.append(bare_import(folder, work / f"bare-{k}.sqlite3"))
        archive = work / f"archive-{k}.sqlite3"
        ours.append(cli_import(folder, archive))
        stored = stored_photos(archive)
        if stored != args.n:
            raise SystemExit(f"{stored} photos stored, {args.n} expected")
        print(f"  run {k + 1}: bare {bare[-1]:.2f} s, dossierdesk-cli import {ours[-1]:.2f} s")
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"bare loop:     {args.n / b:7.1f} photos/s (median {b:.2f} s)")
    print(f"dossierdesk:   {args.n / o:7.1f} photos/s (median {o:.2f} s)")
    print(f"ratio (ours/bare rate): {b / o:.2f} (goal >= 0.5)")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} KiB")


if __name__ == "__main__":
    main()
