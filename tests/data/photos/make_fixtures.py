"""Rebuild the photo fixtures of this folder (see FIXTURES.md).

    .venv/bin/python tests/data/photos/make_fixtures.py /work/shared/photos

The nine small real photos are copied byte for byte from the development set named on the
command line; 181107-D-RB598-001.JPG (2.4 MB there) is re-encoded at 800 pixels wide with its
EXIF, XMP and IPTC segments copied unchanged. Everything in ``made/`` is generated here with
Pillow and a few lines of JPEG/PNG/IPTC writing; nothing needs exiftool. The tests only read
the committed files.
"""

from __future__ import annotations

import io
import shutil
import struct
import sys
import zlib
from pathlib import Path

from PIL import Image, PngImagePlugin

HERE = Path(__file__).parent
MADE = HERE / "made"
BIG = "181107-D-RB598-001.JPG"
REDUCED_WIDTH = 800


# --- JPEG segments -------------------------------------------------------------------------


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, whole segment) of a JPEG's header segments, up to the start of scan."""
    assert data[:2] == b"\xff\xd8"
    pos, out = 2, []
    while pos < len(data):
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        out.append((marker, data[pos : pos + 2 + length]))
        pos += 2 + length
    return out


def with_segments(jpeg: bytes, segments: list[bytes]) -> bytes:
    """``jpeg`` with ``segments`` inserted after SOI and its JFIF APP0 (if any)."""
    pos = 2
    if jpeg[2:4] == b"\xff\xe0":
        pos += 2 + struct.unpack(">H", jpeg[4:6])[0]
    return jpeg[:pos] + b"".join(segments) + jpeg[pos:]


def segment(marker: int, payload: bytes) -> bytes:
    assert len(payload) + 2 <= 0xFFFF, "a JPEG segment holds at most 65,533 bytes"
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def iptc_dataset(record: int, number: int, value: bytes) -> bytes:
    if len(value) < 0x8000:
        return bytes((0x1C, record, number)) + struct.pack(">H", len(value)) + value
    # Extended dataset: a length of 0x8004 says "the next 4 bytes hold the length".
    return bytes((0x1C, record, number)) + b"\x80\x04" + struct.pack(">I", len(value)) + value


def app13_iptc(datasets: list[bytes]) -> bytes:
    """An APP13 segment holding one Photoshop image resource 0x0404 (IPTC-IIM)."""
    block = b"".join(datasets)
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(block))
    resource += block + (b"\x00" if len(block) % 2 else b"")
    return segment(0xED, b"Photoshop 3.0\x00" + resource)


def small_jpeg(size: tuple[int, int] = (64, 48), **save: object) -> bytes:
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    out = io.BytesIO()
    im.save(out, "JPEG", quality=70, **save)
    return out.getvalue()


# --- PNG chunks ----------------------------------------------------------------------------


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def decompression_bomb_png(width: int, height: int) -> bytes:
    """A PNG declaring ``width`` × ``height`` 8-bit grey pixels, its data only the first rows
    (it is refused from its header; nothing should ever decode it)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + width) * 4, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", rows)
        + png_chunk(b"IEND", b"")
    )


def xmp_packet(description_xml: str, doctype: str = "") -> bytes:
    return (
        f'{doctype}<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        f" {description_xml}</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def small_png(info: PngImagePlugin.PngInfo, size: tuple[int, int] = (32, 24)) -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").resize(size).save(out, "PNG", pnginfo=info)
    return out.getvalue()


# --- the fixtures --------------------------------------------------------------------------


def reduced_big_photo(original: bytes) -> bytes:
    """The 4767×2495 photo at 800 pixels wide, its metadata segments copied unchanged."""
    kept = [
        seg
        for marker, seg in jpeg_segments(original)
        if marker in (0xE1, 0xED)  # APP1 (EXIF, XMP), APP13 (Photoshop/IPTC)
    ]
    with Image.open(io.BytesIO(original)) as im:
        im.draft("RGB", (REDUCED_WIDTH * 2, REDUCED_WIDTH))
        height = round(im.height * REDUCED_WIDTH / im.width)
        small = im.resize((REDUCED_WIDTH, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80, optimize=True)
    return with_segments(out.getvalue(), kept)


LONG_CAPTION_WORDS = 12_000  # "word " × 12,000: 60,000 bytes, an extended IPTC dataset


def iptc_hostile_jpeg() -> bytes:
    """IPTC with control characters everywhere and a 60 KB caption (a JPEG segment holds at
    most 64 KB, so a longer IPTC caption cannot be stored in a JPEG)."""
    caption = (
        "Marines\x00 train\x1b[31m at\r\nCamp Lejeune,\x07 N.C. " + "word " * LONG_CAPTION_WORDS
    )
    datasets = [
        iptc_dataset(1, 90, b"\x1b%G"),  # UTF-8
        iptc_dataset(2, 5, b"\x07201015-M-UY835-1164\x00"),
        iptc_dataset(2, 120, caption.encode()),
        iptc_dataset(2, 80, b"Sgt.\tJane\x0bDoe"),
        iptc_dataset(2, 85, b"Combat\x1fCamera"),
        iptc_dataset(2, 110, b"U.S. Marine Corps photo\x7f by Sgt. Jane Doe"),
        iptc_dataset(2, 116, b"Public Domain"),
        iptc_dataset(2, 55, b"20201015"),
        iptc_dataset(2, 25, b"Marines"),
        iptc_dataset(2, 25, b"\x00"),
        iptc_dataset(2, 25, b"training\x1f"),
        iptc_dataset(2, 25, b"x" * 200),
        iptc_dataset(2, 25, b"marines"),
        iptc_dataset(2, 25, "Camp Lejeune – N.C.".encode()),
    ]
    return with_segments(small_jpeg(), [app13_iptc(datasets)])


def exif_jpeg() -> bytes:
    """EXIF only: description, artist, a two-part copyright, date taken, orientation 6 (the
    camera was turned: the stored 64×48 picture is shown 48×64)."""
    exif = Image.Exif()
    exif[0x010E] = "F-35A\x07 at Edwards AFB"
    exif[0x013B] = "Kyle Larson"
    exif[0x8298] = "Public Domain\x00412th Test Wing"
    exif[0x0112] = 6
    exif.get_ifd(0x8769)[0x9003] = "2018:10:15 09:30:00"
    return small_jpeg(exif=exif.tobytes())


def xmp_png_long_caption() -> bytes:
    """XMP (compressed iTXt) with a 100 KB dc:description, a VIRIN dc:title, creators, subjects,
    credit and date."""
    description = "Long caption " + "lorem ipsum " * 8_500  # ~100 KB
    packet = xmp_packet(
        'photoshop:Credit="U.S. Air Force photo" photoshop:DateCreated="2020-10-28T10:15:00">'
        '<dc:title><rdf:Alt><rdf:li xml:lang="de">falscher Titel</rdf:li>'
        '<rdf:li xml:lang="x-default">201028-F-FT687-001</rdf:li></rdf:Alt></dc:title>'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li>'
        "</rdf:Alt></dc:description>"
        "<dc:creator><rdf:Seq><rdf:li>Airman 1st Class A</rdf:li>"
        "<rdf:li>Staff Sgt. B</rdf:li></rdf:Seq></dc:creator>"
        "<dc:subject><rdf:Bag><rdf:li>F-35</rdf:li><rdf:li>Edwards</rdf:li></rdf:Bag></dc:subject>"
    )
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", packet.decode(), zip=True)
    return small_png(info)


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
)


def xmp_doctype_png() -> bytes:
    """XMP whose DOCTYPE declares expanding and external entities (ignored), and tEXt Title."""
    packet = xmp_packet(
        '><dc:title><rdf:Alt><rdf:li xml:lang="x-default">&lol3;&ext;</rdf:li></rdf:Alt>'
        "</dc:title>",
        doctype=BILLION_LAUGHS,
    )
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", packet.decode())
    info.add_text("Title", "Plain title")
    return small_png(info)


def text_chunks_png() -> bytes:
    """tEXt/zTXt metadata with control characters and a script tag."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Title", "Flight\x07 line\x1b[0m <script>alert(1)</script>")
    info.add_text("Author", "Senior\x00 Airman\tC")
    info.add_text("Description", "Line one\r\nline\x0ctwo", zip=True)
    info.add_text("Copyright", "Public Domain")
    return small_png(info)


def webp_with_xmp_and_exif() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = "EXIF Artist"
    exif[0x010E] = "EXIF description"
    exif.get_ifd(0x8769)[0x9003] = "2020:11:03 08:00:00"
    packet = xmp_packet(
        'photoshop:Credit="U.S. Army photo">'
        '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">201103-A-ID763-053</rdf:li></rdf:Alt>'
        '</dc:title><dc:description><rdf:Alt><rdf:li xml:lang="x-default">XMP caption</rdf:li>'
        "</rdf:Alt></dc:description>"
    )
    out = io.BytesIO()
    im = Image.linear_gradient("L").resize((40, 30)).convert("RGB")
    im.save(out, "WEBP", quality=60, exif=exif.tobytes(), xmp=packet)
    return out.getvalue()


HTML_PAGE = (
    b"<!DOCTYPE html>\n<html lang=en><head><title>404 Not Found</title></head>"
    b"<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p>"
    b"</body></html>\n"
)


def main(source: Path) -> None:
    for photo in sorted(source.glob("*.JPG")):
        if photo.name != BIG:
            shutil.copyfile(photo, HERE / photo.name)
    shutil.copyfile(source / "SOURCES.md", HERE / "SOURCES.md")
    (HERE / BIG).write_bytes(reduced_big_photo((source / BIG).read_bytes()))

    MADE.mkdir(exist_ok=True)
    true_jpeg = (source / "201102-M-EM580-2160.JPG").read_bytes()
    files = {
        "iptc-hostile.jpg": iptc_hostile_jpeg(),
        "exif-orientation-6.jpg": exif_jpeg(),
        "xmp-caption-100k.png": xmp_png_long_caption(),
        "xmp-doctype.png": xmp_doctype_png(),
        "text-chunks.png": text_chunks_png(),
        "xmp-exif.webp": webp_with_xmp_and_exif(),
        "truncated.jpg": true_jpeg[: len(true_jpeg) // 2],
        "empty.jpg": b"",
        "not-a-photo.jpg": HTML_PAGE,
        "bomb-30000x30000.png": decompression_bomb_png(30_000, 30_000),
    }
    for name, data in files.items():
        (MADE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
