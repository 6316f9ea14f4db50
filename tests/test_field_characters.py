"""The character checks of ``fields`` find what the searches they shortcut find.

``_has_bad_line_chars`` and ``_has_bad_paragraph_chars`` answer "none" for a string that
``str.isprintable`` accepts, without searching it; that rests on every character a field
may not keep being one ``str.isprintable`` refuses, which the first test checks for every
character.
"""

from __future__ import annotations

import sys

from hypothesis import example, given
from hypothesis import strategies as st

from dossierdesk.importers.fields import (
    _BAD_IN_LINE,
    _BAD_IN_PARAGRAPH,
    _has_astral_noncharacter,
    _has_bad_line_chars,
    _has_bad_paragraph_chars,
    clean_line,
    clean_paragraph,
)


def _searched_line(text: str) -> bool:
    return _BAD_IN_LINE.search(text) is not None or _has_astral_noncharacter(text)


def _searched_paragraph(text: str) -> bool:
    return _BAD_IN_PARAGRAPH.search(text) is not None or _has_astral_noncharacter(text)


def test_every_character_a_field_may_not_keep_is_not_printable() -> None:
    bad = [
        char
        for char in map(chr, range(sys.maxunicode + 1))
        if _searched_line(char) or _searched_paragraph(char)
    ]
    assert len(bad) > 2048 + 65  # (surrogates, controls, noncharacters)
    assert [char for char in bad if char.isprintable()] == []


_PARTS = ["a", " ", "é", "\u2019", "\U0001f600", "\t", "\n", "\r", "\x00", "\x1f", "\x7f"]
_PARTS += ["\x85", "\x9f", "\u00a0", "\u00ad", "\u2028", "\u2029", "\ud800", "\udfff"]
_PARTS += ["\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff", "\u0378"]


@given(st.lists(st.sampled_from(_PARTS), max_size=12).map("".join))
@example("")
@example("plain ascii")
@example("tab\tand\nnewline")
@example("caf\u00e9 \u201cquoted\u201d")
def test_the_checks_find_what_the_searches_find(text: str) -> None:
    assert _has_bad_line_chars(text) == _searched_line(text)
    assert _has_bad_paragraph_chars(text) == _searched_paragraph(text)


@given(st.text())
def test_the_checks_on_any_text(text: str) -> None:
    assert _has_bad_line_chars(text) == _searched_line(text)
    assert _has_bad_paragraph_chars(text) == _searched_paragraph(text)
    clean_line(text, 500)
    clean_paragraph(text)
