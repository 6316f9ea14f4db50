"""The long run of the import fuzz harness: thousands of mutated real pages, imported in
batches by the real command line (a process per batch), checking after every batch that no
traceback was printed, no partial record was left and ``dossierdesk-cli check`` passes.

    .venv/bin/python bench/fuzz_import.py --files 10500 --batch 500 [--seed N] [--keep DIR]

Prints one line per batch and a summary; exits 1 if any batch broke an invariant. The
test-sized run is ``tests/test_fuzz_import.py``; both use ``tests/fuzzing.py``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzzing import mutated_files, partial_records  # noqa: E402


def cli(archive: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dossierdesk.cli.main", "--archive", str(archive), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_500)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="work here and keep the files")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="dossierdesk-fuzz-"))
    archive = work / "fuzz.sqlite3"
    started = time.monotonic()
    paths = list(mutated_files(work / "files", args.files, args.seed))
    print(f"{len(paths)} mutated files in {time.monotonic() - started:.1f} s under {work}")
    totals: Counter[str] = Counter()
    broken = 0
    for start in range(0, len(paths), args.batch):
        batch = [str(p) for p in paths[start : start + args.batch]]
        t0 = time.monotonic()
        done = cli(archive, "import", "--json", *batch)
        elapsed = time.monotonic() - t0
        statuses = Counter(json.loads(line)["status"] for line in done.stdout.splitlines())
        totals.update(statuses)
        problems = []
        if done.returncode not in (0, 1):
            problems.append(f"exit {done.returncode}")
        if "Traceback" in done.stderr:
            problems.append("traceback")
        problems += partial_records(archive)
        checked = cli(archive, "check")
        if checked.returncode != 0:
            problems.append("check failed: " + checked.stderr.strip()[:200])
        broken += bool(problems)
        print(
            f"files {start + 1:>6}-{start + len(batch):<6} {elapsed:6.1f} s  "
            + "  ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
            + (f"  PROBLEMS: {'; '.join(problems)}" if problems else "  ok")
        )
        if problems:
            (work / f"batch-{start}.stderr").write_text(done.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(
        f"{len(paths)} files: "
        + ", ".join(f"{k} {v}" for k, v in sorted(totals.items()))
        + f"; batches with problems: {broken}; peak RSS of a CLI process {peak} MB; "
        f"{time.monotonic() - started:.0f} s"
    )
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
