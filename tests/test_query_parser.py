"""The query language parser: canonical forms, tree shapes, errors with positions, fuzzing."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossierdesk.query import (
    FIELD_NAMES,
    And,
    FieldTerm,
    Not,
    Or,
    QuerySyntaxError,
    Term,
    describe,
    parse_query,
    quote_value,
)
from dossierdesk.query.parser import MAX_DEPTH, MAX_TERMS


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("navy", "navy"),
        ("  Navy   Korea ", "Navy Korea"),
        ('"north korea"', '"north korea"'),
        ('"north korea"*', '"north korea"*'),
        ("kor*", "kor*"),
        ("kor**", "kor*"),
        ("navy OR army", "navy OR army"),
        ("navy | army", "navy OR army"),
        ("navy|army", "navy OR army"),
        ("navy AND army", "navy army"),
        ("navy or army", "navy or army"),  # lower-case keywords are words
        ("NOT navy", "-navy"),
        ("-navy", "-navy"),
        ("--navy", "--navy"),
        ("NOT -navy", "--navy"),
        ("-(navy army)", "-(navy army)"),
        ("-(navy)", "-navy"),
        ('-"north korea"', '-"north korea"'),
        ("a b OR c", "a b OR c"),
        ("a (b OR c)", "a (b OR c)"),
        ("(a b) c", "a b c"),  # nested ANDs are flattened
        ("(a OR b) OR c", "a OR b OR c"),
        ("a OR (b c)", "a OR b c"),
        ("((a))", "a"),
        ("F-35", "F-35"),
        ("foo - bar", "foo bar"),  # a lone dash is punctuation, ignored
        ('foo "!" bar *', "foo bar"),
        ("", ""),
        ("   ", ""),
        ("!!! ***", ""),
        ("12:30", "12:30"),
        ("TITLE:Korea", "title:Korea"),
        ("Title:korea*", "title:korea*"),
        ('author:"David Vergun"', 'author:"David Vergun"'),
        ('author:"Vergun"', "author:Vergun"),
        ('tag:"north korea"', 'tag:"north korea"'),
        ("tag:kor*", "tag:kor*"),
        ('tag:"kor*"', 'tag:"kor*"'),  # quoted: a literal star
        ('tag:"OR"', 'tag:"OR"'),
        ("tag:-x", 'tag:"-x"'),
        ("-tag:x", "-tag:x"),
        ("source:dvids", "source:dvids"),
        ("credit:smith", "credit:smith"),
        ("virin:241118-N", "virin:241118-N"),
        ("service:navy", "service:navy"),
        ("service:N", "service:N"),
        ('service:"air force"', 'service:"air force"'),
        ("has:images", "has:images"),
        ("has:Image", "has:images"),
        ("has:virins", "has:virin"),
        ("has:tags", "has:tags"),
        ("date:2024", "date:2024"),
        ("date:2024-11", "date:2024-11"),
        ("date:2024-11-18", "date:2024-11-18"),
        ("date:2024-01..2024-06", "date:2024-01..2024-06"),
        ("date:..2024-06", "date:..2024-06"),
        ("date:2024-01..", "date:2024-01.."),
        ("after:2024-01", "after:2024-01"),
        ("before:2024", "before:2024"),
        ("imported:today", "imported:today"),
        ("imported:7d", "imported:7d"),
        ("imported:2024-11..", "imported:2024-11.."),
        (
            'navy tag:"north korea" -has:images date:2024 OR title:kor*',
            'navy tag:"north korea" -has:images date:2024 OR title:kor*',
        ),
    ],
)
def test_canonical_form(text: str, canonical: str) -> None:
    node = parse_query(text)
    assert describe(node) == canonical
    assert parse_query(canonical) == node


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("navy", Term("navy")),
        ('"north korea"', Term("north korea", phrase=True)),
        ("kor*", Term("kor", prefix=True)),
        ("a b", And((Term("a"), Term("b")))),
        ("a OR b c", Or((Term("a"), And((Term("b"), Term("c")))))),
        ("-a b", And((Not(Term("a")), Term("b")))),
        ("NOT a OR b", Or((Not(Term("a")), Term("b")))),
        ("a (b OR c)", And((Term("a"), Or((Term("b"), Term("c")))))),
        ("tag:kor*", FieldTerm("tag", "kor", prefix=True)),
        ('author:"David Vergun"', FieldTerm("author", "David Vergun")),
        ("-source:dvids", Not(FieldTerm("source", "dvids"))),
        ("has:IMAGES", FieldTerm("has", "images")),
    ],
)
def test_tree_shape(text: str, tree: object) -> None:
    assert parse_query(text) == tree


def test_positions() -> None:
    node = parse_query('navy -tag:"x y"')
    assert isinstance(node, And)
    term, negation = node.children
    assert isinstance(term, Term) and term.pos == 0
    assert isinstance(negation, Not) and negation.pos == 5
    assert isinstance(negation.child, FieldTerm)
    assert (negation.child.pos, negation.child.value_pos) == (6, 10)


@pytest.mark.parametrize(
    ("text", "fragment", "position"),
    [
        ('author:"David', "unclosed quote at 7", 7),
        ('navy "north korea', "unclosed quote at 5", 5),
        ("(navy army", "missing ')' for '(' at 0", 0),
        ("a (b (c)", "missing ')' for '(' at 2", 2),
        ("navy)", "unmatched ')' at 4", 4),
        ("()", "empty parentheses at 0", 0),
        ("auther:vergun", "unknown field 'auther:' at 0 — did you mean author:?", 0),
        ("x Titel:korea", "unknown field 'Titel:' at 2 — did you mean title:?", 2),
        ("zzzz:1", "unknown field 'zzzz:' at 0 — known fields: title:", 0),
        ("date:2024-13", "bad date '2024-13' at 5", 5),
        ("date:2024-02-30", "bad date '2024-02-30' at 5", 5),
        ("date:24", "bad date '24' at 5 — expected YYYY, YYYY-MM or YYYY-MM-DD", 5),
        ("date:..", "bad date '..' at 5", 5),
        ("date:2024-06..2024-01", "the range ends before it starts", 5),
        ("after:2024..2025", "after: takes a single date", 6),
        ("imported:yesterday", "bad date 'yesterday' at 9", 9),
        ("imported:9999999d", "bad date", 9),
        ("date:2024*", "'*' is not allowed in date: values at 5", 5),
        ("navy army OR", "'OR' needs a term on both sides at 10", 10),
        ("OR navy", "'OR' needs a term on both sides at 0", 0),
        ("a OR OR b", "'OR' needs a term on both sides at 2", 2),
        ("(a | )", "'OR' needs a term on both sides at 3", 3),
        ("a AND", "'AND' needs a term on both sides at 2", 2),
        ("AND a", "'AND' needs a term on both sides at 0", 0),
        ("a NOT", "'NOT' needs a term after it at 2", 2),
        ("a NOT OR b", "'NOT' needs a term after it at 2", 2),
        ("-OR", "'-' needs a term after it at 0", 0),
        ("abc tag:", "empty value for tag: at 4", 4),
        ('tag:""', "empty value for tag: at 0", 0),
        ("tag: navy", "empty value for tag: at 0", 0),
        (
            "has:pictures",
            "unknown value 'pictures' for has: at 4 — expected images, virin, tags, photo or date",
            4,
        ),
        ("service:marines2", "unknown service 'marines2' at 8 — known: army (A)", 8),
        ("title:!!", "nothing to search for in title: at 6", 6),
        ("virin:.jpg", "no VIRIN in '.jpg' at 6", 6),
        ("(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1), "too deeply nested", MAX_DEPTH),
        ("-" * (MAX_DEPTH + 1) + "a", "too deeply nested", MAX_DEPTH),
        (" ".join(["a"] * (MAX_TERMS + 1)), "too many terms", 2 * MAX_TERMS),
    ],
)
def test_syntax_errors(text: str, fragment: str, position: int) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        parse_query(text)
    assert fragment in str(info.value)
    assert info.value.position == position
    assert isinstance(info.value, ValueError)


def test_field_names_for_completion() -> None:
    assert FIELD_NAMES[:2] == ("title:", "author:")
    for name in (
        "source:",
        "tag:",
        "credit:",
        "virin:",
        "service:",
        "has:",
        "date:",
        "after:",
        "before:",
        "imported:",
    ):
        assert name in FIELD_NAMES
    for name in FIELD_NAMES:  # every advertised field parses
        parse_query(
            name
            + {"has:": "images", "service:": "navy", "imported:": "today"}.get(
                name, "2024" if name in ("date:", "after:", "before:") else "x"
            )
        )


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        ("navy", "navy"),
        ("north korea", '"north korea"'),
        ("OR", '"OR"'),
        ("-x", '"-x"'),
        ("kor*", '"kor*"'),
        ("a:b", '"a:b"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", "back\\slash"),
        ("back \\", '"back \\\\"'),
        ("(x)", '"(x)"'),
        ("", '""'),
    ],
)
def test_quote_value(value: str, quoted: str) -> None:
    assert quote_value(value) == quoted


@pytest.mark.parametrize("value", ["north korea", 'say "hi" \\', "a|b", "x) OR (y", "tag:z", "-"])
def test_quote_value_round_trips_as_field_value(value: str) -> None:
    assert parse_query("tag:" + quote_value(value)) == FieldTerm("tag", value)


QUERY_ALPHABET = st.sampled_from(
    [
        *"abcKýiv019 \"'*^:-()|\\.{}+~%_",
        "OR",
        "AND",
        "NOT",
        "NEAR",
        "and",
        " tag:",
        " date:",
        " has:",
        " title:",
        "\x00",
        "\t",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_arbitrary_text_raises_only_syntax_errors(text: str) -> None:
    try:
        parse_query(text)
    except QuerySyntaxError as exc:
        assert 0 <= exc.position <= len(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(QUERY_ALPHABET, max_size=30).map("".join))
def test_describe_round_trips(text: str) -> None:
    try:
        node = parse_query(text)
    except QuerySyntaxError:
        return
    assert parse_query(describe(node)) == node


def test_text_of_whitespace_alone_is_a_blank_query() -> None:
    # The search box submits such text without parsing it (a blank query: the whole archive).
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert len(spaces) > 20
    for ch in spaces:
        assert parse_query(ch) is None
        assert parse_query(f" {ch}{ch} ") is None
