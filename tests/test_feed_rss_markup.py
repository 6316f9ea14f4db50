"""Item HTML that ``feed_rss`` sanitises without feedparser's URI resolver comes out the same.

``feed_rss._item_html`` skips ``resolve_relative_uris`` on markup ``_PLAIN_MARKUP`` matches
(its docstring says why the result cannot change). Generated markup, made of the pieces such
markup may hold and of near misses (references, comments, unquoted or padded attribute values,
``svg``...), checks it: whenever the pattern matches, sanitising with and without the resolver
gives the same HTML, and ``_item_html`` always gives what feedparser's two steps give.
"""

from __future__ import annotations

import re
import sys

from feedparser.sanitizer import _HTMLSanitizer, _sanitize_html
from feedparser.urls import RelativeURIResolver, resolve_relative_uris
from hypothesis import given, settings
from hypothesis import strategies as st

from dossierdesk.importers.feed_rss import (
    _PLAIN_MARKUP,
    _item_html,
    _repaired,
    _sanitized_plain,
)


def _by_feedparser(raw: str) -> str:
    resolved = resolve_relative_uris(raw, "", "utf-8", "text/html")
    return _repaired(_sanitize_html(resolved, "utf-8", "text/html"))


def _sanitised(raw: str) -> str:
    return _repaired(_sanitize_html(raw, "utf-8", "text/html"))


_NAMES = [
    "p", "P", "b", "a", "A", "img", "IMG", "br", "Br", "hr", "div", "span", "font", "td",
    "script", "style", "applet", "iframe", "object", "embed", "form", "input", "source", "video",
    "blockquote", "q", "area", "link", "meta", "param", "h1", "svg", "SVG", "math", "svgx",
    "mathy", "o", "x1",
]  # fmt: skip
_KEYS = [
    "href", "HREF", "src", "style", "rel", "REL", "type", "Type", "class", "onclick", "alt",
    "data-src", "srcset", "xmlns", "xlink:href", "longdesc", "cite", "background", "poster",
    "usemap", "codebase", "title", "_x", "a.b",
]  # fmt: skip
_PLAIN_VALUES = [
    "x", "/rel", "https://x.example/a b.jpg", "javascript:alert(1)", "HTTP://X.EXAMPLE/",
    "Image/JPEG", "NoFollow", "color: red", "color: red; background: url(x)", "width:1px",
    "a b", "a\nb", "#frag", "?q=1", "mailto:x@y", "\u00e9t\u00e9", "\u0093x\u0094", "",
]  # fmt: skip
_OTHER_VALUES = [" padded ", " x", "x\t", "it's", 'say "hi"', "a>b", "a<b", "a&amp;b", "&#39;"]
_TEXTS = [
    "text", " ", "\n", "\r\n", "a > b", "quote's \"x\"", "\u201cq\u201d", "\u0085\u0092",
    "Caf\u00c3\u00a9", "x/>y",
]  # fmt: skip
_OTHER_TEXTS = [
    "&amp;", "&", "&#150;", "&nbsp;", "&copy", "<", "<!-- c -->", "<![CDATA[x]]>", "<?pi?>",
    "<!DOCTYPE x>", "<>", "</>", "&#39;", "&#34;", "<3",
]  # fmt: skip


def _attribute(values: list[str], quotes: list[str]) -> st.SearchStrategy[str]:
    spaces = st.sampled_from(["", " ", "\n"])
    return st.builds(
        lambda key, before, after, quote, value: f"{key}{before}={after}{quote}{value}{quote}",
        st.sampled_from(_KEYS),
        spaces,
        spaces,
        st.sampled_from(quotes),
        st.sampled_from(values),
    )


_PLAIN_ATTRIBUTE = _attribute(_PLAIN_VALUES, ["'", '"'])
_ODD_ATTRIBUTE = _attribute(_OTHER_VALUES, ["'", '"']) | _attribute(_PLAIN_VALUES, [""])


def _start_tag(attributes: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda name, attrs, end: f"<{name}{''.join(' ' + a for a in attrs)}{end}",
        st.sampled_from(_NAMES),
        attributes,
        st.sampled_from([">", "/>", " />", " >", "\n>"]),
    )


_END_TAG = st.builds(
    lambda name, space: f"</{name}{space}>", st.sampled_from(_NAMES), st.sampled_from(["", " "])
)
_PLAIN_PIECE = st.sampled_from(_TEXTS) | _start_tag(st.lists(_PLAIN_ATTRIBUTE, max_size=3))
_PLAIN_PIECE |= _END_TAG
# One piece the pattern must refuse or the resolver may change: odd text, or a tag with one
# odd attribute among plain ones.
_ODD_PIECE = st.sampled_from(_OTHER_TEXTS) | _start_tag(
    st.tuples(st.lists(_PLAIN_ATTRIBUTE, max_size=2), _ODD_ATTRIBUTE).map(
        lambda parts: [*parts[0], parts[1]]
    )
)
_PLAIN = st.lists(_PLAIN_PIECE, max_size=8).map("".join)
_ONE_ODD = st.builds(lambda before, odd, after: before + odd + after, _PLAIN, _ODD_PIECE, _PLAIN)


@settings(max_examples=500, deadline=None)
@given(raw=_PLAIN)
def test_plain_markup_sanitises_the_same_without_the_resolver(raw: str) -> None:
    if re.search("(?i)<(svg|math)[\\s/>]|</(svg|math)\\s*>", raw) is None:
        assert _PLAIN_MARKUP.fullmatch(raw)
    if _PLAIN_MARKUP.fullmatch(raw):
        assert _sanitised(raw) == _by_feedparser(raw)
        assert _sanitized_plain(raw) == _sanitize_html(raw, "utf-8", "text/html")
    assert _item_html(raw) == _by_feedparser(raw)


@settings(max_examples=1000, deadline=None)
@given(raw=_ONE_ODD | st.lists(_PLAIN_PIECE | _ODD_PIECE, max_size=12).map("".join))
def test_any_markup_gives_what_feedparser_gives(raw: str) -> None:
    if _PLAIN_MARKUP.fullmatch(raw):
        assert _sanitised(raw) == _by_feedparser(raw)
    assert _item_html(raw) == _by_feedparser(raw)


def test_the_sgml_parser_has_no_handlers_by_tag_name() -> None:
    """Without ``start_x``, ``do_x`` or ``end_x`` methods, feedparser's SGML parser keeps no
    element stack and passes every tag to ``unknown_starttag``/``unknown_endtag`` as
    written, which ``_item_html`` and ``_sanitized_plain`` rely on."""
    for parser in (_HTMLSanitizer, RelativeURIResolver):
        names = [n for n in dir(parser) if n.startswith(("start_", "do_", "end_"))]
        assert names == [], parser


def test_the_pattern_refuses_what_the_resolver_would_change() -> None:
    for raw in [
        "<img src=' /x.jpg'>",
        "<a href=x>",
        "<a href='a&amp;b'>",
        "A &amp; B",
        "<!-- c --><p>",
        "<svg><p>",
        "<p>a < b</p>",
        "<a title='it\"s'>",
        "<a href='x'y='z'>",
        "<a href>",
    ]:
        assert not _PLAIN_MARKUP.fullmatch(raw), raw
    assert _PLAIN_MARKUP.fullmatch("A <b>bold</b> claim.<br/><img src='https://x/a.jpg' />")


def test_pattern_whitespace_is_what_str_strip_strips() -> None:
    """The pattern keeps whitespace off the ends of attribute values with ``\\s``; the
    resolver strips values with ``str.strip``: both must mean the same characters."""
    space = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert bool(space.fullmatch(char)) == (not char.strip()), hex(code)
