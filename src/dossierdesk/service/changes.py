"""Change records: what kinds of rows a write changed, and which articles and dossiers.

Every action that changes an archive reports one ``Changes`` after it committed (an import,
one per committed transaction): to the listeners registered on its own ``Archive``
(``add_change_listener``: the window refreshes what changed instead of everything), and, on a
team archive, to the other clients through PostgreSQL's ``NOTIFY`` (``store.pg_notify``;
``Archive.listen`` hears them). A record holds ids and names of kinds only, never text from
the archive, and stays small: past ``MAX_IDS`` ids it says "articles changed" without the list,
which a listener reads as "any article may have changed".
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

log = logging.getLogger(__name__)

ARTICLES = "articles"
TAGS = "tags"
DOSSIERS = "dossiers"
SAVED_SEARCHES = "saved_searches"
PHOTOS = "photos"
KINDS = frozenset({ARTICLES, TAGS, DOSSIERS, SAVED_SEARCHES, PHOTOS})

# NOTIFY payloads are limited to 8,000 bytes; ids beyond this many are left out.
MAX_IDS = 600


@dataclass(frozen=True, slots=True)
class Changes:
    """One committed change (see the module docstring).

    ``article_ids``/``dossier_ids``: those changed; ``None`` when not listed (any may have).
    ``user``: who made it (the server's user name on a team archive); ``origin``: the client
    (``Archive.client_id``), so a window can tell its own changes from a colleague's."""

    kinds: frozenset[str]
    article_ids: tuple[int, ...] | None = ()
    dossier_ids: tuple[int, ...] | None = ()
    user: str = ""
    origin: str = ""

    def to_json(self) -> str:
        def ids(values: tuple[int, ...] | None) -> list[int] | None:
            return None if values is None or len(values) > MAX_IDS else list(values)

        return json.dumps(
            {
                "k": sorted(self.kinds),
                "a": ids(self.article_ids),
                "d": ids(self.dossier_ids),
                "u": self.user,
                "o": self.origin,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> Changes | None:
        """A record sent by another client; ``None`` for anything malformed."""
        try:
            data = json.loads(text)
            kinds = frozenset(str(k) for k in data["k"]) & KINDS

            def ids(value: Any) -> tuple[int, ...] | None:
                return None if value is None else tuple(int(i) for i in value)

            return cls(
                kinds,
                ids(data.get("a", [])),
                ids(data.get("d", [])),
                str(data.get("u") or ""),
                str(data.get("o") or ""),
            )
        except (ValueError, TypeError, KeyError):
            log.warning("ignoring a malformed change notification")
            return None


def ids_of(value: Any) -> tuple[int, ...] | None:
    """Article or dossier ids from an action's argument: an id, ids, or ``None``."""
    if value is None:
        return None
    if isinstance(value, int):
        return (value,)
    if isinstance(value, Iterable):
        return tuple(sorted({int(i) for i in value}))
    return None


F = TypeVar("F", bound=Callable[..., Any])


def records(
    *kinds: str,
    articles: str | Callable[[dict[str, Any], Any], Any] | None = None,
    dossier: str | None = None,
) -> Callable[[F], F]:
    """Mark an ``Archive`` action as changing ``kinds``: once it returns, the archive reports
    a ``Changes`` with the article ids found in its argument named ``articles`` (or computed
    from the arguments and the result by ``articles``) and the dossier id in ``dossier``.
    Without ``articles``, the record lists no article (``None`` if ``ARTICLES`` is a kind)."""

    def wrap(fn: F) -> F:
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        def action(self: Any, *args: Any, **kwargs: Any) -> Any:
            result = fn(self, *args, **kwargs)
            arguments = signature.bind(self, *args, **kwargs).arguments
            if callable(articles):
                article_ids = ids_of(articles(arguments, result))
            elif articles is not None:
                article_ids = ids_of(arguments.get(articles))
            else:
                article_ids = None if ARTICLES in kinds else ()
            dossier_ids = ids_of(arguments.get(dossier)) if dossier else ()
            if dossier and dossier_ids is None:
                dossier_ids = ids_of(result)
            self._changed(frozenset(kinds), article_ids, dossier_ids)
            return result

        return action  # type: ignore[return-value]

    return wrap
