"""The benchmark scripts are not run by the tests (they take minutes), but what they import
from Dossier Desk must exist: a renamed function must not leave a benchmark broken."""

from __future__ import annotations

import ast
import importlib
import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _imports(script: Path) -> list[tuple[str, str]]:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    return [
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dossierdesk")
        for alias in node.names
    ]


@pytest.mark.parametrize("script", sorted(BENCH.glob("bench_*.py")), ids=lambda p: p.name)
def test_what_a_benchmark_imports_exists(script: Path) -> None:
    for module, name in _imports(script):
        loaded = importlib.import_module(module)
        assert hasattr(loaded, name) or importlib.util.find_spec(f"{module}.{name}"), (
            f"{script.name}: {module}.{name} does not exist"
        )
