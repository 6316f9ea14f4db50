"""A JPEG file's structure, read from its bytes without decoding it: its segments, its frame
header (size and colour components), whether it ends whole, and a copy without its metadata.

Used to check photos at import (``imaging.verify_image``), to print a JPEG from its own data
(``imaging.print_jpeg``, ``pdf.photo_embed``) and to read cached renditions back.
"""

from __future__ import annotations

from typing import Final, NamedTuple

__all__ = [
    "JpegFrame",
    "jpeg_components",
    "jpeg_frame",
    "jpeg_is_whole",
    "jpeg_segments",
    "jpeg_size",
    "strip_jpeg_metadata",
]

# JPEG markers without a length field (TEM, RSTn, SOI, EOI).
_STANDALONE_MARKERS: Final = frozenset({0x01, *range(0xD0, 0xD8), 0xD8, 0xD9})
# Segments kept by strip_jpeg_metadata: APP0 (JFIF), APP2 (ICC profile), APP14 (Adobe: how the
# colour components are transformed; a decoder needs it).
_KEPT_APP_MARKERS: Final = frozenset({0xE0, 0xE2, 0xEE})
# Start-of-frame markers (SOF0-SOF15 but DHT, JPG and DAC, which share the range).
_FRAME_MARKERS: Final = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


class JpegFrame(NamedTuple):
    width: int
    height: int
    components: int  # 1 grey, 3 colour, 4 CMYK


def jpeg_segments(data: bytes) -> tuple[list[tuple[int, int, int]], int] | None:
    """The segments before a JPEG's first scan, as (marker, start, end) of what follows the
    marker (its length field and body; empty for standalone markers), and where the scan's
    marker starts; ``None`` when they do not parse. Nothing is copied."""
    if not data.startswith(b"\xff\xd8"):
        return None
    segments: list[tuple[int, int, int]] = []
    pos = 2
    end = len(data)
    while pos < end:
        if data[pos] != 0xFF:
            return None
        while pos < end and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= end:
            return None
        marker = data[pos]
        pos += 1
        if marker in _STANDALONE_MARKERS:
            segments.append((marker, pos, pos))
            continue
        if pos + 2 > end:
            return None
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2 or pos + length > end:
            return None
        if marker == 0xDA:  # start of scan: the rest is image data
            return segments, pos - 2
        segments.append((marker, pos, pos + length))
        pos += length
    return None


def jpeg_frame(data: bytes) -> JpegFrame | None:
    """Width, height and colour components from the frame header, or None when the segments
    before the scan do not parse or hold no frame header."""
    parsed = jpeg_segments(data)
    if parsed is None:
        return None
    for marker, start, end in parsed[0]:
        if marker in _FRAME_MARKERS and end - start >= 8:
            height = int.from_bytes(data[start + 3 : start + 5], "big")
            width = int.from_bytes(data[start + 5 : start + 7], "big")
            if width and height:
                return JpegFrame(width, height, data[start + 7])
            return None
    return None


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a JPEG's frame header (no decoding), or None when there is none."""
    frame = jpeg_frame(data)
    return None if frame is None else (frame.width, frame.height)


def jpeg_components(data: bytes) -> int:
    """The number of colour components in a JPEG's frame header (1 grey, 3 colour); 3 when no
    frame header is found."""
    frame = jpeg_frame(data)
    return 3 if frame is None else frame.components


def jpeg_is_whole(data: bytes) -> bool:
    """Whether the JPEG's segments parse up to its scan and it ends with EOI (zero padding
    after it allowed: only the last 4 KB are looked at)."""
    ends_whole = data[-4096:].rstrip(b"\0").endswith(b"\xff\xd9")
    return ends_whole and jpeg_segments(data) is not None


def strip_jpeg_metadata(data: bytes) -> bytes | None:
    """``data`` without its APPn metadata segments (EXIF, XMP, IPTC, maker notes) and comments;
    the image data itself is copied unchanged. ``None`` when the segments before the image
    data do not parse (the caller then makes a rendition instead)."""
    parsed = jpeg_segments(data)
    if parsed is None:
        return None
    segments, scan = parsed
    kept = [data[:2]]
    for marker, start, end in segments:
        if (0xE0 <= marker <= 0xEF and marker not in _KEPT_APP_MARKERS) or marker == 0xFE:
            continue
        kept.append(b"\xff" + bytes([marker]) + data[start:end])
    kept.append(data[scan:])
    return b"".join(kept)
