"""What the command line loads before it runs a command.

Every command pays for what ``cli.main`` imports, and an import pays for it before its parser
processes are forked, while the second core is idle. So the main module and the argument
parser load none of what only some commands use: the query syntax (``list -q``, ``tag``,
``dossier``, ``export``), the service's dataclasses and their JSON forms (reports), the user's
data folder (only the default archive and ``--help`` need it).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1] / "src")

LATER = (
    "dossierdesk.query.syntax",
    "dossierdesk.query.parser",
    "dossierdesk.service.dto",
    "dossierdesk.service.serialize",
    "platformdirs",
    "sqlalchemy",
)


def _printed(code: str) -> str:
    """What ``code`` prints, run in a new interpreter on the source tree."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"},
        timeout=60,
    ).stdout


def _loaded(code: str) -> list[str]:
    probe = f"{code}\nimport sys\nprint(sorted(m for m in sys.modules if m.startswith({LATER!r})))"
    return list(ast.literal_eval(_printed(probe)))  # a list of module names, printed above


def test_the_main_module_and_its_parser_load_nothing_a_command_may_not_need() -> None:
    code = (
        "from dossierdesk.cli.main import build_parser\n"
        "build_parser().parse_args(['--archive', 'a.sqlite3', 'import', 'folder'])"
    )
    assert _loaded(code) == []


def test_the_help_still_names_the_default_archive(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "dossierdesk.cli.main", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=60,
    ).stdout
    assert "The archive defaults to $DOSSIERDESK_ARCHIVE or" in out
    default = tmp_path / ".local" / "share" / "DossierDesk" / "archive.sqlite3"
    assert str(default) in "".join(out.split())  # (the help wraps long lines, at hyphens too)


def test_the_parsers_load_dateutil_only_for_a_date_no_pattern_reads() -> None:
    """The page and feed parsers are loaded before an import's parser processes are forked
    (and by the window's fork server); dateutil, 8-10 ms of it, reads only dates that the
    importers' own patterns do not."""
    probe = (
        "import sys\n"
        "from dossierdesk.service import parsing\n"
        "parsing.load_parsers([parsing.PAGE_PARSER, parsing.FEED_PARSER])\n"
        "from dossierdesk.importers.dates import parse_date\n"
        "print('dateutil' in sys.modules, parse_date('Nov. 18, 2024'), 'dateutil' in sys.modules)\n"
        "print(parse_date('Tuesday 5th of March 2024'), 'dateutil' in sys.modules)\n"
    )
    out = _printed(probe).split()
    assert out == ["False", "2024-11-18", "False", "2024-03-05", "True"]
