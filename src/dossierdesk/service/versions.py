"""Edit versions (migration 0009): a change made from an older version than the stored one is
refused, saying who changed the row and when, so that no colleague's change is lost unseen."""

from __future__ import annotations

import datetime as dt

from dossierdesk.store.errors import EditConflictError


def conflict_message(what: str, changed_by: str | None, changed_at: dt.datetime | None) -> str:
    """“… was changed by NAME at TIME …”: why a stale edit was refused."""
    who = changed_by or "someone else"
    when = f" at {changed_at:%Y-%m-%d %H:%M}" if changed_at is not None else ""
    return (
        f"{what} was changed by {who}{when} after you opened it; nothing was changed. "
        "Reload to see that change, or overwrite it with yours."
    )


def check_version(
    what: str,
    stored: int,
    expected: int | None,
    changed_by: str | None,
    changed_at: dt.datetime | None,
) -> None:
    """Raise ``EditConflictError`` when an edit made from version ``expected`` meets the
    ``stored`` version of a row a colleague changed since (``None``: overwrite, no check)."""
    if expected is not None and stored != expected:
        raise EditConflictError(
            conflict_message(what, changed_by, changed_at), changed_by=changed_by, version=stored
        )
