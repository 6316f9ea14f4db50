"""XML documents whose DOCTYPE declares entities (an internal subset), made safe to parse.

Real feeds declare entities to use HTML names in XML::

    <!DOCTYPE rss [<!ENTITY nbsp "&#160;">]><rss version="2.0"> ... A&nbsp;B ...

An XML parser would expand them itself, but what it does with hostile declarations depends on
the parser and its version: an external entity (``<!ENTITY x SYSTEM "file:///etc/passwd">``
or an ``http:`` URL) may be read, and nested entities ("billion laughs") may expand to
gigabytes. So the DOCTYPE is taken out before any parser sees the document, and references to
the entities it declared are replaced here:

- an internal entity by its value, fully expanded (character references kept as such, markup
  characters escaped, so the value is text), within ``MAX_ENTITY_BYTES`` per entity,
  ``MAX_ENTITY_DEPTH`` levels of nesting and a budget for the whole document (the larger of
  its size and ``MIN_EXPANSION_BUDGET``); beyond them the document is refused (``ParseError``);
- an external entity by its name as text (``&x;`` is shown as "&x;"): nothing is ever read or
  fetched;
- nothing inside CDATA sections and comments, where ``&name;`` is not a reference.

Everything works on bytes: it needs an ASCII-compatible encoding (UTF-8, Latin-1, Windows-1252,
...), which the feed importer ensures by converting UTF-16/32 documents to UTF-8 first.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from dossierdesk.importers.types import ParseError

__all__ = ["MAX_ENTITY_BYTES", "MAX_ENTITY_DEPTH", "resolve_internal_subset"]

logger = logging.getLogger(__name__)

MAX_ENTITY_BYTES = 64 * 1024  # one entity, fully expanded
MAX_ENTITY_DEPTH = 16  # entities referring to entities
MAX_ENTITIES = 2000  # declarations (the XHTML entity sets have 253)
MIN_EXPANSION_BUDGET = 1024 * 1024  # bytes all expansions may add to a small document
_PROLOG_SCAN = 1024 * 1024  # a DOCTYPE starting later than this is not looked for

_PREDEFINED = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})
_DOCTYPE_START = re.compile(rb"<!DOCTYPE\s+[^\s\[>]+", re.IGNORECASE)
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_SUBSET_SPECIAL = re.compile(rb"[\"'<\]]")
_ENTITY_DECL = re.compile(
    rb"<!ENTITY\s+(?P<parameter>%\s+)?(?P<name>[^\s%;&<>\"']+)\s+"
    rb"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<external>SYSTEM|PUBLIC)\b)"
)
_REFERENCE = re.compile(rb"&(?P<name>#[0-9]+|#x[0-9A-Fa-f]+|[^\s;&<>\"'#][^\s;&<>\"']{0,99});")
_ESCAPES = {b"<": b"&lt;", b'"': b"&quot;", b"'": b"&apos;", b"&": b"&amp;"}
_TEXT_SPECIAL = re.compile(rb"[<\"'&]")


@dataclass(frozen=True, slots=True)
class _Doctype:
    start: int  # of "<!DOCTYPE"
    end: int  # after its ">"
    subset: bytes  # the internal subset, comments and processing instructions removed


def resolve_internal_subset(data: bytes) -> bytes:
    """``data`` without its DOCTYPE and with the entities it declared replaced (see the
    module docstring); ``data`` itself when there is no DOCTYPE with an internal subset (or
    it cannot be read: the parser then judges the document as it is)."""
    doctype = _find_doctype(data)
    if doctype is None:
        return data
    internal, external = _declarations(doctype.subset)
    body = data[doctype.end :]
    budget = max(len(data), MIN_EXPANSION_BUDGET)
    expander = _Expander(internal, external, budget)
    logger.debug(
        "DOCTYPE with %d internal and %d external entities removed", len(internal), len(external)
    )
    return data[: doctype.start] + expander.document(body)


def _find_doctype(data: bytes) -> _Doctype | None:
    position = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while position < min(len(data), _PROLOG_SCAN):
        item = _PROLOG_ITEM.match(data, position)
        if item is None or item.end() == position:
            break
        position = item.end()
    start = _DOCTYPE_START.match(data, position)
    if start is None:
        return None
    # The external identifier (quoted literals) up to "[": a DOCTYPE without "[" has no subset.
    position = start.end()
    while position < len(data) and data[position : position + 1] not in (b"[", b">"):
        if data[position : position + 1] in (b'"', b"'"):
            close = data.find(data[position : position + 1], position + 1)
            if close < 0:
                return None
            position = close
        position += 1
    if data[position : position + 1] != b"[":
        return None
    subset, end = _read_subset(data, position + 1)
    if subset is None:
        return None
    while end < len(data) and data[end : end + 1].isspace():
        end += 1
    if data[end : end + 1] != b">":
        return None
    return _Doctype(start.start(), end + 1, subset)


def _read_subset(data: bytes, position: int) -> tuple[bytes | None, int]:
    """The internal subset from ``position`` (after "[") to its "]", without comments and
    processing instructions, and the index after the "]"; ``None`` when it is not closed."""
    kept: list[bytes] = []
    start = position
    while True:
        special = _SUBSET_SPECIAL.search(data, position)
        if special is None:
            return None, position
        char = special.group()
        index = special.start()
        if char == b"]":
            kept.append(data[start:index])
            return b"".join(kept), index + 1
        if char in (b'"', b"'"):
            close = data.find(char, index + 1)
            if close < 0:
                return None, index
            position = close + 1
        elif data.startswith((b"<!--", b"<?"), index):
            closer = b"-->" if data.startswith(b"<!--", index) else b"?>"
            close = data.find(closer, index)
            if close < 0:
                return None, index
            kept.append(data[start:index])
            position = start = close + len(closer)
        else:
            position = index + 1


def _declarations(subset: bytes) -> tuple[dict[bytes, bytes], set[bytes]]:
    """General entities declared in ``subset``: internal ones with their literal values, and
    the names of external ones. As in XML, the first declaration of a name counts."""
    internal: dict[bytes, bytes] = {}
    external: set[bytes] = set()
    for match in _ENTITY_DECL.finditer(subset):
        if match["parameter"]:
            continue  # parameter entities only matter inside the DTD, which is not read
        name = match["name"]
        if name in internal or name in external or name in _PREDEFINED:
            continue
        if len(internal) + len(external) >= MAX_ENTITIES:
            raise ParseError(f"its DOCTYPE declares more than {MAX_ENTITIES} entities")
        if match["external"]:
            external.add(name)
        else:
            internal[name] = match["dq"] if match["dq"] is not None else match["sq"]
    return internal, external


class _Expander:
    """Replaces references to declared entities, within the expansion limits."""

    def __init__(self, internal: dict[bytes, bytes], external: set[bytes], budget: int) -> None:
        self._internal = internal
        self._external = external
        self._budget = budget
        self._expanded: dict[bytes, bytes] = {}
        self._active: set[bytes] = set()  # entities being expanded (a reference back is a loop)
        names = sorted({*internal, *external}, key=len, reverse=True)
        alternatives = b"|".join(re.escape(name) for name in names)
        self._body_token = (
            re.compile(rb"<!\[CDATA\[|<!--|&(?:" + alternatives + rb");") if names else None
        )

    def _spend(self, size: int) -> None:
        self._budget -= size
        if self._budget < 0:
            raise ParseError("its DOCTYPE declares entities that expand too much (refused)")

    def document(self, body: bytes) -> bytes:
        """``body`` (the document after its DOCTYPE) with the references replaced."""
        if self._body_token is None:
            return body
        out = bytearray()
        position = 0
        while (token := self._body_token.search(body, position)) is not None:
            text = token.group()
            if text.startswith(b"<!"):  # a CDATA section or comment: copied as it is
                closer = b"]]>" if text == b"<![CDATA[" else b"-->"
                close = body.find(closer, token.end())
                end = len(body) if close < 0 else close + len(closer)
                out += body[position:end]
                position = end
                continue
            replacement = self._reference(text[1:-1], 0)
            self._spend(max(0, len(replacement) - len(text)))
            out += body[position : token.start()]
            out += replacement
            position = token.end()
        out += body[position:]
        return bytes(out)

    def _reference(self, name: bytes, depth: int) -> bytes:
        """What a reference to a declared entity becomes in the document."""
        if name in self._external:
            return b"&amp;" + name + b";"  # shown as written; never resolved
        return self._expand(name, depth)

    def _expand(self, name: bytes, depth: int) -> bytes:
        done = self._expanded.get(name)
        if done is not None:
            return done
        label = name.decode("utf-8", "replace")
        if depth >= MAX_ENTITY_DEPTH:
            raise ParseError(
                f"its DOCTYPE nests entities more than {MAX_ENTITY_DEPTH} deep (&{label};)"
            )
        if name in self._active:
            raise ParseError(f"its DOCTYPE declares an entity that refers to itself (&{label};)")
        self._active.add(name)
        try:
            expanded = self._expand_value(self._internal[name], depth)
        finally:
            self._active.discard(name)
        if len(expanded) > MAX_ENTITY_BYTES:
            raise ParseError(
                f"its DOCTYPE declares an entity (&{label};) that expands to more than "
                f"{MAX_ENTITY_BYTES // 1024} KB (refused)"
            )
        self._spend(len(expanded))
        self._expanded[name] = expanded
        return expanded

    def _expand_value(self, value: bytes, depth: int) -> bytes:
        """An entity's literal value with its references replaced (stops once too long)."""
        out = bytearray()
        position = 0
        for reference in _REFERENCE.finditer(value):
            out += _escape_text(value[position : reference.start()])
            ref_name = reference["name"]
            if ref_name.startswith(b"#") or ref_name in _PREDEFINED:
                out += reference.group()  # a character reference stays one
            elif ref_name in self._internal or ref_name in self._external:
                out += self._reference(ref_name, depth + 1)
            else:
                out += reference.group()  # undeclared: left for the parser to judge
            position = reference.end()
            if len(out) > MAX_ENTITY_BYTES:
                break
        out += _escape_text(value[position:])
        return bytes(out)


def _escape_text(literal: bytes) -> bytes:
    """Literal characters of an entity value as text: markup characters escaped."""
    if _TEXT_SPECIAL.search(literal) is None:
        return literal
    return _TEXT_SPECIAL.sub(lambda m: _ESCAPES[m.group()], literal)
