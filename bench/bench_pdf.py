"""PDF export speed and memory.

    python bench/bench_pdf.py [--n 200] [--big 2000]

1. A ``--n``-article dossier (synthetic articles: paragraphs, image blocks with credits and
   VIRINs) exported to PDF, next to a bare QTextDocument layout of the same text in the same run
   (targets: < 2 s and <= 2x the bare layout). Exported ``--rounds`` times, alternating the
   two-process export (the default) with the one-process export; best of each is printed, with
   the CPU time of this process and of the paint worker.
2. A ``--big``-article export in a subprocess, whose peak RSS (and its paint worker's) is read
   with ``resource.getrusage`` (target: it finishes, under 500 MB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import AUTHORS, ORIGINATORS, SERVICES, SOURCES, ArticleFactory

SERVICE_NAMES = {
    "A": "Army",
    "D": "Department of Defense",
    "F": "Air Force",
    "G": "National Guard",
    "M": "Marine Corps",
    "N": "Navy",
    "Z": "Air National Guard",
}


class SyntheticEntries:
    """Deterministic articles generated on every iteration (like reading them from an archive):
    never all in memory at once."""

    def __init__(self, n: int, seed: int = 3) -> None:
        self.n = n
        self.seed = seed

    def __len__(self) -> int:
        return self.n

    def __iter__(self) -> Iterator[object]:
        from dossierdesk.pdf import DossierEntry
        from dossierdesk.service.dto import ArticleDetail, ImageInfo

        factory = ArticleFactory(self.seed)
        rng = factory.rng
        for i in range(self.n):
            day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 3600))
            paragraphs = tuple(
                " ".join(factory.sentence(rng.randint(10, 24)) for _ in range(rng.randint(3, 5)))
                for _ in range(rng.randint(6, 10))
            )
            images = []
            for position, index in enumerate(sorted(rng.sample(range(len(paragraphs)), 2))):
                svc = rng.choice(SERVICES)
                shot = day - dt.timedelta(days=rng.randrange(0, 30))
                images.append(
                    ImageInfo(
                        position=position,
                        paragraph_index=index,
                        caption=factory.sentence(rng.randint(12, 30)),
                        credit=rng.choice(AUTHORS),
                        virin=f"{shot:%y%m%d}-{svc}-{rng.choice(ORIGINATORS)}-"
                        f"{rng.randint(1000, 9999)}",
                        virin_valid=True,
                        virin_problem=None,
                        virin_date=shot,
                        virin_service=svc,
                        virin_service_name=SERVICE_NAMES[svc],
                        virin_originator=None,
                        download_size=None,
                        url=None,
                    )
                )
            author = rng.choice(AUTHORS)
            source = rng.choice(SOURCES)
            article = ArticleDetail(
                id=i + 1,
                title=" ".join(w.capitalize() for w in factory.words(rng.randint(5, 11))),
                published=day,
                byline=f"By {author}, {source}",
                authors=(author,),
                source=source,
                dateline="WASHINGTON",
                url=f"https://www.defense.gov/News/News-Stories/Article/Article/{3000000 + i}/",
                paragraphs=paragraphs,
                word_count=sum(len(p.split()) for p in paragraphs),
                tags=tuple(rng.sample(["readiness", "ukraine", "logistics", "pacific"], 2)),
                source_name=f"article-{i}.txt",
                format="crawler_text",
                imported_at=dt.datetime(2026, 11, 1),
                images=tuple(images),
            )
            yield DossierEntry(article, "Read first." if i % 25 == 0 else None)


def document(entries: object) -> object:
    from dossierdesk.pdf import DossierDocument

    return DossierDocument(
        title="Benchmark dossier",
        subtitle="Synthetic articles",
        compiled_by="Bench",
        description="Generated articles with paragraphs and image blocks.",
        compiled_on=dt.date(2026, 11, 25),
        entries=entries,
    )


def bare_layout(entries: list[object], page_size: str) -> tuple[float, int]:
    """Seconds to lay out the same text in one plain QTextDocument per article, and pages."""
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument

    from dossierdesk.pdf import styles
    from dossierdesk.pdf.geometry import page_geometry

    g = page_geometry(page_size)
    start = time.perf_counter()
    pages = 0
    for entry in entries:
        a = entry.article  # type: ignore[attr-defined]
        parts = [a.title, *a.paragraphs]
        parts += [f"{i.caption}\nCredit: {i.credit}\nVIRIN {i.virin}" for i in a.images]
        doc = QTextDocument()
        doc.setDefaultFont(styles.body_font())
        doc.setPageSize(QSizeF(g.body_width, g.body_height))
        doc.setPlainText("\n".join(parts))
        pages += doc.pageCount()
    return time.perf_counter() - start, pages


def bare_print(entries: list[object], page_size: str, out: Path) -> tuple[float, int]:
    """Seconds to lay out AND print the same text as one plain QTextDocument to a QPdfWriter
    (``QTextDocument.print_``): what Qt alone costs to produce a PDF of this text."""
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextCursor, QTextDocument

    from dossierdesk.pdf import styles
    from dossierdesk.pdf.geometry import page_geometry

    g = page_geometry(page_size)
    start = time.perf_counter()
    doc = QTextDocument()
    doc.setDefaultFont(styles.body_font())
    doc.setPageSize(QSizeF(g.body_width, g.body_height))  # same pages as the layout baseline
    cursor = QTextCursor(doc)
    for entry in entries:
        a = entry.article  # type: ignore[attr-defined]
        parts = [a.title, *a.paragraphs]
        parts += [f"{i.caption}\nCredit: {i.credit}\nVIRIN {i.virin}" for i in a.images]
        cursor.insertText("\n".join(parts) + "\n")
    writer = QPdfWriter(str(out))
    writer.setPageSize(
        QPageSize(QPageSize.PageSizeId.A4 if page_size == "A4" else QPageSize.PageSizeId.Letter)
    )
    writer.setResolution(300)
    doc.print_(writer)
    seconds = time.perf_counter() - start
    del writer  # finishes the file
    from pypdf import PdfReader

    return seconds, len(PdfReader(str(out)).pages)


PHASES: dict[str, float] = {}


def export(entries: object, out: Path, page_size: str, *, worker: bool = True) -> tuple[float, int]:
    """Seconds and pages; ``PHASES`` gets the split (layout pass, painting, PDF extras) and the
    CPU time of this process and of the paint worker."""
    from dossierdesk.pdf import ExportOptions, RenderProgress, export_pdf
    from dossierdesk.pdf.parallel import ENV_SWITCH

    os.environ[ENV_SWITCH] = "1" if worker else "0"
    marks: dict[str, float] = {}
    cpu = time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)

    def progress(p: RenderProgress) -> None:
        marks.setdefault(f"{p.stage} start", time.perf_counter())
        marks[f"{p.stage} end"] = time.perf_counter()

    start = time.perf_counter()
    result = export_pdf(
        document(entries),  # type: ignore[arg-type]
        out,
        ExportOptions(page_size),  # type: ignore[arg-type]
        progress=progress,
    )
    end = time.perf_counter()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    PHASES.clear()
    PHASES.update(
        {
            "layout pass (articles, contents, credits)": marks["paint start"] - start,
            "painting all pages (QPdfWriter)": marks["paint end"] - marks["paint start"],
            "joining the parts, outline, links, metadata": end - marks["paint end"],
            "CPU time, this process": time.process_time() - cpu,
            "CPU time, paint worker": max(
                0.0, after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
            ),
        }
    )
    return end - start, result.page_count


def big_child(n: int, out: Path) -> None:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([])  # noqa: F841
    # Articles are generated while exporting (never all in memory, like reading the archive).
    seconds, pages = export(SyntheticEntries(n), out, "A4")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{seconds:.1f} {pages} {rss_mb:.0f} {worker_mb:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--big", type=int, default=2000)
    parser.add_argument("--page-size", default="A4")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        big_child(args.child, args.out)
        return

    from PySide6.QtGui import QGuiApplication

    from dossierdesk.fonts import register_bundled_fonts

    app = QGuiApplication([])  # noqa: F841
    register_bundled_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bench.pdf"
        entries = list(SyntheticEntries(args.n))  # generated up front: not timed
        export(entries[:5], out, args.page_size)  # warm up fonts and caches
        bare_layout(entries[:5], args.page_size)
        bare_s, bare_pages = bare_layout(entries, args.page_size)
        bare_print(entries[:5], args.page_size, Path(tmp) / "bare.pdf")
        print_s, print_pages = bare_print(entries, args.page_size, Path(tmp) / "bare.pdf")
        best: dict[bool, tuple[float, int, dict[str, float]]] = {}
        for _ in range(args.rounds):  # interleaved: the machine's load hits both alike
            for worker in (True, False):
                seconds, pages = export(entries, out, args.page_size, worker=worker)
                if worker not in best or seconds < best[worker][0]:
                    best[worker] = (seconds, pages, dict(PHASES))
        ours_s, pages, phases = best[True]
        one_s = best[False][0]
        size_mb = out.stat().st_size / 1e6
        print(f"{args.n} articles, {pages} pages ({args.page_size}), {size_mb:.1f} MB PDF")
        print(f"  bare QTextDocument layout: {bare_s:6.2f} s  ({bare_pages} pages)")
        print(f"  bare QTextDocument to PDF: {print_s:6.2f} s  ({print_pages} pages, print_)")
        print(
            f"  export_pdf:                {ours_s:6.2f} s  (target < 2 s; best of {args.rounds})"
        )
        print(f"  export_pdf, one process:   {one_s:6.2f} s  (paint worker off)")
        print(f"  ratio export / bare layout: {ours_s / bare_s:5.2f}  (target <= 2)")
        print(
            f"  ratio export / bare PDF:    {ours_s / print_s:5.2f}  (same work minus our layout)"
        )
        for name, seconds in phases.items():
            print(f"    {name + ':':<43}{seconds:6.2f} s")
        for name, seconds in best[False][2].items():
            if name.startswith("CPU"):
                print(f"    {name + ', one process:':<43}{seconds:6.2f} s")
        from dossierdesk.pdf import parallel

        os.environ.pop(parallel.ENV_SWITCH, None)
        chosen = "two processes" if parallel.enabled_for(document(entries)) else "one process"  # type: ignore[arg-type]
        print(f"  by default (load average {os.getloadavg()[0]:.1f}) export_pdf would use {chosen}")
        if args.big:
            big = Path(tmp) / "big.pdf"
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(args.big), "--out", str(big)],
                capture_output=True,
                text=True,
                check=True,
            )
            seconds, big_pages, rss, worker_rss = done.stdout.split()
            print(
                f"{args.big} articles: {seconds} s, {big_pages} pages, peak RSS {rss} MB "
                f"(target < 500 MB); paint worker process {worker_rss} MB"
            )


if __name__ == "__main__":
    main()
