"""The shortcuts of the photo-block readers give what the plain searches they replace give.

``html_images.split_normed_credit`` searches each credit pattern only where it can match, and
``html_articlecs._BlockTexts.labelled`` normalises an element's text only when its raw text
starts with a label; the references below search everywhere and normalise everything.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from dossierdesk.importers.html_articlecs import _LABELLED, _BlockTexts
from dossierdesk.importers.html_images import (
    _CREDIT_WINDOW,
    _PAREN_CREDIT,
    _TAIL_CREDIT,
    split_credit,
    split_normed_credit,
)
from dossierdesk.importers.html_markup import _norm
from dossierdesk.importers.html_parse import parse_page
from dossierdesk.importers.html_strings import get_text
from dossierdesk.importers.html_tree import _index

_CAPTION_PARTS = [
    "(",
    ")",
    " ",
    "  ",
    "\u00a0",
    "\u2003",
    "\n",
    ".",
    ". ",
    "A jet flies",
    "U.S. Air Force photo/Jim Doe",
    "photo",
    "Photo by Sgt. Jo",
    "photo courtesy of",
    "Courtesy photo",
    "courtesy of the unit",
    "PHOTO",
    "Hoto",
    "image",
    "Department of Defense",
    "!",
    "\u201d",
    "x" * 120,
]


def _reference_split(caption: str) -> tuple[str, str | None]:
    offset = max(0, len(caption) - _CREDIT_WINDOW)
    tail = caption[offset:]
    for pattern in (_PAREN_CREDIT, _TAIL_CREDIT):
        match = pattern.search(tail)
        if match:
            credit = _norm(match.group("credit")).rstrip(".")
            return caption[: offset + match.start()].rstrip(), credit or None
    return caption, None


@given(st.lists(st.sampled_from(_CAPTION_PARTS), max_size=14))
@settings(max_examples=1500, deadline=None)
def test_a_credit_is_split_off_as_the_full_searches_split_it(parts: list[str]) -> None:
    caption = "".join(parts)
    assert split_normed_credit(caption) == _reference_split(caption)
    assert split_credit(caption) == _reference_split(_norm(caption))


_FIELD_TEXTS = [
    "Credit: Jo Doe",
    "VIRIN: 150627-F-CU844-335",
    "credit :x",
    "Cred",
    "it: x",
    "C redit: x",
    "VIR\u0131N: y",  # (a dotless i: the regular expressions' case rule takes it for "i")
    "\u00a0 Credit:\u00a0 z",
    "  ",
    "\n",
    "Photo",
    "&amp;",
    "<!-- Credit: c -->",
    "",
]
_FIELD_NAMES = ["p", "div", "span", "li", "dd", "a", "b", "script"]


@st.composite
def _block(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 2 or draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(_FIELD_TEXTS))
    name = draw(st.sampled_from(_FIELD_NAMES))
    children = "".join(draw(st.lists(_block(depth + 1), max_size=3)))
    return f"<{name}>{children}</{name}>{draw(st.sampled_from(_FIELD_TEXTS))}"


@given(st.lists(_block(), min_size=1, max_size=3))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_labelled_line_is_found_as_in_the_normalised_text(parts: list[str]) -> None:
    root, comments, _ = parse_page(f"<html><body><div>{''.join(parts)}</div></body></html>")
    page = _index(root, comments)
    texts = _BlockTexts(page)
    for element in root.iter(etree.Element):
        found = texts.labelled(element)
        expected = _LABELLED.match(_norm(get_text(page, element, " ")))
        assert (found and found.groups()) == (expected and expected.groups())
