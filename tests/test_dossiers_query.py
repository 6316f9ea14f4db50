"""The ``dossier:`` field of the query language."""

from __future__ import annotations

import pytest
from tests.test_dossiers import import_articles

from dossierdesk.query import FIELD_NAMES, QuerySyntaxError, parse_query
from dossierdesk.service import Archive

pytestmark = pytest.mark.both_backends


@pytest.fixture
def articles(archive: Archive) -> list[int]:
    return import_articles(archive)


@pytest.fixture
def dossiers(archive: Archive, articles: list[int]) -> dict[str, int]:
    return {
        "naval": archive.create_dossier("Naval Readiness", article_ids=articles[:3]),
        "navy": archive.create_dossier("Navy history", article_ids=[articles[2], articles[3]]),
        "other": archive.create_dossier("Ground forces 100%", article_ids=[articles[5]]),
    }


def _found(archive: Archive, query: str) -> set[int]:
    return set(archive.search(query).ids)


def test_dossier_field_is_offered_for_completion() -> None:
    assert "dossier:" in FIELD_NAMES


def test_by_title_ignoring_case_and_blanks(
    archive: Archive, articles: list[int], dossiers: dict[str, int]
) -> None:
    assert _found(archive, 'dossier:"naval readiness"') == set(articles[:3])
    assert _found(archive, 'dossier:"NAVAL   Readiness"') == set(articles[:3])
    assert _found(archive, "dossier:naval") == set()  # whole titles only without '*'
    assert _found(archive, 'dossier:"ground forces 100%"') == {articles[5]}


def test_prefix_id_and_combinations(
    archive: Archive, articles: list[int], dossiers: dict[str, int]
) -> None:
    assert _found(archive, "dossier:nav*") == set(articles[:4])
    assert _found(archive, "dossier:na_al*") == set()  # '_' and '%' are not wildcards
    assert _found(archive, "dossier:%*") == set()
    assert _found(archive, "dossier:ground*") == {articles[5]}
    assert _found(archive, f"dossier:#{dossiers['navy']}") == {articles[2], articles[3]}
    assert _found(archive, "dossier:#999") == set()
    assert _found(archive, 'dossier:"navy history" ships') == {articles[2]}
    outside = _found(archive, "-dossier:nav*")
    assert outside == set(articles) - set(articles[:4])
    assert _found(archive, 'dossier:"naval readiness" OR dossier:"ground forces 100%"') == {
        *articles[:3],
        articles[5],
    }


def test_follows_dossier_changes(
    archive: Archive, articles: list[int], dossiers: dict[str, int]
) -> None:
    archive.remove_from_dossier(dossiers["naval"], [articles[0]])
    archive.rename_dossier(dossiers["naval"], "Fleet")
    assert _found(archive, "dossier:fleet") == {articles[1], articles[2]}
    archive.delete_dossier(dossiers["naval"])
    assert _found(archive, "dossier:fleet") == set()


def test_empty_value_is_a_syntax_error() -> None:
    with pytest.raises(QuerySyntaxError, match="empty value for dossier:"):
        parse_query('dossier:""')
