"""How ``import`` and ``watch`` report each file."""

from __future__ import annotations

import json
import sys

from dossierdesk.service.dto import ImportReport, ImportStatus
from dossierdesk.service.serialize import outcome_json


def print_outcomes(report: ImportReport, as_json: bool) -> None:
    """One line per file: the new article on stdout, a duplicate or failure on stderr."""
    for outcome in report.outcomes:
        if as_json:
            print(json.dumps(outcome_json(outcome), ensure_ascii=False), flush=True)
        elif outcome.status is ImportStatus.FAILED:
            print(f"{outcome.file}: {outcome.message}", file=sys.stderr)
        elif outcome.status is ImportStatus.DUPLICATE:
            print(f"{outcome.file}: skipped, {outcome.message}", file=sys.stderr)
        else:
            print(f"#{outcome.id}\t{outcome.title}\t({outcome.file})", flush=True)
