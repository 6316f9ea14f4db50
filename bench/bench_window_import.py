"""Importing saved pages in the window, with the user's archive open in it: how long the
import takes and how long the window is held meanwhile.

    python bench/bench_window_import.py [--into 100000] [--copies 100] [--repeat 3]
                                        [--compare-src OLD/src]

The folder holds ``--copies`` unique copies of every corpus file (``bench_import_pages.py``:
3,300 files with the default). Each round runs, alternately, each in a new process:

- the window: started as ``dossierdesk`` starts it (``gui.main``: the collector held off
  during the start, ``MainWindow.open_initial``, ``startup.collect_after_start``) on a copy of
  ``bench_search.py``'s archive of ``--into`` articles, showing every article; two seconds
  later the user opens the import (``Archive.prepare_import``, as the Import dialog does),
  picks the folder a second and a half after that and the window imports it
  (``EditController.import_paths``). Timed: from the call until the import's report is
  shown (*import*), and until the window's reads that follow it (the result again, its
  count, the sidebar) are done (*settled*). A 5 ms timer on the GUI thread measures the
  window's stalls (the largest gap between its ticks) during the import and, before it,
  during two idle seconds of the same window (the *idle* baseline);
- the baseline, headless: the same import into a copy of the same archive, from a thread of
  a process with no window, after ``Archive.prepare_import`` (``bench_import_pages.py
  --thread --warm``).

Printed: each round's figures, then the medians and the window's time against the headless
import's (ratio). ``--compare-src`` adds the window run of another source tree
(``PYTHONPATH``), "before", in the same rounds. Settings go to a temporary folder.

``--queries`` has the user search while the import runs: ten queries (words, a phrase, a
prefix, OR, NOT, a source, dates, a title) submitted as the search box submits them, 0.4 s
apart, each timed from its submission to the table's first painted row of its result; the
same ten in the same window before the import (the window idle before each) are the
baseline. ``--copies 300`` (9,900 files) makes the import last long enough for all ten.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import_pages import existing_archive, thread_import, write_copies

# The window's process. Its timer and paint probe are its own, not bench_gui's Heartbeat and
# PaintProbe: importing bench_gui would load the window and the archive code before the start
# this script imitates (the collector off, PySide's import hook replaced).
WINDOW_IMPORT = r"""
import gc, json, os, sys, time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def gaps_during(app, seconds, until=None):
    # The largest gaps between the ticks of a 5 ms timer on the GUI thread.
    from PySide6.QtCore import QTimer, Qt

    gaps, last = [], [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    timer.start()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end and not (until is not None and until()):
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    return sorted(gaps) or [0.0]


QUERIES = (
    "nations", '"air force"', "exercise", "deploy*", "army OR navy", 'source:"dod news"',
    "date:2014-01..2014-06", "training NOT army", "missile", "title:readiness",
)


def query_times(app, window, idle_first):
    # Each query from its submission to the first paint of a row of its result (ms).
    from PySide6.QtCore import QEvent, QObject

    model = window.table_model
    state = {"armed": False, "painted": None}

    class Probe(QObject):
        def eventFilter(self, watched, event):
            if (
                event.type() == QEvent.Type.Paint
                and state["armed"]
                and state["painted"] is None
                and model.summaries_fetched > 0
            ):
                state["painted"] = time.perf_counter()
            return False

    probe = Probe()
    window.table.viewport().installEventFilter(probe)
    times = []
    for text in QUERIES:
        if idle_first:
            gaps_during(app, 5, lambda: not window.tasks.is_busy(window))
        elif not window.controller.importing:
            break
        gaps_during(app, 0.4)
        state["armed"], state["painted"] = False, None
        start = time.perf_counter()
        window.search_box.set_query(text)
        state["armed"] = True
        gaps_during(app, 10, lambda: state["painted"] is not None)
        times.append(((state["painted"] or time.perf_counter()) - start) * 1000)
    window.table.viewport().removeEventFilter(probe)
    return times


def main():
    archive, folder = Path(sys.argv[1]), Path(sys.argv[2])
    queries = len(sys.argv) > 3 and sys.argv[3] == "queries"
    gc.disable()  # as gui.main starts the window
    from dossierdesk.gui import startup

    startup.skip_feature_scan()
    from dossierdesk.gui.app import create_application

    app = create_application([sys.argv[0]])
    from dossierdesk.gui.main_window import MainWindow

    window = MainWindow.open_initial(archive=str(archive), files=[])
    window.resize(1400, 900)
    window.show()
    try:
        startup.collect_after_start(lambda: window.opening.pending)
    except TypeError:  # a tree whose collect_after_start takes no argument
        startup.collect_after_start()
    gaps_during(app, 60, lambda: not window.opening.pending and not window.tasks.is_busy(window))
    gaps_during(app, 2.0)  # the user looks at the window
    idle = gaps_during(app, 2.0)
    quiet = query_times(app, window, True) if queries else []
    if queries:
        window.search_box.set_query("")
        gaps_during(app, 10, lambda: not window.tasks.is_busy(window))
    window.archive.prepare_import()  # the Import dialog opens
    gaps_during(app, 1.5)  # the user picks the folder
    controller = window.controller
    start = time.perf_counter()
    controller.import_paths([folder])
    state = {}

    def done():
        if "import" not in state and not controller.importing:
            state["import"] = time.perf_counter() - start
        return "import" in state and not window.tasks.is_busy(window)

    busy = query_times(app, window, False) if queries else []
    during = gaps_during(app, 600, done)
    settled = time.perf_counter() - start
    report = controller.report_dialog
    print(json.dumps({
        "import": state.get("import", settled),
        "settled": settled,
        "worst_ms": during[-1] * 1000,
        "p99_ms": during[int(0.99 * (len(during) - 1))] * 1000,
        "over_50ms": sum(g > 0.05 for g in during),
        "idle_worst_ms": idle[-1] * 1000,
        "rows": window.table_model.rowCount(),
        "summary": report.summary.text() if report is not None else "",
        "quiet_ms": quiet,
        "busy_ms": busy,
    }))
    window.close()


if __name__ == "__main__":
    main()
"""


def window_import(
    script: Path, archive: Path, folder: Path, src: str | None, queries: bool = False
) -> dict[str, Any]:
    env = dict(os.environ)
    settings = tempfile.mkdtemp(prefix="dossierdesk-bench-window-import-")
    env["XDG_CONFIG_HOME"] = env["XDG_STATE_HOME"] = env["XDG_CACHE_HOME"] = settings
    env["QT_QPA_PLATFORM"] = "offscreen"
    if src is not None:
        env["PYTHONPATH"] = src
    try:
        proc = subprocess.run(
            [sys.executable, str(script), str(archive), str(folder)]
            + (["queries"] if queries else []),
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
    finally:
        shutil.rmtree(settings, ignore_errors=True)
    if proc.returncode != 0:
        sys.exit(f"the window's import failed: {proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _p50(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser()
    parser.add_argument("--into", type=int, default=100_000)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compare-src", help="another source tree to run as 'before'")
    parser.add_argument(
        "--queries", action="store_true", help="search while the import runs (and before)"
    )
    args = parser.parse_args()
    existing = existing_archive(args.into)
    sides: dict[str, str | None] = {"window": None}
    if args.compare_src:
        sides["before"] = str(Path(args.compare_src).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "pages"
        folder.mkdir()
        n = write_copies(folder, args.copies)
        script = root / "window_import.py"
        script.write_text(WINDOW_IMPORT, encoding="utf-8")
        print(f"{n} files into a copy of an archive of {args.into:,} articles")
        headless: list[float] = []
        runs: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
        for run in range(args.repeat):
            archive = root / "headless.sqlite3"
            shutil.copyfile(existing, archive)
            headless.append(thread_import(folder, archive, "default", warm=True)[0])
            line = f"  run {run + 1}: headless {headless[-1]:5.2f} s"
            for side, src in sides.items():
                archive = root / f"{side}.sqlite3"
                shutil.copyfile(existing, archive)
                got = window_import(script, archive, folder, src, args.queries)
                runs[side].append(got)
                line += (
                    f"; {side} {got['import']:5.2f} s (settled {got['settled']:5.2f}), "
                    f"stalls worst {got['worst_ms']:4.0f} ms, p99 {got['p99_ms']:3.0f}, "
                    f"{got['over_50ms']:.0f} over 50 ms (idle worst {got['idle_worst_ms']:3.0f})"
                )
                if run == 0:
                    print(f"  {side} says: {got['summary']} ({got['rows']:,} rows shown after)")
                if args.queries:
                    busy = got["busy_ms"]
                    line += (
                        f"; queries idle p50 {_p50(got['quiet_ms']):3.0f} ms, during the import "
                        f"p50 {_p50(busy):3.0f} ms, worst {max(busy or [0]):3.0f} ({len(busy)})"
                    )
            for path in root.glob("*.sqlite3*"):
                path.unlink()
            print(line)
        base = statistics.median(headless)
        print(f"headless import (baseline): {base:5.2f} s (median)")
        for side, got in runs.items():

            def med(key: str, got: list[dict[str, Any]] = got) -> float:
                return statistics.median(g[key] for g in got)

            print(
                f"{side:6}: import {med('import'):5.2f} s, ratio {med('import') / base:4.2f} of "
                f"the headless import; settled {med('settled'):5.2f} s; the window's worst "
                f"stall {med('worst_ms'):4.0f} ms (idle {med('idle_worst_ms'):3.0f} ms), p99 "
                f"{med('p99_ms'):3.0f} ms, {med('over_50ms'):.0f} stalls over 50 ms (medians)"
            )
            if args.queries:
                quiet = [t for g in got for t in g["quiet_ms"]]
                busy = [t for g in got for t in g["busy_ms"]]
                print(
                    f"{side:6}: query to first painted row, idle window p50 {_p50(quiet):3.0f} ms "
                    f"worst {max(quiet):3.0f}; during the import p50 {_p50(busy):3.0f} ms worst "
                    f"{max(busy or [0]):3.0f} ({len(busy)} queries)"
                )


if __name__ == "__main__":
    main()
