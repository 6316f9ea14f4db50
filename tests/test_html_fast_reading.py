"""The page index and the string reader's shortcuts give what the plain walks they replace give.

``html_tree._index`` lets lxml find elements by name and reads only the attributes it needs;
``html_strings.strings`` reads an element with nothing special in it through lxml's
``itertext``. The reference walks below are the ones they replace, written out.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from tests.markup_strategies import markup

from dossierdesk.importers.encoding import normalise_newlines
from dossierdesk.importers.html_markup import _attr
from dossierdesk.importers.html_parse import (
    _may_hold_instruction,
    _parser_reads_newlines,
    parse_page,
)
from dossierdesk.importers.html_strings import _CONTAINERS, _PRESERVE, string, strings
from dossierdesk.importers.html_tree import _ARTICLECS_CLASSES, _index, _Page

_NAMES = ["div", "p", "span", "pre", "script", "style", "rt", "template", "textarea", "main"]
_NAMES += ["meta", "b", "a"]
_ATTRIBUTES = [
    'class="da_media_item"',
    'class="byline X"',
    'class="da_black"',
    'class="x DA_Media_Item"',  # (class words compare lower-cased for the index)
    'class="authors da_blackish"',  # words holding the ones looked for, but other words
    'class="Author\tda_story_info"',
    'class="da_blac\u212a"',  # (a Kelvin sign, lower-cased: "k")
    'itemprop="articleBody"',
    'itemprop="author"',
    'role=" main "',
    'rel="Author"',
    'name="description" content="A page"',
    'property="og:title" content="Title"',
    'id="x"',
]
_TEXTS = ["text", " ", "\n \n", "\t", "\x0c", "a\x01b", "&amp;", "<!-- note -->", "<?pi x?>", ""]


_MARKUP = markup(_NAMES, _ATTRIBUTES, _TEXTS, max_children=3)


def _reference_context(tag: Any) -> tuple[str | None, bool]:
    kind: str | None = None
    preserve = False
    for node in (tag, *tag.iterancestors()):
        if kind is None and node.tag in _CONTAINERS:
            kind = node.tag
        if node.tag in _PRESERVE:
            preserve = True
    return kind, preserve


def _fix(text: str, preserve: bool) -> str:
    if not preserve and not text.strip(" \n\t\x0c\r"):
        return "\n" if "\n" in text else " "
    return text


def _reference_strings(page: _Page, tag: Any) -> list[str]:
    """The walk ``strings`` makes when an element holds something special."""
    want = tag.tag if tag.tag in _CONTAINERS else None
    out: list[str] = []

    def visit(node: Any, kind: str | None, preserve: bool) -> None:
        if node.text and kind == want:
            out.append(_fix(node.text, preserve))
        for child in node:
            if isinstance(child.tag, str) and not page.taken_out(child):
                name = child.tag
                visit(child, name if name in _CONTAINERS else kind, preserve or name in _PRESERVE)
            if child.tail and kind == want:
                out.append(_fix(child.tail, preserve))

    visit(tag, *_reference_context(tag))
    return out


def _reference_index(root: Any) -> dict[str, Any]:
    """What the page index held when it was built by one Python loop over every node."""
    tags: dict[str, list[Any]] = {}
    comments: list[str] = []
    meta: dict[str, str] = {}
    roots: list[Any] = []
    bylines: list[Any] = []
    classed: list[Any] = []
    media: list[tuple[int, Any]] = []
    articlecs = False
    before = list(root.itersiblings(preceding=True))
    for node in [*reversed(before), *root.iter(), *root.itersiblings()]:
        name = node.tag
        if not isinstance(name, str):
            if name is etree.Comment:
                comments.append(node.text or "")
            continue
        tags.setdefault(name, []).append(node)
        classes = (node.get("class") or "").lower().split()
        if node.get("class") is not None:
            classed.append(node)
            articlecs = articlecs or any(c in _ARTICLECS_CLASSES for c in classes)
            if "da_media_item" in classes:
                media.append((len(classed) - 1, node))
        if name == "meta":
            content = _attr(node, "content")
            for attr in ("property", "name", "itemprop"):
                key = (_attr(node, attr) or "").lower()
                if key and content and key not in meta:
                    meta[key] = content
        itemprop = (node.get("itemprop") or "").strip().lower()
        role = node.get("role")
        if name == "main" or itemprop == "articlebody" or (role or "").strip() == "main":
            roots.append(node)
        rel = (node.get("rel") or "").lower().split()
        if "byline" in classes or "author" in classes or itemprop == "author" or "author" in rel:
            bylines.append(node)
    return {
        "tags": tags,
        "comments": comments,
        "meta": meta,
        "roots": roots,
        "bylines": bylines,
        "classed": classed,
        "media_items": media,
        "articlecs": articlecs,
    }


@given(st.lists(_MARKUP, min_size=1, max_size=4), st.booleans(), st.integers(0, 50))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_page_index_and_the_strings_are_what_the_plain_walks_give(
    parts: list[str], after_end: bool, pick: int
) -> None:
    markup = f"<!-- first --><html><body>{''.join(parts)}</body></html><!-- last -->"
    if after_end:  # a tree built from parser events, with stand-ins for control characters
        markup += "<p>after</p>"
    root, comments, _ = parse_page(markup)
    page = _index(root, comments)
    expected = _reference_index(root)
    assert {name: page.tags[name] for name in page.tags} == expected["tags"]
    assert list(page.tags) == list(expected["tags"])
    if comments is None:
        assert page.comments == expected["comments"]
    for key in ("meta", "roots", "bylines", "classed", "media_items", "articlecs"):
        assert getattr(page, key) == expected[key], key
    elements = list(root.iter(etree.Element))
    for tag in elements[pick % len(elements) :: 3]:  # some parts are taken out
        if not page.taken_out(tag):
            (page.decompose if len(tag) % 2 else page.extract)(tag)
    for tag in elements:
        assert strings(page, tag) == _reference_strings(page, tag)
        string(page, tag)  # (reads the context of any element)


_LINE_ENDS = ["\r\n", "\r", "\r\r\n", "\n\r", "<?php x\r\n?>", "<p title='a\r\nb'>", "<!-- \r -->"]


@given(st.lists(st.one_of(_MARKUP, st.sampled_from(_LINE_ENDS)), min_size=1, max_size=8))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_page_with_its_line_ends_is_parsed_as_with_normalised_ones(parts: list[str]) -> None:
    """``parse_page(text, crlf=True)`` (CRLF and CR left to libxml2) builds the tree that the
    text with normalised newlines gives, with or without the parser's events."""
    for end in ("", "</html><p>after</p>"):
        text = "".join(parts) + end
        raw_root, raw_comments, raw_escaped = parse_page(text, crlf=True)
        root, comments, escaped = parse_page(normalise_newlines(text))
        assert etree.tostring(raw_root) == etree.tostring(root)
        assert (raw_comments, raw_escaped) == (comments, escaped)


def test_libxml2_reads_line_ends_as_html5_does() -> None:
    """(Else ``parse_page(crlf=True)`` normalises every page with a CR first.)"""
    assert _parser_reads_newlines()


@given(st.text(alphabet="<?a\r>", max_size=400))
@settings(max_examples=500, deadline=None)
def test_a_processing_instruction_is_looked_for_where_there_may_be_one(text: str) -> None:
    """``_may_hold_instruction`` (question marks one by one, up to a number) is true for every
    text that holds "<?", and false only for texts that hold none."""
    if "<?" in text:
        assert _may_hold_instruction(text)
    elif text.count("?") <= 64:
        assert not _may_hold_instruction(text)
