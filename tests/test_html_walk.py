"""The text walker gives what the plain walk it replaces gives, and ``_norm`` what it gave.

``html_walk._walk`` reads each element's children in a loop over an iterator kept on its
stack, and reads a ``<br>`` that cannot be an image in that loop without a call. The
reference below is the walk it replaces: every string and element pushed on one stack, an
end marker for each block, each element read by one function.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.markup_strategies import markup

from dossierdesk.importers.fields import _WHITESPACE_CHUNK, collapse_whitespace
from dossierdesk.importers.html_articlecs import _articlecs_image_hook
from dossierdesk.importers.html_images import _generic_image_hook
from dossierdesk.importers.html_markup import (
    _BLOCK_TAGS,
    _CELL_TAGS,
    _DROP_TAGS,
    _ESCAPED,
    _norm,
    reading_escaped,
)
from dossierdesk.importers.html_metadata import _is_furniture
from dossierdesk.importers.html_parse import parse_page
from dossierdesk.importers.html_strings import child_context, context, fixed
from dossierdesk.importers.html_tree import _index, _Page
from dossierdesk.importers.html_walk import _Hook, _Walk, _walk
from dossierdesk.importers.types import ParsedImage

_EXIT = object()


def _reference_walk(
    page: _Page,
    root: Any,
    image_hook: _Hook | None = None,
    *,
    skip: Any = None,
    blank_line_breaks: bool = False,
) -> _Walk:
    walk = _Walk(blank_line_breaks=blank_line_breaks)
    stack: list[Any] = []
    if root is None:
        stack.append((page.root, None, False))
    else:
        _reference_push(page, root, *context(page, root), stack)
    while stack:
        node = stack.pop()
        if node is _EXIT:
            walk.flush()
        elif isinstance(node, str):
            walk.text(node)
        else:
            tag = node[0]
            if skip is None or not skip(tag):
                _reference_visit(page, node, walk, stack, image_hook)
    return walk.finish()


def _reference_push(
    page: _Page, tag: Any, kind: str | None, preserve: bool, stack: list[Any]
) -> None:
    plain = kind is None
    table = _ESCAPED.get()
    for child in reversed(tag):
        if child.tail and plain:
            stack.append(fixed(child.tail, preserve, table))
        if isinstance(child.tag, str) and child not in page.taken:
            stack.append((child, *child_context(child, kind, preserve)))
    if tag.text and plain:
        stack.append(fixed(tag.text, preserve, table))


def _reference_visit(
    page: _Page, node: Any, walk: _Walk, stack: list[Any], image_hook: _Hook | None
) -> None:
    tag, kind, preserve = node
    name = tag.tag.lower()
    if name in _DROP_TAGS:
        return
    if image_hook is not None and (tag.tag in ("figure", "img") or tag in page.media_set):
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
    _reference_push(page, tag, kind, preserve, stack)


_NAMES = ["div", "p", "br", "br", "br", "span", "b", "td", "tr", "pre", "script", "style"]
_NAMES += ["template", "rt", "figure", "img", "figcaption", "iframe", "nav", "a", "BR", "Td"]
_ATTRIBUTES = [
    'class="da_media_item"',
    'class="photo-credit"',
    'role="navigation"',
    "hidden",
    'src="/img/160101-F-AB123-001.jpg"',
    'alt="Airmen at work 160101-F-AB123-001 (U.S. Air Force photo)"',
    'href="/160101-F-AB123-002.jpg"',
    'id="x"',
]
_TEXTS = ["Word", " ", "\n", "a\n \nb", "\u00a0", "&nbsp;x", "x  y\t", "<!-- c -->", "", "\x01"]


_MARKUP = markup(_NAMES, _ATTRIBUTES, _TEXTS, max_children=4)


class _Recorder:
    """A hook that claims every other element offered, and notes what it was offered."""

    def __init__(self, page: _Page) -> None:
        self.order = {node: at for at, node in enumerate(page.root.iter())}
        self.calls: list[tuple[int, int]] = []

    def __call__(self, page: _Page, tag: Any, index: int) -> ParsedImage | None:
        self.calls.append((self.order[tag], index))
        if len(self.calls) % 2:
            return None
        return ParsedImage(caption=str(self.order[tag]), paragraph_index=index)


def _run(walker: Any, markup: str, choice: tuple[int, int, int, bool, bool]) -> Any:
    root_at, hook_kind, taken_at, skipping, blank = choice
    tree, comments, escaped = parse_page(markup)
    with reading_escaped(escaped):
        page = _index(tree, comments)
        elements = page.elements
        for tag in elements[taken_at % len(elements) :: 4]:  # some parts are taken out
            if not page.taken_out(tag):
                (page.decompose if len(tag) % 2 else page.extract)(tag)
        root = None if root_at == 0 else elements[root_at % len(elements)]
        recorder = _Recorder(page)
        hook = [None, _generic_image_hook, _articlecs_image_hook, recorder][hook_kind]
        walk = walker(
            page,
            root,
            hook,
            skip=_is_furniture if skipping else None,
            blank_line_breaks=blank,
        )
    return walk.paragraphs, walk.images, recorder.calls


@given(
    st.lists(_MARKUP, min_size=1, max_size=5),
    st.booleans(),
    st.tuples(
        st.integers(0, 40), st.integers(0, 3), st.integers(0, 60), st.booleans(), st.booleans()
    ),
)
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(["<div>a<br>b</div>c<br>d"], False, (1, 0, 59, False, False))
@example(["<nav>x</nav>"], False, (0, 0, 59, True, False))
def test_the_walk_gives_what_the_plain_walk_gives(
    parts: list[str], after_end: bool, choice: tuple[int, int, int, bool, bool]
) -> None:
    markup = f"<html><body>{''.join(parts)}</body></html>"
    if after_end:  # a tree built from parser events, with stand-ins for control characters
        markup += "<p>after</p>"
    if choice[3] and choice[0] % 3 == 0:  # the whole page, in a root that may be furniture
        markup = markup.replace("<html>", '<html role="navigation">', choice[2] % 2)
    assert _run(_walk, markup, choice) == _run(_reference_walk, markup, choice)


@given(st.text(alphabet=st.sampled_from([" ", "\u00a0", "\n", "a", "\u2003", "\x85", "é"])))
@example("\u00a0" * 3 + "a" + "\u00a0" * (_WHITESPACE_CHUNK + 5) + "b\u00a0")
@example("a" * (_WHITESPACE_CHUNK - 1) + "\u00a0b" + " " * _WHITESPACE_CHUNK)
def test_norm_is_collapse_whitespace_with_no_break_spaces_as_spaces(text: str) -> None:
    assert _norm(text) == collapse_whitespace(text.replace("\u00a0", " "))
