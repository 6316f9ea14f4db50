"""HTML text walker: a container's paragraphs in reading order, and its images with their
positions (blocks and ``<br>`` end a paragraph, inline text joins).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

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

    def text_sink(self) -> Callable[[str], None]:
        """``text`` as the cheapest callable that does it: without blank-line breaks, the
        buffer's own ``append`` (the walker calls it for every string of a page)."""
        return self.text if self.blank_line_breaks else self._buffer.append

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
    ``image_hook`` may claim an element as an image; it is then not descended into. (A hook
    takes elements out of the page only inside the one it claims, so whether a child was
    taken out is the same when it is reached as when its parent was opened.) Elements for which
    ``skip`` is true are left out with their content. Only plain strings are text (not those
    of scripts, styles, templates or ruby annotations; see ``html_strings``).

    The stack holds a frame for each element being read: an iterator over its children and
    the context of its content. A child with nothing to read inside (a ``<br>``, a dropped
    or skipped element, a comment) is done in the loop over its siblings, with no frame and
    (for a ``<br>`` that is not an image) no call: most of a news page's body is text
    between ``<br>`` elements.
    """
    walk = _Walk(blank_line_breaks=blank_line_breaks)
    walker = _Walker(page, walk, image_hook)
    if root is None:
        top = page.root
        if skip is None or not skip(top):
            top_block = walker.visit(top, top.tag)
            if top_block is not None:
                walker.open(top, None, False, block=top_block)  # (read as plain content)
    else:
        walker.open(root, *context(page, root), block=False)
    stack = walker.stack
    text = walker.text
    flush = walk.flush
    table = walker.table
    taken = page.taken
    media = page.media_set
    while stack:
        children, kind, preserve, element, block = stack[-1]
        plain = kind is None
        for child in children:
            name = child.tag
            if isinstance(name, str) and child not in taken and (skip is None or not skip(child)):
                if name.lower() == "br" and (image_hook is None or child not in media):
                    flush()  # (as ``visit`` reads a <br> that cannot be an image)
                else:
                    child_block = walker.visit(child, name)
                    if child_block is not None:
                        inner = child_context(child, kind, preserve)
                        walker.open(child, *inner, block=child_block)
                        break  # (its frame is read next; its tail when the frame is closed)
            tail = child.tail
            if tail and plain:
                text(fixed(tail, preserve, table))
        else:  # (every child read: the element is closed)
            stack.pop()
            if block:
                flush()
            if stack and element.tail and stack[-1][1] is None:
                text(fixed(element.tail, stack[-1][2], table))
    return walk.finish()


# An element being read: its children still to read, the context of its content (string
# kind, whether whitespace is preserved), the element, whether it is a block.
_Frame = tuple[Iterator[Element], str | None, bool, Element, bool]


class _Walker:
    """The state of one ``_walk`` besides its result: the elements being read and how
    their strings are read."""

    def __init__(self, page: _Page, walk: _Walk, image_hook: _Hook | None) -> None:
        self.page = page
        self.walk = walk
        self.image_hook = image_hook
        self.table = _ESCAPED.get()
        self.stack: list[_Frame] = []
        self.text = walk.text_sink()

    def visit(self, tag: Element, name: str) -> bool | None:
        """Read an element (tag name ``name``) up to its content: whether it is a block, if
        its content is to be read (``open``), else ``None`` (dropped, an image, a ``<br>``)."""
        lower = name.lower()
        if lower in _DROP_TAGS:
            return None
        walk = self.walk
        hook = self.image_hook
        if hook is not None and (name in ("figure", "img") or tag in self.page.media_set):
            image = hook(self.page, tag, walk.image_position(block=lower != "img"))
            if image is not None:
                walk.image(image)
                return None
        if lower == "br":
            walk.flush()
            return None
        if lower in _CELL_TAGS:
            self.text(" ")
        block = lower in _BLOCK_TAGS
        if block:
            walk.flush()
        return block

    def open(self, tag: Element, kind: str | None, preserve: bool, *, block: bool) -> None:
        """Read the text of ``tag`` (in its content's context) and put a frame for its
        children on the stack."""
        text = tag.text
        if text and kind is None:
            self.text(fixed(text, preserve, self.table))
        self.stack.append((iter(tag), kind, preserve, tag, block))
