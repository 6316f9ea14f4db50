"""Translations: the German window, the .ts in step with the code, every visible text wrapped,
the .ts compiling cleanly, and the English plural fallback."""

from __future__ import annotations

import ast
import html
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMenu, QWidget
from tests.gui.conftest import wait_idle

from dossierdesk.gui import i18n
from dossierdesk.gui.editing import EditController
from dossierdesk.gui.i18n import format_count, install_translators, remove_translators, translate
from dossierdesk.service import Archive

REPO = Path(__file__).resolve().parents[2]
GUI = REPO / "src" / "dossierdesk" / "gui"
TS = REPO / "resources" / "translations" / "dossierdesk_de.ts"
sys.path.insert(0, str(REPO / "packaging"))
import update_translations  # noqa: E402

# PySide6's own entry points (what the pyside6-lupdate / pyside6-lrelease scripts run).
_TOOL = (
    "import sys; from PySide6.scripts import pyside_tool; "
    "sys.argv[0] = 'pyside6-{0}'; sys.exit(pyside_tool.{0}())"
)


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", _TOOL.format(name), *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=300)


# -- reading .ts files ---------------------------------------------------------------------
_CONTEXT = re.compile(r"<context>\s*<name>(.*?)</name>(.*?)</context>", re.S)
_MESSAGE = re.compile(r"<message(?P<attrs>[^>]*)>(?P<body>.*?)</message>", re.S)


def messages(ts_text: str) -> dict[tuple[str, str], dict[str, Any]]:
    """(context, source) -> {"numerus": bool, "unfinished": bool, "forms": [translations]}."""
    found = {}
    for context in _CONTEXT.finditer(ts_text):
        for m in _MESSAGE.finditer(context.group(2)):
            body = m.group("body")
            source = html.unescape(re.search(r"<source>(.*?)</source>", body, re.S).group(1))
            translation = re.search(r"<translation([^>]*?)(?:/>|>(.*?)</translation>)", body, re.S)
            assert translation is not None, source
            inner = translation.group(2) or ""
            numerus = 'numerus="yes"' in m.group("attrs")
            forms = (
                re.findall(r"<numerusform>(.*?)</numerusform>", inner, re.S) if numerus else [inner]
            )
            found[(html.unescape(context.group(1)), source)] = {
                "numerus": numerus,
                "unfinished": "unfinished" in translation.group(1),
                "forms": [html.unescape(f) for f in forms],
            }
    return found


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed German .ts compiled with lrelease into a temporary folder."""
    folder = tmp_path_factory.mktemp("qm")
    done = run_tool("lrelease", str(TS), "-qm", str(folder / "dossierdesk_de.qm"))
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


@pytest.fixture
def german(qapp: Any, compiled: Path) -> Iterator[None]:
    """German installed the way the program installs it (for de_DE), removed afterwards."""
    translators = install_translators(qapp, QLocale("de_DE"), compiled)
    assert any(t.filePath().endswith("dossierdesk_de.qm") for t in translators)
    try:
        yield
    finally:
        remove_translators(qapp, translators)
    assert translate("MainWindow", "&File") == "&File"


# -- the German window ----------------------------------------------------------------------
def _accelerator(text: str) -> str | None:
    m = re.search(r"&([^&\s])", text.replace("&&", ""))
    return m.group(1).casefold() if m else None


def _check_accelerators(title: str, texts: list[str]) -> None:
    keys = [k for k in map(_accelerator, texts) if k]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"{title}: accelerators used twice: {duplicates} in {texts}"


def test_the_window_in_german(
    german: None, seeded_archive: Archive, make_window: Any, qtbot: Any
) -> None:
    window = make_window(seeded_archive)
    bar = window.menuBar()
    titles = [a.text() for a in bar.actions()]
    assert titles == ["&Datei", "&Bearbeiten", "D&ossier", "&Ansicht", "&Hilfe"]
    _check_accelerators("menu bar", titles)
    for action in bar.actions():
        menu = action.menu()
        assert isinstance(menu, QMenu)
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        _check_accelerators(action.text(), texts)
        for text in texts:  # every entry is German: none is left in English
            english = {"&Copy", "&Quit", "&Undo", "&Find", "&Delete", "&Print…"}
            assert text.split(" ", 1)[0] not in english, (action.text(), text)
    assert window.open_action.text() == "Archiv ö&ffnen…"
    assert window.import_files_action.text() == "Dateien &importieren…"
    assert window.quit_action.text() == "&Beenden"
    assert window.quit_action.statusTip() == "Dossier Desk beenden"
    assert window.undo_action.text() == "&Rückgängig"
    assert window.print_preview_action.text() == "Druck&vorschau…"
    assert window.export_pdf_action.statusTip().endswith("als PDF exportieren")
    assert window.tag_action.text() == "Auswahl &taggen…"
    assert window.recent_menu.title() == "&Zuletzt geöffnet"
    # The table, the sidebar, the search box and the status bar.
    header = [
        window.table.model().headerData(c, window.table.horizontalHeader().orientation())
        for c in range(3)
    ]
    assert header == ["Datum", "Titel", "Autoren"]
    sidebar = window.sidebar.model()
    groups = [sidebar.index(r, 0).data() for r in range(sidebar.rowCount())]
    assert groups[0].startswith("Bibliothek")
    assert groups[1:4] == ["Dossiers", "Gespeicherte Suchen", "Tags"]
    assert "Jahre" in groups and "Quellen" in groups
    assert window.search_box.edit.placeholderText().startswith("Suche: Wörter")
    wait_idle(qtbot, window)
    assert window.count_label.text().endswith(" Artikel"), window.count_label.text()
    assert window.table.accessibleName() == "Artikel"


def test_dialogs_in_german(
    german: None, seeded_archive: Archive, qtbot: Any, tmp_path: Path
) -> None:
    from dossierdesk.gui.dossiers.dialogs import DossierPropertiesDialog
    from dossierdesk.gui.metadata_dialog import MetadataDialog
    from dossierdesk.gui.print_options import ExportPdfDialog, load_export_options
    from dossierdesk.gui.tag_manager import TagManagerDialog
    from dossierdesk.gui.team_dialog import TeamArchiveDialog

    detail = seeded_archive.article(seeded_archive.search("").ids[0])
    metadata = MetadataDialog(detail)
    qtbot.addWidget(metadata)
    assert metadata.windowTitle() == f"Artikel Nr. {detail.id} bearbeiten"
    assert metadata.keep_virins.text() == "Fehlerhafte VIRINs wie gedruckt behalten"

    export = ExportPdfDialog(None, tmp_path / "x.pdf", load_export_options())
    qtbot.addWidget(export)
    assert export.windowTitle() == "Als PDF exportieren"
    assert export.photos_check.text() == "&Fotos einschließen"
    assert export.paths_check.text() == "Datei&namen von Artikeln ohne URL drucken"

    dossier = DossierPropertiesDialog(None)
    qtbot.addWidget(dossier)
    assert dossier.windowTitle() == "Neues Dossier"

    team = TeamArchiveDialog(None)
    qtbot.addWidget(team)
    assert team.windowTitle() == "Team-Archiv öffnen"

    host = QWidget()
    qtbot.addWidget(host)
    controller = EditController(seeded_archive, QUndoStack(host), host)
    tags = TagManagerDialog(controller)
    qtbot.addWidget(tags)
    assert tags.filter_edit.placeholderText() == "Tags filtern…"
    assert tags.status.text() == "Die Tags werden gelesen…"
    tags.show()
    qtbot.waitUntil(lambda: tags.status.text() != "Die Tags werden gelesen…", timeout=5000)
    assert tags.status.text() == "2 Tags"
    # An undo step's text, as the Edit menu shows it.
    ids = list(seeded_archive.search("").ids)[:2]
    controller.add_tags(ids, ["korea"])
    assert controller.undo_stack.undoText() == "2 Artikel mit „korea“ taggen"


def test_plural_forms_in_german(german: None) -> None:
    assert translate("Importing", "%n file(s)", None, 1) == "1 Datei"
    assert translate("Importing", "%n file(s)", None, 3) == "3 Dateien"
    assert translate("MainWindow", "{count} selected article(s)", None, 2) == (
        "2 ausgewählte Artikel"
    )
    assert translate("Commands", " and %n more", None, 1) == " und 1 weiteres"


def test_english_without_a_translation() -> None:
    assert translate("CopyActions", "Copied {count} article(s)", None, 1) == "Copied 1 article"
    assert translate("CopyActions", "Copied {count} article(s)", None, 20_000) == (
        "Copied 20,000 articles"
    )
    assert translate("HelpViewer", "%n match(es)", None, 2) == "2 matches"
    assert translate("HelpViewer", "%n match(es)", None, 1) == "1 match"
    assert translate("MainWindow", "Open &Recent") == "Open &Recent"
    assert format_count(1234) in ("1,234", "1.234", "1 234", "1\u00a0234")


def test_the_language_setting_and_fallback(qapp: Any, compiled: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv(i18n.LANGUAGE_VARIABLE, "de")
    assert i18n.preferred_locale().language() == QLocale.Language.German
    monkeypatch.delenv(i18n.LANGUAGE_VARIABLE)
    assert i18n.preferred_locale().name() == QLocale.system().name()
    # No French translation of the program: nothing of it installed, the texts stay English.
    translators = install_translators(qapp, QLocale("fr_FR"), compiled)
    try:
        assert not any("dossierdesk" in t.filePath() for t in translators)
        assert translate("MainWindow", "&File") == "&File"
    finally:
        remove_translators(qapp, translators)


# -- the .ts in step with the code ------------------------------------------------------------
def _texts_in_code() -> set[tuple[str, str]]:
    """(context, text) of every translate / QT_TRANSLATE_NOOP / self.tr call with literals."""
    found = set()
    for path in GUI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for inner in ast.walk(node):
                    classes.setdefault(inner, node.name)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = node.args
            literal = [isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args]
            if name in ("translate", "QT_TRANSLATE_NOOP") and len(args) >= 2 and all(literal[:2]):
                found.add((args[0].value, args[1].value))
            elif name == "tr" and isinstance(func, ast.Attribute) and args and literal[0]:
                assert isinstance(func.value, ast.Name) and func.value.id == "self", (
                    f"{path.name}:{node.lineno}: tr() on another object takes a context "
                    "lupdate cannot know: use translate(context, text)"
                )
                found.add((classes[node], args[0].value))
    return found


def test_counts_are_plain_names() -> None:
    """lupdate silently skips a translate(..., n) whose count is not a plain name."""
    for path in GUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "translate":
                assert not node.keywords, f"{path.name}:{node.lineno}: pass the count by position"
                if len(node.args) == 4:
                    assert isinstance(node.args[3], ast.Name), f"{path.name}:{node.lineno}"


def test_the_ts_is_in_step_with_the_code(tmp_path: Path) -> None:
    committed = messages(TS.read_text(encoding="utf-8"))
    fresh = tmp_path / "fresh_de.ts"
    sources = [str(p) for p in update_translations.sources()]
    done = run_tool(
        "lupdate", *sources, "-ts", str(fresh), "-target-language", "de", "-locations", "none"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    extracted = set(messages(fresh.read_text(encoding="utf-8")))
    assert extracted, "lupdate found nothing"
    # What lupdate finds now is what the committed file holds: no new, no stale text.
    assert extracted - set(committed) == set(), "run packaging/update_translations.py"
    assert set(committed) - extracted == set(), "stale texts: run packaging/update_translations.py"
    # lupdate found every literal text in the code (a form it does not read would be lost).
    assert _texts_in_code() - extracted == set()


_PLACEHOLDER = re.compile(r"\{\w*\}|%n|%\d")


def test_every_german_message_is_translated() -> None:
    found = messages(TS.read_text(encoding="utf-8"))
    assert len(found) > 300
    for (context, source), message in found.items():
        where = f"{context}: {source!r}"
        assert not message["unfinished"], where
        assert message["numerus"] == update_translations.is_plural(source), where
        assert len(message["forms"]) == (2 if message["numerus"] else 1), where
        for form in message["forms"]:
            assert form.strip(), where
            assert sorted(_PLACEHOLDER.findall(form)) == sorted(_PLACEHOLDER.findall(source)), (
                f"{where}: {form!r}"
            )
            assert ("&" in form.replace("&&", "")) == ("&" in source.replace("&&", "")), where


def test_the_ts_compiles_without_warnings(tmp_path: Path) -> None:
    done = run_tool("lrelease", str(TS), "-qm", str(tmp_path / "de.qm"))
    assert done.returncode == 0
    output = done.stdout + done.stderr
    assert "finished and 0 unfinished" in output, output
    assert not re.search(r"warning|error|ignored", output, re.I), output
    assert (tmp_path / "de.qm").stat().st_size > 10_000


# -- every visible text goes through translation ------------------------------------------------
#: Calls whose string arguments a user sees.
_VISIBLE = {
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setStatusTip",
    "setWhatsThis",
    "setPlaceholderText",
    "setAccessibleName",
    "setLabelText",
    "setTitle",
    "addMenu",
    "addAction",
    "addButton",
    "addRow",
    "addItem",
    "addItems",
    "showMessage",
    "setHeaderLabels",
    "setHorizontalHeaderLabels",
    "QAction",
    "QMenu",
    "QPushButton",
    "QToolButton",
    "QLabel",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QToolBar",
    "QListWidgetItem",
    "QProgressDialog",
    "getSaveFileName",
    "getOpenFileName",
    "getOpenFileNames",
    "getExistingDirectory",
    "getText",
    "getColor",
}
_MESSAGE_BOX = {"information", "warning", "critical", "question", "about"}
#: Texts that are the same in every language.
_ALLOWED = {"Dossier Desk", "db.example.org", "dossierdesk", "office"}


def _literal_strings(node: ast.AST) -> Iterator[ast.Constant | ast.JoinedStr]:
    """String literals and f-strings of an argument (through conditionals, + and lists),
    but not inside a translate() or tr() call."""
    if isinstance(node, ast.Call):
        return
    if isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    ):
        yield node
        return
    for child in ast.iter_child_nodes(node):
        yield from _literal_strings(child)


def _has_words(node: ast.Constant | ast.JoinedStr) -> bool:
    if isinstance(node, ast.Constant):
        text = node.value
    else:
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    for allowed in _ALLOWED:
        text = text.replace(allowed, "")
    return bool(re.search(r"[A-Za-z]{2}", text))


def test_no_visible_text_bypasses_translation() -> None:
    assert unwrapped_texts(GUI) == []


def unwrapped_texts(root: Path) -> list[str]:
    """``file:line: call()`` of each visible call handed an English literal directly."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            message_box = (
                name in _MESSAGE_BOX
                and isinstance(func, ast.Attribute)
                and getattr(func.value, "id", "") == "QMessageBox"
            )
            if name not in _VISIBLE and not message_box:
                continue
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                for literal in _literal_strings(arg):
                    if _has_words(literal) and not _is_shortcut(literal):
                        problems.append(f"{path.relative_to(root)}:{node.lineno}: {name}()")
    return problems


def _is_shortcut(node: ast.Constant | ast.JoinedStr) -> bool:
    return isinstance(node, ast.Constant) and bool(
        re.fullmatch(r"((Ctrl|Shift|Alt|Meta)\+)*(F\d+|[A-Z0-9]|Up|Down|Esc|Return)", node.value)
    )


def test_the_scan_finds_an_unwrapped_text(tmp_path: Path) -> None:
    """The scan above is not vacuous: an English literal handed to a setter is reported."""
    fake = tmp_path / "gui"
    fake.mkdir()
    (fake / "bad.py").write_text(
        "def f(label, box):\n"
        "    label.setText('Hello there')\n"
        "    QMessageBox.warning(None, translate('X', 'Title'), f'Failed: {box}')\n"
        "    label.setToolTip(translate('X', 'Fine'))\n"
        "    label.setShortcut('Ctrl+Q')\n",
        encoding="utf-8",
    )
    assert unwrapped_texts(fake) == ["bad.py:2: setText()", "bad.py:3: warning()"]


def test_qt_translate_noop_returns_the_text() -> None:
    assert i18n.QT_TRANSLATE_NOOP("Sidebar", "Library") == "Library"
    assert QCoreApplication.translate("Sidebar", "Library") == "Library"
