"""A saved page's pictures are read from the tree its article is read from
(``parse_document(..., on_page=...)``): the page is parsed once, and the pictures found are
those a parse of their own finds, on the corpus, the hostile files and mutated pages."""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests import fuzzing
from tests.conftest import CORPUS, DATA

from dossierdesk.importers import html_article
from dossierdesk.importers.detect import parse_document
from dossierdesk.service import page_photos


def _pages(tmp: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted([*CORPUS.iterdir(), *(DATA / "hostile").iterdir()]):
        yield path.name, path.read_bytes()
    for path in fuzzing.mutated_files(tmp, 60, seed=7):
        if path.suffix == ".zip":
            with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as zf:
                yield from ((member, zf.read(member)) for member in zf.namelist())
        else:
            yield path.name, path.read_bytes()


def _found(elements: list[Any]) -> list[tuple[list[str], list[str]]]:
    return [(e.refs, sorted(e.keys)) for e in elements]


def _shared(name: str, data: bytes) -> list[Any] | None:
    """The pictures read from the tree ``parse_document`` hands over; None if it hands none."""
    got: list[Any] = []
    # (A page without an article raises, its tree handed over all the same.)
    with contextlib.suppress(Exception):
        parse_document(data, name, on_page=lambda root: got.append(page_photos._elements_of(root)))
    return got[0] if got else None


def test_pictures_read_from_the_shared_tree_are_those_read_apart(tmp_path: Path) -> None:
    shared_pages = 0
    for name, data in _pages(tmp_path):
        got = _shared(name, data)
        if got is None:
            continue  # not a page
        shared_pages += 1
        assert _found(got) == _found(page_photos._elements(data)), name
    assert shared_pages >= 50


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per parse of a page (``html_article.parse_page``, which both readers call)."""
    counted: list[int] = []
    real = html_article.parse_page

    def counting(*args: Any, **kwargs: Any) -> Any:
        counted.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(html_article, "parse_page", counting)
    return counted


def test_a_saved_page_is_parsed_once(parses: list[int]) -> None:
    page = next(p for p in sorted(CORPUS.iterdir()) if p.suffix == ".html")
    prepared = page_photos.prepare_saved_page(page.name, page.read_bytes(), ())
    assert prepared.articles and len(parses) == 1


def test_an_mhtml_page_is_parsed_once(parses: list[int]) -> None:
    from tests.test_mhtml import build_mhtml

    prepared = page_photos.prepare_mhtml("Saved.mhtml", build_mhtml())
    assert prepared.articles and prepared.photos and len(parses) == 1


def test_other_formats_hand_over_no_tree() -> None:
    text = next(p for p in sorted(CORPUS.iterdir()) if p.suffix == ".txt")
    got: list[Any] = []
    assert parse_document(text.read_bytes(), text.name, on_page=got.append)
    assert got == []
