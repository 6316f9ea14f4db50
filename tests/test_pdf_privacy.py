"""A shared PDF shows no folders of whoever compiled it (issue: "The PDF prints each article's
local file path"), and the exported file gets the user's usual permissions, not 0600."""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path

from tests.test_pdf_export import FILLER, article, page_text, sample_document

from dossierdesk.pdf import DossierEntry, ExportOptions, export_pdf

SECRET = "/home/alice/Clients/Project Falcon/saved page.html"


def _entries() -> list[DossierEntry]:
    body = ("First paragraph. " + FILLER, "Second paragraph. " + FILLER)
    local = dataclasses.replace(article(1, "Saved from disk", body), url=None, source_name=SECRET)
    online = article(2, "Saved from the web", body)
    return [DossierEntry(local), DossierEntry(online)]


def test_file_paths_are_printed_only_when_asked(qapp: object, tmp_path: Path) -> None:
    doc = sample_document(_entries())
    plain = tmp_path / "plain.pdf"
    result = export_pdf(doc, plain, ExportOptions("A4"))
    first, second = (page_text(plain, toc.page) for toc in result.toc)
    assert "Clients" not in first and "Project Falcon" not in first
    assert "Original" not in first  # no URL: no original line at all
    assert "https://www.defense.gov/News/Article/2/" in second  # a URL is still printed
    with_paths = tmp_path / "paths.pdf"
    result = export_pdf(doc, with_paths, ExportOptions("A4", file_paths=True))
    text = " ".join(page_text(with_paths, result.toc[0].page).split())
    assert "Project Falcon" in text


def test_exported_file_has_the_usual_permissions(qapp: object, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = tmp_path / "dossier.pdf"
        export_pdf(sample_document(_entries()), out, ExportOptions("A4"))
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        os.chmod(out, 0o640)  # a file replaced keeps the permissions it had
        export_pdf(sample_document(_entries()), out, ExportOptions("A4"))
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
    finally:
        os.umask(old)
