"""Mutated copies of real saved pages for the import fuzz runs (the test-sized run in
``test_fuzz_import.py`` and the long run in ``bench/fuzz_import.py``), and the invariants every
batch must keep: no traceback, no partial record, a passing ``check``.

Mutations are the shapes hostile or broken input takes: byte flips, truncation, random tags,
other encodings and lying byte-order marks, NULs and control characters, giant lines, DOCTYPE
entity subsets, empty files, deep nesting, and zips of all of these. Deterministic for a seed.
"""

from __future__ import annotations

import io
import random
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from dossierdesk.importers.fields import MAX_TITLE_CHARS

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"

Mutation = Callable[[random.Random, bytes], bytes]


def _flip(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 64)):
        if buf:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(max(1, len(data)))]


def _tags(rng: random.Random, data: bytes) -> bytes:
    junk = [
        b"<div>",
        b"</p>",
        b"<script>alert(1)</script>",
        b"<!--",
        b"<![CDATA[",
        b"<title>",
        b"</html>",
        b"<img src='x' onerror='y'>",
        b"<meta property='og:title' content='",
        b"<a href='file:///etc/passwd'>",
        b"&#0;",
        b"&#x1F;",
        b"&bogus;",
        b"<<<>>>",
    ]
    buf = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        at = rng.randrange(len(buf) + 1)
        buf[at:at] = rng.choice(junk)
    return bytes(buf)


def _encoding(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    choice = rng.randrange(5)
    if choice == 0:
        return text.encode("utf-16")
    if choice == 1:
        return b"\xff\xfe" + data  # a UTF-16 BOM on UTF-8 bytes
    if choice == 2:
        return text.encode("latin-1", "replace")
    if choice == 3:
        return b"\xef\xbb\xbf" + text.encode("utf-16-le")  # a UTF-8 BOM on UTF-16
    return text.encode("cp1252", "replace")


def _controls(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 50)):
        at = rng.randrange(len(buf) + 1)
        buf[at:at] = bytes([rng.choice([0, 1, 7, 8, 11, 12, 27, 31, 127])])
    return bytes(buf)


def _giant_line(rng: random.Random, data: bytes) -> bytes:
    line = (b"word " * rng.randint(50_000, 400_000)).strip()
    return line if rng.random() < 0.5 else line + b"\n" + data


def _doctype(rng: random.Random, data: bytes) -> bytes:
    subset = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY nbsp "&#160;">'
        b'<!ENTITY ext SYSTEM "file:///etc/passwd">'
        b'<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
    )
    items = b"".join(
        b"<item><title>Item %d&nbsp;&c;&ext;</title><description>Body %d</description>"
        b"<pubDate>Mon, 04 Jan 2016 10:00:00 GMT</pubDate></item>" % (i, i)
        for i in range(rng.randint(1, 5))
    )
    return subset + b'<rss version="2.0"><channel><title>Feed</title>' + items + b"</channel></rss>"


def _nesting(rng: random.Random, data: bytes) -> bytes:
    depth = rng.randint(1_000, 50_000)
    return b"<html><body>" + b"<div>" * depth + data + b"</div>" * (depth // 2)


def _empty(rng: random.Random, data: bytes) -> bytes:
    return rng.choice([b"", b"\n", b"   \n\t", b"\x00" * 100, b"\xff\xfe", b"<html></html>"])


def _splice(rng: random.Random, data: bytes) -> bytes:
    if len(data) < 4:
        return data
    a, b = sorted(rng.randrange(len(data)) for _ in range(2))
    return data[:a] + data[b:] + data[a:b]


MUTATIONS: dict[str, Mutation] = {
    "flip": _flip,
    "truncate": _truncate,
    "tags": _tags,
    "encoding": _encoding,
    "controls": _controls,
    "giant-line": _giant_line,
    "doctype": _doctype,
    "nesting": _nesting,
    "empty": _empty,
    "splice": _splice,
}


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.suffix != ".md")


def mutated_files(folder: Path, count: int, seed: int) -> Iterator[Path]:
    """Write ``count`` mutated corpus files (some inside zips) into ``folder``."""
    rng = random.Random(seed)
    sources = corpus_files()
    folder.mkdir(parents=True, exist_ok=True)
    names = list(MUTATIONS)
    for n in range(count):
        source = rng.choice(sources)
        data = source.read_bytes()
        applied = rng.sample(names, rng.choice([1, 1, 1, 2, 3]))
        for name in applied:
            data = MUTATIONS[name](rng, data)
        stem = f"{n:05d}-{'+'.join(applied)}{source.suffix}"
        if rng.random() < 0.05:
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as zf:
                zf.writestr(stem, data)
                zf.writestr(f"copy-{stem}", _flip(rng, data))
            path = folder / f"{n:05d}.zip"
            path.write_bytes(buf.getvalue())
        else:
            path = folder / stem
            path.write_bytes(data)
        yield path


MAX_TITLE = MAX_TITLE_CHARS  # an import keeps it whatever the input


def partial_records(archive: Path) -> list[str]:
    """Rows that only a half-written file would leave; empty when the archive is whole."""
    queries = {
        "articles without text": "SELECT count(*) FROM articles a WHERE NOT EXISTS "
        "(SELECT 1 FROM article_texts t WHERE t.article_id = a.id)",
        "texts without article": "SELECT count(*) FROM article_texts t WHERE NOT EXISTS "
        "(SELECT 1 FROM articles a WHERE a.id = t.article_id)",
        "images without article": "SELECT count(*) FROM images i WHERE NOT EXISTS "
        "(SELECT 1 FROM articles a WHERE a.id = i.article_id)",
        "originals without article": "SELECT count(*) FROM source_files s WHERE NOT EXISTS "
        "(SELECT 1 FROM articles a WHERE a.source_file_id = s.id)",
        "articles not indexed": "SELECT count(*) FROM articles WHERE id NOT IN "
        "(SELECT id FROM articles_fts_docsize)",
        "titles over the limit": f"SELECT count(*) FROM articles WHERE length(title) > {MAX_TITLE}",
        "NULs in titles": "SELECT count(*) FROM articles WHERE instr(title, char(0)) > 0",
    }
    found = []
    conn = sqlite3.connect(f"file:{archive}?mode=ro", uri=True)
    try:
        for label, sql in queries.items():
            n = conn.execute(sql).fetchone()[0]
            if n:
                found.append(f"{n} {label}")
    finally:
        conn.close()
    return found
