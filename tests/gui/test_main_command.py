"""The ``dossierdesk`` command line."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from dossierdesk.gui import main as gui_main
from dossierdesk.gui.main_window import MainWindow
from dossierdesk.service import Archive


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        gui_main.main(["--version"])
    assert exc.value.code == 0
    assert "Dossier Desk" in capsys.readouterr().out


def test_main_opens_the_given_archive(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, seeded_archive: Archive, tmp_path: Path
) -> None:
    shown: list[MainWindow] = []
    collecting: list[bool] = []
    # Windows of earlier tests may still exist (deleted later): look at the one main() makes.
    earlier = list(QApplication.topLevelWidgets())  # held: their ids cannot be reused

    def fake_exec() -> int:  # instead of the event loop: look at the window, then quit
        collecting.append(gc.isenabled())  # held off while the window starts
        window = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and all(w is not e for e in earlier)
        )
        shown.append(window)
        qtbot.waitUntil(lambda: not window.tasks.is_busy(window), timeout=20_000)
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert gui_main.main(["--archive", str(seeded_archive.path)]) == 0
    assert collecting == [False]
    assert gc.isenabled()  # on again when main() returns
    window = shown[0]
    assert window.archive.path == seeded_archive.path
    assert len(window.table_model.ids()) == 26
    window.close()
    window.deleteLater()


def test_the_collector_comes_back_on_after_the_start(qtbot: Any) -> None:
    from dossierdesk.gui import startup

    gc.disable()
    try:
        startup.collect_after_start()
        assert not gc.isenabled()
        qtbot.waitUntil(gc.isenabled, timeout=startup.GC_HELD_MS + 5_000)
    finally:
        gc.enable()
