"""The Photos grid over 2,000 photos: time to the first painted thumbnails and the event loop's
latency while the grid is scrolled to the end page by page, with a cold and a warm disk cache,
against a bare QListView showing the same number of plain icons.

    QT_QPA_PLATFORM=offscreen python bench/bench_photo_grid.py [--n 2000] [--rebuild]

The archive (cached in the temp folder as ``dossierdesk-bench-photos-N.sqlite3``) holds the
real photos of ``tests/data/photos`` repeated with a comment segment changed (so every copy is
another photo), plus generated JPEGs and WebPs of 50 KB to 3 MB. Latency is measured by a 5 ms
QTimer heartbeat: a gap longer than 5 ms is time the GUI thread was busy. A scroll step moves
the grid one page down, then lets the event loop run (``STEP_MS``) as a user would between page
presses; the paint of each step is also timed. No targets are asserted (tests never time).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="dossierdesk-bench-photos-")
os.environ["XDG_CONFIG_HOME"] = _HOME  # never touch the user's settings
os.environ["XDG_STATE_HOME"] = _HOME

from PIL import Image  # noqa: E402
from PySide6.QtCore import QEventLoop, QSize, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QIcon, QPixmap, QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QListView, QWidget  # noqa: E402

from dossierdesk.gui.ops import task_manager  # noqa: E402
from dossierdesk.gui.photos.model import PhotoGridModel  # noqa: E402
from dossierdesk.gui.photos.thumbnails import ThumbnailProvider  # noqa: E402
from dossierdesk.gui.photos.view import PhotosView  # noqa: E402
from dossierdesk.service import Archive  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared/photos")
REAL = SHARED if SHARED.is_dir() else REPO / "tests" / "data" / "photos"
HEARTBEAT_MS = 5
STEP_MS = 120
SIZE = QSize(900, 700)


def _tweaked_jpeg(data: bytes, n: int) -> bytes:
    """The JPEG with a comment segment after its SOI marker (another hash, same picture)."""
    comment = f"copy {n}".encode()
    return data[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + data[2:]


def _generated(n: int, rng: random.Random) -> tuple[str, bytes]:
    """A JPEG or WebP of 50 KB - 3 MB: a gradient with noise (noise makes the size)."""
    width = rng.choice((800, 1200, 1600, 2000, 2400))
    height = width * rng.choice((2, 3)) // 4
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    noise = Image.effect_noise((width, height), rng.choice((30, 45, 60))).convert("RGB")
    picture = Image.blend(gradient, noise, 0.35)
    buf = io.BytesIO()
    if n % 3 == 0:
        picture.save(buf, "WEBP", quality=rng.choice((60, 80)))
        return f"generated-{n:05d}.webp", buf.getvalue()
    picture.save(buf, "JPEG", quality=rng.choice((70, 80, 88)))
    return f"generated-{n:05d}.jpg", buf.getvalue()


def build(path: Path, n: int) -> None:
    rng = random.Random(7)
    folder = Path(tempfile.mkdtemp(prefix="dossierdesk-bench-photo-files-"))
    real = [(p.name, p.read_bytes()) for p in sorted(REAL.glob("*.JPG"))]
    jpegs = [(n, d) for n, d in real if d[:3] == b"\xff\xd8\xff" and len(d) >= 50_000]
    sizes = []
    for i in range(n):
        if i % 3:  # two thirds generated, a third real (JPEGs with a tweaked comment)
            name, data = _generated(i, rng)
        else:
            base, original = jpegs[i % len(jpegs)]
            name, data = f"copy-{i:05d}-{Path(base).stem}.jpg", _tweaked_jpeg(original, i)
        (folder / name).write_bytes(data)
        sizes.append(len(data))
    t0 = time.perf_counter()
    with Archive(path) as archive:
        archive.import_paths([folder])
        count = len(archive.photos())
    sizes.sort()
    print(
        f"built {count} photos in {time.perf_counter() - t0:.0f} s "
        f"(sizes {sizes[0] / 1e3:.0f} KB .. {sizes[-1] / 1e6:.1f} MB, "
        f"median {sizes[len(sizes) // 2] / 1e3:.0f} KB)"
    )


class Heartbeat:
    """Records how late a 5 ms timer fires: the GUI thread's busy stretches."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(HEARTBEAT_MS)
        self._timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000 - HEARTBEAT_MS)
        self._last = now

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        return [max(0.0, g) for g in self.gaps]


def spin(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition: Callable[[], bool], timeout_s: float = 120.0) -> float:
    t0 = time.perf_counter()
    while not condition():
        if time.perf_counter() - t0 > timeout_s:
            raise TimeoutError("condition not met")
        spin(2)
    return time.perf_counter() - t0


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def scroll_to_end(view: QListView, more: Callable[[], bool]) -> dict[str, float]:
    """Page down until the end (fetching pages as the view asks); latency while doing it."""
    beat = Heartbeat()
    paints: list[float] = []
    steps = 0
    bar = view.verticalScrollBar()
    beat.start()
    while True:
        t0 = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()
        paints.append((time.perf_counter() - t0) * 1000)
        steps += 1
        spin(STEP_MS)
        if bar.value() >= bar.maximum() and not more():
            break
    gaps = beat.stop()
    return {
        "steps": steps,
        "paint_p50": statistics.median(paints),
        "paint_p95": pct(paints, 0.95),
        "lat_p50": statistics.median(gaps) if gaps else 0.0,
        "lat_p95": pct(gaps, 0.95),
        "lat_max": max(gaps) if gaps else 0.0,
    }


def bare_baseline(n: int) -> dict[str, float]:
    model = QStandardItemModel()
    pixmap = QPixmap(160, 107)
    pixmap.fill(QColor("steelblue"))
    icon = QIcon(pixmap)
    for i in range(n):
        item = QStandardItem(icon, f"photo {i:05d}")
        model.appendRow(item)
    view = QListView()
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setUniformItemSizes(True)
    view.setMovement(QListView.Movement.Static)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setIconSize(QSize(160, 160))
    view.setGridSize(QSize(184, 218))
    view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
    view.setModel(model)
    view.resize(SIZE)
    t0 = time.perf_counter()
    view.show()
    view.viewport().repaint()
    first = time.perf_counter() - t0
    result = scroll_to_end(view, lambda: False)
    view.close()
    return {"first": first, **result}


def grid_run(archive: Archive, cache: Path) -> dict[str, float]:
    host = QWidget()
    provider = ThumbnailProvider(archive.photo_data, host, cache_dir=cache)
    model = PhotoGridModel(archive, provider, host)
    view = PhotosView(model, host)
    view.resize(SIZE)
    host.resize(SIZE)
    t0 = time.perf_counter()
    host.show()
    model.set_query("")

    def first_screen_painted() -> bool:
        rows = view.grid.visible_rows()
        if model.rowCount() == 0 or len(rows) == 0:
            return False
        view.grid.viewport().repaint()
        return all(provider._memory.get((model.photo(r).sha256, model.thumb_px)) for r in rows)

    wait_for(first_screen_painted)
    first = time.perf_counter() - t0
    result = scroll_to_end(view.grid, lambda: not model.at_end or model.is_loading())
    task_manager().wait()
    out = {
        "first": first,
        **result,
        "rows": model.rowCount(),
        "decoded": provider.decoded,
        "disk_hits": provider.disk_hits,
    }
    host.close()
    host.deleteLater()
    return out


def report(name: str, r: dict[str, float]) -> None:
    extra = ""
    if "decoded" in r:
        extra = f"  rows {r['rows']:,}, decoded {r['decoded']}, from disk {r['disk_hits']}"
    print(
        f"{name:<18} first screen {r['first'] * 1000:7.0f} ms | {r['steps']:.0f} steps: "
        f"paint p50 {r['paint_p50']:5.1f} ms p95 {r['paint_p95']:5.1f} | "
        f"loop latency p50 {r['lat_p50']:5.1f} ms p95 {r['lat_p95']:5.1f} max {r['lat_max']:6.1f}"
        + extra
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    path = Path(tempfile.gettempdir()) / f"dossierdesk-bench-photos-{args.n}.sqlite3"
    if args.rebuild and path.exists():
        path.unlink()
    if not path.exists():
        build(path, args.n)
    app = QApplication.instance() or QApplication(sys.argv)
    assert app is not None
    print(
        f"archive {path} ({path.stat().st_size / 1e6:,.0f} MB), window {SIZE.width()}×"
        f"{SIZE.height()}, step every {STEP_MS} ms"
    )
    report("bare QListView", bare_baseline(args.n))
    cache = Path(tempfile.mkdtemp(prefix="dossierdesk-bench-thumbs-"))
    with Archive(path, read_only=True) as archive:
        report("grid, cold cache", grid_run(archive, cache))
        report("grid, warm disk", grid_run(archive, cache))


if __name__ == "__main__":
    main()
