"""Build hook: compile the translations ``resources/translations/*.ts`` to ``.qm`` with Qt's
``lrelease`` (from PySide6-Essentials, a build requirement) when a wheel is built.

The ``.qm`` files are written next to their ``.ts`` in the source tree, where an editable
install and the PyInstaller bundle find them (``resources/`` is their data folder), and are put
into the wheel as ``dossierdesk/_data/resources/translations/``. Only the ``.ts`` files are kept
in version control.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TRANSLATIONS = Path("resources") / "translations"

# PySide6's own entry point for lrelease (the console script pyside6-lrelease runs the same),
# which finds the lrelease program inside the installed package on every platform.
_LRELEASE = (
    "import sys; from PySide6.scripts.pyside_tool import lrelease; "
    "sys.argv[0] = 'pyside6-lrelease'; sys.exit(lrelease())"
)


def compile_translations(root: Path) -> list[Path]:
    """Compile every ``.ts`` under ``root/resources/translations``; return the ``.qm`` files.
    Fails (raises) when lrelease reports a problem."""
    compiled = []
    for ts in sorted((root / TRANSLATIONS).glob("*.ts")):
        qm = ts.with_suffix(".qm")
        command = [sys.executable, "-c", _LRELEASE, "-nounfinished", str(ts), "-qm", str(qm)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode or not qm.is_file():
            raise RuntimeError(f"lrelease failed on {ts}:\n{done.stdout}{done.stderr}")
        compiled.append(qm)
    return compiled


class TranslationsBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        # The wheel takes them from the force-included resources/ tree (pyproject.toml), which
        # is read after this hook ran; .gitignore does not apply to force-included folders.
        compile_translations(Path(self.root))
