"""The DoD "ArticleCS" (DotNetNuke) print pages of af.mil / defense.gov (``html-articlecs``).

Their markup uses CSS classes prefixed ``da_``: title ``h1.title``, ``p.da_story_info`` with byline
and "Published" date, body ``div.da_black``, photos ``div.da_media_item``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from dossierdesk.importers.bylines import parse_byline
from dossierdesk.importers.html_fields import (
    _fallback_title,
    _meta_url,
    _published_date,
    _take_dateline,
)
from dossierdesk.importers.html_images import (
    _first_virin,
    _generic_image_hook,
    _shift,
    split_normed_credit,
)
from dossierdesk.importers.html_markup import (
    _SCRIPT_TAGS,
    Element,
    _attr,
    _classes,
    _norm,
    plain_text,
)
from dossierdesk.importers.html_strings import descendants, find, get_text, previous_sibling
from dossierdesk.importers.html_tree import (
    _drop_tags,
    _first_classed,
    _first_named,
    _Page,
    _select_classed,
)
from dossierdesk.importers.html_walk import (
    _Walk,
    _walk,
)
from dossierdesk.importers.types import ParsedArticle, ParsedImage, ParseError

_LABELLED = re.compile(r"^(Credit|VIRIN)\s*:\s*(\S.{0,200})$", re.IGNORECASE)
# What the raw text (``get_text``) of an element that ``_LABELLED`` matches once normalised
# starts with: normalising changes whitespace only, so the label's letters are there as they
# are, after the leading whitespace, and the same case rule compares them.
_LABEL_START = re.compile(r"\s*(?:Credit|VIRIN)", re.IGNORECASE)
_SIZE = re.compile(r"\((\d+(?:\.\d+)?\s*[KMG]B)\)", re.IGNORECASE)
# The CSS classes the strategy looks for (as class selectors: case matters).
_PRINT_ROOTS = frozenset({"da_print_body", "da_print_bio", "da_page_print"})
_JUNK = frozenset({"da_related_item", "da_print", "g_link_box"})
_BODY = frozenset({"da_black"})
_STORY_INFO = frozenset({"da_story_info"})


def _parse_articlecs(page: _Page, name: str, original_url: str | None) -> ParsedArticle:
    meta_url = _meta_url(page)
    _drop_tags(page, _SCRIPT_TAGS)
    root = _first_classed(page, None, _PRINT_ROOTS)
    if root is None:
        root = page.body()  # (None again: the whole page)
    for junk in list(_select_classed(page, root, _JUNK)):
        page.decompose(junk)
    title = _articlecs_title(root, page) or _fallback_title(page, name)
    info = _articlecs_info(root, page)
    body = _first_classed(page, root, _BODY)
    walk = _walk(page, body, _articlecs_image_hook) if body is not None else _Walk().finish()
    dateline, paragraphs, dateline_date = _take_dateline([*info.lead, *walk.paragraphs])
    shift = len(paragraphs) - len(walk.paragraphs)  # lead paragraphs added, dateline removed
    images = [
        *_shift(walk.images, shift),
        *_articlecs_outside_images(page, body, len(paragraphs)),
    ]
    if not paragraphs and not images:
        raise ParseError("no article text found")
    return ParsedArticle(
        title=title,
        paragraphs=tuple(paragraphs),
        format="html-articlecs",
        published=info.published or dateline_date,
        byline=info.byline,
        authors=info.authors,
        source=info.source,
        dateline=dateline,
        url=meta_url or original_url,
        images=tuple(images),
    )


def _articlecs_title(root: Element | None, page: _Page) -> str | None:
    heading = _first_named(page, root, "h1")  # (h1.title, else h1.biotitleprint, else any h1)
    return (plain_text(get_text(page, heading, " ")) or None) if heading is not None else None


@dataclass(frozen=True)
class _StoryInfo:
    byline: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    published: dt.date | None = None
    lead: tuple[str, ...] = ()  # text shown in the info area that belongs to the body


def _articlecs_info(root: Element | None, page: _Page) -> _StoryInfo:
    """Read "By NAME, UNIT <span>/ Published Month DD, YYYY</span>" (all parts optional)."""
    info_tag = _first_classed(page, root, _STORY_INFO, "p")
    if info_tag is None:
        return _StoryInfo()
    span = find(page, info_tag, "span")
    span_text = _norm(get_text(page, span, " ")) if span is not None else ""
    if span is not None:
        page.extract(span)
    text = _norm(get_text(page, info_tag, " "))
    published_text = span_text if "published" in span_text.lower() else ""
    if not published_text and text.lower().startswith("published"):
        published_text, text = text, ""
    if published_text:
        byline_text = text.strip(" ,/")
        return _with_byline(_StoryInfo(published=_published_date(published_text)), byline_text)
    # Speech pages: a speaker paragraph before the info block, and the info block is a summary.
    speaker = previous_sibling(page, info_tag, "p")
    info = _StoryInfo(lead=(text,) if text else ())
    if speaker is not None and (name := plain_text(get_text(page, speaker, " "))):
        return replace(info, byline=name, authors=(name,))
    return info


def _with_byline(info: _StoryInfo, byline_text: str) -> _StoryInfo:
    if not byline_text:
        return info
    byline = parse_byline(byline_text)
    return replace(
        info, byline=byline.printed or byline_text, authors=byline.authors, source=byline.source
    )


def _articlecs_image_hook(page: _Page, tag: Element, index: int) -> ParsedImage | None:
    if "da_media_item" in _classes(tag):
        return _articlecs_media_item(page, tag, index)
    return _generic_image_hook(page, tag, index)  # <figure> or a VIRIN-named <img> in the body


def _articlecs_outside_images(
    page: _Page, body: Element | None, n_paragraphs: int
) -> list[ParsedImage]:
    """Photo blocks outside the body: before it (biographies) -> index 0, after it -> the end.

    Searched in the whole page: fact sheets put their gallery after the print-body element.
    (The index has the photo blocks and the classed elements in document order.)
    """
    images: list[ParsedImage] = []
    body_at = next((i for i, node in enumerate(page.classed) if node is body), None)
    for at, node in page.media_items:
        if (
            node is not body
            and not page.gone(node)
            and page.in_tree(node)
            and not page.inside(node, body)
        ):
            after = body_at is not None and at > body_at
            images.append(_articlecs_media_item(page, node, n_paragraphs if after else 0))
    return images


_FIELD_TAGS = frozenset({"p", "div", "span", "li", "dd"})  # may hold "Credit: ..." / "VIRIN: ..."


@dataclass
class _MediaParts:
    """The elements of a photo block the reader looks at, by kind, in document order (one
    walk instead of a ``find``/``find_all`` each)."""

    img: Element | None = None  # the first <img>
    links: list[Element] = field(default_factory=list)
    fields: list[Element] = field(default_factory=list)  # _FIELD_TAGS
    paragraphs: list[Element] = field(default_factory=list)


def _media_parts(page: _Page, item: Element) -> _MediaParts:
    parts = _MediaParts()
    for node in descendants(page, item):
        name = node.tag
        if name == "img" and parts.img is None:
            parts.img = node
        elif name == "a":
            parts.links.append(node)
        elif name in _FIELD_TAGS:
            parts.fields.append(node)
            if name == "p":
                parts.paragraphs.append(node)
    return parts


class _BlockTexts:
    """The text of a photo block's elements (``get_text`` with spaces), each read once:
    a block's links, labelled lines and caption paragraphs are often the same elements,
    and nothing is taken out of the page while a block is read."""

    def __init__(self, page: _Page) -> None:
        self.page = page
        self._raw: dict[Element, str] = {}
        self._normed: dict[Element, str] = {}

    def raw(self, element: Element) -> str:
        text = self._raw.get(element)
        if text is None:
            text = self._raw[element] = get_text(self.page, element, " ")
        return text

    def normed(self, element: Element) -> str:
        text = self._normed.get(element)
        if text is None:
            text = self._normed[element] = _norm(self.raw(element))
        return text

    def labelled(self, element: Element) -> re.Match[str] | None:
        """``_LABELLED`` matched against the element's normalised text, which is made only
        for an element whose raw text starts with a label."""
        if _LABEL_START.match(self.raw(element)) is None:
            return None
        return _LABELLED.match(self.normed(element))


def _articlecs_media_item(page: _Page, item: Element, index: int) -> ParsedImage:
    parts = _media_parts(page, item)
    texts = _BlockTexts(page)
    img = parts.img
    src = _attr(img, "src") if img is not None else None
    hires = details = None
    size = None
    for link in parts.links:
        label = texts.normed(link).upper()
        if "DOWNLOAD" in label or "FULL SIZE" in label:
            hires = _attr(link, "href")
            size_match = _SIZE.search(label)
            size = size_match.group(1) if size_match else size
        elif "DETAILS" in label:
            details = _attr(link, "href")
    fields = _labelled_fields(texts, parts.fields)
    caption = _articlecs_caption(page, texts, parts.paragraphs)
    if not caption and img is not None:
        alt = plain_text(_attr(img, "alt") or "")
        caption = alt if " " in alt else ""  # "RandOct2013" is a label, not a caption
    caption, credit = split_normed_credit(caption)  # (plain_text normalised it)
    labels = _virin_labels((fields.get("virin"), src, hires, details), texts, item)
    return ParsedImage(
        caption=caption,
        credit=fields.get("credit") or credit,
        virin=_first_virin(labels),
        download_size=size,
        url=hires or src,
        paragraph_index=index,
    )


def _virin_labels(
    labels: tuple[str | None, ...], texts: _BlockTexts, item: Element
) -> Iterator[str | None]:
    """Where a photo block's VIRIN is looked for, in order; the block's whole text, last,
    is read only if no label before it has one."""
    yield from labels
    yield texts.normed(item)


def _labelled_fields(texts: _BlockTexts, elements: list[Element]) -> dict[str, str]:
    """The "Credit: ..." and "VIRIN: ..." lines of a photo block (newer defense.gov layout)."""
    fields: dict[str, str] = {}
    for element in elements:
        match = texts.labelled(element)
        if match and match.group(1).lower() not in fields:
            fields[match.group(1).lower()] = match.group(2)
    return fields


def _articlecs_caption(page: _Page, texts: _BlockTexts, paragraphs: list[Element]) -> str:
    """The last paragraph of a photo block that is neither a link line nor a labelled field."""
    for paragraph in reversed(paragraphs):
        if find(page, paragraph, "a") is None and not texts.labelled(paragraph):
            raw = texts.raw(paragraph)
            # (plain_text of a string with no markup or entity in it is its normalised text)
            text = plain_text(raw) if "<" in raw or "&" in raw else texts.normed(paragraph)
            if text:
                return text
    return ""
