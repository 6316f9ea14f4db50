"""The outcome of every HTML-reading entry point on every input at hand, one line each, so that
two versions of the importers can be compared (``diff`` the two files).

    PYTHONPATH=SRC:tests python bench/parse_outcomes.py OUT.txt [RECORDED.pkl]

Inputs: the files of tests/data/corpus, tests/data/hostile, tests/data, seeds/ and (if there)
/work/shared/corpus/raw and /work/shared/seeds, each through ``parse_document``,
``parse_html`` and the saved-page photo reader; 900 fuzz mutations of the corpus
(``tests/fuzzing.py``, seeds 0-2) through ``parse_document`` and ``parse_html``; and the
calls the tests made, recorded by ``bench/record_parse_inputs.py``. Each line is the input's
label, a tab and the ``repr`` of the result, or of the exception raised.
"""

from __future__ import annotations

import glob
import io
import pickle
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fuzzing
from dossierdesk.importers import html_article
from dossierdesk.importers.detect import parse_document
from dossierdesk.service import page_photos

ROOT = Path(__file__).resolve().parent.parent
FILES = [
    ROOT / "tests/data/corpus/*",
    ROOT / "tests/data/hostile/*",
    ROOT / "tests/data/*.txt",
    ROOT / "seeds/*",
    Path("/work/shared/corpus/raw/*"),
    Path("/work/shared/seeds/*"),
]


def outcome(function: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    try:
        result = function(*args, **kwargs)
    except Exception as exc:
        return f"EXC {type(exc).__name__}: {exc}"
    if isinstance(result, list) and result and type(result[0]).__name__ == "_Element":
        result = [(e.refs, sorted(e.keys)) for e in result]
    return repr(result)


def main() -> None:
    sys.setrecursionlimit(10_000)
    lines: list[str] = []
    for pattern in FILES:
        for name in sorted(glob.glob(str(pattern))):
            data = Path(name).read_bytes()
            leaf = Path(name).name
            lines.append(f"file:{name}\t{outcome(parse_document, data, leaf)}")
            lines.append(f"html:{name}\t{outcome(html_article.parse_html, data, leaf)}")
            lines.append(f"photos:{name}\t{outcome(page_photos._elements, data)}")
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(3):
            for path in fuzzing.mutated_files(Path(tmp) / str(seed), 300, seed):
                data = path.read_bytes()
                if path.suffix == ".zip":
                    with zipfile.ZipFile(io.BytesIO(data)) as zf:
                        items = [(n, zf.read(n)) for n in zf.namelist()]
                else:
                    items = [(path.name, data)]
                for name, item in items:
                    lines.append(f"fuzz:{seed}:{name}\t{outcome(parse_document, item, name)}")
                    lines.append(
                        f"fuzzhtml:{seed}:{name}\t{outcome(html_article.parse_html, item, name)}"
                    )
    if len(sys.argv) > 2:
        with open(sys.argv[2], "rb") as f:
            records = pickle.load(f)
        for i, (_module, name, blob) in enumerate(records):
            args, kwargs = pickle.loads(blob)
            function: Callable[..., Any] = {
                "parse_document": parse_document,
                "_elements": page_photos._elements,
            }.get(name) or getattr(html_article, name)
            lines.append(f"rec:{i}:{name}\t{outcome(function, *args, **kwargs)}")
    Path(sys.argv[1]).write_text("".join(line.replace("\n", "\\n") + "\n" for line in lines))
    print(f"{len(lines)} outcomes written to {sys.argv[1]}")


if __name__ == "__main__":
    main()
