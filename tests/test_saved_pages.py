"""Pages saved "Web page, complete" (Page.html + Page_files/) import with their photos: from a
folder, a zip, the page named explicitly and the command line; icons, style sheets, scripts
and saved frames of the companion folder are not imported on their own."""

from __future__ import annotations

import atexit
import io
import json
import os
import random
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from PIL import Image as PILImage
from tests.saved_page_fixtures import build as build_saved_pages

from dossierdesk.cli.main import main
from dossierdesk.importers.containers import SourceFile, SourceWalk, iter_sources
from dossierdesk.importers.saved_page import (
    MIN_PHOTO_BYTES,
    is_companion_folder,
    normalize_reference,
)
from dossierdesk.service import Archive
from dossierdesk.service.dto import ImportStatus

# Built once per test process from the corpus (tests/saved_page_fixtures.py), read only.
DATA = build_saved_pages(Path(tempfile.mkdtemp(prefix="dd-saved-pages-")))
atexit.register(shutil.rmtree, DATA, True)
FIREFOX = DATA / "firefox"
CHROME = DATA / "chrome"
CHROME_PAGE = CHROME / "Carter embrace - af.mil.htm"
HIRES = "201102-M-EM580-2160.JPG"  # the srcset's 2x rendition (765 x 510)
TITLE = "Carter: DOD must embrace future to remain best force"


def noise_jpeg(width: int = 320, height: int = 220, seed: int = 1) -> bytes:
    """A photo-like JPEG (noise compresses badly: well over the icon size)."""
    rng = random.Random(seed)
    im = PILImage.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85)
    return out.getvalue()


def copy_page(dest: Path) -> Path:
    shutil.copytree(FIREFOX, dest)
    return dest


def only(outcomes: list) -> object:  # type: ignore[type-arg]
    (outcome,) = outcomes
    return outcome


# --- the walk ---------------------------------------------------------------------------


def test_companion_folder_names() -> None:
    assert is_companion_folder("Page.html", "Page_files")
    assert is_companion_folder("Page.htm", "page-Dateien")
    assert is_companion_folder("Page.html", "Page.files")
    assert is_companion_folder("Page.html", "Page_fichiers")
    assert not is_companion_folder("Page.html", "Pages")
    assert not is_companion_folder("Page.html", "Page_files2")
    assert not is_companion_folder("Page.html", "Other_files")
    assert not is_companion_folder("news.html", "news_archive")


def test_a_folder_named_like_a_page_but_not_its_own_is_walked(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "news_archive").mkdir(parents=True)
    shutil.copyfile(FIREFOX / "Page_files" / "frame.html", site / "news_archive" / "a.html")
    shutil.copyfile(FIREFOX / "Page.html", site / "news.html")
    names = sorted(Path(s.name).name for s in iter_sources([site]))
    assert names == ["a.html", "news.html"]


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("./Page_files/a.jpg", "Page_files/a.jpg"),
        ("Page%20x_files/a%20b.jpg?v=2#top", "Page x_files/a b.jpg"),
        ("Page_files/sub/../a.jpg", "Page_files/a.jpg"),
        ("../../etc/passwd", None),
        ("Page_files/../../x.jpg", None),
        ("/etc/passwd", None),
        ("\\\\server\\share\\a.jpg", None),
        ("https://media.defense.gov/a.jpg", None),
        ("file:///etc/passwd", None),
        ("data:image/png;base64,AAAA", None),
        ("C:/Windows/a.jpg", None),
    ],
)
def test_only_relative_references_inside_the_folder_are_followed(
    ref: str, expected: str | None
) -> None:
    assert normalize_reference(ref) == expected


def test_a_folder_walk_yields_the_page_with_its_photos_only() -> None:
    sources = list(iter_sources([FIREFOX]))
    (page,) = sources
    assert isinstance(page, SourceFile) and page.name.endswith("Page.html")
    names = {name for name, _ in page.companions}
    # Only pictures of a photo's size travel with the page: the icon and the small 1x
    # rendition are not even read (they would be left out as icons).
    assert names == {f"Page_files/{HIRES}"}
    for small in ("150916-D-DT527-120_1x.jpg", "tag.png"):
        assert (FIREFOX / "Page_files" / small).stat().st_size < MIN_PHOTO_BYTES
    assert SourceWalk([FIREFOX]).total == 1
    (unread,) = list(SourceWalk([FIREFOX]).unread())
    read = unread.read()  # type: ignore[union-attr]
    assert isinstance(read, SourceFile) and {n for n, _ in read.companions} == names


def test_a_folder_the_page_points_into_is_its_companion(tmp_path: Path) -> None:
    site = copy_page(tmp_path / "site")
    (site / "Page_files").rename(site / "assets")
    page = site / "Page.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Page_files", "assets"), "utf-8")
    (page,) = list(iter_sources([site]))
    assert isinstance(page, SourceFile)
    assert [name for name, _ in page.companions] == [f"assets/{HIRES}"]


# --- importing --------------------------------------------------------------------------


def check_imported(archive: Archive, outcomes: list, webp: bool = False) -> None:  # type: ignore[type-arg]
    outcome = only(outcomes)
    assert outcome.status is ImportStatus.IMPORTED, outcome  # type: ignore[attr-defined]
    assert outcome.message == "with 1 photo"  # type: ignore[attr-defined]
    (image,) = archive.article(outcome.id).images  # type: ignore[attr-defined]
    assert image.photo is not None
    if webp:
        assert image.photo.mime == "image/webp"
    else:
        assert (image.photo.mime, image.photo.width, image.photo.height) == ("image/jpeg", 765, 510)
    # Linked directly: the photo's own VIRIN is not the article image's.
    assert image.virin == "150916-D-DT527-120"
    (photo,) = archive.photos()
    assert photo.article_ids == (outcome.id,)  # type: ignore[attr-defined]
    assert archive.count() == 1  # the saved frame in Page_files is not an article


def test_folder_import(archive: Archive) -> None:
    check_imported(archive, archive.import_paths([FIREFOX]).outcomes)


def test_chrome_folder_named_in_german_with_a_webp_photo(archive: Archive) -> None:
    check_imported(archive, archive.import_paths([CHROME]).outcomes, webp=True)


def test_the_page_named_explicitly(archive: Archive) -> None:
    check_imported(archive, archive.import_paths([FIREFOX / "Page.html"]).outcomes)
    check_imported_twice = archive.import_paths([CHROME_PAGE]).outcomes
    assert only(check_imported_twice).status is ImportStatus.DUPLICATE  # type: ignore[attr-defined]


def test_zip_import(archive: Archive, tmp_path: Path) -> None:
    zipped = tmp_path / "saved.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        for path in sorted(FIREFOX.rglob("*")):
            if path.is_file():
                zf.write(path, "download/" + path.relative_to(FIREFOX).as_posix())
    check_imported(archive, archive.import_paths([zipped]).outcomes)


def test_reimport_is_a_duplicate_without_new_photos(archive: Archive) -> None:
    archive.import_paths([FIREFOX])
    again = only(archive.import_paths([FIREFOX]).outcomes)
    assert again.status is ImportStatus.DUPLICATE  # type: ignore[attr-defined]
    assert again.message == "already in archive as #1"  # type: ignore[attr-defined]
    assert len(archive.photos()) == 1


def test_a_page_duplicating_an_earlier_file_of_the_same_import_gives_it_its_photo(
    archive: Archive,
) -> None:
    corpus = (
        Path(__file__).parent / "data" / "corpus" / "005_afmil-dodnews-carter-embrace-future.html"
    )
    first, page = archive.import_paths([corpus, FIREFOX]).outcomes
    assert first.status is ImportStatus.IMPORTED
    assert page.status is ImportStatus.DUPLICATE and page.message.endswith("1 photo added")
    (image,) = archive.article(first.id).images  # type: ignore[arg-type]
    assert image.photo is not None and (image.photo.width, image.photo.height) == (765, 510)


def test_reparse_keeps_the_photo_links(archive: Archive) -> None:
    archive.import_paths([FIREFOX])
    before = archive.article(1).images[0].photo
    (outcome,) = archive.reparse()
    assert outcome.status is ImportStatus.IMPORTED
    assert archive.article(1).images[0].photo == before is not None


def test_a_truncated_photo_is_reported_and_the_article_imports(
    archive: Archive, tmp_path: Path
) -> None:
    site = copy_page(tmp_path / "site")
    hires = site / "Page_files" / HIRES
    hires.write_bytes(hires.read_bytes()[:9000])
    outcome = only(archive.import_paths([site]).outcomes)
    assert outcome.status is ImportStatus.IMPORTED  # type: ignore[attr-defined]
    assert f"photo Page_files/{HIRES} not read" in outcome.message  # type: ignore[attr-defined]
    assert archive.article(outcome.id).images[0].photo is None  # type: ignore[attr-defined]


def test_references_out_of_the_folder_are_not_followed(archive: Archive, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "150916-D-DT527-120.JPG").write_bytes(noise_jpeg())
    site = copy_page(tmp_path / "top" / "site")
    (site / "Page_files" / HIRES).unlink()
    os.symlink(secret / "150916-D-DT527-120.JPG", site / "Page_files" / "link.jpg")
    page = site / "Page.html"
    html = page.read_text(encoding="utf-8").replace(
        f"./Page_files/{HIRES} 2x",
        "../../secret/150916-D-DT527-120.JPG 2x, ./Page_files/link.jpg 3x, "
        f"{(secret / '150916-D-DT527-120.JPG').as_uri()} 4x",
    )
    page.write_text(html, encoding="utf-8")
    for given in (site, page):
        outcome = only(archive.import_paths([given]).outcomes)
        assert outcome.status in (ImportStatus.IMPORTED, ImportStatus.DUPLICATE)  # type: ignore[attr-defined]
        assert archive.article(1).images[0].photo is None
    assert archive.photos() == []


def test_a_linked_folder_out_of_the_page_folder_is_not_followed(
    archive: Archive, tmp_path: Path
) -> None:
    # The real path of a folder is found once for all its files: a folder inside the page's
    # folder that links out of it still keeps its files out, and a real one beside it not.
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "away.jpg").write_bytes(noise_jpeg(seed=3))
    site = copy_page(tmp_path / "top" / "site")
    os.symlink(secret, site / "Page_files" / "linked")
    (site / "Page_files" / "real").mkdir()
    (site / "Page_files" / "real" / "here.jpg").write_bytes(noise_jpeg(seed=4))
    page = site / "Page.html"
    html = page.read_text(encoding="utf-8").replace(
        "</body>",
        '<img src="./Page_files/linked/away.jpg"><img src="./Page_files/real/here.jpg"></body>',
    )
    page.write_text(html, encoding="utf-8")
    (found,) = list(iter_sources([page]))
    assert isinstance(found, SourceFile)
    names = {name for name, _ in found.companions}
    assert "Page_files/real/here.jpg" in names
    assert not [name for name in names if "away" in name]


def test_a_gallery_keeps_every_photo(archive: Archive, tmp_path: Path) -> None:
    site = tmp_path / "site"
    folder = site / "Gallery_files"
    folder.mkdir(parents=True)
    items = []
    for n in range(3):
        (folder / f"full{n}.jpg").write_bytes(noise_jpeg(seed=n))
        (folder / f"thumb{n}.jpg").write_bytes(noise_jpeg(120, 80, seed=10 + n))
        link = f'<a href="Gallery_files/full{n}.jpg"><img src="Gallery_files/thumb{n}.jpg"></a>'
        items.append(f"<li>{link}</li>")
    body = "".join(f"<p>Airmen train at the range, day {n} of the exercise.</p>" for n in range(6))
    html = (
        "<html><head><title>Week in photos</title></head><body><h1>Week in photos</h1>"
        f"{body}<ul>{''.join(items)}</ul></body></html>"
    )
    (site / "Gallery.html").write_text(html, encoding="utf-8")
    outcome = only(archive.import_paths([site]).outcomes)
    assert outcome.message == "with 3 photos"  # type: ignore[attr-defined]
    photos = archive.photos()
    assert len(photos) == 3 and {p.width for p in photos} == {320}  # the full-size ones


def test_icons_are_not_decoded(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A page saved whole brings dozens of icons, logos and buttons: under the size of a
    # photo, each is left out unread (decoding one took 0.1 ms), a broken one without a note.
    from dossierdesk.service import page_photos

    decoded: list[str] = []
    real = page_photos.prepare_photo

    def counting(name: str, data: bytes) -> object:
        decoded.append(name)
        return real(name, data)

    monkeypatch.setattr(page_photos, "prepare_photo", counting)
    site = copy_page(tmp_path / "site")
    icons = []
    for n in range(40):
        icon = io.BytesIO()
        PILImage.new("RGB", (16 + n, 16), (n, 30, 30)).save(icon, "PNG")
        (site / "Page_files" / f"icon{n}.png").write_bytes(icon.getvalue())
        icons.append(f'<img src="./Page_files/icon{n}.png">')
    (site / "Page_files" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 60)
    icons.append('<img src="./Page_files/broken.png">')
    page = site / "Page.html"
    html = page.read_text(encoding="utf-8").replace("</body>", "".join(icons) + "</body>")
    page.write_text(html, encoding="utf-8")
    outcome = only(archive.import_paths([site]).outcomes)
    assert outcome.status is ImportStatus.IMPORTED  # type: ignore[attr-defined]
    assert "not read" not in outcome.message  # type: ignore[attr-defined]
    assert archive.article(outcome.id).images[0].photo is not None  # type: ignore[attr-defined]
    assert not [name for name in decoded if "icon" in name or "broken" in name]
    assert decoded  # (the page's photos were)


def test_cli_import_json_and_show(archive_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--archive", str(archive_path), "import", str(FIREFOX), "--json"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert {"file", "status", "id", "message", "kind"} <= set(line)
    assert (line["status"], line["kind"], line["message"]) == (
        "imported",
        "article",
        "with 1 photo",
    )
    assert main(["--archive", str(archive_path), "show", str(line["id"]), "--json"]) == 0
    (image,) = json.loads(capsys.readouterr().out)["images"]
    assert image["photo"]["width"] == 765


def test_parser_processes_give_the_same_photos(tmp_path: Path) -> None:
    from dossierdesk.service.parsing import parse_sources

    zipped = tmp_path / "saved.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        for path in sorted(FIREFOX.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(FIREFOX).as_posix())
    paths = [FIREFOX, CHROME, zipped]
    sequential = list(parse_sources(SourceWalk(paths).unread(), workers=0))
    parallel = list(parse_sources(SourceWalk(paths).unread(), total=3, workers=2, min_parallel=1))
    assert parallel == sequential
    assert [len(p.photos) for p in sequential] == [1, 1, 1]  # type: ignore[union-attr]


def test_a_page_reads_its_photos_within_a_total(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossierdesk.importers import saved_page

    monkeypatch.setattr(saved_page, "MAX_PAGE_COMPANION_BYTES", 20_000)
    outcome = only(archive.import_paths([FIREFOX]).outcomes)
    assert outcome.status is ImportStatus.IMPORTED  # type: ignore[attr-defined]
    message = outcome.message  # type: ignore[attr-defined]
    assert f"Page_files/{HIRES}: photo not read: the page's photos pass" in message
    assert archive.photos() == []


def test_a_zip_counts_its_pages_not_their_files(tmp_path: Path) -> None:
    zipped = tmp_path / "saved.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        for path in sorted(FIREFOX.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(FIREFOX).as_posix())
        zf.writestr("other.txt", "An article.\n\nWith a paragraph of text.\n")
    assert SourceWalk([zipped]).total == 2
    assert len(list(iter_sources([zipped]))) == 2


def test_a_page_and_its_folder_given_together(archive: Archive) -> None:
    """Both selected in a file manager and dropped: the folder is the page's."""
    check_imported(
        archive, archive.import_paths([FIREFOX / "Page_files", FIREFOX / "Page.html"]).outcomes
    )


def test_undo_of_a_deletion_keeps_the_photo(archive: Archive) -> None:
    archive.import_paths([FIREFOX])
    photo = archive.article(1).images[0].photo
    snapshot = archive.take_articles([1])
    assert archive.count() == 0 and len(archive.photos()) == 1  # photos stay
    archive.restore_articles(snapshot)
    assert archive.article(1).images[0].photo == photo is not None


def test_a_page_in_windows_1252_names_its_files_in_it(archive: Archive, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "Übung_files").mkdir(parents=True)
    (site / "Übung_files" / "Übung 1.jpg").write_bytes(noise_jpeg())
    body = "".join(f"<p>Soldaten üben im Gelände, Tag {n} der Übung.</p>" for n in range(5))
    html = (
        '<html><head><meta charset="windows-1252"><title>Übung</title></head><body>'
        f'<h1>Übung</h1>{body}<img src="Übung_files/Übung 1.jpg" alt="x"></body></html>'
    )
    (site / "Übung.html").write_bytes(html.encode("cp1252"))
    outcome = only(archive.import_paths([site]).outcomes)
    assert outcome.message == "with 1 photo"  # type: ignore[attr-defined]
