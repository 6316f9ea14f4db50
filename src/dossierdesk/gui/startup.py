"""Two start-up costs that are not the window's own: PySide's per-import source scan,
switched off, and the garbage collector, held off while the window starts.

Once PySide6 is loaded, every module imported after it is checked by PySide for
``from __feature__ import ...`` (``snake_case``, ``true_property``): PySide reads the module's
whole source file (``inspect.getsource``) to see whether it mentions PySide6. Dossier Desk
uses no ``__feature__``; over the 140 modules the window imports before its first paint the
scan cost about 15 ms of a 270 ms start. With the hook made a no-op, each module keeps the
selection PySide gives a module it has not scanned: none, the same as a scanned module gets
while no ``__feature__`` import has been made.

Python's cyclic garbage collector runs after every 700 net allocations of container objects:
some 90 passes while the window starts, over modules, classes and PySide's types and enums
that are not garbage. ``gui.main`` turns it off for the start; ``collect_after_start`` turns
it on again two seconds after the window is shown (9–14 ms of the median start, 11–23 ms of
the fastest).

What the start allocated stays for the whole session; a full collection would walk all of it
each time (about 90,000 objects with the archive open: 63–71 ms of held GIL, which an import
in the window triggered once per 3,300 files, freezing the window as long). So when the
collector comes back on, those objects are moved to the permanent generation
(``gc.freeze``), and once more when the archive, opened after the first paint, is fully
open: collections walk only what was allocated since. A frozen object in a reference cycle
is never collected, even once it is garbage (a cycle of the first archive's objects after
another archive is opened): what the start made, once, and no more.
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer

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


#: How long after the window is shown the garbage collector stays off (see ``gui.main``).
GC_HELD_MS = 2000


#: How often, and until when, the end of the archive's opening is looked for (to freeze what
#: it loaded as well).
OPENING_CHECK_MS = 250
OPENING_CHECK_MAX_MS = 60_000


def collect_after_start(opening: Callable[[], bool] | None = None) -> None:
    """Turn the collector (disabled by ``gui.main``) on ``GC_HELD_MS`` after this call, from
    the event loop: the first page is painted and the archive code loaded in the background
    without a collection pass over what the start allocated, none of it garbage. What exists
    then is frozen; so is what exists once ``opening()`` (the archive is still being opened)
    turns false. ``end_start`` stops what is still to come (``gui.main``, when it returns)."""
    global _timer
    if QCoreApplication.instance() is None or gc.isenabled():
        return
    end_start()
    timer = _timer = QTimer()
    checks = OPENING_CHECK_MAX_MS // OPENING_CHECK_MS

    def resume() -> None:
        nonlocal checks
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        if opening is None:
            return
        if not opening():
            gc.freeze()
        elif checks > 0:
            checks -= 1
            timer.start(OPENING_CHECK_MS)

    timer.setSingleShot(True)
    timer.timeout.connect(resume)
    timer.start(GC_HELD_MS)


def end_start() -> None:
    """Nothing more of ``collect_after_start`` is done (the collector is left as it is)."""
    global _timer
    timer, _timer = _timer, None
    if timer is not None:
        timer.stop()
        timer.deleteLater()


_timer: QTimer | None = None
