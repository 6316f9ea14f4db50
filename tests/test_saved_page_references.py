"""A saved page's references are found where they always were: ``saved_page.references`` reads
the attributes ``_ATTRIBUTE`` matches, searched only where a name can start
(``_attribute_matches``). Both ways are compared, match by match, on the corpus pages and on
generated markup made of the names in any case, their near misses, whitespace, quotes,
entities and the characters a case-insensitive search reads as letters of a name."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dossierdesk.importers import saved_page
from dossierdesk.importers.saved_page import _ATTRIBUTE, _attribute_matches, references

CORPUS = Path(__file__).parent / "data" / "corpus"

PIECES = (
    "src", "SRC", "Src", "sRc", "href", "HREF", "hRef", "srcset", "SrcSet", "data-src",
    "DATA-SRC", "data-srcset", "data-original", "Data-Original", "data-lazy-src", "data-",
    "data", "xsrc", "x-src", "_src", "src2", "hreff", "ſrc", "hrеf", "data-orıginal",
    "data-orİginal", "İ", "ı", "ſ", "K", "=", "=", " = ", "\t=\n", "\u00a0", "\u2003", '"',
    "'", "`", "<", ">", "<img ", "<a ", " ", "\n", "a.jpg", "Page_files/b.png", "&amp;",
    "&quot;", "x", "é", "\U0001f600", "-", "_",
)  # fmt: skip


def _spans(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]  # type: ignore[attr-defined]


def _generated(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 60)))


@pytest.mark.parametrize("seed", range(8))
def test_generated_markup_matches_as_the_whole_search_does(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(2500):
        text = _generated(rng)
        assert _spans(_attribute_matches(text)) == _spans(_ATTRIBUTE.finditer(text)), text


def test_corpus_pages_match_as_the_whole_search_does() -> None:
    pages = sorted(CORPUS.glob("*.htm*"))
    assert len(pages) >= 20
    found = 0
    for path in pages:
        text = saved_page.page_text(path.read_bytes())
        expected = _spans(_ATTRIBUTE.finditer(text))
        assert _spans(_attribute_matches(text)) == expected, path.name
        found += len(expected)
    assert found > 300  # the pages do reference things


def test_lookalike_letters_are_read_as_the_case_insensitive_search_reads_them() -> None:
    """ "ſ" is an "s" and "ı"/"İ" an "i" to the search: such a page is searched whole, and
    "İ" (two characters in lower case) does not shift what is found after it."""
    text = 'İ <img ſrc="a.jpg"> <img data-orıginal="b.jpg"> <img src="c.jpg">'
    assert list(references(text)) == ["a.jpg", "b.jpg", "c.jpg"]
    assert list(references('İİ <img SRC="d.jpg">')) == ["d.jpg"]


def test_a_match_is_searched_for_only_after_the_last_one() -> None:
    """A name inside the value of a matched attribute is not read again (as ``finditer``)."""
    text = '<img src="x src=y.jpg"> <a href=z.html>'
    assert list(references(text)) == ["x src=y.jpg", "z.html"]
    assert list(references('<img alt="see src=a.jpg">')) == ["a.jpg"]
