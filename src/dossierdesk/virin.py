"""VIRIN decoding: the Visual Information Record Identification Number of DoD imagery.

A VIRIN reads ``YYMMDD-S-XXXXX-NNNN``: the date the photo was shot, a one-letter service code,
the photographer's (originator's) ID and a sequence number. Variants seen in the wild are
accepted: 3-digit or longer sequences, a trailing letter (``-0024L``), a file-name suffix
(``.JPG``), an extra country segment (``YYMMDD-S-XXXXX-NNNN-CC``) and odd originator IDs
(``9999G``, ``ZZZZZ``, ``XXXDF``). Parsing never raises: a malformed VIRIN keeps its printed
form with ``valid=False`` and a ``problem`` saying why.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["SERVICE_NAMES", "Virin", "find_virins", "parse_virin", "service_code_for"]

#: Service codes of the VIRIN standard (DoDI 5040.02), letter -> name.
SERVICE_NAMES: dict[str, str] = {
    "A": "Army",
    "D": "Department of Defense",
    "F": "Air Force",
    "G": "Coast Guard",
    "H": "Homeland Security",
    "M": "Marine Corps",
    "N": "Navy",
    "O": "Other",
    "S": "State Department",
    "Z": "National Guard",
}
UNKNOWN_SERVICE = "unknown"

# Extra spellings a user may type in a ``service:`` filter (lower case).
_SERVICE_ALIASES: dict[str, str] = {
    "dod": "D",
    "defense": "D",
    "department of defense": "D",
    "usa": "A",
    "us army": "A",
    "u.s. army": "A",
    "usaf": "F",
    "airforce": "F",
    "us air force": "F",
    "u.s. air force": "F",
    "uscg": "G",
    "dhs": "H",
    "usmc": "M",
    "marines": "M",
    "marine": "M",
    "marine corps": "M",
    "usn": "N",
    "us navy": "N",
    "u.s. navy": "N",
    "state": "S",
    "state department": "S",
    "department of state": "S",
    "guard": "Z",
    "ng": "Z",
    "national guard": "Z",
    "air national guard": "Z",
    "army national guard": "Z",
}

_IMAGE_EXT = r"\.(?:jpe?g|png|gif|tiff?|bmp|webp)"
_VIRIN_RE = re.compile(
    r"^(?P<date>\d{6})-(?P<service>[A-Za-z])-(?P<originator>[A-Za-z0-9]{3,8})"
    r"-(?P<sequence>\d{1,6})(?P<suffix>[A-Za-z])?(?:-(?P<country>[A-Za-z]{2,3}))?$"
)
_EXT_RE = re.compile(_IMAGE_EXT + r"$", re.IGNORECASE)
# In free text / URLs: a country segment must be upper case, so "...-1364-hi-res.jpg" is not one.
_FIND_RE = re.compile(
    r"(?<![A-Za-z0-9])(\d{6}-[A-Za-z]-[A-Za-z0-9]{3,8}-\d{2,6}[A-Za-z]?(?:-[A-Z]{2,3})?)"
    rf"(?i:{_IMAGE_EXT})?(?![A-Za-z0-9])"
)
_ORIGINATOR_LEN = 5
_MIN_SEQUENCE_LEN = 3
# A photo may carry the next calendar day relative to the article (time zones), not more.
_DATE_TOLERANCE = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Virin:
    """A decoded VIRIN. ``printed`` is always kept; the other parts are ``None`` when unknown."""

    printed: str
    normalized: str
    valid: bool
    problem: str | None = None
    date_shot: dt.date | None = None
    service_code: str | None = None
    service_name: str = UNKNOWN_SERVICE
    originator: str | None = None
    sequence: str | None = None
    suffix: str | None = None
    country: str | None = None


def _normalize(printed: str) -> str:
    compact = "".join(printed.split())
    if "." in compact:  # only then can there be a file extension to drop
        compact = _EXT_RE.sub("", compact)
    return compact.upper()


def _date_candidates(yymmdd: str, reference: dt.date) -> tuple[dt.date | None, str | None]:
    """Pick the century so the date is not after ``reference``; return (date, problem)."""
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    if not 1 <= mm <= 12:
        return None, f"month {mm:02d} does not exist in date {yymmdd}"
    if not 1 <= dd <= 31:
        return None, f"day {dd:02d} does not exist in date {yymmdd}"
    century = reference.year // 100 * 100
    latest = reference + _DATE_TOLERANCE
    for base in (century, century - 100, century - 200):
        try:
            candidate = dt.date(base + yy, mm, dd)
        except ValueError:
            continue  # Feb. 29 in a non-leap year of this century: try the previous one
        if candidate <= latest:
            return candidate, None
    return None, f"day {dd:02d} does not exist in month {mm:02d} (date {yymmdd})"


def parse_virin(text: str, article_date: dt.date | None = None) -> Virin:
    """Decode a VIRIN as printed ("VIRIN: 230515-D-KY598-1364.JPG" minus the label).

    ``article_date`` (or today when unknown) picks the century of the two-digit year: the
    latest date that is not after the article (a 1944 photo in a 2024 article is 1944-06-06).
    Never raises.
    """
    printed = text.strip()
    normalized = _normalize(printed)
    m = _VIRIN_RE.match(normalized)
    if m is None:
        return Virin(printed, normalized, valid=False, problem=_shape_problem(normalized))
    yymmdd, service, originator, sequence, suffix, country = m.groups()
    reference = article_date or dt.date.today()
    if isinstance(reference, dt.datetime):
        reference = reference.date()  # a datetime does not compare with a date
    date_shot, problem = _date_candidates(yymmdd, reference)
    if problem is None and len(originator) != _ORIGINATOR_LEN:
        problem = f"originator ID {originator} should have {_ORIGINATOR_LEN} characters"
    if problem is None and len(sequence) < _MIN_SEQUENCE_LEN:
        problem = f"sequence number {sequence} should have at least 3 digits"
    return Virin(
        printed=printed,
        normalized=normalized,
        valid=problem is None,
        problem=problem,
        date_shot=date_shot,
        service_code=service,
        service_name=SERVICE_NAMES.get(service, UNKNOWN_SERVICE),
        originator=originator,
        sequence=sequence,
        suffix=suffix,
        country=country,
    )


def _shape_problem(normalized: str) -> str:
    if not normalized:
        return "empty VIRIN"
    parts = normalized.split("-")
    if len(parts) < 4:
        return f"expected YYMMDD-S-XXXXX-NNNN, found {len(parts)} part(s)"
    if not re.fullmatch(r"\d{6}", parts[0]):
        return f"date part {parts[0]!r} should be six digits YYMMDD"
    if not re.fullmatch(r"[A-Z]", parts[1]):
        return f"service code {parts[1]!r} should be one letter"
    if not re.fullmatch(r"[A-Z0-9]{3,8}", parts[2]):
        return f"originator ID {parts[2]!r} should be letters and digits"
    return "not in the form YYMMDD-S-XXXXX-NNNN"


def find_virins(text: str) -> list[str]:
    """VIRIN-looking tokens in free text, URLs or file names, in order, without duplicates.

    Tokens are returned as printed minus any image file extension, e.g.
    ".../0/160114-F-LP903-691.JPG" -> "160114-F-LP903-691". Duplicates are detected on the
    normalized (upper-case) form; the first spelling wins.
    """
    found: list[str] = []
    seen: set[str] = set()
    for m in _FIND_RE.finditer(text):
        token = m.group(1)
        key = token.upper()
        if key not in seen:
            seen.add(key)
            found.append(token)
    return found


def service_code_for(name_or_letter: str) -> str | None:
    """The VIRIN service letter for a name or letter ("navy", "N", "Air Force" -> "N"/"F").

    Case-insensitive; common abbreviations (USAF, USMC, DoD...) are understood. ``None`` when
    the name is not a service.
    """
    key = " ".join(name_or_letter.split()).lower()
    if not key:
        return None
    if len(key) == 1:
        letter = key.upper()
        return letter if letter in SERVICE_NAMES else None
    for letter, name in SERVICE_NAMES.items():
        if name.lower() == key:
            return letter
    return _SERVICE_ALIASES.get(key)
