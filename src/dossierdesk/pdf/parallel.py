"""PDF export on two cores: a helper process paints the last articles while this one paints
the cover, the contents, the first articles and the credits; the three PDF files are joined.

Why a process: PySide6 keeps the GIL inside Qt's text drawing and page compression, where the
time goes, so two painting threads run no faster than one (measured: 1.31 s vs 1.38 s).

The pages are the same as those :meth:`DossierRenderer.paint` paints on one device: the same
renderer code paints them, from the same layout (the worker lays its articles out again and
checks that its page counts match). If the worker cannot start or fails, this process paints
its pages itself; a cancel stops (and kills) the worker.

Used for PDF files only (print and preview paint on one device with ``DossierRenderer.paint``),
on Linux (where both processes use the same fontconfig fonts), from a Python interpreter (not a
frozen bundle, which cannot start ``python -c``), for dossiers large enough to gain.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from PySide6.QtGui import QPdfWriter

import dossierdesk
from dossierdesk.pdf import renderer as renderer_module
from dossierdesk.pdf.model import DossierDocument, DossierEntry
from dossierdesk.pdf.paint_worker import BOOTSTRAP, Go, Setup, read_frame, write_frame
from dossierdesk.pdf.pdfmerge import MergeError, merge_pdfs
from dossierdesk.pdf.renderer import (
    Cancellable,
    DossierRenderer,
    PageSink,
    ProgressCallback,
    RenderError,
    RenderResult,
)

log = logging.getLogger(__name__)

# Below this many articles the worker's start (about 0.3 s of CPU) outweighs its help.
MIN_ARTICLES = 40
# A worker silent this long (it reports every article it paints) is given up on.
STALL_SECONDS = 60.0
# Share of the articles the worker paints: this process also paints the cover, contents and
# credits, and lays out the whole dossier before painting.
WORKER_SHARE = 0.55
# "0": paint every PDF in this process; "1": use the worker whenever it can run, whatever the
# machine's load; unset or anything else: decide by the load (see :func:`enabled_for`).
ENV_SWITCH = "DOSSIERDESK_PDF_WORKER"

WriterFactory = Callable[[Path], QPdfWriter]


def enabled_for(document: DossierDocument) -> bool:
    """Whether :func:`paint_split` is used for this dossier.

    The worker costs CPU time (its start, and laying its articles out a second time: about
    40 % more in all) to save wall time, which it only does when a core would otherwise be
    idle. So, unless forced, it is used only when the load average leaves a core free
    (this process counts for one while it exports)."""
    switch = os.environ.get(ENV_SWITCH, "auto")
    if switch == "0" or len(document.entries) < MIN_ARTICLES:
        return False
    if not sys.platform.startswith("linux") or getattr(sys, "frozen", False):
        return False
    cores = os.cpu_count() or 1
    if cores < 2:
        return False
    return switch == "1" or os.getloadavg()[0] <= cores - 1 + 0.5


class PaintWorker:
    """The worker process and two threads that feed its input and read its output (so that
    neither side blocks on a full pipe)."""

    def __init__(self, setup: Setup) -> None:
        root = str(Path(dossierdesk.__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["QT_QPA_PLATFORM"] = "offscreen"
        self.process = subprocess.Popen(
            [sys.executable, "-c", BOOTSTRAP, root],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._outgoing: queue.Queue[object] = queue.Queue()
        self.incoming: queue.Queue[Any] = queue.Queue()
        self._threads = [
            threading.Thread(
                target=self._feed, args=(self.process.stdin,), name="pdf-worker-in", daemon=True
            ),
            threading.Thread(
                target=self._read, args=(self.process.stdout,), name="pdf-worker-out", daemon=True
            ),
        ]
        for thread in self._threads:
            thread.start()
        self.send(("setup", setup))

    def send(self, message: object) -> None:
        self._outgoing.put(message)

    def close_input(self) -> None:
        self._outgoing.put(None)

    def _feed(self, stream: IO[bytes]) -> None:
        with contextlib.suppress(OSError, ValueError), stream:
            while (message := self._outgoing.get()) is not None:
                write_frame(stream, message)

    def _read(self, stream: IO[bytes]) -> None:
        with contextlib.suppress(OSError, ValueError), stream:
            while (message := read_frame(stream)) is not None:
                self.incoming.put(message)
        self.incoming.put(("exit",))

    def stop(self) -> None:
        """Kill the process if it still runs and reap it."""
        self._outgoing.put(None)
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for thread in self._threads:
            thread.join(timeout=5)


class _WorkerState:
    def __init__(self, worker: PaintWorker | None) -> None:
        self.worker = worker
        self.painted = 0  # articles
        self.finished = False
        self.failure: str | None = None if worker is not None else "could not start"
        self.started = self.last_heard = time.perf_counter()
        self.times: dict[str, float] = {}  # message kind -> seconds after the start
        self.cpu: dict[str, float] = {}  # the worker's CPU time at the end of each phase

    def poll(self, timeout: float = 0) -> None:
        if self.worker is None or self.finished or self.failure:
            return
        try:
            message = self.worker.incoming.get(timeout=timeout) if timeout else None
            while True:
                if message is not None:
                    self._handle(message)
                message = self.worker.incoming.get_nowait()
        except queue.Empty:
            pass

    def _handle(self, message: Any) -> None:
        kind = message[0]
        self.last_heard = time.perf_counter()
        self.times.setdefault(kind, self.last_heard - self.started)
        if kind == "progress":
            self.painted = message[1]
        elif kind == "done":
            self.finished = True
            self.cpu = message[2]
        elif kind == "error":
            self.failure = message[1]
        elif kind == "exit" and not self.finished:
            self.failure = self.failure or f"exited with status {self.worker_status()}"

    def worker_status(self) -> int | None:
        return self.worker.process.wait() if self.worker is not None else None


def _hand_over_photos(renderer: DossierRenderer, entry: DossierEntry) -> dict[str, tuple[int, int]]:
    """The pixel sizes of ``entry``'s photos for the worker (which has no archive): photo
    SHA-256 -> (width, height). The worker paints placeholders (see ``pdf.photos``); the
    renditions go into the joined PDF from this process."""
    out: dict[str, tuple[int, int]] = {}
    if renderer.photos is None:
        return out
    for image in entry.article.images:
        if image.photo is None:
            continue
        key = image.photo.sha256
        size = renderer.photos.pixel_size(key)
        if size is not None:
            out[key] = size
    return out


def paint_split(
    renderer: DossierRenderer,
    out: Path,
    new_writer: WriterFactory,
    progress: ProgressCallback | None = None,
    cancel: Cancellable | None = None,
) -> RenderResult:
    """Paint the dossier into the PDF file ``out`` on two processes (see the module)."""
    document = renderer.document
    total = len(document.entries)
    split = total - round(total * WORKER_SHARE)
    folder = Path(tempfile.mkdtemp(prefix="dossierdesk-pdf-"))
    parts = [folder / "front.pdf", folder / "worker.pdf", folder / "credits.pdf"]
    worker: PaintWorker | None
    try:
        worker = PaintWorker(
            Setup(
                str(parts[1]),
                renderer.options.page_size,
                renderer.options.pdfa,
                document.title,
                document.compiled_on,
                renderer_module.KEEP_LAYOUT_CHARS // 2,
                photos=renderer.photos is not None,
                file_paths=renderer.options.file_paths,
            )
        )
    except OSError as exc:
        log.warning("PDF paint worker could not start (%s): painting in one process", exc)
        worker = None
    state = _WorkerState(worker)
    try:
        check = renderer.checker(progress, cancel)

        def hand_over(index: int, entry: DossierEntry) -> None:
            if index >= split and worker is not None:
                worker.send(("entry", entry, _hand_over_photos(renderer, entry)))

        # Each process keeps half the usual budget of laid-out articles: together, as much
        # memory as one process painting everything.
        plan = renderer.lay_out(
            check,
            keep_from=split if worker is not None else None,
            keep_chars=renderer_module.KEEP_LAYOUT_CHARS // 2,
            on_entry=hand_over,
        )
        articles = plan.articles
        if len(articles) != total:  # the entries changed under us: keep it simple
            raise RenderError("the dossier changed while it was exported")
        if worker is not None:
            first_page = articles[split].first_page if split < total else plan.credits_first
            counts = tuple(a.pages for a in articles[split:])
            worker.send(("go", Go(first_page, plan.total_pages, counts)))
            state.times["(go sent)"] = time.perf_counter() - state.started
            worker.close_input()
        check("paint", 0)

        def done(k: int) -> int:
            state.poll()
            return k + state.painted

        writer = new_writer(parts[0])
        sink = PageSink(writer, renderer.options.page_size)
        try:
            links = renderer.paint_front(sink, plan)
            renderer.paint_articles(sink, plan, 0, split, check, done)
        finally:
            sink.end()
            del writer
        used = [parts[0]]
        if split < total:
            used.append(parts[1])
        if plan.credit_layout.pages:
            used.append(parts[2])
            writer = new_writer(parts[2])
            sink = PageSink(writer, renderer.options.page_size)
            try:
                renderer.paint_credits(sink, plan)
            finally:
                sink.end()
                del writer
        waited = time.perf_counter()
        state.times["(own pages painted)"] = waited - state.started
        state.last_heard = max(state.last_heard, waited)  # silence counts from here at most
        while split < total and not (state.finished or state.failure):
            check("paint", split + state.painted)
            state.poll(timeout=0.05)
            if time.perf_counter() - state.last_heard > STALL_SECONDS:
                state.failure = f"silent for {STALL_SECONDS:.0f} s"
        log.debug(
            "PDF worker: %s; CPU time at the end of %s; this process waited %.3f s for it",
            ", ".join(f"{kind} at {t:.3f} s" for kind, t in state.times.items()),
            ", ".join(f"{phase} {t:.3f} s" for phase, t in state.cpu.items()),
            time.perf_counter() - waited,
        )
        if split < total and state.failure:
            log.warning("PDF paint worker failed (%s): painting its pages here", state.failure)
            if worker is not None:
                worker.stop()  # a stalled worker must not write its file any more
            writer = new_writer(parts[1])
            sink = PageSink(writer, renderer.options.page_size)
            try:
                renderer.paint_articles(sink, plan, split, total, check)
            finally:
                sink.end()
                del writer
        check("paint", total)
        try:
            merged = merge_pdfs(used, out)
        except (MergeError, OSError, ValueError) as exc:
            raise RenderError(f"the parts of the PDF could not be joined ({exc})") from None
        if merged != plan.total_pages:
            raise RenderError(f"{merged} pages joined, {plan.total_pages} expected")
        return renderer.result(plan, links)
    finally:
        if worker is not None:
            worker.stop()
        shutil.rmtree(folder, ignore_errors=True)
