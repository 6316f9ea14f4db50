"""lxml parsing of a page: the tree libxml2 builds, or, where that tree would lose part of the
page (nesting deeper than libxml2 builds trees, content after ``</html>``), one built from
the parser's events, as Beautiful Soup built its tree.

lxml refuses some characters in a tree (most control characters) that those events carry;
such a tree holds private-use stand-ins for them, turned back as the page is read
(``html_markup.reading_escaped``).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from collections.abc import Mapping

from lxml import etree

from dossierdesk.importers.encoding import normalise_newlines
from dossierdesk.importers.html_markup import (
    _PROCESSING_INSTRUCTION,
    MAX_MARKUP_TAGS,
    Element,
    _check_markup,
)

log = logging.getLogger(__name__)


# libxml2 stops building a tree this deep (the rest of the page is lost); its parser events
# go on, and a tree built from them (``_EventTree``) is the one Beautiful Soup built.
_TREE_DEPTH_LIMIT = 255

DOCUMENT_TAG = "x-document"

_SPACE_LIKE = re.compile("[\x0b\x0c\x1c-\x1f]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_REFUSED = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0xD800, 0xE000)]
_REFUSED += [0xFFFE, 0xFFFF]
_ESCAPE = {code: 0xF0000 + code for code in _REFUSED}  # plane 15, private use
_UNESCAPE = {stand_in: code for code, stand_in in _ESCAPE.items()}
_STAND_INS = re.compile("[\U000f0000-\U000fffff]")


def parse_page(
    text: str, *, crlf: bool = False
) -> tuple[Element, list[str] | None, dict[int, int] | None]:
    """The page's tree: its root element (an empty ``<html>`` when the markup has none), its
    comments when the tree cannot hold them all (``None``: they are in the tree), and the
    table turning the tree's stand-ins for characters lxml refuses back into them (``None``:
    none), to read the tree with (``html_markup.reading_escaped``).

    Processing instructions (``<?xml ...?>``, ``<?php ...?>``) mean nothing in HTML and are
    removed first; text without any tag is read as a body. The text is fed to the parser in
    one piece, as Beautiful Soup fed it, so that libxml2 builds the same tree. A page nested
    deeper than libxml2 builds trees is parsed again, its tree built from the parser's
    events.

    ``crlf``: the text may hold CRLF and CR line ends, to be read as LF
    (``encoding.normalise_newlines``). libxml2 reads them so itself: the text is rewritten
    only when something else here would see them (see ``_newlines_matter``).
    """
    if crlf and _newlines_matter(text):
        text = normalise_newlines(text)
    _check_markup(text)
    if _may_hold_instruction(text):
        text = _PROCESSING_INSTRUCTION.sub("", text)
    if "<" not in text:
        text = f"<body>{text}"
    if text.startswith("\ufeff"):
        text = text[1:]
    root = None if _after_html_end(text) else _parse(text, None)
    if root is not None and _last_depth(root) < _TREE_DEPTH_LIMIT - 1:
        return root, None, None
    # Characters lxml refuses (in the page, or from character references like "&#1;") stand
    # in the tree as private-use characters, if the page has none of those (else they are
    # left out, or read as spaces: see _xml_safe).
    escape = _STAND_INS.search(text) is None
    events = _EventTree(escape)
    root = _parse(text, events)
    tree = root if root is not None else etree.Element("html")
    return tree, events.comments, _UNESCAPE if escape else None


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


def _newlines_matter(text: str) -> bool:
    """Whether parsing ``text`` could give anything else than parsing it with normalised
    newlines: never without a CR. With one, the parser itself reads CRLF and CR as LF
    (``_parser_reads_newlines``), and so do the other tests of ``parse_page`` (CR and LF are
    whitespace to them), except those that count characters: processing instructions are
    taken out up to a length (none without "<?"), and the markup limit of a page with more
    tags than ``MAX_MARKUP_TAGS`` depends on its length."""
    if "\r" not in text:
        return False
    return (
        _may_hold_instruction(text)
        or (len(text) > MAX_MARKUP_TAGS and text.count("<") > MAX_MARKUP_TAGS)
        or not _parser_reads_newlines()
    )


_QUESTION_MARKS_LOOKED_AT = 64


def _may_hold_instruction(text: str) -> bool:
    """False when ``text`` holds no "<?" (so no processing instruction): its question marks
    are looked at one by one (a search for one character is many times faster than one for
    two), and a text with very many is taken to hold one (it is then searched as before)."""
    at = text.find("?")
    for _ in range(_QUESTION_MARKS_LOOKED_AT):
        if at < 0:
            return False
        if at and text[at - 1] == "<":
            return True
        at = text.find("?", at + 1)
    return at >= 0


@functools.cache
def _parser_reads_newlines() -> bool:
    """Whether libxml2's HTML parser reads CRLF and CR as LF everywhere (text, attribute
    values, comments, raw text, RCDATA), as its HTML5 tokenizer (libxml2 2.14) does: the
    trees and the parser events of a sample with and without them compare."""
    sample = (
        "<p title='a\r\nb\rc' class=d\r\n>e\r\nf\rg\r\r\nh</p><!--i\r\nj\rk-->"
        "<script>l\r\nm\rn</script><textarea>\r\no\rp</textarea><pre>\r\nq</pre>x\r"
    )
    results = []
    for page in (sample, normalise_newlines(sample)):
        events = _EventTree(escape=True)
        trees = (_parse(page, None), _parse(page, events))
        if any(tree is None for tree in trees):
            return False
        results.append([*(etree.tostring(tree) for tree in trees), events.comments])
    return results[0] == results[1]


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

    def __init__(self, escape: bool) -> None:
        self._escape = escape
        self._builder = etree.TreeBuilder(insert_comments=True, insert_pis=True)
        self._builder.start(DOCUMENT_TAG, {})
        self._open: list[str] = [DOCUMENT_TAG]
        self.comments: list[str] = []  # all of them, in order (the tree cannot hold some)

    def data(self, text: str) -> None:
        self._builder.data(text.translate(_ESCAPE) if self._escape else _xml_safe(text))

    def comment(self, text: str) -> None:
        self.comments.append(text)
        with contextlib.suppress(ValueError):  # "--" or control characters: not in the tree
            self._builder.comment(text)

    def pi(self, target: str, text: str | None = None) -> None:
        with contextlib.suppress(ValueError):
            self._builder.pi(target, text)

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        if self._escape:
            attrib = {name: value.translate(_ESCAPE) for name, value in attrib.items()}
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


def _valid_attributes(attrib: Mapping[str, str]) -> dict[str, str]:
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
