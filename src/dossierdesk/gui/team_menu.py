"""File → Open Team Archive…: the menu action; the dialog (``gui.team_dialog``) is loaded when
it is first chosen, not before the window's first paint."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction

from dossierdesk.gui.i18n import translate


def install_team_archive(window: Any) -> QAction:
    """Add "Open Team Archive…" to the File menu, after "Open Archive…"; the action is also
    ``window.open_team_action``. The dialog opens the archive through
    ``window.open_archive(address)``."""
    action = QAction(translate("TeamDialog", "Open &Team Archive…"), window)
    action.setStatusTip(translate("TeamDialog", "Open an archive shared on a PostgreSQL server"))
    action.setShortcut("Ctrl+Shift+O")

    def choose() -> None:
        from PySide6.QtWidgets import QDialog

        from dossierdesk.gui.team_dialog import TeamArchiveDialog

        dialog = TeamArchiveDialog(window)
        window.team_dialog = dialog  # (tests drive it)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            window.open_archive(dialog.address())

    action.triggered.connect(lambda _checked=False: choose())
    window.addAction(action)
    window.open_team_action = action
    menu = window.file_menu
    actions = menu.actions()
    position = actions.index(window.open_action) + 1 if window.open_action in actions else 0
    before = actions[position] if position < len(actions) else None
    if before is None:
        menu.addAction(action)
    else:
        menu.insertAction(before, action)
    return action
