"""Date helpers shared by the importers.

Articles print their dates in a handful of news styles ("Nov. 18, 2024", "January 15, 2016",
"(May 31, 2022)", "18 November 2024", "2024-11-18"). Feeds and HTML meta tags use machine
formats (RFC 822, ISO 8601). These helpers turn both into ``datetime.date`` and never raise:
anything that is not a complete calendar date (year, month *and* day) gives ``None``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dossierdesk.importers.textcache import cache_short_strings

__all__ = ["DATE_RE", "DateMatch", "find_dates", "parse_date", "search_date"]

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"

#: Date expressions as printed in news text. Named groups tell which style matched.
DATE_RE = re.compile(
    rf"(?<![\w-])(?:"
    rf"(?P<mdy_month>{_MONTH})\s+(?P<mdy_day>{_DAY}),?\s+(?P<mdy_year>\d{{4}})"
    rf"|(?P<dmy_day>{_DAY})\s+(?P<dmy_month>{_MONTH}),?\s+(?P<dmy_year>\d{{4}})"
    rf"|(?P<iso_year>\d{{4}})-(?P<iso_month>\d{{1,2}})-(?P<iso_day>\d{{1,2}})"
    rf"|(?P<us_month>\d{{1,2}})/(?P<us_day>\d{{1,2}})/(?P<us_year>\d{{4}})"
    rf")(?![\w-])",
    re.IGNORECASE,
)

# Labels that precede a date on article pages ("Published Nov. 18, 2024", "Date Taken: ...").
_LABEL_RE = re.compile(
    r"^(?:published|posted|updated|date(?:\s+(?:taken|posted|published))?|dated)\s*:?\s*",
    re.IGNORECASE,
)
_MAX_PARSE_LEN = 80  # longer strings are prose, not a date; also keeps dateutil fast
_NON_DIGITS_RE = re.compile(r"\D")
_DIGIT_RE = re.compile(r"\d")
_YEAR_RE = re.compile(r"(?<!\d)\d{4}(?!\d)")


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in free text: the date and where it was printed (``text[start:end]``)."""

    date: dt.date
    start: int
    end: int
    text: str


def _month_number(name: str) -> int:
    return _MONTHS[name.rstrip(".")[:3].lower()]


def _to_int(value: str) -> int:
    """The number in a day or year group ("18", "18th")."""
    return int(value) if value.isdigit() else int(_NON_DIGITS_RE.sub("", value))


# (month, day, year) groups of the news styles of ``DATE_RE``, in the order they are tried.
_NEWS_STYLES = (("mdy_month", "mdy_day", "mdy_year"), ("dmy_month", "dmy_day", "dmy_year"))


def _date_from_match(m: re.Match[str]) -> dt.date | None:
    """Build a date from a ``DATE_RE`` match; ``None`` for impossible dates (Feb. 30)."""
    try:
        for month, day, year in _NEWS_STYLES:
            if m[month]:
                return dt.date(_to_int(m[year]), _month_number(m[month]), _to_int(m[day]))
        if m["iso_year"]:
            return dt.date(int(m["iso_year"]), int(m["iso_month"]), int(m["iso_day"]))
        if m["us_year"]:
            return dt.date(int(m["us_year"]), int(m["us_month"]), int(m["us_day"]))
    except (ValueError, KeyError):
        return None
    return None


def find_dates(text: str) -> list[DateMatch]:
    """All valid dates printed in ``text``, in order of appearance."""
    found: list[DateMatch] = []
    for m in DATE_RE.finditer(text):
        date = _date_from_match(m)
        if date is not None:
            found.append(DateMatch(date, m.start(), m.end(), m.group(0)))
    return found


def search_date(text: str) -> DateMatch | None:
    """The first valid date printed anywhere in ``text`` ("... (May 31, 2022) –" -> May 31)."""
    for m in DATE_RE.finditer(text):
        date = _date_from_match(m)
        if date is not None:
            return DateMatch(date, m.start(), m.end(), m.group(0))
    return None


def _clean(text: str) -> str:
    cleaned = " ".join(text.split()).strip(" \t|/,;")
    while cleaned.startswith("(") and cleaned.endswith(")"):
        cleaned = cleaned[1:-1].strip()
    return _LABEL_RE.sub("", cleaned).strip()


def _dateutil_date(text: str) -> dt.date | None:
    """Parse with dateutil, but only accept strings that state year, month and day.

    dateutil fills missing parts from a default; parsing with two different defaults and
    comparing the results tells whether any part was missing ("May 2022" is not a date).

    dateutil is imported here, at the first date the patterns above do not read (none of the
    test corpus's pages and feeds has one): loading it takes 8-10 ms, which every command
    line import spent before its parser processes could start.
    """
    from dateutil import parser as dateutil_parser

    defaults = (dt.datetime(1901, 1, 1), dt.datetime(1902, 2, 2))
    results: list[dt.date] = []
    for default in defaults:
        try:
            results.append(dateutil_parser.parse(text, default=default).date())
        except (ValueError, OverflowError, TypeError, LookupError):
            return None
    return results[0] if results[0] == results[1] else None


@cache_short_strings(maxsize=512)  # bylines and headers ask again about the same strings
def parse_date(text: str) -> dt.date | None:
    """Parse a string that *is* a date, in news or machine style; ``None`` when it is not.

    Accepts "Nov. 18, 2024", "Sept. 19, 2024", "January 15, 2016", "(May 31, 2022)",
    "18 November 2024", "2024-11-18", "2016-01-17T12:00:00Z", "Sun, 17 Jan 2016 12:00:00 GMT",
    "Published Nov. 18, 2024". Surrounding whitespace, parentheses and separators (``|``, ``/``)
    are ignored. Time and time zone are dropped (the date as printed is kept).
    """
    cleaned = _clean(text)
    if not cleaned or len(cleaned) > _MAX_PARSE_LEN or not _DIGIT_RE.search(cleaned):
        return None
    m = DATE_RE.fullmatch(cleaned)
    if m is not None:
        return _date_from_match(m)
    if not _YEAR_RE.search(cleaned):
        return None  # dateutil would guess a year from "1 2 3"; a printed date states it
    return _dateutil_date(cleaned)
