"""Photos in the archive: stored once, linked to article images by VIRIN in either import
order, listed and written out by the CLI, kept when articles go (issue #12)."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from PIL import Image as PILImage
from tests.conftest import SEED

from dossierdesk.cli.main import main
from dossierdesk.service import Archive
from dossierdesk.store.engine import alembic_config, make_engine
from dossierdesk.store.sqlite_files import SCHEMA_REVISION

pytestmark = pytest.mark.both_backends

SEED_VIRIN = "230515-D-KY598-1364"  # the seed article's first image


def photo_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 48), color: str = "navy") -> bytes:
    buf = io.BytesIO()
    PILImage.new("RGB", size, color).save(buf, fmt)
    return buf.getvalue()


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture
def cli(archive_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--archive", str(archive_path), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_a_photo_imported_after_its_article_attaches_to_the_image(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("import", str(SEED))
    # WebP bytes under a .JPG name with the site's trailing letter, as defense.gov serves them.
    photo = write(tmp_path, f"{SEED_VIRIN}M.JPG", photo_bytes("WEBP"))
    code, out, err = cli("import", str(photo), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["kind"] == "photo" and report["status"] == "imported"
    code, out, _ = cli("show", "1", "--json")
    images = json.loads(out)["images"]
    assert images[0]["photo"] == {
        "sha256": images[0]["photo"]["sha256"],
        "mime": "image/webp",
        "width": 64,
        "height": 48,
        "bytes": photo.stat().st_size,
    }
    assert images[1]["photo"] is None  # another VIRIN
    code, out, _ = cli("photos", "--json")
    (record,) = json.loads(out)
    assert record["id"] == report["id"] and record["article_id"] == 1
    assert record["virin"].startswith(SEED_VIRIN)
    assert {"id", "virin", "caption", "credit", "width", "height", "bytes", "article_id"} <= set(
        record
    )


def test_an_article_imported_after_its_photo_attaches_it(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photo = write(tmp_path, f"{SEED_VIRIN}.jpg", photo_bytes())
    cli("import", str(photo))
    _, out, _ = cli("photos", "--json")
    assert json.loads(out)[0]["article_id"] is None  # standalone until its article comes
    cli("import", str(SEED))
    _, out, _ = cli("photos", "--json")
    assert json.loads(out)[0]["article_id"] == 1
    assert cli("list", "--query", "has:photo")[1].count("\n") == 1
    _, stats, _ = cli("stats", "--json")
    assert json.loads(stats)["photos"] == 1 and json.loads(stats)["linked_photos"] == 1


def test_same_bytes_are_stored_once(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = photo_bytes()
    a = write(tmp_path / "a", f"{SEED_VIRIN}.jpg", data)
    b = write(tmp_path / "b", "copy.jpg", data)
    _, out, _ = cli("import", str(a), str(b), "--json")
    statuses = [json.loads(line)["status"] for line in out.splitlines()]
    assert statuses == ["imported", "duplicate"]
    assert json.loads(cli("stats", "--json")[1])["photos"] == 1


def test_photos_by_virin_and_written_out(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("import", str(write(tmp_path / "in", "240919-Z-JU958-1072C.JPG", photo_bytes("PNG"))))
    cli("import", str(write(tmp_path / "in", "untitled.jpg", photo_bytes(color="red"))))
    code, out, _ = cli("photos", "--query", "virin:240919", "--json")
    found = json.loads(out)
    assert len(found) == 1 and found[0]["article_id"] is None
    dest = tmp_path / "out"
    code, out, _ = cli("photos", "--ids", f"{found[0]['id']}", "--out", str(dest))
    assert code == 0
    (written,) = list(dest.iterdir())
    assert written.name.startswith("240919-Z-JU958-1072") and written.suffix == ".png"
    assert written.read_bytes() == (tmp_path / "in" / "240919-Z-JU958-1072C.JPG").read_bytes()
    code, _, err = cli("photos", "--ids", "999")
    assert code == 1 and "no photo #999" in err


def test_deleting_an_article_keeps_its_photo_and_undo_relinks(
    archive: Archive, tmp_path: Path
) -> None:
    archive.import_paths([SEED, write(tmp_path, f"{SEED_VIRIN}.jpg", photo_bytes())])
    assert archive.article(1).images[0].photo is not None
    snapshot = archive.take_articles([1])
    (photo,) = archive.photos()
    assert photo.article_ids == ()
    archive.restore_articles(snapshot)
    assert archive.article(1).images[0].photo is not None
    assert archive.photos()[0].article_ids == (1,)


def test_reparse_relinks_photos(archive: Archive, tmp_path: Path) -> None:
    archive.import_paths([SEED, write(tmp_path, f"{SEED_VIRIN}.jpg", photo_bytes())])
    (outcome,) = archive.reparse([1])
    assert outcome.status.value == "imported"
    assert archive.article(1).images[0].photo is not None


def test_bad_photos_are_reported_and_the_batch_goes_on(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = photo_bytes()
    truncated = write(tmp_path, "truncated.jpg", good[: len(good) // 2])
    fine = write(tmp_path, f"{SEED_VIRIN}.jpg", good)
    code, out, err = cli("import", str(truncated), str(fine), "--json")
    reports = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and "Traceback" not in err
    assert reports[0]["status"] == "failed" and reports[0]["message"]
    assert reports[1]["status"] == "imported" and reports[1]["kind"] == "photo"


def test_an_0006_archive_upgrades_and_keeps_its_images(archive_path: Path, tmp_path: Path) -> None:
    with Archive(archive_path) as archive:
        archive.import_paths([SEED])
    engine = make_engine(archive_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
    engine.dispose()
    with Archive(archive_path) as archive:
        assert archive.article(1).images[0].virin == SEED_VIRIN
        archive.import_paths([write(tmp_path, f"{SEED_VIRIN}.jpg", photo_bytes())])
        assert archive.article(1).images[0].photo is not None
        assert archive.check().ok
    conn = sqlite3.connect(archive_path)
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision == (SCHEMA_REVISION,)
    conn.close()
    assert list(archive_path.parent.glob("*.0006.*.bak"))  # backed up before the upgrade


def test_folders_and_zips_of_photos_import(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    folder = tmp_path / "shoot"
    write(folder, f"{SEED_VIRIN}.JPG", photo_bytes("WEBP"))
    write(folder / "sub", "240919-Z-JU958-1072.png", photo_bytes("PNG", color="green"))
    with zipfile.ZipFile(tmp_path / "more.zip", "w") as zf:
        zf.writestr("pics/a.jpg", photo_bytes(color="white"))
    code, out, err = cli("import", str(folder), str(tmp_path / "more.zip"), "--json")
    reports = [json.loads(line) for line in out.splitlines()]
    assert code == 0, err
    assert [r["kind"] for r in reports] == ["photo"] * 3
    assert json.loads(cli("stats", "--json")[1])["photos"] == 3


def test_an_0007_archive_moves_photo_bytes_apart_and_back(
    archive_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossierdesk.store import engine as engine_module

    monkeypatch.setattr(engine_module, "COMPACT_MIN_FREE_BYTES", 0)  # compact however small
    monkeypatch.setattr(engine_module, "COMPACT_FREE_SHARE", 0.1)
    import io
    import random

    from PIL import Image as PILImage

    noise = random.Random(7).randbytes(900 * 600 * 3)
    out = io.BytesIO()
    PILImage.frombytes("RGB", (900, 600), noise).save(out, "JPEG", quality=95)
    data = out.getvalue()  # about 1 MB: moving it leaves pages free
    with Archive(archive_path) as archive:
        archive.import_paths([SEED, write(tmp_path, f"{SEED_VIRIN}.jpg", data)])
    engine = make_engine(archive_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")  # the bytes go back into photos.data
    engine.dispose()
    conn = sqlite3.connect(archive_path)
    assert conn.execute("SELECT data FROM photos").fetchone() == (data,)
    conn.close()
    with Archive(archive_path) as archive:  # upgraded again on opening
        (photo,) = archive.photos()
        assert photo.virin == SEED_VIRIN and photo.article_ids == (1,)
        assert archive.photo_data(photo.sha256) == data
        assert archive.check().ok
    conn = sqlite3.connect(archive_path)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(photos)")]
    assert "data" not in columns
    assert conn.execute("SELECT count(*) FROM photo_bytes").fetchone() == (1,)
    assert conn.execute("PRAGMA freelist_count").fetchone() == (0,)  # compacted after it
    conn.close()


def _plan(archive_path: Path, statement: Any, values: dict[str, Any]) -> str:
    """SQLite's plan for ``statement`` (compiled for SQLite) with ``values`` bound."""
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    compiled = statement.compile(dialect=sqlite_dialect.dialect())
    bound = compiled.construct_params(values)
    params = [bound[name] for name in compiled.positiontup or ()]
    con = sqlite3.connect(archive_path)
    try:
        rows = con.execute(f"EXPLAIN QUERY PLAN {compiled}", params).fetchall()
    finally:
        con.close()
    return " ".join(str(row[-1]) for row in rows)


def test_linking_new_images_reads_only_the_new_articles_images(archive_path: Path) -> None:
    # Each commit of an import links its articles' images: the statement must start from the
    # new articles (the index of article ids), not from every image without a photo.
    from dossierdesk.service.photos import _LINK_NEW_IMAGES

    with Archive(archive_path) as archive:
        archive.import_paths([SEED])
    plan = _plan(archive_path, _LINK_NEW_IMAGES, {"first": 1})
    assert "ix_images_article_id" in plan
    assert "ix_images_photo_id" not in plan


def test_linking_a_stored_photo_reads_only_the_images_of_its_virin(archive_path: Path) -> None:
    # Storing a photo links the images printing its VIRIN: found by the VIRIN's originator
    # and sequence, not by its service letter, which most images of an archive share.
    from dossierdesk.service.photos import _LINK_PHOTO

    with Archive(archive_path) as archive:
        archive.import_paths([SEED])
    values = {"photo": 1, "originator": "6911G", "sequence": "001", "service": "F"}
    plan = _plan(archive_path, _LINK_PHOTO, {**values, "yymmdd": "240101"})
    assert "ix_images_virin_link" in plan
    assert "ix_images_virin_service_article" not in plan


def test_an_archive_without_photos_links_nothing_at_its_commits(
    cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    # Each commit of an import links its articles' images to stored photos. With no photo in
    # the archive one lookup answers, and the statement reading the new images is not run;
    # once a photo is stored, the next import's images are linked to it.
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        page = Path(__file__).parent / "data" / "corpus" / "001_afmil-gulf-war-critical-care.html"
        assert cli("import", str(page))[0] == 0
        linking = [s for s in statements if s.lstrip().upper().startswith("UPDATE IMAGES")]
        assert linking == []  # (before: one statement)
        cli("import", str(write(tmp_path, f"{SEED_VIRIN}.jpg", photo_bytes())))
        statements.clear()
        assert cli("import", str(SEED))[0] == 0
        linking = [s for s in statements if s.lstrip().upper().startswith("UPDATE IMAGES")]
        assert linking
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    _, out, _ = cli("photos", "--json")
    assert json.loads(out)[0]["article_id"] is not None


def test_an_article_imported_after_its_photo_gets_it_on_either_backend(
    archive: Archive, tmp_path: Path
) -> None:
    # The commit of the article's import links its images to the photo stored before (a team
    # archive's commits too); an import with no photo in the archive leaves them without one.
    archive.import_paths([SEED])
    assert archive.article(1).images[0].photo is None
    archive.import_paths([write(tmp_path, f"{SEED_VIRIN}.jpg", photo_bytes())])
    archive.delete_articles([1])
    archive.import_paths([SEED])
    newest = max(archive.search("", sort="id").ids)
    assert archive.article(newest).images[0].photo is not None
