"""The photos of a saved page, matched to its article's images (no SQLAlchemy, no Qt).

A page saved "complete" (``importers.saved_page``) or as MHTML (``importers.mhtml``) comes with
the pictures it references. Each ``<img>`` of the page is looked at with what names it:
``src``, the lazy-loading ``data-*`` variants, every ``srcset`` candidate (also those of a
``<picture>``'s ``<source>``), the link around it and the links of its photo block
(``<figure>``, ``da_media_item``: "DOWNLOAD HI-RES"). An article image is matched to the
element one of whose names is the image's URL, else to the photo of the same VIRIN; it gets
the largest photo found among that element's references (the hi-res ``srcset`` candidate).

Icons, logos and spacers are left out: photos under ``MIN_LONG_SIDE`` pixels on their long side
or ``MIN_PHOTO_BYTES`` bytes (those are not even decoded). A listing or gallery page
(``GALLERY_MIN`` or more photos not matched to article images, or an article without images)
keeps all its photos; an article page keeps its images' photos only. A picture that cannot be
read becomes a note (user-facing).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dossierdesk.importers import ParsedArticle, ParseError, parse_document
from dossierdesk.importers.saved_page import MIN_PHOTO_BYTES, normalize_reference, srcset_urls
from dossierdesk.service.rows import (
    PagePhoto,
    PreparedFile,
    PreparedPhoto,
    prepare_file,
    prepare_photo,
)

MIN_LONG_SIDE = 200
GALLERY_MIN = 3
_SRC_ATTRIBUTES = ("src", "data-src", "data-original", "data-lazy-src")
_SRCSET_ATTRIBUTES = ("srcset", "data-srcset")

# A reference of the page -> (a name for the picture, its bytes), or None.
Lookup = Callable[[str], tuple[str, bytes] | None]


@dataclass(slots=True)
class _Element:
    refs: list[str]  # where the picture may be (src, srcset, a link to a picture)
    keys: set[str] = field(default_factory=set)  # what an article image's URL may be


def prepare_saved_page(
    name: str,
    data: bytes,
    companions: Sequence[tuple[str, bytes]],
    notes: Sequence[str] = (),
) -> PreparedFile:
    """A page saved with its folder: its articles, with the photos ``companions`` (relative
    path, bytes) hold for them."""
    read_pictures, read = _reading_pictures()
    articles = parse_document(data, name, on_page=read_pictures)
    by_path = dict(companions)

    def lookup(ref: str) -> tuple[str, bytes] | None:
        path = normalize_reference(ref)
        found = by_path.get(path) if path is not None else None
        return None if found is None or path is None else (path, found)

    elements = read[0] if read else None
    prepared = prepare_file(name, data, articles)
    return _with_photos(prepared, data, articles, lookup, notes, elements)


def prepare_mhtml(name: str, data: bytes) -> PreparedFile:
    """An MHTML file: the article of its page, with the photos its parts hold for it."""
    from dossierdesk.importers.html_article import parse_html
    from dossierdesk.importers.mhtml import read_mhtml

    page = read_mhtml(data, name)
    read_pictures, read = _reading_pictures()
    articles = [parse_html(page.html, name, on_page=read_pictures)]

    def lookup(ref: str) -> tuple[str, bytes] | None:
        found = page.lookup(ref)
        return None if found is None else (_leaf(ref), found)

    elements = read[0] if read else None
    prepared = prepare_file(name, data, articles)
    return _with_photos(prepared, page.html, articles, lookup, tuple(page.notes), elements)


def _reading_pictures() -> tuple[Callable[[Any], None], list[list[_Element]]]:
    """An ``on_page`` hook reading the page's pictures from the tree its article is read from
    (before the article is taken out of it: one parse of the page instead of two, 0.3-0.4 ms
    a page), and the list it puts them in. A failure there leaves the list empty: the
    pictures are then read from a parse of their own (``_elements``), which reports it as
    before."""
    read: list[list[_Element]] = []

    def hook(root: Any) -> None:
        with contextlib.suppress(Exception):
            read.append(_elements_of(root))

    return hook, read


def _with_photos(
    prepared: PreparedFile,
    html: bytes,
    articles: Sequence[ParsedArticle],
    lookup: Lookup,
    notes: Sequence[str],
    elements: list[_Element] | None = None,
) -> PreparedFile:
    photos, photo_notes = page_photos(html, articles, lookup, elements)
    all_notes = (*notes, *photo_notes)
    if not photos and not all_notes:
        return prepared
    return prepared._replace(photos=photos, notes=all_notes)


def page_photos(
    html: bytes,
    articles: Sequence[ParsedArticle],
    lookup: Lookup,
    page_elements: list[_Element] | None = None,
) -> tuple[tuple[PagePhoto, ...], tuple[str, ...]]:
    """The photos of the page for its articles' images, then those of a gallery; and notes.

    ``page_elements``: the page's pictures, if already read from its tree (else the page is
    parsed for them)."""
    reader = _Reader(lookup)
    elements: list[tuple[_Element, PreparedPhoto]] = []
    for element in _elements(html) if page_elements is None else page_elements:
        best = reader.best(element.refs)
        if best is not None:
            elements.append((element, best))
    found: list[PagePhoto] = []
    used: set[str] = set()
    image_count = 0
    for index, article in enumerate(articles):
        for position, image in enumerate(article.images):
            image_count += 1
            photo = _match(image.url, image.virin, elements)
            if photo is not None:
                found.append(PagePhoto(index, position, photo))
                used.add(str(photo.values["sha256"]))
    extras: dict[str, PreparedPhoto] = {}
    for _, photo in elements:
        sha = str(photo.values["sha256"])
        if sha not in used:
            extras.setdefault(sha, photo)
    if extras and (len(extras) >= GALLERY_MIN or image_count == 0):
        found.extend(PagePhoto(None, None, p) for p in extras.values())
    return tuple(found), tuple(reader.notes)


def _match(
    url: str | None, virin: str | None, elements: list[tuple[_Element, PreparedPhoto]]
) -> PreparedPhoto | None:
    if url:
        for element, photo in elements:
            if url in element.keys:
                return photo
    key = _virin_key(virin)
    if key is not None:
        for _, photo in elements:
            if key in (
                _virin_key(photo.values.get("virin")),
                _virin_key(photo.values.get("file_name_virin")),
            ):
                return photo
    return None


class _Reader:
    """Pictures read once each (by content: two URLs may end in the same file name); the
    icons and the unreadable are left out."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup
        self.photos: dict[bytes, PreparedPhoto | None] = {}
        self.notes: list[str] = []

    def best(self, refs: list[str]) -> PreparedPhoto | None:
        """The largest photo of the references that are in the page's files."""
        best: PreparedPhoto | None = None
        for ref in refs:
            photo = self.read(ref)
            if photo is not None and (best is None or _pixels(photo) > _pixels(best)):
                best = photo
        return best

    def read(self, ref: str) -> PreparedPhoto | None:
        found = self.lookup(ref)
        if found is None:
            return None
        name, data = found
        if data in self.photos:
            return self.photos[data]
        photo: PreparedPhoto | None = None
        if len(data) < MIN_PHOTO_BYTES:  # an icon, whatever it shows: not decoded (0.1 ms)
            self.photos[data] = None
            return None
        try:
            photo = prepare_photo(name, data)
        except ParseError as exc:
            self.notes.append(f"photo {name} not read: {exc}")
        if photo is not None and _small(photo):
            photo = None  # an icon, a logo, a spacer, however many bytes
        self.photos[data] = photo
        return photo


def _small(photo: PreparedPhoto) -> bool:
    """Under ``MIN_LONG_SIDE`` pixels on its long side (fewer bytes never reach here)."""
    return max(_number(photo, "width"), _number(photo, "height")) < MIN_LONG_SIDE


def _pixels(photo: PreparedPhoto) -> int:
    return _number(photo, "width") * _number(photo, "height")


def _number(photo: PreparedPhoto, key: str) -> int:
    value = photo.values.get(key)
    return value if isinstance(value, int) else 0


def _elements(html: bytes) -> list[_Element]:
    """The page's pictures: each ``<img>`` with its names, then links to picture files."""
    from dossierdesk.importers.encoding import declared_charset, decode_bytes
    from dossierdesk.importers.html_article import parse_page
    from dossierdesk.importers.html_markup import reading_escaped

    root, _, escaped = parse_page(decode_bytes(html, declared_charset(html)))
    with reading_escaped(escaped):
        return _elements_of(root)


def _elements_of(root: Any) -> list[_Element]:
    elements: list[_Element] = []
    in_blocks: set[Any] = set()  # links inside a photo block (the elements themselves)
    for img in root.iter("img"):
        refs = [v for a in _SRC_ATTRIBUTES if (v := _attr(img, a))]
        for a in _SRCSET_ATTRIBUTES:
            refs += srcset_urls(_attr(img, a) or "")
        parent = img.getparent()
        if parent is not None and parent.tag == "picture":
            for source in parent.iter("source"):
                if source is not parent:
                    refs += srcset_urls(_attr(source, "srcset") or "")
        keys = set(refs)
        link = next(img.iterancestors("a"), None)
        if link is not None and (href := _attr(link, "href")):
            keys.add(href)
            refs.append(href)
        block = _block(img)
        if block is not None:
            for block_link in block.iter("a"):
                if block_link is not block and (href := _attr(block_link, "href")):
                    keys.add(href)
                    refs.append(href)
                    in_blocks.add(block_link)
        elements.append(_Element(refs, keys))
    for link in root.iter("a"):
        if link not in in_blocks and _first_img(link) is None:
            href = _attr(link, "href")
            if href:
                elements.append(_Element([href], {href}))
    return elements


def _first_img(link: Any) -> Any:
    return next((img for img in link.iter("img") if img is not link), None)


def _block(img: Any) -> Any:
    for parent in img.iterancestors():
        if parent.tag in ("body", "html"):
            return None
        classes = (_attr(parent, "class") or "").split()
        if parent.tag == "figure" or "da_media_item" in classes:
            return parent
    return None


def _attr(tag: Any, name: str) -> str | None:
    from dossierdesk.importers.html_markup import attribute

    value = attribute(tag, name)
    return value.strip() or None if isinstance(value, str) else None


def _virin_key(virin: object) -> str | None:
    if not isinstance(virin, str) or not virin:
        return None
    from dossierdesk.importers.photos import virin_key

    return virin_key(virin)


def _leaf(ref: str) -> str:
    """A name for a picture found by a URL: its last path segment (a VIRIN is read from it)."""
    path = ref.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    return path.rsplit("/", 1)[-1] or ref
