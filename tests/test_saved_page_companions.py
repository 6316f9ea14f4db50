"""Which pages a folder is the companion folder of, for many pages at once
(``saved_page.CompanionNames``): the same answers as asking ``is_companion_folder`` of every
page, on generated names (separators, companion words in any case and language, letters whose
case-folded form is longer, digits); and a folder of many pages saved "complete" (from a
walk, given paths or a zip) is read without trying every page against every folder."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from dossierdesk.importers import saved_page
from dossierdesk.importers.containers import SourceWalk, iter_sources
from dossierdesk.importers.saved_page import CompanionNames, is_companion_folder

STEMS = ("Page", "page", "PAGE", "News", "Straße", "STRASSE", "strasse", "ﬁle", "FILE", "İz",
         "i̇z", "a", "Ω", "ω", "Carter - af.mil", "x_files", "x", "2024", "")  # fmt: skip
WORDS = ("files", "FILES", "Files", "dateien", "fichiers", "файлы", "ФАЙЛЫ", "ファイル",
         "archive", "files2", "fıles", "", "file", "filer")  # fmt: skip
SEPARATORS = ("_", "-", ".", " ", "", "__", "+")
EXTENSIONS = (".html", ".htm", ".HTML", ".xhtml", ".shtml")


def _folder(rng: random.Random) -> str:
    return rng.choice(STEMS) + rng.choice(SEPARATORS) + rng.choice(WORDS)


def _page(rng: random.Random) -> str:
    return rng.choice(STEMS) + rng.choice(EXTENSIONS)


@pytest.mark.parametrize("seed", range(5))
def test_the_same_pages_as_asking_each_page(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        pages = list(dict.fromkeys(_page(rng) for _ in range(rng.randrange(1, 12))))
        names = CompanionNames(pages)
        for _ in range(10):
            folder = _folder(rng)
            expected = sorted(p for p in pages if is_companion_folder(p, folder))
            assert sorted(names.pages_of(folder)) == expected, (pages, folder)


def test_a_longer_case_folded_stem_is_still_found() -> None:
    """ "Straße" folds to "strasse" (seven characters): such a stem is compared as
    ``is_companion_folder`` compares it."""
    names = CompanionNames(["Straße.html", "ﬁle.htm", "Page.html"])
    assert names.pages_of("straße_files") == ["Straße.html"]
    assert names.pages_of("ﬁle-Dateien") == ["ﬁle.htm"]
    for folder in ("STRASSE_files", "strasse_files", "FILE_files", "file_files"):
        assert names.pages_of(folder) == [], folder
        assert not any(is_companion_folder(p, folder) for p in ("Straße.html", "ﬁle.htm"))
    assert names.pages_of("page-Dateien") == ["Page.html"]
    assert names.pages_of("Page_files2") == []
    assert names.pages_of("_files") == []


def _complete_pages(folder: Path, count: int) -> None:
    for k in range(count):
        (folder / f"Story {k:04d}.html").write_text(
            f"<html><title>Story {k}</title><body><p>Text {k}.</p></body></html>",
            encoding="utf-8",
        )
        companion = folder / f"Story {k:04d}_files"
        companion.mkdir()
        (companion / "style.css").write_text("p {}", encoding="utf-8")


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times a page is tried against a folder one by one."""
    calls = [0]
    real = saved_page.is_companion_folder

    def counting(page: str, folder: str) -> bool:
        calls[0] += 1
        return real(page, folder)

    monkeypatch.setattr(saved_page, "is_companion_folder", counting)
    return calls


def test_a_folder_of_many_complete_pages_is_walked_without_trying_every_pair(
    tmp_path: Path, counted: list[int]
) -> None:
    _complete_pages(tmp_path, 300)
    walk = SourceWalk([tmp_path])
    assert walk.total == 300  # the pages; their folders are theirs, not walked
    assert counted[0] == 0  # (every pair: 90,000)
    given = sorted(tmp_path.iterdir())  # the pages and their folders, picked together
    assert len(list(iter_sources(given))) == 300
    assert counted[0] == 0


def test_a_zip_of_many_complete_pages_is_read_without_trying_every_pair(
    tmp_path: Path, counted: list[int]
) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    _complete_pages(folder, 200)
    archive = tmp_path / "saved.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    found = list(iter_sources([archive]))
    assert len(found) == 200
    assert all(item.name.endswith(".html") for item in found)
    assert counted[0] == 0


def test_a_member_is_in_a_companion_folder_as_a_prefix_says() -> None:
    from dossierdesk.importers.zip_sources import _under

    rng = random.Random(5)
    parts = ("a", "b", "Page_files", "x.css", "Page_files2", "", "Page")
    for _ in range(3000):
        prefixes = {
            "/".join(rng.choice(parts) for _ in range(rng.randrange(1, 4))) + "/"
            for _ in range(rng.randrange(0, 4))
        }
        path = "/".join(rng.choice(parts) for _ in range(rng.randrange(1, 5)))
        assert _under(path, prefixes) == any(path.startswith(p) for p in prefixes), (path, prefixes)
