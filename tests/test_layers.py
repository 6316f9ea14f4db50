"""Layering rules import-linter cannot express: only the GUI package may import Qt widgets."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src" / "dossierdesk"
WIDGET_MODULES = {"PySide6.QtWidgets", "PySide6.QtPrintSupport"}
CORE = ("virin.py", "ranks.py", "importers", "store", "query", "service", "resources.py")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _modules_outside_gui() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if "gui" not in p.relative_to(SRC).parts]


@pytest.mark.parametrize("path", _modules_outside_gui(), ids=lambda p: str(p.relative_to(SRC)))
def test_only_the_gui_imports_widgets(path: Path) -> None:
    assert not (_imports(path) & WIDGET_MODULES), f"{path} imports Qt widgets"


def test_the_scan_sees_widget_imports(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text(
        "from PySide6 import QtWidgets\nfrom PySide6.QtPrintSupport import QPrinter\n"
    )
    assert _imports(sample) & WIDGET_MODULES == WIDGET_MODULES


def test_core_modules_import_no_qt() -> None:
    offenders = [
        str(p)
        for name in CORE
        for p in ([SRC / name] if name.endswith(".py") else (SRC / name).rglob("*.py"))
        if any(i.split(".")[0] in {"PySide6", "shiboken6"} for i in _imports(p))
    ]
    assert offenders == []
