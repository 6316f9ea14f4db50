"""Team archives on a real PostgreSQL server: same answers as a file archive, rights, copies."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import CORPUS, SEED, PgRoles
from tests.pg_server import PgCluster, database_name

from dossierdesk.cli.main import main
from dossierdesk.service import Archive
from dossierdesk.service.dto import ImportStatus
from dossierdesk.store import team_roles
from dossierdesk.store.errors import ArchiveError, ReadOnlyArchiveError
from dossierdesk.store.sqlite_files import SCHEMA_REVISION

QUERIES = [
    "navy",
    "air force",
    '"air force"',
    "title:air*",
    "secretary -navy",
    "warrior OR games",
    "credit:photo",
    "after:2015-06 before:2016",
    "source:af.mil",
    "has:images -has:virin",
    "virin:151112",
    'service:"air force"',
    "hernández OR hernandez",
    "f-35",
    "author:carter",
]


@pytest.fixture
def both(tmp_path: Path, pg_archive_url: str) -> tuple[Archive, Archive]:
    """The real corpus imported into a file archive and into a team archive."""
    file_archive = Archive(tmp_path / "a.sqlite3")
    team_archive = Archive(pg_archive_url)
    for archive in (file_archive, team_archive):
        archive.import_paths([CORPUS])
    yield file_archive, team_archive
    file_archive.close()
    team_archive.close()


def test_the_query_language_gives_the_same_answers_on_both_engines(
    both: tuple[Archive, Archive],
) -> None:
    file_archive, team_archive = both
    assert file_archive.stats().articles == team_archive.stats().articles > 30
    for query in QUERIES:
        for sort in ("-date", "title", "relevance"):
            a = file_archive.search(query, sort=sort)
            b = team_archive.search(query, sort=sort)
            if sort == "relevance":  # scores differ (bm25 / ts_rank_cd): the same set
                assert (a.total, sorted(a.ids)) == (b.total, sorted(b.ids)), query
            else:
                assert (a.total, a.ids) == (b.total, b.ids), (query, sort)
    for kind in ("source", "author", "month", "service", "tag"):
        assert file_archive.facet(kind) == team_archive.facet(kind)
        assert file_archive.facet(kind, query="force") == team_archive.facet(kind, query="force")
    ids = file_archive.search("force").ids[:5]
    snippets = team_archive.snippets("force", ids)
    assert set(snippets) == set(ids)
    assert all("\ue000" in s and "force" in s.lower() for s in snippets.values())


def test_a_copy_to_a_team_archive_and_back_loses_nothing(
    tmp_path: Path, pg_archive_url: str
) -> None:
    source = tmp_path / "source.sqlite3"
    with Archive(source) as archive:
        archive.import_paths([CORPUS])
        ids = archive.search("", sort="id").ids
        archive.add_tags(ids[:4], ["Keep", "budget"])
        archive.set_tag_color("Keep", "#00ff00")
        archive.save_search("air", "title:air*")
        dossier = archive.create_dossier("Brief", article_ids=ids[3:6], description="d")
        archive.set_dossier_note(dossier, ids[4], "read first")
        archive.set_dossier_order(dossier, [ids[5], ids[3], ids[4]])
        before = list(archive.articles(ids))
        before_dossier = archive.dossier(dossier)
        originals = {i: archive.original(i) for i in ids}
        air = archive.search("title:air*").ids
    code = main(["copy", str(source), pg_archive_url])
    assert code == 0
    back = tmp_path / "back.sqlite3"
    assert main(["copy", pg_archive_url, str(back)]) == 0
    for where in (pg_archive_url, str(back)):
        with Archive(where) as copy:
            assert list(copy.articles(ids)) == before
            assert copy.dossier(dossier) == before_dossier
            assert {i: copy.original(i) for i in ids} == originals
            assert [(t.name, t.color, t.count) for t in copy.tags()] == [
                ("budget", None, 4),
                ("Keep", "#00ff00", 4),
            ]
            assert [s.query for s in copy.saved_searches()] == ["title:air*"]
            assert copy.search("title:air*").ids == air
            assert copy.check().ok
    with Archive(pg_archive_url) as team:  # new rows after a copy get fresh ids
        report = team.import_paths([SEED])
        assert report.outcomes[0].status is ImportStatus.IMPORTED
        assert (report.outcomes[0].id or 0) > max(ids)


def test_a_copy_refuses_a_team_archive_that_is_not_empty(
    tmp_path: Path, pg_archive_url: str
) -> None:
    with Archive(pg_archive_url) as team:
        team.import_paths([SEED])
    with Archive(tmp_path / "a.sqlite3") as archive:
        archive.import_paths([CORPUS])
    assert main(["copy", str(tmp_path / "a.sqlite3"), pg_archive_url]) == 1
    with Archive(pg_archive_url) as team:
        assert team.stats().articles == 1  # left as it was


def test_backup_of_a_team_archive_is_a_file_archive(tmp_path: Path, pg_archive_url: str) -> None:
    with Archive(pg_archive_url) as team:
        team.import_paths([SEED])
        team.backup(tmp_path / "snap.sqlite3")
    with Archive(tmp_path / "snap.sqlite3") as snap:
        assert snap.search("north korea").total == 1


def _grant(cluster: PgCluster, url: str) -> None:
    sql = team_roles.database_sql(owner="dd_owner", editors="dd_editor", readers="dd_reader")
    with cluster.admin_connection(database_name(url)) as conn:
        conn.execute(sql)  # type: ignore[call-overload]
        conn.execute("GRANT CONNECT ON DATABASE " + database_name(url) + " TO dd_editor, dd_reader")  # type: ignore[call-overload]


def test_rights_follow_the_servers_grants(
    pg_cluster: PgCluster,
    pg_roles: PgRoles,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with Archive(pg_roles.owner) as owner:  # the owner creates the schema
        owner.import_paths([SEED])
    _grant(pg_cluster, pg_roles.owner)
    with Archive(pg_roles.reader) as reader, Archive(pg_roles.owner) as owner:
        assert reader.read_only
        assert reader.search("north korea").total == 1
        feed = reader.listen()  # a reader hears the others' changes too
        assert feed is not None
        owner.add_tags([1], ["seen"])
        assert [c.kinds for c in feed.poll(2.0)] == [{"tags"}]
        feed.close()
        with pytest.raises(ReadOnlyArchiveError, match="read-only"):
            reader.add_tags([1], ["x"])
    code = main(["--archive", pg_roles.reader, "tag", "add", "x", "--ids", "1"])
    err = capsys.readouterr().err
    assert code == 1 and "read-only" in err and "Traceback" not in err
    with Archive(pg_roles.editor) as editor:
        assert not editor.read_only
        editor.add_tags([1], ["checked"])
        report = editor.import_paths([CORPUS / "005_afmil-dodnews-carter-embrace-future.html"])
        assert report.outcomes[0].status is ImportStatus.IMPORTED
        assert editor.search("tag:checked").total == 1


def test_a_reader_cannot_create_the_schema_and_is_told_why(
    pg_cluster: PgCluster, pg_url: str
) -> None:
    name = database_name(pg_url)
    with pg_cluster.admin_connection(name) as conn:
        conn.execute("GRANT CONNECT ON DATABASE " + name + " TO dd_reader")  # type: ignore[call-overload]
    with pytest.raises(ArchiveError, match="may not create tables"):
        Archive(pg_cluster.url(name, "dd_reader"))


def test_a_wrong_password_is_refused_without_showing_it(
    pg_archive_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    user, _, rest = pg_archive_url.partition(":")[2].lstrip("/").partition(":")
    wrong = f"postgresql://{user}:not-the-password-123@{rest.partition('@')[2]}"
    code = main(["--archive", wrong, "stats"])
    err = capsys.readouterr().err
    assert code == 1 and "not-the-password-123" not in err and "Traceback" not in err
    assert "password authentication failed" in err


def test_stats_json_reports_the_same_counts_on_both(
    tmp_path: Path, pg_archive_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = []
    for where in (str(tmp_path / "a.sqlite3"), pg_archive_url):
        assert main(["--archive", where, "import", str(SEED)]) == 0
        assert main(["--archive", where, "dossier", "create", "D", "--ids", "1"]) == 0
        capsys.readouterr()
        assert main(["--archive", where, "stats", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        counts.append({k: data[k] for k in ("articles", "images", "photos", "tags", "dossiers")})
    assert (
        counts[0]
        == counts[1]
        == {
            "articles": 1,
            "images": 2,
            "photos": 0,
            "tags": 0,
            "dossiers": 1,
        }
    )
    assert "sqlite3" not in json.dumps(counts)
    from dossierdesk.service import rows

    assert rows._DOCUMENT_WORDS is False  # made for the team import only, then off again


def test_two_clients_importing_at_once_lose_nothing(pg_archive_url: str, tmp_path: Path) -> None:
    files = sorted(p for p in CORPUS.iterdir() if not p.name.endswith(".md"))
    halves = [files[0::2], files[1::2]]
    errors: list[BaseException] = []
    reports = []

    def run(paths: list[Path]) -> None:
        try:
            with Archive(pg_archive_url) as client:
                reports.append(client.import_paths(paths))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(half,)) for half in halves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    failed = [o for r in reports for o in r.outcomes if o.status is ImportStatus.FAILED]
    assert not failed, [o.message for o in failed]
    with Archive(tmp_path / "one.sqlite3") as alone:
        alone.import_paths(files)
        expected = alone.stats().articles
    with Archive(pg_archive_url) as team:
        assert team.stats().articles == expected
        assert team.check().ok


def _at_once(url: str, jobs: list[Callable[[Archive], object]]) -> list[object]:
    """Run each job on its own client of the team archive, all starting together."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            with Archive(url) as client:
                barrier.wait()
                results[index] = jobs[index](client)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def test_two_clients_importing_the_same_files_store_each_article_once(
    pg_archive_url: str,
) -> None:
    files = sorted(p for p in CORPUS.iterdir() if not p.name.endswith(".md"))
    reports = _at_once(pg_archive_url, [lambda c: c.import_paths(files)] * 2)
    outcomes = [o for r in reports for o in r.outcomes]  # type: ignore[attr-defined]
    assert not [o.message for o in outcomes if o.status is ImportStatus.FAILED]
    imported = [o for o in outcomes if o.status is ImportStatus.IMPORTED]
    with Archive(pg_archive_url) as team:
        assert team.stats().articles == len(imported) == len({o.id for o in imported}) > 30
        assert team.stats().persons == len({p.casefold() for p in _authors(team)})


def _authors(archive: Archive) -> list[str]:
    return [a for art in archive.articles(archive.search("").ids) for a in art.authors]


def test_clients_creating_the_same_new_tag_at_once_share_it(pg_archive_url: str) -> None:
    with Archive(pg_archive_url) as team:
        team.import_paths([CORPUS])
        ids = team.search("", sort="id").ids
    jobs: list[Callable[[Archive], object]] = [
        lambda c, part=part: c.add_tags(part, ["Urgent"]) for part in (ids[:10], ids[5:15])
    ] * 2
    _at_once(pg_archive_url, jobs)
    with Archive(pg_archive_url) as team:
        assert [(t.name, t.count) for t in team.tags()] == [("Urgent", 15)]


def test_an_older_team_archive_is_backed_up_on_the_server_then_upgraded(
    pg_archive_url: str, pg_cluster: PgCluster
) -> None:
    from alembic import command

    from dossierdesk.store.engine import alembic_config
    from dossierdesk.store.postgres import make_pg_engine

    with Archive(pg_archive_url) as team:
        team.import_paths([CORPUS])
        before = team.stats()
    engine = make_pg_engine(pg_archive_url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")  # as a team archive of the previous version
    engine.dispose()
    with Archive(pg_archive_url) as team:  # upgraded on opening
        after = team.stats()  # the same rows (the database is larger: it holds the copy)
        assert dataclasses.replace(after, file_bytes=0) == dataclasses.replace(before, file_bytes=0)
        first = team.search("", sort="id").ids[0]
        assert team.article(first).version == 1
    name = database_name(pg_archive_url)
    with pg_cluster.admin_connection(name) as conn:
        schemas = [
            r[0]
            for r in conn.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'dossierdesk_backup_0008_%'"
            )
        ]
        assert len(schemas) == 1
        copied = conn.execute(f'SELECT count(*) FROM "{schemas[0]}".articles').fetchone()  # type: ignore[call-overload]
        assert copied == (before.articles,)
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        assert version == (SCHEMA_REVISION,)


def test_a_dossier_prints_the_same_pdf_from_both_engines(
    tmp_path: Path, pg_archive_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import subprocess

    texts = []
    for n, where in enumerate((str(tmp_path / "a.sqlite3"), pg_archive_url)):
        assert main(["--archive", where, "import", str(CORPUS)]) == 0
        assert main(["--archive", where, "dossier", "create", "Carter", "-q", "carter"]) == 0
        out = tmp_path / f"{n}.pdf"
        assert main(["--archive", where, "export", "--dossier", "Carter", "-o", str(out)]) == 0
        text = subprocess.run(
            ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        texts.append([line for line in text.splitlines() if "Exported" not in line])
    capsys.readouterr()
    assert len(texts[0]) > 100
    assert texts[0] == texts[1]


def test_a_redacted_address_means_the_same_to_libpq() -> None:
    from urllib.parse import unquote

    from dossierdesk.store.team_url import redacted

    shown = redacted(
        "postgresql://alice:s3cret@db/news?sslrootcert=/home/a%20b/ca%2Bx.pem&password=x"
    )
    assert "s3cret" not in shown and "password" not in shown and "+" not in shown
    assert unquote(shown.split("sslrootcert=")[1]) == "/home/a b/ca+x.pem"
    assert redacted("postgresql:///news?service=office") == "postgresql:///news?service=office"
