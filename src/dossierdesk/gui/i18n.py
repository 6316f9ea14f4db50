"""Translations: the ``translate`` helper the GUI wraps its texts in, and loading the
translation of the user's language.

Every user-visible text in the GUI goes through ``translate(context, text)`` with a literal
context and text, so ``pyside6-lupdate`` extracts it into ``resources/translations/*.ts``
(``packaging/update_translations.py`` regenerates them). The compiled ``.qm`` files are built
with the package (``hatch_build.py``) and loaded here for the system locale, or for the
language named in ``DOSSIERDESK_LANGUAGE`` (``de``, ``en``…). Without a translation for the
language the texts stay English.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from dossierdesk.resources import resources_dir

log = logging.getLogger(__name__)

#: ``(s)`` / ``(es)`` right after a letter: an English plural ending left to ``translate``.
_ENGLISH_PLURAL = re.compile(r"(?<=[A-Za-z])\((e?s)\)")

#: The environment variable that overrides the system language (``de``, ``de_DE``, ``en``).
LANGUAGE_VARIABLE = "DOSSIERDESK_LANGUAGE"
#: File name prefix of the compiled translations: ``dossierdesk_de.qm``.
CATALOG = "dossierdesk"


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``QCoreApplication.translate``: ``text`` in the current language. ``n`` >= 0 picks the
    plural form of a text with ``%n`` (``{count}``: with digit grouping) and puts ``n`` in its
    place. The English source texts write plurals as ``article(s)`` / ``match(es)``; untranslated
    (English), they are resolved here for ``n``."""
    result = QCoreApplication.translate(context, text, disambiguation, n)
    if n >= 0:
        if "(" in result:
            result = _ENGLISH_PLURAL.sub(lambda m: "" if n == 1 else m.group(1), result)
        result = result.replace("{count}", format_count(n))
    return result


def format_count(n: int) -> str:
    """``n`` with digit grouping: the locale's (``20.000`` in German), ``20,000`` in the C
    locale."""
    locale = QLocale()
    if locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return f"{n:,}"
    return locale.toString(n)


def translations_dir() -> Path:
    """Where the compiled ``dossierdesk_<lang>.qm`` files are."""
    return resources_dir() / "translations"


def preferred_locale() -> QLocale:
    """``DOSSIERDESK_LANGUAGE`` when set, else the system locale (``LANG``, ``LANGUAGE``…)."""
    override = os.environ.get(LANGUAGE_VARIABLE, "").strip()
    return QLocale(override) if override else QLocale.system()


def install_translators(
    app: QCoreApplication, locale: QLocale | None = None, directory: Path | None = None
) -> list[QTranslator]:
    """Install the application's translation for ``locale`` (default: ``preferred_locale()``)
    from ``directory`` (default: ``translations_dir()``), and Qt's own (standard buttons and
    dialogs), into ``app``; return the installed translators (kept alive by the caller;
    ``remove_translators`` takes them out again). A missing translation is skipped: its texts
    stay English."""
    locale = locale if locale is not None else preferred_locale()
    installed: list[QTranslator] = []
    sources = [
        (CATALOG, str(directory if directory is not None else translations_dir())),
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
    ]
    for name, folder in sources:
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder) and app.installTranslator(translator):
            installed.append(translator)
        else:
            translator.deleteLater()
    if installed:
        log.info("translations for %s: %s", locale.name(), [t.filePath() for t in installed])
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo ``install_translators``: the texts go back to English."""
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation where it is defined (a module constant, read before any
    translator is installed) and return it unchanged; ``translate(context, text)`` translates
    it where it is shown."""
    return text
