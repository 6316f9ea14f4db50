"""Bytes -> text: BOMs, declared charsets, Windows-1252 fallback, binary detection."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossierdesk.importers.encoding import (
    decode_bytes,
    decode_text,
    looks_binary,
    looks_binary_text,
)
from dossierdesk.importers.types import ParseError

DATA = Path(__file__).parent / "data"
SAMPLE = "Pentagon’s “top” café – Michèle\nline two\n"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with BOM, native order
        codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"),
        codecs.BOM_UTF32_BE + SAMPLE.encode("utf-32-be"),
        SAMPLE.encode("cp1252"),
    ],
)
def test_unicode_forms_decode_to_the_same_text(data: bytes) -> None:
    assert decode_bytes(data) == SAMPLE


def test_bom_less_utf16_is_recognised() -> None:
    text = "Plain ASCII article text\nsecond line\n"
    assert decode_bytes(text.encode("utf-16-le")) == text
    assert decode_bytes(text.encode("utf-16-be")) == text
    assert not looks_binary(text.encode("utf-16-le"))


def test_declared_utf16_without_bom() -> None:
    assert decode_bytes(SAMPLE.encode("utf-16-be"), "UTF-16BE") == SAMPLE


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_newlines_are_normalised(newline: str) -> None:
    assert decode_bytes(f"a{newline}b{newline}{newline}c".encode()) == "a\nb\n\nc"


def test_declared_charset_is_used_when_the_bytes_are_not_utf8() -> None:
    text = "Привет, мир"
    assert decode_bytes(text.encode("koi8-r"), "koi8-r") == text
    assert decode_bytes(text.encode("cp1251"), ' "windows-1251" ') == text


def test_valid_utf8_wins_over_a_wrong_declared_legacy_charset() -> None:
    assert decode_bytes(SAMPLE.encode("utf-8"), "iso-8859-1") == SAMPLE


def test_declared_latin1_is_read_as_cp1252_like_browsers() -> None:
    assert decode_bytes("it’s".encode("cp1252"), "ISO-8859-1") == "it’s"


@pytest.mark.parametrize(
    "declared", ["bogus-charset", "", "   ", "utf-99", "x\x00y", "base64", "undefined", "idna"]
)
def test_bogus_declared_charsets_are_ignored(declared: str) -> None:
    assert decode_bytes("café ’".encode("cp1252"), declared) == "café ’"
    assert decode_bytes("café ’".encode(), declared) == "café ’"


def test_declared_charset_that_does_not_fit_falls_back() -> None:
    assert decode_bytes("café".encode("cp1252"), "ascii") == "café"
    assert decode_bytes(b"caf\xe9\xff", "shift_jis") == "caféÿ"


def test_latin1_is_the_last_resort() -> None:
    # 0x81 and 0x8d are undefined in cp1252
    assert decode_bytes(b"a\x81b\x8dc") == "a\x81b\x8dc"


def test_bom_character_is_dropped() -> None:
    assert decode_bytes("\ufeffhello".encode()) == "hello"
    assert decode_bytes(codecs.BOM_UTF8 + "\ufeffhello".encode()) == "hello"


def test_empty() -> None:
    assert decode_bytes(b"") == ""
    assert not looks_binary(b"")


def test_seed_file() -> None:
    text = decode_bytes((DATA / "000_014c2d8a4cbccb0c.txt").read_bytes())
    assert text.startswith(" date 2024-11-18 An official website")
    assert "\r" not in text


class TestLooksBinary:
    @pytest.mark.parametrize(
        "data",
        [
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            b"\xff\xd8\xff\xe0\x00\x10JFIF",
            b"PK\x03\x04\x14\x00\x00\x00",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            b"GIF89a\x01\x00",
            b"some text\x00with a NUL",
            bytes(range(256)) * 4,
            b"\x01\x02\x03\x04\x05\x06\x07\x08" * 10,
        ],
    )
    def test_binary(self, data: bytes) -> None:
        assert looks_binary(data)
        with pytest.raises(ParseError, match="not a text file"):
            decode_text(data)

    @pytest.mark.parametrize(
        "data",
        [
            b"plain text\n",
            b"tabs\tand\r\nCRLF\x0cform feed",
            SAMPLE.encode("utf-16"),
            SAMPLE.encode("cp1252"),
            b"<html><meta charset=utf-8>ok</html>",
        ],
    )
    def test_text(self, data: bytes) -> None:
        assert not looks_binary(data)
        assert decode_text(data) == decode_bytes(data)

    def test_corpus_files_are_text(self) -> None:
        for path in sorted((DATA / "corpus").iterdir()):
            assert not looks_binary(path.read_bytes()), path.name

    def test_decoded_text(self) -> None:
        assert looks_binary_text("a\x00b")
        assert looks_binary_text("\x01\x02\x03\x04")
        assert not looks_binary_text("Ordinary text\twith a tab\n")
        assert not looks_binary_text("")


@settings(max_examples=200)
@given(st.binary(), st.none() | st.text(max_size=20))
def test_decode_bytes_never_raises(data: bytes, declared: str | None) -> None:
    text = decode_bytes(data, declared)
    assert "\r" not in text
    looks_binary(data)


@settings(max_examples=200)
@given(st.text(st.characters(codec="utf-8", exclude_characters="\x00")))
def test_utf8_round_trip(text: str) -> None:
    """Text without NULs (a NUL is the mark of a binary or UTF-16 file) survives UTF-8/16.

    (UTF-16 only when it holds an ASCII character, as every real text does: one made only of
    characters such as U+4141, whose two bytes are ASCII letters, is the same bytes as ASCII
    text after a stray UTF-16 mark, and is read as that.)
    """
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    if expected.startswith("\ufeff"):
        expected = expected[1:]
    assert decode_bytes(text.encode("utf-8")) == expected
    if any(char.isascii() for char in text) or not text:
        assert decode_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == expected


@settings(max_examples=200)
@given(st.binary())
def test_decode_text_raises_only_parse_error(data: bytes) -> None:
    try:
        decode_text(data)
    except ParseError as err:
        assert str(err) == "not a text file"


# --- a UTF-16 byte-order mark in front of UTF-8 text ----------------------------------------

LIE = "Army Awards Contract — café\nThe U.S. Army awarded a contract on Tuesday.\n"


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE], ids=["FF FE", "FE FF"])
def test_a_utf16_mark_before_utf8_text_is_ignored(bom: bytes) -> None:
    data = bom + LIE.encode("utf-8")
    assert decode_bytes(data) == LIE
    assert (
        decode_bytes(bom + b"Plain ASCII text, nothing else.\n")
        == "Plain ASCII text, nothing else.\n"
    )
    assert not looks_binary(data)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [LIE, "中文新闻报道，没有空格也没有换行", "ภาษาไทยภาษาไทยภาษาไทย", "Привет,\nмир"],
    ids=["latin", "cjk-without-ascii", "thai-without-ascii", "cyrillic"],
)
def test_real_utf16_with_a_mark_still_decodes(codec: str, text: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    assert decode_bytes(bom + text.encode(codec)) == text


def test_a_utf8_file_with_a_utf16_mark_imports_as_text() -> None:
    from dossierdesk.importers import parse_document

    data = codecs.BOM_UTF16_LE + LIE.encode("utf-8")
    [article] = parse_document(data, "a.txt")
    assert article.title == "Army Awards Contract — café"
    assert article.paragraphs == ("The U.S. Army awarded a contract on Tuesday.",)
