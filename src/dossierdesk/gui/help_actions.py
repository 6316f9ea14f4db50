"""Help → Dossier Desk Help (F1) and the dialogs' Help buttons.

Made with every window and dialog, so kept apart from the help window itself
(``help_viewer.py``: the browser, contents and find bar), which is loaded when help is first
shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialogButtonBox, QMainWindow, QMenu, QPushButton, QWidget

from dossierdesk.gui.i18n import translate

if TYPE_CHECKING:
    from dossierdesk.gui.help_viewer import HelpWindow


def show_help(section: str | None = None, parent: QWidget | None = None) -> HelpWindow:
    """``help_viewer.show_help``: open (or raise) the help window at ``section``."""
    from dossierdesk.gui import help_viewer

    return help_viewer.show_help(section, parent)


def _help_menu(window: QMainWindow) -> QMenu:
    bar = window.menuBar()
    for action in bar.actions():
        menu = action.menu()
        title = translate("MainWindow", "&Help")
        if isinstance(menu, QMenu) and action.text().replace("&", "") == title.replace("&", ""):
            return menu
    return bar.addMenu(translate("MainWindow", "&Help"))


def install_help(window: QMainWindow) -> QAction:
    """Add *Dossier Desk Help* (F1) at the top of the window's Help menu (made if missing)."""
    action = QAction(translate("HelpViewer", "Dossier Desk &Help"), window)
    action.setObjectName("helpAction")
    action.setShortcut(QKeySequence(Qt.Key.Key_F1))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setStatusTip(translate("HelpViewer", "Open the user guide"))
    action.triggered.connect(lambda _checked=False: show_help(None, window))
    menu = _help_menu(window)
    first = menu.actions()[0] if menu.actions() else None
    if first is not None:
        menu.insertAction(first, action)
        menu.insertSeparator(first)
    else:
        menu.addAction(action)
    window.addAction(action)  # F1 works while the menu bar is hidden too
    return action


def help_button(section: str, buttons: QDialogButtonBox) -> QPushButton:
    """Give a dialog's button box a Help button (F1 too) that opens the guide at ``section``."""
    button = buttons.addButton(QDialogButtonBox.StandardButton.Help)
    assert button is not None
    button.setAutoDefault(False)
    button.setToolTip(translate("HelpViewer", "Open the user guide at this topic (F1)"))
    button.setProperty("helpSection", section)
    buttons.helpRequested.connect(lambda: show_help(section, buttons.window()))
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_F1), buttons)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lambda: show_help(section, buttons.window()))
    return button
