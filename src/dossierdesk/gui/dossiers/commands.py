"""Undoable dossier changes: one ``ArchiveStep`` (``gui/undo_steps.py``) per user action, each
one service call.

The controller runs :meth:`DossierCommand.apply` itself first (so a refused change is reported
and never reaches the undo stack), then pushes the command; the stack's initial ``redo()`` is
therefore skipped (``applied=True``). Later undo/redo calls that fail (e.g. an article deleted
meanwhile) are reported through the host's ``report_error``, leave the archive as it was and
drop the step from the history.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.undo_steps import ArchiveStep
from dossierdesk.service.dossier_dto import DossierDetail
from dossierdesk.store.errors import ArchiveError

if TYPE_CHECKING:
    from dossierdesk.service import Archive

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DossierProperties:
    """The editable fields of a dossier (empty optional text means none)."""

    title: str
    subtitle: str | None = None
    compiled_by: str | None = None
    description: str | None = None

    @classmethod
    def of(cls, detail: DossierDetail) -> DossierProperties:
        return cls(detail.title, detail.subtitle, detail.compiled_by, detail.description)


class CommandHost(Protocol):
    """What commands need from the controller."""

    @property
    def archive(self) -> Archive: ...

    def notify(self, dossier_id: int | None, *, listing: bool) -> None: ...

    def report_error(self, message: str) -> None: ...


class DossierCommand(ArchiveStep):
    """A dossier step: ``apply`` does the change, ``revert`` undoes it; failures of undo and
    redo go to the host's ``report_error``. Dossier steps are small and run on the GUI thread."""

    def __init__(self, host: CommandHost, text: str) -> None:
        super().__init__(text, applied=True)
        self.host = host

    @property
    def archive(self) -> Archive:
        return self.host.archive

    def report(self, what: str, exc: Exception) -> None:
        if not isinstance(exc, KeyError | ValueError | ArchiveError):
            log.error("%s of %r failed", what, self.text(), exc_info=exc)
        message = (
            translate("DossierCommands", "Cannot redo “{command}”: {reason}")
            if what == "redo"
            else translate("DossierCommands", "Cannot undo “{command}”: {reason}")
        )
        self.host.report_error(message.format(command=self.text(), reason=_reason(exc)))


def _reason(exc: Exception) -> str:
    return str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)


def _order(archive: Archive, dossier_id: int) -> tuple[tuple[int, ...], dict[int, str | None]]:
    detail = archive.dossier(dossier_id)
    return detail.article_ids, {e.article_id: e.note for e in detail.entries}


class _NewDossierCommand(DossierCommand):
    """A command that makes a dossier: undo deletes it (keeping a snapshot), redo restores the
    snapshot so the dossier comes back with the same id, entries and notes."""

    def __init__(self, host: CommandHost, text: str) -> None:
        super().__init__(host, text)
        self.dossier_id: int | None = None
        self._saved: DossierDetail | None = None

    def _make(self) -> int:
        raise NotImplementedError

    def apply(self) -> None:
        if self._saved is not None:
            self.dossier_id = self.archive.restore_dossier(self._saved)
        else:
            self.dossier_id = self._make()
        self.host.notify(self.dossier_id, listing=True)

    def revert(self) -> None:
        assert self.dossier_id is not None
        self._saved = self.archive.dossier(self.dossier_id)
        self.archive.delete_dossier(self.dossier_id)
        self.host.notify(self.dossier_id, listing=True)


class CreateDossierCommand(_NewDossierCommand):
    def __init__(
        self,
        host: CommandHost,
        properties: DossierProperties,
        article_ids: Sequence[int] = (),
        query: str | None = None,
    ) -> None:
        super().__init__(
            host,
            translate("DossierCommands", "Create dossier “{title}”").format(title=properties.title),
        )
        self.properties = properties
        self.article_ids = tuple(article_ids)
        self.query = query

    def _make(self) -> int:
        p = self.properties
        return self.archive.create_dossier(
            p.title,
            subtitle=p.subtitle,
            compiled_by=p.compiled_by,
            description=p.description,
            article_ids=self.article_ids,
            query=self.query,
        )


class DuplicateDossierCommand(_NewDossierCommand):
    def __init__(self, host: CommandHost, source_id: int, new_title: str | None = None) -> None:
        super().__init__(host, translate("DossierCommands", "Duplicate dossier"))
        self.source_id = source_id
        self.new_title = new_title

    def _make(self) -> int:
        return self.archive.duplicate_dossier(self.source_id, self.new_title)


class DeleteDossierCommand(DossierCommand):
    """Undo re-creates the dossier with the same entries, order and notes (same id if free)."""

    def __init__(self, host: CommandHost, detail: DossierDetail) -> None:
        super().__init__(
            host,
            translate("DossierCommands", "Delete dossier “{title}”").format(title=detail.title),
        )
        self.detail = detail
        self.dossier_id = detail.id

    def apply(self) -> None:
        self.archive.delete_dossier(self.dossier_id)
        self.host.notify(self.dossier_id, listing=True)

    def revert(self) -> None:
        self.dossier_id = self.archive.restore_dossier(self.detail)
        self.host.notify(self.dossier_id, listing=True)


class EditPropertiesCommand(DossierCommand):
    def __init__(
        self, host: CommandHost, dossier_id: int, old: DossierProperties, new: DossierProperties
    ) -> None:
        super().__init__(
            host, translate("DossierCommands", "Edit dossier “{title}”").format(title=new.title)
        )
        self.dossier_id, self.old, self.new = dossier_id, old, new

    def _set(self, p: DossierProperties) -> None:
        self.archive.update_dossier(
            self.dossier_id,
            title=p.title,
            subtitle=p.subtitle,
            compiled_by=p.compiled_by,
            description=p.description,
        )
        self.host.notify(self.dossier_id, listing=True)

    def apply(self) -> None:
        self._set(self.new)

    def revert(self) -> None:
        self._set(self.old)


class AddArticlesCommand(DossierCommand):
    """Adds the articles not in the dossier yet, at ``position`` (None: at the end)."""

    def __init__(
        self, host: CommandHost, dossier_id: int, article_ids: Sequence[int], position: int | None
    ) -> None:
        n = len(article_ids)
        super().__init__(
            host, translate("DossierCommands", "Add %n article(s) to dossier", None, n)
        )
        self.dossier_id = dossier_id
        self.article_ids = tuple(article_ids)
        self.position = position
        self.added: tuple[int, ...] = ()

    def apply(self) -> None:
        before, _ = _order(self.archive, self.dossier_id)
        present = set(before)
        self.added = tuple(dict.fromkeys(i for i in self.article_ids if i not in present))
        if self.added:
            self.archive.add_to_dossier(self.dossier_id, self.added, position=self.position)
        self.host.notify(self.dossier_id, listing=True)

    def revert(self) -> None:
        if self.added:
            self.archive.remove_from_dossier(self.dossier_id, self.added)
        self.host.notify(self.dossier_id, listing=True)


class RemoveEntriesCommand(DossierCommand):
    """Undo puts the entries back where they were, with their notes."""

    def __init__(self, host: CommandHost, dossier_id: int, article_ids: Sequence[int]) -> None:
        n = len(article_ids)
        super().__init__(
            host, translate("DossierCommands", "Remove %n article(s) from dossier", None, n)
        )
        self.dossier_id = dossier_id
        self.article_ids = tuple(article_ids)
        self._order: tuple[int, ...] = ()
        self._notes: dict[int, str | None] = {}

    def apply(self) -> None:
        self._order, notes = _order(self.archive, self.dossier_id)
        self._notes = {i: notes[i] for i in self.article_ids if i in notes}
        self.archive.remove_from_dossier(self.dossier_id, self.article_ids)
        self.host.notify(self.dossier_id, listing=True)

    def revert(self) -> None:
        removed = [i for i in self._order if i in self._notes]
        self.archive.add_to_dossier(self.dossier_id, removed)
        for article_id, note in self._notes.items():
            if note:
                self.archive.set_dossier_note(self.dossier_id, article_id, note)
        self.archive.set_dossier_order(self.dossier_id, self._order)
        self.host.notify(self.dossier_id, listing=True)


class MoveEntriesCommand(DossierCommand):
    """Move entries together so the first lands at ``to_position`` (0-based).

    ``version``: the dossier's version the move was made from (as shown): a dossier a
    colleague reordered since is left as it is (``EditConflictError``); undo and redo too
    refuse to overwrite a colleague's later change."""

    def __init__(
        self,
        host: CommandHost,
        dossier_id: int,
        article_ids: Sequence[int],
        to_position: int,
        version: int | None = None,
    ) -> None:
        super().__init__(host, translate("DossierCommands", "Reorder dossier"))
        self.dossier_id = dossier_id
        self.article_ids = tuple(article_ids)
        self.to_position = to_position
        self._before: tuple[int, ...] = ()
        self._version = version

    def apply(self) -> None:
        self._before, _ = _order(self.archive, self.dossier_id)
        self._version = self.archive.move_in_dossier(
            self.dossier_id, self.article_ids, self.to_position, expected_version=self._version
        )
        self.host.notify(self.dossier_id, listing=False)

    def revert(self) -> None:
        self._version = self.archive.set_dossier_order(
            self.dossier_id, self._before, expected_version=self._version
        )
        self.host.notify(self.dossier_id, listing=False)


class SetNoteCommand(DossierCommand):
    def __init__(
        self,
        host: CommandHost,
        dossier_id: int,
        article_id: int,
        old: str | None,
        new: str | None,
    ) -> None:
        super().__init__(host, translate("DossierCommands", "Edit note"))
        self.dossier_id, self.article_id, self.old, self.new = dossier_id, article_id, old, new

    def apply(self) -> None:
        self.archive.set_dossier_note(self.dossier_id, self.article_id, self.new)
        self.host.notify(self.dossier_id, listing=False)

    def revert(self) -> None:
        self.archive.set_dossier_note(self.dossier_id, self.article_id, self.old)
        self.host.notify(self.dossier_id, listing=False)
