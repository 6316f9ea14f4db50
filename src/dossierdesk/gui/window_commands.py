"""The main window's commands: export and printing, tagging, editing and deleting through the
edit controller, importing (menus, the welcome panel and drops onto the window).

One layer of ``MainWindow``, on top of ``WindowDossiers`` (the layers: ``window_base.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QInputDialog

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.importing import import_file_filter
from dossierdesk.gui.ops import READ
from dossierdesk.gui.printing import PrintJob
from dossierdesk.gui.tag_removal import RemoveTagsDialog
from dossierdesk.gui.window_dossiers import WindowDossiers
from dossierdesk.service.paths import bundled_seeds_dir


class WindowCommands(WindowDossiers):
    """Export, print, edit, tag, delete and import commands, and drops."""

    # -- export and printing ---------------------------------------------------------------
    def output_job(self) -> PrintJob | None:
        """What File ▸ Export / Print act on: the open dossier, else the selected articles,
        else every article of the current search."""
        if self.dossier_shown():
            job = self.dossier_view.print_job()
            if job is None:
                self.statusBar().showMessage(
                    translate("MainWindow", "The dossier is still being read"), 5000
                )
            return job
        ids = self.selected_ids()
        if ids:
            n = len(ids)
            title = (
                translate("MainWindow", "Selected article")
                if n == 1
                else translate("MainWindow", "{count} selected article(s)", None, n)
            )
            return PrintJob.for_ids(self.archive, ids, title)
        return PrintJob.for_query(self.archive, self._query)

    def export_pdf(self) -> None:
        job = self.output_job()
        if job is not None:
            self.printing.export_pdf(job)

    def print_output(self) -> None:
        job = self.output_job()
        if job is not None:
            self.printing.print_job(job)

    def print_preview(self) -> None:
        job = self.output_job()
        if job is not None:
            self.printing.preview(job)

    # -- editing through the controller ----------------------------------------------------
    def tag_selected(self) -> None:
        if self.controller is None or not self.selected_ids():
            return
        if self.tag_bar is not None:
            self.tag_bar.focus_entry()
            return
        text, ok = QInputDialog.getText(
            self,
            translate("MainWindow", "Tag articles"),
            translate("MainWindow", "Tags (comma separated):"),
        )
        names = [t.strip() for t in text.split(",") if t.strip()] if ok else []
        if names:
            self.controller.add_tags(self.selected_ids(), names)

    def remove_tags_from_selected(self, names: Sequence[str] | None = None) -> None:
        """Take tags off the selection: ``names``, or those picked in a dialog listing the
        tags the selected articles carry. Undoable."""
        ids = self.selected_ids()
        if self.controller is None or not ids:
            return
        if names is None:
            # The tags the selection carries are counted in the archive, off this thread:
            # a selection holds rows whose summaries were never read (Ctrl+A on 95,000).
            archive = self.archive
            op = self.tasks.op(
                lambda: archive.tag_counts(ids), owner=self, key="remove-tags", lane=READ
            )
            op.success(lambda counts: self._pick_tags_to_remove(counts, len(ids)))
            op.failure(self._read_failed).run()
            return
        if names:
            self.controller.remove_tags(ids, list(names))

    def _pick_tags_to_remove(self, counts: dict[str, int], articles: int) -> None:
        if not counts:
            self.statusBar().showMessage(
                translate("MainWindow", "The selected articles have no tags"), 5000
            )
            return
        dialog = RemoveTagsDialog(Counter(counts), articles, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.remove_tags_from_selected(dialog.checked()))
        self.remove_tags_dialog = dialog  # (tests drive it)
        dialog.open()

    def _on_tags_entered(self, names: list[str]) -> None:
        ids = self.selected_ids()
        if self.controller is not None and ids and names:
            self.controller.add_tags(ids, names)
        elif not ids:
            self.statusBar().showMessage(
                translate("MainWindow", "Select articles to tag first"), 5000
            )

    def _on_drop_on_tag(self, ids: list[int], tag: str) -> None:
        if self.controller is not None:
            self.controller.add_tags(ids, [tag])

    def edit_metadata(self) -> None:
        article_id = self.current_id()
        if self.controller is not None and article_id is not None:
            self.controller.edit_metadata(article_id)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if self.controller is not None and ids:
            self.controller.delete_articles(ids)

    def manage_tags(self) -> None:
        if self.controller is not None:
            self.controller.open_tag_manager()

    # -- importing -------------------------------------------------------------------------
    def import_files(self) -> None:
        if self.controller is None:
            return
        self.archive.prepare_import()  # (while the user chooses)
        names, _ = QFileDialog.getOpenFileNames(
            self,
            translate("MainWindow", "Import articles"),
            str(Path.home()),
            import_file_filter(),
        )
        if names:
            self.controller.import_paths([Path(n) for n in names])

    def import_folder(self) -> None:
        if self.controller is None:
            return
        self.archive.prepare_import()
        name = QFileDialog.getExistingDirectory(
            self, translate("MainWindow", "Import a folder"), str(Path.home())
        )
        if name:
            self.controller.import_paths([Path(name)])

    def import_samples(self) -> None:
        if self.controller is not None:
            self.controller.import_paths([bundled_seeds_dir()])

    def _on_imported(self, ids: list[int]) -> None:
        if ids:
            n = len(ids)
            self.statusBar().showMessage(
                translate("MainWindow", "Imported {count} article(s)", None, n), 8000
            )

    # -- drops -----------------------------------------------------------------------------
    def _accepts(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        return self.controller is not None and bool(
            self.controller.can_accept_mime(event.mimeData())
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event):
            _accept_as_copy(event)
            self.archive.prepare_import()
            self.drop_overlay.setGeometry(self.splitter.geometry().adjusted(8, 8, -8, -8))
            self.drop_overlay.raise_()
            self.drop_overlay.show()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts(event):
            _accept_as_copy(event)
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.drop_overlay.hide()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.drop_overlay.hide()
        if self.controller is not None and self.controller.import_mime(event.mimeData()):
            _accept_as_copy(event)
        else:
            event.ignore()


def _accept_as_copy(event: QDropEvent) -> None:
    """Accept a drop of files or text as a copy, whatever the source proposed: a drag source
    told "moved" may delete the user's originals (a file manager does)."""
    event.setDropAction(Qt.DropAction.CopyAction)
    event.accept()
