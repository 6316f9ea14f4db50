"""Regression tests for the reliability audit's archive faults: check in bounded memory and
safe from stored text, disk full, read-only archives, archive paths that are not files."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tests.conftest import SEED

from dossierdesk.cli.main import main
from dossierdesk.service import Archive, integrity
from dossierdesk.store import engine as store_engine
from dossierdesk.store.errors import ArchiveError, ReadOnlyArchiveError
from dossierdesk.store.location import archive_path

REPO = Path(__file__).resolve().parent.parent


def _set_title(path: Path, article_id: int, title: str) -> None:
    """Store a title directly (what older versions let into an archive); triggers re-index."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("UPDATE articles SET title = ? WHERE id = ?", (title, article_id))
        conn.commit()
    finally:
        conn.close()


@pytest.fixture(params=[True, False], ids=["fts-compares", "older-sqlite"])
def fts_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run a check test on both of check_fts's paths (SQLite ≥ 3.44 and older)."""
    compares = bool(request.param)
    if compares and sqlite3.sqlite_version_info < (3, 44, 0):
        # The rank form of the integrity check needs 3.44; exercise what this SQLite runs.
        compares = False
    monkeypatch.setattr(integrity, "FTS_COMPARES_CONTENT", compares)
    return compares


def test_check_survives_a_nul_and_fts_syntax_in_titles(archive_path: Path, fts_path: bool) -> None:
    with Archive(archive_path) as archive:
        archive.import_paths([SEED])
    _set_title(archive_path, 1, 'North\x00Korean "troops" AND title: NEAR(x y) * ^ {')
    with Archive(archive_path) as archive:
        result = archive.check()
    assert result.ok, result.messages


def test_check_still_finds_an_outdated_index_entry(archive_path: Path) -> None:
    with Archive(archive_path) as archive:
        archive.import_paths([SEED])
    conn = sqlite3.connect(archive_path)
    try:
        row = conn.execute(
            "SELECT a.title, t.body, t.captions, t.credits FROM articles a "
            "JOIN article_texts t ON t.article_id = a.id WHERE a.id = 1"
        ).fetchone()
        conn.execute(
            "INSERT INTO articles_fts(articles_fts, rowid, title, body, captions, credits) "
            "VALUES ('delete', 1, ?, ?, ?, ?)",
            row,
        )
        conn.execute(
            "INSERT INTO articles_fts(rowid, title, body, captions, credits) "
            "VALUES (1, 'something else entirely', ?, ?, ?)",
            row[1:],
        )
        conn.commit()
    finally:
        conn.close()
    with Archive(archive_path) as archive:
        result = archive.check()
    assert not result.ok
    assert any("outdated" in m or "full-text index" in m for m in result.messages)


def _index_titles(path: Path, titles: dict[int, str]) -> None:
    """Make the main index hold ``titles`` for these articles (their stored titles unchanged),
    as an index written by an older version could."""
    conn = sqlite3.connect(path)
    try:
        for article_id, title in titles.items():
            row = conn.execute(
                "SELECT a.title, t.body, t.captions, t.credits FROM articles a "
                "JOIN article_texts t ON t.article_id = a.id WHERE a.id = ?",
                (article_id,),
            ).fetchone()
            conn.execute(
                "INSERT INTO articles_fts(articles_fts, rowid, title, body, captions, credits) "
                "VALUES ('delete', ?, ?, ?, ?, ?)",
                (article_id, *row),
            )
            conn.execute(
                "INSERT INTO articles_fts(rowid, title, body, captions, credits) "
                "VALUES (?, ?, ?, ?, ?)",
                (article_id, title, *row[1:]),
            )
        conn.commit()
    finally:
        conn.close()


def _titles(path: Path) -> dict[int, str]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT id, title FROM articles"))
    finally:
        conn.close()


@pytest.mark.parametrize("compared_chars", [65536, 40])
@pytest.mark.parametrize("case", ["late word", "swapped", "reordered", "same"])
def test_the_older_sqlite_check_compares_every_word_of_every_title(
    archive_path: Path,
    corpus_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    compared_chars: int,
) -> None:
    """SQLite before 3.44 (Debian 12's 3.40): the titles the main index holds are compared
    with the articles' titles word by word and position by position: a word past the eighth
    (which the lookup of a title's first words missed), two articles' titles swapped, words
    reordered; an index as the titles are gives no report. Titles longer
    than ``COMPARED_TITLE_CHARS`` (40 characters in the second run: most of the corpus's)
    have their first words looked up instead, which sees the swap but not the late word or
    the reordered words."""
    monkeypatch.setattr(integrity, "FTS_COMPARES_CONTENT", False)
    monkeypatch.setattr(integrity, "COMPARED_TITLE_CHARS", compared_chars)
    with Archive(archive_path) as archive:
        archive.import_paths([corpus_dir])
    titles = _titles(archive_path)
    long_one = next(i for i, t in titles.items() if len(t.split()) >= 10)
    words = titles[long_one].split()
    other = next(i for i in titles if i != long_one and titles[i] != titles[long_one])
    changed = {
        "late word": {long_one: " ".join([*words[:9], "zeppelin", *words[10:]])},
        "swapped": {long_one: titles[other], other: titles[long_one]},
        "reordered": {long_one: " ".join([words[1], words[0], *words[2:]])},
        "same": {long_one: titles[long_one]},
    }[case]
    _index_titles(archive_path, changed)
    with Archive(archive_path) as archive:
        result = archive.check()
        again = archive.check()  # the temporary tables are gone: a second check runs alike
    assert result == again
    if case in ("swapped", "same"):  # read-only: each title's first words are looked up
        with Archive(archive_path, read_only=True) as archive:
            assert archive.check() == result
    looked_up = len(titles[long_one]) > compared_chars
    if case == "same" or (looked_up and case in ("late word", "reordered")):
        assert result.ok, result.messages
    else:
        assert not result.ok
        assert f"full-text index: {len(changed)} articles indexed with outdated text" in (
            result.messages
        )


def test_the_older_sqlite_check_indexes_titles_as_the_archive_does(archive_path: Path) -> None:
    """The fresh titles' index of the check has the main index's tokenizer and content."""
    with Archive(archive_path) as archive:
        archive.import_paths([SEED])
    conn = sqlite3.connect(archive_path)
    try:
        (sql,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'articles_fts'"
        ).fetchone()
    finally:
        conn.close()
    tokenize = re.search(r"tokenize\s*=\s*'[^']*'", sql)
    content = re.search(r"content\s*=\s*'([^']*)'", sql)
    assert tokenize is not None and content is not None
    statements = " ".join(integrity._TITLE_WORDS_STATEMENTS)
    assert f"fts5(title, {tokenize.group(0)})" in statements
    assert statements.count(f"FROM main.{content.group(1)}") == 2


def test_title_probe_is_bounded_and_made_of_quoted_words() -> None:
    probe = integrity.title_probe("a\x00b " + "word " * 300_000)
    assert probe is not None and "\x00" not in probe
    assert probe.count('"') == 2 * integrity.PROBE_WORDS
    assert len(probe) < 200
    assert integrity.title_probe('"" ** ()') is None


def test_check_of_a_huge_title_runs_in_bounded_memory(archive_path: Path) -> None:
    """A 2 MB title (older SQLite needed ~1.4 GB per MB of title for check's phrase query)."""
    with Archive(archive_path) as archive:
        archive.import_paths([SEED])
    words = " ".join(f"w{i}" for i in range(400_000))  # ≈ 2.8 MB of distinct words
    _set_title(archive_path, 1, words)
    script = textwrap.dedent(
        f"""
        import resource, sys
        from dossierdesk.service import Archive, integrity
        integrity.FTS_COMPARES_CONTENT = False  # the older-SQLite path (Debian 12's 3.40)
        with Archive({str(archive_path)!r}) as archive:
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            result = archive.check()
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(result.ok, (after - before) // 1024)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout.split()
    assert out[0] == "True"
    assert int(out[1]) < 150, f"check grew by {out[1]} MB"


# -- disk full ------------------------------------------------------------------------------
def _many_files(folder: Path, n: int) -> list[Path]:
    text = SEED.read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    folder.mkdir()
    paths = []
    for i in range(n):
        p = folder / f"a{i:04d}.txt"
        body = rest.replace("North Korean Troops", f"North Korean Troops {i}", 1)
        p.write_text(f"{first}\n{body}\nUnique paragraph {i} " + "filler " * 4000, "utf-8")
        paths.append(p)
    return paths


def test_disk_full_reports_what_was_committed(
    archive_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with Archive(archive_path):
        pass
    folder = tmp_path / "in"
    _many_files(folder, 120)
    size_pages = os.path.getsize(archive_path) // 4096
    original = store_engine._on_connect

    def small_disk(dbapi_connection: object, record: object) -> None:
        original(dbapi_connection, record)  # type: ignore[arg-type]
        # The archive may not grow past ~1.2 MB: SQLite then reports SQLITE_FULL, as on a
        # full disk.
        dbapi_connection.execute(f"PRAGMA max_page_count = {size_pages + 300}")  # type: ignore[attr-defined]

    monkeypatch.setattr(store_engine, "_on_connect", small_disk)
    monkeypatch.setattr("dossierdesk.service.import_session.COMMIT_SECONDS", 0.0)
    monkeypatch.setattr("dossierdesk.service.import_session.CHUNK_FILES", 5)
    code = main(["--archive", str(archive_path), "import", str(folder), "--json"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in err
    assert "the disk is full" in err
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines, "no report lines although files were committed"
    monkeypatch.setattr(store_engine, "_on_connect", original)
    with Archive(archive_path) as archive:
        assert archive.count() == len(lines) > 0
        assert {o["id"] for o in lines} == set(archive.search("").ids)
        assert archive.check().ok


# -- archive paths --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "given, reason",
    [
        # A team archive address goes to the server (none listens on port 1), never to a file.
        ("postgresql://user:secret@127.0.0.1:1/db", "cannot open the team archive"),
        ("https://example.org/archive.sqlite3", "not supported"),
        ("file:///tmp/a.sqlite3", "as a path"),
    ],
)
def test_urls_are_refused_before_anything_is_created(
    given: str,
    reason: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    code = main(["--archive", given, "list"])
    err = capsys.readouterr().err
    assert code == 1 and reason in err and "Traceback" not in err
    assert "secret" not in err  # a password in the address is never shown
    assert list(tmp_path.iterdir()) == []  # no folder named "postgresql:" and no file
    monkeypatch.setenv("DOSSIERDESK_ARCHIVE", given)
    assert main(["list"]) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_folder_as_archive_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--archive", str(tmp_path), "stats"])
    err = capsys.readouterr().err
    assert code == 1 and "is a folder" in err and "Traceback" not in err
    with pytest.raises(ArchiveError, match="is a folder"):
        Archive(tmp_path)
    with pytest.raises(ArchiveError):
        archive_path("")


# -- read-only archives ----------------------------------------------------------------------
def test_an_archive_opened_read_only_reads_and_refuses_writes(archive_path: Path) -> None:
    with Archive(archive_path) as archive:
        archive.import_paths([SEED])
    with Archive(archive_path, read_only=True) as archive:
        assert archive.read_only
        assert archive.count() == 1
        assert archive.check().ok
        with pytest.raises(ReadOnlyArchiveError, match="read-only"):
            archive.add_tags([1], ["x"])
        with pytest.raises(ReadOnlyArchiveError, match="read-only"):
            archive.import_paths([SEED])
    with Archive(archive_path) as archive:
        assert archive.tags() == []


def _can_mount_read_only() -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    return probe.returncode == 0


@pytest.mark.skipif(
    not _can_mount_read_only(), reason="needs unshare -m (root) for a read-only mount"
)
def test_cli_on_read_only_media(archive_path: Path, tmp_path: Path) -> None:
    """A real read-only mount (root in CI): reading works, writing says read-only."""
    with Archive(archive_path) as archive:
        archive.import_paths([SEED])
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    cli = f"{sys.executable} -m dossierdesk.cli.main --archive {mnt}/archive.sqlite3"
    script = f"""
        set -u
        mount --bind {archive_path.parent} {mnt} && mount -o remount,bind,ro {mnt} || exit 99
        {cli} list; echo "list=$?"
        {cli} check; echo "check=$?"
        {cli} show 1 --json >/dev/null; echo "show=$?"
        {cli} tag add x --ids 1; echo "tag=$?"
        {cli} import {SEED}; echo "import=$?"
    """
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, cwd=REPO
    )
    assert "=99" not in done.stdout
    codes = dict(line.split("=") for line in done.stdout.splitlines() if "=" in line)
    assert codes == {"list": "0", "check": "0", "show": "0", "tag": "1", "import": "1"}, (
        done.stdout + done.stderr
    )
    assert "North Korean Troops" in done.stdout
    assert done.stderr.count("read-only") == 2 and "Traceback" not in done.stderr
