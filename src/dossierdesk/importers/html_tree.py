"""The page index: a parsed page's elements by kind, in document order, and the ones taken out.

Pages are parsed by lxml (``html_parse``: libxml2's HTML parser, as before through Beautiful
Soup) into an ``lxml.etree`` tree. Elements are never removed from the tree: the page index
records the ones taken out (``_Page.decompose`` / ``_Page.extract``) and every reader skips
them, so that the strings around them stay separate strings, as they were in the Beautiful
Soup tree. How strings are read is in ``html_strings``; the markup limits, attribute helpers
and ``plain_text`` are in ``html_markup``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain

from lxml import etree

from dossierdesk.importers.html_markup import Element, _attr, attribute

_ARTICLECS_CLASSES = frozenset({"da_print_body", "da_print_bio", "da_story_info", "da_black"})

# Where strings are read differently (``html_strings``): containers, preserved whitespace.
_STRING_CONTAINERS = frozenset({"script", "style", "template", "rt", "rp"})
_PRESERVE_TAGS = frozenset({"pre", "textarea"})
_SPECIAL_TAGS = tuple(sorted(_STRING_CONTAINERS | _PRESERVE_TAGS))

# The attributes the page index reads (besides those of <meta>).
_INDEXED_ATTRIBUTES = frozenset({"class", "itemprop", "role", "rel"})


class _Tags(Mapping[str, list[Element]]):
    """A page's elements by tag name, in document order (``_Page.tags``): a name's list is
    found (by lxml, with no Python loop over the page) when first asked for."""

    def __init__(self, tops: list[Element]) -> None:
        self._tops = tops  # the elements at the top of the document, in order
        self._found: dict[str, list[Element]] = {}

    def __getitem__(self, name: str) -> list[Element]:
        found = self._found.get(name)
        if found is None:
            found = self._found[name] = [node for top in self._tops for node in top.iter(name)]
        if not found:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        names = (node.tag for top in self._tops for node in top.iter(etree.Element))
        return iter(dict.fromkeys(names))

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass
class _Page:
    """The page index: its elements by kind, in document order, and the ones taken out.

    It holds every element (``elements``, released last): lxml releases an element's Python
    object by looking up its ancestors for one that still has one, so that a deeply nested
    page whose elements were not held would take time growing with the square of its depth.
    """

    root: Element
    tops: list[Element] = field(default_factory=list)  # the root and any element beside it
    tags: Mapping[str, list[Element]] = field(init=False, default_factory=dict)  # (_Tags)
    comments: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # <meta> content by property/name/itemprop
    roots: list[Element] = field(default_factory=list)  # main, [role=main], [itemprop=articleBody]
    bylines: list[Element] = field(default_factory=list)  # .byline, .author, [itemprop|rel=author]
    classed: list[Element] = field(default_factory=list)  # elements with a class, in order
    class_values: list[str] = field(default_factory=list)  # their class attributes
    by_class: dict[str, list[int]] | None = None  # class word -> positions (``with_class``)
    # ``.da_media_item`` elements (ArticleCS photo blocks): (index in ``classed``, element)
    media_items: list[tuple[int, Element]] = field(default_factory=list)
    articlecs: bool = False
    decomposed: set[Element] = field(default_factory=set)  # gone, with all they hold
    extracted: set[Element] = field(default_factory=set)  # taken out (kept, detached)
    detached: set[Element] = field(default_factory=set)  # what extracted elements hold
    taken: set[Element] = field(default_factory=set)  # ``decomposed`` and ``extracted``
    # Elements in or being a string container, <pre> or <textarea>; those holding one
    special: set[Element] = field(default_factory=set)
    holding_special: set[Element] = field(default_factory=set)
    media_set: set[Element] = field(default_factory=set)  # the elements of ``media_items``
    elements: list[Element] = field(default_factory=list)  # all, in document order

    def __post_init__(self) -> None:
        if not self.tops:
            self.tops = [self.root]
        self.tags = _Tags(self.tops)

    def named(self, names: Iterable[str]) -> Iterator[Element]:
        """The elements with one of the tag names, in document order."""
        wanted = tuple(names)
        return chain.from_iterable(top.iter(*wanted) for top in self.tops)

    def with_class(self, names: Iterable[str]) -> list[int]:
        """The positions in ``classed`` of the elements with one of the class words
        ``names`` (compared exactly, as a CSS class selector compares them), in order."""
        if self.by_class is None:
            self.by_class = {}
            for at, value in enumerate(self.class_values):
                for word in value.split():
                    self.by_class.setdefault(word, []).append(at)
        found: set[int] = set()
        for name in names:
            found.update(self.by_class.get(name, ()))
        return sorted(found)

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
        return tag in self.taken

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
        nodes = list(tag.iter())
        self.decomposed.update(nodes)
        self.taken.update(nodes)

    def extract(self, tag: Element) -> None:
        self.extracted.add(tag)
        self.taken.add(tag)
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
    """Index the page (``comments``: its comments, if not all are in the tree).

    lxml finds the comments, <meta>, <main> and string containers; the one Python loop over
    the elements reads attribute names, and the values of those the index reads.
    """
    before = list(root.itersiblings(preceding=True))
    nodes = [*reversed(before), root, *root.itersiblings()]
    tops = [node for node in nodes if isinstance(node.tag, str)]
    page = _Page(root, tops)
    if comments is None:
        comment = etree.Comment
        for node in nodes:
            if node.tag is comment:
                page.comments.append(node.text or "")
            elif isinstance(node.tag, str):
                page.comments.extend(found.text or "" for found in node.iter(comment))
    else:
        page.comments = comments
    for meta in page.named(("meta",)):
        content = _attr(meta, "content")
        for attr in ("property", "name", "itemprop"):
            key = (_attr(meta, attr) or "").lower()
            if key and content and key not in page.meta:
                page.meta[key] = content
    mains = set(page.named(("main",)))
    if len(tops) == 1:
        page.elements = list(root.iter(etree.Element))
    else:
        page.elements = [node for top in tops for node in top.iter(etree.Element)]
    _index_attributes(page, mains)
    for node in page.named(_SPECIAL_TAGS):
        if node not in page.special:  # (else it is inside one found before, with its content)
            page.special.update(node.iter())
            for parent in node.iterancestors():
                if parent in page.holding_special:
                    break  # (and so are its ancestors)
                page.holding_special.add(parent)
    return page


def _index_attributes(page: _Page, mains: set[Element]) -> None:
    """What the class, itemprop, role and rel attributes of the page's elements tell the index
    (as ``_attr`` and ``_classes`` read them; ``mains``: the <main> elements).

    Written out in one loop: it runs for every element of the page. A class attribute is split
    into words only when one of the words looked for could be among them: every such word
    (the ArticleCS classes, "byline", "author") holds "da_", "byline" or "author".
    """
    indexed = _INDEXED_ATTRIBUTES
    articlecs_classes = _ARTICLECS_CLASSES
    classed = page.classed
    class_values = page.class_values
    roots = page.roots
    bylines = page.bylines
    for tag in page.elements:
        keys = tag.keys()
        if not keys or indexed.isdisjoint(keys):
            if mains and tag in mains:
                roots.append(tag)
            continue
        byline = False
        if "class" in keys:
            value = attribute(tag, "class") or ""
            classed.append(tag)
            class_values.append(value)
            lowered = value.lower()
            if "da_" in lowered or "byline" in lowered or "author" in lowered:
                classes = lowered.split()
                if not page.articlecs and not articlecs_classes.isdisjoint(classes):
                    page.articlecs = True
                if "da_media_item" in classes:
                    page.media_items.append((len(classed) - 1, tag))
                    page.media_set.add(tag)
                byline = "byline" in classes or "author" in classes
        itemprop = ""
        if "itemprop" in keys:
            itemprop = (attribute(tag, "itemprop") or "").strip().lower()
        if (
            (mains and tag in mains)
            or itemprop == "articlebody"
            or ("role" in keys and (attribute(tag, "role") or "").strip() == "main")
        ):
            roots.append(tag)
        if (
            byline
            or itemprop == "author"
            or ("rel" in keys and "author" in (attribute(tag, "rel") or "").lower().split())
        ):
            bylines.append(tag)


def _drop_tags(page: _Page, names: Iterable[str]) -> None:
    for tag in page.named(names):
        if not page.gone(tag):  # a tag inside another dropped one goes with it
            page.decompose(tag)


def _select_classed(
    page: _Page, root: Element | None, names: frozenset[str], tag_name: str | None = None
) -> Iterator[Element]:
    """The tags under ``root`` (not ``root`` itself; ``None``: the whole page) with one of
    the classes ``names`` and, if given, the name ``tag_name``, in document order: what the
    CSS selector ``.a, .b`` (or ``p.a``) selects. Tags no longer in the tree are left out.

    (The page index has the positions of the elements with each class word: classes
    compare as a CSS class selector compares them, exactly.)
    """
    for at in page.with_class(names):
        tag = page.classed[at]
        if (
            not page.gone(tag)
            and (tag_name is None or tag.tag == tag_name)
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
