"""``rows.prepare`` gives the word count, content hash and image rows of their definitions.

``prepare`` counts and hashes words without splitting text whose whitespace is collapsed
already, and decodes VIRINs without ``decode_virin``'s record; here its rows are compared with
those the plain definitions give, on generated articles (whitespace of every kind, empty and
blank paragraphs and titles) and on every article of the test corpus.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dossierdesk.importers import parse_document
from dossierdesk.importers.types import ParsedArticle, ParsedImage, ParseError
from dossierdesk.service.rows import (
    content_hash,
    decode_virin,
    folded_utf8,
    image_rows,
    prepare,
    stored_bool,
    stored_date,
)

CORPUS = Path(__file__).parent / "data" / "corpus"


def _reference_words(article: ParsedArticle) -> tuple[int, str]:
    """Word count and content hash as first defined: split the body and the title."""
    words = article.body.split()
    norm = " ".join([*article.title.split(), *words]).casefold()
    return len(words), hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _reference_images(article: ParsedArticle) -> tuple[tuple[object, ...], ...]:
    rows = []
    for position, img in enumerate(article.images):
        v = decode_virin(img.virin, article.published)
        decoded = (
            (
                stored_bool(v.valid),
                v.problem,
                v.normalized,
                stored_date(v.date_shot),
                v.service,
                v.originator,
                v.sequence,
            )
            if img.virin
            else (None,) * 7
        )
        keywords = ", ".join(img.keywords) or None
        rows.append(
            (
                position,
                img.paragraph_index,
                img.caption,
                img.credit,
                img.virin,
                img.download_size,
                img.url,
                keywords,
                *decoded,
            )
        )
    return tuple(rows)


def assert_prepared_as_defined(article: ParsedArticle) -> None:
    prepared = prepare(article)
    word_count, chash = _reference_words(article)
    assert prepared.article[6] == word_count
    assert prepared.article[7] == prepared.chash == chash == content_hash(article)
    assert prepared.text[0] == article.body
    assert (
        prepared.images
        == _reference_images(article)
        == image_rows(article.images, article.published)
    )


_PIECES = st.sampled_from(
    [
        "word", "Word", "STRASSE", "Stra\u00dfe", "\u0130stanbul", "\u03a3\u039f\u03a3",
        "caf\u00e9", "\u201cq\u201d", "a-b", "\u00ad", "\u200b", " ", "  ", "\t", "\n", "\r\n",
        "\u00a0", "\u2003", "\u2028", "\u0085", "\x1c", "\u3000", "\ufeff", "",
    ]
)  # fmt: skip
_TEXT = st.lists(_PIECES, max_size=8).map("".join)
_IMAGES = st.lists(
    st.builds(
        ParsedImage,
        caption=_TEXT,
        credit=st.none() | _TEXT,
        virin=st.sampled_from([None, "", "160114-F-EX708-001", "240101-N-XY123-0001", "bad-1"]),
        keywords=st.lists(_TEXT, max_size=2).map(tuple),
        paragraph_index=st.integers(0, 3),
    ),
    max_size=3,
)


@settings(max_examples=400, deadline=None)
@given(
    title=_TEXT,
    paragraphs=st.lists(_TEXT, max_size=4),
    images=_IMAGES,
    published=st.none() | st.dates(dt.date(1950, 1, 1), dt.date(2049, 12, 31)),
)
def test_generated_articles_are_prepared_as_defined(
    title: str, paragraphs: list[str], images: list[ParsedImage], published: dt.date | None
) -> None:
    article = ParsedArticle(
        title=title,
        paragraphs=tuple(paragraphs),
        format="plain-text",
        published=published,
        images=tuple(images),
    )
    assert_prepared_as_defined(article)


def test_corpus_articles_are_prepared_as_defined() -> None:
    count = 0
    for path in sorted(CORPUS.iterdir()):
        try:
            articles = parse_document(path.read_bytes(), path.name)
        except ParseError:
            continue
        for article in articles:
            assert_prepared_as_defined(article)
            count += 1
    assert count > 40


def test_printable_text_holds_no_whitespace_but_the_space() -> None:
    """What ``rows._is_collapsed`` relies on."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isspace() and char != " ":
            assert not char.isprintable(), hex(code)


def test_folded_utf8_is_casefold_then_utf8_for_every_code_point() -> None:
    """``rows.folded_utf8`` against its definition for every code point (but surrogates):
    each in mostly ASCII text (where the bytes are lower-cased if it folds to itself), and
    all of them in blocks of 512 (folded whole), also beside one that folds to another."""
    changing = "\u0130"  # İ: folds to "i̇"
    ascii_text = "Some Words " * 4
    for start in range(0, sys.maxunicode + 1, 512):
        chars = [
            chr(code)
            for code in range(start, min(start + 512, sys.maxunicode + 1))
            if not 0xD800 <= code <= 0xDFFF
        ]
        for text in ("".join(chars), f"Ab{'x'.join(chars)}Z", changing + "".join(chars)):
            assert folded_utf8(text) == text.casefold().encode("utf-8"), hex(start)
        for char in chars:
            for text in (f"{ascii_text}{char}q", f"{char}{ascii_text}\u2019{changing}"):
                assert folded_utf8(text) == text.casefold().encode("utf-8"), hex(ord(char))
    for text in ("", "plain ascii TEXT", "caf\u00e9 \u201cQ\u201d", "STRA\u1e9eE \u00df"):
        assert folded_utf8(text) == text.casefold().encode("utf-8")
