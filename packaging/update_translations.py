"""Regenerate the translation sources ``resources/translations/dossierdesk_<lang>.ts`` from the
GUI code with ``pyside6-lupdate``, keeping the translations already made.

    .venv/bin/python packaging/update_translations.py          # every dossierdesk_*.ts there
    .venv/bin/python packaging/update_translations.py fr       # add (or update) French

New or changed texts come out ``type="unfinished"``: translate them with Qt Linguist
(``pyside6-linguist resources/translations/dossierdesk_de.ts``) or in a text editor. The ``.qm``
files the program loads are compiled from these when the package is built (``hatch_build.py``).

lupdate's Python parser does not mark plural messages, so this script does: a text with ``%n``
or ``{count}`` is translated with a count (``translate(context, text, None, n)``) and gets one
``<numerusform>`` per plural form of the language; the forms already translated are kept.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "src" / "dossierdesk" / "gui"
TRANSLATIONS = REPO / "resources" / "translations"
CATALOG = "dossierdesk"

#: Plural forms per language (Qt's rules): German, French, … have two.
PLURAL_FORMS = {"de": 2, "fr": 2, "es": 2, "it": 2, "nl": 2, "pl": 3, "ru": 3, "ja": 1}

_MESSAGE = re.compile(r"(?P<indent>[ \t]*)<message(?P<attrs>[^>]*)>\n(?P<body>.*?)</message>", re.S)
_SOURCE = re.compile(r"<source>(.*?)</source>", re.S)
_TRANSLATION = re.compile(
    r"(?P<indent>[ \t]*)<translation(?P<attrs>[^>]*?)(?:/>|>(?P<text>.*?)</translation>)", re.S
)
_FORM = re.compile(r"<numerusform>(.*?)</numerusform>", re.S)
_CONTEXT = re.compile(r"<context>\s*<name>(.*?)</name>(.*?)</context>", re.S)


def is_plural(source: str) -> bool:
    """Whether a source text (unescaped) is translated with a count."""
    return "%n" in source or "{count}" in source


def lupdate() -> str:
    """The ``pyside6-lupdate`` next to this Python (the virtual environment's), else on PATH."""
    here = Path(sys.executable).with_name("pyside6-lupdate")
    found = str(here) if here.exists() else shutil.which("pyside6-lupdate")
    if not found:
        raise SystemExit("pyside6-lupdate not found: install PySide6-Essentials")
    return found


def sources() -> list[Path]:
    return sorted(p for p in SOURCES.rglob("*.py") if "__pycache__" not in p.parts)


def plural_forms(ts_text: str) -> dict[tuple[str, str], tuple[list[str], bool]]:
    """(context, escaped source) -> (numerus forms, finished) of a .ts text's plural messages."""
    found: dict[tuple[str, str], tuple[list[str], bool]] = {}
    for context in _CONTEXT.finditer(ts_text):
        for message in _MESSAGE.finditer(context.group(2)):
            body = message.group("body")
            source = _SOURCE.search(body)
            forms = _FORM.findall(body)
            if source and forms:
                finished = 'type="unfinished"' not in body
                found[(context.group(1), source.group(1))] = (forms, finished)
    return found


def mark_plurals(
    ts_text: str, old: dict[tuple[str, str], tuple[list[str], bool]], count: int
) -> str:
    """Make every message with a count a numerus message with ``count`` forms, with the
    forms (and finished state) it had in the old .ts."""

    def context(match: re.Match[str]) -> str:
        name = match.group(1)

        def message(m: re.Match[str]) -> str:
            body = m.group("body")
            source = _SOURCE.search(body)
            translation = _TRANSLATION.search(body)
            if source is None or translation is None:
                return m.group(0)
            if not is_plural(html.unescape(source.group(1))):
                return m.group(0)
            forms, finished = old.get((name, source.group(1)), ([], False))
            if not forms:  # a new plural text: lupdate's guess (if any) as the first form
                forms = [translation.group("text") or ""]
            forms = (forms + [""] * count)[:count]
            finished = finished and all(f.strip() for f in forms)
            indent = translation.group("indent")
            attrs = "" if finished else ' type="unfinished"'
            inner = "".join(f"\n{indent}    <numerusform>{f}</numerusform>" for f in forms)
            new = f"{indent}<translation{attrs}>{inner}\n{indent}</translation>"
            body = body[: translation.start()] + new + body[translation.end() :]
            return f'{m.group("indent")}<message numerus="yes">\n{body}</message>'

        return match.group(0).replace(match.group(2), _MESSAGE.sub(message, match.group(2)))

    return _CONTEXT.sub(context, ts_text)


def update(language: str) -> Path:
    ts = TRANSLATIONS / f"{CATALOG}_{language}.ts"
    old = ts.read_text(encoding="utf-8") if ts.exists() else ""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / ts.name
        if old:
            work.write_text(old, encoding="utf-8")
        command = [
            lupdate(),
            *(str(p) for p in sources()),
            "-ts",
            str(work),
            "-target-language",
            language,
            "-locations",
            "none",
            "-no-obsolete",
            "-silent",
        ]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"lupdate failed:\n{done.stdout}{done.stderr}")
        text = work.read_text(encoding="utf-8")
    text = mark_plurals(text, plural_forms(old), PLURAL_FORMS.get(language.split("_")[0], 2))
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    ts.write_text(text, encoding="utf-8")
    return ts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("languages", nargs="*", help="language codes (default: every .ts there)")
    args = parser.parse_args(argv)
    languages = args.languages or sorted(
        p.stem.removeprefix(f"{CATALOG}_") for p in TRANSLATIONS.glob(f"{CATALOG}_*.ts")
    )
    if not languages:
        parser.error("no translation yet: name a language, e.g. de")
    for language in languages:
        path = update(language)
        text = path.read_text(encoding="utf-8")
        total = text.count("<message")
        unfinished = text.count('type="unfinished"')
        print(f"{path.relative_to(REPO)}: {total} messages, {unfinished} unfinished")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
