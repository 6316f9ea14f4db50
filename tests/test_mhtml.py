"""MHTML single-file saves (Chrome "Save as… Webpage, Single File"): the page is read with the
HTML article importer and its images come from the file's own parts (Content-Location or
cid:), never from the network. The files are built here with the stdlib ``email`` package."""

from __future__ import annotations

import email.charset
import email.encoders
import io
import zipfile
from email.mime.base import MIMEBase
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest
from PIL import Image as PILImage

from dossierdesk.importers import ParseError, parse_document
from dossierdesk.importers.mhtml import looks_like_mhtml, read_mhtml
from dossierdesk.service import Archive
from dossierdesk.service.dto import ImportStatus

DATA = Path(__file__).parent / "data"
ARTICLE = DATA / "corpus" / "005_afmil-dodnews-carter-embrace-future.html"
JPEG = DATA / "photos" / "201102-M-EM580-2160.JPG"
WEBP = DATA / "photos" / "201028-F-FT687-001P.JPG"
PAGE_URL = "https://www.af.mil/News/Article-Display/Article/618934/carter/"
REMOTE_SRC = "http://media.defense.gov/2015/Sep/16/2001290713/670/394/0/150916-D-DT527-120.JPG"
HIRES_URL = "http://media.defense.gov/2015/Sep/16/2001290713/-1/-1/0/150916-D-DT527-120.JPG"
ICON_SRC = "/DesktopModules/ArticleCS/Styles/AirForce/tag.png"


def _icon() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (16, 16), "red").save(out, "PNG")
    return out.getvalue()


ICON_PNG = _icon()


def _rendition() -> bytes:
    out = io.BytesIO()
    with PILImage.open(JPEG) as im:
        im.resize((400, 267)).save(out, "JPEG", quality=90)
    return out.getvalue()


def build_mhtml(
    *,
    html_encoding: str = "quoted-printable",
    by_cid: bool = False,
    with_page: bool = True,
    renditions: bool = False,
) -> bytes:
    html = ARTICLE.read_text(encoding="utf-8")
    if by_cid:
        html = html.replace(REMOTE_SRC, "cid:frame-1-photo@mhtml.blink")
    message = MIMEMultipart("related", type="text/html", boundary="----MultipartBoundary--x")
    message["From"] = "<Saved by Blink>"
    message["Snapshot-Content-Location"] = PAGE_URL
    message["Subject"] = "Carter: DOD must embrace future"
    if with_page:
        charset = email.charset.Charset("utf-8")
        charset.body_encoding = (
            email.charset.QP if html_encoding == "quoted-printable" else email.charset.BASE64
        )
        page = MIMEText(html, "html", charset)  # type: ignore[arg-type]
        page["Content-Location"] = PAGE_URL
        message.attach(page)
    photo = MIMEImage(JPEG.read_bytes(), "jpeg")  # base64
    if by_cid:
        photo["Content-ID"] = "<frame-1-photo@mhtml.blink>"
    else:
        photo["Content-Location"] = REMOTE_SRC
    if renditions:  # the page's rendition, and the full size its "download" link names
        photo.replace_header("Content-Location", HIRES_URL)
        small = MIMEImage(_rendition(), "jpeg")
        small["Content-Location"] = REMOTE_SRC
        message.attach(small)
    message.attach(photo)
    icon = MIMEBase("image", "png")
    icon.set_payload(ICON_PNG)
    email.encoders.encode_base64(icon)
    icon["Content-Location"] = "https://www.af.mil" + ICON_SRC
    message.attach(icon)
    return message.as_bytes()


def test_the_page_and_its_parts_are_found() -> None:
    data = build_mhtml()
    assert looks_like_mhtml(data, "page.mhtml") and looks_like_mhtml(data, "page.bin")
    assert not looks_like_mhtml(ARTICLE.read_bytes(), "page.mht")
    page = read_mhtml(data)
    assert page.location == PAGE_URL
    assert page.lookup(REMOTE_SRC) == JPEG.read_bytes()
    assert page.lookup(ICON_SRC) is not None  # relative to the page's location
    assert page.lookup("https://elsewhere.example/x.jpg") is None
    (article,) = parse_document(data, "page.mhtml")
    assert article.title == "Carter: DOD must embrace future to remain best force"
    assert article.body == parse_document(ARTICLE.read_bytes(), ARTICLE.name)[0].body


@pytest.mark.parametrize(
    ("html_encoding", "by_cid"), [("quoted-printable", False), ("base64", True)]
)
def test_mhtml_imports_with_its_photo(
    archive: Archive, tmp_path: Path, html_encoding: str, by_cid: bool
) -> None:
    path = tmp_path / "Carter.mhtml"
    path.write_bytes(build_mhtml(html_encoding=html_encoding, by_cid=by_cid))
    (outcome,) = archive.import_paths([path]).outcomes
    assert outcome.status is ImportStatus.IMPORTED, outcome
    assert outcome.message == "with 1 photo"
    (image,) = archive.article(outcome.id).images  # type: ignore[arg-type]
    assert image.photo is not None and image.photo.width == 765
    assert len(archive.photos()) == 1  # the icon part is not a photo
    # Re-extraction keeps the link; a second import adds nothing.
    (reparsed,) = archive.reparse()
    assert reparsed.status is ImportStatus.IMPORTED
    assert archive.article(outcome.id).images[0].photo == image.photo  # type: ignore[arg-type]
    (again,) = archive.import_paths([path]).outcomes
    assert again.status is ImportStatus.DUPLICATE and len(archive.photos()) == 1


def test_mhtml_in_a_zip_and_named_mht(archive: Archive, tmp_path: Path) -> None:
    zipped = tmp_path / "saved.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("pages/Carter.mht", build_mhtml())
    (outcome,) = archive.import_paths([zipped]).outcomes
    assert outcome.status is ImportStatus.IMPORTED and outcome.message == "with 1 photo"


def test_a_broken_mhtml_gets_a_clear_reason(archive: Archive, tmp_path: Path) -> None:
    no_page = tmp_path / "no-page.mhtml"
    no_page.write_bytes(build_mhtml(with_page=False))
    not_multipart = tmp_path / "cut.mhtml"
    not_multipart.write_bytes(b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhello\r\n")
    truncated = tmp_path / "truncated.mhtml"
    truncated.write_bytes(build_mhtml()[:700])
    report = archive.import_paths([no_page, not_multipart, truncated])
    reasons = {Path(o.file).name: (o.status, o.message) for o in report.outcomes}
    assert reasons["no-page.mhtml"] == (
        ImportStatus.FAILED,
        "MHTML file without a web page (no text/html part)",
    )
    assert reasons["cut.mhtml"][0] is ImportStatus.FAILED
    assert "MHTML" in reasons["cut.mhtml"][1]
    assert reasons["truncated.mhtml"][0] is ImportStatus.FAILED
    with pytest.raises(ParseError, match="MHTML"):
        read_mhtml(not_multipart.read_bytes())


def test_the_full_size_part_is_preferred(archive: Archive, tmp_path: Path) -> None:
    """The page shows a 400 px rendition and links the full size; both end in the same name."""
    path = tmp_path / "Carter.mhtml"
    path.write_bytes(build_mhtml(renditions=True))
    (outcome,) = archive.import_paths([path]).outcomes
    assert outcome.message == "with 1 photo"
    (image,) = archive.article(outcome.id).images  # type: ignore[arg-type]
    assert image.photo is not None and image.photo.width == 765
