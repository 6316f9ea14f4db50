"""An archive of the benchmark's synthetic articles (``bench/synth.py``), for the search tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dossierdesk.service import Archive

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from synth import ArticleFactory


@contextmanager
def synthetic_archive(folder: Path, n: int, seed: int) -> Iterator[tuple[Archive, ArticleFactory]]:
    """``n`` articles of ``ArticleFactory(seed)`` imported into a new archive in ``folder``,
    open for the duration; with the factory, whose vocabulary the tests make queries from."""
    factory = ArticleFactory(seed=seed)
    with Archive(folder / "archive.sqlite3") as archive:
        archive.import_sources(factory.source_files(n, "s"), total=n)
        yield archive, factory
