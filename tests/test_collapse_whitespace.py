"""``fields.collapse_whitespace`` gives what splitting and joining gives.

It returns a stripped string as it is when it holds no two spaces together and only
printable characters; that rests on every whitespace character but the space being one
``str.isprintable`` refuses, which the first test checks for every character.
"""

from __future__ import annotations

import sys

from hypothesis import example, given
from hypothesis import strategies as st

from dossierdesk.importers.fields import _WHITESPACE_CHUNK, collapse_whitespace

_WHITESPACE = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]


def test_no_whitespace_character_but_the_space_is_printable() -> None:
    assert [char for char in _WHITESPACE if char.isprintable()] == [" "]
    assert all(not char.strip() for char in _WHITESPACE)  # (strip takes what split takes)


_PARTS = [*_WHITESPACE, "a", "Word", "é", "\u00ad", "\u200b", "\x00", "\ud800", "\U0001f600"]


@given(st.lists(st.sampled_from(_PARTS), max_size=40).map("".join))
@example("")
@example(" ")
@example("a b")
@example("\na b\n")
@example("a  b")
@example("a\u00a0b")
@example("a\u3000b")
@example("\u00ad a")
def test_collapse_whitespace_is_split_and_join(text: str) -> None:
    assert collapse_whitespace(text) == " ".join(text.split())


@given(st.text())
def test_collapse_whitespace_of_any_text_is_split_and_join(text: str) -> None:
    assert collapse_whitespace(text) == " ".join(text.split())


def test_collapse_whitespace_at_the_chunk_length() -> None:
    for text in (
        " " + "a" * (_WHITESPACE_CHUNK - 1),
        "a" * _WHITESPACE_CHUNK,
        "a" * _WHITESPACE_CHUNK + " ",
        "a b" * (_WHITESPACE_CHUNK // 3) + "\n",
    ):
        assert collapse_whitespace(text) == " ".join(text.split())
