"""Package initialisers that load their public names on first use (PEP 562).

A package whose ``__init__`` re-exports names from heavy modules makes every import of any of
its modules pay for all of them (``dossierdesk.service`` would load the archive, SQLAlchemy and
the importers for a dataclass). With ``lazy_names``, a name's module is imported when the name
is first read, then the value is kept in the package.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """The ``__getattr__`` for ``package``, whose names live in the modules ``homes`` gives."""
    namespace = importlib.import_module(package).__dict__

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value
        return value

    return __getattr__
