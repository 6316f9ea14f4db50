"""What loading the archive code costs ``dossierdesk-cli import``: the most a writer without
SQLAlchemy could give the command line's import of real pages.

    python bench/bench_import_preloaded.py [--copies 100] [--repeat 7]

The folder is ``bench_import_pages.py``'s (``--copies`` unique copies of every file of the
corpus). Each round runs, in turn:

- the floor (``bench_import_pages.bare_insert``: lxml + title/text into sqlite3 + FTS5, in
  this process);
- ``preloaded``: the import command's ``main`` in a process forked from a parent that has
  already loaded SQLAlchemy, its ORM, the models and the service (the archive code a writer
  without SQLAlchemy would not load);
- ``plain``: the same in a process forked from a parent that has not.

Both forked children start from the same point (Python and this script loaded, nothing of
Dossier Desk) and run the command as ``dossierdesk-cli`` does, its parser processes
included; each is timed from the fork to its end. The difference between the two is what
the archive code's loading costs the command; ``preloaded`` is an upper bound on what a
writer without SQLAlchemy can reach (it would still open the archive and write it). Which
of the two goes first alternates from round to round. Medians, and the ratio of the floor
to each (the issue's measure: at least 0.5).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import_pages import bare_insert, write_copies

ARCHIVE_CODE = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "dossierdesk.store.models",
    "dossierdesk.service.archive",
    "dossierdesk.service.writer",
    "dossierdesk.service.import_session",
)

# A child of this script: loads (or not) the archive code, then forks the command and times it.
CHILD = """
import contextlib, importlib, os, sys, time
folder, archive, preload = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
if preload:
    for name in sys.argv[4:]:
        importlib.import_module(name)
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    with open(os.devnull, "w") as null, contextlib.redirect_stdout(null), \\
            contextlib.redirect_stderr(null):
        from dossierdesk.cli.main import main
        code = main(["--archive", archive, "import", folder])
    os._exit(code)
_, status = os.waitpid(pid, 0)
elapsed = time.perf_counter() - start
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit("the import failed")
print(f"{elapsed:.6f}")
"""


def forked_import(folder: Path, archive: Path, preload: bool) -> float:
    for stale in archive.parent.glob(archive.name + "*"):
        stale.unlink()
    flag = "1" if preload else "0"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(archive), flag, *ARCHIVE_CODE],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"import failed: {done.stderr[-2000:]}")
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    if not hasattr(os, "fork"):
        sys.exit("this benchmark forks: it runs where os.fork exists (Linux, macOS)")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dossierdesk-preloaded-") as tmp:
        root = Path(tmp)
        folder = root / "pages"
        folder.mkdir()
        files = write_copies(folder, args.copies)
        print(f"{files} unique copies of the corpus ({args.copies} of each file)")
        runs: dict[str, list[float]] = {"floor": [], "preloaded": [], "plain": []}
        for k in range(args.repeat):
            db = root / "floor.sqlite3"
            with contextlib.suppress(FileNotFoundError):
                db.unlink()
            runs["floor"].append(bare_insert(folder, db))
            order = ("preloaded", "plain") if k % 2 == 0 else ("plain", "preloaded")
            for name in order:
                runs[name].append(
                    forked_import(folder, root / "archive.sqlite3", name == "preloaded")
                )
            print(
                f"  run {k + 1}: floor {runs['floor'][-1]:5.2f} s, preloaded "
                f"{runs['preloaded'][-1]:5.2f} s, plain {runs['plain'][-1]:5.2f} s",
                flush=True,
            )
            time.sleep(0.2)
        floor = statistics.median(runs["floor"])
        print(f"floor lxml+FTS5        : {floor:5.2f} s (median)")
        for name in ("preloaded", "plain"):
            value = statistics.median(runs[name])
            ratio = floor / value
            print(f"import, {name:<15}: {value:5.2f} s (median); ratio {ratio:.2f} of the floor")
        saved = statistics.median(runs["plain"]) - statistics.median(runs["preloaded"])
        print(f"loading the archive code costs the command {saved:.2f} s")


if __name__ == "__main__":
    main()
