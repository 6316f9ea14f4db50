"""Undoable article and tag actions: one ``ArchiveStep`` (``undo_steps.py``) per user action,
each calling the ``Archive``.

A command reports back through an ``EditContext`` (the ``EditController``): ``changed()`` after
every successful redo/undo so views refresh, ``failed()`` when the archive refused (the step
then leaves the history: see ``undo_steps.py``). Steps over ``HEAVY_ARTICLES`` articles (an
import's undo, a large delete or tagging) run on the write lane under the stack's gate.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QUndoStack

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.undo_steps import HEAVY_ARTICLES, ArchiveStep, StepGate, gate_of
from dossierdesk.store.errors import EditConflictError

if TYPE_CHECKING:
    from dossierdesk.service import Archive
    from dossierdesk.service.editing import ArticleEdit, ArticleSnapshot
    from dossierdesk.service.tag_edits import TagLinkChange, TagSnapshot

log = logging.getLogger(__name__)


def _no_change() -> TagLinkChange:
    """An empty change (until the step first runs); ``service.tag_edits`` loads SQLAlchemy,
    which the first window does without, so it is imported when a tag step is made."""
    from dossierdesk.service.tag_edits import TagLinkChange

    return TagLinkChange()


class EditContext(Protocol):
    @property
    def archive(self) -> Archive: ...

    @property
    def undo_stack(self) -> QUndoStack: ...

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


class ArchiveCommand(ArchiveStep):
    """An article or tag step: ``apply``/``revert`` against the archive; the edit controller
    is told of success (views refresh) and failure (an error dialog)."""

    # the articles the step touches (for ``heavy``)
    ids: list[int]

    def __init__(self, ctx: EditContext, text: str, *, applied: bool = False) -> None:
        super().__init__(text, applied=applied)
        self.ctx = ctx
        self.ids = []

    def heavy(self) -> bool:
        return len(self.ids) > HEAVY_ARTICLES

    def gate(self) -> StepGate | None:
        return gate_of(self.ctx.undo_stack)

    def succeeded(self) -> None:
        self.ctx.changed()

    def report(self, what: str, exc: Exception) -> None:
        verb = (
            translate("Commands", "Could not do")
            if what == "redo"
            else translate("Commands", "Could not undo")
        )
        self.ctx.failed(f"{verb}: {self.text()}", exc)


class AddTagsCommand(ArchiveCommand):
    """Undo removes exactly the links this added (and tags it created), nothing older."""

    def __init__(self, ctx: EditContext, ids: Sequence[int], names: Sequence[str]) -> None:
        n = len(ids)
        super().__init__(
            ctx,
            translate("Commands", "Tag %n article(s) {tags}", None, n).format(tags=_names(names)),
        )
        self.ids, self.names = list(ids), list(names)
        self.change = _no_change()

    def apply(self) -> None:
        self.change = self.ctx.archive.add_tag_links(self.ids, self.names)

    def revert(self) -> None:
        self.ctx.archive.undo_tag_links(self.change, added=True)


class RemoveTagsCommand(ArchiveCommand):
    def __init__(self, ctx: EditContext, ids: Sequence[int], names: Sequence[str]) -> None:
        n = len(ids)
        super().__init__(
            ctx,
            translate("Commands", "Untag %n article(s) {tags}", None, n).format(tags=_names(names)),
        )
        self.ids, self.names = list(ids), list(names)
        self.change = _no_change()

    def apply(self) -> None:
        self.change = self.ctx.archive.remove_tag_links(self.ids, self.names)

    def revert(self) -> None:
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

    def apply(self) -> None:
        self.before = self.ctx.archive.snapshot_tags([self.old, self.new])
        self.ctx.archive.rename_tag(self.old, self.new)

    def revert(self) -> None:
        self.ctx.archive.restore_tags(self.before)


class DeleteTagCommand(ArchiveCommand):
    """Undo brings the tag back with its id, colour and links."""

    def __init__(self, ctx: EditContext, name: str) -> None:
        super().__init__(ctx, translate("Commands", "Delete tag “{name}”").format(name=name))
        self.name = name
        self.before: tuple[TagSnapshot, ...] = ()

    def apply(self) -> None:
        self.before = self.ctx.archive.snapshot_tags([self.name])
        self.ctx.archive.delete_tag(self.name)

    def revert(self) -> None:
        self.ctx.archive.restore_tags(self.before)


class TagColorCommand(ArchiveCommand):
    def __init__(self, ctx: EditContext, name: str, old: str | None, new: str | None) -> None:
        super().__init__(ctx, translate("Commands", "Colour of tag “{name}”").format(name=name))
        self.name, self.old, self.new = name, old, new

    def apply(self) -> None:
        self.ctx.archive.set_tag_color(self.name, self.new)

    def revert(self) -> None:
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

    def apply(self) -> None:
        self._store(self.after)

    def revert(self) -> None:
        self._store(self.before)


class DeleteArticlesCommand(ArchiveCommand):
    """Deletes with a snapshot; undo restores the articles with the same ids."""

    def __init__(self, ctx: EditContext, ids: Sequence[int]) -> None:
        n = len(ids)
        super().__init__(ctx, translate("Commands", "Delete %n article(s)", None, n))
        self.ids = list(ids)
        self.snapshot: ArticleSnapshot | None = None

    def apply(self) -> None:
        self.snapshot = self.ctx.archive.take_articles(self.ids)

    def revert(self) -> None:
        if self.snapshot is not None:
            self.ctx.archive.restore_articles(self.snapshot)


class ImportBatchCommand(ArchiveCommand):
    """An import that already happened (pushed as applied: its first redo does nothing); undo
    deletes the imported articles (keeping a snapshot) and redo restores them."""

    def __init__(self, ctx: EditContext, ids: Sequence[int]) -> None:
        n = len(ids)
        super().__init__(ctx, translate("Commands", "Import %n article(s)", None, n), applied=True)
        self.ids = list(ids)
        self.snapshot: ArticleSnapshot | None = None

    def apply(self) -> None:
        if self.snapshot is not None:
            self.ctx.archive.restore_articles(self.snapshot)

    def revert(self) -> None:
        self.snapshot = self.ctx.archive.take_articles(self.ids)


class AttachPhotoCommand(ArchiveCommand):
    """Shows a photo for an article image; undo restores the photo it had (or none)."""

    def __init__(self, ctx: EditContext, image_id: int, photo_id: int, text: str) -> None:
        super().__init__(ctx, text)
        self.image_id, self.photo_id = image_id, photo_id
        self.previous: int | None = None

    def apply(self) -> None:
        self.previous = self.ctx.archive.attach_photo(self.image_id, self.photo_id)

    def revert(self) -> None:
        self.ctx.archive.attach_photo(self.image_id, self.previous)


def _short(title: str, limit: int = 40) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"
