"""The parsing shortcuts (taken for speed) give exactly what the straightforward code gives.

Each test compares a fast path with a reference: either the plain implementation it replaced
(kept here, written the obvious way) or the general path of the same module on the same input.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossierdesk import virin
from dossierdesk.importers import crawler_text, dates, encoding, plain_text
from dossierdesk.importers.bylines import parse_byline
from dossierdesk.importers.crawler_text import parse_crawler_text
from dossierdesk.importers.detect import parse_document
from dossierdesk.importers.encoding import decode_bytes
from dossierdesk.importers.plain_text import detect_byline, normalise_text, split_blocks
from dossierdesk.importers.textcache import MAX_CACHED_LEN, cache_short_strings
from dossierdesk.importers.types import ParsedArticle, ParseError

# --- text helpers ---------------------------------------------------------------------------

_ODD_CHARS = "\r\n\t \u00a0\u200b\u200c\u200d\u2060\ufeff\x0b\x0c\x1c\x1f\x01\x1b\u2028é—"
odd_text = st.text(alphabet=st.sampled_from(list(_ODD_CHARS) + list("aB1.|:")), max_size=60)


def _reference_normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", text).replace("\u00a0", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


@given(odd_text)
def test_normalise_text_matches_the_plain_implementation(text: str) -> None:
    assert normalise_text(text) == _reference_normalise(text)


def test_normalise_text_cleans_ascii_and_non_ascii_text() -> None:
    assert normalise_text("a \r\nb\t\rc") == "a\nb\nc"
    assert normalise_text("x\u200by\u00a0z\u00a0\nw") == "xy z\nw"
    assert normalise_text("\ufeffTitle é  \n") == "Title é\n"


def _reference_looks_binary_text(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    if "\x00" in sample:
        return True
    bad = {b: None for b in range(0x20) if b not in b"\t\n\x0b\x0c\r\x1b"}
    return len(sample) - len(sample.translate(bad)) > 0.05 * len(sample)


@given(st.text(alphabet=st.sampled_from(list("\x01\x02\x1f\x1b\t\x00 aé€\U0001f600")), max_size=80))
def test_looks_binary_text_counts_controls_like_the_plain_implementation(text: str) -> None:
    assert encoding.looks_binary_text(text) == _reference_looks_binary_text(text)


def test_looks_binary_text_on_non_ascii_text_near_the_threshold() -> None:
    text = "é" * 95 + "\x01" * 5  # 5 % controls: not binary; one more and it is
    assert not encoding.looks_binary_text(text)
    assert encoding.looks_binary_text(text + "\x01")
    assert not encoding.looks_binary_text("\ud800 lone surrogate")  # never raises


def _reference_utf16(data: bytes) -> str | None:
    sample = data[:8192]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.7 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.7 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


@given(st.binary(max_size=40) | st.text(max_size=20).map(lambda t: t.encode("utf-16-le")))
def test_utf16_sniffing_matches_the_plain_implementation(data: bytes) -> None:
    assert encoding._utf16_without_bom(data) == _reference_utf16(data)


# --- dates ----------------------------------------------------------------------------------


def _reference_date_from_match(m: re.Match[str]) -> dt.date | None:
    g = m.groupdict()
    try:
        for style in ("mdy", "dmy"):
            if g[f"{style}_month"]:
                year = int(re.sub(r"\D", "", g[f"{style}_year"]))
                day = int(re.sub(r"\D", "", g[f"{style}_day"]))
                return dt.date(year, dates._month_number(g[f"{style}_month"]), day)
        if g["iso_year"]:
            return dt.date(int(g["iso_year"]), int(g["iso_month"]), int(g["iso_day"]))
        if g["us_year"]:
            return dt.date(int(g["us_year"]), int(g["us_month"]), int(g["us_day"]))
    except (ValueError, KeyError):
        return None
    return None


DATE_SAMPLES = [
    "Nov. 18, 2024",
    "18th November 2024",
    "Sept. 31st, 2024",
    "1st Jan 2020",
    "2024-02-30",
    "2/29/2023",
    "May 1٨, ٢٠٢٤",  # Arabic-Indic digits are digits to the pattern (\d)
    "Auguſt 3, 2020",
    "Dec 32 2020",
]


@pytest.mark.parametrize("text", DATE_SAMPLES)
def test_dates_are_built_like_the_plain_implementation(text: str) -> None:
    m = dates.DATE_RE.search(text)
    assert m is not None
    assert dates._date_from_match(m) == _reference_date_from_match(m)


def test_parse_date_gives_the_same_answer_when_asked_again() -> None:
    for text in [*DATE_SAMPLES, "By David Vergun, DOD News", "May 2022"]:
        assert dates.parse_date(text) == dates.parse_date(text)
    assert dates.parse_date("18th November 2024") == dt.date(2024, 11, 18)


# --- crawler text: image-block lines ----------------------------------------------------------


def _reference_meta(line: str) -> tuple[str, str] | None:
    """The classification as done before: every pattern tried in turn."""
    if (m := crawler_text._VIRIN_RE.match(line)) is not None:
        return ("virin", (m["value"] or m["bare"] or "").strip())
    if (m := crawler_text._CREDIT_RE.match(line)) is not None:
        return ("credit", m["value"].strip())
    if (m := crawler_text._TAGS_RE.match(line)) is not None:
        return ("tags", m["value"].strip())
    if len(line) <= 80 and (m := crawler_text._DOWNLOAD_RE.match(line)) is not None:
        rest = m["rest"].lower()
        if m["colon"] or "full size" in rest or "hi-res" in rest or "high res" in rest:
            size = crawler_text._SIZE_RE.search(m["rest"])
            return ("download", size["size"].strip() if size else "")
    return None


META_LINES = [
    "VIRIN: 230515-D-KY598-1364",
    "virin 230515-D-KY598-1364",
    "VIRIN: ",
    "Virinia is a name",
    "Credit: Staff Sgt. Jane Doe",
    "CREDIT : x",
    "Credible sources said so.",
    "Photo credit: DOD",
    "Photos by: Jim Garamone",
    "Photo by Jim Garamone",
    "Phoenix, Arizona, hosted the event.",
    "Image by: NASA",
    "Images: none",
    "Video by: DVIDS",
    "Courtesy: Army",
    "Courtesy photo: Navy",
    "Courtesy of the Navy",
    "Tags: ships; sailors, sea",
    "Tag: one",
    "Tagged for later",
    "Download: Full Size (5.2 MB)",
    "Download Full Size (5.2 MB)",
    "Download (hi-res)",
    "Download this photo",
    "Downtown Honolulu was quiet.",
    "DOWNLOAD: HIGH RES (12 MB)",
    "Download: " + "x" * 90,
]

meta_like = st.builds(
    lambda head, tail: head + tail,
    st.sampled_from(["vir", "VIRIN", "Cre", "credit", "Pho", "photos by", "Ima", "vid", "cou",
                     "Tags", "tag", "dow", "Download", "x", ""]),
    st.text(alphabet=st.sampled_from(list(" :()-.5MBfullsizeiNhgr0123456789")), max_size=30),
)  # fmt: skip


@pytest.mark.parametrize("line", META_LINES)
def test_image_lines_are_classified_like_trying_every_pattern(line: str) -> None:
    found = crawler_text._meta(line)
    assert (tuple(found) if found else None) == _reference_meta(line)


@given(meta_like)
def test_generated_image_lines_are_classified_like_trying_every_pattern(line: str) -> None:
    found = crawler_text._meta(line)
    assert (tuple(found) if found else None) == _reference_meta(line)


# --- crawler text: chrome, header and body ----------------------------------------------------

LINE_POOL = [
    "",
    "Menu",
    "Share",
    "Skip to main content",
    "Related Stories",
    "Subscribe to Defense.gov Products",
    "Hosted by Defense Media Activity - WEB.mil",
    "Defense Budget Grows",
    "From Soldier to Senator",
    "By Jim Garamone, DOD News",
    "Nov. 18, 2024",
    "Nov. 18, 2024 | By David Vergun, DOD News",
    "By the end of the year, the Army will grow.",
    "The secretary spoke to reporters at the Pentagon.",
    "and the talks went on until late.",
    "An aerial view of the Pentagon, May 15, 2023.",
    "Download: Full Size (5.2 MB)",
    "Credit: Air Force Staff Sgt. John Wright, DOD",
    "VIRIN: 230515-D-KY598-1364",
    "Tags: Pentagon; aerial",
    "  indented line  ",
]
pool_lines = st.lists(st.sampled_from(LINE_POOL), max_size=30)


def _reference_strip_and_cut(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """Kept lines and, for each start, the body up to the next footer start (old helpers)."""
    kept = [
        line
        for line in lines
        if not (crawler_text._is_boilerplate(line) and not crawler_text._is_footer_start(line))
    ]
    bodies = []
    for start in range(len(kept) + 1):
        body = kept[start:]
        cut = next((i for i, line in enumerate(body) if crawler_text._is_footer_start(line)), None)
        bodies.append(body if cut is None else body[:cut])
    return kept, bodies


@given(pool_lines)
def test_chrome_is_stripped_and_footers_cut_like_checking_each_line_again(
    lines: list[str],
) -> None:
    stripped = crawler_text._strip_chrome(["", *lines])  # (line 0 is no crawler line here)
    kept, bodies = _reference_strip_and_cut(["", *lines])
    assert stripped.lines == kept
    for start, body in enumerate(bodies):
        assert crawler_text._body_lines(stripped, start) == body


def _reference_header(lines: list[str], footers: set[int]) -> tuple[str, int, object, object]:
    """Title, body start, byline and date as found by scanning all candidate lines."""
    content = [i for i, line in enumerate(lines) if line.strip() and i not in footers]
    if not content:
        return ("", -1, None, None)
    candidates = [
        (position, found)
        for position, index in enumerate(content[:40])
        if position > 0 and (found := detect_byline(lines[index])) is not None
    ]
    dated = [position for position, found in candidates if found.date is not None]
    position = dated[0] if dated else (candidates[0][0] if candidates else None)
    if position is None:
        return (lines[content[0]].strip(), content[0] + 1, None, None)
    title, start = lines[content[position - 1]].strip(), content[position]
    byline, published = None, None
    for following in content[position:]:
        found = detect_byline(lines[following])
        if found is None or (found.byline and byline) or (found.date and published):
            break
        byline, published = byline or found.byline, published or found.date
        start = following + 1
    return (title, start, byline, published)


@given(pool_lines)
def test_header_is_found_like_scanning_every_candidate_line(lines: list[str]) -> None:
    stripped = crawler_text._strip_chrome(["", *lines])
    header = crawler_text._read_header(stripped.lines, stripped.footers)
    expected = _reference_header(stripped.lines, stripped.footers)
    if header is None:
        assert expected[1] == -1
    else:
        assert (header.title, header.body_start, header.byline, header.published) == expected


def test_a_dated_header_line_wins_over_an_earlier_byline_title() -> None:
    text = "From Soldier to Senator\nBy Jim Garamone, DOD News\nNov. 18, 2024\n\nBody text."
    article = parse_crawler_text(f" date 2024-11-19 \n{text}", "a.txt")
    assert article.title == "By Jim Garamone, DOD News"
    assert article.published == dt.date(2024, 11, 18)
    assert article.paragraphs == ("Body text.",)


@given(pool_lines)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_one_line_paragraphs_read_like_any_other_block(lines: list[str]) -> None:
    fast = crawler_text._BodyReader()
    fast.read(lines)
    general = crawler_text._BodyReader()
    for block in split_blocks(lines):
        general._read_block(block)  # every block through the general path
    general._close_image()
    assert (fast.paragraphs, fast.images) == (general.paragraphs, general.images)


# --- whole documents: decoding once -------------------------------------------------------------

CRAWLER = (
    " date 2024-11-18 An official website of the United States Government\n"
    "Defense Budget Grows\n\nNov. 18, 2024 | By David Vergun, DOD News\n\n"
    "WASHINGTON — The budget grows, officials said.\n\n"
    "An aerial view of the Pentagon, May 15, 2023.\nDownload: Full Size (5.2 MB)\n"
    "Credit: Air Force Staff Sgt. John Wright, DOD\nVIRIN: 230515-D-KY598-1364\n\n"
    "Officials said more.\n"
)


@pytest.mark.parametrize(
    "data",
    [
        CRAWLER.encode("utf-8"),  # short, no declared charset: detection's decoding is reused
        (CRAWLER + "More text.\n" * 7000).encode("utf-8"),  # longer than the detection head
        CRAWLER.encode("utf-16"),
        CRAWLER.replace("\n", "\r\n").encode("cp1252"),
        ("<meta charset=utf-8>\n" + CRAWLER).encode("utf-8"),  # declares a charset
    ],
    ids=["short", "long", "utf-16", "cp1252-crlf", "declared"],
)
def test_parse_document_parses_the_text_the_parser_would_decode(data: bytes) -> None:
    expected = parse_crawler_text(decode_bytes(data), "a.txt")
    assert parse_document(data, "a.txt") == [expected]


def _outcome(parse: Callable[[], list[ParsedArticle]]) -> list[ParsedArticle] | str:
    try:
        return parse()
    except ParseError as exc:
        return str(exc)


def _parse_cold(data: bytes) -> list[ParsedArticle]:
    """``parse_document`` for text files, step by step and with nothing cached."""
    plain_text._normalise_short.cache_clear()
    text = decode_bytes(data)
    if crawler_text.looks_like_crawler_text(text):
        plain_text._normalise_short.cache_clear()
        return [crawler_text.parse_crawler_text(text, "a.txt")]
    plain_text._normalise_short.cache_clear()
    return [plain_text.parse_plain_text(text, "a.txt")]


@given(pool_lines)
@settings(max_examples=50)
def test_text_files_parse_the_same_as_with_a_cold_cache(lines: list[str]) -> None:
    """Detection normalises the text and the parser reuses that (cached) result."""
    data = ("Title line\n" + "\n".join(lines)).encode("utf-8")
    warm = _outcome(lambda: parse_document(data, "a.txt"))
    assert warm == _outcome(lambda: _parse_cold(data))


# --- VIRINs -----------------------------------------------------------------------------------


@given(
    st.text(alphabet=st.sampled_from(list("0123456789-DKYjpgJPG. \t")), max_size=30)
    | st.sampled_from(["230515-D-KY598-1364.JPG", "230515-d-ky598-1364.jpeg ", "1.2.png"])
)
def test_virin_normalising_matches_the_plain_implementation(text: str) -> None:
    reference = re.sub(
        r"\.(?:jpe?g|png|gif|tiff?|bmp|webp)$", "", "".join(text.split()), flags=re.IGNORECASE
    ).upper()
    assert virin._normalize(text) == reference


# --- caches -----------------------------------------------------------------------------------


def test_only_short_strings_are_cached() -> None:
    calls: list[str] = []

    @cache_short_strings(maxsize=8)
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    short, long = "by jim", "x" * (MAX_CACHED_LEN + 1)
    assert [shout(short), shout(short)] == ["BY JIM", "BY JIM"]
    assert [shout(long), shout(long)] == [long.upper()] * 2
    assert calls == [short, long, long]  # the short one computed once, the long one each time


def test_cached_parsers_answer_long_inputs_too() -> None:
    byline = "By Jim Garamone, " + "DOD News Service " * 40
    assert len(byline) > MAX_CACHED_LEN
    assert parse_byline(byline) == parse_byline.__wrapped__(byline)  # type: ignore[attr-defined]
    assert parse_byline(byline).authors == ("Jim Garamone",)


# --- HTML: the page index instead of CSS selectors --------------------------------------------

_CLASSES = [
    "da_black",
    "DA_BLACK",
    "da_black x",
    "da_print",
    "da_printx",
    "g_link_box",
    "photo-credit",
]
_CLASSES += ["Credit", "cred", "", "da_story_info", "da_media_item", "da_related_item"]
_TAG_NAMES = ["div", "p", "span", "h1", "figure", "a", "section"]


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 3 or draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(["text", "Credit: Joe", ""]))
    name = draw(st.sampled_from(_TAG_NAMES))
    attrs = ""
    if draw(st.booleans()):
        attrs += f' class="{draw(st.sampled_from(_CLASSES))}"'
    if draw(st.integers(0, 5)) == 0:
        attrs += f' itemprop="{draw(st.sampled_from(["copyrightHolder", "copyrightholder"]))}"'
    children = draw(st.lists(_markup(depth + 1), max_size=3))
    return f"<{name}{attrs}>{''.join(children)}</{name}>"


def _css_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


@given(st.lists(_markup(), min_size=1, max_size=4), st.integers(0, 20))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_classes_found_in_the_page_index_are_what_css_selects(parts: list[str], pick: int) -> None:
    from dossierdesk.importers.html_images import _credit_element
    from dossierdesk.importers.html_parse import parse_page
    from dossierdesk.importers.html_tree import _first_named, _index, _select_classed

    page = _index(parse_page(f"<html><body>{''.join(parts)}</body></html>")[0])
    tags = list(page.root.iter())
    root = tags[pick % len(tags)]
    for junk in root.xpath(f"descendant::*[{_css_class('da_print')}]"):
        page.decompose(junk)  # some tags leave the tree, as junk does

    def select(scope: object, xpath: str) -> list[object]:
        found = (
            page.root.xpath(f"descendant-or-self::*[{xpath}]")
            if scope is None
            else (root.xpath(f"descendant::*[{xpath}]"))
        )
        return [tag for tag in found if not page.removed(tag)]

    for scope in (None, root):
        if scope is not None and page.gone(root):
            continue
        names = frozenset({"da_black", "g_link_box", "da_related_item"})
        either = " or ".join(_css_class(n) for n in sorted(names))
        assert list(_select_classed(page, scope, names)) == select(scope, either)
        assert list(_select_classed(page, scope, frozenset({"da_story_info"}), "p")) == (
            select(scope, f"self::p and {_css_class('da_story_info')}")
        )
        h1 = select(scope, "self::h1")
        assert _first_named(page, scope, "h1") is (h1[0] if h1 else None)
    for figure in page.root.iter():
        credit = [
            tag
            for tag in figure.xpath(
                "descendant::*[contains(@class, 'credit') or contains(@class, 'Credit')"
                " or @itemprop = 'copyrightHolder']"
            )
            if not page.removed(tag)
        ]
        assert _credit_element(page, figure) is (credit[0] if credit else None)


def test_the_page_index_knows_removed_tags() -> None:
    from dossierdesk.importers.html_parse import parse_page
    from dossierdesk.importers.html_strings import get_text
    from dossierdesk.importers.html_tree import _index

    markup = "<div><p>a<b>x</b></p><section><p>b</p><i>c</i></section>tail<p>d</p></div>"
    page = _index(parse_page(markup)[0])
    [section] = page.tags["section"]
    page.decompose(section)
    tags = [tag for kind in page.tags.values() for tag in kind]
    assert [page.gone(tag) for tag in tags] == [
        tag is section or section in tag.iterancestors() for tag in tags
    ]
    [div] = page.tags["div"]
    assert get_text(page, div, " ") == "a x tail d"  # the text after a removed tag stays
