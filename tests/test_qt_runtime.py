"""The Qt runtime we ship with: the PySide6 pin, the none_dealloc trap and the bundled fonts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import PySide6
import pytest

from dossierdesk.resources import fonts_dir


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:3] if part.isdigit())


def test_pyside6_version_avoids_the_none_dealloc_release() -> None:
    """PySide6 6.12.0 on Python 3.11 corrupts None's refcount; pyproject pins it out."""
    version = _version_tuple(PySide6.__version__)
    if sys.version_info < (3, 12):
        assert version < (6, 12), PySide6.__version__
    assert version >= (6, 8), PySide6.__version__


def test_many_void_calls_keep_none_alive() -> None:
    """Tens of thousands of void-returning calls must not drain None's refcount (the 6.12.0 trap
    aborts with 'Fatal Python error: none_dealloc' after a few thousand). Runs in a child process so
    a crash fails this test instead of killing the run."""
    script = textwrap.dedent(
        """
        import sys
        from PySide6.QtCore import QObject, QSize, QTimer
        obj = QObject()
        size = QSize(1, 1)
        timer = QTimer()
        before = sys.getrefcount(None)
        for i in range(30000):
            obj.setObjectName("x")      # void
            size.setWidth(i % 7)        # void
            timer.setInterval(i % 50)   # void
        after = sys.getrefcount(None)
        # Immortal None (3.12+) reports a huge constant; on 3.11 a leak or a drain shows up here.
        assert after >= before - 100, (before, after)
        print("ok", before, after)
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("ok")


def test_bundled_fonts_are_registered(qapp: object) -> None:
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

    from dossierdesk.fonts import SERIF_FAMILY, UI_FAMILY, register_bundled_fonts

    assert (fonts_dir() / "OFL.txt").is_file()
    families = register_bundled_fonts()
    assert {UI_FAMILY, SERIF_FAMILY} <= families
    assert UI_FAMILY in QFontDatabase.families()
    bold = QFont(SERIF_FAMILY)
    bold.setBold(True)
    assert QFontInfo(bold).family() == SERIF_FAMILY


@pytest.mark.parametrize("family", ["Noto Sans", "Noto Serif"])
def test_fonts_cover_greek_and_cyrillic(qapp: object, family: str) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    from dossierdesk.fonts import register_bundled_fonts

    register_bundled_fonts()
    metrics = QFontMetrics(QFont(family))
    for char in "éΩЖ":
        assert metrics.inFontUcs4(ord(char)), (family, char)


def test_pyside_feature_scan_is_off_after_the_window_modules_start() -> None:
    """PySide reads the whole source of every module imported after it, looking for
    ``from __feature__ import``; ``gui.startup`` switches that off (the program uses no
    feature). In a child process: a module imported after the switch is not read, Qt still
    works, and the source never mentions ``__feature__``."""
    script = textwrap.dedent(
        """
        import inspect, sys, tempfile, pathlib
        from dossierdesk.gui.startup import skip_feature_scan
        read = []
        original = inspect.getsource
        inspect.getsource = lambda obj: read.append(getattr(obj, "__name__", obj)) or original(obj)
        folder = pathlib.Path(tempfile.mkdtemp())
        (folder / "probe_before.py").write_text("from PySide6.QtCore import QSize\\n")
        (folder / "probe_after.py").write_text("from PySide6.QtCore import QSize\\n")
        sys.path.insert(0, str(folder))
        import probe_before
        assert "probe_before" in read, read  # PySide's scan, as it is
        assert skip_feature_scan()
        import probe_after
        assert "probe_after" not in read, read
        from PySide6.QtCore import QSize
        assert QSize(2, 3).width() == 2 and probe_after.QSize is QSize
        print("ok")
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("ok")
    sources = Path(__file__).resolve().parents[1] / "src"
    uses = re.compile(r"^\s*(from __feature__ import|import __feature__)", re.MULTILINE)
    assert not [p for p in sources.rglob("*.py") if uses.search(p.read_text())]
