"""The changing actions of ``Archive``: tags, photos of images, metadata, deletion and undo,
dossiers and saved searches (one writing transaction each).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, literal, select, text, update
from sqlalchemy.orm import Session

from dossierdesk.service import dossiers
from dossierdesk.service import photos as photo_store
from dossierdesk.service import saved_searches as saved_search_store
from dossierdesk.service.archive_core import ArchiveCore, _clean_tag_names
from dossierdesk.service.changes import (
    ARTICLES,
    DOSSIERS,
    PHOTOS,
    SAVED_SEARCHES,
    TAGS,
    records,
)
from dossierdesk.service.dossier_dto import UNSET, DossierDetail, Unset
from dossierdesk.service.import_session import now as _now
from dossierdesk.service.saved_searches import SavedSearchInfo
from dossierdesk.service.tag_rows import ensure_tag
from dossierdesk.store import fts
from dossierdesk.store.dialect_sql import insert_ignoring
from dossierdesk.store.models import (
    ArticleTag,
    Tag,
)

if TYPE_CHECKING:
    # The import pipeline (importers, parsing, row preparation, the batch writer) and the
    # editing code load when first used: opening an archive to read it needs none of them.
    from dossierdesk.service import editing, tag_edits

log = logging.getLogger(__name__)


def _linked_ids(_arguments: dict[str, Any], change: tag_edits.TagLinkChange) -> list[int]:
    return [article_id for article_id, _name in change.links]


def _change_ids(arguments: dict[str, Any], _result: object) -> list[int]:
    return [article_id for article_id, _name in arguments["change"].links]


def _snapshot_ids(arguments: dict[str, Any], _result: object) -> tuple[int, ...]:
    return tuple(arguments["snapshot"].article_ids)


class EditingMixin(ArchiveCore):
    """The actions of ``Archive`` that change it."""

    @records(ARTICLES, PHOTOS)
    def attach_photo(self, image_id: int, photo_id: int | None) -> int | None:
        """Show ``photo_id`` for an article image (``None``: no photo); returns the photo id it
        had before, so the change can be undone with a second call."""
        with self._write() as session:
            return photo_store.attach_photo(session, image_id, photo_id)

    def add_tags(self, article_ids: Sequence[int], names: Sequence[str]) -> int:
        """Tag articles (creating tags as needed); returns how many links were added."""
        return len(self.add_tag_links(article_ids, names).links)

    def remove_tags(self, article_ids: Sequence[int], names: Sequence[str]) -> int:
        """Untag articles; returns how many links were removed."""
        return len(self.remove_tag_links(article_ids, names).links)

    @staticmethod
    def _tag_id(session: Session, name: str, *, create: bool) -> int | None:
        if create:
            return ensure_tag(session.connection(), name)[0]
        return session.scalar(select(Tag.id).where(Tag.name == name))

    @records(TAGS)
    def set_tag_color(self, name: str, color: str | None) -> None:
        with self._write() as session:
            tag_id = self._tag_id(session, name, create=False)
            if tag_id is None:
                raise KeyError(f"no tag '{name}'")
            session.execute(update(Tag).where(Tag.id == tag_id).values(color=color))

    @records(TAGS)
    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag; renaming onto an existing tag merges the two."""
        new = _clean_tag_names([new])[0]
        with self._write() as session:
            old_id = self._tag_id(session, old, create=False)
            if old_id is None:
                raise KeyError(f"no tag '{old}'")
            target = self._tag_id(session, new, create=False)
            if target is None or target == old_id:
                session.execute(update(Tag).where(Tag.id == old_id).values(name=new))
                return
            session.execute(
                insert_ignoring(self.dialect, ArticleTag).from_select(
                    ["article_id", "tag_id"],
                    select(ArticleTag.article_id, literal(target)).where(
                        ArticleTag.tag_id == old_id
                    ),
                )
            )
            session.execute(delete(Tag).where(Tag.id == old_id))

    @records(TAGS)
    def delete_tag(self, name: str) -> None:
        with self._write() as session:
            session.execute(delete(Tag).where(Tag.name == name))

    @records(ARTICLES, DOSSIERS, TAGS, articles="article_ids")
    def delete_articles(self, article_ids: Sequence[int]) -> int:
        """Delete articles (and the original files no other article comes from); without
        a snapshot to undo it, which ``take_articles`` keeps."""
        from dossierdesk.service import editing

        with self._write() as session:
            return editing.delete_articles(session, article_ids)

    @records(DOSSIERS, dossier="_result")
    def create_dossier(
        self,
        title: str,
        *,
        subtitle: str | None = None,
        compiled_by: str | None = None,
        description: str | None = None,
        article_ids: Sequence[int] = (),
        query: str | None = None,
    ) -> int:
        """A new dossier with these articles, then the query's matches oldest first."""
        with self._write() as session:
            return dossiers.create(
                session,
                title,
                subtitle=subtitle,
                compiled_by=compiled_by,
                description=description,
                article_ids=article_ids,
                query=query,
            )

    @records(DOSSIERS, dossier="dossier_id")
    def update_dossier(
        self,
        dossier_id: int,
        *,
        title: str | Unset = UNSET,
        subtitle: str | Unset | None = UNSET,
        compiled_by: str | Unset | None = UNSET,
        description: str | Unset | None = UNSET,
        expected_version: int | None = None,
    ) -> None:
        """Change the fields given (``None`` clears an optional field)."""
        with self._write() as session:
            dossiers.claim(session, dossier_id, self.user, expected_version)
            dossiers.update_fields(
                session,
                dossier_id,
                title=title,
                subtitle=subtitle,
                compiled_by=compiled_by,
                description=description,
            )

    @records(DOSSIERS, dossier="dossier_id")
    def add_to_dossier(
        self,
        dossier_id: int,
        article_ids: Sequence[int],
        *,
        position: int | None = None,
        note: str | None = None,
    ) -> int:
        """Insert articles at ``position`` (else append); returns how many were not there yet."""
        with self._write() as session:
            dossiers.claim(session, dossier_id, self.user, None)
            return dossiers.add(session, dossier_id, article_ids, position=position, note=note)

    @records(DOSSIERS, dossier="dossier_id")
    def remove_from_dossier(self, dossier_id: int, article_ids: Sequence[int]) -> int:
        with self._write() as session:
            dossiers.claim(session, dossier_id, self.user, None)
            return dossiers.remove(session, dossier_id, article_ids)

    @records(DOSSIERS, dossier="dossier_id")
    def move_in_dossier(
        self,
        dossier_id: int,
        article_ids: Sequence[int],
        to_position: int,
        *,
        expected_version: int | None = None,
    ) -> int:
        """Move entries together so the first lands at ``to_position`` (0-based, clamped).
        ``expected_version``: the dossier's version the move was made from (see
        ``set_dossier_order``). Returns the dossier's version after the move."""
        with self._write() as session:
            dossiers.claim(session, dossier_id, self.user, expected_version)
            dossiers.move(session, dossier_id, article_ids, to_position)
            return dossiers.version(session, dossier_id)

    @records(DOSSIERS, dossier="dossier_id")
    def set_dossier_order(
        self,
        dossier_id: int,
        article_ids_in_order: Sequence[int],
        *,
        expected_version: int | None = None,
    ) -> int:
        """Put the entries in this order. With ``expected_version`` (the ``version`` of the
        ``DossierDetail`` the order was made from), a dossier a colleague changed since is
        left as it is and ``EditConflictError`` says who changed it. Returns the dossier's
        version after the change."""
        with self._write() as session:
            dossiers.claim(session, dossier_id, self.user, expected_version)
            dossiers.set_order(session, dossier_id, article_ids_in_order)
            return dossiers.version(session, dossier_id)

    @records(DOSSIERS, dossier="dossier_id")
    def set_dossier_note(self, dossier_id: int, article_id: int, note: str | None) -> None:
        with self._write() as session:
            dossiers.claim(session, dossier_id, self.user, None)
            dossiers.set_note(session, dossier_id, article_id, note)

    @records(DOSSIERS, dossier="_result")
    def duplicate_dossier(self, dossier_id: int, new_title: str | None = None) -> int:
        with self._write() as session:
            return dossiers.duplicate(session, dossier_id, new_title)

    def rename_dossier(self, dossier_id: int, title: str) -> None:
        self.update_dossier(dossier_id, title=title)

    @records(DOSSIERS, dossier="dossier_id")
    def delete_dossier(self, dossier_id: int) -> None:
        with self._write() as session:
            dossiers.delete_dossier(session, dossier_id)

    @records(DOSSIERS, dossier="_result")
    def restore_dossier(self, detail: DossierDetail) -> int:
        """Re-create a deleted dossier (undo): its id if still free, its entries and notes."""
        with self._write() as session:
            return dossiers.restore(session, detail)

    @records(SAVED_SEARCHES)
    def save_search(self, name: str, query: str) -> SavedSearchInfo:
        """Store (or replace) a named search; raises ValueError / QuerySyntaxError."""
        with self._write() as session:
            return saved_search_store.save(session, name, query, _now())

    @records(SAVED_SEARCHES)
    def rename_saved_search(self, old: str, new: str) -> SavedSearchInfo:
        """Rename a saved search; raises KeyError (no such search) or ValueError (bad or
        taken name)."""
        with self._write() as session:
            return saved_search_store.rename(session, old, new)

    @records(SAVED_SEARCHES)
    def delete_saved_search(self, name: str) -> bool:
        with self._write() as session:
            return saved_search_store.remove(session, name)

    @records(ARTICLES, articles="article_id")
    def update_article(
        self, article_id: int, edit: editing.ArticleEdit, *, expected_version: int | None = None
    ) -> int:
        """Store edited metadata (raises ``KeyError`` or ``editing.EditError``); returns the
        article's new version.

        ``expected_version``: the ``ArticleDetail.version`` the edit was made from; if a
        colleague changed the article since, ``EditConflictError`` says who and when and
        nothing is stored (call again without it to overwrite)."""
        from dossierdesk.service import editing

        with self._write() as session:
            version = editing.update_article(
                session, article_id, edit, user=self.user, expected_version=expected_version
            )
            self._index(session, [article_id])
        return version

    @records(ARTICLES, DOSSIERS, TAGS, articles="article_ids")
    def take_articles(self, article_ids: Sequence[int]) -> editing.ArticleSnapshot:
        """Snapshot and delete articles in one transaction; ``restore_articles`` undoes it."""
        from dossierdesk.service import editing

        with self._write() as session:
            snap = editing.snapshot_articles(session, article_ids)
            editing.delete_articles(session, snap.article_ids)
            return snap

    @records(ARTICLES, DOSSIERS, TAGS, articles=_snapshot_ids)
    def restore_articles(self, snapshot: editing.ArticleSnapshot) -> None:
        """Put deleted articles back with the same ids, all of them or none."""
        from dossierdesk.service import editing

        with self._write() as session:
            if self.is_team:
                editing.restore_articles(session, snapshot)
                self._index(session, snapshot.article_ids)
                return
            # The full-text trigger stands aside; the articles are indexed together after.
            session.execute(text(fts.DEFER_STATEMENT))
            editing.restore_articles(session, snapshot)
            ids = json.dumps(sorted(snapshot.article_ids))
            session.execute(text(fts.INDEX_IDS_STATEMENT), {"ids": ids})
            session.execute(text(fts.TITLE_INDEX_IDS_STATEMENT), {"ids": ids})
            session.execute(text(fts.UNDEFER_STATEMENT))

    @records(TAGS, articles=_linked_ids)
    def add_tag_links(
        self, article_ids: Sequence[int], names: Sequence[str]
    ) -> tag_edits.TagLinkChange:
        """Like ``add_tags``, reporting exactly the links and tags that were new."""
        from dossierdesk.service import tag_edits

        names = _clean_tag_names(names)
        with self._write() as session:
            return tag_edits.add_tag_links(session, article_ids, names)

    @records(TAGS, articles=_linked_ids)
    def remove_tag_links(
        self, article_ids: Sequence[int], names: Sequence[str]
    ) -> tag_edits.TagLinkChange:
        from dossierdesk.service import tag_edits

        names = _clean_tag_names(names)
        with self._write() as session:
            return tag_edits.remove_tag_links(session, article_ids, names)

    @records(TAGS, articles=_change_ids)
    def undo_tag_links(self, change: tag_edits.TagLinkChange, *, added: bool) -> None:
        """Reverse an ``add_tag_links`` (``added=True``) or a ``remove_tag_links``."""
        from dossierdesk.service import tag_edits

        with self._write() as session:
            if added:
                tag_edits.undo_add_tag_links(session, change)
            else:
                tag_edits.undo_remove_tag_links(session, change)

    @records(TAGS, ARTICLES)
    def restore_tags(self, snapshots: Sequence[tag_edits.TagSnapshot]) -> None:
        from dossierdesk.service import tag_edits

        with self._write() as session:
            tag_edits.restore_tags(session, snapshots)
