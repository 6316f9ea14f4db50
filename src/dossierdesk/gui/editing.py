"""The edit controller: every action that changes the archive from the window goes through it.

Tagging, tag management, metadata edits and deletions become undoable commands on the window's
``QUndoStack``; imports run on a worker thread with a non-modal progress dialog, then a report
dialog, and the batch goes on the undo stack as one step. Dialogs never block: they are opened
with ``open()``/``show()``, and the few yes/no questions go through ``confirm``, a replaceable
callable (tests substitute an answer).

While an import runs, its transaction holds SQLite's write lock between commits, so edits made
meanwhile are queued and applied when the import ends instead of waiting on the lock in the GUI
thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from dossierdesk.gui.i18n import translate
from dossierdesk.service.dto import ImportReport

from .commands import (
    AddTagsCommand,
    DeleteArticlesCommand,
    DeleteTagCommand,
    EditArticleCommand,
    ImportBatchCommand,
    RemoveTagsCommand,
    RenameTagCommand,
    TagColorCommand,
)
from .drops import DropPlan, classify_mime
from .import_report import ImportReportDialog
from .importing import (
    ImportFailed,
    ImportJob,
    ImportProgressDialog,
    bytes_job,
    paths_job,
    run_import,
)
from .ops import LONG, Op, task_manager
from .tag_manager import TagManagerDialog
from .undo_steps import gate_of

if TYPE_CHECKING:
    from dossierdesk.service import Archive

    from .error_dialog import ErrorDialog
    from .metadata_dialog import MetadataDialog

log = logging.getLogger(__name__)

Confirm = Callable[[str, str], bool]  # (title, question) -> yes?
PROGRESS_DELAY_MS = 400


def ask_yes_no(parent: QWidget) -> Confirm:
    """The default ``confirm``: a message box (tests replace it)."""

    def confirm(title: str, question: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    return confirm


class EditController(QObject):
    archiveChanged = Signal()  # data changed (tags, edits, deletes, imports, undo/redo): refresh
    articlesImported = Signal(list)  # ids of newly imported articles
    importStarted = Signal()
    importProgress = Signal(object)  # ImportProgress (e.g. for a status bar)
    importFinished = Signal(object)  # ImportReport (None when the import failed)

    def __init__(self, archive: Archive, undo_stack: QUndoStack, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._archive = archive
        self.undo_stack = undo_stack
        self.parent_widget = parent_widget
        self.confirm: Confirm = ask_yes_no(parent_widget)
        self.show_reports = True  # the report dialog at the end of each import
        self.metadata_dialog: MetadataDialog | None = None
        self.tag_manager: QWidget | None = None
        self.progress_dialog: ImportProgressDialog | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.error_dialog: ErrorDialog | None = None
        self.last_report: ImportReport | None = None
        self._task: Op[ImportReport] | None = None  # the running import
        self._queued_jobs: list[ImportJob] = []
        self._deferred: list[Callable[[], None]] = []
        # The progress dialog appears only for imports that last (no flash for one dropped page).
        self._show_progress = QTimer(self)
        self._show_progress.setSingleShot(True)
        self._show_progress.setInterval(PROGRESS_DELAY_MS)
        self._show_progress.timeout.connect(self._reveal_progress)

    # -- context for the commands ----------------------------------------------------------
    @property
    def archive(self) -> Archive:
        return self._archive

    def changed(self) -> None:
        self.archiveChanged.emit()

    def failed(self, action: str, exc: BaseException) -> None:
        # str(KeyError) is the repr of its message: show the message itself.
        reason = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        from .error_dialog import show_error  # dialogs are loaded when first shown

        self.error_dialog = show_error(self.parent_widget, f"{action}\n\n{reason}", exc)

    def confirm_overwrite(self, message: str) -> bool:
        """Ask whether to overwrite a colleague's newer change with the user's edit."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            translate("Editing", "Changed by someone else"),
            message,
            parent=self.parent_widget,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # names and titles are data
        overwrite = box.addButton(
            translate("Editing", "Overwrite"), QMessageBox.ButtonRole.DestructiveRole
        )
        box.addButton(translate("Editing", "Keep Their Change"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is overwrite

    def set_archive(self, archive: Archive) -> None:
        """Another archive opened: its history starts empty; a running import is cancelled
        (it stops at its next commit point, keeping the files completed, in the old archive)."""
        self._queued_jobs.clear()
        self._deferred.clear()
        gate_of(self.undo_stack).forget()
        if self._task is not None:
            self._task.cancel()
        self._archive = archive
        self.undo_stack.clear()
        if self.tag_manager is not None:
            self.tag_manager.close()
            self.tag_manager.deleteLater()
            self.tag_manager = None
        if self.metadata_dialog is not None:
            self.metadata_dialog.reject()
        self.archiveChanged.emit()

    def _push(self, command: QUndoCommand) -> None:
        """Push (and so do) ``command`` once the archive is free: after the running import,
        and after a large undo or redo still running in the background."""
        if self.importing:
            self._deferred.append(lambda: self._push(command))
        else:
            gate_of(self.undo_stack).when_idle(lambda: self.undo_stack.push(command))

    # -- tags ------------------------------------------------------------------------------
    def add_tags(self, ids: Sequence[int], names: Sequence[str]) -> None:
        if ids and names:
            self._push(AddTagsCommand(self, ids, names))

    def remove_tags(self, ids: Sequence[int], names: Sequence[str]) -> None:
        if ids and names:
            self._push(RemoveTagsCommand(self, ids, names))

    def rename_tag(self, old: str, new: str, names: Iterable[str]) -> None:
        """Rename; a name another tag has merges the two (after asking). ``names``: the tags
        the caller shows (the tag manager's, read off the GUI thread), asked about here
        instead of reading every tag again."""
        new = " ".join(new.split())
        if not new or new == old:
            return
        others = {name.casefold() for name in names if name != old}
        merge = new.casefold() in others
        if merge and not self.confirm(
            translate("Editing", "Merge tags"),
            translate(
                "Editing",
                "A tag “{new}” already exists. Merge “{old}” into it? "
                "Articles tagged “{old}” will be tagged “{new}”.",
            ).format(new=new, old=old),
        ):
            return
        self._push(RenameTagCommand(self, old, new, merge=merge))

    def delete_tag(self, name: str) -> None:
        self._push(DeleteTagCommand(self, name))

    def set_tag_color(self, name: str, color: str | None, was: str | None) -> None:
        """``was``: the colour the caller shows the tag with (undo puts it back)."""
        if was != color:
            self._push(TagColorCommand(self, name, was, color))

    def open_tag_manager(self) -> None:

        if self.tag_manager is None:
            self.tag_manager = TagManagerDialog(self, self.parent_widget)
        self.tag_manager.show()
        self.tag_manager.raise_()
        self.tag_manager.activateWindow()

    # -- metadata and deletion -------------------------------------------------------------
    def edit_metadata(self, article_id: int) -> None:
        try:
            detail = self._archive.article(article_id)
        except KeyError as exc:
            self.failed(translate("Editing", "Could not edit the article"), exc)
            return
        if self.metadata_dialog is not None:
            self.metadata_dialog.reject()
        # The dialog and the edit records load SQLAlchemy: on first use, not with the window.
        from dossierdesk.service.editing import ArticleEdit

        from .metadata_dialog import MetadataDialog

        dialog = MetadataDialog(detail, self.parent_widget)
        self.metadata_dialog = dialog
        before = ArticleEdit.from_detail(detail)

        def accepted() -> None:
            after = dialog.edit()
            if after != before:
                self._push(EditArticleCommand(self, article_id, before, after, detail.version))

        def finished() -> None:
            if self.metadata_dialog is dialog:
                self.metadata_dialog = None
            dialog.deleteLater()

        dialog.accepted.connect(accepted)
        dialog.finished.connect(finished)
        dialog.open()

    def delete_articles(self, ids: Sequence[int]) -> None:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return
        count = len(ids)
        question = (
            translate("Editing", "Delete this article? You can undo this (Ctrl+Z).")
            if len(ids) == 1
            else translate(
                "Editing", "Delete these %n articles? You can undo this (Ctrl+Z).", None, count
            )
        )
        if self.confirm(translate("Editing", "Delete articles"), question):
            self._push(DeleteArticlesCommand(self, ids))

    # -- import ----------------------------------------------------------------------------
    @property
    def importing(self) -> bool:
        return self._task is not None

    def import_paths(self, paths: Sequence[Path]) -> None:
        if paths:
            self._start(paths_job([Path(p) for p in paths]))

    def can_accept_mime(self, mime: QMimeData) -> bool:
        return not classify_mime(mime).empty

    def import_mime(self, mime: QMimeData) -> bool:
        """Import what was dropped; False (after saying why) when it cannot be imported."""
        plan: DropPlan = classify_mime(mime)
        if plan.refusal:
            from .error_dialog import show_error

            self.error_dialog = show_error(
                self.parent_widget,
                translate("Drops", plan.refusal),
                title=translate("Editing", "Drop"),
            )
            return False
        if plan.paths:
            self.import_paths(plan.paths)
        if plan.documents:
            self._start(bytes_job(plan.documents))
        return plan.importable

    def cancel_import(self) -> None:
        self._queued_jobs.clear()
        if self._task is not None:
            self._task.cancel()

    def wait_for_import(self, msecs: int = 30_000) -> bool:
        """Block until the running import has ended and been reported (for tests)."""
        return task_manager().wait(msecs) if self._task is not None else True

    def shutdown(self) -> None:
        """Before the window closes: cancel the import and forget its report and what was
        queued (the window then waits once for every thread, ``TaskManager.shutdown``)."""
        self._queued_jobs.clear()
        self._deferred.clear()
        task, self._task = self._task, None
        if task is not None:
            task.drop()  # also cancels: the import stops at its next commit point
        self._show_progress.stop()
        if self.progress_dialog is not None:
            self.progress_dialog.hide()

    def _start(self, job: ImportJob) -> None:
        if self._task is not None:
            self._queued_jobs.append(job)
            return
        archive = self._archive
        task = task_manager().op(
            lambda: run_import(archive, job, task.report, task.token), owner=self, lane=LONG
        )
        self._task = task
        if self.progress_dialog is None:
            self.progress_dialog = ImportProgressDialog(self.parent_widget)
            self.progress_dialog.cancelRequested.connect(self.cancel_import)
        dialog = self.progress_dialog
        dialog.count_label.setText(translate("Editing", "Preparing…"))
        dialog.current_label.clear()
        dialog.totals_label.clear()
        dialog.cancel_button.setEnabled(True)
        dialog.bar.setRange(0, 0)
        task.latest_progress().progress(dialog.update_progress).progress(self.importProgress.emit)
        task.success(lambda report: self._import_done(archive, report, "", ""))
        task.failure(lambda exc: self._import_failed(archive, exc))
        self._show_progress.start()
        self.importStarted.emit()
        task.run()

    def _reveal_progress(self) -> None:
        if self._task is not None and self.progress_dialog is not None:
            self.progress_dialog.show()

    def _import_failed(self, archive: Archive, exc: Exception) -> None:
        if isinstance(exc, ImportFailed):
            self._import_done(archive, None, exc.message, exc.details)
        else:
            self._import_done(archive, None, f"The import stopped: {exc}", "")

    def _import_done(
        self, archive: Archive, report: ImportReport | None, message: str, details: str
    ) -> None:
        self._task = None
        self._show_progress.stop()
        if self.progress_dialog is not None:
            self.progress_dialog.hide()
        current = archive is self._archive
        if report is None:
            log.error("import failed: %s\n%s", message, details)
            from .error_dialog import ErrorDialog

            self.error_dialog = ErrorDialog(
                self.parent_widget, translate("Editing", "Import failed"), message, details
            )
            self.error_dialog.open()
        elif current:
            self.last_report = report
            ids = report.imported_ids
            if ids:
                self.undo_stack.push(ImportBatchCommand(self, ids))
                self.articlesImported.emit(ids)
            self.archiveChanged.emit()
            if self.show_reports:
                if self.report_dialog is not None:
                    self.report_dialog.deleteLater()
                self.report_dialog = ImportReportDialog(report, self.parent_widget)
                self.report_dialog.open()
        self.importFinished.emit(report)
        if self._queued_jobs:  # set_archive empties the queue: these are for this archive
            self._start(self._queued_jobs.pop(0))
            return
        deferred, self._deferred = self._deferred, []
        for action in deferred:
            action()
