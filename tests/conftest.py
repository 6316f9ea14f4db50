from __future__ import annotations

import os

# Qt tests run headless everywhere (CI has no display); set before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_ACCESSIBILITY", "0")
# The tests read the English texts, whatever the language of the machine they run on.
os.environ["DOSSIERDESK_LANGUAGE"] = "en"

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests import pg_server
from tests.pg_server import PgCluster

from dossierdesk.service import Archive

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"
SEED = DATA / "000_014c2d8a4cbccb0c.txt"
REPO = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real user's archive, settings or logs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("DOSSIERDESK_ARCHIVE", raising=False)


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.sqlite3"


BACKENDS_MARK = "both_backends"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked ``both_backends`` run once on a file archive (SQLite) and once on a team
    archive (a real PostgreSQL server): their ``archive`` (or ``backend``) is each in turn."""
    marked = metafunc.definition.get_closest_marker(BACKENDS_MARK) is not None
    if marked and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", ["sqlite", "postgresql"])


@pytest.fixture
def backend() -> str:
    """``sqlite``, or, in a test marked ``both_backends``, each engine in turn."""
    return "sqlite"


@pytest.fixture
def archive_location(backend: str, archive_path: Path, request: pytest.FixtureRequest) -> str:
    """Where the test's archive is: a file path, or a fresh team archive's URL."""
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_archive_url"))
    return str(archive_path)


@pytest.fixture
def archive(archive_location: str) -> Iterator[Archive]:
    with Archive(archive_location) as arch:
        yield arch


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A writable copy of the real corpus."""
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest, ignore=shutil.ignore_patterns("*.md"))
    return dest


# -- PostgreSQL (team archives): a real throwaway server, tests/pg_server.py ----------------------

REQUIRE_PG_ENV = "DOSSIERDESK_REQUIRE_PG"


@dataclass(frozen=True)
class PgRoles:
    """URLs for the test roles on one database (owned by dd_owner)."""

    owner: str
    editor: str
    reader: str


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """The session's PostgreSQL server, started on first use and stopped at session end.

    Missing server binaries or driver: a skip, or a failure when $DOSSIERDESK_REQUIRE_PG=1 (CI).
    """
    problem = pg_server.unavailable_reason()
    if problem is not None:
        if os.environ.get(REQUIRE_PG_ENV) == "1":
            pytest.fail(
                f"{REQUIRE_PG_ENV}=1 but {problem}; {pg_server.INSTALL_HINT}", pytrace=False
            )
        pytest.skip(f"PostgreSQL tests skipped: {problem}; {pg_server.INSTALL_HINT}")
    cluster = PgCluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> Iterator[str]:
    """A fresh, empty database owned by dd_owner (its URL, as dd_owner); dropped afterwards."""
    url = pg_cluster.new_database()
    try:
        yield url
    finally:
        pg_cluster.drop_database(pg_server.database_name(url))


@pytest.fixture
def pg_roles(pg_cluster: PgCluster, pg_url: str) -> PgRoles:
    """The owner's, editor's and reader's URLs for the ``pg_url`` database (no grants made)."""
    name = pg_server.database_name(pg_url)
    return PgRoles(
        owner=pg_url,
        editor=pg_cluster.url(name, "dd_editor"),
        reader=pg_cluster.url(name, "dd_reader"),
    )


@pytest.fixture(scope="session")
def pg_archive_template(pg_cluster: PgCluster) -> str:
    """A database holding an empty team archive (schema created by the app, as dd_owner),
    which ``pg_archive_url`` copies: creating the schema once, not once per test."""
    url = pg_cluster.new_database()
    with Archive(url):
        pass
    return pg_server.database_name(url)


@pytest.fixture
def pg_archive_url(pg_cluster: PgCluster, pg_archive_template: str) -> Iterator[str]:
    """A fresh, empty team archive (a copy of the template database), dropped afterwards."""
    url = pg_cluster.new_database(template=pg_archive_template)
    try:
        yield url
    finally:
        pg_cluster.drop_database(pg_server.database_name(url))


def fragment_index(path: Path, articles: int = 12) -> None:
    """Leave the file archive at ``path`` with search indexes of many segments, as a large
    import leaves them: FTS5's merging switched off (as the import switches it off) while
    ``articles`` text articles are imported, a commit each, then on again."""
    import sqlite3

    from dossierdesk.store import fts

    def automerge(level: int) -> None:
        con = sqlite3.connect(path)
        try:
            with con:
                for table in ("articles_fts", "articles_title_fts"):
                    con.execute(
                        f"INSERT INTO {table}({table}, rank) VALUES ('automerge', ?)", (level,)
                    )
        finally:
            con.close()

    automerge(0)
    with Archive(path) as archive:
        for k in range(articles):
            text = f"Segment report {k}\n\nPatrol {k} crossed the ridge at dawn; harbor {k % 3}."
            archive.import_bytes(f"report-{k}.txt", text.encode())
    automerge(fts.AUTOMERGE_DEFAULT)


def index_segments(path: Path) -> tuple[int, int]:
    """How many segments the main search index and the titles' index hold."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        main, titles = (
            int(con.execute(f"SELECT count(DISTINCT segid) FROM {table}_idx").fetchone()[0])
            for table in ("articles_fts", "articles_title_fts")
        )
        return main, titles
    finally:
        con.close()
