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


def test_the_collector_comes_back_on_after_the_start(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On again after the start, with what the start made frozen (full collections do not
    walk it), and what exists once the archive is fully open frozen too."""
    from dossierdesk.gui import startup

    monkeypatch.setattr(startup, "GC_HELD_MS", 100)
    opening = [True]
    gc.unfreeze()
    gc.disable()
    try:
        startup.collect_after_start(lambda: opening[0])
        assert not gc.isenabled()
        qtbot.waitUntil(gc.isenabled, timeout=5_000)
        frozen = gc.get_freeze_count()
        assert frozen > 1000  # (the test process's modules, classes, Qt's types…)
        made_later = [[n] for n in range(5000)]  # allocated while the archive opens
        qtbot.wait(2 * startup.OPENING_CHECK_MS)
        assert gc.get_freeze_count() == frozen  # still opening: not yet
        opening[0] = False
        qtbot.waitUntil(lambda: gc.get_freeze_count() >= frozen + 5000, timeout=5_000)
        assert made_later
    finally:
        startup.end_start()
        gc.enable()
        gc.unfreeze()
