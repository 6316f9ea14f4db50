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


def non_negative_int(text: str) -> int:
    """An argparse type: ``0``, ``1``, … (``--limit -1`` is an error, not "no limit")."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _option_strings(parser: argparse.ArgumentParser) -> tuple[set[str], set[str]]:
    """All option strings of ``parser`` and its subcommands, and those taking one value."""
    every: set[str] = set()
    one_value: set[str] = set()
    for action in parser._actions:
        every.update(action.option_strings)
        if action.option_strings and action.nargs is None:
            one_value.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                sub_every, sub_one = _option_strings(sub)
                every |= sub_every
                one_value |= sub_one
    return every, one_value


def glue_dash_values(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """``--query -air`` → ``--query=-air``: argparse takes a value that starts with ``-`` for
    an option, but the query language writes exclusions that way (``-air``, ``-tag:x``).

    A value is glued to its option when it is not itself one of the parser's options (so a
    forgotten value, ``--query --json``, is still reported as one)."""
    every, one_value = _option_strings(parser)
    out: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            out.extend(argv[i:])
            break
        nxt = argv[i + 1] if i + 1 < len(argv) else None
        if (
            arg in one_value
            and nxt is not None
            and nxt.startswith("-")
            and nxt != "-"
            and nxt.split("=", 1)[0] not in every
        ):
            out.append(f"{arg}={nxt}" if arg.startswith("--") else arg + nxt)
            i += 2
            continue
        out.append(arg)
        i += 1
    return out


class UsageError(Exception):
    """Bad arguments discovered after parsing (exit 2)."""
