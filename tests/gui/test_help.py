"""The user guide: F1, sections, search, the dialogs' Help buttons, offline links, packaging."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QPushButton

from dossierdesk.gui import help_viewer
from dossierdesk.gui.dossiers.dialogs import DossierPropertiesDialog
from dossierdesk.gui.editing import EditController
from dossierdesk.gui.help_actions import install_help
from dossierdesk.gui.help_viewer import (
    HelpWindow,
    guide_anchors,
    guide_path,
    help_window,
    show_help,
)
from dossierdesk.gui.import_report import ImportReportDialog
from dossierdesk.gui.print_options import ExportPdfDialog
from dossierdesk.gui.tag_removal import RemoveTagsDialog
from dossierdesk.pdf import ExportOptions
from dossierdesk.service import Archive
from dossierdesk.service.dto import ImportReport

from .conftest import WindowFactory
from .conftest_editing import (  # noqa: F401 (fixtures)
    answers_fixture,
    controller_fixture,
    host_fixture,
    small_archive_fixture,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "dossierdesk"
SECTIONS = (
    "getting-started",
    "importing",
    "searching",
    "tags",
    "editing",
    "photos",
    "dossiers",
    "printing",
    "shortcuts",
    "command-line",
)


@pytest.fixture(autouse=True)
def _fresh_help_window(qapp: Any) -> Iterator[None]:
    """Each test starts without the shared help window and leaves none behind."""
    yield
    window = help_window()
    if window is not None:
        window.close()
        window.deleteLater()
    help_viewer._window = None


def _opened(qtbot: Any) -> HelpWindow:
    window = help_window()
    assert window is not None
    qtbot.waitUntil(window.isVisible)
    return window


def _anchor_top(window: HelpWindow, anchor: str) -> int:
    """Where ``anchor``'s heading is, in pixels from the top of the browser's viewport."""
    browser = window.browser
    document = browser.document()
    block = document.begin()
    while block.isValid():
        names: list[str] = []
        it = block.begin()
        while not it.atEnd():
            names += it.fragment().charFormat().anchorNames()
            it += 1
        if anchor in names:
            break
        block = block.next()
    assert block.isValid(), anchor
    y = document.documentLayout().blockBoundingRect(block).top()
    return int(y) - browser.verticalScrollBar().value()


def test_guide_has_every_section_and_no_remote_resources() -> None:
    assert guide_path().is_file()
    anchors = guide_anchors()
    assert set(SECTIONS) <= anchors
    text = guide_path().read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), "remote resource"
    assert "@import" not in text and "url(" not in text
    # Internal links point at anchors that exist.
    for target in re.findall(r'href="#([^"]+)"', text):
        assert target in anchors, target


def test_every_section_the_code_links_to_exists() -> None:
    """Each ``help_button("…")`` / ``show_help("…")`` in the sources names a guide anchor."""
    pattern = re.compile(r"""(?:help_button|show_help)\(\s*["']([^"']+)["']""")
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert {"printing", "tags", "importing", "dossiers", "editing"} <= used
    assert used <= guide_anchors(), used - guide_anchors()


def test_guide_ships_as_package_data() -> None:
    """In a checkout the guide is ``resources/help``; the wheel force-includes ``resources``
    (and the PyInstaller spec copies the whole tree), so it ships where resources_dir() looks."""
    from importlib import resources

    from dossierdesk.resources import resources_dir

    assert guide_path() == resources_dir() / "help" / "guide.html"
    assert guide_path().is_file()
    installed = resources.files("dossierdesk") / "_data" / "resources" / "help" / "guide.html"
    checkout = Path(__file__).resolve().parents[2] / "resources" / "help" / "guide.html"
    assert installed.is_file() or checkout.is_file()
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert '"resources" = "dossierdesk/_data/resources"' in pyproject


def test_f1_in_the_main_window_opens_the_guide_at_the_top(
    qtbot: Any, make_window: WindowFactory, seeded_archive: Archive
) -> None:
    window = make_window(seeded_archive)  # the window installs the guide itself
    help_menus = [
        a.menu()
        for a in window.menuBar().actions()
        if isinstance(a.menu(), QMenu) and a.text() == "&Help"
    ]
    assert len(help_menus) == 1  # the existing menu, not a second one
    menu = help_menus[0]
    assert isinstance(menu, QMenu)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[0] == "Dossier Desk &Help" and "&About Dossier Desk" in texts
    action = menu.actions()[0]
    assert action.shortcut().toString() == "F1"

    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # shortcuts need the active window
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.table, Qt.Key.Key_F1)
    guide = _opened(qtbot)
    assert guide.browser.verticalScrollBar().value() == 0
    assert guide.browser.document().toPlainText().startswith("Dossier Desk Help")
    current = guide.contents.currentItem()
    assert current is not None and current.data(Qt.ItemDataRole.UserRole) == "top"

    # Triggered again after scrolling elsewhere: the same window, back at the top.
    show_help("printing")
    action.trigger()
    assert help_window() is guide
    assert guide.browser.verticalScrollBar().value() == 0


def test_install_help_makes_a_help_menu_when_missing(qtbot: Any) -> None:
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    window.menuBar().addMenu("&File")
    install_help(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Help"]


def test_show_help_scrolls_to_the_section(qtbot: Any) -> None:
    guide = show_help("printing")
    guide.resize(900, 600)
    qtbot.waitExposed(guide)
    bar = guide.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() > 0)
    top = _anchor_top(guide, "printing")
    assert 0 <= top < guide.browser.viewport().height() // 4
    current = guide.contents.currentItem()
    assert current is not None and current.text() == "Printing and PDF"

    # Another section later: the same window scrolls there.
    printing_at = bar.value()
    assert show_help("command-line") is guide
    assert bar.value() > printing_at
    # An unknown section opens the top rather than failing.
    show_help("no-such-section")
    assert bar.value() == 0


def test_contents_list_jumps_to_a_section(qtbot: Any) -> None:
    guide = show_help()
    qtbot.waitExposed(guide)
    rows = {
        guide.contents.item(r).data(Qt.ItemDataRole.UserRole): r
        for r in range(guide.contents.count())
    }
    assert set(SECTIONS) <= set(rows)
    item = guide.contents.item(rows["dossiers"])
    guide.contents.itemClicked.emit(item)
    assert 0 <= _anchor_top(guide, "dossiers") < guide.browser.viewport().height() // 4


def test_search_finds_a_phrase_and_says_not_found(qtbot: Any) -> None:
    guide = show_help()
    qtbot.waitExposed(guide)
    guide.find_edit.setText("long-term archiving")
    assert guide.found_text() == "long-term archiving"
    assert guide.status.text() == "1 match"
    assert len(guide.browser.extraSelections()) == 1
    assert guide.browser.verticalScrollBar().value() > 0

    guide.find_edit.setText("Ctrl+Shift+P")
    matches = len(guide.browser.extraSelections())
    assert matches >= 2 and guide.status.text() == f"{matches} matches"
    starts = [sel.cursor.selectionStart() for sel in guide.browser.extraSelections()]
    assert starts == sorted(starts)

    def at() -> int:
        return starts.index(guide.browser.textCursor().selectionStart())

    here = at()
    assert guide.find_next()
    assert at() == (here + 1) % matches  # wraps around after the last
    assert guide.find_previous()
    assert at() == here
    assert guide.find_previous()
    assert at() == (here - 1) % matches

    guide.find_edit.setText("zqxv grumbleflox")
    assert guide.status.text() == "Not found"
    assert guide.found_text() == ""
    assert guide.browser.extraSelections() == []
    guide.find_edit.clear()
    assert guide.status.text() == ""


def test_links_stay_inside_the_guide(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    guide = show_help()
    qtbot.waitExposed(guide)
    source = guide.browser.source()
    guide.browser.anchorClicked.emit(QUrl("#searching"))
    assert guide.browser.source() == source
    assert 0 <= _anchor_top(guide, "searching") < guide.browser.viewport().height() // 4
    guide.browser.anchorClicked.emit(QUrl("https://www.defense.gov/News/"))
    guide.browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    guide.browser.anchorClicked.emit(QUrl("ftp://example.com/x"))
    assert [u.toString() for u in opened] == ["https://www.defense.gov/News/"]
    assert guide.browser.source() == source
    # Resources outside the guide's folder, or remote ones, are never loaded.
    assert guide.browser.loadResource(2, QUrl("https://example.com/a.png")) is None
    assert guide.browser.loadResource(2, QUrl.fromLocalFile("/etc/passwd")) is None


def _help_of(dialog: QDialog) -> QPushButton:
    boxes = dialog.findChildren(QDialogButtonBox)
    buttons = [b.button(QDialogButtonBox.StandardButton.Help) for b in boxes]
    found = [b for b in buttons if b is not None]
    assert len(found) == 1, dialog
    return found[0]


def _lands_on(qtbot: Any, dialog: QDialog, section: str) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    button = _help_of(dialog)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    guide = _opened(qtbot)
    assert dialog.isVisible()  # Help does not close the dialog
    current = guide.contents.currentItem()
    assert current is not None and current.data(Qt.ItemDataRole.UserRole) == section
    assert 0 <= _anchor_top(guide, section) < guide.browser.viewport().height() // 4
    guide.close()


def test_export_pdf_dialog_help(qtbot: Any, tmp_path: Path) -> None:
    dialog = ExportPdfDialog(None, tmp_path / "x.pdf", ExportOptions(page_size="A4"))
    _lands_on(qtbot, dialog, "printing")


def test_import_report_dialog_help(qtbot: Any) -> None:
    _lands_on(qtbot, ImportReportDialog(ImportReport(outcomes=[])), "importing")


def test_dossier_properties_dialog_help(qtbot: Any) -> None:
    _lands_on(qtbot, DossierPropertiesDialog(), "dossiers")


def test_remove_tags_dialog_help(qtbot: Any) -> None:
    _lands_on(qtbot, RemoveTagsDialog(Counter({"ukraine": 2}), 2), "tags")


def test_tag_manager_and_metadata_dialogs_help(qtbot: Any, controller: EditController) -> None:
    controller.open_tag_manager()
    manager = controller.tag_manager
    assert manager is not None
    _lands_on(qtbot, manager, "tags")
    manager.close()
    first = controller.archive.search("", sort="id").ids[0]
    controller.edit_metadata(first)
    metadata = controller.metadata_dialog
    assert metadata is not None
    _lands_on(qtbot, metadata, "editing")
    metadata.reject()


def test_f1_in_a_dialog_opens_its_section(qtbot: Any) -> None:
    dialog = DossierPropertiesDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_F1)
    guide = _opened(qtbot)
    current = guide.contents.currentItem()
    assert current is not None and current.data(Qt.ItemDataRole.UserRole) == "dossiers"


def test_help_window_screenshot(qtbot: Any, tmp_path: Path) -> None:
    guide = show_help("searching")
    qtbot.waitExposed(guide)
    guide.find_edit.setText("relevance")
    image = guide.grab()
    assert not image.isNull() and image.width() >= 800
    image.save(str(tmp_path / "help.png"))


def test_shortcuts_of_the_code_are_in_the_guide() -> None:
    """Every key sequence the menus and views set (``"Ctrl+I"``, ``"F2"`` …) is listed."""
    files = sorted((SRC / "gui").rglob("*.py"))
    keys: set[str] = set()
    for path in files:
        keys |= set(
            re.findall(r'"((?:Ctrl\+|Shift\+|Alt\+)*(?:F\d+|[A-Z0-9]|Up|Down))"', path.read_text())
        )
    keys = {k for k in keys if "+" in k or k.startswith("F")}
    assert {"Ctrl+I", "Ctrl+T", "F2", "Ctrl+Shift+P", "Ctrl+Up"} <= keys
    guide = guide_path().read_text(encoding="utf-8")
    listed = set(re.findall(r"<td>([^<]+)</td>", guide))
    cells = " ".join(listed)
    missing = {k for k in keys if not re.search(rf"(^|[ (,]){re.escape(k)}($|[ ),])", cells)}
    assert not missing, missing
