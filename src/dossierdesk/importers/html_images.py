"""Photos in HTML pages: ``<figure>`` and VIRIN-named ``<img>`` elements, and the photo credit
printed at the end of a caption.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from dossierdesk.importers.html_markup import Element, _attr, _classes, _norm, attribute, plain_text
from dossierdesk.importers.html_strings import descendants, find, find_all, get_text
from dossierdesk.importers.html_tree import _Page
from dossierdesk.importers.types import ParsedImage
from dossierdesk.virin import find_virins

_CREDIT_WORDS = r"(?:photo|illustration|graphic|courtesy|image|video|screenshot|screen grab)"


# A parenthesised credit at the end of a caption: "(U.S. Air Force photo/Jim Varhegyi)".
_PAREN_CREDIT = re.compile(
    r"\s*\((?P<credit>[^()]*\b" + _CREDIT_WORDS + r"\b[^()]*)\)[\s.]*$", re.IGNORECASE
)


# An unbracketed final sentence: "U.S. Navy photo by Petty Officer Jane Doe", "Courtesy photo".
_TAIL_CREDIT = re.compile(
    r"(?:^|(?<=[.!?\"”])\s+)"
    r"(?P<credit>(?:(?:U\.S\.|of|the|and|[A-Z][\w’'&\-]*)\s+){0,6}"
    r"(?:[Pp]hoto(?:\s+illustration)?\s+(?:by|courtesy\s+of)\s+[^()]+?"
    r"|[Cc]ourtesy\s+(?:photo|image|graphic|of\s+[^()]+?)))"
    r"\.?\s*$"
)


_CREDIT_WINDOW = 300


def split_credit(caption: str) -> tuple[str, str | None]:
    """Split a trailing photo credit off a caption: returns (caption, credit).

    Only the end of the caption is searched: credits are short, and a bounded search keeps
    hostile captions from making the regular expressions slow.
    """
    return split_normed_credit(_norm(caption))


def split_normed_credit(caption: str) -> tuple[str, str | None]:
    """``split_credit`` of a caption already normalised (``_norm``, as ``plain_text`` gives).

    Each pattern is searched only where it can match: a parenthesised credit has its "(" at
    the last "(" of the tail, after the run of whitespace before it (no "(" or ")" may follow
    it); an unbracketed one holds "hoto" or "ourtesy" (the pattern is case-sensitive after the
    first letter of these words).
    """
    offset = max(0, len(caption) - _CREDIT_WINDOW)
    tail = caption[offset:]
    match = None
    paren = tail.rfind("(")
    if paren >= 0:
        match = _PAREN_CREDIT.search(tail, len(tail[:paren].rstrip()))
    if match is None and ("hoto" in tail or "ourtesy" in tail):
        match = _TAIL_CREDIT.search(tail)
    if match:
        credit = _norm(match.group("credit")).rstrip(".")
        return caption[: offset + match.start()].rstrip(), credit or None
    return caption, None


def _shift(images: Iterable[ParsedImage], delta: int) -> tuple[ParsedImage, ...]:
    """Move image positions when paragraphs were added or removed before them."""
    if not delta:
        return tuple(images)
    return tuple(replace(i, paragraph_index=max(0, i.paragraph_index + delta)) for i in images)


def _generic_image_hook(page: _Page, tag: Element, index: int) -> ParsedImage | None:
    if tag.tag == "figure" or "da_media_item" in _classes(tag):
        img = find(page, tag, "img")
        if img is None:
            return None
        return _figure(page, tag, img, index)
    if tag.tag == "img":
        return _img_element(page, tag, index, require_virin=True)
    return None


def _figure(page: _Page, figure: Element, img: Element, index: int) -> ParsedImage:
    credit_tag = _credit_element(page, figure)
    credit = plain_text(get_text(page, credit_tag, " ")) if credit_tag is not None else None
    if credit_tag is not None:
        page.extract(credit_tag)
    caption_tag = find(page, figure, "figcaption")
    if caption_tag is not None:
        caption = plain_text(get_text(page, caption_tag, " "))
    else:
        caption = plain_text(_attr(img, "alt") or "")
    caption, printed_credit = split_credit(caption)
    return _image_from(_img_src(img), caption, credit or printed_credit, index, figure, page)


def _credit_element(page: _Page, figure: Element) -> Element | None:
    """The first element of a figure that the CSS selector ``[class*=credit], [class*=Credit],
    [itemprop=copyrightHolder]`` selects (attribute values compared as CSS does: case matters,
    a class list as its words joined by spaces)."""
    for node in descendants(page, figure):
        classes = attribute(node, "class")
        if classes is not None:
            joined = " ".join(classes.split())
            if "credit" in joined or "Credit" in joined:
                return node
        if attribute(node, "itemprop") == "copyrightHolder":
            return node
    return None


def _img_element(
    page: _Page, img: Element, index: int, *, require_virin: bool = False
) -> ParsedImage | None:
    src = _img_src(img)
    alt = plain_text(_attr(img, "alt") or "")
    if require_virin and not _first_virin([src, alt]):
        return None  # a bare <img> without a VIRIN is more likely a logo or icon than a photo
    caption, credit = split_credit(alt if " " in alt else "")
    return _image_from(src, caption, credit, index, img, page)


def _image_from(
    src: str | None,
    caption: str,
    credit: str | None,
    index: int,
    element: Element | None = None,
    page: _Page | None = None,
) -> ParsedImage:
    labels = [src, caption]
    if element is not None and page is not None:
        labels += [_attr(a, "href") for a in find_all(page, element, ("a",))]
    return ParsedImage(
        caption=caption,
        credit=credit,
        virin=_first_virin(labels),
        url=src,
        paragraph_index=index,
    )


def _img_src(img: Element) -> str | None:
    for attr in ("src", "data-src", "data-original", "data-lazy-src"):
        value = _attr(img, attr)
        if value and not value.lower().startswith(("data:", "javascript:")):
            return value
    return None


def _first_virin(labels: Iterable[str | None]) -> str | None:
    for label in labels:
        if label:
            found = find_virins(label)
            if found:
                return found[0]
    return None
