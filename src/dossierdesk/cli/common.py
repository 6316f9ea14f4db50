"""What every ``dossierdesk-cli`` command shares: exit codes and argument types.

Kept apart from ``cli.main`` so command modules can import it without a cycle (``main`` imports
them, and may itself run as ``__main__``).
"""

from __future__ import annotations

import argparse

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def parse_ids(text: str) -> list[int]:
    """``1,2, 3`` -> ``[1, 2, 3]`` (an argparse type)."""
    try:
        ids = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of article ids: {text!r}") from None
    if not ids:
        raise argparse.ArgumentTypeError("no article ids given")
    return ids
