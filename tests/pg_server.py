"""A real, throwaway PostgreSQL server for the tests (team archives on PostgreSQL).

``PgCluster.start()`` runs ``initdb`` into a fresh temporary folder and starts the server with
``pg_ctl`` on 127.0.0.1 (a free port, password authentication) plus a unix socket in that folder
(trust, used only for the bootstrap superuser's admin statements). Durability is switched off:
the data is thrown away. ``stop()`` kills the server and removes the folder; it is also
registered with ``atexit`` so an aborted session still cleans up.

Run as root (CI), ``initdb`` and ``postgres`` refuse to run: the folder is then given to the
``postgres`` system user (created when missing) and the server commands run through
``runuser -u postgres --``.

Login roles for the tests, none of them superuser: ``dd_owner`` (owns the databases that
``new_database`` creates), ``dd_editor`` and ``dd_reader`` (no privileges beyond PUBLIC's; the
application's own setup SQL grants theirs).

No pytest here: tests/conftest.py turns a missing server or driver into a skip or a failure.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, LiteralString
from urllib.parse import quote, urlsplit

if TYPE_CHECKING:
    import psycopg

SUPERUSER = "postgres"
ROLES = ("dd_owner", "dd_editor", "dd_reader")
HOST = "127.0.0.1"
# Overrides where the server binaries are looked for (a folder holding initdb, pg_ctl, postgres).
BINDIR_ENV = "DOSSIERDESK_PG_BINDIR"
INSTALL_HINT = (
    "install the PostgreSQL server (Debian/Ubuntu: apt-get install postgresql; "
    "macOS: brew install postgresql) and the driver (pip install 'psycopg[binary]'), "
    "or run `bash .ci/quickstart test`"
)
# A unix socket path must fit in sun_path (107 bytes on Linux, 103 on macOS).
_MAX_SOCKET_DIR = 80
_SERVER_SETTINGS = {
    "listen_addresses": HOST,
    "max_connections": "100",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "password_encryption": "scram-sha-256",
}
_TOOLS = ("initdb", "pg_ctl", "postgres")


def find_bindir() -> Path | None:
    """The folder of initdb/pg_ctl/postgres: $DOSSIERDESK_PG_BINDIR, ``pg_config --bindir``,
    else the highest /usr/lib/postgresql/*/bin (Debian keeps the server off PATH)."""
    candidates: list[Path] = []
    override = os.environ.get(BINDIR_ENV)
    if override:
        candidates.append(Path(override))
    else:
        pg_config = shutil.which("pg_config")
        if pg_config:
            try:
                out = subprocess.run(
                    [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=30
                ).stdout.strip()
            except (OSError, subprocess.SubprocessError):
                out = ""
            if out:
                candidates.append(Path(out))

        def version(path: str) -> tuple[int, ...]:
            number = Path(path).parent.name
            return (
                tuple(int(p) for p in number.split("."))
                if number.replace(".", "").isdigit()
                else ()
            )

        debian = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
        candidates.extend(Path(p) for p in debian)
    for folder in candidates:
        if all(os.access(folder / tool, os.X_OK) for tool in _TOOLS):
            return folder
    return None


def unavailable_reason() -> str | None:
    """Why a cluster cannot be started here (None: it can)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the PostgreSQL driver psycopg is not installed"
    if find_bindir() is None:
        where = os.environ.get(BINDIR_ENV) or "pg_config --bindir, /usr/lib/postgresql/*/bin"
        return f"the PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found ({where})"
    return None


def database_name(url: str) -> str:
    """The database a libpq URL names."""
    return urlsplit(url).path.lstrip("/")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _conf_value(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


class PgError(RuntimeError):
    """The throwaway server could not be set up."""


class PgCluster:
    """One throwaway PostgreSQL cluster; build it with ``PgCluster.start()``."""

    def __init__(self, bindir: Path, base: Path, run_as: str | None) -> None:
        self.bindir = bindir
        self.base = base  # the temporary folder: data/, the log and the unix socket
        self.data = base / "data"
        self.log = base / "server.log"
        self.port = 0
        self.run_as = run_as  # the system user the server commands run as (None: this process)
        self.passwords = {role: secrets.token_hex(12) for role in ROLES}
        self._names = itertools.count(1)
        self._running = False
        self._stopped = False

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def start(cls, bindir: Path | None = None) -> PgCluster:
        bindir = bindir or find_bindir()
        if bindir is None:
            raise PgError(unavailable_reason() or "PostgreSQL server binaries not found")
        run_as = _server_user() if os.geteuid() == 0 else None
        base = _make_base(run_as)
        cluster = cls(bindir, base, run_as)
        atexit.register(cluster.stop)
        try:
            cluster._initdb()
            cluster._start_server()
            cluster._create_roles()
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def stop(self) -> None:
        """Kill the server (immediate shutdown) and remove its folder; safe to call again."""
        if self._stopped:
            return
        self._stopped = True
        try:
            if self._running:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except PgError:
            pass  # already gone; the folder goes anyway
        finally:
            self._running = False
            shutil.rmtree(self.base, ignore_errors=True)
            atexit.unregister(self.stop)

    def __enter__(self) -> PgCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self, tool: str, *args: str) -> str:
        command = [str(self.bindir / tool), *args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        # cwd: the server user may not be allowed into the caller's working directory.
        done = subprocess.run(
            command,
            cwd=self.base,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise PgError(
                f"{tool} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}"
                + self._log_tail()
            )
        return done.stdout

    def _log_tail(self) -> str:
        try:
            lines = self.log.read_text(errors="replace").splitlines()[-20:]
        except OSError:
            return ""
        return "\nserver log:\n" + "\n".join(lines) if lines else ""

    def _initdb(self) -> None:
        common = ["-D", str(self.data), "-U", SUPERUSER, "-E", "UTF8"]
        common += [
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--no-sync",
            "--no-instructions",
        ]
        try:
            self._run("initdb", *common, "--locale=C.UTF-8")
        except PgError:
            # No C.UTF-8 locale on this system (some macOS/BSD): byte-wise C locale instead.
            shutil.rmtree(self.data, ignore_errors=True)
            self._run("initdb", *common, "--no-locale")
        settings = dict(_SERVER_SETTINGS, unix_socket_directories=str(self.base))
        lines = [f"{key} = {_conf_value(value)}" for key, value in settings.items()]
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# dossierdesk tests: throwaway server\n" + "\n".join(lines) + "\n")

    def _start_server(self) -> None:
        last: PgError | None = None
        for _attempt in range(3):  # another process may take the free port before the server
            self.port = _free_port()
            try:
                self._run(
                    "pg_ctl",
                    *("-D", str(self.data), "-l", str(self.log), "-w", "-t", "60"),
                    *("-o", f"-p {self.port}", "start"),
                )
            except PgError as error:
                last = error
                continue
            self._running = True
            return
        assert last is not None
        raise last

    def _create_roles(self) -> None:
        from psycopg import sql

        with self.admin_connection() as conn:
            for role in ROLES:
                conn.execute(
                    sql.SQL(
                        "CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}"
                    ).format(sql.Identifier(role), sql.Literal(self.passwords[role]))
                )

    # -- admin and databases -----------------------------------------------------------------

    def admin_connection(self, dbname: str = "postgres") -> psycopg.Connection[tuple[object, ...]]:
        """An autocommit connection as the bootstrap superuser over the unix socket."""
        import psycopg

        return psycopg.connect(
            host=str(self.base), port=self.port, user=SUPERUSER, dbname=dbname, autocommit=True
        )

    def admin(self, statement: LiteralString, params: Sequence[object] | None = None) -> None:
        """Run one admin statement (autocommit, superuser) on the ``postgres`` database."""
        with self.admin_connection() as conn:
            conn.execute(statement, params)

    def new_database(self, owner: str = "dd_owner", template: str = "template0") -> str:
        """Create a fresh, uniquely named UTF8 database owned by ``owner``, a copy of
        ``template``; its URL as owner."""
        from psycopg import sql

        name = f"dd_test_{next(self._names)}_{secrets.token_hex(4)}"
        with self.admin_connection() as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {} TEMPLATE {} ENCODING 'UTF8'").format(
                    sql.Identifier(name), sql.Identifier(owner), sql.Identifier(template)
                )
            )
        return self.url(name, owner)

    def drop_database(self, name: str) -> None:
        """Drop a database, ending its open connections first."""
        from psycopg import sql

        with self.admin_connection() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def url(self, dbname: str, role: str = "dd_owner") -> str:
        """``postgresql://ROLE:PASSWORD@127.0.0.1:PORT/DBNAME`` for one of the test roles."""
        password = self.passwords[role]
        return f"postgresql://{quote(role, safe='')}:{password}@{HOST}:{self.port}/{quote(dbname)}"


def _server_user() -> str:
    """The system user that runs the server when this process is root (created when missing)."""
    try:
        pwd.getpwnam(SUPERUSER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--user-group", "--no-create-home", SUPERUSER],
            check=True,
            capture_output=True,
        )
    return SUPERUSER


def _make_base(run_as: str | None) -> Path:
    parent = tempfile.gettempdir()
    # The server user must reach the folder, and the socket path must stay short.
    if run_as or len(parent) > _MAX_SOCKET_DIR - 20:
        parent = "/tmp"
    base = Path(tempfile.mkdtemp(prefix="dd-pg-", dir=parent))
    if run_as:
        user = pwd.getpwnam(run_as)
        os.chown(base, user.pw_uid, user.pw_gid)
    return base
