"""Saved searches and month counts in the service (what the sidebar and timeline use)."""

from __future__ import annotations

import pytest

from dossierdesk.query import QuerySyntaxError
from dossierdesk.service import Archive


def test_save_list_replace_delete(seeded_archive: Archive) -> None:
    first = seeded_archive.save_search("  Kursk   stories ", "kursk")
    assert first.name == "Kursk stories"
    seeded_archive.save_search("airmen", "airman")
    assert [s.name for s in seeded_archive.saved_searches()] == ["airmen", "Kursk stories"]
    replaced = seeded_archive.save_search("kursk STORIES", "kursk missile*")  # names ignore case
    assert replaced.id == first.id
    assert {s.name: s.query for s in seeded_archive.saved_searches()}["Kursk stories"] == (
        "kursk missile*"
    )
    assert seeded_archive.delete_saved_search("AIRMEN")
    assert not seeded_archive.delete_saved_search("airmen")
    assert [s.name for s in seeded_archive.saved_searches()] == ["Kursk stories"]


def test_rename(seeded_archive: Archive) -> None:
    seeded_archive.save_search("Kursk", "kursk")
    seeded_archive.save_search("Navy", "navy")
    info = seeded_archive.rename_saved_search("Kursk", " Kursk  2024 ")
    assert (info.name, info.query) == ("Kursk 2024", "kursk")
    assert [s.name for s in seeded_archive.saved_searches()] == ["Kursk 2024", "Navy"]
    with pytest.raises(ValueError, match="already called"):
        seeded_archive.rename_saved_search("Kursk 2024", "Navy")
    with pytest.raises(ValueError):
        seeded_archive.rename_saved_search("Navy", "   ")
    with pytest.raises(KeyError):
        seeded_archive.rename_saved_search("Gone", "Here")
    assert seeded_archive.rename_saved_search("Navy", "Navy").name == "Navy"


def test_bad_names_and_queries_are_refused(seeded_archive: Archive) -> None:
    with pytest.raises(ValueError, match="needs a name"):
        seeded_archive.save_search("   ", "kursk")
    with pytest.raises(ValueError, match="too long"):
        seeded_archive.save_search("x" * 101, "kursk")
    with pytest.raises(QuerySyntaxError):
        seeded_archive.save_search("broken", 'title:"kursk')
    assert seeded_archive.saved_searches() == []


def test_month_counts_follow_the_query(seeded_archive: Archive) -> None:
    everything = dict(seeded_archive.month_counts(""))
    assert sum(everything.values()) == seeded_archive.count("after:1900")
    assert list(everything) == sorted(everything)
    assert seeded_archive.month_counts("kursk") == [("2024-11", 1)]
    tagged = dict(seeded_archive.month_counts("tag:ukraine"))
    assert sum(tagged.values()) == seeded_archive.count("tag:ukraine after:1900")
