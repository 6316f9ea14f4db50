"""Wires the Photos view into the main window.

``PhotoBrowser`` adds the grid as a page of the window's central stack and a View menu with a
Photos toggle (Ctrl+Shift+P); the grid follows the search box. It opens photo viewers (from the
grid and from a click on a photo in the reader), saves and copies photos, and turns a photo
dropped on an article image in the reader into an undoable ``AttachPhotoCommand`` on the
window's undo stack.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMessageBox

from dossierdesk.gui.commands import AttachPhotoCommand
from dossierdesk.service.dto import PhotoInfo

if TYPE_CHECKING:
    from dossierdesk.gui.main_window import MainWindow
    from dossierdesk.gui.photo_viewer import PhotoViewer
    from dossierdesk.gui.photos.files import PhotoFiles
    from dossierdesk.gui.photos.model import PhotoGridModel
    from dossierdesk.gui.photos.thumbnails import ThumbnailProvider
    from dossierdesk.gui.photos.view import PhotosView
    from dossierdesk.service import Archive


class PhotoBrowser(QObject):
    """The window's Photos page, viewers and photo edits (the ``EditContext`` of its commands)."""

    archiveChanged = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.viewers: list[PhotoViewer] = []
        self.last_message = ""
        self._stale = True  # the grid's query is not the search box's
        self._page: tuple[ThumbnailProvider, PhotoGridModel, PhotosView, PhotoFiles] | None = None
        self._build_menu()
        window.reader.photoClicked.connect(self.open_viewer)
        window.reader.photoDropped.connect(self.attach)
        window.search_box.querySubmitted.connect(self._on_query)

    # -- the grid, its model and files: made when first needed (not before the first paint)
    @property
    def provider(self) -> ThumbnailProvider:
        return self._built()[0]

    @property
    def model(self) -> PhotoGridModel:
        return self._built()[1]

    @property
    def view(self) -> PhotosView:
        return self._built()[2]

    @property
    def files(self) -> PhotoFiles:
        return self._built()[3]

    def _built(self) -> tuple[ThumbnailProvider, PhotoGridModel, PhotosView, PhotoFiles]:
        if self._page is not None:
            return self._page
        from dossierdesk.gui.photos.files import PhotoFiles
        from dossierdesk.gui.photos.model import PhotoGridModel
        from dossierdesk.gui.photos.thumbnails import ThumbnailProvider
        from dossierdesk.gui.photos.view import PhotosView

        window = self.window
        provider = ThumbnailProvider(self._photo_bytes, self)
        model = PhotoGridModel(window.archive, provider, self)
        view = PhotosView(model, window)
        window.stack.addWidget(view)
        files = PhotoFiles(window.archive, window)
        self._page = (provider, model, view, files)
        files.message.connect(lambda m: window.statusBar().showMessage(m, 10_000))
        files.saved.connect(
            lambda p: window.statusBar().showMessage(self.tr("Photo saved to") + f" {p}", 5_000)
        )
        view.openRequested.connect(self.open_viewer)
        view.saveRequested.connect(files.save_as)
        view.copyRequested.connect(files.copy)
        view.showArticlesRequested.connect(self.show_articles)
        model.failed.connect(
            lambda m: window.statusBar().showMessage(self.tr("Could not read photos:") + f" {m}")
        )
        return self._page

    def _build_menu(self) -> None:
        bar = self.window.menuBar()
        self.menu = bar.addMenu(self.tr("&View"))
        actions = bar.actions()
        if len(actions) >= 2:  # before Help
            bar.insertMenu(actions[-2], self.menu)
        self.articles_action = QAction(self.tr("&Articles"), self.window)
        self.articles_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.articles_action.triggered.connect(lambda _c=False: self.set_active(False))
        self.photos_action = QAction(self.tr("&Photos"), self.window)
        self.photos_action.setCheckable(True)
        self.photos_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.photos_action.setStatusTip(self.tr("Browse the photos of the current search"))
        self.photos_action.toggled.connect(self.set_active)
        self.menu.addAction(self.articles_action)
        self.menu.addAction(self.photos_action)

    # -- the page --------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.photos_action.isChecked()

    def set_active(self, on: bool) -> None:
        """Show the Photos page instead of the article table (or back)."""
        if self.photos_action.isChecked() != on:
            self.photos_action.setChecked(on)  # toggled calls back
            return
        window = self.window
        if on:
            if window.dossier_shown():
                window.show_articles()
            self._sync_query()
            window.stack.setCurrentWidget(self.view)
            self.view.grid.setFocus()
        else:
            window._show_article_page()
            window.table.setFocus()

    def shown(self) -> bool:
        return self.active and self.window.stack.currentWidget() is self.view

    @property
    def built(self) -> bool:
        """Whether the grid has been made (it is on its first use)."""
        return self._page is not None

    def _photo_bytes(self, sha256: str) -> bytes | None:
        return self.window.archive.photo_data(sha256)  # on a thumbnail worker

    def _on_query(self, text: str) -> None:
        self._stale = True
        if self.active:
            self._sync_query(text)

    def _sync_query(self, text: str | None = None) -> None:
        query = self.window.search_box.text() if text is None else text
        if self._stale or query.strip() != self.model.query():
            self._stale = False
            self.model.set_query(query)

    def refresh(self) -> None:
        """The archive changed or another one opened: re-read the photos when shown."""
        window = self.window
        if self._page is None:  # made later, on the current archive
            self._stale = True
            return
        if self.model._archive is not window.archive:
            self.provider.set_loader(self._photo_bytes)
            self.model._archive = window.archive
        self.files.archive = window.archive
        self._stale = True
        if self.active:
            self._sync_query()

    # -- viewer, articles ------------------------------------------------------------------
    def open_viewer(self, photo: PhotoInfo | int) -> PhotoViewer:
        from dossierdesk.gui.photo_viewer import PhotoViewer  # loaded with the first viewer

        photo_id = photo.id if isinstance(photo, PhotoInfo) else int(photo)
        viewer = PhotoViewer(self.window.archive, photo_id, self.window)
        self.viewers = [v for v in self.viewers if _alive(v)] + [viewer]
        viewer.show()
        return viewer

    def show_articles(self, info: PhotoInfo) -> None:
        """Back to the article table, searching the photo's VIRIN, reading its first article."""
        if not info.article_ids:
            return
        window = self.window
        self.set_active(False)
        if info.virin:
            # Linking ignores the site's suffix letters: search the VIRIN without them.
            window.search_box.set_query("virin:" + re.sub(r"[A-Za-z]+$", "", info.virin))
        window._load_detail(info.article_ids[0])

    # -- attaching (EditContext) -----------------------------------------------------------
    @property
    def archive(self) -> Archive:
        return self.window.archive

    @property
    def undo_stack(self) -> QUndoStack:
        return self.window.undo_stack

    def changed(self) -> None:
        self.window.refresh_all()
        self.archiveChanged.emit()

    def failed(self, action: str, exc: BaseException) -> None:
        reason = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        self.last_message = f"{action}\n\n{reason}"
        from dossierdesk.gui.error_dialog import show_error

        self.error_dialog = show_error(self.window, self.last_message, exc)

    def attach(self, image_id: int, photo_id: int) -> None:
        """Show ``photo_id`` for the article image ``image_id`` (undoable)."""
        if self.window.archive.read_only:
            self.last_message = self.tr(
                "This archive is read-only: photos cannot be attached to images."
            )
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Attach Photo"),
                self.last_message,
                parent=self.window,
            )
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            box.open()
            self.message_box = box
            return
        text = self.tr("Attach photo #%1 to an image").replace("%1", str(photo_id))
        self.window.undo_stack.push(AttachPhotoCommand(self, image_id, photo_id, text))


def _alive(widget: QObject) -> bool:
    try:
        widget.objectName()
    except RuntimeError:  # deleted on close
        return False
    return True
