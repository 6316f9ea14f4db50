"""The PostgreSQL server of the team-archive benchmarks: a throwaway one, or one given by URL.

By default a benchmark starts its own throwaway cluster (``tests/pg_server.py``: initdb into a
temporary folder, 127.0.0.1, fsync, synchronous_commit and full_page_writes off, all else
PostgreSQL's defaults: shared_buffers 128 MB, work_mem 4 MB) and stops it at the end; every
run gets a new database of its own.

With ``--url`` the benchmark uses that database instead, which must start out holding no
tables: between runs it is emptied with ``DROP OWNED BY CURRENT_USER`` (so give a database and
a role made for the benchmark, never an archive you keep).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _table_count(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
        ).fetchone()
    return int(row[0]) if row else 0


def empty_database(url: str) -> None:
    """Drop everything the URL's role owns in its database."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP OWNED BY CURRENT_USER")


@contextlib.contextmanager
def databases(url: str | None) -> Iterator[Callable[[], str]]:
    """A function that gives an empty database's URL for each run (see the module docstring)."""
    if url is not None:
        if _table_count(url):
            raise SystemExit(
                "--url must name a database without tables (it is emptied between runs)"
            )

        def reuse() -> str:
            empty_database(url)
            return url

        yield reuse
        empty_database(url)
        return
    import sys

    sys.path.insert(0, str(ROOT))
    from tests.pg_server import PgCluster

    cluster = PgCluster.start()
    created: list[str] = []

    def fresh() -> str:
        from tests.pg_server import database_name

        # One database at a time: the previous run's is dropped (disk, and the server's cache).
        for old in created:
            cluster.drop_database(database_name(old))
        created.clear()
        created.append(cluster.new_database())
        return created[-1]

    try:
        yield fresh
    finally:
        cluster.stop()


def cli_command() -> list[str]:
    """How to run ``dossierdesk-cli`` with this Python (its entry point when installed)."""
    import sys

    exe = Path(sys.executable).with_name("dossierdesk-cli")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "dossierdesk.cli.main"]


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (as bench_window_search.py)."""
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]
