"""``dossierdesk.store.text_index`` against SQLite FTS5 itself (tokens, snippets) and unit tests
of the FTS5 -> tsquery translation (the PostgreSQL equivalence is test_text_index_pg.py)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossierdesk.query import compile_query
from dossierdesk.store.text_index import MAX_LEXEME_BYTES, index_text, lexeme, words
from dossierdesk.store.text_query import NOTHING, MatchTerm, match_terms, tsquery_from_match
from dossierdesk.store.text_snippets import snippet

CORPUS = Path(__file__).parent / "data" / "corpus"
ARTICLES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html", ".xml"))


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')")
    con.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    yield con
    con.close()


def fts5_words(con: sqlite3.Connection, text: str) -> list[str]:
    con.execute("DELETE FROM t")
    con.execute("INSERT INTO t(rowid, body) VALUES (1, ?)", (text,))
    return [term for _, term in sorted(con.execute("SELECT offset, term FROM v"))]


def fts5_snippet(con: sqlite3.Connection, text: str, match: str) -> str | None:
    con.execute("DELETE FROM t")
    con.execute("INSERT INTO t(rowid, body) VALUES (1, ?)", (text,))
    row = con.execute(
        "SELECT snippet(t, -1, '\ue000', '\ue001', '…', 16) FROM t WHERE t MATCH ?", (match,)
    ).fetchone()
    return None if row is None else str(row[0])


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name[:3])
def test_words_are_fts5_tokens_on_corpus(fts: sqlite3.Connection, path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    assert words(text) == fts5_words(fts, text)


TRICKY = [
    "Hernández HERNÁNDEZ hernandez Ærø São Paulo Œuvre straße ß",
    "F-35 F35 f-35A don't O'Neil 2024.05.01 1e5 0x1F 25e2u8 x² ½ ١٢٣",
    "北京市 東京 서울 Москва Ёлка Αθήνα ά й हिन्दी العربية",
    "emoji 🚀 🧐 ✈️ flags 🇺🇸 snake_case __init__ a\u0301b \u0301 e\u0301",
    "mixed CaSe Ǳ ǅ ǆ İstanbul ı ſ µ K Å",
    "private \ue000x\ue001 use, NUL\x00byte, tab\tnew\nline",
]


@pytest.mark.parametrize("text", TRICKY)
def test_words_are_fts5_tokens_on_tricky_text(fts: sqlite3.Connection, text: str) -> None:
    assert words(text) == fts5_words(fts, text)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=60))
def test_words_are_fts5_tokens_on_any_text(fts: sqlite3.Connection, text: str) -> None:
    assert words(text) == fts5_words(fts, text)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1))
def test_lexeme_prefix_is_spelled_as_prefix(text: str) -> None:
    for word in words(text):
        for cut in range(1, len(word)):
            assert lexeme(word).startswith(lexeme(word[:cut]))


def test_index_text() -> None:
    assert index_text("  Hernández, F-35 don't!  ") == "hernandez f 35 don t"
    assert index_text("x² 1e5") == "xé0000b2 1é0000655"
    assert index_text("") == ""


def test_overlong_words_are_dropped() -> None:
    assert words("a " + "b" * MAX_LEXEME_BYTES + " c") == ["a", "b" * MAX_LEXEME_BYTES, "c"]
    assert words("a " + "b" * (MAX_LEXEME_BYTES + 1) + " c") == ["a", "c"]
    assert words("a " + "é" * 1024 + " c") == ["a", "e" * 1024, "c"]  # folded first
    assert words("a " + "ж" * 1024 + " c") == ["a", "c"]  # 2048 bytes
    assert tsquery_from_match('"' + "b" * 3000 + '"') == NOTHING


def test_speed() -> None:
    text = max((p.read_text(encoding="utf-8") for p in ARTICLES), key=len)
    big = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    index_text(big)
    started = time.perf_counter()
    index_text(big)
    elapsed = time.perf_counter() - started
    print(f"index_text: {elapsed * 1e6 / (len(big.encode()) / 1024):.1f} µs/KB")
    assert elapsed < 2.0


# --- translation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("match", "expected"),
    [
        ('"navy"', "'navy'"),
        (
            '"Navy Ships"',
            "( 'navy':A <-> 'ships':A ) | ( 'navy':B <-> 'ships':B ) | "
            "( 'navy':C <-> 'ships':C ) | ( 'navy':D <-> 'ships':D )",
        ),
        ('"nav" *', "'nav':*"),
        (
            '"say ""hi"""',
            "( 'say':A <-> 'hi':A ) | ( 'say':B <-> 'hi':B ) | "
            "( 'say':C <-> 'hi':C ) | ( 'say':D <-> 'hi':D )",
        ),
        ('{title} : "navy"', "'navy':A"),
        ('{title} : "air force" *', "'air':A <-> 'force':*A"),
        ('{credits} : "smith" *', "'smith':*C"),
        ('{title} : ("a" OR {credits} : "b")', "'a':A"),
        ('{title} : ("a" OR "b")', "( 'a':A ) | ( 'b':A )"),
        ('"a" AND "b"', "( 'a' ) & ( 'b' )"),
        ('"a" OR "b"', "( 'a' ) | ( 'b' )"),
        ('"a" NOT "b"', "( 'a' ) & !( 'b' )"),
        ('"a" AND "b" NOT ("c" OR "d")', "( 'a' ) & ( ( 'b' ) & !( ( 'c' ) | ( 'd' ) ) )"),
        ('("a" OR "b") AND "c"', "( ( 'a' ) | ( 'b' ) ) & ( 'c' )"),
        ('"a" NOT "b" NOT "c"', "( ( 'a' ) & !( 'b' ) ) & !( 'c' )"),
        ('"Hernández"', "'hernandez'"),
        ('"x²"', "'xé0000b2'"),
    ],
)
def test_translation(match: str, expected: str) -> None:
    assert tsquery_from_match(match) == expected


@pytest.mark.parametrize(
    ("match", "expected"),
    [
        ('"!!!"', NOTHING),
        ('"" *', NOTHING),
        ('"a" AND "!!!"', NOTHING),
        ('"a" OR "-"', "'a'"),
        ('"a" NOT "!!!"', "'a'"),
        ('"!!!" NOT "a"', NOTHING),
        ('{title} : ("!!!" OR "b")', "'b':A"),
        ('{title} : ({credits} : "b")', NOTHING),
    ],
)
def test_wordless_phrases_match_nothing(match: str, expected: str) -> None:
    assert tsquery_from_match(match) == expected


@pytest.mark.parametrize(
    "match",
    [
        "",
        "navy",
        '"a" AND',
        '("a"',
        '"a")',
        '{body2} : "a"',
        '"a" NEAR "b"',
        'NOT "a"',
        '"a" "b"',
        "{title} : OR",
        '"a" AND AND "b"',
        '"unclosed',
    ],
)
def test_translation_rejects_other_strings(match: str) -> None:
    with pytest.raises(ValueError):
        tsquery_from_match(match)


def test_translation_quotes_lexemes() -> None:
    # Words never hold quotes or backslashes, but a lexeme is always safely quoted.
    assert tsquery_from_match('"a\'b\\\\c"') == (
        "( 'a':A <-> 'b':A <-> 'c':A ) | ( 'a':B <-> 'b':B <-> 'c':B ) | "
        "( 'a':C <-> 'b':C <-> 'c':C ) | ( 'a':D <-> 'b':D <-> 'c':D )"
    )


QUERIES = [
    "navy",
    "air force",
    '"air force"',
    "nav*",
    "title:navy",
    "credit:smith*",
    "navy -army",
    "navy OR army",
    "(navy OR army) -ships",
    "navy -(army OR marines)",
    "f-35",
    "don't",
    '"!!!"',
    'navy "!!!"',
    'navy OR "-"',
    'navy -"!!!"',
    'title:"air force"',
    "Hernández",
    "北京",
    "2024.05.01",
    "navy tag:x",
    'secretary -"air force" OR carter',
]


@pytest.mark.parametrize("query", QUERIES)
def test_compiler_output_translates(query: str) -> None:
    compiled = compile_query(query)
    for match in (compiled.rank_match, compiled.fts_match, compiled.text_part):
        if match is not None:
            assert tsquery_from_match(match)
    if compiled.rank_match:
        assert tsquery_from_match(f"{{title}} : ({compiled.rank_match})")
        assert match_terms(compiled.rank_match)


# --- snippets ------------------------------------------------------------------------------


def marked(text: str) -> list[str]:
    """The highlighted stretches of a snippet, as words."""
    out = []
    for part in text.split("\ue000")[1:]:
        out.append(" ".join(words(part.split("\ue001")[0])))
    return out


SNIPPET_QUERIES = [
    "air force",
    '"air force"',
    "secretary",
    "defense OR navy",
    "mil*",
    "the",
    "carter",
    "f-35",
    "united states",
]


@pytest.mark.parametrize(
    "path", [p for p in ARTICLES if p.suffix == ".txt"], ids=lambda p: p.name[:3]
)
@pytest.mark.parametrize("query", SNIPPET_QUERIES)
def test_snippet_like_fts5(fts: sqlite3.Connection, path: Path, query: str) -> None:
    text = path.read_text(encoding="utf-8")
    match = compile_query(query).rank_match
    assert match is not None
    expected = fts5_snippet(fts, text, match)
    if expected is None:
        return
    got = snippet(text, match_terms(match))
    assert marked(got) == marked(expected)
    assert got == expected


def test_snippet_short_text_and_cuts() -> None:
    terms = match_terms('"navy" OR "air force"')
    assert snippet("The Navy.", terms) == "The \ue000Navy\ue001."
    text = " ".join(f"w{i}" for i in range(40)) + " navy " + " ".join(f"x{i}" for i in range(40))
    got = snippet(text, terms)
    assert got.startswith("…") and got.endswith("…") and "\ue000navy\ue001" in got
    assert snippet("nothing here", terms) == "nothing here"
    assert snippet("Air  Force!", (MatchTerm(("air", "force")),)) == "\ue000Air  Force\ue001!"


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"])))
def test_index_text_is_the_lexemes(text: str) -> None:
    assert index_text(text) == " ".join(lexeme(word) for word in words(text))
