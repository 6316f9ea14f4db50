"""HTML text walker: a container's paragraphs in reading order, and its images with their
positions (blocks and ``<br>`` end a paragraph, inline text joins).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dossierdesk.importers.html_markup import (
    _BLOCK_TAGS,
    _CELL_TAGS,
    _DROP_TAGS,
    _ESCAPED,
    Element,
    _norm,
)
from dossierdesk.importers.html_strings import child_context, context, fixed
from dossierdesk.importers.html_tree import _Page
from dossierdesk.importers.types import ParsedImage

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


_Hook = Callable[[_Page, Element, int], ParsedImage | None]


@dataclass
class _Walk:
    """Result of walking a container: paragraphs in order and images with their positions."""

    paragraphs: tuple[str, ...] = ()
    images: tuple[ParsedImage, ...] = ()
    blank_line_breaks: bool = False  # treat blank lines inside text as paragraph ends
    _buffer: list[str] = field(default_factory=list)
    _paras: list[str] = field(default_factory=list)
    _imgs: list[ParsedImage] = field(default_factory=list)

    def text(self, value: str) -> None:
        if not self.blank_line_breaks:
            self._buffer.append(value)
            return
        first, *rest = _BLANK_LINE.split(value)
        self._buffer.append(first)
        for part in rest:
            self.flush()
            self._buffer.append(part)

    def flush(self) -> None:
        if not self._buffer:
            return
        paragraph = _norm("".join(self._buffer))
        self._buffer.clear()
        if paragraph:
            self._paras.append(paragraph)

    def image(self, image: ParsedImage) -> None:
        self._imgs.append(image)

    def image_position(self, *, block: bool) -> int:
        """Paragraphs before an image; a block image first ends the paragraph in progress."""
        if block:
            self.flush()
            return len(self._paras)
        # An inline image stands before the paragraph being collected (if it has text yet).
        return len(self._paras) + (1 if "".join(self._buffer).strip() else 0)

    def finish(self) -> _Walk:
        self.flush()
        self.paragraphs = tuple(self._paras)
        self.images = tuple(self._imgs)
        return self


_EXIT = object()


def _walk(
    page: _Page,
    root: Element | None,
    image_hook: _Hook | None = None,
    *,
    skip: Callable[[Element], bool] | None = None,
    blank_line_breaks: bool = False,
) -> _Walk:
    """Turn a container (``None``: the whole page) into paragraphs: blocks and ``<br>`` end a
    paragraph, inline text joins.

    Iterative (explicit stack), so deeply nested junk cannot exhaust the recursion limit.
    ``image_hook`` may claim an element as an image; it is then not descended into. Elements
    for which ``skip`` is true are left out with their content. Only plain strings are text
    (not those of scripts, styles, templates or ruby annotations; see ``html_strings``).
    """
    walk = _Walk(blank_line_breaks=blank_line_breaks)
    stack: list[Any] = []
    if root is None:
        stack.append((page.root, None, False))
    else:
        _push_children(page, root, *context(page, root), stack)
    while stack:
        node = stack.pop()
        if node is _EXIT:
            walk.flush()
        elif isinstance(node, str):
            walk.text(node)
        else:
            tag = node[0]
            if skip is None or not skip(tag):
                _visit_tag(page, node, walk, stack, image_hook)
    return walk.finish()


def _push_children(
    page: _Page, tag: Element, kind: str | None, preserve: bool, stack: list[Any]
) -> None:
    """Put the content of ``tag`` on the stack, last first."""
    plain = kind is None
    table = _ESCAPED.get()
    taken = page.taken
    for child in reversed(tag):
        tail = child.tail
        if tail and plain:
            stack.append(fixed(tail, preserve, table))
        if isinstance(child.tag, str) and child not in taken:
            stack.append((child, *child_context(child, kind, preserve)))
    text = tag.text
    if text and plain:
        stack.append(fixed(text, preserve, table))


def _visit_tag(
    page: _Page,
    node: tuple[Element, str | None, bool],
    walk: _Walk,
    stack: list[Any],
    image_hook: _Hook | None,
) -> None:
    tag, kind, preserve = node
    name = tag.tag.lower()
    if name in _DROP_TAGS:
        return
    if image_hook is not None and _is_image_candidate(page, tag):
        image = image_hook(page, tag, walk.image_position(block=name != "img"))
        if image is not None:
            walk.image(image)
            return
    if name == "br":
        walk.flush()
        return
    if name in _CELL_TAGS:
        walk.text(" ")
    if name in _BLOCK_TAGS:
        walk.flush()
        stack.append(_EXIT)
    _push_children(page, tag, kind, preserve, stack)


def _is_image_candidate(page: _Page, tag: Element) -> bool:
    """A <figure>, an <img>, or a ``.da_media_item`` (found by the page index as ``_classes``
    reads classes)."""
    return tag.tag in ("figure", "img") or tag in page.media_set
