"""A pytest plugin that records the inputs the tests give the HTML-reading entry points, so
that ``bench/parse_outcomes.py`` can run them again on another version of the importers.

    PYTHONPATH=OLD/src:bench RECORD_OUT=/tmp/recorded.pkl python -m pytest -p record_parse_inputs \
        tests/test_html_article.py tests/test_extraction_classes.py ...
"""

from __future__ import annotations

import functools
import importlib
import os
import pickle
from collections.abc import Callable
from typing import Any

_OUT = os.environ.get("RECORD_OUT", "/tmp/recorded.pkl")
_seen: set[tuple[str, str, bytes]] = set()
_records: list[tuple[str, str, bytes]] = []

ENTRY_POINTS = [
    ("dossierdesk.importers.html_article", "plain_text"),
    ("dossierdesk.importers.html_article", "extract_fragment"),
    ("dossierdesk.importers.html_article", "parse_html"),
    ("dossierdesk.importers.detect", "parse_document"),
    ("dossierdesk.importers", "parse_document"),
    ("dossierdesk.service.page_photos", "_elements"),
]


def _wrap(module_name: str, name: str) -> None:
    module = importlib.import_module(module_name)
    real: Callable[..., Any] = getattr(module, name)

    @functools.wraps(real)
    def recording(*args: Any, **kwargs: Any) -> Any:
        try:
            key = (module_name, name, pickle.dumps((args, kwargs)))
        except (pickle.PicklingError, TypeError, AttributeError):
            return real(*args, **kwargs)
        if key not in _seen:
            _seen.add(key)
            _records.append(key)
        return real(*args, **kwargs)

    setattr(module, name, recording)


def pytest_configure(config: object) -> None:
    for module_name, name in ENTRY_POINTS:
        _wrap(module_name, name)


def pytest_unconfigure(config: object) -> None:
    with open(_OUT, "wb") as f:
        pickle.dump(_records, f)
