"""Every corpus and hostile test file parses to exactly what it parsed to before the HTML
importer moved from Beautiful Soup to lxml (``data/parsed_golden.json``: the ``repr`` of each
``parse_document`` result, or its ``ParseError``, taken on the Beautiful Soup importer).

To renew it after an intended change of the results, run this module as a script.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from dossierdesk.importers.detect import parse_document
from dossierdesk.importers.types import ParseError

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "parsed_golden.json"


def _inputs() -> list[str]:
    return [
        f"{folder}/{path.name}"
        for folder in ("corpus", "hostile")
        for path in sorted((DATA / folder).iterdir())
        if path.suffix != ".md"
    ]


def _outcome(key: str) -> str:
    path = DATA / key
    try:
        return repr(parse_document(path.read_bytes(), path.name))
    except ParseError as exc:
        return f"ParseError: {exc}"


@pytest.fixture(scope="module")
def golden() -> dict[str, str]:
    data: dict[str, str] = json.loads(GOLDEN.read_text("utf-8"))
    return data


def test_the_golden_file_covers_every_input(golden: dict[str, str]) -> None:
    assert sorted(golden) == sorted(_inputs())


@pytest.mark.parametrize("key", _inputs())
def test_parsing_gives_what_it_gave(golden: dict[str, str], key: str) -> None:
    assert _outcome(key) == golden[key]


if __name__ == "__main__":
    results = {key: _outcome(key) for key in _inputs()}
    GOLDEN.write_text(json.dumps(results, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    sys.exit(0)
