"""The exported dossier PDF, read back with pypdf and pdftotext."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QLocale
from PySide6.QtGui import QPdfWriter

from dossierdesk.pdf import (
    DossierDocument,
    DossierEntry,
    DossierRenderer,
    ExportOptions,
    RenderCancelled,
    RenderProgress,
    RenderResult,
    default_page_size,
    export_pdf,
)
from dossierdesk.pdf import renderer as renderer_module
from dossierdesk.service.cancel import CancelToken
from dossierdesk.service.dto import ArticleDetail, ImageInfo

FILLER = (
    "Defense officials said the exercise tested the readiness of units across the theater, "
    "with logistics, communications and medical teams working together around the clock. "
)


def image(
    position: int, paragraph_index: int, virin: str | None, credit: str | None, caption: str
) -> ImageInfo:
    return ImageInfo(
        position=position,
        paragraph_index=paragraph_index,
        caption=caption,
        credit=credit,
        virin=virin,
        virin_valid=True if virin else None,
        virin_problem=None,
        virin_date=dt.date(2024, 11, 18) if virin else None,
        virin_service="D" if virin else None,
        virin_service_name="Department of Defense" if virin else None,
        virin_originator="KY598" if virin else None,
        download_size=None,
        url=None,
    )


def article(
    article_id: int,
    title: str,
    paragraphs: tuple[str, ...],
    *,
    published: dt.date | None = None,
    images: tuple[ImageInfo, ...] = (),
    tags: tuple[str, ...] = ("readiness",),
) -> ArticleDetail:
    return ArticleDetail(
        id=article_id,
        title=title,
        published=published or dt.date(2024, 1, article_id),
        byline="By David Vergun, DOD News",
        authors=("David Vergun",),
        source="DOD News",
        dateline="WASHINGTON",
        url=f"https://www.defense.gov/News/Article/{article_id}/",
        paragraphs=paragraphs,
        word_count=sum(len(p.split()) for p in paragraphs),
        tags=tags,
        source_name=f"article{article_id}.txt",
        format="crawler_text",
        imported_at=dt.datetime(2026, 11, 1, 12, 0),
        images=images,
    )


def sample_entries() -> list[DossierEntry]:
    long_body = (*(f"Paragraph {k}. " + FILLER * 6 for k in range(24)), "The final word.")
    return [
        DossierEntry(
            article(
                1,
                "Austin visits troops in Poland",
                ("Short opening paragraph.", FILLER * 2, FILLER),
                images=(
                    image(0, 1, "241118-D-KY598-1001", "Chad J. McNeeley", "Austin greets troops."),
                    image(1, 3, "241119-D-KY598-1002", "Staff Sgt. Jane Doe", "A briefing."),
                ),
                tags=("poland", "readiness"),
            ),
            note="Read before the briefing",
        ),
        DossierEntry(article(2, "Long report on logistics", long_body, tags=("logistics",))),
        DossierEntry(
            article(
                3,
                "Markup <b>stays</b> & literal",
                (
                    "Text with <i>tags</i> &amp; entities <script>alert(1)</script>.",
                    "Ελληνικά: Αθήνα. Кириллица: Москва. Accents: café, naïve, Zürich.",
                    "CJK where a font covers it: 北京 東京.",
                ),
                images=(image(0, 1, None, "U.S. Army <photo>", "Caption <b>bold</b>"),),
            )
        ),
    ]


def sample_document(entries: list[DossierEntry] | None = None) -> DossierDocument:
    return DossierDocument(
        title="Eastern Flank Readiness",
        subtitle="A reading pack",
        compiled_by="Maj. Jane Smith",
        description="Articles on readiness in Europe, in the order of the brief.",
        compiled_on=dt.date(2026, 11, 25),
        entries=entries if entries is not None else sample_entries(),
    )


def page_text(pdf: Path, page: int, *, layout: bool = True) -> str:
    args = ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page)]
    if layout:
        args.append("-layout")
    return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def exported(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RenderResult]:
    path = tmp_path_factory.mktemp("pdf") / "dossier.pdf"
    result = export_pdf(sample_document(), path, ExportOptions(page_size="A4"))
    return path, result


def test_outline_has_fixed_sections_and_one_entry_per_article(
    exported: tuple[Path, RenderResult],
) -> None:
    path, result = exported
    reader = PdfReader(path)
    outline = reader.outline
    titles = [item.title for item in outline]
    assert len(titles) == 3 + 3
    assert titles[0] == "Cover" and titles[1] == "Contents" and titles[-1] == "Image credits"
    assert titles[2:5] == [e.title for e in result.toc]
    pages = [reader.get_destination_page_number(item) + 1 for item in outline]
    assert pages[2:5] == [e.page for e in result.toc]
    assert pages[:2] == [1, 2]
    assert len(reader.pages) == result.page_count


def test_contents_page_numbers_point_to_the_article_pages(
    exported: tuple[Path, RenderResult],
) -> None:
    path, result = exported
    contents = page_text(path, 2)
    for entry in result.toc:
        match = re.search(re.escape(entry.title) + r"[ .]*?(\d+)\s*$", contents, re.MULTILINE)
        assert match, f"{entry.title} not in contents:\n{contents}"
        printed = int(match.group(1))
        assert printed == entry.page
        lines = [line.strip() for line in page_text(path, printed).splitlines() if line.strip()]
        assert lines[0].startswith("Eastern Flank Readiness")  # running header
        assert lines[1].startswith(entry.title)
    assert [e.page for e in result.toc] == sorted(e.page for e in result.toc)
    # The long article takes several pages and pushes the next one on.
    assert result.toc[2].page - result.toc[1].page >= 3


def test_every_page_but_the_cover_has_header_and_page_x_of_y(
    exported: tuple[Path, RenderResult],
) -> None:
    path, result = exported
    total = result.page_count
    assert "Page " not in page_text(path, 1)
    for n in range(2, total + 1):
        text = page_text(path, n)
        assert f"Page {n} of {total}" in text
        assert text.lstrip().startswith("Eastern Flank Readiness")


def test_titles_credits_virins_and_body_text_are_all_printed(
    exported: tuple[Path, RenderResult],
) -> None:
    path, _ = exported
    text = flat(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    for entry in sample_entries():
        assert entry.article.title in text
        for img in entry.article.images:
            assert f"Credit: {img.credit}" in text
            if img.virin:
                assert img.virin in text
    assert "The final word." in text  # the last line of a multi-page article is not lost
    assert "Read before the briefing" in text
    assert "Compiled by Maj. Jane Smith" in text
    assert "3 articles, January 2024" in text


def test_markup_and_other_scripts_print_literally(exported: tuple[Path, RenderResult]) -> None:
    path, result = exported
    page = next(e.page for e in result.toc if e.article_id == 3)
    text = flat(page_text(path, page, layout=False))
    assert "Markup <b>stays</b> & literal" in text
    assert "Text with <i>tags</i> &amp; entities <script>alert(1)</script>." in text
    assert "Ελληνικά: Αθήνα. Кириллица: Москва. Accents: café, naïve, Zürich." in text
    assert "Caption <b>bold</b>" in text
    assert "Credit: U.S. Army <photo>" in text


def test_image_blocks_stay_where_they_stood(exported: tuple[Path, RenderResult]) -> None:
    path, result = exported
    text = flat(page_text(path, result.toc[0].page, layout=False))
    order = [
        text.index("Short opening paragraph."),
        text.index("Austin greets troops."),
        text.index(flat(FILLER * 2)[:60]),
        text.index("A briefing."),
    ]
    assert order == sorted(order)


def test_image_credits_appendix_lists_every_image_with_its_page(
    exported: tuple[Path, RenderResult],
) -> None:
    path, result = exported
    credits_page = result.outline[-1].page
    table = page_text(path, credits_page)
    assert "Image credits" in table
    rows = [line for line in table.splitlines() if "2024-11-1" in line]
    assert len(rows) == 2  # the image without VIRIN has no shot date
    assert result.image_count == 3
    for virin in ("241118-D-KY598-1001", "241119-D-KY598-1002"):
        row = next(line for line in table.splitlines() if virin in line)
        page = int(row.split()[-1])
        assert virin in page_text(path, page)  # the page named is where the image is printed
        assert "Department" in row  # "of Defense" wraps to the next line


def test_metadata_fields(exported: tuple[Path, RenderResult]) -> None:
    path, _ = exported
    meta = PdfReader(path).metadata
    assert meta is not None
    assert meta.title == "Eastern Flank Readiness"
    assert meta.author == "Maj. Jane Smith"
    assert meta.subject == "A reading pack"
    assert set(str(meta["/Keywords"]).split(", ")) == {"poland", "readiness", "logistics"}
    assert meta.creator is not None and meta.creator.startswith("Dossier Desk ")


def test_contents_links_target_the_article_pages(exported: tuple[Path, RenderResult]) -> None:
    path, result = exported
    reader = PdfReader(path)
    annots = [a.get_object() for a in reader.pages[1]["/Annots"]]
    targets = []
    for annot in annots:
        assert annot["/Subtype"] == "/Link"
        assert annot["/F"] & 4  # printable (required by PDF/A)
        dest_page = annot["/Dest"][0]
        targets.append(reader.get_page_number(dest_page.get_object()) + 1)
    assert targets == [e.page for e in result.toc]
    # Each link's rectangle covers its entry's line on the contents page.
    tops = [float(a["/Rect"][3]) for a in annots]
    assert tops == sorted(tops, reverse=True)


def test_fonts_are_embedded(exported: tuple[Path, RenderResult]) -> None:
    path, _ = exported
    reader = PdfReader(path)
    seen = 0
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, descriptor.get("/FontName")
                seen += 1
    assert seen > 0


def test_page_sizes(qapp: object, tmp_path: Path) -> None:
    entries = sample_entries()[:1]
    a4 = export_pdf(sample_document(entries), tmp_path / "a4.pdf", ExportOptions("A4"))
    letter = export_pdf(sample_document(entries), tmp_path / "l.pdf", ExportOptions("Letter"))
    box_a4 = PdfReader(tmp_path / "a4.pdf").pages[0].mediabox
    box_letter = PdfReader(tmp_path / "l.pdf").pages[0].mediabox
    assert (round(float(box_a4.width)), round(float(box_a4.height))) == (595, 842)
    assert (round(float(box_letter.width)), round(float(box_letter.height))) == (612, 792)
    assert a4.page_size_points[1] > letter.page_size_points[1]


def test_default_page_size_follows_the_locale() -> None:
    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    de = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert default_page_size(us) == "Letter"
    assert default_page_size(de) == "A4"


def _xmp_values(packet: str) -> dict[str, str]:
    """Every property of an XMP packet by local name (first rdf:li for arrays)."""
    rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
    start, end = packet.index("<x:xmpmeta"), packet.index("</x:xmpmeta>") + len("</x:xmpmeta>")
    values: dict[str, str] = {}
    for description in ET.fromstring(packet[start:end]).iter(f"{rdf}Description"):
        for key, value in description.attrib.items():
            values[key.split("}")[-1]] = value
        for child in description:
            items = [li.text or "" for li in child.iter(f"{rdf}li")]
            values[child.tag.split("}")[-1]] = items[0] if items else (child.text or "")
    return values


def test_pdfa_flag_writes_pdfa_identification_matching_info(qapp: object, tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    export_pdf(sample_document(), path, ExportOptions("A4", pdfa=True))
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object()
    assert "/Filter" not in xmp  # PDF/A-1: the metadata stream is not compressed
    packet = xmp.get_data().decode("utf-8")
    assert 'pdfaid:part="1"' in packet and 'pdfaid:conformance="B"' in packet
    xmp_values = _xmp_values(packet)
    info = reader.metadata
    assert info is not None
    for info_key, xmp_key in (
        ("/Title", "title"),
        ("/Author", "creator"),
        ("/Subject", "description"),
        ("/Keywords", "Keywords"),
        ("/Creator", "CreatorTool"),
        ("/Producer", "Producer"),
    ):  # PDF/A: the information dictionary and the XMP packet agree
        assert info[info_key] == xmp_values[xmp_key], info_key
    assert xmp_values["description"] == "A reading pack"
    assert "/OutputIntents" in root
    assert reader.pdf_header == "%PDF-1.4"
    assert not reader.is_encrypted
    assert reader.trailer.get("/ID") is not None
    plain = tmp_path / "plain.pdf"
    export_pdf(sample_document(), plain, ExportOptions("A4"))
    plain_root = PdfReader(plain).trailer["/Root"]
    plain_xmp = plain_root["/Metadata"].get_object().get_data().decode()
    assert "pdfaid:part" not in plain_xmp


def test_a_second_paint_device_gets_the_same_pages(
    qapp: object, tmp_path: Path, exported: tuple[Path, RenderResult]
) -> None:
    _, result = exported
    for dpi in (300, 72):
        writer = QPdfWriter(str(tmp_path / f"r{dpi}.pdf"))
        writer.setResolution(dpi)
        other = DossierRenderer(sample_document(), ExportOptions("A4")).paint(writer)
        del writer
        assert other.page_count == result.page_count
        assert [e.page for e in other.toc] == [e.page for e in result.toc]
        assert len(PdfReader(tmp_path / f"r{dpi}.pdf").pages) == result.page_count
        text = flat(page_text(tmp_path / f"r{dpi}.pdf", result.toc[0].page, layout=False))
        assert "Austin visits troops in Poland" in text


def test_layouts_rebuilt_when_over_the_memory_budget_print_the_same(
    qapp: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    exported: tuple[Path, RenderResult],
) -> None:
    path, result = exported
    monkeypatch.setattr(renderer_module, "KEEP_LAYOUT_CHARS", 0)
    again = tmp_path / "rebuilt.pdf"
    rebuilt = export_pdf(sample_document(), again, ExportOptions("A4"))
    assert rebuilt.toc == result.toc
    for n in range(1, result.page_count + 1):
        assert page_text(again, n) == page_text(path, n)


class _Entries:
    """Counts how often the renderer walks the entries (a lazy source, as from the archive)."""

    def __init__(self, entries: list[DossierEntry]) -> None:
        self.entries = entries
        self.walks = 0

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[DossierEntry]:
        self.walks += 1
        return iter(self.entries)


def test_progress_reaches_the_end_and_cancel_leaves_no_file(qapp: object, tmp_path: Path) -> None:
    seen: list[RenderProgress] = []
    entries = _Entries(sample_entries())
    export_pdf(sample_document(entries), tmp_path / "p.pdf", progress=seen.append)
    assert {p.stage for p in seen} == {"layout", "paint"}
    assert seen[-1].done == seen[-1].total == 3
    assert entries.walks >= 1

    token = CancelToken()

    def cancel_midway(p: RenderProgress) -> None:
        if p.stage == "paint" and p.done == 1:
            token.cancel()

    out = tmp_path / "cancelled.pdf"
    with pytest.raises(RenderCancelled):
        export_pdf(sample_document(), out, progress=cancel_midway, cancel=token)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "p.pdf"]


def test_empty_and_odd_articles_still_print(qapp: object, tmp_path: Path) -> None:
    odd = [
        DossierEntry(article(1, "", ())),
        DossierEntry(article(2, "No date", ("x",), images=(image(0, 9, "bad", None, ""),))),
        DossierEntry(article(3, "T" * 500, ("word " * 2000,))),
    ]
    result = export_pdf(sample_document(odd), tmp_path / "odd.pdf", ExportOptions("Letter"))
    assert result.page_count == len(PdfReader(tmp_path / "odd.pdf").pages)
    assert len(result.toc) == 3


def test_the_update_reads_back_strictly_without_repairs(
    exported: tuple[Path, RenderResult], caplog: pytest.LogCaptureFixture
) -> None:
    path, result = exported
    with caplog.at_level("WARNING", logger="pypdf"):
        reader = PdfReader(path, strict=True)
        assert len(reader.pages) == result.page_count
        assert len(reader.outline) == len(result.outline)
        for page in reader.pages:
            page.extract_text()
    assert not caplog.records
    data = path.read_bytes()
    assert data.count(b"%%EOF") == 2  # Qt's file, then one incremental update
    assert b"/XRefStm" not in data and b"/ObjStm" not in data  # classic xref (PDF/A-1)
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stderr


def test_long_contents_and_credits_span_pages_with_links_and_repeated_headers(
    qapp: object, tmp_path: Path
) -> None:
    entries = [
        DossierEntry(
            article(
                n,
                f"Report number {n} on theater logistics and sustainment",
                ("Body text.",),
                published=dt.date(2024, 1, 1) + dt.timedelta(days=n),
                images=(image(0, 0, f"2401{n % 28 + 1:02d}-A-AB123-{1000 + n}", "Sgt. Roe", "A"),),
            )
        )
        for n in range(1, 61)
    ]
    path = tmp_path / "long.pdf"
    result = export_pdf(sample_document(entries), path, ExportOptions("A4"))
    first_article = result.toc[0].page
    assert first_article > 3  # the contents took more than one page
    reader = PdfReader(path)
    targets = []
    for index in range(1, first_article - 1):
        for annot in reader.pages[index]["/Annots"]:
            page = annot.get_object()["/Dest"][0].get_object()
            targets.append(reader.get_page_number(page) + 1)
    assert targets == [e.page for e in result.toc]
    for entry in (result.toc[0], result.toc[-1]):
        lines = [ln.strip() for ln in page_text(path, entry.page).splitlines() if ln.strip()]
        assert lines[1].startswith(entry.title)
    credit_pages = range(result.outline[-1].page, result.page_count + 1)
    assert len(credit_pages) > 1
    virins_found = 0
    for n in credit_pages:
        text = page_text(path, n)
        assert re.search(
            r"VIRIN\s+SHOT\s+SERVICE\s+CREDIT\s+CAPTION\s+ARTICLE\s+PHOTO\s+PAGE", text
        )
        virins_found += len(re.findall(r"\d{6}-A-AB123-\d{4}", text))
    assert virins_found == 60


def test_a_qprinter_gets_the_same_pages(
    qapp: object, tmp_path: Path, exported: tuple[Path, RenderResult]
) -> None:
    """The GUI prints and previews through a QPrinter: same pages, same text in the same place
    (the margins the user had set are replaced by the dossier's own)."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout
    from PySide6.QtPrintSupport import QPrinter

    path, result = exported
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    printer.setPageMargins(QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter)
    printed = DossierRenderer(sample_document(), ExportOptions("A4")).paint(printer)
    del printer
    assert printed.page_count == result.page_count
    out = tmp_path / "printer.pdf"
    assert len(PdfReader(out).pages) == result.page_count
    for n in (1, 2, result.toc[0].page, result.page_count):
        assert page_text(out, n) == page_text(path, n)


def test_full_page_printers_are_not_shifted(qapp: object, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    entries = sample_entries()[:1]
    plain = tmp_path / "plain.pdf"
    export_pdf(sample_document(entries), plain, ExportOptions("A4"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "full.pdf"))
    printer.setFullPage(True)
    DossierRenderer(sample_document(entries), ExportOptions("A4")).paint(printer)
    del printer
    for n in (1, 3):
        assert page_text(tmp_path / "full.pdf", n) == page_text(plain, n)
