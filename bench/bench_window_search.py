"""The main window at 100,000 articles: from a submitted query to its first painted row.

    QT_QPA_PLATFORM=offscreen python bench/bench_window_search.py [--n 100000] [--rounds 3]
        [--archive PATH] [--rebuild] [--load N] [--keys]

Drives the real window (offscreen) through 25 mixed queries (common to rare words, phrases,
prefixes, OR/NOT, title:, tags, sources, authors, dates, filters alone), each submitted as the
search box does, and times until the table paints a row of the new result (the window's own
sort: relevance for words, newest first for filters). The window then finishes its background
work (count, snippets, month counts) and paints what it brought (``SETTLE_SECONDS``) before the
next query, which is not timed: as a user reads one result before typing the next query.
(Without that pause, the previous result's snippets were painted inside the next query's
time: 10–12 ms of the GUI thread's, its worker waiting for the GIL meanwhile.)

Baseline, same process, same archive, same rounds: the bare query on a plain sqlite3 connection
— FTS5 ``count(*)`` plus the top 100 by bm25 for a query that is one text match, else the count
and the newest 100 of the compiled filter (SQL text, no ORM). Targets (issue "Search that ranks
and scales"): p95 < 50 ms at 100k, ≤ 150 ms at 1,000,000 (``--n 1000000`` builds that archive
once and caches it: 23 minutes and 10.7 GB here). The archive is the one ``bench_search.py``
builds and caches (synthetic articles, 10 % tagged ukraine); it is opened read-only, so a shared
cached copy is never written.

``--keys`` types each query into the search box instead (key events: the text selected, the
query typed over it), and times from its last keystroke to the first painted row: the user's
own wait, with the search box's debounce (``DEBOUNCE_MS``) and its completions in it. The
query's other characters are typed just before, faster than the debounce, so that only the
whole query runs.

``--load N`` runs the timed rounds with N other busy processes (``cpu_load``): the window and
its baseline on a loaded machine, in the same rounds.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SETTINGS = tempfile.mkdtemp(prefix="dossierdesk-bench-window-")
os.environ["XDG_CONFIG_HOME"] = _SETTINGS  # never touch the user's settings
os.environ["XDG_STATE_HOME"] = _SETTINGS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.dialects import sqlite as sqlite_dialect  # noqa: E402

from bench_gui import PaintProbe, spin  # noqa: E402
from bench_search import cached_archive  # noqa: E402
from bench_vocab import words_by_share  # noqa: E402
from cpu_load import add_load_option, cpu_load  # noqa: E402
from dossierdesk.gui.app import create_application  # noqa: E402
from dossierdesk.gui.main_window import MainWindow  # noqa: E402
from dossierdesk.gui.widgets.search_box import DEBOUNCE_MS  # noqa: E402
from dossierdesk.query import compile_query  # noqa: E402
from dossierdesk.service import Archive  # noqa: E402
from dossierdesk.store.models import Article  # noqa: E402

BM25 = "bm25(articles_fts, 10.0, 1.0, 2.0, 1.0)"
SETTLE_SECONDS = 0.05  # the event loop runs this long after the background work, untimed


def mixed_queries(conn: sqlite3.Connection) -> list[str]:
    """The query set, its words picked from the archive's own index by how many articles hold
    them (the synthetic vocabulary depends on the machine that built the archive)."""
    w5, w30, w200, w1500, w8000, rare = words_by_share(conn)
    title = conn.execute("SELECT title FROM articles ORDER BY id LIMIT 1 OFFSET 123").fetchone()
    words = [w.lower() for w in title[0].split() if w.isalpha()]
    phrase = f'"{words[1]} {words[2]}"'
    return [
        w5,  # in nearly every article
        w30,
        w200,
        w1500,
        w8000,
        rare,
        f"{w5} {w30}",
        f"{w30} {w200}",
        f"{w200} {w1500}",
        phrase,
        f"{w200[:4]}*",
        f"{w30} OR {w1500}",
        f"{w200} -{w30}",
        f"title:{w30}",
        f"title:{w200} {w5}",
        f"tag:ukraine {w5}",
        f"tag:ukraine {w200}",
        f'source:"dod news" {w30}',
        f"author:vergun {w200}",
        f"date:2015 {w30}",
        f"after:2020-01-01 {w1500}",
        "tag:ukraine",
        'source:"dod news"',
        "date:2014-01..2014-06",
        "",  # the whole archive, newest first
    ]


def _sql(stmt: object) -> str:
    return str(
        stmt.compile(dialect=sqlite_dialect.dialect(), compile_kwargs={"literal_binds": True})
    )  # type: ignore[attr-defined]


def bare_statements(query: str) -> list[tuple[str, tuple[object, ...]]]:
    """The bare count and first 100 for ``query``."""
    compiled = compile_query(query)
    if compiled.fts_match is not None:
        m = (compiled.fts_match,)
        return [
            ("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", m),
            (
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
                f"ORDER BY {BM25} LIMIT 100",
                m,
            ),
        ]
    count = select(func.count(Article.id))
    page = select(Article.id).order_by(Article.published.desc()).limit(100)
    if compiled.where is not None:
        count, page = count.where(compiled.where), page.where(compiled.where)
    return [(_sql(count), ()), (_sql(page), ())]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def time_window(app: QApplication, window: MainWindow, query: str, keys: bool = False) -> float:
    """Seconds from submitting ``query`` to the first paint showing a row of its result;
    with ``keys``, from the last keystroke of typing it (see the module docstring)."""
    model = window.table_model
    edit = window.search_box.edit
    if keys:
        edit.setFocus()
        edit.selectAll()
        if len(query) > 1:
            QTest.keyClicks(edit, query[:-1])  # each key restarts the debounce
        spin(app, 0.01)
    reset = [False]

    def on_reset() -> None:
        reset[0] = True

    model.modelReset.connect(on_reset)
    # The event loop waits as the application's does: no polling and no timer competing with
    # the worker thread for the GIL; the paint that shows the row ends the wait.
    loop = QEventLoop()
    probe = PaintProbe(
        lambda: reset[0] and model.rowCount() > 0 and model.index(0, 1).data() is not None,
        on_paint=loop.quit,
    )
    viewport = window.table.viewport()
    viewport.installEventFilter(probe)
    QTimer.singleShot(30_000, loop.quit)
    start = time.perf_counter()
    if not keys:
        window.search_box.set_query(query)
    elif query:
        QTest.keyClicks(edit, query[-1])
    elif edit.text():
        QTest.keyClick(edit, Qt.Key.Key_Backspace)  # the selected text: the whole archive
    loop.exec()
    painted = probe.painted_at or time.perf_counter()
    viewport.removeEventFilter(probe)
    model.modelReset.disconnect(on_reset)
    window.search_box.completer.popup().hide()
    spin(app, 30, lambda: not window.tasks.is_busy(window))  # count, snippets, months: not timed
    spin(app, SETTLE_SECONDS)  # and their paints
    return painted - start


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--archive", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true")
    add_load_option(parser)
    parser.add_argument(
        "--keys", action="store_true", help="type the queries; time from the last keystroke"
    )
    args = parser.parse_args()
    path = args.archive or cached_archive(args.n, args.rebuild)
    bare = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    queries = mixed_queries(bare)
    app = create_application([])
    archive = Archive(path, read_only=True)
    window = MainWindow(archive, restore_settings=False)
    window.resize(1400, 900)
    window.show()
    spin(app, 60, lambda: window.table_model.rowCount() > 0 and not window.tasks.is_busy(window))
    statements = {q: bare_statements(q) for q in queries}
    ours: dict[str, list[float]] = {q: [] for q in queries}
    base: dict[str, list[float]] = {q: [] for q in queries}
    if args.load:
        print(f"under load: {args.load} other busy processes")
    with cpu_load(args.load):
        for _ in range(args.rounds):
            for q in queries:
                ours[q].append(time_window(app, window, q, args.keys) * 1000)
                t0 = time.perf_counter()
                for sql, params in statements[q]:
                    bare.execute(sql, params).fetchall()
                base[q].append((time.perf_counter() - t0) * 1000)
    bare.close()
    print(f"{'query':36} {'rows':>7} {'window ms':>10} {'bare ms':>9}")
    for q in queries:
        label = q if q else "(everything)"
        print(
            f"{label[:36]:36} {archive.count(q):>7} {statistics.median(ours[q]):10.1f} "
            f"{statistics.median(base[q]):9.1f}"
        )
    window.shutdown()
    window.close()
    all_ours = [t for ts in ours.values() for t in ts]
    all_base = [t for ts in base.values() for t in ts]
    o50, o95 = percentile(all_ours, 50), percentile(all_ours, 95)
    b50, b95 = percentile(all_base, 50), percentile(all_base, 95)
    what = "last keystroke" if args.keys else "query"
    print(f"\nwindow, {what} to first painted row: p50 {o50:.1f} ms  p95 {o95:.1f} ms")
    print(f"bare count + top 100:               p50 {b50:.1f} ms  p95 {b95:.1f} ms")
    print(f"ratios window/bare: p50 {o50 / b50:.2f}  p95 {o95 / b95:.2f}")
    target = 50 if args.n <= 100_000 else 150  # the issue's: < 50 ms at 100k, ≤ 150 at 1M
    if args.keys:  # the target is the query's, after the debounce
        o95 -= DEBOUNCE_MS
        print(f"of which the debounce: {DEBOUNCE_MS} ms; p95 after it {o95:.1f} ms")
    print(f"target p95 < {target} ms: {'met' if o95 < target else 'MISSED'}")


if __name__ == "__main__":
    main()
