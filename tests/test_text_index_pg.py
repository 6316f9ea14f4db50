"""FTS5 on SQLite and ``to_tsvector('simple', index_text(...))`` on PostgreSQL find the same
rows for the MATCH strings our compiler writes. Needs the ``pg_url`` fixture (a libpq URL of a
fresh empty database)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dossierdesk.query import compile_query
from dossierdesk.store.text_index import RANK_WEIGHTS, index_text
from dossierdesk.store.text_query import tsquery_from_match

psycopg = pytest.importorskip("psycopg")

CORPUS = Path(__file__).parent / "data" / "corpus"

TRICKY = [
    ("Hernández visits", "Gen. Hernández met HERNANDEZ", "", "Photo by J. Hernández"),
    ("F-35 deliveries", "The F-35A and F35 fly; f 35 too.", "An F-35 at dawn", ""),
    ("Don't ask", "don't, dont, don t", "", "O'Neil"),
    ("Dates", "On 2024.05.01 and 2024-05-01, 1e5 units, 25e2u8, 0x1F", "", ""),
    ("北京 visit", "東京 and 北京市; Москва, Ёлка; Αθήνα", "", ""),
    ("Emoji", "rocket 🚀 and 🧐 face, x² and ½", "", ""),
    ("snake_case", "__init__ of snake_case MiXeD CaSe", "", ""),
    ("air", "force one", "", ""),  # a phrase across columns must not match
    ("Air Force", "Navy ships and the air force", "air force", "U.S. Air Force"),
]

QUERIES = [
    "navy",
    "air force",
    '"air force"',
    "air*",
    "force*",
    "title:navy",
    'title:"air force"',
    "credit:hernandez",
    "credit:air*",
    "navy -army",
    "navy OR army",
    "(navy OR army) -ships",
    "navy -(army OR marines)",
    "f-35",
    "f35",
    '"f 35"',
    "don't",
    "dont",
    "2024.05.01",
    '"!!!"',
    'navy "!!!"',
    'navy OR "-"',
    'navy -"!!!"',
    "Hernández",
    "hernandez",
    "北京",
    "东京",
    "москва",
    "ёлка",
    "елка",
    "🧐",
    "🚀",
    "x²",
    "1e5",
    "25e2u8",
    "25e*",
    "snake_case",
    "mixed case",
    'secretary -"air force" OR carter',
    '"force one"',
    "defense secretary",
    "missile* -space",
    '"united states" navy',
]


def documents() -> list[tuple[str, str, str, str]]:
    docs = []
    for path in sorted(CORPUS.glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        docs.append((title, body, "", ""))
    return docs + TRICKY


def test_same_rows_on_both_engines(pg_url: str) -> None:
    docs = documents()
    lite = sqlite3.connect(":memory:")
    lite.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, captions, credits, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    lite.executemany(
        "INSERT INTO articles_fts(rowid, title, body, captions, credits) VALUES (?, ?, ?, ?, ?)",
        [(i, *doc) for i, doc in enumerate(docs, 1)],
    )
    with psycopg.connect(pg_url) as pg:
        pg.execute("CREATE TABLE docs (id int PRIMARY KEY, tsv tsvector)")
        with pg.cursor() as cur:
            cur.executemany(
                "INSERT INTO docs VALUES (%s, "
                "setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'B') || "
                "setweight(to_tsvector('simple', %s), 'C') || "
                "setweight(to_tsvector('simple', %s), 'D'))",
                [
                    (i, index_text(t), index_text(cap), index_text(cred), index_text(body))
                    for i, (t, body, cap, cred) in enumerate(docs, 1)
                ],
            )
        checked = 0
        for query in QUERIES:
            compiled = compile_query(query)
            matches = {compiled.rank_match, compiled.fts_match, compiled.text_part}
            if compiled.rank_match:
                matches.add(f"{{title}} : ({compiled.rank_match})")
            for match in matches - {None}:
                assert match is not None
                expected = [
                    r[0]
                    for r in lite.execute(
                        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid",
                        (match,),
                    )
                ]
                tsquery = tsquery_from_match(match)
                got = [
                    r[0]
                    for r in pg.execute(
                        "SELECT id FROM docs WHERE tsv @@ to_tsquery('simple', %s) ORDER BY id",
                        (tsquery,),
                    )
                ]
                assert got == expected, (query, match, tsquery)
                checked += 1
        assert checked > len(QUERIES)
        # The ranking weights are a valid ts_rank_cd array.
        pg.execute(
            "SELECT ts_rank_cd(%s::float4[], tsv, to_tsquery('simple', 'navy')) FROM docs",
            (RANK_WEIGHTS,),
        ).fetchall()
