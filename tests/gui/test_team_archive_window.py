"""The window on a team archive (PostgreSQL): File → Open Team Archive…, the password prompt,
Open Recent, the title, a reader's read-only window, and refused logins (issue #15)."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from psycopg.conninfo import conninfo_to_dict
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit, QMessageBox
from tests.conftest import CORPUS, SEED, PgRoles
from tests.gui.conftest import WindowFactory, wait_idle
from tests.pg_server import PgCluster, database_name

from dossierdesk.gui import settings as user_settings
from dossierdesk.gui import team_dialog
from dossierdesk.gui.main_window import MainWindow
from dossierdesk.gui.team_dialog import (
    TeamArchiveDialog,
    build_address,
    describe,
    service_address,
)
from dossierdesk.service import Archive
from dossierdesk.store import team_roles


def _without_password(url: str) -> tuple[str, str]:
    """``(address without the password, the password)`` of a test server URL."""
    parts = urlsplit(url)
    assert parts.password
    netloc = f"{parts.username}@{parts.hostname}:{parts.port}"
    return parts._replace(netloc=netloc).geturl(), parts.password


def _answer_modal(qtbot: Any, answer: Callable[[QDialog], None], *, times: int = 1) -> list[str]:
    """Answer the next ``times`` modal dialogs with ``answer``; returns their window titles."""
    seen: list[str] = []

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QDialog) and widget.isVisible():
            seen.append(widget.windowTitle())
            answer(widget)
        if len(seen) < times:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)
    return seen


def _type_password(
    password: str, echo_modes: list[QLineEdit.EchoMode]
) -> Callable[[QDialog], None]:
    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        echo_modes.append(dialog.textEchoMode())
        dialog.setTextValue(password)
        dialog.accept()

    return answer


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the message boxes shown (instead of showing them)."""
    shown: list[str] = []

    def warning(_parent: Any, title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        shown.append(f"{title}\n{text}")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "critical", warning)
    return shown


@pytest.fixture
def file_archive(archive_path: Path) -> Iterator[Archive]:
    with Archive(archive_path) as archive:
        yield archive


CORPUS_ARTICLES: list[int] = []  # how many articles the corpus gives (set on first import)


@pytest.fixture
def team_corpus_url(pg_archive_url: str) -> str:
    """A team archive holding the real corpus (its URL, with the owner's password)."""
    with Archive(pg_archive_url) as team:
        team.import_paths([CORPUS])
        CORPUS_ARTICLES[:] = [team.count()]
    assert CORPUS_ARTICLES[0] > 30
    return pg_archive_url


def _corpus_shown(window: MainWindow) -> bool:
    return window.table_model.rowCount() == CORPUS_ARTICLES[0]


# -- the dialog ------------------------------------------------------------------------------
def test_dialog_builds_the_address_from_its_fields(qtbot: Any) -> None:
    dialog = TeamArchiveDialog()
    qtbot.addWidget(dialog)
    open_button = dialog.buttons.button(dialog.buttons.StandardButton.Open)
    assert dialog.port_spin.value() == 5432 and dialog.sslmode_combo.currentText() == "prefer"
    assert [dialog.sslmode_combo.itemText(i) for i in range(dialog.sslmode_combo.count())] == [
        "prefer",
        "require",
        "verify-ca",
        "verify-full",
        "disable",
    ]
    assert dialog.address() == "" and not open_button.isEnabled()
    dialog.host_edit.setText("db.office")
    dialog.port_spin.setValue(6543)
    dialog.database_edit.setText("dossier/desk 2")
    dialog.user_edit.setText("alice@hq:x")
    dialog.set_sslmode("verify-full")
    dialog.ca_edit.setText("/home/al ice/certs/ca+root.pem")
    address = dialog.address()
    assert open_button.isEnabled()
    assert address == (
        "postgresql://alice%40hq%3Ax@db.office:6543/dossier%2Fdesk%202"
        "?sslmode=verify-full&sslrootcert=/home/al%20ice/certs/ca%2Broot.pem"
    )
    assert address in dialog.address_label.text()
    # libpq reads back exactly what was typed.
    assert conninfo_to_dict(address) == {
        "user": "alice@hq:x",
        "host": "db.office",
        "port": "6543",
        "dbname": "dossier/desk 2",
        "sslmode": "verify-full",
        "sslrootcert": "/home/al ice/certs/ca+root.pem",
    }
    assert "password" not in address
    # The service alternative: host, port and TLS come from pg_service.conf.
    dialog.service_radio.setChecked(True)
    assert not dialog.host_edit.isEnabled() and not dialog.sslmode_combo.isEnabled()
    assert dialog.address() == ""
    dialog.service_edit.setText("office")
    dialog.user_edit.clear()
    assert dialog.address() == "postgresql:///dossier%2Fdesk%202?service=office"
    assert conninfo_to_dict(dialog.address()) == {"dbname": "dossier/desk 2", "service": "office"}
    # Accepting keeps the fields (never a password) for the next time.
    dialog.accept()
    again = TeamArchiveDialog()
    qtbot.addWidget(again)
    assert again.uses_service() and again.service_edit.text() == "office"
    assert again.host_edit.text() == "db.office" and again.port_spin.value() == 6543
    assert again.sslmode_combo.currentText() == "verify-full"


def test_addresses_and_titles() -> None:
    assert build_address(host="::1", database="dd") == "postgresql://[::1]:5432/dd?sslmode=prefer"
    assert service_address("office") == "postgresql://?service=office"
    assert describe("postgresql://alice:secret@db.office:5432/dossierdesk?sslmode=require") == (
        "dossierdesk on db.office",
        "alice",
    )
    assert describe("postgresql://?service=office") == ("office on service office", "")
    with pytest.raises(ValueError, match="sslmode"):
        build_address(host="h", database="d", sslmode="maybe")


def test_describe_without_a_user_names_the_account(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGUSER", raising=False)
    monkeypatch.setattr(team_dialog.getpass, "getuser", lambda: "carol")
    assert describe("postgresql://db.office/dossierdesk") == ("dossierdesk on db.office", "carol")
    monkeypatch.setenv("PGUSER", "dave")
    assert describe("postgresql://db.office/dossierdesk")[1] == "dave"


def test_open_team_archive_is_in_the_file_menu(
    file_archive: Archive, make_window: WindowFactory
) -> None:
    window = make_window(file_archive)
    texts = [a.text() for a in window.file_menu.actions()]
    assert texts.index("Open &Team Archive…") == texts.index("&Open Archive…") + 1
    assert window.open_team_action.shortcut().toString() == "Ctrl+Shift+O"


# -- opening a real team archive ---------------------------------------------------------------
def test_the_dialog_opens_a_team_archive_asking_for_the_password(
    team_corpus_url: str,
    file_archive: Archive,
    make_window: WindowFactory,
    qtbot: Any,
    warnings: list[str],
) -> None:
    address, password = _without_password(team_corpus_url)
    parts = urlsplit(address)
    window = make_window(file_archive)
    echo: list[QLineEdit.EchoMode] = []

    def fill_dialog(dialog: QDialog) -> None:
        if isinstance(dialog, TeamArchiveDialog):
            dialog.host_edit.setText(str(parts.hostname))
            dialog.port_spin.setValue(int(parts.port or 0))
            dialog.database_edit.setText(database_name(team_corpus_url))
            dialog.user_edit.setText("dd_owner")
            dialog.accept()
        else:
            _type_password(password, echo)(dialog)

    seen = _answer_modal(qtbot, fill_dialog, times=2)
    window.open_team_action.trigger()
    assert seen == ["Open Team Archive", "Team archive password"], warnings
    assert echo == [QLineEdit.EchoMode.Password]
    assert not warnings
    assert window.archive.is_team and not window.archive.read_only
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: _corpus_shown(window), timeout=20_000)
    title = window.windowTitle()
    assert title.startswith(f"{database_name(team_corpus_url)} on {parts.hostname} — dd_owner — ")
    assert password not in title
    assert not window.read_only_banner.isVisibleTo(window)
    recent = user_settings.recent_archives()
    assert isinstance(recent[0], str) and recent[0].startswith("postgresql://dd_owner@")
    assert "sslmode=prefer" in recent[0]
    settings_text = user_settings.settings_path().read_text(encoding="utf-8")
    assert password not in settings_text and "dd_owner@" in settings_text
    assert password not in " ".join(a.text() for a in window.recent_menu.actions())


def test_open_recent_reopens_a_team_archive_asking_again(
    team_corpus_url: str,
    file_archive: Archive,
    make_window: WindowFactory,
    qtbot: Any,
    warnings: list[str],
) -> None:
    address, password = _without_password(team_corpus_url)
    window = make_window(file_archive)
    echo: list[QLineEdit.EchoMode] = []
    _answer_modal(qtbot, _type_password(password, echo))
    assert window.open_archive(address), warnings
    assert user_settings.recent_archives()[0] == address
    assert password not in user_settings.settings_path().read_text(encoding="utf-8")
    # Back to the file archive, then the team archive again from Open Recent.
    assert window.open_archive(file_archive.path or Path())
    action = next(a for a in window.recent_menu.actions() if a.text() == address)
    _answer_modal(qtbot, _type_password(password, echo))
    action.trigger()
    assert echo == [QLineEdit.EchoMode.Password] * 2  # asked each time, never stored
    assert window.archive.is_team and not warnings
    qtbot.waitUntil(lambda: _corpus_shown(window), timeout=20_000)
    # ... and the last archive used: the next start opens it (asking for the password).
    assert user_settings.last_archive() == address
    _answer_modal(qtbot, _type_password(password, echo))
    started = MainWindow.open_initial(controller_factory=None)
    qtbot.addWidget(started)
    try:
        assert started.archive.is_team and started.archive.location == address
    finally:
        started.shutdown()


def test_a_password_in_the_address_is_used_and_never_kept(
    team_corpus_url: str, file_archive: Archive, make_window: WindowFactory, qtbot: Any
) -> None:
    _address, password = _without_password(team_corpus_url)
    window = make_window(file_archive)
    assert window.open_archive(team_corpus_url)  # no prompt: the address has it
    for text in (
        window.windowTitle(),
        window.read_only_banner.text(),
        " ".join(a.text() for a in window.recent_menu.actions()),
        user_settings.settings_path().read_text(encoding="utf-8"),
    ):
        assert password not in text


def test_a_window_on_a_team_archive_searches_tags_and_browses(
    team_corpus_url: str, make_window: WindowFactory, qtbot: Any
) -> None:
    team = Archive(team_corpus_url)
    try:
        window = make_window(team)
        failures: list[object] = []
        window.readFailed.connect(failures.append)
        window.show()
        qtbot.waitUntil(lambda: _corpus_shown(window), timeout=20_000)
        window.search_box.set_query("carter")
        wait_idle(qtbot, window)
        found = team.search("carter").total
        assert 0 < found < CORPUS_ARTICLES[0]
        qtbot.waitUntil(lambda: window.table_model.rowCount() == found, timeout=20_000)
        window.table.selectRow(0)
        wait_idle(qtbot, window)
        assert window.tag_action.isEnabled()
        assert window.controller is not None
        window.controller.add_tags(window.selected_ids(), ["team tag"])
        wait_idle(qtbot, window)
        assert team.search('tag:"team tag"').total == 1
        texts = lambda: _sidebar_texts(window)  # noqa: E731
        qtbot.waitUntil(lambda: any(t.startswith("team tag") for t in texts()), timeout=20_000)
        assert any(t.startswith("DoD News") for t in texts())  # the facets: sources, …
        assert any(t.startswith("Library") and "(" in t for t in texts())
        # The reader pane shows the selected article.
        title = window.table_model.summary(0).title  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: title in window.reader.toPlainText(), timeout=20_000)
        # A dossier opens on its page with its entries.
        dossier = team.create_dossier("Team dossier", query="carter")
        wait_idle(qtbot, window)
        window.refresh_all()
        wait_idle(qtbot, window)
        window.show_dossier(dossier)
        qtbot.waitUntil(
            lambda: window.dossier_view.table.model().rowCount() == found, timeout=20_000
        )
        window.show_articles()
        # The photos page loads.
        window.photo_browser.set_active(True)
        browser = window.photo_browser
        qtbot.waitUntil(
            lambda: browser.model.at_end and not browser.model.is_loading(), timeout=20_000
        )
        window.photo_browser.set_active(False)
        wait_idle(qtbot, window)
        assert not failures
    finally:
        window.tasks.forget(window)
        window.tasks.wait()
        team.close()


def _sidebar_texts(window: MainWindow) -> list[str]:
    model = window.sidebar_model
    texts: list[str] = []
    stack = [model.invisibleRootItem()]
    while stack:
        item = stack.pop()
        for row in range(item.rowCount()):
            child = item.child(row)
            texts.append(child.text())
            stack.append(child)
    return texts


# -- a reader ------------------------------------------------------------------------------------
def _grant(cluster: PgCluster, url: str) -> None:
    name = database_name(url)
    sql = team_roles.database_sql(owner="dd_owner", editors="dd_editor", readers="dd_reader")
    with cluster.admin_connection(name) as conn:
        conn.execute(sql)  # type: ignore[call-overload]
        conn.execute("GRANT CONNECT ON DATABASE " + name + " TO dd_editor, dd_reader")  # type: ignore[call-overload]


@pytest.fixture
def reader_url(pg_cluster: PgCluster, pg_roles: PgRoles) -> str:
    with Archive(pg_roles.owner) as owner:
        owner.import_paths([SEED])
    _grant(pg_cluster, pg_roles.owner)
    return pg_roles.reader


def _assert_read_only_window(window: MainWindow) -> None:
    assert window.controller is None
    assert window.read_only_banner.isVisible()
    banner = window.read_only_banner.text()
    assert "read-only" in banner and "dd_reader may only read it" in banner
    assert "(read-only)" in window.windowTitle() and "dd_reader" in window.windowTitle()
    for action in (
        window.import_files_action,
        window.import_folder_action,
        window.manage_tags_action,
        window.tag_action,
        window.remove_tag_action,
        window.edit_action,
        window.delete_action,
        window.new_dossier_selection_action,
    ):
        assert not action.isEnabled(), action.text()
    assert not window.welcome.files_button.isEnabled()


def test_a_reader_gets_a_read_only_window(
    reader_url: str, make_window: WindowFactory, qtbot: Any
) -> None:
    reader = Archive(reader_url)
    try:
        window = make_window(reader)
        window.show()
        qtbot.waitUntil(lambda: window.table_model.rowCount() == 1, timeout=20_000)
        window.table.selectRow(0)
        _assert_read_only_window(window)
        assert window.tag_bar is None or not window.tag_bar.isVisible()
    finally:
        window.tasks.forget(window)
        window.tasks.wait()
        reader.close()


def test_switching_to_a_readers_team_archive_and_back(
    reader_url: str, file_archive: Archive, make_window: WindowFactory, qtbot: Any
) -> None:
    file_archive.import_paths([SEED])
    window = make_window(file_archive)
    window.show()
    assert window.open_archive(reader_url)
    qtbot.waitUntil(lambda: window.table_model.rowCount() == 1, timeout=20_000)
    window.table.selectRow(0)
    _assert_read_only_window(window)
    assert window.tag_bar is not None and not window.tag_bar.isVisible()
    assert window.open_archive(file_archive.path or Path())
    qtbot.waitUntil(lambda: window.table_model.rowCount() == 1, timeout=20_000)
    window.table.selectRow(0)
    assert window.controller is not None and window.tag_action.isEnabled()
    assert window.import_files_action.isEnabled() and not window.read_only_banner.isVisible()
    assert window.tag_bar.isVisible()


# -- refusals ------------------------------------------------------------------------------------
def test_a_refused_login_shows_a_sentence(
    pg_archive_url: str,
    file_archive: Archive,
    make_window: WindowFactory,
    qtbot: Any,
    warnings: list[str],
) -> None:
    address, _password = _without_password(pg_archive_url)
    window = make_window(file_archive)
    echo: list[QLineEdit.EchoMode] = []
    _answer_modal(qtbot, _type_password("wrong-secret-4711", echo))
    assert not window.open_archive(address)
    assert echo == [QLineEdit.EchoMode.Password]
    assert len(warnings) == 1
    assert "password authentication failed" in warnings[0]
    assert "wrong-secret-4711" not in warnings[0] and "Traceback" not in warnings[0]
    assert window.archive is file_archive and not window.archive.is_team
    assert address not in [str(p) for p in user_settings.recent_archives()]
    # A wrong password written in the address: the server's refusal asks for the right one;
    # cancelling that prompt refuses the archive with a sentence that shows neither.
    wrong = address.replace("dd_owner@", "dd_owner:wrong-secret-4712@")
    _answer_modal(qtbot, lambda dialog: dialog.reject())
    assert not window.open_archive(wrong)
    assert len(warnings) == 2 and "password authentication failed" in warnings[1]
    assert "wrong-secret-4712" not in warnings[1] and "Traceback" not in warnings[1]


def test_an_unreachable_server_shows_a_sentence(
    file_archive: Archive, make_window: WindowFactory, warnings: list[str]
) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    window = make_window(file_archive)
    address = build_address(host="127.0.0.1", port=port, database="dd", user="u", sslmode="disable")
    assert not window.open_archive(address)
    assert len(warnings) == 1 and "Cannot open the team archive" in warnings[0]
    assert "Connection refused" in warnings[0] or "connection" in warnings[0].lower()
    assert "Traceback" not in warnings[0]


def test_a_reader_on_an_empty_database_is_told_why(
    pg_cluster: PgCluster,
    pg_url: str,
    file_archive: Archive,
    make_window: WindowFactory,
    warnings: list[str],
) -> None:
    name = database_name(pg_url)
    with pg_cluster.admin_connection(name) as conn:
        conn.execute("GRANT CONNECT ON DATABASE " + name + " TO dd_reader")  # type: ignore[call-overload]
    window = make_window(file_archive)
    assert not window.open_archive(pg_cluster.url(name, "dd_reader"))
    assert len(warnings) == 1 and "may not create tables" in warnings[0]
    assert pg_cluster.passwords["dd_reader"] not in warnings[0]


def test_opening_keeps_the_window_painting_while_the_server_answers(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Connecting runs on a thread of its own: the event loop turns meanwhile, and a password
    the server asks for is still asked on the GUI thread."""
    import threading
    import time

    from PySide6.QtCore import QTimer

    import dossierdesk.service as service_package
    from dossierdesk.gui.team_dialog import open_team_archive

    gui_thread = threading.get_ident()
    asked_on: list[int] = []

    class SlowArchive:
        def __init__(self, address: str, *, prompt: Any) -> None:
            time.sleep(0.3)  # a far server
            self.password = prompt("dd on far.example")
            time.sleep(0.3)

    monkeypatch.setattr(service_package, "Archive", SlowArchive)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)

    def prompt(_display: str) -> str:
        asked_on.append(threading.get_ident())
        return "s3cret"

    opened = open_team_archive(None, "postgresql://dd@far.example/dd", prompt=prompt)
    timer.stop()
    assert isinstance(opened, SlowArchive) and opened.password == "s3cret"
    assert asked_on == [gui_thread]
    assert len(ticks) >= 10  # the GUI thread was not blocked for the 0.6 s
