"""How ``import`` and ``watch`` report each file."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from dossierdesk.service.dto import ImportOutcome, ImportReport, ImportStatus
from dossierdesk.service.serialize import outcome_json

RUN_LINES = 4096  # lines written at once, at most (the text of a run is held in memory)


def print_outcomes(report: ImportReport, as_json: bool) -> None:
    """One line per file: the new article on stdout, a duplicate or failure on stderr.

    Consecutive lines bound for the same stream are written together, and each stream is
    flushed before the other is written to, so a terminal shows them in the files' order:
    a large import reports thousands of files, and a ``print`` with a flush for each took
    25 ms against 4 for the same lines written at once (time the user waits at the end)."""
    run: list[str] = []
    stream: TextIO | None = None
    for outcome in report.outcomes:
        target, line = _line(outcome, as_json)
        if target is not stream or len(run) >= RUN_LINES:
            _write(stream, run)
            stream, run = target, []
        run.append(line)
    _write(stream, run)


def _line(outcome: ImportOutcome, as_json: bool) -> tuple[TextIO, str]:
    if as_json:
        return sys.stdout, json.dumps(outcome_json(outcome), ensure_ascii=False)
    if outcome.status is ImportStatus.FAILED:
        return sys.stderr, f"{outcome.file}: {outcome.message}"
    if outcome.status is ImportStatus.DUPLICATE:
        return sys.stderr, f"{outcome.file}: skipped, {outcome.message}"
    return sys.stdout, f"#{outcome.id}\t{outcome.title}\t({outcome.file})"


def _write(stream: TextIO | None, lines: list[str]) -> None:
    if stream is not None and lines:
        stream.write("\n".join(lines) + "\n")
        stream.flush()
