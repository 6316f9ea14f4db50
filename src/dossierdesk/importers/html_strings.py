"""The strings of a page's lxml tree, read as Beautiful Soup gave them, and element searches
that skip what the page index took out.

lxml keeps text in ``.text`` (before an element's first child) and ``.tail`` (after an
element); each is one string, as each run of text between two tags was one string in the
Beautiful Soup tree this importer used before. Two of its rules are kept, so that the text
read from a page stays what it was:

- A string of nothing but ASCII whitespace (space, tab, CR, LF, FF) is one ``"\\n"`` if it
  holds a line break, else one ``" "`` (not inside ``<pre>`` or ``<textarea>``).
- Strings take the kind of their nearest ``<script>``, ``<style>``, ``<template>``, ``<rt>`` or
  ``<rp>`` ancestor; an element's text (``get_text``) is the strings of its own kind: the
  text of a ``<div>`` leaves out the scripts and ruby annotations inside it.

Comments and processing instructions are never text. Elements the page index took out are
skipped with what they hold; the text after them (their tail) stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lxml import etree

from dossierdesk.importers.html_markup import _ESCAPED, Element
from dossierdesk.importers.html_tree import _PRESERVE_TAGS, _STRING_CONTAINERS, _Page

# Elements whose strings are of their own kind (Beautiful Soup's string containers).
_CONTAINERS = _STRING_CONTAINERS
_PRESERVE = _PRESERVE_TAGS
_ASCII_SPACES = " \n\t\x0c\r"


def fix_string(text: str, preserve: bool) -> str:
    """A string as Beautiful Soup kept it: whitespace-only strings shrink to one character
    (and any stand-ins are turned back: ``html_markup.reading_escaped``)."""
    return fixed(text, preserve, _ESCAPED.get())


def fixed(text: str, preserve: bool, table: dict[int, int] | None) -> str:
    """``fix_string`` with the page's stand-in table (``_ESCAPED.get()``) given, for the
    readers that fix many strings of one page."""
    if table is not None:
        text = text.translate(table)
    if not preserve and not text.strip(_ASCII_SPACES):
        return "\n" if "\n" in text else " "
    return text


def context(page: _Page, tag: Element) -> tuple[str | None, bool]:
    """(kind of the strings directly inside ``tag``, whether whitespace is preserved there)."""
    if tag not in page.special:  # (no container, <pre> or <textarea> around it)
        return None, False
    kind: str | None = None
    preserve = False
    for node in (tag, *tag.iterancestors()):
        name = node.tag
        if kind is None and name in _CONTAINERS:
            kind = name
        if name in _PRESERVE:
            preserve = True
    return kind, preserve


def child_context(tag: Element, kind: str | None, preserve: bool) -> tuple[str | None, bool]:
    """The context inside ``tag``, given the context of its parent's content."""
    name = tag.tag
    if name in _CONTAINERS:
        kind = name
    return kind, preserve or name in _PRESERVE


def strings(page: _Page, tag: Element) -> list[str]:
    """The strings of ``tag`` (Beautiful Soup's ``_all_strings``: its own kind only)."""
    if tag not in page.special and tag not in page.holding_special:
        return _plain_strings(page, tag)
    name = tag.tag
    want = name if name in _CONTAINERS else None
    kind, preserve = context(page, tag)
    out: list[str] = []
    stack: list[tuple[Element, str | None, bool] | str] = [(tag, kind, preserve)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        node, kind, preserve = item
        text = node.text
        if text and kind == want:
            out.append(fix_string(text, preserve))
        for child in reversed(node):
            tail = child.tail
            if tail and kind == want:
                stack.append(fix_string(tail, preserve))
            if isinstance(child.tag, str) and not page.taken_out(child):
                stack.append((child, *child_context(child, kind, preserve)))
    return out


def _plain_strings(page: _Page, tag: Element) -> list[str]:
    """``strings`` of an element with no string container, <pre> or <textarea> in or around
    it: every string is plain. lxml's ``iterwalk`` gives them in document order (an
    element's text at its start, its tail at its end; a comment's or processing
    instruction's tail), and the parts taken out are skipped with what they hold (their
    tails stay). An element with no children has its text alone, read without a walk."""
    table = _ESCAPED.get()
    if not len(tag):  # (no child, not even a comment: its text is its one string)
        return [fixed(tag.text, False, table)] if tag.text else []
    out: list[str] = []
    taken_out = page.taken
    walk = etree.iterwalk(tag, events=("start", "end", "comment", "pi"))
    for event, node in walk:
        if event == "start":
            if node in taken_out and node is not tag:
                walk.skip_subtree()
                continue
            text = node.text
        elif node is tag:
            continue
        else:
            text = node.tail
        if text:
            out.append(fixed(text, False, table))
    return out


def get_text(page: _Page, tag: Element, separator: str = "") -> str:
    return separator.join(strings(page, tag))


def string(page: _Page, tag: Element) -> str | None:
    """Beautiful Soup's ``.string``: the one string ``tag`` holds (through one-child
    elements), else ``None``."""
    while True:
        _, preserve = context(page, tag)
        children: list[Element | str] = []
        if tag.text:
            children.append(fix_string(tag.text, preserve))
        for child in tag:
            if isinstance(child.tag, str) and not page.taken_out(child):
                children.append(child)
            if child.tail:
                children.append(fix_string(child.tail, preserve))
        if len(children) != 1:
            return None
        only = children[0]
        if isinstance(only, str):
            return only
        tag = only


def descendants(page: _Page, tag: Element, names: Iterable[str] | None = None) -> Iterator[Element]:
    """Elements under ``tag`` still in the tree, in document order (named ``names``, if given)."""
    nodes = tag.iter(*names) if names is not None else tag.iter()
    for node in nodes:
        if node is not tag and isinstance(node.tag, str) and not page.removed_below(node, tag):
            yield node


def find(page: _Page, tag: Element, name: str) -> Element | None:
    """The first ``<name>`` under ``tag`` still in the tree (Beautiful Soup's ``find``)."""
    return next(descendants(page, tag, (name,)), None)


def find_all(page: _Page, tag: Element, names: Iterable[str]) -> list[Element]:
    return list(descendants(page, tag, names))


def previous_sibling(page: _Page, tag: Element, name: str) -> Element | None:
    """The nearest earlier sibling ``<name>`` still in the tree."""
    for node in tag.itersiblings(preceding=True):
        if node.tag == name and not page.taken_out(node):
            return node
    return None
