"""Join PDF files written by ``QPdfWriter`` (painted in parallel) into one file.

Only Qt's own output is read, whose structure is fixed: one classic cross-reference table, a
flat page tree, objects written one after the other, stream lengths in separate objects. The
first file is kept whole (its catalog, document information, XMP and ID); of the following files
only the objects their pages use (contents, resources, fonts...) are copied, renumbered after
the first file's, and their pages are appended to the first file's page tree. Stream data is
copied as it is (never decompressed); only dictionaries are rewritten.

pypdf's writer would do the same but parses every object and re-serialises every page: it took
longer than painting half of the pages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_REF = re.compile(rb"\b(\d+) 0 R\b")
_OBJ_HEAD = re.compile(rb"\s*(\d+) 0 obj")
_STREAM = re.compile(rb">>\s*stream\r?\n")
_PAGES = re.compile(rb"/Pages (\d+) 0 R")
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")


class MergeError(Exception):
    """A part does not look like a PDF written by Qt."""


@dataclass(slots=True)
class _Part:
    path: Path
    data: bytes
    spans: dict[int, tuple[int, int]]  # object number -> (start, end) in data
    first_offset: int
    trailer: bytes
    size: int

    @classmethod
    def read(cls, path: Path) -> _Part:
        data = path.read_bytes()
        found = _STARTXREF.findall(data[-1024:])
        if not found:
            raise MergeError(f"{path}: no startxref")
        xref_at = int(found[-1])
        if data[xref_at : xref_at + 4] != b"xref":
            raise MergeError(f"{path}: no cross-reference table at {xref_at}")
        trailer_at = data.index(b"trailer", xref_at)
        offsets: dict[int, int] = {}
        lines = data[xref_at + 4 : trailer_at].split(b"\n")
        number = 0
        remaining = 0
        for line in lines:
            fields = line.split()
            if not fields:
                continue
            if remaining == 0:  # a subsection header: first number, count
                number, remaining = int(fields[0]), int(fields[1])
                continue
            if fields[2] == b"n":
                offsets[number] = int(fields[0])
            number += 1
            remaining -= 1
        ordered = sorted(offsets.items(), key=lambda item: item[1])
        spans = {}
        for i, (num, start) in enumerate(ordered):
            end = ordered[i + 1][1] if i + 1 < len(ordered) else xref_at
            spans[num] = (start, end)
        trailer = data[trailer_at:]
        size = re.search(rb"/Size (\d+)", trailer)
        if not ordered or size is None:
            raise MergeError(f"{path}: empty or unexpected trailer")
        return cls(path, data, spans, ordered[0][1], trailer, int(size.group(1)))

    def obj(self, number: int) -> bytes:
        start, end = self.spans[number]
        return self.data[start:end]

    def trailer_ref(self, key: bytes) -> int:
        found = re.search(re.escape(key) + rb" (\d+) 0 R", self.trailer)
        if found is None:
            raise MergeError(f"{self.path}: no {key.decode()} in the trailer")
        return int(found.group(1))

    def pages_number(self) -> int:
        found = _PAGES.search(self.obj(self.trailer_ref(b"/Root")))
        if found is None:
            raise MergeError(f"{self.path}: the catalog has no page tree")
        return int(found.group(1))

    def kids(self) -> list[int]:
        found = _KIDS.search(self.obj(self.pages_number()))
        if found is None:
            raise MergeError(f"{self.path}: the page tree is not flat")
        return [int(n) for n in _REF.findall(found.group(1))]


def _split(chunk: bytes) -> tuple[bytes, bytes]:
    """An object's dictionary part (where references are) and its stream part (raw bytes)."""
    found = _STREAM.search(chunk)
    if found is None:
        return chunk, b""
    return chunk[: found.end()], chunk[found.end() :]


def merge_pdfs(parts: Sequence[Path], out: Path) -> int:
    """Write the pages of ``parts``, in order, as one PDF at ``out``; returns the page count.
    Written as it is read: one part in memory at a time."""
    with out.open("wb") as f:
        return _merge(parts, f)


def _merge(parts: Sequence[Path], f: BinaryIO) -> int:
    first = _Part.read(parts[0])
    pages_number = first.pages_number()
    kids = first.kids()
    info, root = first.trailer_ref(b"/Info"), first.trailer_ref(b"/Root")
    found_id = re.search(rb"/ID\s*\[[^\]]*\]", first.trailer)
    file_id = found_id.group(0) if found_id is not None else None
    offsets: dict[int, int] = {}
    position = 0

    def emit(number: int | None, chunk: bytes) -> None:
        nonlocal position
        if number is not None:
            offsets[number] = position
        f.write(chunk)
        position += len(chunk)

    emit(None, first.data[: first.first_offset])
    for number, (start, end) in sorted(first.spans.items(), key=lambda item: item[1][0]):
        if number != pages_number:
            emit(number, first.data[start:end])
    next_number = first.size
    del first
    for path in parts[1:]:
        part = _Part.read(path)
        own_pages = part.pages_number()
        part_kids = part.kids()
        # Objects the pages use, without following /Parent back up to the page tree.
        mapping: dict[int, int] = {own_pages: pages_number}
        todo = list(part_kids)
        order: list[int] = []
        while todo:
            number = todo.pop()
            if number in mapping:
                continue
            if number not in part.spans:
                raise MergeError(f"{path}: object {number} is referenced but missing")
            mapping[number] = next_number
            next_number += 1
            order.append(number)
            head, _ = _split(part.obj(number))
            todo.extend(int(n) for n in _REF.findall(head))

        def renumber(found: re.Match[bytes], mapping: dict[int, int] = mapping) -> bytes:
            return b"%d 0 R" % mapping[int(found.group(1))]

        for number in sorted(order, key=lambda n: part.spans[n][0]):
            head, stream = _split(part.obj(number))
            head = _OBJ_HEAD.sub(b"%d 0 obj" % mapping[number], head, count=1)
            emit(mapping[number], _REF.sub(renumber, head) + stream)
        kids += [mapping[n] for n in part_kids]

    refs = b"\n".join(b"%d 0 R" % n for n in kids)
    emit(
        pages_number,
        b"%d 0 obj\n<<\n/Type /Pages\n/Kids\n[\n%s\n]\n/Count %d\n"
        b"/ProcSet [/PDF /Text /ImageB /ImageC]\n>>\nendobj\n" % (pages_number, refs, len(kids)),
    )
    xref = [b"xref\n0 %d\n0000000000 65535 f \n" % next_number]
    for number in range(1, next_number):
        if number in offsets:
            xref.append(b"%010d 00000 n \n" % offsets[number])
        else:
            xref.append(b"0000000000 00000 f \n")
    keep = [b"/Size %d" % next_number, b"/Info %d 0 R" % info, b"/Root %d 0 R" % root]
    if file_id is not None:
        keep.append(file_id)
    f.writelines(xref)
    f.write(b"trailer\n<<\n" + b"\n".join(keep) + b"\n>>\nstartxref\n%d\n%%%%EOF\n" % position)
    return len(kids)
