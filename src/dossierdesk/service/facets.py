"""Sidebar facets that read well: sources grouped across spellings, authors by surname.

Pure functions over the raw counts of ``Archive.facet`` (no database, no Qt), each entry with
the query condition that finds exactly its articles' value(s).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "AuthorEntry",
    "SourceGroup",
    "author_entries",
    "group_sources",
    "source_key",
]

#: Words printed after a surname that are not the surname ("Tyrone C. Marshall Jr.").
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v", "phd", "md", "esq", "ret"})


@dataclass(frozen=True, slots=True)
class SourceGroup:
    """One source as the sidebar shows it: ``name`` (its most used spelling), the article
    count over every spelling, the spellings with their counts (most used first) and the query
    condition that finds them all."""

    name: str
    count: int
    variants: tuple[tuple[str, int], ...]
    condition: str


@dataclass(frozen=True, slots=True)
class AuthorEntry:
    """One author: the name as stored (``value``, what ``author:`` searches), the rank split
    off (``""`` if none), the name without it, the sort key (surname first) and the label."""

    value: str
    count: int
    rank: str
    name: str
    label: str
    condition: str


def source_key(name: str) -> str:
    """What two spellings of one source share: letters and digits, case-folded ("DOD News",
    "DoD News", "D.O.D. News", "DoD-News" -> "dodnews")."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _any_of(field: str, values: Iterable[str]) -> str:
    """``field:"a"``, or ``(field:"a" OR field:"b")`` for several values."""
    from dossierdesk.query.syntax import quote_value  # (the window's start does not need it)

    terms = [f"{field}:{quote_value(v)}" for v in values]
    return terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"


def _case_key(value: str) -> str:
    # ``source:`` ignores case like SQLite's LIKE: for ASCII letters only.
    return value.lower() if value.isascii() else value


def group_sources(counts: Iterable[tuple[str, int]], limit: int | None = None) -> list[SourceGroup]:
    """Sources grouped by ``source_key``, most articles first (then by name).

    A group's condition names each spelling ``source:`` would not already find through
    another one (spellings differing only in case are one), so that a click finds every
    variant: ``(source:"DOD News" OR source:"D.O.D. News")``.
    """
    by_key: dict[str, list[tuple[str, int]]] = {}
    for value, count in counts:
        if not value.strip():
            continue
        by_key.setdefault(source_key(value) or value, []).append((value, count))
    groups = []
    for variants in by_key.values():
        variants.sort(key=lambda vc: (-vc[1], vc[0]))
        searched: dict[str, str] = {}
        for value, _count in variants:
            searched.setdefault(_case_key(value), value)
        groups.append(
            SourceGroup(
                name=variants[0][0],
                count=sum(c for _v, c in variants),
                variants=tuple(variants),
                condition=_any_of("source", searched.values()),
            )
        )
    groups.sort(key=lambda g: (-g.count, g.name.casefold(), g.name))
    return groups if limit is None else groups[:limit]


def _surname_split(name: str) -> tuple[str, str]:
    """(surname, the rest) of a name without rank: "Tyrone C. Marshall Jr." -> ("Marshall
    Jr.", "Tyrone C."); a single word is all surname."""
    words = name.split()
    end = len(words)
    while end > 1 and words[end - 1].strip(".,()").lower() in _NAME_SUFFIXES:
        end -= 1
    if end <= 1:
        return name, ""
    last = end - 1
    surname = " ".join(words[last:]).replace(" ,", ",")
    return surname.rstrip(","), " ".join(words[:last]).rstrip(",")


def author_entries(counts: Iterable[tuple[str, int]]) -> list[AuthorEntry]:
    """Authors sorted by surname, then given names, then rank: "Senior Airman Jane Roe" is
    listed as "Roe, Jane (Senior Airman)" among the R's, not among the S's of "Senior"."""
    from dossierdesk.ranks import split_rank  # its patterns are compiled on first use

    entries = []
    for value, count in counts:
        rank, name = split_rank(value)
        surname, given = _surname_split(name)
        label = f"{surname}, {given}" if given else surname
        if rank:
            label += f" ({rank})"
        entries.append(
            (
                (surname.casefold(), given.casefold(), rank.casefold(), value),
                AuthorEntry(value, count, rank, name, label, _any_of("author", [value])),
            )
        )
    entries.sort(key=lambda e: e[0])
    return [entry for _key, entry in entries]
