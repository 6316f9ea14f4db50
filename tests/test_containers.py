"""Expanding files, folders and zip archives into sources."""

from __future__ import annotations

import builtins
import io
import os
import struct
import zipfile
from pathlib import Path

import pytest

from dossierdesk.importers.containers import (
    SourceFailure,
    SourceFile,
    SourceWalk,
    count_sources,
    iter_sources,
)


def names(items: list[SourceFile | SourceFailure]) -> list[str]:
    return [item.name for item in items]


def failures(items: list[SourceFile | SourceFailure]) -> dict[str, str]:
    return {item.name: item.reason for item in items if isinstance(item, SourceFailure)}


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "b_dir" / "deeper").mkdir(parents=True)
    (root / "a.html").write_bytes(b"<html>a</html>")
    (root / "C.txt").write_bytes(b"c")
    (root / "b_dir" / "x.txt").write_bytes(b"x")
    (root / "b_dir" / "deeper" / "y.xml").write_bytes(b"<rss/>")
    (root / "logo.GIF").write_bytes(b"GIF89a")
    (root / "report.pdf").write_bytes(b"%PDF-1.4")
    (root / ".DS_Store").write_bytes(b"\x00\x00")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "secret.txt").write_bytes(b"s")
    (root / "Thumbs.db").write_bytes(b"\x00")
    return root


def test_folder_is_walked_recursively_in_sorted_order(tree: Path) -> None:
    items = list(iter_sources([tree]))
    assert all(isinstance(i, SourceFile) for i in items)
    assert names(items) == [
        str(tree / "a.html"),
        str(tree / "b_dir" / "deeper" / "y.xml"),
        str(tree / "b_dir" / "x.txt"),
        str(tree / "C.txt"),
    ]
    assert items[0].data == b"<html>a</html>"  # type: ignore[union-attr]
    assert count_sources([tree]) == 4


def test_explicitly_named_non_article_is_reported(tree: Path) -> None:
    items = list(iter_sources([tree / "report.pdf", tree / "a.html"]))
    assert failures(items) == {str(tree / "report.pdf"): "not an article file (.pdf file)"}
    assert isinstance(items[1], SourceFile)


def test_missing_path(tmp_path: Path) -> None:
    (item,) = iter_sources([tmp_path / "nope.html"])
    assert item == SourceFailure(str(tmp_path / "nope.html"), "file or folder not found")


def test_oversize_file(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    big.write_bytes(b"x" * 2048)
    (item,) = iter_sources([big], max_file_bytes=1024)
    assert isinstance(item, SourceFailure)
    assert item.reason.startswith("file too large (2 KB; limit 1 KB)")


def test_symlink_loop_terminates(tmp_path: Path) -> None:
    root = tmp_path / "r"
    root.mkdir()
    (root / "a.txt").write_bytes(b"a")
    try:
        (root / "loop").symlink_to(root, target_is_directory=True)
    except OSError:
        pytest.skip("symlinks not available")
    assert names(list(iter_sources([root]))) == [str(root / "a.txt")]


def test_iteration_is_lazy(tree: Path) -> None:
    iterator = iter_sources([tree])
    first = next(iterator)
    assert first.name.endswith("a.html")


# ---------------------------------------------------------------------------------------------
# Zip archives


def test_zip_with_nested_folders_and_filtering(tmp_path: Path) -> None:
    archive = tmp_path / "batch.zip"
    archive.write_bytes(
        make_zip(
            {
                "news/2016/b.html": b"<p>b</p>",
                "news/a.txt": b"a",
                "news/logo.gif": b"GIF89a",
                "__MACOSX/news/._a.txt": b"junk",
                "news/.hidden.txt": b"h",
                "news/empty/": b"",
            }
        )
    )
    items = list(iter_sources([archive]))
    assert names(items) == [f"{archive}!news/2016/b.html", f"{archive}!news/a.txt"]
    assert [i.data for i in items if isinstance(i, SourceFile)] == [b"<p>b</p>", b"a"]
    assert count_sources([archive]) == 2


def test_zip_member_with_traversal_name_is_only_a_label(tmp_path: Path) -> None:
    work = tmp_path / "deep" / "er"
    work.mkdir(parents=True)
    archive = work / "evil.zip"
    archive.write_bytes(make_zip({"../../evil.txt": b"gotcha", "/abs/path.txt": b"abs"}))
    items = list(iter_sources([archive]))
    assert names(items) == [f"{archive}!../../evil.txt", f"{archive}!/abs/path.txt"]
    assert not (tmp_path / "evil.txt").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["deep", "er", "evil.zip"]


def test_corrupt_zip(tmp_path: Path) -> None:
    archive = tmp_path / "broken.zip"
    archive.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    (item,) = iter_sources([archive])
    assert item == SourceFailure(str(archive), "not a valid zip archive (corrupt or truncated)")


def test_truncated_member_data(tmp_path: Path) -> None:
    data = bytearray(make_zip({"a.txt": b"hello world " * 100}))
    # Damage the compressed data (it starts after the 30-byte local header and the name).
    start = 30 + len("a.txt")
    data[start : start + 20] = b"\x00" * 20
    archive = tmp_path / "damaged.zip"
    archive.write_bytes(bytes(data))
    (item,) = iter_sources([archive])
    assert isinstance(item, SourceFailure)
    assert "corrupt zip member" in item.reason


def test_oversize_member_with_small_limit(tmp_path: Path) -> None:
    archive = tmp_path / "big.zip"
    archive.write_bytes(make_zip({"big.html": b"x" * 5000, "small.html": b"ok"}))
    items = list(iter_sources([archive], max_file_bytes=1000))
    assert failures(items) == {f"{archive}!big.html": "file too large (5 KB; limit 1000 bytes)"}
    assert [i.data for i in items if isinstance(i, SourceFile)] == [b"ok"]


def test_archive_total_budget(tmp_path: Path) -> None:
    archive = tmp_path / "many.zip"
    archive.write_bytes(make_zip({f"{n}.txt": b"y" * 400 for n in range(5)}))
    items = list(iter_sources([archive], max_zip_total_bytes=1000))
    assert len([i for i in items if isinstance(i, SourceFile)]) == 2
    assert isinstance(items[-1], SourceFailure)
    assert "expands to more than" in items[-1].reason


def test_too_many_members(tmp_path: Path) -> None:
    archive = tmp_path / "many.zip"
    archive.write_bytes(make_zip({f"{n}.txt": b"y" for n in range(5)}))
    (item,) = iter_sources([archive], max_zip_members=3)
    assert item == SourceFailure(str(archive), "zip archive has too many files (5 > 3)")


def test_lying_sizes_are_caught(tmp_path: Path) -> None:
    """A header that declares a small size for a big member (zip-bomb trick)."""
    data = bytearray(make_zip({"bomb.txt": b"z" * 100_000}))
    # Patch the uncompressed size in the local header (offset 22) and central directory (24).
    struct.pack_into("<I", data, 22, 10)
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)
    archive = tmp_path / "bomb.zip"
    archive.write_bytes(bytes(data))
    (item,) = iter_sources([archive])
    assert isinstance(item, SourceFailure)
    assert "corrupt" in item.reason or "zip bomb" in item.reason


def test_encrypted_member(tmp_path: Path) -> None:
    data = bytearray(make_zip({"secret.txt": b"s", "open.txt": b"o"}, zipfile.ZIP_STORED))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = data.find(signature)  # the first member: secret.txt (written first)
        (flags,) = struct.unpack_from("<H", data, position + flag_offset)
        struct.pack_into("<H", data, position + flag_offset, flags | 0x1)
    archive = tmp_path / "enc.zip"
    archive.write_bytes(bytes(data))
    items = list(iter_sources([archive]))
    assert failures(items) == {f"{archive}!secret.txt": "encrypted (password-protected) zip member"}
    assert [i.data for i in items if isinstance(i, SourceFile)] == [b"o"]


def test_nested_zip_one_level(tmp_path: Path) -> None:
    inner = make_zip({"story.html": b"<p>s</p>"})
    innermost = make_zip({"x.txt": b"x"})
    too_deep = make_zip({"deepest.zip": innermost})
    archive = tmp_path / "outer.zip"
    archive.write_bytes(make_zip({"inner.zip": inner, "zz.zip": too_deep, "broken.zip": b"no"}))
    items = list(iter_sources([archive]))
    assert names(items) == [
        f"{archive}!broken.zip",
        f"{archive}!inner.zip!story.html",
        f"{archive}!zz.zip!deepest.zip",
    ]
    assert failures(items) == {
        f"{archive}!broken.zip": "not a valid zip archive (corrupt or truncated)",
        f"{archive}!zz.zip!deepest.zip": "zip archive nested too deeply",
    }


def test_zip_inside_folder(tmp_path: Path) -> None:
    (tmp_path / "f").mkdir()
    (tmp_path / "f" / "a.zip").write_bytes(make_zip({"m.txt": b"m"}))
    (tmp_path / "f" / "b.txt").write_bytes(b"b")
    items = list(iter_sources([tmp_path / "f"]))
    assert names(items) == [f"{tmp_path / 'f' / 'a.zip'}!m.txt", str(tmp_path / "f" / "b.txt")]
    assert count_sources([tmp_path / "f", tmp_path / "missing"]) == 3


def test_permission_denied_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same as above but simulated, so that it also runs as root (CI containers)."""
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "a.txt").write_bytes(b"a")
    (tmp_path / "b.txt").write_bytes(b"b")
    real_open = builtins.open
    real_scandir = os.scandir

    def deny_open(file: object, *args: object, **kwargs: object) -> object:
        if os.path.basename(str(file)) == "b.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def deny_scandir(path: object) -> object:
        if str(path).endswith("dir"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", deny_open)
    monkeypatch.setattr(os, "scandir", deny_scandir)
    items = list(iter_sources([tmp_path / "b.txt", tmp_path / "dir"]))
    assert items == [
        SourceFailure(str(tmp_path / "b.txt"), "permission denied"),
        SourceFailure(str(tmp_path / "dir"), "permission denied"),
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_and_broken_link(tmp_path: Path) -> None:
    """A FIFO would block a reader forever: it is never opened."""
    folder = tmp_path / "f"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "dangling.html").symlink_to(tmp_path / "gone.html")
    (folder / "ok.txt").write_bytes(b"ok")
    items = list(iter_sources([folder, folder / "pipe.txt"]))
    assert items == [
        SourceFailure(str(folder / "dangling.html"), "broken link (target not found)"),
        SourceFile(str(folder / "ok.txt"), b"ok"),
        SourceFailure(str(folder / "pipe.txt"), "not a regular file"),
    ]


def test_source_walk_counts_and_yields_what_the_two_walks_do(tmp_path: Path) -> None:
    (tmp_path / "dir" / "sub").mkdir(parents=True)
    (tmp_path / "dir" / "b.txt").write_bytes(b"b")
    (tmp_path / "dir" / "sub" / "a.html").write_bytes(b"<p>a</p>")
    (tmp_path / "dir" / ".hidden.txt").write_bytes(b"h")
    (tmp_path / "dir" / "anim.GIF").write_bytes(b"GIF89a")
    (tmp_path / "dir" / "pack.zip").write_bytes(make_zip({"x.txt": b"x", "y.txt": b"y"}))
    (tmp_path / "one.txt").write_bytes(b"one")
    paths = [tmp_path / "dir", tmp_path / "one.txt", tmp_path / "missing.txt"]
    walk = SourceWalk(paths)
    assert walk.total == count_sources(paths) == 6
    items = list(walk)
    assert items == list(iter_sources(paths))
    assert names(items) == [
        str(tmp_path / "dir" / "b.txt"),
        f"{tmp_path / 'dir' / 'pack.zip'}!x.txt",
        f"{tmp_path / 'dir' / 'pack.zip'}!y.txt",
        str(tmp_path / "dir" / "sub" / "a.html"),
        str(tmp_path / "one.txt"),
        str(tmp_path / "missing.txt"),
    ]
    assert failures(items) == {str(tmp_path / "missing.txt"): "file or folder not found"}


def test_source_walk_reads_contents_only_while_iterating(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"before")
    walk = SourceWalk([tmp_path])
    (tmp_path / "a.txt").write_bytes(b"after")
    (item,) = list(walk)
    assert item == SourceFile(str(tmp_path / "a.txt"), b"after")


# --- symbolic links: never out of the imported folder, never twice -------------------------

OUTSIDE_FILE = "symbolic link to a file outside the imported folder: skipped"
OUTSIDE_FOLDER = "symbolic link to a folder outside the imported folder: skipped"


@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, Path]:
    """An imported folder with links in and out of it, and a folder outside it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"outside secret")
    (outside / "sub").mkdir()
    (outside / "sub" / "deep.txt").write_bytes(b"deep secret")
    root = tmp_path / "import"
    (root / "real").mkdir(parents=True)
    (root / "real" / "a.txt").write_bytes(b"a")
    (root / "b.txt").write_bytes(b"b")
    try:
        (root / "passwd.txt").symlink_to("/etc/passwd")
    except OSError:
        pytest.skip("symlinks not available")
    (root / "secret-link.txt").symlink_to(outside / "secret.txt")
    (root / "relative-out.txt").symlink_to(Path("..") / "outside" / "secret.txt")
    (root / "outdir").symlink_to(outside, target_is_directory=True)
    (root / "a-link.txt").symlink_to(root / "real" / "a.txt")  # inside: fine, but a duplicate
    (root / "b-again.txt").symlink_to("b.txt")
    (root / "real" / "up").symlink_to("..", target_is_directory=True)  # a loop
    (root / "same-dir").symlink_to("real", target_is_directory=True)
    return root, outside


def test_links_out_of_the_imported_folder_are_skipped_with_a_report(
    linked: tuple[Path, Path],
) -> None:
    root, _ = linked
    items = list(iter_sources([root]))
    assert failures(items) == {
        str(root / "outdir"): OUTSIDE_FOLDER,
        str(root / "passwd.txt"): OUTSIDE_FILE,
        str(root / "relative-out.txt"): OUTSIDE_FILE,
        str(root / "secret-link.txt"): OUTSIDE_FILE,
    }
    data = [item.data for item in items if isinstance(item, SourceFile)]
    assert not any(b"secret" in d or b"root:" in d for d in data)


def test_links_inside_the_folder_are_followed_once_and_loops_end(
    linked: tuple[Path, Path],
) -> None:
    root, _ = linked
    files = [item for item in iter_sources([root]) if isinstance(item, SourceFile)]
    # "a-link.txt" sorts first and stands for real/a.txt, which is then not read again (as
    # "b-again.txt" does for "b.txt"); the linked folder "same-dir" is the folder "real",
    # walked once; "up" leads back to the root, which is not walked again.
    assert [(Path(f.name).relative_to(root).as_posix(), f.data) for f in files] == [
        ("a-link.txt", b"a"),
        ("b-again.txt", b"b"),
    ]


def test_source_walk_reports_the_same_links(linked: tuple[Path, Path]) -> None:
    root, _ = linked
    walk = SourceWalk([root])
    items = list(walk)
    assert walk.total == len(items)
    assert items == list(iter_sources([root]))
    assert sum(isinstance(u, SourceFailure) for u in SourceWalk([root]).unread()) == 4


def test_a_link_named_on_the_command_line_is_followed(linked: tuple[Path, Path]) -> None:
    root, _ = linked
    assert list(iter_sources([root / "secret-link.txt"])) == [
        SourceFile(str(root / "secret-link.txt"), b"outside secret")
    ]
    # A linked folder given explicitly is walked; its own inside is the imported folder.
    assert names(list(iter_sources([root / "outdir"]))) == [
        str(root / "outdir" / "secret.txt"),
        str(root / "outdir" / "sub" / "deep.txt"),
    ]


def test_a_link_loop_between_two_links_is_reported_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "r"
    root.mkdir()
    (root / "x.txt").symlink_to(root / "y.txt")
    (root / "y.txt").symlink_to(root / "x.txt")
    (root / "ok.txt").write_bytes(b"ok")
    items = list(iter_sources([root]))
    assert failures(items) == {
        str(root / "x.txt"): "symbolic link loop: skipped",
        str(root / "y.txt"): "symbolic link loop: skipped",
    }
    assert names(items) == [str(root / "ok.txt"), str(root / "x.txt"), str(root / "y.txt")]


def _zip_with_symlink(target: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("link.txt")
        link.create_system = 3  # Unix
        link.external_attr = 0o120777 << 16  # S_IFLNK | rwxrwxrwx
        archive.writestr(link, target)
        archive.writestr("article.txt", b"Title\n\nText.")
    return buffer.getvalue()


def test_zip_members_that_are_symbolic_links_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "links.zip"
    path.write_bytes(_zip_with_symlink("/etc/passwd"))
    items = list(iter_sources([path]))
    assert items == [
        SourceFile(f"{path}!article.txt", b"Title\n\nText."),
        SourceFailure(f"{path}!link.txt", "symbolic link inside the zip archive: skipped"),
    ]
    assert count_sources([path]) == 2
