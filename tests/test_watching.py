"""Watch folders: new files imported once they stop growing, originals never touched."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from tests.conftest import CORPUS, SEED

from dossierdesk.cli.main import main
from dossierdesk.service import Archive
from dossierdesk.service.dto import ImportStatus
from dossierdesk.service.watching import FolderWatch, is_candidate, watch

ARTICLE = CORPUS / "001_afmil-gulf-war-critical-care.html"


def _drop(folder: Path, source: Path, name: str | None = None) -> Path:
    target = folder / (name or source.name)
    shutil.copyfile(source, target)
    return target


def test_a_new_file_is_ready_after_two_polls_with_the_same_size(tmp_path: Path) -> None:
    watcher = FolderWatch([tmp_path])
    watcher.start()
    new = _drop(tmp_path, SEED)
    assert watcher.poll() == []  # seen once: may still be growing
    assert watcher.waiting == 1
    assert watcher.poll() == [new]
    assert watcher.poll() == []  # handled once only


def test_a_growing_file_waits(tmp_path: Path) -> None:
    watcher = FolderWatch([tmp_path])
    watcher.start()
    growing = tmp_path / "report.txt"
    growing.write_bytes(b"first part\n")
    assert watcher.poll() == []
    for n in range(3):
        with growing.open("ab") as f:
            f.write(b"more %d\n" % n)
        assert watcher.poll() == []
    assert watcher.poll() == [growing]


def test_files_there_when_watching_starts_are_not_imported(tmp_path: Path) -> None:
    _drop(tmp_path, SEED)
    watcher = FolderWatch([tmp_path])
    watcher.start()
    assert watcher.poll() == [] and watcher.poll() == []


@pytest.mark.parametrize(
    "name",
    ["a.html.part", "b.crdownload", "c.pdf.download", "d.tmp", "~$draft.docx", ".hidden.txt"],
)
def test_partial_downloads_and_hidden_files_are_skipped(tmp_path: Path, name: str) -> None:
    assert not is_candidate(name)
    watcher = FolderWatch([tmp_path])
    watcher.start()
    _drop(tmp_path, SEED, name)
    assert watcher.poll() == [] and watcher.poll() == []


def test_a_finished_download_renamed_from_part_is_picked_up(tmp_path: Path) -> None:
    watcher = FolderWatch([tmp_path])
    watcher.start()
    part = _drop(tmp_path, SEED, "story.txt.part")
    assert watcher.poll() == []
    done = part.rename(tmp_path / "story.txt")
    assert watcher.poll() == []
    assert watcher.poll() == [done]


def test_subfolders_are_not_walked(tmp_path: Path) -> None:
    watcher = FolderWatch([tmp_path])
    watcher.start()
    (tmp_path / "sub").mkdir()
    _drop(tmp_path / "sub", SEED)
    assert watcher.poll() == [] and watcher.poll() == []


def test_the_state_survives_a_restart(tmp_path: Path) -> None:
    folder, state = tmp_path / "in", tmp_path / "state" / "watch.json"
    folder.mkdir()
    _drop(folder, SEED)
    FolderWatch([folder], state_path=state).start()  # first run: the old file is noted
    new = _drop(folder, ARTICLE)  # arrives while nothing watches
    again = FolderWatch([folder], state_path=state)
    again.start()
    assert again.poll() == []
    assert again.poll() == [new]  # only the file that arrived meanwhile
    third = FolderWatch([folder], state_path=state)
    third.start()
    assert third.poll() == [] and third.poll() == []


def test_an_unreadable_state_file_counts_as_none(tmp_path: Path) -> None:
    folder, state = tmp_path / "in", tmp_path / "watch.json"
    folder.mkdir()
    state.write_text("{not json", encoding="utf-8")
    _drop(folder, SEED)
    watcher = FolderWatch([folder], state_path=state)
    watcher.start()
    assert watcher.poll() == [] and watcher.poll() == []


def test_watch_imports_and_leaves_the_originals_untouched(tmp_path: Path, archive: Archive) -> None:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    watcher = FolderWatch([folder])
    files: list[Path] = []

    def sleep(_: float) -> None:  # the files arrive between the first and second look
        if not files:
            files.extend([_drop(folder, SEED), _drop(folder, ARTICLE)])
            for f in files:
                os.utime(f, ns=(1_000_000_000, 1_000_000_000))

    before: dict[Path, tuple[bytes, int]] = {}
    reports = []

    def handle(paths: list[Path]) -> None:
        for p in paths:
            before[p] = (p.read_bytes(), p.stat().st_mtime_ns)
        reports.append(archive.import_paths(paths))

    watch(watcher, handle, interval=0.01, once=True, sleep=sleep)
    assert reports == []  # first look saw them arrive; they must keep still one more poll
    watch(watcher, handle, interval=0.01, once=True, sleep=lambda _: None)
    assert len(reports) == 1
    assert [o.status for o in reports[0].outcomes] == [ImportStatus.IMPORTED] * 2
    assert sorted(before) == sorted(files)
    for path, (data, mtime) in before.items():
        assert path.exists() and path.read_bytes() == data and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in folder.iterdir()) == sorted(f.name for f in files)


def test_cli_watch_once_imports_a_new_file(
    tmp_path: Path, archive_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    _drop(folder, ARTICLE)
    args = ["--archive", str(archive_path), "watch", str(folder), "--interval", "0.05", "--once"]
    assert main(args) == 0  # first look: the file already there is left alone
    out, _ = capsys.readouterr()
    assert out == ""
    new = _drop(folder, SEED)
    data, mtime = new.read_bytes(), new.stat().st_mtime_ns
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert out.startswith("#1\t") and out.rstrip().endswith(f"{new.name})"), (out, err)
    assert new.read_bytes() == data and new.stat().st_mtime_ns == mtime
    assert main(["--archive", str(archive_path), "list"]) == 0
    out, err = capsys.readouterr()
    assert "1 articles" in err


def test_cli_watch_rejects_a_missing_folder(
    tmp_path: Path, archive_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--archive", str(archive_path), "watch", str(tmp_path / "nope"), "--once"])
    assert code == 2
    assert "not a folder" in capsys.readouterr().err


def test_cli_watch_stops_cleanly_on_ctrl_c(
    tmp_path: Path,
    archive_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("dossierdesk.service.watching.time.sleep", interrupt)
    code = main(["--archive", str(archive_path), "watch", str(tmp_path)])
    assert code == 0
    assert "stopped watching" in capsys.readouterr().err
