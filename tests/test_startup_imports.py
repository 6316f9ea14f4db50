"""What the first window and the reading commands load: nothing they only need later."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO

# Loaded on first use only: the import pipeline (first import, reparse or edit), the PDF
# renderer, builders and export with pypdf and Pillow (first print, export or photo).
LATER = ("dossierdesk.importers", "dossierdesk.service.parsing", "pypdf", "PIL", "alembic")
LATER += ("dossierdesk.pdf.renderer", "dossierdesk.pdf.export", "dossierdesk.pdf.builders")


def loaded(code: str) -> list[str]:
    probe = f"{code}\nimport sys\nprint(sorted(m for m in sys.modules if m.startswith({LATER!r})))"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO, env=env
    )
    return out.stdout.strip().splitlines()[-1:]


def test_the_main_window_modules_load_no_importers_pdf_or_pillow() -> None:
    assert loaded(
        "import dossierdesk.gui.main_window, dossierdesk.gui.editing, dossierdesk.service.archive"
    ) == ["[]"]
