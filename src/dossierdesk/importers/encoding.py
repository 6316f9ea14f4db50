"""Bytes -> text for every importer: BOMs, declared charsets, Windows-1252 leftovers.

Decision order (first that works wins):

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) -- unless a UTF-16 mark is followed by
   bytes that are plainly not UTF-16 (``_bogus_utf16_bom``): no NUL byte, mostly ASCII, valid
   UTF-8. Such files exist (an editor or a script wrote the mark before UTF-8 text), and read
   as UTF-16 their every two letters become one CJK character. The mark is then dropped and
   the rest decoded by the steps below;
2. a declared UTF-16/UTF-32 charset, or BOM-less UTF-16 recognised by its NUL pattern;
3. strict UTF-8 (valid UTF-8 with non-ASCII bytes is almost never anything else, so it beats
   a declared legacy charset: pages often say ISO-8859-1 and are UTF-8);
4. the declared charset (HTML ``<meta charset>``/XML declaration), if Python knows it;
   ISO-8859-1/ASCII are read as Windows-1252, as browsers do;
5. Windows-1252, then Latin-1 (which decodes any byte string).

Newlines are normalised to ``\\n`` and a leading BOM character is dropped.
"""

from __future__ import annotations

import codecs
import logging
import re

from dossierdesk.importers.types import ParseError

__all__ = [
    "decode_bytes",
    "decode_keeping_newlines",
    "decode_text",
    "is_wide_text",
    "looks_binary",
    "looks_binary_text",
    "normalise_newlines",
]

logger = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_BYTES = tuple(bom for bom, _ in _BOMS)
# Declared charsets that browsers read as Windows-1252 (WHATWG Encoding Standard).
_AS_CP1252 = frozenset({"latin_1", "iso8859_1", "ascii", "cp1252"})
_SAMPLE = 8192
_MIN_UTF16_SAMPLE = 8  # shorter NUL patterns prove nothing
_BINARY_MAGIC = (
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",  # OLE (old .doc/.xls)
    b"SQLite format 3\x00",
    b"Rar!",
    b"7z\xbc\xaf",
)
# Control characters that do not occur in text (everything below 0x20 except \t \n \f \r, ESC).
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
# Control characters that do not occur in text, for counting with translate() (fast, in C).
_BAD_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in _TEXT_CONTROLS)
_MAX_CONTROL_RATIO = 0.05


def _codec_name(declared: str | None) -> str | None:
    """Python's canonical codec name for a declared charset; ``None`` for bogus names."""
    if not declared:
        return None
    label = declared.strip().strip("\"'").strip().lower()
    if not label:
        return None
    try:
        return codecs.lookup(label).name.replace("-", "_")
    except (LookupError, ValueError):
        logger.debug("ignoring unknown declared charset %r", declared)
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when NULs sit at every other byte, as in ASCII-range UTF-16."""
    sample = data[:_SAMPLE]
    if len(sample) < _MIN_UTF16_SAMPLE or b"\x00" not in sample:
        return None  # too short to tell, or no NUL at all (the common case, found by memchr)
    even, odd = sample[0::2], sample[1::2]
    even_nuls, odd_nuls = even.count(0), odd.count(0)
    if odd_nuls > 0.7 * len(odd) and even_nuls < 0.05 * len(even):
        return "utf-16-le"
    if even_nuls > 0.7 * len(even) and odd_nuls < 0.05 * len(odd):
        return "utf-16-be"
    return None


_MIN_ASCII_RATIO = 0.75  # of the bytes after a UTF-16 mark, for them to be taken for UTF-8
_LATIN_END = 0x0250  # characters below this are Latin script (ASCII, Latin-1, Latin Extended)
_MAX_LATIN_RATIO = 0.1  # of the characters the same bytes give as UTF-16


def _bogus_utf16_bom(data: bytes) -> bool:
    """True when ``data`` starts with a UTF-16 byte-order mark followed by text that is plainly
    UTF-8 (or ASCII), not UTF-16.

    UTF-16 text of any script has NUL bytes as soon as it holds an ASCII character (a space,
    a digit, a newline); UTF-16 with none at all is made of non-Latin characters whose bytes are
    mostly above 0x7F and almost never valid UTF-8 (or, for scripts just above U+0000 such as
    Thai, bytes that read as control characters). Bytes with no NUL, mostly (75 %) ASCII, few
    control characters, valid as UTF-8 and giving mostly non-Latin characters as UTF-16 are
    UTF-8.
    """
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if data.startswith(codecs.BOM_UTF32_LE):
        return False
    sample = data[2 : _SAMPLE + 2]
    if len(sample) < _MIN_UTF16_SAMPLE or b"\x00" in sample:
        return False
    ascii_bytes = len(sample) - len(sample.translate(None, _ASCII_BYTES))
    if ascii_bytes < _MIN_ASCII_RATIO * len(sample):
        return False
    controls = len(sample) - len(sample.translate(None, _BAD_CONTROL_BYTES))
    if controls > _MAX_CONTROL_RATIO * len(sample):
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    codec = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
    as_utf16 = sample[: len(sample) - len(sample) % 2].decode(codec, errors="replace")
    latin = sum(1 for char in as_utf16 if ord(char) < _LATIN_END)
    return latin <= _MAX_LATIN_RATIO * len(as_utf16)


_ASCII_BYTES = bytes(range(0x80))


def is_wide_text(data: bytes) -> bool:
    """True for UTF-16/UTF-32 text (by its byte-order mark, or BOM-less ASCII-range UTF-16):
    text whose ASCII characters are not single bytes."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return True
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return not _bogus_utf16_bom(data)
    return _utf16_without_bom(data) is not None


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR as LF (what ``decode_bytes`` does after ``decode_keeping_newlines``)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeError, LookupError, ValueError, TypeError):
        # not decodable, or a declared "charset" that is no text codec ("undefined", "base64")
        return None


def _decode(data: bytes, declared: str | None) -> str:
    if _bogus_utf16_bom(data):
        logger.debug("UTF-16 byte-order mark before UTF-8 text: mark ignored")
        data = data[2:]
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    codec_name = _codec_name(declared)
    wide = codec_name if codec_name and codec_name.startswith(("utf_16", "utf_32")) else None
    for wide_codec in (wide, _utf16_without_bom(data)):
        if wide_codec:
            text = _try(data, wide_codec)
            if text is not None:
                return text
    utf8 = _try(data, "utf-8")
    if utf8 is not None:
        return utf8
    if codec_name and not codec_name.startswith(("utf_16", "utf_32")):
        declared_text = _try(data, "cp1252" if codec_name in _AS_CP1252 else codec_name)
        if declared_text is not None:
            return declared_text
        logger.debug("declared charset %r does not fit the bytes; falling back", declared)
    return _try(data, "cp1252") or data.decode("latin-1")


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode file bytes to text with ``\\n`` newlines; never raises.

    ``declared`` is a charset the file states about itself (HTML meta, XML declaration, HTTP
    header); unknown names are ignored. See the module docstring for the decision order.
    """
    return normalise_newlines(decode_keeping_newlines(data, declared))


def decode_keeping_newlines(data: bytes, declared: str | None = None) -> str:
    """``decode_bytes`` with the newlines as the file has them (``normalise_newlines`` turns
    the result into what ``decode_bytes`` gives), for readers that treat CR, LF and CRLF
    alike: on a page of Windows line ends the normalisation is a good part of the decoding
    time."""
    text = _decode(data, declared)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def looks_binary(data: bytes) -> bool:
    """True for files that are not text (images, archives, executables, random bytes).

    Text in UTF-16/32 (with BOM, or BOM-less ASCII-range UTF-16) is not binary even though it
    contains NULs. Empty data is not binary (the parser reports it as empty).
    """
    if not data:
        return False
    if data.startswith(_BOM_BYTES):
        return False
    if data.startswith(_BINARY_MAGIC):
        return True
    wide = _utf16_without_bom(data)
    if wide:
        text = _try(data[: _SAMPLE - _SAMPLE % 2], wide)
        return text is None or looks_binary_text(text)
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _BAD_CONTROL_BYTES))
    return controls > _MAX_CONTROL_RATIO * len(sample)


def looks_binary_text(text: str) -> bool:
    """The ``looks_binary`` test for text that has already been decoded (NULs, control chars)."""
    sample = text[:_SAMPLE]
    if not sample:
        return False
    if "\x00" in sample:
        return True
    # Counted on the UTF-8 bytes (bytes.translate is much faster than str.translate): control
    # characters are one byte there, and no other character encodes to a byte below 0x80.
    encoded = sample.encode("utf-8", "surrogatepass")
    controls = len(encoded) - len(encoded.translate(None, _BAD_CONTROL_BYTES))
    return controls > _MAX_CONTROL_RATIO * len(sample)


def decode_text(data: bytes, declared: str | None = None) -> str:
    """``decode_bytes`` for importers: raises ``ParseError("not a text file")`` for binary data."""
    if looks_binary(data):
        raise ParseError("not a text file")
    return decode_bytes(data, declared)


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_.:\-]{1,40})""")


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares (``<meta charset>``, http-equiv, XML declaration), if any."""
    head = data[:4096]
    match = _XML_ENCODING.match(head.lstrip(b"\xef\xbb\xbf \t\r\n")) or _CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None
