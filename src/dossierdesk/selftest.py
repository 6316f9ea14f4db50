"""``dossierdesk --self-test``: prove an installation works end to end, with no display needed.

Creates a temporary archive, imports the bundled sample articles, runs a query, tags, builds a
dossier, exports it as PDF and reads the PDF back. Uses QtGui (for the PDF) but no widgets; the GUI
command adds a check of the main window on top (see ``dossierdesk.gui.main``).
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dossierdesk import __version__

log = logging.getLogger(__name__)


class SelfTestFailure(Exception):
    """A step did not do what it should; the message says which and why."""


@dataclass
class SelfTestReport:
    steps: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        f = self.facts
        return (
            f"Dossier Desk {__version__} self-test passed: {f.get('imported')} sample articles "
            f"imported, query matched {f.get('matched')}, dossier of {f.get('dossier_articles')} "
            f"articles exported to a {f.get('pdf_pages')}-page PDF ({len(self.steps)} steps, "
            f"{self.seconds:.1f} s)"
        )


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


def run_self_test(
    workdir: Path | None = None,
    *,
    extra_step: Callable[[Path], str] | None = None,
) -> SelfTestReport:
    """Run every step in ``workdir`` (a fresh temporary folder by default).

    ``extra_step(archive_path)`` runs last (the GUI passes its window check) and returns a short
    description. Raises :class:`SelfTestFailure` naming the step that failed.
    """
    started = time.perf_counter()
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="dossierdesk-selftest-") as tmp:
            return run_self_test(Path(tmp), extra_step=extra_step)

    from pypdf import PdfReader
    from PySide6.QtGui import QGuiApplication

    from dossierdesk.pdf import ExportOptions, document_from_dossier, export_pdf
    from dossierdesk.service import Archive, ImportStatus
    from dossierdesk.service.paths import bundled_seeds_dir

    report = SelfTestReport()
    _check(QGuiApplication.instance() is not None, "no Qt application: run through dossierdesk")
    seeds = bundled_seeds_dir()
    _check(seeds.is_dir(), f"bundled sample articles missing: {seeds}")
    archive_path = workdir / "selftest.sqlite3"
    with Archive(archive_path) as archive:
        result = archive.import_paths([seeds])
        imported = result.count(ImportStatus.IMPORTED)
        failed = [o for o in result.outcomes if o.status is ImportStatus.FAILED]
        _check(not failed, f"import: {failed[0].file}: {failed[0].message}" if failed else "")
        _check(imported > 0, f"import: no articles imported from {seeds}")
        report.steps.append("import")
        report.facts["imported"] = imported

        found = archive.search('title:kursk OR "north korean"', sort="date")
        _check(found.total >= 1, "query: the seed article about Kursk was not found")
        report.steps.append("query")
        report.facts["matched"] = found.total

        tagged = archive.add_tags(list(found.ids), ["self-test"])
        _check(tagged == found.total, f"tag: tagged {tagged} of {found.total} articles")
        _check(archive.count("tag:self-test") == found.total, "tag: tag:self-test finds nothing")
        report.steps.append("tag")

        everything = archive.search("", sort="date")
        dossier_id = archive.create_dossier(
            "Self-test dossier",
            subtitle="Dossier Desk installation check",
            compiled_by="dossierdesk --self-test",
            article_ids=list(everything.ids),
        )
        detail = archive.dossier(dossier_id)
        _check(len(detail.entries) == everything.total, "dossier: entries missing")
        report.steps.append("dossier")
        report.facts["dossier_articles"] = len(detail.entries)

        pdf_path = workdir / "selftest.pdf"
        document = document_from_dossier(archive, dossier_id)
        rendered = export_pdf(document, pdf_path, ExportOptions(page_size="A4"))
        report.steps.append("export")

        reader = PdfReader(str(pdf_path))
        pages = len(reader.pages)
        _check(
            pages == rendered.page_count, f"pdf: {pages} pages, renderer said {rendered.page_count}"
        )
        _check(pages > len(detail.entries), f"pdf: only {pages} pages for {len(detail.entries)}")
        raw = " ".join(reader.pages[i].extract_text() or "" for i in range(min(pages, 4)))
        text = " ".join(raw.split())  # pypdf reports Qt's word gaps as tabs
        _check("Self-test dossier" in text, "pdf: the dossier title is not in the text")
        outline = reader.outline
        _check(len(outline) >= len(detail.entries), f"pdf: outline has {len(outline)} entries")
        report.steps.append("pdf")
        report.facts["pdf_pages"] = pages
        check = archive.check()
        _check(check.ok, "archive check: " + "; ".join(check.messages))
        report.steps.append("check")

    if extra_step is not None:
        report.steps.append(extra_step(archive_path))
    report.seconds = time.perf_counter() - started
    return report
