"""Undo steps: the one base of every undoable action (articles, tags, dossiers), and the gate that
runs the large ones off the GUI thread.

``ArchiveStep`` is a ``QUndoCommand`` whose subclasses write ``apply`` (do it) and ``revert``
(undo it). A step made before it is pushed (an import, a dossier change the controller applied
first so a refusal never reaches the history) is created with ``applied=True``: the stack's
first ``redo`` is then skipped.

A step that touches many articles says so (``heavy``): undoing or redoing it runs on the write
lane of ``gui/ops.py`` under the stack's ``StepGate``, with a busy cursor, while the window
keeps painting. Until it ends the gate is closed: Undo and Redo are disabled, and new steps
wait (``StepGate.when_idle``) instead of queueing behind its write lock on the GUI thread.

Failures are reported by the subclass (``report``), never raised. A step that failed on the
GUI thread is dropped from the history (the archive is as it was, so there is nothing to undo);
a heavy step that failed in the background has already moved the stack, so its next undo or
redo does nothing, which brings the history back in line with the archive.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoCommand, QUndoStack

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.ops import WRITE, task_manager

log = logging.getLogger(__name__)

# Steps over this many articles run in the background (a snapshot of each is read or written).
HEAVY_ARTICLES = 200


class ArchiveStep(QUndoCommand):
    """One undoable user action on the archive."""

    def __init__(self, text: str, *, applied: bool = False) -> None:
        super().__init__(text)
        self._skip_redo = applied
        self._skip_next = False

    # -- what subclasses write -------------------------------------------------------------
    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def heavy(self) -> bool:
        """Whether undo/redo may take long enough to run in the background."""
        return False

    def gate(self) -> StepGate | None:
        """The gate heavy steps run under (None: they run on the GUI thread too)."""
        return None

    def succeeded(self) -> None:
        """After a successful undo or redo (GUI thread): views refresh."""

    def report(self, what: str, exc: Exception) -> None:
        """Say that ``what`` ("redo" or "undo") failed, and why."""
        raise NotImplementedError

    # -- QUndoCommand ----------------------------------------------------------------------
    def redo(self) -> None:
        if self._skip_redo:  # already done before the push
            self._skip_redo = False
            return
        self._step(self.apply, "redo")

    def undo(self) -> None:
        self._step(self.revert, "undo")

    def _step(self, action: Callable[[], None], what: str) -> None:
        if self._skip_next:  # the last step failed in the background: nothing to take back
            self._skip_next = False
            return
        gate = self.gate() if self.heavy() else None
        if gate is not None:
            gate.run(self, action, what)
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            action()
        except Exception as exc:  # reported by the subclass; the step leaves the history
            log.warning("%s of %r failed: %s", what, self.text(), exc, exc_info=True)
            QGuiApplication.restoreOverrideCursor()
            self.setObsolete(True)
            self.report(what, exc)
            return
        QGuiApplication.restoreOverrideCursor()
        self.succeeded()

    def _background_failed(self, what: str, exc: Exception) -> None:
        log.warning("%s of %r failed: %s", what, self.text(), exc)
        self._skip_next = True
        self.report(what, exc)


class StepGate(QObject):
    """Runs heavy steps of one undo stack on the write lane, one at a time."""

    busyChanged = Signal(bool)

    def __init__(self, stack: QUndoStack) -> None:
        super().__init__(stack)
        self.stack = stack
        self.busy = False
        self._waiting: list[Callable[[], None]] = []

    def run(self, step: ArchiveStep, action: Callable[[], None], what: str) -> None:
        self._set_busy(True)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

        def succeeded(_none: None) -> None:
            if shiboken6.isValid(step):  # (gone when the stack was cleared meanwhile)
                step.succeeded()

        def failed(exc: Exception) -> None:
            if shiboken6.isValid(step):
                step._background_failed(what, exc)

        op = task_manager().op(action, owner=self, lane=WRITE)
        op.success(succeeded).failure(failed)
        op.finished(self._run_waiting)
        op.always(self._ended)  # also when dropped (the window closing)
        op.run()

    def when_idle(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` now, or once the running step has ended."""
        if self.busy:
            self._waiting.append(fn)
        else:
            fn()

    def forget(self) -> None:
        """Another archive: what was waiting is dropped (the running step ends in the old one)."""
        self._waiting.clear()

    def _ended(self) -> None:
        QGuiApplication.restoreOverrideCursor()
        if shiboken6.isValid(self):
            self._set_busy(False)

    def _run_waiting(self) -> None:
        waiting, self._waiting = self._waiting, []
        for fn in waiting:
            fn()

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busyChanged.emit(busy)


def gate_of(stack: QUndoStack) -> StepGate:
    """The stack's gate (made on first use, as the stack's child)."""
    gate = stack.findChild(StepGate)
    if gate is None or not shiboken6.isValid(gate):
        gate = StepGate(stack)
    return gate


class _UndoRedo(QObject):
    """Keeps the Undo and Redo actions in step with the stack and its gate (a child of the
    actions' parent, so its connections end with the window)."""

    def __init__(self, stack: QUndoStack, parent: QObject) -> None:
        super().__init__(parent)
        self.stack, self.gate = stack, gate_of(stack)
        self.undo = QAction(translate("MainWindow", "&Undo"), parent)
        self.undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo = QAction(translate("MainWindow", "&Redo"), parent)
        self.redo.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        for signal in (stack.indexChanged, stack.canUndoChanged, stack.canRedoChanged):
            signal.connect(self.update)
        self.gate.busyChanged.connect(self.update)
        self.undo.triggered.connect(self.do_undo)
        self.redo.triggered.connect(self.do_redo)
        self.update()

    def update(self, *_args: object) -> None:
        stack = self.stack
        if not shiboken6.isValid(stack):
            return
        busy = self.gate.busy
        self.undo.setEnabled(stack.canUndo() and not busy)
        self.redo.setEnabled(stack.canRedo() and not busy)
        undo, redo = stack.undoText(), stack.redoText()
        self.undo.setText(
            translate("MainWindow", "&Undo {step}").format(step=undo)
            if undo
            else translate("MainWindow", "&Undo")
        )
        self.redo.setText(
            translate("MainWindow", "&Redo {step}").format(step=redo)
            if redo
            else translate("MainWindow", "&Redo")
        )

    def do_undo(self, *_args: object) -> None:
        if not self.gate.busy:
            self.stack.undo()

    def do_redo(self, *_args: object) -> None:
        if not self.gate.busy:
            self.stack.redo()


def undo_redo_actions(stack: QUndoStack, parent: QObject) -> tuple[QAction, QAction]:
    """Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z) for ``stack``, named after the step they act on,
    and disabled while a heavy step runs."""
    keeper = _UndoRedo(stack, parent)
    return keeper.undo, keeper.redo
