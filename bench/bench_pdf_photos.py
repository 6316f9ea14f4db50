"""Printed photos: export time and PDF size with and without photos, and memory for a huge one.

    python bench/bench_pdf_photos.py [--n 200] [--photos DIR] [--real DIR] [--mp 50]

1. A ``--n``-article dossier with one photo per article, exported with and without its photos
   in one process (the two-process export is switched off, so the two times compare the same
   work), twice:
   - *real*: the photos of ``--real`` (by default ``../shared/photos`` when it is there, else
     the copies in ``tests/data/photos``) in turn, each article's copy made unique (a comment
     segment or an unknown WebP chunk: what the photo shows is the same, its hash is not);
     defense.gov serves most photos as 765-1280-pixel WebP, some as multi-megapixel JPEGs;
   - *large*: synthetic 2000 x 1333 JPEGs of about 500 KB (written once to ``--photos``),
     every one of which must be decoded and downsampled.
   Prints both times and their ratio (goal: <= 2x), both PDF sizes, the sum of the photos'
   renditions and the bytes of the JPEGs embedded in the PDF (``pdfimages -list``).
2. A one-article dossier holding a ``--mp``-megapixel JPEG exported in a subprocess; its peak
   RSS (``resource.getrusage``) against the same export without the photo (goal: < 500 MB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DOSSIERDESK_PDF_WORKER"] = "0"
# The rendition cache of this run only (see bench_dossier).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="bench-pdf-cache-")

FILLER = (
    "Defense officials said the exercise tested the readiness of units across the theater, "
    "with logistics, communications and medical teams working together around the clock. "
)


def synthetic_jpeg(width: int, height: int, seed: int, quality: int = 88) -> bytes:
    """A JPEG that compresses like a photo: smooth colour fields, edges and a little grain."""
    from PIL import Image, ImageFilter

    small = (max(2, width // 40), max(2, height // 40))
    bands = [Image.effect_noise(small, 50 + (seed * 7 + k * 13) % 40) for k in range(3)]
    picture = Image.merge("RGB", bands).resize((width, height), Image.Resampling.BICUBIC)
    detail = Image.effect_noise((width // 4, height // 4), 40).resize(
        (width, height), Image.Resampling.BILINEAR
    )
    detail = detail.filter(ImageFilter.FIND_EDGES).convert("RGB")
    picture = Image.blend(picture, detail, 0.2)
    grain = Image.effect_noise((width, height), 6).convert("RGB")
    picture = Image.blend(picture, grain, 0.06)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality)
    return out.getvalue()


def photo_files(folder: Path, n: int, width: int, height: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(n):
        path = folder / f"photo-{width}x{height}-{k:04d}.jpg"
        if not path.exists():
            path.write_bytes(synthetic_jpeg(width, height, k))
        paths.append(path)
    return paths


def unique_variant(data: bytes, k: int) -> bytes:
    """``data`` with a marker that changes its hash but not the picture."""
    mark = b"dossier bench copy %d" % k
    if data.startswith(b"\xff\xd8"):
        return data[:2] + b"\xff\xfe" + (len(mark) + 2).to_bytes(2, "big") + mark + data[2:]
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        chunk = b"XBNC" + len(mark).to_bytes(4, "little") + mark + b"\0" * (len(mark) % 2)
        body = data[8:] + chunk
        return b"RIFF" + len(body).to_bytes(4, "little") + body
    raise ValueError("only JPEG and WebP photos are varied")


def real_photo_files(source: Path, folder: Path, n: int) -> list[Path]:
    originals = sorted(p for p in source.iterdir() if p.suffix.lower() in (".jpg", ".jpeg"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(n):
        path = folder / f"real-{k:04d}.photo"
        path.write_bytes(unique_variant(originals[k % len(originals)].read_bytes(), k))
        paths.append(path)
    return paths


def default_real_folder() -> Path:
    here = Path(__file__).resolve().parent.parent
    shared = here.parent / "shared" / "photos"
    return shared if shared.is_dir() else here / "tests" / "data" / "photos"


class Photos:
    def __init__(self, paths: list[Path]) -> None:
        self.paths = {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in paths}

    def photo_data(self, sha256: str) -> bytes | None:
        path = self.paths.get(sha256)
        return path.read_bytes() if path else None


def document(photos: Photos, n: int) -> object:
    from PIL import Image

    from dossierdesk.pdf import DossierDocument, DossierEntry
    from dossierdesk.service.dto import ArticleDetail, ImageInfo, PhotoRef

    entries = []
    refs = list(photos.paths.items())
    for k in range(n):
        sha, path = refs[k % len(refs)]
        with Image.open(path) as im:
            width, height = im.size
        ref = PhotoRef(k + 1, sha, "image/jpeg", width, height, path.stat().st_size)
        image = ImageInfo(
            position=0,
            paragraph_index=2,
            caption=f"Soldiers load cargo during exercise {k}.",
            credit="Staff Sgt. Jane Roe",
            virin=f"2402{k % 28 + 1:02d}-A-AB123-{1000 + k}",
            virin_valid=True,
            virin_problem=None,
            virin_date=dt.date(2024, 2, k % 28 + 1),
            virin_service="A",
            virin_service_name="Army",
            virin_originator="AB123",
            download_size=None,
            url=None,
            photo=ref,
        )
        paragraphs = tuple(f"Paragraph {p}. " + FILLER * (2 + (k + p) % 4) for p in range(8))
        article = ArticleDetail(
            id=k + 1,
            title=f"Report {k + 1} on sustainment",
            published=dt.date(2024, 1, 1) + dt.timedelta(days=k),
            byline="By Jim Garamone",
            authors=("Jim Garamone",),
            source="DOD News",
            dateline="WASHINGTON",
            url=f"https://www.defense.gov/News/Article/{k + 1}/",
            paragraphs=paragraphs,
            word_count=sum(len(p.split()) for p in paragraphs),
            tags=("logistics",),
            source_name=f"a{k}.txt",
            format="crawler_text",
            imported_at=dt.datetime(2026, 1, 1),
            images=(image,),
        )
        entries.append(DossierEntry(article))
    return DossierDocument(title="Photo bench", entries=entries, photos=photos.photo_data)


def embedded_jpeg_bytes(pdf: Path) -> tuple[int, int, list[str]]:
    """Count, total bytes and encodings of the images ``pdfimages -list`` reports."""
    rows = subprocess.run(
        ["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    total = 0
    encodings = set()
    for row in rows:
        cols = row.split()
        encodings.add(cols[8])
        size = cols[14]
        unit = {"B": 1, "K": 1024, "M": 1024**2}[size[-1]]
        total += int(float(size[:-1]) * unit)
    return len(rows), total, sorted(encodings)


def bench_dossier(n: int, paths: list[Path], label: str) -> None:
    from PySide6.QtGui import QGuiApplication

    from dossierdesk.pdf import ExportOptions, export_pdf
    from dossierdesk.pdf.article_layout import photo_printer
    from dossierdesk.pdf.geometry import page_geometry

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841
    originals = sum(p.stat().st_size for p in paths)
    photos = Photos(paths)
    doc = document(photos, n)
    out = Path(tempfile.mkdtemp(prefix="bench-photos-"))
    from dossierdesk.pdf.rendition_cache import default_folder

    times: dict[object, float] = {}
    sizes: dict[object, int] = {}
    # Without photos twice (the better time counts); with photos from an empty rendition
    # cache (the first export of these photos) twice, then once more with the cache filled
    # (an export after a preview or an earlier export).
    for run in (False, "cold", False, "cold", "warm"):
        if run == "cold":
            shutil.rmtree(default_folder(), ignore_errors=True)
        include = run is not False
        path = out / f"photos-{run}.pdf"
        started = time.perf_counter()
        export_pdf(doc, path, ExportOptions("A4", include_photos=include))  # type: ignore[arg-type]
        took = time.perf_counter() - started
        times[run] = min(times.get(run, took), took)
        sizes[run] = path.stat().st_size
        sizes[include] = sizes[run]
    printer = photo_printer(page_geometry("A4"), photos.photo_data)
    renditions = 0
    for sha in photos.paths:
        made = printer.rendition(sha)
        renditions += len(made.data) if made else 0
    count, embedded, encodings = embedded_jpeg_bytes(out / "photos-warm.pdf")
    print(f"{n} articles, one photo each: {label} ({originals / n / 1e3:.0f} KB average)")
    print(f"  without photos: {times[False]:.2f} s, {sizes[False] / 1e6:.2f} MB")
    print(f"  with photos, renditions made: {times['cold']:.2f} s, {sizes['cold'] / 1e6:.2f} MB")
    print(f"  with photos, renditions kept: {times['warm']:.2f} s")
    print(
        f"  time ratio: {times['cold'] / times[False]:.2f}x first export, "
        f"{times['warm'] / times[False]:.2f}x again (goal <= 2x)"
    )
    print(
        f"  embedded images: {count}, {embedded / 1e6:.2f} MB ({', '.join(encodings)}); "
        f"PDF growth {(sizes[True] - sizes[False]) / 1e6:.2f} MB"
    )
    print(
        f"  renditions (JPEG q{printer_quality()}, {printer.max_px} px): "
        f"{renditions / 1e6:.2f} MB; PDF images / renditions = {embedded / renditions:.2f}"
    )


def printer_quality() -> int:
    from dossierdesk.pdf.photos import JPEG_QUALITY

    return JPEG_QUALITY


CHILD = """
import json, os, resource, sys
sys.path.insert(0, sys.argv[1])
from bench_pdf_photos import Photos, document
from pathlib import Path
from PySide6.QtGui import QGuiApplication
from dossierdesk.pdf import ExportOptions, export_pdf
app = QGuiApplication([])
photos = Photos([Path(sys.argv[2])])
include = sys.argv[4] == "1"
export_pdf(document(photos, 1), sys.argv[3], ExportOptions("A4", include_photos=include))
print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))
"""


def bench_huge(megapixels: float, folder: Path) -> None:
    width = round((megapixels * 1e6 * 3 / 2) ** 0.5)
    height = round(width * 2 / 3)
    # Made in a process of its own: a child's peak RSS counts the peak of the process that
    # started it (Linux keeps the high-water mark across exec).
    make = "from bench_pdf_photos import photo_files as f; from pathlib import Path; "
    make += f"f(Path({str(folder)!r}), 1, {width}, {height})"
    subprocess.run([sys.executable, "-c", make], check=True, cwd=Path(__file__).parent)
    (path,) = photo_files(folder, 1, width, height)
    out = Path(tempfile.mkdtemp(prefix="bench-huge-")) / "huge.pdf"
    peaks = {}
    for include in ("0", "1"):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(Path(__file__).parent), str(path), str(out), include],
            check=True,
            capture_output=True,
            text=True,
        )
        peaks[include] = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"{width}x{height} ({width * height / 1e6:.0f} MP, {path.stat().st_size / 1e6:.1f} MB) "
        f"photo: peak RSS {peaks['1'] / 1e6:.0f} MB (without it {peaks['0'] / 1e6:.0f} MB; "
        f"goal < 500 MB); PDF {out.stat().st_size / 1e6:.2f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--mp", type=float, default=50)
    parser.add_argument("--photos", type=Path, default=Path(tempfile.gettempdir()) / "dd-photos")
    parser.add_argument("--real", type=Path, default=default_real_folder())
    args = parser.parse_args()
    bench_huge(args.mp, args.photos)  # first, while this process is small
    real = real_photo_files(args.real, Path(tempfile.mkdtemp(prefix="bench-real-")), args.n)
    bench_dossier(args.n, real, f"real defense.gov photos from {args.real}")
    large = photo_files(args.photos, args.n, 2000, 1333)
    bench_dossier(args.n, large, "synthetic 2000x1333 JPEGs")


if __name__ == "__main__":
    main()
