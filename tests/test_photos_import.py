"""Photos: format sniffing, VIRINs from names and metadata, IPTC/XMP/EXIF fields, bad inputs."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import struct
import warnings
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from dossierdesk.importers import ParsedImage, ParseError
from dossierdesk.importers.fields import MAX_CAPTION_CHARS, MAX_LABEL_CHARS
from dossierdesk.importers.photos import (
    MAX_PHOTO_KEYWORDS,
    MAX_PIXELS,
    ParsedPhoto,
    parse_photo,
    sniff_photo,
    virin_key,
)
from dossierdesk.virin import parse_virin

PHOTOS = Path(__file__).parent / "data" / "photos"
MADE = PHOTOS / "made"

WEBP_NAMED_JPG = [
    "190526-N-YG415-160E.JPG",
    "200724-Z-WM549-2001.JPG",
    "201015-M-UY835-1164M.JPG",
    "201028-F-FT687-001P.JPG",
    "201103-A-ID763-053C.JPG",
    "201111-D-BN624-999.JPG",
    "440606-O-ZZ999-001C.JPG",
]
TRUE_JPEG = ["181107-D-RB598-001.JPG", "201102-M-EM580-2160.JPG", "201106-M-RX578-1075M.JPG"]
REAL = sorted(WEBP_NAMED_JPG + TRUE_JPEG)


def read(path: Path) -> bytes:
    return path.read_bytes()


def test_the_fixture_set_is_the_ten_real_photos() -> None:
    assert sorted(p.name for p in PHOTOS.glob("*.JPG")) == REAL


# --- format sniffing -----------------------------------------------------------------------


@pytest.mark.parametrize("name", WEBP_NAMED_JPG)
def test_webp_served_under_a_jpg_name_is_webp(name: str) -> None:
    data = read(PHOTOS / name)
    assert sniff_photo(data) == "image/webp"
    assert parse_photo(data, name).mime == "image/webp"


@pytest.mark.parametrize("name", TRUE_JPEG)
def test_true_jpeg_is_jpeg(name: str) -> None:
    data = read(PHOTOS / name)
    assert sniff_photo(data) == "image/jpeg"
    assert parse_photo(data, name).mime == "image/jpeg"


def test_png_is_sniffed_and_names_do_not_matter() -> None:
    png = read(MADE / "text-chunks.png")
    assert sniff_photo(png) == "image/png"
    assert parse_photo(png, "looks-like.JPG").mime == "image/png"
    assert sniff_photo(read(MADE / "not-a-photo.jpg")) is None
    assert sniff_photo(b"") is None
    assert sniff_photo(b"GIF89a" + b"\x00" * 20) is None


@pytest.mark.parametrize("name", REAL)
def test_real_photos_parse_with_their_size_and_digest(name: str) -> None:
    data = read(PHOTOS / name)
    photo = parse_photo(data, name)
    with Image.open(io.BytesIO(data)) as im:
        assert (photo.width, photo.height) == im.size
    assert photo.byte_size == len(data)
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    assert photo.name == name


# --- VIRINs --------------------------------------------------------------------------------


def test_xmp_virin_disagreeing_with_the_file_name_keeps_both() -> None:
    name = "181107-D-RB598-001.JPG"
    photo = parse_photo(read(PHOTOS / name), name)
    assert photo.file_name_virin == "181107-D-RB598-001"
    assert photo.embedded_virin == "181015-F-YN876-1037"
    assert photo.virin == "181015-F-YN876-1037"  # the embedded one links
    assert photo.link_key == "181015-F-YN876-1037"
    assert photo.virin_note == (
        "the file name says 181107-D-RB598-001, the embedded metadata says 181015-F-YN876-1037"
    )
    # The rest of that file's metadata (IPTC/XMP/EXIF copyright, XMP AuthorsPosition).
    assert photo.title == "181015-F-YN876-1037"
    assert photo.copyright == "Public Domain"
    assert photo.byline_title == "412th Test Wing Public Affairs"
    assert photo.caption is None
    assert photo.credit is None


@pytest.mark.parametrize(
    ("name", "printed", "key"),
    [
        ("201015-M-UY835-1164M.JPG", "201015-M-UY835-1164M", "201015-M-UY835-1164"),
        ("190526-N-YG415-160E.JPG", "190526-N-YG415-160E", "190526-N-YG415-160"),
        ("201028-F-FT687-001P.JPG", "201028-F-FT687-001P", "201028-F-FT687-001"),
        ("201103-A-ID763-053C.JPG", "201103-A-ID763-053C", "201103-A-ID763-053"),
        ("201106-M-RX578-1075M.JPG", "201106-M-RX578-1075M", "201106-M-RX578-1075"),
        ("440606-O-ZZ999-001C.JPG", "440606-O-ZZ999-001C", "440606-O-ZZ999-001"),
        ("201111-D-BN624-999.JPG", "201111-D-BN624-999", "201111-D-BN624-999"),
        ("200724-Z-WM549-2001.JPG", "200724-Z-WM549-2001", "200724-Z-WM549-2001"),
    ],
)
def test_virin_from_the_file_name_and_its_link_key(name: str, printed: str, key: str) -> None:
    photo = parse_photo(read(PHOTOS / name), name)
    assert photo.file_name_virin == printed
    assert photo.embedded_virin is None
    assert photo.virin == printed
    assert photo.virin_note is None
    assert virin_key(printed) == key
    assert photo.link_key == key


def test_1944_photo_name_decodes_to_d_day() -> None:
    name = "440606-O-ZZ999-001C.JPG"
    photo = parse_photo(read(PHOTOS / name), name)
    assert photo.virin is not None
    virin = parse_virin(photo.virin)
    assert virin.date_shot == dt.date(1944, 6, 6)
    assert virin.service_name == "Other"
    assert virin.originator == "ZZ999"
    assert virin.suffix == "C"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("201015-m-uy835-1164m.jpg", "201015-M-UY835-1164"),
        ("230515-D-KY598-1364.JPG", "230515-D-KY598-1364"),
        ("230515-D-KY598-1364-US", "230515-D-KY598-1364"),  # country segment
        (" 240919-Z-JU958-1072 ", "240919-Z-JU958-1072"),
        ("181107-D-RB598-001", "181107-D-RB598-001"),  # leading zeros are part of it
        ("IMG_1234.JPG", None),
        ("2010-M-UY835-1164", None),
        ("201015-M-UY835", None),
        ("", None),
    ],
)
def test_virin_key(text: str, key: str | None) -> None:
    assert virin_key(text) == key


def test_a_photo_links_to_the_article_image_with_the_same_key() -> None:
    name = "201015-M-UY835-1164M.JPG"
    photo = parse_photo(read(PHOTOS / name), name)
    printed_in_article = ParsedImage(caption="Marines train.", virin="201015-M-UY835-1164")
    other = ParsedImage(caption="Another.", virin="201015-M-UY835-1165")
    assert printed_in_article.virin is not None and other.virin is not None
    assert virin_key(printed_in_article.virin) == photo.link_key
    assert virin_key(other.virin) != photo.link_key


def test_file_name_virin_in_a_path_or_a_browser_copy_name() -> None:
    data = read(PHOTOS / "201015-M-UY835-1164M.JPG")
    in_path = parse_photo(data, "saves/home_files/201015-M-UY835-1164M.JPG")
    assert in_path.file_name_virin == "201015-M-UY835-1164M"
    windows = parse_photo(data, "C:\\Users\\me\\201015-M-UY835-1164M.JPG")
    assert windows.file_name_virin == "201015-M-UY835-1164M"
    copy = parse_photo(data, "201015-M-UY835-1164M (1).JPG")
    assert copy.file_name_virin == "201015-M-UY835-1164M"
    assert parse_photo(data, "photo.jpg").file_name_virin is None


def test_same_virin_with_and_without_the_site_letter_is_no_disagreement() -> None:
    photo = parse_photo(read(MADE / "iptc-hostile.jpg"), "201015-M-UY835-1164M.JPG")
    assert photo.file_name_virin == "201015-M-UY835-1164M"
    assert photo.embedded_virin == "201015-M-UY835-1164"
    assert photo.virin == "201015-M-UY835-1164"
    assert photo.virin_note is None


# --- metadata ------------------------------------------------------------------------------


def test_iptc_fields_are_read_cleaned_and_bounded() -> None:
    photo = parse_photo(read(MADE / "iptc-hostile.jpg"), "iptc-hostile.jpg")
    assert photo.mime == "image/jpeg"
    # ObjectName "\x07201015-M-UY835-1164\x00": the VIRIN once control characters are gone.
    assert photo.embedded_virin == "201015-M-UY835-1164"
    assert photo.title == "201015-M-UY835-1164"
    assert photo.byline == "Sgt. Jane Doe"  # tab and vertical tab as spaces
    assert photo.byline_title == "Combat Camera"
    assert photo.credit == "U.S. Marine Corps photo by Sgt. Jane Doe"
    assert photo.copyright == "Public Domain"
    assert photo.date_created == dt.date(2020, 10, 15)
    assert photo.caption is not None
    # A 60,000-byte caption (an extended IPTC dataset) is read, cleaned and cut at a word.
    assert photo.caption.startswith("Marines train[31m at Camp Lejeune, N.C. word word")
    assert len(photo.caption) <= MAX_CAPTION_CHARS
    assert len(photo.caption) > MAX_CAPTION_CHARS - 10
    assert photo.caption.endswith("word…")
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in photo.caption)
    # Empty, control-only, over-long (200 characters) and duplicate keywords are dropped.
    assert photo.keywords == ("Marines", "training", "Camp Lejeune – N.C.")


def test_exif_fields_and_orientation() -> None:
    photo = parse_photo(read(MADE / "exif-orientation-6.jpg"), "exif-orientation-6.jpg")
    assert (photo.width, photo.height) == (48, 64)  # stored 64×48, turned by orientation 6
    assert photo.caption == "F-35A at Edwards AFB"
    assert photo.byline == "Kyle Larson"
    assert photo.copyright == "Public Domain; 412th Test Wing"  # EXIF's photographer\0editor
    assert photo.date_created == dt.date(2018, 10, 15)
    assert photo.title is None
    assert photo.virin is None


def test_xmp_in_png_with_a_100_kb_caption() -> None:
    photo = parse_photo(read(MADE / "xmp-caption-100k.png"), "xmp-caption-100k.png")
    assert photo.mime == "image/png"
    assert photo.embedded_virin == "201028-F-FT687-001"  # the x-default item of dc:title
    assert photo.virin == "201028-F-FT687-001"
    assert photo.credit == "U.S. Air Force photo"  # attribute form
    assert photo.byline == "Airman 1st Class A, Staff Sgt. B"  # rdf:Seq
    assert photo.keywords == ("F-35", "Edwards")  # rdf:Bag
    assert photo.date_created == dt.date(2020, 10, 28)
    assert photo.caption is not None
    assert photo.caption.startswith("Long caption lorem ipsum")
    assert MAX_CAPTION_CHARS - 20 < len(photo.caption) <= MAX_CAPTION_CHARS


def test_xmp_with_a_doctype_is_ignored_without_expanding_anything() -> None:
    photo = parse_photo(read(MADE / "xmp-doctype.png"), "xmp-doctype.png")
    # The XMP dc:title (billion laughs and an external entity) is not read; the PNG's own
    # tEXt Title is the next source.
    assert photo.title == "Plain title"
    assert photo.embedded_virin is None


def test_png_text_chunks() -> None:
    photo = parse_photo(read(MADE / "text-chunks.png"), "text-chunks.png")
    assert photo.title == "Flight line[0m <script>alert(1)</script>"  # text, never markup
    assert photo.byline == "Senior Airman C"
    assert photo.caption == "Line one line two"  # zTXt, CRLF and form feed as spaces
    assert photo.copyright == "Public Domain"


def test_webp_xmp_comes_before_exif() -> None:
    photo = parse_photo(read(MADE / "xmp-exif.webp"), "xmp-exif.webp")
    assert photo.mime == "image/webp"
    assert photo.embedded_virin == "201103-A-ID763-053"
    assert photo.caption == "XMP caption"  # XMP dc:description, not EXIF ImageDescription
    assert photo.credit == "U.S. Army photo"
    assert photo.byline == "EXIF Artist"  # no dc:creator: EXIF Artist
    assert photo.date_created == dt.date(2020, 11, 3)


def _with_xmp(jpeg: bytes, description_xml: str) -> bytes:
    packet = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        f" {description_xml}</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()
    payload = b"http://ns.adobe.com/xap/1.0/\x00" + packet
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def test_iptc_comes_before_xmp_and_xmp_fills_the_gaps() -> None:
    jpeg = _with_xmp(
        read(MADE / "iptc-hostile.jpg"),
        'photoshop:Credit="XMP credit" photoshop:Headline="XMP headline">'
        '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">190526-N-YG415-160</rdf:li>'
        "</rdf:Alt></dc:title>"
        '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">XMP rights</rdf:li></rdf:Alt>'
        "</dc:rights>",
    )
    photo = parse_photo(jpeg, "iptc-and-xmp.jpg")
    assert photo.credit == "U.S. Marine Corps photo by Sgt. Jane Doe"  # IPTC
    assert photo.copyright == "Public Domain"  # IPTC
    assert photo.embedded_virin == "201015-M-UY835-1164"  # IPTC ObjectName first
    assert photo.title == "201015-M-UY835-1164"


def test_xmp_alone_in_a_jpeg() -> None:
    jpeg = _with_xmp(
        read(PHOTOS / "201102-M-EM580-2160.JPG"),
        'photoshop:Credit="XMP credit" photoshop:DateCreated="2020-11">'
        '<dc:description><rdf:Alt><rdf:li xml:lang="en">Only item</rdf:li></rdf:Alt>'
        "</dc:description>",
    )
    photo = parse_photo(jpeg, "201102-M-EM580-2160.JPG")
    assert photo.credit == "XMP credit"
    assert photo.caption == "Only item"  # no x-default: the first item
    assert photo.date_created is None  # a month is not a date
    assert photo.virin == "201102-M-EM580-2160"  # no VIRIN in the metadata: the name's


def test_broken_metadata_is_skipped_not_fatal() -> None:
    jpeg = _with_xmp(read(PHOTOS / "201102-M-EM580-2160.JPG"), "><dc:title>unclosed")
    exif_garbage = b"Exif\x00\x00" + b"MM\x00*\x00\x00\x00\x08\xff\xff" + b"\x01" * 40
    segment = b"\xff\xe1" + struct.pack(">H", len(exif_garbage) + 2) + exif_garbage
    jpeg = jpeg[:2] + segment + jpeg[2:]
    photo = parse_photo(jpeg, "x.jpg")
    assert photo.title is None
    assert (photo.width, photo.height) == (765, 510)


def test_parsed_photo_cleans_fields_when_built() -> None:
    photo = ParsedPhoto(
        name="a\x00b.jpg",
        sha256="0" * 64,
        mime="image/jpeg",
        width=1,
        height=1,
        byte_size=1,
        virin="x" * 65,
        caption="  \x07 ",
        byline="A\nB",
        keywords=("k", "K", "", "y" * (MAX_LABEL_CHARS + 1)),
    )
    assert photo.name == "ab.jpg"
    assert photo.virin is None  # over-long VIRINs are dropped
    assert photo.caption is None
    assert photo.byline == "A B"
    assert photo.keywords == ("k",)
    many = ParsedPhoto("n", "0", "image/png", 1, 1, 1, keywords=tuple(f"k{i}" for i in range(500)))
    assert len(many.keywords) == MAX_PHOTO_KEYWORDS


# --- bad inputs ----------------------------------------------------------------------------


def _reason(data: bytes, name: str = "x.jpg") -> str:
    with pytest.raises(ParseError) as caught:
        parse_photo(data, name)
    return str(caught.value)


def test_zero_bytes() -> None:
    assert _reason(read(MADE / "empty.jpg")) == "empty file (0 bytes)"


def test_html_named_jpg_is_not_a_photo() -> None:
    assert _reason(read(MADE / "not-a-photo.jpg")) == "not a photo: the file holds HTML"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "a GIF image"),
        (b"%PDF-1.7\n", "a PDF document"),
        (b"PK\x03\x04rest", "a zip archive"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "a HEIC image"),
        (b"Just some words\n", "text"),
        (b'\xef\xbb\xbf  <?xml version="1.0"?><rss/>', "XML"),
        (b"\x00\x01\x02\x03\xfe", "data that is not a JPEG, PNG or WebP image"),
    ],
)
def test_other_content_is_named(data: bytes, what: str) -> None:
    assert _reason(data) == f"not a photo: the file holds {what}"


def test_truncated_jpeg_fixture() -> None:
    reason = _reason(read(MADE / "truncated.jpg"))
    assert reason.startswith("the JPEG image is truncated or corrupt")


@pytest.mark.parametrize("name", REAL)
def test_every_real_photo_cut_short_is_refused(name: str) -> None:
    data = read(PHOTOS / name)
    for keep in (len(data) // 2, len(data) - 200):
        reason = _reason(data[:keep], name)
        assert "truncated or corrupt" in reason


def test_png_with_a_bad_checksum_is_refused() -> None:
    data = bytearray(read(MADE / "text-chunks.png"))
    idat = data.index(b"IDAT")
    data[idat + 6] ^= 0xFF  # a byte of the compressed image data; the CRC no longer matches
    assert "PNG image is truncated or corrupt" in _reason(bytes(data), "x.png")


def test_decompression_bomb_fixture_names_its_size() -> None:
    reason = _reason(read(MADE / "bomb-30000x30000.png"), "bomb.png")
    assert reason == (
        "the image is too large: 30,000 × 30,000 pixels (900 megapixels; at most 100 are read)"
    )


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload)
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def test_pixel_cap_is_ours_between_pillows_warning_and_error_limits() -> None:
    # 108 MP: above MAX_PIXELS and Pillow's warning limit (~89 MP), below its error (~179 MP).
    assert MAX_PIXELS < 12_000 * 9_000
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no DecompressionBombWarning may escape either
        reason = _reason(_png_header_only(12_000, 9_000), "big.png")
    assert "12,000 × 9,000 pixels (108 megapixels" in reason


def test_webp_canvas_too_large_is_refused_before_the_decoder() -> None:
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\x00" * 4 + (20_000 - 1).to_bytes(3, "little") * 2
    data = b"RIFF" + struct.pack("<I", 4 + len(vp8x)) + b"WEBP" + vp8x
    assert "20,000 × 20,000 pixels" in _reason(data, "x.webp")


# A photo that fails must fail with a reason, never with another exception.
_SEED = read(MADE / "xmp-exif.webp")
_SEEDS = [_SEED, read(MADE / "exif-orientation-6.jpg"), read(MADE / "text-chunks.png")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(_SEEDS),
    edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8),
    cut=st.integers(0, 10_000),
)
def test_mangled_photos_parse_or_raise_parse_error(
    seed: bytes, edits: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(seed[: max(1, len(seed) - cut % len(seed))])
    for position, value in edits:
        data[position % len(data)] = value
    try:
        photo = parse_photo(bytes(data), "fuzz.jpg")
    except ParseError as exc:
        assert str(exc)
    else:
        assert photo.width > 0 and photo.height > 0
