"""Photos put into a written PDF as their JPEG renditions (see ``pdf.photos``).

Qt painted each photo as a placeholder: a one-row, losslessly stored image whose pixels name
the photo. Here every page's image objects are looked at; each placeholder's object is given,
in the PDF's incremental update, the rendition's JPEG data as a ``DCTDecode`` image of the
rendition's size. The page content is left alone: it draws the object in the unit square that
Qt's transformation maps onto the photo's place, whatever the object's pixel size.

A placeholder whose photo has no rendition any more (never expected: layout made it) becomes a
one-pixel grey image, so that no placeholder pixels are ever printed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from pypdf import PdfReader
from pypdf.generic import (
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from dossierdesk.imaging import Rendition
from dossierdesk.jpeg_bytes import jpeg_components
from dossierdesk.pdf.photos import placeholder_key

log = logging.getLogger(__name__)

RenditionSource = Callable[[str], Rendition | None]
_MAX_PLACEHOLDER_WIDTH = 64


class StreamSink(Protocol):
    """Where replacement streams go (``postprocess._Update``): data is fetched when written."""

    def put_lazy_stream(
        self, ref: IndirectObject, header: DictionaryObject, data: Callable[[], bytes]
    ) -> None: ...


def embed_photos(
    sink: StreamSink, reader: PdfReader, page_refs: list[Any], renditions: RenditionSource
) -> int:
    """Replace the placeholders on ``page_refs`` by their renditions; returns how many."""
    replaced = 0
    for ref, stream in _image_objects(page_refs):
        if not _looks_like_placeholder(stream):
            continue
        try:
            key = placeholder_key(stream.get_data())
        except Exception:
            log.debug("image object %s not read", ref.idnum, exc_info=True)
            continue
        if key is None:
            continue
        made = renditions(key)
        if made is None:
            log.warning("photo %s: no rendition left to print; left blank", key[:12])
        size = (made.width, made.height) if made is not None else None
        sink.put_lazy_stream(ref, _header(made), _fetch(key, size, renditions))
        del made
        replaced += 1
    return replaced


def _image_objects(page_refs: list[Any]) -> Iterator[tuple[IndirectObject, StreamObject]]:
    """Each image object the pages use, once (Qt shares one resource dictionary)."""
    seen_resources: set[int] = set()
    seen_objects: set[int] = set()
    for page_ref in page_refs:
        page = page_ref.get_object()
        resources_ref = page.raw_get("/Resources") if "/Resources" in page else None
        if resources_ref is None:
            continue
        if isinstance(resources_ref, IndirectObject):
            if resources_ref.idnum in seen_resources:
                continue
            seen_resources.add(resources_ref.idnum)
        resources = resources_ref.get_object()
        xobjects = resources.get("/XObject") if isinstance(resources, DictionaryObject) else None
        if not isinstance(xobjects, DictionaryObject):
            continue
        for value in xobjects.values():
            if not isinstance(value, IndirectObject) or value.idnum in seen_objects:
                continue
            seen_objects.add(value.idnum)
            obj = value.get_object()
            if isinstance(obj, StreamObject) and obj.get("/Subtype") == "/Image":
                yield value, obj


def _looks_like_placeholder(stream: StreamObject) -> bool:
    return (
        stream.get("/Height") == 1
        and 0 < int(stream.get("/Width", 0)) <= _MAX_PLACEHOLDER_WIDTH
        and stream.get("/ColorSpace") == "/DeviceRGB"
        and stream.get("/BitsPerComponent") == 8
        and "/SMask" not in stream
    )


def _header(made: Rendition | None) -> DictionaryObject:
    width, height = (made.width, made.height) if made is not None else (1, 1)
    grey = made is None or jpeg_components(made.data) == 1
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(width),
            NameObject("/Height"): NumberObject(height),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/ColorSpace"): NameObject("/DeviceGray" if grey else "/DeviceRGB"),
            NameObject("/Filter"): NameObject("/DCTDecode"),
        }
    )


def _fetch(
    key: str, size: tuple[int, int] | None, renditions: RenditionSource
) -> Callable[[], bytes]:
    """The rendition's bytes when the update is written (looked up again then, so that the
    update never holds every photo in memory at once)."""
    if size is None:
        return _grey_jpeg

    def data() -> bytes:
        again = renditions(key)
        if again is None or (again.width, again.height) != size:
            raise OSError(f"photo {key[:12]}: its rendition changed while the PDF was written")
        return again.data

    return data


def _grey_jpeg() -> bytes:
    """A one-pixel grey baseline JPEG."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (1, 1), 200).save(out, "JPEG")
    return out.getvalue()
