"""Undoable actions: one ``QUndoCommand`` per user action, each calling the ``Archive``.

A command reports back through an ``EditContext`` (the ``EditController``): ``changed()`` after
every successful redo/undo so views refresh, ``failed()`` when the archive refused, in which
case the command marks itself obsolete so the undo stack drops it instead of keeping a step
that did not happen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QUndoCommand

from dossierdesk.gui.i18n import translate
from dossierdesk.service import Archive
from dossierdesk.service.editing import ArticleEdit, ArticleSnapshot
from dossierdesk.service.tag_edits import TagLinkChange, TagSnapshot
from dossierdesk.store.errors import EditConflictError

log = logging.getLogger(__name__)


class EditContext(Protocol):
    @property
    def archive(self) -> Archive: ...

    def changed(self) -> None: ...

    def failed(self, action: str, exc: BaseException) -> None: ...


class ConflictContext(EditContext, Protocol):
    """An ``EditContext`` that can ask whether to overwrite a colleague's change."""

    def confirm_overwrite(self, message: str) -> bool:
        """Whether to store an edit over a colleague's newer change (``message`` says whose)."""
        ...


def _names(names: Sequence[str]) -> str:
    quoted = [translate("Commands", "“{name}”").format(name=n) for n in names[:3]]
    more = len(names) - 3
    return ", ".join(quoted) + (
        translate("Commands", " and %n more", None, more) if more > 0 else ""
    )


class ArchiveCommand(QUndoCommand):
    """Runs ``_do``/``_undo`` against the archive, turning errors into a message."""

    def __init__(self, ctx: EditContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx

    def _run(self, step: Callable[[], None], what: str) -> None:
        # Steps run in the GUI thread (QUndoStack is synchronous); large ones, like undoing
        # an import of thousands of articles, take a moment: show it.
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            step()
        except Exception as exc:  # shown to the user and logged by ctx.failed
            log.exception("%s failed: %s", what, self.text())
            QGuiApplication.restoreOverrideCursor()
            self.setObsolete(True)
            self.ctx.failed(f"{what}: {self.text()}", exc)
            return
        QGuiApplication.restoreOverrideCursor()
        self.ctx.changed()

    def redo(self) -> None:
        self._run(self._do, translate("Commands", "Could not do"))

    def undo(self) -> None:
        self._run(self._undo, translate("Commands", "Could not undo"))

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class AddTagsCommand(ArchiveCommand):
    """Undo removes exactly the links this added (and tags it created), nothing older."""

    def __init__(self, ctx: EditContext, ids: Sequence[int], names: Sequence[str]) -> None:
        n = len(ids)
        super().__init__(
            ctx,
            translate("Commands", "Tag %n article(s) {tags}", None, n).format(tags=_names(names)),
        )
        self.ids, self.names = list(ids), list(names)
        self.change = TagLinkChange()

    def _do(self) -> None:
        self.change = self.ctx.archive.add_tag_links(self.ids, self.names)

    def _undo(self) -> None:
        self.ctx.archive.undo_tag_links(self.change, added=True)


class RemoveTagsCommand(ArchiveCommand):
    def __init__(self, ctx: EditContext, ids: Sequence[int], names: Sequence[str]) -> None:
        n = len(ids)
        super().__init__(
            ctx,
            translate("Commands", "Untag %n article(s) {tags}", None, n).format(tags=_names(names)),
        )
        self.ids, self.names = list(ids), list(names)
        self.change = TagLinkChange()

    def _do(self) -> None:
        self.change = self.ctx.archive.remove_tag_links(self.ids, self.names)

    def _undo(self) -> None:
        self.ctx.archive.undo_tag_links(self.change, added=False)


class RenameTagCommand(ArchiveCommand):
    """Rename, or merge when the new name is another tag's; undo restores both tags exactly."""

    def __init__(self, ctx: EditContext, old: str, new: str, *, merge: bool) -> None:
        text = (
            translate("Commands", "Merge tag “{old}” into “{new}”")
            if merge
            else translate("Commands", "Rename tag “{old}”")
        )
        super().__init__(ctx, text.format(old=old, new=new))
        self.old, self.new = old, new
        self.before: tuple[TagSnapshot, ...] = ()

    def _do(self) -> None:
        self.before = self.ctx.archive.snapshot_tags([self.old, self.new])
        self.ctx.archive.rename_tag(self.old, self.new)

    def _undo(self) -> None:
        self.ctx.archive.restore_tags(self.before)


class DeleteTagCommand(ArchiveCommand):
    """Undo brings the tag back with its id, colour and links."""

    def __init__(self, ctx: EditContext, name: str) -> None:
        super().__init__(ctx, translate("Commands", "Delete tag “{name}”").format(name=name))
        self.name = name
        self.before: tuple[TagSnapshot, ...] = ()

    def _do(self) -> None:
        self.before = self.ctx.archive.snapshot_tags([self.name])
        self.ctx.archive.delete_tag(self.name)

    def _undo(self) -> None:
        self.ctx.archive.restore_tags(self.before)


class TagColorCommand(ArchiveCommand):
    def __init__(self, ctx: EditContext, name: str, old: str | None, new: str | None) -> None:
        super().__init__(ctx, translate("Commands", "Colour of tag “{name}”").format(name=name))
        self.name, self.old, self.new = name, old, new

    def _do(self) -> None:
        self.ctx.archive.set_tag_color(self.name, self.new)

    def _undo(self) -> None:
        self.ctx.archive.set_tag_color(self.name, self.old)


class EditArticleCommand(ArchiveCommand):
    """Undo stores the previous values back exactly.

    ``version``: the article's version the edit was made from (``ArticleDetail.version``). If
    a colleague changed the article since (a team archive), the user is asked whether to
    overwrite that change; undo and redo never overwrite a colleague's later change silently
    (they ask too)."""

    def __init__(
        self,
        ctx: ConflictContext,
        article_id: int,
        before: ArticleEdit,
        after: ArticleEdit,
        version: int | None = None,
    ) -> None:
        super().__init__(
            ctx, translate("Commands", "Edit “{title}”").format(title=_short(after.title))
        )
        self.conflicts = ctx
        self.article_id, self.before, self.after = article_id, before, after
        self.version = version

    def _store(self, values: ArticleEdit) -> None:
        archive = self.ctx.archive
        try:
            self.version = archive.update_article(
                self.article_id, values, expected_version=self.version
            )
        except EditConflictError as exc:
            if not self.conflicts.confirm_overwrite(str(exc)):
                raise
            self.version = archive.update_article(self.article_id, values)

    def _do(self) -> None:
        self._store(self.after)

    def _undo(self) -> None:
        self._store(self.before)


class DeleteArticlesCommand(ArchiveCommand):
    """Deletes with a snapshot; undo restores the articles with the same ids."""

    def __init__(self, ctx: EditContext, ids: Sequence[int]) -> None:
        n = len(ids)
        super().__init__(ctx, translate("Commands", "Delete %n article(s)", None, n))
        self.ids = list(ids)
        self.snapshot: ArticleSnapshot | None = None

    def _do(self) -> None:
        self.snapshot = self.ctx.archive.take_articles(self.ids)

    def _undo(self) -> None:
        if self.snapshot is not None:
            self.ctx.archive.restore_articles(self.snapshot)


class ImportBatchCommand(ArchiveCommand):
    """An import that already happened: the first redo (on push) does nothing; undo deletes
    the imported articles (keeping a snapshot) and redo restores them."""

    def __init__(self, ctx: EditContext, ids: Sequence[int]) -> None:
        n = len(ids)
        super().__init__(ctx, translate("Commands", "Import %n article(s)", None, n))
        self.ids = list(ids)
        self.snapshot: ArticleSnapshot | None = None
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True  # the import itself did the work
            return
        super().redo()

    def _do(self) -> None:
        if self.snapshot is not None:
            self.ctx.archive.restore_articles(self.snapshot)

    def _undo(self) -> None:
        self.snapshot = self.ctx.archive.take_articles(self.ids)


class AttachPhotoCommand(ArchiveCommand):
    """Shows a photo for an article image; undo restores the photo it had (or none)."""

    def __init__(self, ctx: EditContext, image_id: int, photo_id: int, text: str) -> None:
        super().__init__(ctx, text)
        self.image_id, self.photo_id = image_id, photo_id
        self.previous: int | None = None

    def _do(self) -> None:
        self.previous = self.ctx.archive.attach_photo(self.image_id, self.photo_id)

    def _undo(self) -> None:
        self.ctx.archive.attach_photo(self.image_id, self.previous)


def _short(title: str, limit: int = 40) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"
