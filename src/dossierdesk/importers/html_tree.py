"""HTML markup as a tree: the size limits checked before one is built, the parser, the
one-pass page index, attribute helpers, and ``plain_text`` (any string taken from a page,
reduced to plain text).

Pages are parsed by lxml (libxml2's HTML parser, as before through Beautiful Soup) into an
``lxml.etree`` tree: nothing is fetched, no entity or DTD is loaded, no huge tree is allowed.
Elements are never removed from the tree: the page index records the ones taken out
(``_Page.decompose`` / ``_Page.extract``) and every reader skips them, so that the strings
around them stay separate strings, as they were in the Beautiful Soup tree. How strings are
read is in ``html_strings``.

Markup is counted before a tree is built: a page (or any fragment) with more tags than
``MAX_MARKUP_TAGS`` or one per ``MIN_CHARS_PER_TAG`` characters, whichever is more, is refused,
so that a file of nothing but tiny tags cannot take many times its size in memory. (Real
article pages have a few thousand tags.)
"""

from __future__ import annotations

import contextlib
import html
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from lxml import etree

from dossierdesk.importers.fields import collapse_whitespace
from dossierdesk.importers.types import ParseError

log = logging.getLogger(__name__)

# An ``lxml.etree._Element`` (lxml ships no type information for mypy here).
Element: TypeAlias = Any


_DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "canvas",
        "video",
        "audio",
        "map",
        "input",
        "select",
        "textarea",
        "button",
        "head",
        "title",
        "meta",
        "link",
    }
)


_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    }
)


# Active or non-text content, dropped before anything is read (the <head> stays for metadata).
_SCRIPT_TAGS = _DROP_TAGS - {"head", "title", "meta", "link"}


_CELL_TAGS = frozenset({"td", "th"})


# Page furniture that never belongs to an article body (meta strategy).
# (Not <form>: ASP.NET pages wrap the whole page in one.)
_FURNITURE_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})


_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})


_PROCESSING_INSTRUCTION = re.compile(r"<\?[^<>]{0,2000}>")


MAX_MARKUP_TAGS = 150_000  # "<" characters (start and end tags) in one page or fragment...


MIN_CHARS_PER_TAG = 128  # ...or, in a larger one, one per this many characters


_ARTICLECS_CLASSES = frozenset({"da_print_body", "da_print_bio", "da_story_info", "da_black"})


# Attributes that Beautiful Soup read as lists of words; their value is those words.
_WORD_LIST_ATTRIBUTES = frozenset(
    {"class", "rel", "rev", "accept-charset", "headers", "accesskey", "dropzone"}
)


def plain_text(value: str) -> str:
    """Reduce a string that may contain markup or entities to normalised plain text.

    A string with markup in it (rare: page text holding ``&lt;``, a ``<meta>`` value with
    tags) is read by Python's own HTML parser through Beautiful Soup, as it always was.
    """
    if "<" in value:
        _check_markup(value)
        from bs4 import BeautifulSoup

        fragment = BeautifulSoup(_PROCESSING_INSTRUCTION.sub("", value) or " ", "html.parser")
        for tag in fragment.find_all(list(_SCRIPT_TAGS)):
            tag.decompose()
        value = fragment.get_text(" ")
    elif "&" in value:
        value = html.unescape(value)
    return _norm(value)


def _check_markup(text: str) -> None:
    """Refuse markup whose tree would be too large (see the module docstring)."""
    tags = text.count("<")
    limit = max(MAX_MARKUP_TAGS, len(text) // MIN_CHARS_PER_TAG)
    if tags > limit:
        raise ParseError(f"too much markup ({tags:,} tags; limit {limit:,} for its size)")


# libxml2 stops building a tree this deep (the rest of the page is lost); its parser events
# go on, and a tree built from them (``_EventTree``) is the one Beautiful Soup built.
_TREE_DEPTH_LIMIT = 255

DOCUMENT_TAG = "x-document"

_SPACE_LIKE = re.compile("[\x0b\x0c\x1c-\x1f]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse_page(text: str) -> tuple[Element, list[str] | None]:
    """The page's tree: its root element (an empty ``<html>`` when the markup has none), and
    its comments when the tree cannot hold them all (``None``: they are in the tree).

    Processing instructions (``<?xml ...?>``, ``<?php ...?>``) mean nothing in HTML and are
    removed first; text without any tag is read as a body. The text is fed to the parser in
    one piece, as Beautiful Soup fed it, so that libxml2 builds the same tree. A page nested
    deeper than libxml2 builds trees is parsed again, its tree built from the parser's
    events.
    """
    _check_markup(text)
    text = _PROCESSING_INSTRUCTION.sub("", text)
    if "<" not in text:
        text = f"<body>{text}"
    if text.startswith("\ufeff"):
        text = text[1:]
    root = None if _after_html_end(text) else _parse(text, None)
    if root is not None and _last_depth(root) < _TREE_DEPTH_LIMIT - 1:
        return root, None
    events = _EventTree()
    root = _parse(text, events)
    return (root if root is not None else etree.Element("html")), events.comments


def parse_markup(text: str) -> Element:
    """The page's tree (``parse_page``)."""
    return parse_page(text)[0]


def _parse(text: str, target: _EventTree | None) -> Element | None:
    parser = etree.HTMLParser(
        target=target,
        recover=True,
        no_network=True,
        huge_tree=False,
        remove_comments=False,
        remove_pis=False,
        collect_ids=False,
        default_doctype=False,
    )
    try:
        parser.feed(text)
        root: Element | None = parser.close()
    except etree.LxmlError:
        log.debug("lxml built no tree", exc_info=True)
        return None
    return root


_HTML_END = re.compile(r"</html", re.IGNORECASE)


def _after_html_end(text: str) -> bool:
    """Whether anything follows the first ``</html``: libxml2's tree ends there, its events
    (and so Beautiful Soup's tree) go on."""
    match = _HTML_END.search(text)
    if match is None:
        return False
    end = text.find(">", match.end())
    return end >= 0 and bool(text[end + 1 :].strip())


def _xml_safe(text: str) -> str:
    """``text`` without the characters lxml refuses; those read as whitespace later (vertical
    tab, form feed, separators) become spaces, the others go (as they would later)."""
    if not _NOT_XML.search(text):
        return text
    return _NOT_XML.sub("", _SPACE_LIKE.sub(" ", text))


def _last_depth(root: Element) -> int:
    """How deep the last element in document order is (where a halted parse stopped)."""
    depth = 0
    node = root
    while len(node):
        node = node[-1]
        depth += 1
    return depth


class _EventTree:
    """A parser target that builds the tree from libxml2's events, at any depth and with
    whatever follows ``</html>``; elements still open at the end of the page are closed there.
    The top-level nodes are held by one ``<x-document>`` element (Beautiful Soup's soup)."""

    def __init__(self) -> None:
        self._builder = etree.TreeBuilder(insert_comments=True, insert_pis=True)
        self._builder.start(DOCUMENT_TAG, {})
        self._open: list[str] = [DOCUMENT_TAG]
        self.comments: list[str] = []  # all of them, in order (the tree cannot hold some)

    def data(self, text: str) -> None:
        self._builder.data(_xml_safe(text))

    def comment(self, text: str) -> None:
        self.comments.append(text)
        with contextlib.suppress(ValueError):  # "--" or control characters: not in the tree
            self._builder.comment(text)

    def pi(self, target: str, text: str | None = None) -> None:
        with contextlib.suppress(ValueError):
            self._builder.pi(target, text)

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        try:
            self._builder.start(tag, attrib)
        except ValueError:  # a name or value lxml cannot hold
            try:
                etree.Element(tag)
            except ValueError:
                tag = "invalid-name"  # read as an element of no known kind
            self._builder.start(tag, _valid_attributes(attrib))
        self._open.append(tag)

    def end(self, tag: str) -> None:
        if len(self._open) > 1:
            self._builder.end(self._open.pop())

    def close(self) -> Element | None:
        while self._open:
            self._builder.end(self._open.pop())
        try:
            return self._builder.close()
        except etree.LxmlError:
            return None


def _valid_attributes(attrib: dict[str, str]) -> dict[str, str]:
    """Attributes lxml can hold: names it refuses are left out, control characters in values
    removed."""
    valid: dict[str, str] = {}
    for name, value in attrib.items():
        clean = _xml_safe(value)
        try:
            etree.Element("x", {name: clean})
        except ValueError:
            continue
        valid[name] = clean
    return valid


@dataclass
class _Page:
    """The page index: its elements by kind, in document order, and the ones taken out."""

    root: Element
    tags: dict[str, list[Element]] = field(default_factory=dict)  # by tag name, document order
    comments: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # <meta> content by property/name/itemprop
    roots: list[Element] = field(default_factory=list)  # main, [role=main], [itemprop=articleBody]
    bylines: list[Element] = field(default_factory=list)  # .byline, .author, [itemprop|rel=author]
    classed: list[Element] = field(default_factory=list)  # elements with a class, in order
    articlecs: bool = False
    decomposed: set[Element] = field(default_factory=set)  # gone, with all they hold
    extracted: set[Element] = field(default_factory=set)  # taken out (kept, detached)
    detached: set[Element] = field(default_factory=set)  # what extracted elements hold

    def live(self, name: str) -> list[Element]:
        """Elements of a kind that were not decomposed."""
        return [tag for tag in self.tags.get(name, ()) if tag not in self.decomposed]

    def gone(self, tag: Element) -> bool:
        return tag in self.decomposed

    def removed(self, tag: Element) -> bool:
        """Whether the element is no longer in the page's tree (decomposed or extracted)."""
        return tag in self.decomposed or tag in self.detached

    def taken_out(self, tag: Element) -> bool:
        """Whether the element itself was decomposed or extracted (a reader walking down
        from one of its ancestors skips it with what it holds)."""
        return tag in self.decomposed or tag in self.extracted

    def removed_below(self, node: Element, top: Element) -> bool:
        """Whether ``node`` was taken out, itself or with an ancestor below ``top``."""
        if node in self.decomposed:
            return True
        if node not in self.detached:
            return False
        for parent in (node, *node.iterancestors()):
            if parent is top:
                return False
            if parent in self.extracted:
                return True
        return False

    def decompose(self, tag: Element) -> None:
        self.decomposed.update(tag.iter())

    def extract(self, tag: Element) -> None:
        self.extracted.add(tag)
        self.detached.update(tag.iter())

    def body(self) -> Element | None:
        """The first ``<body>`` still in the tree (Beautiful Soup's ``soup.body``)."""
        for tag in self.tags.get("body", ()):
            if not self.removed(tag):
                return tag
        return None

    def inside(self, node: Element, container: Element | None) -> bool:
        """Whether ``container`` is an ancestor of ``node`` (within an extracted part, if
        ``node`` is in one: its ancestors end where it was taken out)."""
        if container is None or node in self.extracted:
            return False
        for parent in node.iterancestors():
            if parent is container:
                return True
            if parent in self.extracted:
                return False
        return False

    def in_tree(self, node: Element) -> bool:
        """Whether the element is still in the page (Beautiful Soup: inside the soup)."""
        return not self.removed(node)


def _index(root: Element, comments: list[str] | None = None) -> _Page:
    """Index the page (``comments``: its comments, if not all are in the tree)."""
    page = _Page(root)
    tags = page.tags
    comment = etree.Comment
    before = list(root.itersiblings(preceding=True))
    nodes: Iterable[Element] = [*reversed(before), *root.iter(), *root.itersiblings()]
    for node in nodes:
        name = node.tag
        if isinstance(name, str):
            named = tags.get(name)
            if named is None:
                tags[name] = [node]
            else:
                named.append(node)
            if len(node.attrib):
                _index_attributes(page, node, name)
            elif name == "main":
                page.roots.append(node)
        elif name is comment and comments is None:
            page.comments.append(node.text or "")
    if comments is not None:
        page.comments = comments
    return page


def _index_attributes(page: _Page, tag: Element, name: str) -> None:
    """What the attributes of one element tell the index (as ``_attr`` and ``_classes`` read
    them; written out here: this runs for every element with attributes)."""
    get = tag.get
    value = get("class")
    classes: list[str] = []
    if value is not None:
        page.classed.append(tag)
        classes = value.lower().split()
        if not page.articlecs and any(c in _ARTICLECS_CLASSES for c in classes):
            page.articlecs = True
    if name == "meta":
        content = _attr(tag, "content")
        for attr in ("property", "name", "itemprop"):
            key = (_attr(tag, attr) or "").lower()
            if key and content and key not in page.meta:
                page.meta[key] = content
    itemprop = get("itemprop")
    itemprop = itemprop.strip().lower() if itemprop is not None else ""
    role = get("role")
    if name == "main" or itemprop == "articlebody" or (role is not None and role.strip() == "main"):
        page.roots.append(tag)
    if (
        "byline" in classes
        or "author" in classes
        or itemprop == "author"
        or "author" in _attr_words(tag, "rel")
    ):
        page.bylines.append(tag)


def _drop_tags(page: _Page, names: Iterable[str]) -> None:
    for name in names:
        for tag in page.live(name):
            if not page.gone(tag):  # a tag inside another dropped one goes with it
                page.decompose(tag)


def _has_class(tag: Element, names: frozenset[str]) -> bool:
    """Whether one of the tag's classes is in ``names``, compared as a CSS class selector
    compares them (exactly: case matters)."""
    value = tag.get("class")
    return value is not None and any(word in names for word in value.split())


def _select_classed(
    page: _Page, root: Element | None, names: frozenset[str], tag_name: str | None = None
) -> Iterator[Element]:
    """The tags under ``root`` (not ``root`` itself; ``None``: the whole page) with one of
    the classes ``names`` and, if given, the name ``tag_name``, in document order: what the
    CSS selector ``.a, .b`` (or ``p.a``) selects. Tags no longer in the tree are left out.
    """
    for tag in page.classed:
        if (
            not page.gone(tag)
            and (tag_name is None or tag.tag == tag_name)
            and _has_class(tag, names)
            and (page.in_tree(tag) if root is None else page.inside(tag, root))
        ):
            yield tag


def _first_classed(
    page: _Page, root: Element | None, names: frozenset[str], tag_name: str | None = None
) -> Element | None:
    return next(_select_classed(page, root, names, tag_name), None)


def _first_named(page: _Page, root: Element | None, name: str) -> Element | None:
    """The first ``<name>`` under ``root`` still in the tree (CSS ``root name``)."""
    for tag in page.tags.get(name, ()):
        if not page.gone(tag) and (page.in_tree(tag) if root is None else page.inside(tag, root)):
            return tag
    return None


def _classes(tag: Element) -> list[str]:
    return _attr_words(tag, "class")


def _attr_words(tag: Element, name: str) -> list[str]:
    """A multi-valued attribute (class, rel) as lower-case words."""
    value = tag.get(name)
    return value.lower().split() if value else []


def _attr(tag: Element | None, name: str) -> str | None:
    if tag is None:
        return None
    value = tag.get(name)
    if value is None:
        return None
    if name in _WORD_LIST_ATTRIBUTES:
        value = " ".join(value.split())
    value = value.strip()
    return value or None


def _norm(text: str) -> str:
    return collapse_whitespace(text.replace("\u00a0", " "))
