"""Fragments that ``html_article`` reads without a tree come out as through the tree.

``html_article._text_fragment`` reads text holding only ``<br>`` and ``<img>`` tags without
libxml2, the page index or the walker (its docstring says why the result cannot change).
Generated fragments, made of the pieces it reads and of near misses (references, control
characters, other tags, unquoted, upper-case or repeated attributes...), check it: whenever it
gives a result, that result is the tree's, and on the pieces feed sanitisers write it always
gives one.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from dossierdesk.importers.html_article import (
    _text_fragment,
    _tree_fragment,
    extract_fragment,
)

_TEXTS = [
    "text", "Two words.", " ", "  ", "\n", "\n\n", "\n \n", "a\n\nb", "a\n \t\nb", "\t", "x ",
    " x", "a > b", "quote's \"x\"", "\u201cq\u201d", "caf\u00e9", "a\u00a0b", "\u00a0",
    "\u2003", "\u2028", "WASHINGTON (AFNS) -- Airmen", "(U.S. Air Force photo by Jo Doe)",
    "x/>y", "]]>", "-->", "=", '"', "'", "/", "?", "\U0001f600", "\ufdd0", "\U000f0041",
]  # fmt: skip
_NEAR_TEXTS = [
    "&amp;", "&", "&#150;", "\r", "\r\n", "\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\x85",
    "\ufeff", "\ufffe", "<", "<!-- c -->", "<?pi?>", "<![CDATA[x]]>",
]  # fmt: skip
_BREAKS = ["<br>", "<br/>", "<br />"]
_NEAR_TAGS = [
    "<BR>", "</br>", "<br  />", "<br class=\"x\" />", "<p>", "</p>", "<b>", "</b>", "<hr />",
    "<a href=\"x\">", "</a>", "<script>", "</img>", "<img>", "<img/>", "<IMG src=\"x\">",
    "<figure>", "<pre>", "<div class=\"da_media_item\">", "<img src=x>", "<img src='x'>",
]  # fmt: skip
_NAMES = [
    "src", "alt", "data-src", "data-original", "data-lazy-src", "class", "title", "width",
    "height", "xmlns", "longdesc",
]  # fmt: skip
_NEAR_NAMES = ["SRC", "Alt", "xml:lang", "a.b", "_x"]
_VALUES = [
    "", "x", "http://media.defense.gov/2016/Jan/08/2001333361/82/55/0/151118-F-PD986-153.JPG",
    "https://x.example/a b.jpg", "/photos/220101-N-AB123-1001.jpg", "data:image/png;base64,x",
    "javascript:x", " 190101-A-XY999-001 ", "Airmen train. (U.S. Air Force photo by Jo Doe)",
    "A caption U.S. Navy photo by Petty Officer Jane Doe", "da_media_item", "DA_Media_Item x",
    "it's", "  ", "caf\u00e9",
]  # fmt: skip
_NEAR_VALUES = ["a > b", "a\tb", "a\nb", "a&amp;b", "a<b", "\x00", "\r"]


@st.composite
def _img(draw: st.DrawFn, near: bool) -> str:
    names = st.sampled_from(_NAMES + _NEAR_NAMES) if near else st.sampled_from(_NAMES)
    values = st.sampled_from(_VALUES + _NEAR_VALUES) if near else st.sampled_from(_VALUES)
    pairs = draw(st.lists(st.tuples(names, values), max_size=4))
    if not near:
        pairs = list(dict(pairs).items())
    attributes = "".join(f' {name}="{value}"' for name, value in pairs)
    return f"<img{attributes}{draw(st.sampled_from(['', '/', ' /']))}>"


def _fragments(near: bool) -> st.SearchStrategy[str]:
    texts = st.sampled_from(_TEXTS + _NEAR_TEXTS) if near else st.sampled_from(_TEXTS)
    pieces = [texts, st.sampled_from(_BREAKS), _img(near)]
    if near:
        pieces.append(st.sampled_from(_NEAR_TAGS))
    return st.lists(st.one_of(*pieces), max_size=12).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_fragments(near=False))
@example("")
@example('Text.<br /> \n<img src="http://x.example/151118-F-PD986-153.JPG" /> <br />')
def test_plain_fragments_are_read_without_a_tree(markup: str) -> None:
    found = _text_fragment(markup)
    assert found is not None
    assert found == _tree_fragment(markup)


@settings(max_examples=1000, deadline=None)
@given(_fragments(near=True))
def test_any_fragment_read_without_a_tree_reads_as_through_it(markup: str) -> None:
    found = _text_fragment(markup)
    if found is not None:
        assert found == _tree_fragment(markup)
    assert extract_fragment(markup) == _tree_fragment(markup)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\t\r\x0c\u00a0&<>/=\"'ibrmgsc-"), max_size=40))
def test_arbitrary_text_reads_as_through_the_tree(markup: str) -> None:
    assert extract_fragment(markup) == _tree_fragment(markup)
