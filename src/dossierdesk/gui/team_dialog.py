"""File → Open Team Archive…: a team archive on a PostgreSQL server, by its fields or a service.

The dialog builds a libpq address (``postgresql://user@host:port/database?sslmode=…``) from
host, port, database, user, TLS mode and CA certificate, or from a ``pg_service.conf`` service
name; it never holds a password. Opening goes through ``Archive(address, prompt=…)``: libpq
finds the password in ``~/.pgpass`` when it is there, else the server's request for one is
answered by a password field (``ask_password``) on the GUI thread. The address (never with a
password) is what Open Recent keeps and what the title shows (``describe``).
"""

from __future__ import annotations

import getpass
import os
import queue
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dossierdesk.gui.i18n import QT_TRANSLATE_NOOP, translate
from dossierdesk.gui.ops import LONG, task_manager
from dossierdesk.gui.settings import app_settings
from dossierdesk.store.errors import ArchiveError
from dossierdesk.store.team_url import redacted

if TYPE_CHECKING:
    from dossierdesk.service import Archive

DEFAULT_PORT = 5432
# libpq's sslmode values, the default ("prefer": TLS when the server offers it) first.
SSL_MODES = ("prefer", "require", "verify-ca", "verify-full", "disable")
SSL_MODE_TIPS = {
    "prefer": QT_TRANSLATE_NOOP(
        "TeamDialog", "TLS when the server offers it, else unencrypted (libpq's default)"
    ),
    "require": QT_TRANSLATE_NOOP(
        "TeamDialog", "always TLS, without checking the server's certificate"
    ),
    "verify-ca": QT_TRANSLATE_NOOP(
        "TeamDialog", "always TLS; the server's certificate must be signed by the CA"
    ),
    "verify-full": QT_TRANSLATE_NOOP(
        "TeamDialog", "always TLS; certificate signed by the CA and issued for this host name"
    ),
    "disable": QT_TRANSLATE_NOOP("TeamDialog", "never TLS (only on a trusted network)"),
}
SETTINGS_PREFIX = "team/"
_FIELDS = ("host", "port", "database", "user", "sslmode", "sslrootcert", "service", "use_service")

PasswordPrompt = Callable[[str], str | None]


# -- addresses -----------------------------------------------------------------------------
def _query(params: dict[str, str]) -> str:
    kept = {k: v for k, v in params.items() if v}
    return f"?{urlencode(kept, quote_via=quote, safe='/')}" if kept else ""


def build_address(
    *,
    host: str,
    port: int = DEFAULT_PORT,
    database: str,
    user: str = "",
    sslmode: str = "prefer",
    sslrootcert: str = "",
) -> str:
    """The libpq address of a server's database (user and database percent-encoded; no
    password: libpq takes it from ``~/.pgpass`` or the window asks for it)."""
    host = host.strip()
    if ":" in host and not host.startswith("["):  # an IPv6 address
        host = f"[{host}]"
    userinfo = f"{quote(user.strip(), safe='')}@" if user.strip() else ""
    if sslmode not in SSL_MODES:
        raise ValueError(f"unknown sslmode {sslmode!r}")
    query = _query({"sslmode": sslmode, "sslrootcert": sslrootcert.strip()})
    return f"postgresql://{userinfo}{host}:{int(port)}/{quote(database.strip(), safe='')}{query}"


def service_address(service: str, *, database: str = "", user: str = "") -> str:
    """The address of a ``pg_service.conf`` service (host, port, TLS come from the file;
    a database or user given here overrides the file's)."""
    userinfo = f"{quote(user.strip(), safe='')}@" if user.strip() else ""
    path = f"/{quote(database.strip(), safe='')}" if database.strip() else ""
    return f"postgresql://{userinfo}{path}{_query({'service': service.strip()})}"


def describe(location: str) -> tuple[str, str]:
    """``("dossierdesk on db.office", "alice")`` for a team archive's address: which archive
    and which user, as libpq would pick them (the user: the address's, ``$PGUSER``, else the
    account's name, as libpq does)."""
    try:
        parts = urlsplit(redacted(location))
        params = dict(parse_qsl(parts.query))
        user = unquote(parts.username or "") or params.get("user", "")
        host = parts.hostname or params.get("host", "")
    except ValueError:
        return redacted(location), ""
    database = unquote(parts.path.lstrip("/")) or params.get("dbname", "")
    service = params.get("service", "")
    user = user or (os.environ.get("PGUSER", "") if not service else "")
    host = host or (os.environ.get("PGHOST", "") if not service else "")
    database = database or (os.environ.get("PGDATABASE", "") if not service else "")
    if not user and not service:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no name for this account
            user = ""
    where = host or (f"service {service}" if service else "localhost")
    name = f"{database or user or service or 'team archive'} on {where}"
    return name, user


# -- the dialog ----------------------------------------------------------------------------
class TeamArchiveDialog(QDialog):
    """Where the team archive is: server fields, or a service name. ``address()`` is the
    libpq address built from them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("TeamDialog", "Open Team Archive"))
        intro = QLabel(
            translate(
                "TeamDialog",
                "A team archive is a PostgreSQL database shared by several people. The password "
                "is taken from ~/.pgpass, or asked for when the server wants one; it is never "
                "stored.",
            )
        )
        intro.setWordWrap(True)
        self.server_radio = QRadioButton(translate("TeamDialog", "&Server"))
        self.service_radio = QRadioButton(
            translate("TeamDialog", "Ser&vice name (pg_service.conf)")
        )
        self.server_radio.setChecked(True)

        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText("db.example.org")
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.port_spin.setGroupSeparatorShown(False)
        self.database_edit = QLineEdit()
        self.database_edit.setPlaceholderText("dossierdesk")
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText(
            _account_name() or translate("TeamDialog", "your user name")
        )
        self.sslmode_combo = QComboBox()
        for mode in SSL_MODES:
            self.sslmode_combo.addItem(mode, mode)
            self.sslmode_combo.setItemData(
                self.sslmode_combo.count() - 1,
                translate("TeamDialog", SSL_MODE_TIPS[mode]),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.ca_edit = QLineEdit()
        self.ca_edit.setPlaceholderText(
            translate("TeamDialog", "optional: the CA certificate (sslrootcert)")
        )
        self.ca_button = QPushButton(translate("TeamDialog", "&Browse…"))
        self.ca_button.clicked.connect(self._choose_ca)
        ca_row = QHBoxLayout()
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(self.ca_button)
        self.service_edit = QLineEdit()
        self.service_edit.setPlaceholderText("office")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.server_radio)
        form.addRow(translate("TeamDialog", "&Host:"), self.host_edit)
        form.addRow(translate("TeamDialog", "&Port:"), self.port_spin)
        form.addRow(translate("TeamDialog", "&TLS:"), self.sslmode_combo)
        ca_label = QLabel(
            translate("TeamDialog", "&CA certificate:")
        )  # (a row of a layout gets no buddy by itself)
        ca_label.setBuddy(self.ca_edit)
        form.addRow(ca_label, ca_row)
        form.addRow(self.service_radio)
        form.addRow(translate("TeamDialog", "Service na&me:"), self.service_edit)
        form.addRow(QLabel(""))
        form.addRow(translate("TeamDialog", "&Database:"), self.database_edit)
        form.addRow(translate("TeamDialog", "&User:"), self.user_edit)

        self.address_label = QLabel()
        self.address_label.setWordWrap(True)
        self.address_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address_label.setStyleSheet("color: palette(placeholder-text);")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.address_label)
        layout.addWidget(self.buttons)

        for edit in (
            self.host_edit,
            self.database_edit,
            self.user_edit,
            self.ca_edit,
            self.service_edit,
        ):
            edit.textChanged.connect(self._update)
        self.port_spin.valueChanged.connect(self._update)
        self.sslmode_combo.currentIndexChanged.connect(self._update)
        self.server_radio.toggled.connect(self._update)
        self.load_settings()
        self._update()
        self.setMinimumWidth(460)

    # -- fields --------------------------------------------------------------------------
    def uses_service(self) -> bool:
        return self.service_radio.isChecked()

    def set_sslmode(self, mode: str) -> None:
        index = self.sslmode_combo.findData(mode)
        if index >= 0:
            self.sslmode_combo.setCurrentIndex(index)

    def address(self) -> str:
        """The libpq address the fields give ("" while incomplete)."""
        if self.uses_service():
            service = self.service_edit.text().strip()
            if not service:
                return ""
            return service_address(
                service, database=self.database_edit.text(), user=self.user_edit.text()
            )
        if not self.host_edit.text().strip() or not self.database_edit.text().strip():
            return ""
        return build_address(
            host=self.host_edit.text(),
            port=self.port_spin.value(),
            database=self.database_edit.text(),
            user=self.user_edit.text(),
            sslmode=str(self.sslmode_combo.currentData()),
            sslrootcert=self.ca_edit.text(),
        )

    def _update(self, *_args: object) -> None:
        server = not self.uses_service()
        for widget in (self.host_edit, self.port_spin, self.sslmode_combo, self.ca_edit):
            widget.setEnabled(server)
        self.ca_button.setEnabled(server)
        self.service_edit.setEnabled(not server)
        address = self.address()
        self.address_label.setText(
            translate("TeamDialog", "Address: {address}").format(address=address) if address else ""
        )
        open_button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        open_button.setEnabled(bool(address))

    def _choose_ca(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            translate("TeamDialog", "CA certificate"),
            self.ca_edit.text() or os.path.expanduser("~"),
            translate("TeamDialog", "Certificates (*.crt *.pem *.cer);;All (*)"),
        )
        if name:
            self.ca_edit.setText(name)

    # -- settings (the fields as last used; never a password) -----------------------------
    def load_settings(self) -> None:
        s = app_settings()

        def value(key: str) -> str:
            return str(s.value(SETTINGS_PREFIX + key, "") or "")

        self.host_edit.setText(value("host"))
        port = value("port")
        self.port_spin.setValue(int(port) if port.isdigit() else DEFAULT_PORT)
        self.database_edit.setText(value("database"))
        self.user_edit.setText(value("user"))
        self.set_sslmode(value("sslmode") or "prefer")
        self.ca_edit.setText(value("sslrootcert"))
        self.service_edit.setText(value("service"))
        if value("use_service").lower() in ("true", "1"):
            self.service_radio.setChecked(True)

    def save_settings(self) -> None:
        s = app_settings()
        values: dict[str, Any] = {
            "host": self.host_edit.text().strip(),
            "port": self.port_spin.value(),
            "database": self.database_edit.text().strip(),
            "user": self.user_edit.text().strip(),
            "sslmode": str(self.sslmode_combo.currentData()),
            "sslrootcert": self.ca_edit.text().strip(),
            "service": self.service_edit.text().strip(),
            "use_service": self.uses_service(),
        }
        for key in _FIELDS:
            s.setValue(SETTINGS_PREFIX + key, values[key])
        s.sync()

    def accept(self) -> None:
        if not self.address():
            return
        self.save_settings()
        super().accept()


def _account_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


# -- opening -------------------------------------------------------------------------------
def ask_password(parent: QWidget | None, display: str) -> str | None:
    """The password field the server's request for a password is answered with (``None``:
    cancelled). The wait cursor is lifted while it shows."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(translate("TeamDialog", "Team archive password"))
    dialog.setLabelText(translate("TeamDialog", "Password for {name}:").format(name=display))
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setObjectName("teamPasswordDialog")
    waiting = QGuiApplication.overrideCursor() is not None
    if waiting:
        QGuiApplication.restoreOverrideCursor()
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        password = dialog.textValue() if accepted else None
    finally:
        dialog.setTextValue("")
        dialog.deleteLater()
        if waiting:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    return password


def open_team_archive(
    parent: QWidget | None, address: str, prompt: PasswordPrompt | None = None
) -> Archive | None:
    """Open the team archive at ``address`` (asking for its password if the server wants
    one), or show why it cannot be opened (``None``).

    Connecting, and creating or upgrading the schema, run on a thread of their own (a server
    may take seconds to answer, or not answer until the connection times out) while the
    window keeps painting under a wait cursor; the password is asked for on the GUI thread."""
    asked: list[str] = []

    def prompt_and_remember(display: str) -> str | None:
        answer = (prompt or (lambda d: ask_password(parent, d)))(display)
        if answer:
            asked.append(answer)
        return answer

    problem: str | None = None
    archive: Archive | None = None
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        archive = _open_off_thread(address, prompt_and_remember)
    except ArchiveError as exc:
        problem = str(exc)
    except ImportError:
        problem = translate(
            "TeamDialog",
            "{address}: the PostgreSQL driver is not installed (pip install 'psycopg[binary]')",
        ).format(address=redacted(address))
    except OSError as exc:
        problem = f"{redacted(address)}: {exc}"
    finally:
        QGuiApplication.restoreOverrideCursor()
    if problem is not None:
        for secret in asked:  # a server message never holds it, but never show it anyway
            problem = problem.replace(secret, "…")
        QMessageBox.warning(
            parent,
            translate("TeamDialog", "Open team archive"),
            translate("TeamDialog", "Cannot open the team archive:\n{problem}").format(
                problem=problem
            ),
        )
    asked.clear()
    return archive


def _open_off_thread(address: str, prompt: PasswordPrompt) -> Archive:
    """``Archive(address)`` on a worker thread; its password prompt runs here (GUI thread)."""
    from dossierdesk.service import Archive

    answers: queue.Queue[str | None] = queue.Queue()
    outcome: dict[str, Any] = {}

    def ask(display: str) -> str | None:  # on the worker: hand the question to the GUI
        connect.report(display)
        return answers.get()

    def answer(display: str) -> None:  # on the GUI thread: the prompt is a normal dialog
        QGuiApplication.restoreOverrideCursor()
        try:
            answers.put(prompt(display))
        finally:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    loop = QEventLoop()
    connect = task_manager().op(lambda: Archive(address, prompt=ask), lane=LONG)
    connect.progress(answer).success(lambda archive: outcome.update(archive=archive))
    connect.failure(lambda exc: outcome.update(error=exc)).finished(loop.quit)
    connect.run()
    if "archive" not in outcome and "error" not in outcome:  # (not delivered already)
        loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    archive: Archive = outcome["archive"]
    return archive
