"""A feed item's first paragraph that ``feed`` does not search for a dateline holds none.

``feed._may_hold_dateline`` tells from the position of the first dash that
``split_dated_dateline`` can find no dateline (its docstring says why). Generated paragraphs,
with datelines, dashes of every kind and whitespace of many kinds around the longest head the
pattern reads, check it: whenever it says no, ``split_dated_dateline`` finds none.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from dossierdesk.importers.feed import _MAX_DATELINE_HEAD, _may_hold_dateline
from dossierdesk.importers.html_article import split_dated_dateline

_WORDS = [
    "WASHINGTON", "FORT BRAGG, N.C.,", "(AFNS)", "(May 31, 2022)", "Jan. 5, 2025", "Ala.",
    "REDSTONE ARSENAL, Alabama", "Airmen", "train", "x", "A", ",", "(", ")", "U.S.",
]  # fmt: skip
_SPACES = [" ", "  ", "\t", "\n", "\r", "\u00a0", "\u2003", "\u3000", "\x1c", "\x85", "\u2028"]
_DASHES = ["--", "\u2013", "\u2014", " -", "-", " - ", "---"]


def _padding(n: int) -> str:
    return "X" * n


_PIECE = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_SPACES),
    st.sampled_from(_DASHES),
    st.integers(0, 170).map(_padding),
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECE, max_size=10).map("".join))
@example("WASHINGTON (AFNS) -- Airmen train.")
@example("WASHINGTON (AFNS) --")
@example(_padding(_MAX_DATELINE_HEAD) + " \n -- Airmen")
@example(_padding(_MAX_DATELINE_HEAD + 1) + " -- Airmen")
def test_a_paragraph_passed_over_holds_no_dateline(paragraph: str) -> None:
    if not _may_hold_dateline(paragraph):
        assert split_dated_dateline(paragraph) == (None, paragraph, None)


def test_datelines_are_searched_for() -> None:
    for paragraph in [
        "WASHINGTON (AFNS) -- Airmen train.",
        "FORT BRAGG, N.C., April 10, 2026 \u2013 Soldiers",
        "WASHINGTON (AFNS) --",
        _padding(_MAX_DATELINE_HEAD) + "\t\u2014 x",
    ]:
        assert _may_hold_dateline(paragraph)
        assert split_dated_dateline(paragraph)[0] is not None or paragraph.startswith("X")
