"""The throwaway PostgreSQL server the team-archive tests run on (tests/pg_server.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests import pg_server
from tests.conftest import REPO, REQUIRE_PG_ENV, PgRoles
from tests.pg_server import PgCluster

try:
    import psycopg
    from psycopg import errors
except ImportError:
    if os.environ.get(REQUIRE_PG_ENV) == "1":
        raise  # CI: a collection error, never a silent skip
    pytest.skip(
        f"the PostgreSQL driver psycopg is not installed; {pg_server.INSTALL_HINT}",
        allow_module_level=True,
    )


@pytest.fixture(autouse=True)
def _no_ambient_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the URL's password may reach the server (no PGPASSWORD, no ~/.pgpass)."""
    for name in ("PGPASSWORD", "PGPASSFILE", "PGSERVICE", "PGSERVICEFILE", "PGUSER"):
        monkeypatch.delenv(name, raising=False)


def _public_tables(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            " ORDER BY table_name"
        ).fetchall()
    return [row[0] for row in rows]


def test_owner_creates_tables_and_writes(pg_url: str) -> None:
    title = "Déjà vu — Ünïcode “quotes” 日本"
    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE article (id serial PRIMARY KEY, title text NOT NULL)")
        conn.execute("INSERT INTO article (title) VALUES (%s)", (title,))
        conn.commit()
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT title FROM article").fetchall() == [(title,)]
        assert conn.execute(
            "SELECT current_user, pg_get_userbyid(datdba), pg_encoding_to_char(encoding)"
            " FROM pg_database WHERE datname = current_database()"
        ).fetchone() == ("dd_owner", "dd_owner", "UTF8")
        # The owner is an ordinary role.
        assert conn.execute(
            "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user"
        ).fetchone() == (False, False, False)


def test_each_database_is_fresh_and_separate(pg_cluster: PgCluster, pg_url: str) -> None:
    other = pg_cluster.new_database()
    try:
        assert pg_server.database_name(other) != pg_server.database_name(pg_url)
        assert _public_tables(pg_url) == []
        assert _public_tables(other) == []
        with psycopg.connect(pg_url) as conn:
            conn.execute("CREATE TABLE only_here (id int)")
        assert _public_tables(pg_url) == ["only_here"]
        assert _public_tables(other) == []
    finally:
        pg_cluster.drop_database(pg_server.database_name(other))
    with pg_cluster.admin_connection() as admin:
        names = {row[0] for row in admin.execute("SELECT datname FROM pg_database").fetchall()}
    assert pg_server.database_name(other) not in names
    assert pg_server.database_name(pg_url) in names


def test_editor_and_reader_cannot_create_in_a_database_they_do_not_own(pg_roles: PgRoles) -> None:
    with psycopg.connect(pg_roles.owner) as conn:
        conn.execute("CREATE TABLE article (id int)")
    for url, role in ((pg_roles.editor, "dd_editor"), (pg_roles.reader, "dd_reader")):
        with psycopg.connect(url, autocommit=True) as conn:
            assert conn.execute("SELECT current_user").fetchone() == (role,)
            # PostgreSQL 15 no longer lets PUBLIC create in schema public ...
            with pytest.raises(errors.InsufficientPrivilege, match="schema public"):
                conn.execute("CREATE TABLE mine (id int)")
            # ... nor create schemas in someone else's database ...
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute("CREATE SCHEMA mine")
            # ... and nothing is granted on the owner's tables until the app's setup SQL does it.
            with pytest.raises(errors.InsufficientPrivilege, match="article"):
                conn.execute("SELECT * FROM article")


def test_listens_on_loopback_with_password_authentication(
    pg_cluster: PgCluster, pg_url: str
) -> None:
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT host(inet_server_addr())").fetchone() == ("127.0.0.1",)
        assert conn.info.port == pg_cluster.port
    name = pg_server.database_name(pg_url)
    wrong = pg_url.replace(pg_cluster.passwords["dd_owner"], "not-the-password")
    assert wrong != pg_url
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(wrong)
    with pytest.raises(psycopg.OperationalError, match="no password supplied"):
        psycopg.connect(f"postgresql://dd_owner@127.0.0.1:{pg_cluster.port}/{name}")
    # A role's URL carries that role's password (not another's).
    with psycopg.connect(pg_cluster.url(name, "dd_reader")) as conn:
        assert conn.execute("SELECT current_user").fetchone() == ("dd_reader",)
    editor_with_reader_password = pg_cluster.url(name, "dd_editor").replace(
        pg_cluster.passwords["dd_editor"], pg_cluster.passwords["dd_reader"]
    )
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(editor_with_reader_password)
    with pg_cluster.admin_connection() as admin:
        rules = admin.execute(
            "SELECT address, auth_method FROM pg_hba_file_rules WHERE type = 'host'"
        ).fetchall()
        assert ("127.0.0.1", "scram-sha-256") in rules
        assert {method for _, method in rules} == {"scram-sha-256"}
        assert admin.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
        assert admin.execute("SHOW fsync").fetchone() == ("off",)


def test_a_cluster_stops_and_removes_its_folder() -> None:
    if pg_server.unavailable_reason():
        pytest.skip(pg_server.unavailable_reason() or "")
    cluster = PgCluster.start()
    try:
        url = cluster.new_database()
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        assert cluster.base.is_dir()
    finally:
        cluster.stop()
    assert not cluster.base.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=5)
    cluster.stop()  # idempotent


def _pytest_without_server(tmp_path: Path, require: bool) -> subprocess.CompletedProcess[str]:
    """Run one PostgreSQL test in a child pytest that finds no server binaries."""
    env = {k: v for k, v in os.environ.items() if k != REQUIRE_PG_ENV}
    env[pg_server.BINDIR_ENV] = str(tmp_path / "no-postgres-here")
    if require:
        env[REQUIRE_PG_ENV] = "1"
    test = "tests/test_pg_server.py::test_owner_creates_tables_and_writes"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", test],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_missing_server_skips_with_an_install_hint(tmp_path: Path) -> None:
    done = _pytest_without_server(tmp_path, require=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout
    assert "apt-get install postgresql" in done.stdout


def test_missing_server_fails_when_required(tmp_path: Path) -> None:
    done = _pytest_without_server(tmp_path, require=True)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 error" in done.stdout
    assert "DOSSIERDESK_REQUIRE_PG=1 but the PostgreSQL server binaries" in done.stdout
    assert "skipped" not in done.stdout
