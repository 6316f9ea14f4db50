"""The query compiler against a real SQLite database with the FTS5 index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.orm import Session

from dossierdesk.query import QuerySyntaxError, compile_query
from dossierdesk.store.dialect_sql import fts_match, rank_score
from dossierdesk.store.fts import CREATE_STATEMENTS, fts_table
from dossierdesk.store.models import (
    Article,
    ArticleAuthor,
    ArticleText,
    Base,
    Image,
    Person,
    Tag,
)

NOW = dt.datetime(2024, 11, 20, 12, 0)
ALL = frozenset(range(1, 13))


@dataclass
class Doc:
    id: int
    title: str
    body: str
    published: dt.date | None
    byline: str | None
    source: str | None
    imported: dt.datetime
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    # (printed VIRIN or None, service letter or None, caption, credit or None)
    images: list[tuple[str | None, str | None, str, str | None]] = field(default_factory=list)


D = dt.date
T = dt.datetime
DOCS = [
    Doc(
        1,
        "Reagan strike group operates with Japanese navy",
        "The USS Ronald Reagan sailed with JMSDF destroyers in the Philippine Sea.",
        D(2024, 11, 18),
        "By David Vergun, DOD News",
        "DOD News",
        T(2024, 11, 20, 10),
        ["Navy", "Japan"],
        ["David Vergun"],
        [
            (
                "241118-N-AB123-1001",
                "N",
                "Sailors man the rails aboard USS Ronald Reagan.",
                "Petty Officer Jane Roe",
            )
        ],
    ),
    Doc(
        2,
        "Army fires new missile at White Sands",
        "Soldiers fired the missile while navy observers watched.",
        D(2024, 6, 5),
        "By Joe Lacdan, Army News Service",
        "Army News Service",
        T(2024, 11, 19, 9),
        ["Army", "Missiles"],
        ["Joe Lacdan"],
        [("240605-A-XY987-0002", "A", "A missile launch.", "Sgt. First Class John Doe")],
    ),
    Doc(
        3,
        "Secretary visits Kýiv",
        "Talks in Kýiv focused on air defense.",
        D(2024, 1, 15),
        None,
        None,
        T(2024, 10, 1),
        ["Ukraine"],
    ),
    Doc(
        4,
        "North Korea launches ballistic missile",
        "North Korea fired a missile into the sea, officials said.",
        D(2023, 12, 31),
        "By Jim Garamone, DOD News",
        "DOD News",
        T(2024, 10, 1),
        ["North Korea", "Missiles"],
        ["Jim Garamone"],
        [("231231-F-QQ111-0100", "F", "An F-16 on patrol.", "Airman 1st Class John Smith")],
    ),
    Doc(
        5,
        "Korean War veterans honored",
        "Veterans of the Korean War gathered in Washington.",
        D(2023, 6, 25),
        "Story by Staff Sgt. Maria Lopez",
        "DVIDS",
        T(2024, 9, 1),
        ["Korean War"],
    ),
    Doc(
        6,
        "Coast Guard rescues fishermen off Florida",
        "A helicopter crew hoisted four fishermen.",
        D(2022, 3, 1),
        "By Petty Officer Ann Lee",
        "DVIDS",
        T(2024, 9, 1),
        [],
        [],
        [
            (
                "220301-G-ZZ999-0005",
                "G",
                "A Coast Guard MH-60 Jayhawk.",
                "U.S. Coast Guard photo by Petty Officer Ann Lee",
            )
        ],
    ),
    Doc(
        7,
        "F-35 deliveries resume",
        "Lockheed Martin resumed F-35 deliveries after a software fix.",
        None,
        None,
        "Air Force News",
        T(2024, 11, 20, 8),
    ),
    Doc(
        8,
        "Marines train in Norway",
        "Marines practiced cold-weather operations.",
        D(2024, 2, 10),
        "By Cpl. Sam Park",
        "Marine Corps News",
        T(2024, 8, 1),
        [],
        [],
        [("not-a-virin", None, "Marines on skis.", None)],
    ),
    Doc(
        9,
        "National Guard responds to flooding",
        "Guardsmen filled sandbags along the river.",
        D(2024, 9, 10),
        "By David Vergun",
        "DOD News",
        T(2024, 11, 15),
        ["Disaster"],
        ["David Vergun"],
        [
            ("240910-Z-AB001-1001", "Z", "Guardsmen fill sandbags.", "Spc. Kim Ray"),
            ("240910-Z-AB001-1002", "Z", "A flooded street.", "Spc. Kim Ray"),
        ],
    ),
    Doc(
        10,
        "Pentagon budget briefing",
        "Officials outlined the request for next year.",
        D(2024, 3, 11),
        "By Jim Garamone",
        "DOD News",
        T(2024, 7, 1),
        ["Budget"],
        ["Jim Garamone"],
        [(None, None, "The briefing room.", "DOD photo")],
    ),
    Doc(
        11,
        "Readiness hearing on Capitol Hill",
        "Lawmakers asked about the budget and navy shipbuilding.",
        D(2024, 3, 12),
        "By David Vergun",
        "DOD News",
        T(2024, 7, 1),
        [],
        ["David Vergun"],
    ),
    Doc(
        12,
        "Hypersonic weapons program advances",
        'The hypersonic glide body flew 100% of its test profile; "costs" rose.',
        D(2024, 11, 1),
        None,
        "Defense.gov",
        T(2024, 11, 1),
        ["Missiles"],
    ),
]


def _article(doc: Doc, tags: dict[str, Tag], persons: dict[str, Person]) -> Article:
    article = Article(
        id=doc.id,
        title=doc.title,
        published=doc.published,
        byline=doc.byline,
        source=doc.source,
        content_hash=f"hash{doc.id}",
        imported_at=doc.imported,
        format="test",
        source_name=f"doc{doc.id}.html",
        text=ArticleText(
            body=doc.body,
            captions="\n".join(caption for _, _, caption, _ in doc.images),
            credits="\n".join(credit for _, _, _, credit in doc.images if credit),
        ),
        image_count=len(doc.images),
        virin_count=sum(1 for virin, _, _, _ in doc.images if virin),
    )
    for position, (virin, service, caption, credit) in enumerate(doc.images):
        article.images.append(
            Image(
                position=position,
                caption=caption,
                credit=credit,
                virin=virin,
                virin_normalized=virin.upper() if virin else None,
                virin_service=service,
            )
        )
    article.tags = [tags.setdefault(name, Tag(name=name)) for name in doc.tags]
    article.author_links = [
        ArticleAuthor(person=persons.setdefault(name, Person(name=name)), position=i)
        for i, name in enumerate(doc.authors)
    ]
    return article


@cache
def _engine() -> Engine:
    """One populated in-memory database for the whole module (Hypothesis reuses it too)."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        for statement in CREATE_STATEMENTS:
            conn.exec_driver_sql(statement)
    tags: dict[str, Tag] = {}
    persons: dict[str, Person] = {}
    with Session(engine) as session:
        session.add_all(_article(doc, tags, persons) for doc in DOCS)
        session.commit()
    return engine


@pytest.fixture
def session() -> Iterator[Session]:
    with Session(_engine()) as s:
        yield s


def _ids(session: Session, query: str) -> set[int]:
    compiled = compile_query(query, now=NOW)
    stmt = select(Article.id)
    if compiled.where is not None:
        stmt = stmt.where(compiled.where)
    return set(session.scalars(stmt))


CASES: list[tuple[str, set[int] | frozenset[int]]] = [
    # everything
    ("", ALL),
    ("   ", ALL),
    # free words, case-insensitive, any FTS column
    ("navy", {1, 2, 11}),
    ("NAVY", {1, 2, 11}),
    ("navy missile", {2}),
    ("navy AND missile", {2}),
    ("missile", {2, 4}),  # title, body and caption; no stemming
    ("sailors", {1}),  # caption only
    ("ann lee", {6}),  # credit only
    ("f-16", {4}),
    ("F-35", {7}),
    ("100%", {12}),
    ("and", {11}),
    ('"costs"', {12}),
    # prefixes and phrases
    ("missil*", {2, 4}),
    ("korea*", {4, 5}),
    ('"north korea"', {4}),
    ('"korea north"', set()),
    ('"ronald reag"*', {1}),
    # OR, NOT, -term, parentheses
    ("navy OR korea", {1, 2, 4, 11}),
    ("navy | korea", {1, 2, 4, 11}),
    ("navy -missile", {1, 11}),
    ("navy NOT missile", {1, 11}),
    ("navy -missile -budget", {1}),
    ("-navy", ALL - {1, 2, 11}),
    ("-navy -missile", ALL - {1, 2, 4, 11}),
    ("-(navy OR missile)", ALL - {1, 2, 4, 11}),
    ("(navy OR army) missile", {2}),
    ("navy -(missile OR budget)", {1}),
    ("missile -(korea launches)", {2}),
    ("navy OR -missile", ALL - {4}),
    ("--navy", {1, 2, 11}),
    # unicode: diacritics are removed by the tokenizer
    ("kyiv", {3}),
    ("Kýiv", {3}),
    ("KÝIV", {3}),
    # title: and credit: are FTS column filters
    ("title:korea", {4}),
    ("TITLE:Korea", {4}),
    ("title:korea*", {4, 5}),
    ("title:navy", {1}),
    ('title:"white sands"', {2}),
    ("title:missile -title:korea", {2}),
    ("title:navy OR credit:smith", {1, 4}),
    ("credit:smith", {4}),
    ('credit:"Ann Lee"', {6}),
    ("credit:navy", set()),
    # injection attempts find nothing rather than everything
    ('title:"x\') OR 1=1 --"', set()),
    ('"x\\" OR 1=1 --"', set()),
    ('title:"navy\\" OR \\"korea"', set()),
    ('"*" navy', {1, 2, 11}),
    ('"NEAR(navy missile)"', set()),
    ("NEAR navy", set()),
    ("navy^", {1, 2, 11}),
    # author: linked person or byline, case-insensitive substring
    ("author:vergun", {1, 9, 11}),
    ('author:"David Vergun"', {1, 9, 11}),
    ("author:GARAMONE", {4, 10}),
    ("author:lopez", {5}),  # byline only
    ("author:100%", set()),  # LIKE wildcards are literal
    ("author:_", set()),
    ("-author:vergun", ALL - {1, 9, 11}),  # NULL bylines (3, 7) included
    # source:
    ("source:dod", {1, 4, 9, 10, 11}),
    ('source:"dod news"', {1, 4, 9, 10, 11}),
    ("-source:dvids", ALL - {5, 6}),  # NULL source (3) included
    # tag: exact name, case-insensitive, or prefix
    ("tag:missiles", {2, 4, 12}),
    ("tag:MISSILES", {2, 4, 12}),
    ('tag:"north korea"', {4}),
    ("tag:korea", set()),
    ("tag:kor*", {5}),
    ("tag:north*", {4}),
    ("-tag:missiles", ALL - {2, 4, 12}),
    ("tag:missiles tag:army", {2}),
    # virin: prefix of the normalized VIRIN, pasted as printed
    ("virin:241118", {1}),
    ("virin:241118-n", {1}),
    ("virin:2409", {9}),
    ('virin:"241118-N-AB123-1001.JPG"', {1}),
    ("virin:not-a", {8}),
    ("virin:9", set()),
    # service: letter or name
    ("service:navy", {1}),
    ("service:N", {1}),
    ("service:n", {1}),
    ('service:"air force"', {4}),
    ('service:"National Guard"', {9}),
    ("service:z", {9}),
    ("service:army OR service:G", {2, 6}),
    ("-service:navy", ALL - {1}),
    # has:
    ("has:images", {1, 2, 4, 6, 8, 9, 10}),
    ("has:virin", {1, 2, 4, 6, 8, 9}),
    ("has:images -has:virin", {10}),
    ("has:tags", {1, 2, 3, 4, 5, 9, 10, 12}),
    ("-has:tags", {6, 7, 8, 11}),
    ("has:date", ALL - {7}),
    ("-has:date", {7}),
    ("has:dates tag:ukraine", {3}),
    # dates on the publication date
    ("date:2024", {1, 2, 3, 8, 9, 10, 11, 12}),
    ("date:2024-11", {1, 12}),
    ("date:2024-11-18", {1}),
    ("date:2024-01..2024-06", {2, 3, 8, 10, 11}),
    ("date:2023-12-31..2024-01-15", {3, 4}),
    ("date:..2023", {4, 5, 6}),
    ("date:2024-09..", {1, 9, 12}),
    ("after:2024-09", {1, 9, 12}),
    ("after:2024-11-18", {1}),
    ("before:2024", {4, 5, 6}),
    ("before:2024-01-15", {4, 5, 6}),
    ("-date:2024", {4, 5, 6, 7}),  # no date (7) is not in 2024
    # imported:
    ("imported:today", {1, 7}),
    ("imported:7d", {1, 2, 7, 9}),
    ("imported:1d", {1, 7}),
    ("imported:2024-11", {1, 2, 7, 9, 12}),
    ("imported:2024-11-19", {2}),
    ("imported:..2024-08", {8, 10, 11}),
    ("imported:2024-09", {5, 6}),
    # combinations
    ("tag:missiles date:2024", {2, 12}),
    ("navy OR tag:ukraine", {1, 2, 3, 11}),
    ("(title:korea OR tag:ukraine) -date:2023", {3}),
    ('missile -tag:"north korea"', {2}),
    ("navy author:vergun -has:images", {11}),
    ("navy -author:vergun OR service:z", {2, 9}),
    ("-(tag:missiles OR has:images) -navy", {3, 5, 7}),
    ("navy (budget OR tag:navy)", {1, 11}),
    ("navy -(budget tag:navy)", {1, 2, 11}),
    ("-navy -tag:missiles date:2024", {3, 8, 9, 10}),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_query_matches(session: Session, query: str, expected: set[int]) -> None:
    assert _ids(session, query) == set(expected)


def test_empty_query_compiles_to_nothing() -> None:
    compiled = compile_query("  ")
    assert (compiled.where, compiled.rank_match, compiled.highlight_terms) == (None, None, ())


@pytest.mark.parametrize(
    ("query", "rank_match", "highlights"),
    [
        ("navy", '"navy"', ("navy",)),
        ("navy -korea tag:x", '"navy"', ("navy",)),
        ("-navy", None, ()),
        ("tag:x has:images", None, ()),
        ('Navy OR "north korea" navy', '"Navy" OR "north korea"', ("Navy", "north korea")),
        ("kor* title:war", '"kor" * OR {title} : "war"', ("kor", "war")),
        ("--navy", '"navy"', ("navy",)),
        ('x"y"', '"x" OR "y"', ("x", "y")),
        ('"say ""hi"""', '"say" OR "hi"', ("say", "hi")),  # adjacent phrases
        ('"  north \t korea "', '"north korea"', ("north korea",)),
        ('"a \\"b\\""', '"a ""b"""', ('a "b"',)),
    ],
)
def test_rank_match_and_highlights(
    query: str, rank_match: str | None, highlights: tuple[str, ...]
) -> None:
    compiled = compile_query(query)
    assert compiled.rank_match == rank_match
    assert compiled.highlight_terms == highlights


def test_fts_conditions_are_bound_parameters() -> None:
    compiled = compile_query('title:"x\') OR 1=1 --" navy')
    assert compiled.where is not None
    sql = str(compiled.where.compile())
    assert "1=1" not in sql and "navy" not in sql
    params = compiled.where.compile().params
    assert '{title} : "x\') OR 1=1 --" AND "navy"' in params.values()


def test_adjacent_text_terms_share_one_fts_lookup() -> None:
    compiled = compile_query('navy "north korea" -army title:x* tag:y kor* OR budget')
    assert compiled.where is not None
    assert str(compiled.where.compile()).count("MATCH") == 2  # one per OR branch
    compiled = compile_query("navy korea -army -budget")
    assert compiled.where is not None
    assert str(compiled.where.compile()).count("MATCH") == 1


def test_title_hit_ranks_above_body_hit(session: Session) -> None:
    compiled = compile_query("budget")  # title of 10, body of 11
    rows = session.execute(
        text(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q "
            "ORDER BY bm25(articles_fts, 10.0, 1.0, 2.0, 1.0)"
        ),
        {"q": compiled.rank_match},
    )
    assert [r[0] for r in rows] == [10, 11]


def test_ranked_join_as_the_service_does(session: Session) -> None:
    """The filter's own FTS subqueries coexist with a join on the FTS table for bm25."""
    compiled = compile_query("budget OR navy -tag:navy")
    assert compiled.rank_match is not None and compiled.where is not None
    fts = fts_table()
    stmt = (
        select(Article.id)
        .join(fts, fts.c.rowid == Article.id)
        .where(fts_match(compiled.rank_match))
        .where(compiled.where)
        .order_by(rank_score(compiled.rank_match), Article.id.desc())
    )
    assert list(session.scalars(stmt)) == [10, 11, 2]


def test_now_defaults_and_aware_now() -> None:
    assert compile_query("imported:today").where is not None
    aware = dt.datetime(2024, 11, 20, 12, tzinfo=dt.UTC)
    assert compile_query("imported:7d", now=aware).where is not None


FTS_HOSTILE = st.sampled_from(
    [
        *"abký19 \"'*^:-()|{}+.\\%_",
        "NEAR",
        "NEAR/2",
        "AND",
        "and",
        "OR",
        "NOT",
        "title:",
        "credit:",
        "tag:",
        "author:",
        "virin:",
        "\x00",
        "AB123",
    ]
)


def _run_anything(query: str) -> None:
    """Compile and run ``query`` and its rank_match; only QuerySyntaxError may come out."""
    try:
        compiled = compile_query(query, now=NOW)
    except QuerySyntaxError:
        return
    with Session(_engine()) as session:
        stmt = select(Article.id)
        if compiled.where is not None:
            stmt = stmt.where(compiled.where)
        session.scalars(stmt).all()
        if compiled.rank_match is not None:
            session.execute(
                text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q"),
                {"q": compiled.rank_match},
            ).all()


@settings(max_examples=300, deadline=None)
@given(st.lists(FTS_HOSTILE, max_size=25).map("".join))
def test_fts_syntax_in_input_never_breaks_sqlite(query: str) -> None:
    _run_anything(query)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_text_never_breaks_sqlite(query: str) -> None:
    _run_anything(query)


def test_deepest_allowed_nesting_is_valid_fts() -> None:
    from dossierdesk.query.parser import MAX_DEPTH

    query = "x"
    for i in range(MAX_DEPTH - 1):  # AND/OR levels, a negation at the deepest: MAX_DEPTH
        query = f"a{i} (b{i} OR {query})" if i % 2 else f"a{i} OR ({query} -c{i})"
    compiled = compile_query(query)
    assert compiled.where is not None
    with Session(_engine()) as session:
        session.scalars(select(Article.id).where(compiled.where)).all()
