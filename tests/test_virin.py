"""VIRIN decoding, search in free text and service-name lookup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossierdesk.virin import SERVICE_NAMES, Virin, find_virins, parse_virin, service_code_for

CORPUS = Path(__file__).parent / "data" / "corpus"
ARTICLE_DATE = dt.date(2024, 11, 18)


def test_seed_virin_is_decoded() -> None:
    v = parse_virin("230515-D-KY598-1364", ARTICLE_DATE)
    assert v == Virin(
        printed="230515-D-KY598-1364",
        normalized="230515-D-KY598-1364",
        valid=True,
        problem=None,
        date_shot=dt.date(2023, 5, 15),
        service_code="D",
        service_name="Department of Defense",
        originator="KY598",
        sequence="1364",
        suffix=None,
        country=None,
    )


def test_national_guard_virin() -> None:
    v = parse_virin("240919-Z-JU958-1072", ARTICLE_DATE)
    assert v.valid
    assert v.service_name == "National Guard"
    assert v.date_shot == dt.date(2024, 9, 19)


@pytest.mark.parametrize(
    ("text", "normalized", "sequence", "suffix", "country"),
    [
        ("160114-F-LP903-691", "160114-F-LP903-691", "691", None, None),
        ("160114-F-LP903-691.JPG", "160114-F-LP903-691", "691", None, None),
        ("160114-f-lp903-691.jpg", "160114-F-LP903-691", "691", None, None),
        ("  160114-F-LP903-691.jpeg \n", "160114-F-LP903-691", "691", None, None),
        ("170602-A-AB123-0024L", "170602-A-AB123-0024L", "0024", "L", None),
        ("170602-A-AB123-0024l.JPG", "170602-A-AB123-0024L", "0024", "L", None),
        ("230515-D-KY598-1364-KR", "230515-D-KY598-1364-KR", "1364", None, "KR"),
        ("230515-N-KY598-123456", "230515-N-KY598-123456", "123456", None, None),
    ],
)
def test_variants_seen_in_the_wild(
    text: str, normalized: str, sequence: str, suffix: str | None, country: str | None
) -> None:
    v = parse_virin(text, ARTICLE_DATE)
    assert v.valid, v.problem
    assert v.printed == text.strip()
    assert v.normalized == normalized
    assert v.sequence == sequence
    assert v.suffix == suffix
    assert v.country == country


@pytest.mark.parametrize(
    ("text", "service", "originator"),
    [
        ("020926-O-9999G-908", "Other", "9999G"),
        ("160115-F-ZZZZZ-902", "Air Force", "ZZZZZ"),
        ("020925-F-9999S-0015", "Air Force", "9999S"),
        ("150520-F-XXXDF-011", "Air Force", "XXXDF"),
        ("150916-D-DT527-120", "Department of Defense", "DT527"),
    ],
)
def test_odd_originator_ids_from_the_corpus(text: str, service: str, originator: str) -> None:
    v = parse_virin(text, dt.date(2016, 1, 18))
    assert v.valid
    assert v.service_name == service
    assert v.originator == originator


@pytest.mark.parametrize(
    ("letter", "name"),
    [
        ("A", "Army"),
        ("D", "Department of Defense"),
        ("F", "Air Force"),
        ("G", "Coast Guard"),
        ("H", "Homeland Security"),
        ("M", "Marine Corps"),
        ("N", "Navy"),
        ("O", "Other"),
        ("S", "State Department"),
        ("Z", "National Guard"),
    ],
)
def test_service_codes(letter: str, name: str) -> None:
    assert SERVICE_NAMES[letter] == name
    assert parse_virin(f"230515-{letter}-KY598-1364", ARTICLE_DATE).service_name == name


def test_unknown_service_letter_is_reported_as_unknown() -> None:
    v = parse_virin("230515-Q-KY598-1364", ARTICLE_DATE)
    assert v.service_code == "Q"
    assert v.service_name == "unknown"


class TestCentury:
    def test_1944_photo_in_a_2024_article(self) -> None:
        assert parse_virin("440606-A-XX000-001", dt.date(2024, 6, 6)).date_shot == dt.date(
            1944, 6, 6
        )

    def test_same_year_photo_stays_in_this_century(self) -> None:
        assert parse_virin("240101-A-XX000-001", ARTICLE_DATE).date_shot == dt.date(2024, 1, 1)

    def test_photo_after_the_article_goes_back_a_century(self) -> None:
        v = parse_virin("241231-A-XX000-001", dt.date(2024, 6, 1))
        assert v.date_shot == dt.date(1924, 12, 31)

    def test_one_day_of_tolerance_for_time_zones(self) -> None:
        v = parse_virin("241119-A-XX000-001", ARTICLE_DATE)
        assert v.date_shot == dt.date(2024, 11, 19)

    def test_old_article(self) -> None:
        assert parse_virin("991231-F-AB123-001", dt.date(2001, 1, 1)).date_shot == dt.date(
            1999, 12, 31
        )

    def test_without_article_date_today_is_the_reference(self) -> None:
        v = parse_virin("990101-F-AB123-001")
        assert v.date_shot is not None
        assert v.date_shot <= dt.date.today()
        assert v.date_shot.year % 100 == 99

    def test_datetime_reference_is_accepted(self) -> None:
        v = parse_virin("230515-D-KY598-1364", dt.datetime(2024, 11, 18, 12, 0))
        assert v.date_shot == dt.date(2023, 5, 15)

    def test_feb_29_picks_a_leap_century(self) -> None:
        assert parse_virin("000229-F-AB123-001", ARTICLE_DATE).date_shot == dt.date(2000, 2, 29)


@pytest.mark.parametrize(
    ("text", "problem_word"),
    [
        ("231315-D-KY598-1364", "month 13"),
        ("230532-D-KY598-1364", "day 32"),
        ("230230-D-KY598-1364", "day 30"),
        ("230515-D-KY598-13", "sequence"),
        ("230515-D-KY59-1364", "originator"),
        ("2305-D-KY598-1364", "six digits"),
        ("230515-DD-KY598-1364", "one letter"),
        ("230515-D-KY598", "part"),
        ("VIRIN", "part"),
        ("", "empty"),
    ],
)
def test_invalid_virins_keep_printed_and_say_why(text: str, problem_word: str) -> None:
    v = parse_virin(text, ARTICLE_DATE)
    assert not v.valid
    assert v.printed == text
    assert v.problem is not None
    assert problem_word in v.problem


def test_invalid_date_keeps_the_other_parts() -> None:
    v = parse_virin("231315-D-KY598-1364", ARTICLE_DATE)
    assert v.date_shot is None
    assert v.service_name == "Department of Defense"
    assert v.originator == "KY598"


class TestFindVirins:
    def test_in_an_image_url(self) -> None:
        url = "https://media.defense.gov/2016/Jan/15/2001338767/670/394/0/160114-F-LP903-691.JPG"
        assert find_virins(url) == ["160114-F-LP903-691"]

    def test_in_free_text_with_duplicates(self) -> None:
        text = (
            "VIRIN: 230515-D-KY598-1364\nsee 230515-d-ky598-1364.jpg and 240919-Z-JU958-1072, "
            "also 170602-A-AB123-0024L and 230515-D-KY598-1364-KR."
        )
        assert find_virins(text) == [
            "230515-D-KY598-1364",
            "240919-Z-JU958-1072",
            "170602-A-AB123-0024L",
            "230515-D-KY598-1364-KR",
        ]

    def test_file_name_suffix_is_not_a_country(self) -> None:
        assert find_virins("230515-D-KY598-1364-hi-res.jpg") == ["230515-D-KY598-1364"]

    def test_no_virin_inside_longer_numbers(self) -> None:
        assert find_virins("id 12230515-D-KY598-1364X9 and 2001338767/670") == []

    def test_corpus_page_with_historic_ids(self) -> None:
        html = (CORPUS / "003_afmil-desert-storm-25-years-later.html").read_text("utf-8")
        found = find_virins(html)
        assert "020926-O-9999G-908" in found
        assert "160115-F-ZZZZZ-902" in found
        assert all(parse_virin(v, dt.date(2016, 1, 18)).valid for v in found)

    def test_nothing_in_plain_prose(self) -> None:
        assert find_virins("The Pentagon said on 2024-11-18 that 11,000 troops moved.") == []


@pytest.mark.parametrize(
    ("query", "letter"),
    [
        ("navy", "N"),
        ("N", "N"),
        ("n", "N"),
        ("Air Force", "F"),
        ("air  force", "F"),
        ("AIR FORCE", "F"),
        ("USAF", "F"),
        ("army", "A"),
        ("Marine Corps", "M"),
        ("marines", "M"),
        ("coast guard", "G"),
        ("Department of Defense", "D"),
        ("DoD", "D"),
        ("national guard", "Z"),
        ("State Department", "S"),
        ("homeland security", "H"),
        ("other", "O"),
    ],
)
def test_service_code_for(query: str, letter: str) -> None:
    assert service_code_for(query) == letter


@pytest.mark.parametrize("query", ["", "  ", "Q", "space cadets", "xx"])
def test_service_code_for_unknown(query: str) -> None:
    assert service_code_for(query) is None


# --- properties ---------------------------------------------------------------------------

_valid_virins = st.builds(
    lambda date, service, originator, sequence: f"{date:%y%m%d}-{service}-{originator}-{sequence}",
    st.dates(min_value=dt.date(1901, 1, 1), max_value=ARTICLE_DATE),
    st.sampled_from(sorted(SERVICE_NAMES)),
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=5, max_size=5),
    st.text("0123456789", min_size=3, max_size=5),
)


@settings(max_examples=200)
@given(st.text(), st.none() | st.dates())
def test_parse_virin_never_raises(text: str, article_date: dt.date | None) -> None:
    v = parse_virin(text, article_date)
    assert v.printed == text.strip()
    assert v.valid == (v.problem is None)


@settings(max_examples=200)
@given(_valid_virins)
def test_generated_virins_decode_and_stay_before_the_article(text: str) -> None:
    v = parse_virin(text.lower() + ".JPG", ARTICLE_DATE)
    assert v.valid, v.problem
    assert v.normalized == text
    assert v.date_shot is not None
    assert v.date_shot <= ARTICLE_DATE + dt.timedelta(days=1)
    assert v.date_shot.strftime("%y%m%d") == text[:6]


@settings(max_examples=200)
@given(st.text())
def test_find_virins_never_raises_and_finds_parseable_tokens(text: str) -> None:
    for token in find_virins(text):
        assert parse_virin(token, ARTICLE_DATE).normalized == token.upper()
