"""HTML markup as a tree: the size limits checked before one is built, the one-pass page index,
attribute helpers, and ``plain_text`` (any string taken from a page, reduced to plain text).

Beautiful Soup keeps Python objects of several hundred bytes per element and per text node,
so markup is counted before a tree is built: a page (or any fragment) with more tags than
``MAX_MARKUP_TAGS`` or one per ``MIN_CHARS_PER_TAG`` characters, whichever is more, is refused.
A file of nothing but tiny tags would otherwise take a hundred and more times its size (a 5 MB
file of them took 900 MB); within the limits parsing a page takes at most about 80 MB or about
7 times the page's size. (Real article pages have a few thousand tags.)
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, Tag

from dossierdesk.importers.fields import collapse_whitespace
from dossierdesk.importers.types import ParseError

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


def plain_text(value: str) -> str:
    """Reduce a string that may contain markup or entities to normalised plain text."""
    if "<" in value:
        _check_markup(value)
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


@dataclass
class _Page:
    tags: dict[str, list[Tag]] = field(default_factory=dict)  # by tag name, document order
    comments: list[Comment] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # <meta> content by property/name/itemprop
    roots: list[Tag] = field(default_factory=list)  # main, [role=main], [itemprop=articleBody]
    bylines: list[Tag] = field(default_factory=list)  # .byline, .author, [itemprop|rel=author]
    classed: list[Tag] = field(default_factory=list)  # tags with a class attribute, in order
    articlecs: bool = False

    def live(self, name: str) -> list[Tag]:
        """Tags of a kind that are still in the tree."""
        return [tag for tag in self.tags.get(name, ()) if not self.gone(tag)]

    def gone(self, tag: Tag) -> bool:
        """``tag.decomposed``, without its cost.

        On a tag still in the tree, Beautiful Soup's property asks for the attribute
        ``_decomposed``, which a tag does not have until it is decomposed: ``Tag.__getattr__``
        then looks for a child element of that name, a walk of the tag's whole subtree. So the
        property is true for a live tag with a ``<_decomposed>`` element inside; on a page
        that has one, it is asked as before, so that the results stay what they were.
        """
        if "_decomposed" in self.tags:
            return bool(tag.decomposed)
        return "_decomposed" in tag.__dict__


def _index(soup: BeautifulSoup) -> _Page:
    page = _Page()
    for node in soup.descendants:
        if isinstance(node, Comment):
            page.comments.append(node)
        elif isinstance(node, Tag):
            page.tags.setdefault(node.name, []).append(node)
            if node.attrs:
                if "class" in node.attrs:
                    page.classed.append(node)
                _index_attributes(page, node)
            elif node.name == "main":
                page.roots.append(node)
    return page


def _index_attributes(page: _Page, tag: Tag) -> None:
    classes = _classes(tag)
    if any(c in _ARTICLECS_CLASSES for c in classes):
        page.articlecs = True
    if tag.name == "meta":
        content = _attr(tag, "content")
        for attr in ("property", "name", "itemprop"):
            key = (_attr(tag, attr) or "").lower()
            if key and content and key not in page.meta:
                page.meta[key] = content
    itemprop = (_attr(tag, "itemprop") or "").lower()
    if tag.name == "main" or itemprop == "articlebody" or _attr(tag, "role") == "main":
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
                tag.decompose()


def _has_class(tag: Tag, names: frozenset[str]) -> bool:
    """Whether one of the tag's classes is in ``names``, compared as a CSS class selector
    compares them (exactly: case matters)."""
    value = tag.attrs.get("class") if tag.attrs else None
    words = value if isinstance(value, list) else str(value or "").split()
    return any(word in names for word in words)


def _select_classed(
    page: _Page, root: Tag, names: frozenset[str], tag_name: str | None = None
) -> Iterator[Tag]:
    """The tags under ``root`` (not ``root`` itself) with one of the classes ``names`` and,
    if given, the name ``tag_name``, in document order: what the CSS selector ``.a, .b`` (or
    ``p.a``) selects from ``root``, found in the page index instead of by matching every
    element. Tags no longer in the tree (decomposed, or under an extracted one) are left out.
    """
    for tag in page.classed:
        if (
            not page.gone(tag)
            and (tag_name is None or tag.name == tag_name)
            and _has_class(tag, names)
            and _inside(tag, root)
        ):
            yield tag


def _first_classed(
    page: _Page, root: Tag, names: frozenset[str], tag_name: str | None = None
) -> Tag | None:
    return next(_select_classed(page, root, names, tag_name), None)


def _first_named(page: _Page, root: Tag, name: str) -> Tag | None:
    """The first ``<name>`` under ``root`` still in the tree (CSS ``root name``)."""
    for tag in page.tags.get(name, ()):
        if not page.gone(tag) and _inside(tag, root):
            return tag
    return None


def _inside(node: Tag, container: Tag | None) -> bool:
    return container is not None and any(parent is container for parent in node.parents)


def _classes(tag: Tag) -> list[str]:
    return _attr_words(tag, "class")


def _attr_words(tag: Tag, name: str) -> list[str]:
    """A multi-valued attribute (class, rel) as lower-case words."""
    value = tag.get(name) if tag.attrs else None
    if isinstance(value, list):
        return [str(v).lower() for v in value]
    return str(value).lower().split() if value else []


def _attr(tag: Tag | None, name: str) -> str | None:
    if tag is None or not tag.attrs:
        return None
    value = tag.get(name)
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _norm(text: str) -> str:
    return collapse_whitespace(text.replace("\u00a0", " "))
