"""The words a query searches for, read from its parse alone, and the compilations a thread
reuses."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from dossierdesk.query import QuerySyntaxError, compile_query
from dossierdesk.query import compiler as compiler_module
from dossierdesk.query.terms import highlight_terms

QUERIES = [
    "",
    "   ",
    "navy",
    "Navy navy NAVY",
    '"air force" navy',
    "nati*",
    "navy -army",
    "-navy",
    "navy OR army",
    "(navy OR army) -(marines OR guard)",
    "title:nations defense",
    'title:"joint chiefs" -title:budget',
    "credit:vergun missile dossier:weekly",
    "tag:ukraine nations",
    'author:vergun source:"dod news" policy',
    "virin:150101-D-AB123-001 service:navy",
    "date:2015 after:2020-01-01 before:2021 imported:today",
    "has:virin navy",
    "NOT navy AND army",
    "émigré Ünïcode 北京",
]


@pytest.mark.parametrize("text", QUERIES)
def test_the_parse_gives_the_words_the_compiler_marks(text: str) -> None:
    assert highlight_terms(text) == compile_query(text).highlight_terms


@pytest.mark.parametrize("text", ['"unclosed', "(navy", "navy OR", "title:"])
def test_a_malformed_query_is_refused_as_the_compiler_refuses_it(text: str) -> None:
    with pytest.raises(QuerySyntaxError):
        compile_query(text)
    with pytest.raises(QuerySyntaxError):
        highlight_terms(text)


def test_a_thread_reuses_its_compilation_within_the_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [dt.datetime(2026, 12, 7, 10, 0, 0)]
    monkeypatch.setattr(compiler_module, "_now", lambda: clock[0])
    first = compile_query("tag:ukraine nations")
    assert compile_query("tag:ukraine nations") is first
    assert compile_query("tag:ukraine  nations") is not first  # other text, compiled anew
    clock[0] += dt.timedelta(seconds=1)
    assert compile_query("tag:ukraine nations") is not first  # a new second: a new ``now``


def test_imported_today_follows_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [dt.datetime(2026, 12, 7, 23, 59, 59)]
    monkeypatch.setattr(compiler_module, "_now", lambda: clock[0])
    before = compile_query("imported:today")
    clock[0] += dt.timedelta(seconds=1)  # midnight: another day
    after = compile_query("imported:today")
    assert before is not after
    assert str(before.where.compile(compile_kwargs={"literal_binds": True})) != str(
        after.where.compile(compile_kwargs={"literal_binds": True})
    )


def test_an_explicit_now_is_never_taken_from_the_recent_ones() -> None:
    now = dt.datetime(2026, 1, 1)
    assert compile_query("navy", now=now) is not compile_query("navy", now=now)


def test_the_recent_compilations_are_bounded_and_the_oldest_go_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(compiler_module, "_now", lambda: dt.datetime(2026, 12, 7, 10, 0, 0))
    kept = compile_query("word0")
    for i in range(1, compiler_module.RECENT_QUERIES):
        compile_query(f"word{i}")
    assert compile_query("word0") is kept  # used again: now the newest
    for i in range(compiler_module.RECENT_QUERIES, 2 * compiler_module.RECENT_QUERIES):
        compile_query(f"word{i}")
    assert compile_query("word0") is not kept
    assert len(compiler_module._recent.queries) == compiler_module.RECENT_QUERIES


def test_each_thread_compiles_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiler_module, "_now", lambda: dt.datetime(2026, 12, 7, 10, 0, 0))
    here = compile_query("author:vergun nations")
    there: list[object] = []
    worker = threading.Thread(target=lambda: there.append(compile_query("author:vergun nations")))
    worker.start()
    worker.join()
    assert there and there[0] is not here
    other = there[0]
    assert isinstance(other, type(here))
    assert (other.rank_match, other.text_part) == (here.rank_match, here.text_part)
