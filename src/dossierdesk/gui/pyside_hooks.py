"""PySide's per-import source scan, switched off for a faster start.

Once PySide6 is loaded, every module imported after it is checked by PySide for
``from __feature__ import ...`` (``snake_case``, ``true_property``): PySide reads the module's
whole source file (``inspect.getsource``) to see whether it mentions PySide6. Dossier Desk
uses no ``__feature__``; over the 140 modules the window imports before its first paint the
scan cost about 15 ms of a 270 ms start. With the hook made a no-op, each module keeps the
selection PySide gives a module it has not scanned: none, the same as a scanned module gets
while no ``__feature__`` import has been made.
"""

from __future__ import annotations

import logging
import sys

import PySide6.QtCore  # noqa: F401  (installs the hook replaced below)

log = logging.getLogger(__name__)

_MARK = "_dossierdesk_no_scan"


def _feature_imported(module: object) -> None:
    """What PySide calls after each import: nothing to record (see the module docstring)."""


setattr(_feature_imported, _MARK, True)


def skip_feature_scan() -> bool:
    """Replace PySide's after-import hook; ``False`` if this PySide has none (nothing to do)."""
    feature = sys.modules.get("shibokensupport.feature")
    hook = getattr(feature, "feature_imported", None)
    if feature is None or not callable(hook):
        return False
    if not getattr(hook, _MARK, False):
        setattr(feature, "feature_imported", _feature_imported)  # noqa: B010
        log.debug("PySide's __feature__ source scan is off")
    return True
