"""The service and pdf packages load their names on first use, and only those they have."""

from __future__ import annotations

import subprocess
import sys

import pytest

import dossierdesk.pdf
import dossierdesk.service


def test_names_resolve_to_their_modules_objects() -> None:
    from dossierdesk.pdf.export import export_pdf
    from dossierdesk.service.archive import Archive

    assert dossierdesk.service.Archive is Archive
    assert dossierdesk.pdf.export_pdf is export_pdf
    assert set(dossierdesk.service.__all__) <= set(dir(dossierdesk.service)) | set(
        dossierdesk.service._HOMES
    )


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        dossierdesk.service.Nope  # noqa: B018
    with pytest.raises(ImportError):
        from dossierdesk.pdf import Nope  # type: ignore[attr-defined]  # noqa: F401


def test_a_light_module_does_not_load_the_archive() -> None:
    code = (
        "import sys; import dossierdesk.service.dto; "
        "print('sqlalchemy' in sys.modules, 'dossierdesk.service.archive' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
