"""Field names of the query language and the parsing of their values (dates, services, has:).

Everything here is pure: the parser uses it to reject bad values early (with a position) and the
compiler uses it again to build the SQL.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dossierdesk.virin import SERVICE_NAMES, service_code_for

__all__ = [
    "DATE_FIELDS",
    "FIELDS",
    "FIELD_NAMES",
    "FTS_COLUMNS",
    "HAS_VALUES",
    "PREFIX_FIELDS",
    "SERVICE_VALUES",
    "ValueProblem",
    "check_value",
    "date_bounds",
    "imported_bounds",
    "normalize_virin",
    "service_code",
]

#: Canonical field names, in the order a completer should offer them.
FIELDS: tuple[str, ...] = (
    "title",
    "author",
    "source",
    "tag",
    "dossier",
    "credit",
    "virin",
    "service",
    "has",
    "date",
    "after",
    "before",
    "imported",
)
#: The same with their colon, for completion ("title:", "author:", ...).
FIELD_NAMES: tuple[str, ...] = tuple(f"{name}:" for name in FIELDS)

#: Fields searched in one FTS5 column: field name -> column of ``articles_fts``.
FTS_COLUMNS: dict[str, str] = {"title": "title", "credit": "credits"}
#: Fields accepting a trailing ``*`` (for the others a value is matched as a substring or exactly).
PREFIX_FIELDS = frozenset({"title", "credit", "tag", "dossier", "author", "source", "virin"})
DATE_FIELDS = frozenset({"date", "after", "before", "imported"})

#: ``has:`` values (canonical first) and the accepted spellings.
HAS_VALUES: tuple[str, ...] = ("images", "virin", "tags", "photo", "date")
_HAS_ALIASES = {
    "photo": "photo",
    "photos": "photo",
    "images": "images",
    "image": "images",
    "virin": "virin",
    "virins": "virin",
    "tags": "tags",
    "tag": "tags",
    "date": "date",
    "dates": "date",
}
#: ``service:`` values for completion: the lower-case service names.
SERVICE_VALUES: tuple[str, ...] = tuple(name.lower() for name in SERVICE_NAMES.values())

_IMAGE_EXTENSION = re.compile(r"\.(?:jpe?g|png|gif|tiff?|bmp|webp)$", re.IGNORECASE)
_PERIOD = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_DAYS = re.compile(r"(\d{1,6})d")
_MAX_DAYS = 100_000  # keeps ``now - N days`` far from datetime's range limits
_DATE_FORMS = "expected YYYY, YYYY-MM or YYYY-MM-DD"


class ValueProblem(Exception):
    """A field value that cannot be used; the parser adds the position to ``what``."""

    def __init__(self, what: str, hint: str | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.hint = hint


@dataclass(frozen=True, slots=True)
class _Period:
    start: dt.date
    end: dt.date | None  # exclusive; None past the last representable day


def _next(start: dt.date, month: bool, day: bool) -> dt.date | None:
    try:
        if day:
            return start + dt.timedelta(days=1)
        if month:
            if start.month == 12:
                return dt.date(start.year + 1, 1, 1)
            return dt.date(start.year, start.month + 1, 1)
        return dt.date(start.year + 1, 1, 1)
    except (ValueError, OverflowError):
        return None


def _period(text: str, value: str) -> _Period:
    m = _PERIOD.fullmatch(text)
    if m is None:
        raise ValueProblem(f"bad date '{value}'", _DATE_FORMS)
    year, month, day = m.groups()
    try:
        start = dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueProblem(f"bad date '{value}'", "no such date") from None
    return _Period(start, _next(start, month is not None, day is not None))


def date_bounds(name: str, value: str) -> tuple[dt.date | None, dt.date | None]:
    """``[low, high)`` of a ``date:`` / ``after:`` / ``before:`` value; ``None`` = open end.

    ``date:`` takes a period (``2024``, ``2024-11``, ``2024-11-18``) or a range of periods
    ``A..B`` (B's whole period included; either end may be left open). ``after:`` means on or
    after the start of the period, ``before:`` strictly before its start.
    """
    text = value.strip()
    if ".." in text:
        if name != "date":
            raise ValueProblem(f"bad date '{value}'", f"{name}: takes a single date, not a range")
        low_text, _, high_text = text.partition("..")
        if not low_text and not high_text:
            raise ValueProblem(f"bad date '{value}'", "a range needs at least one end")
        low = _period(low_text, value).start if low_text else None
        high = _period(high_text, value).end if high_text else None
        if low is not None and high is not None and high <= low:
            raise ValueProblem(f"bad date '{value}'", "the range ends before it starts")
        return low, high
    period = _period(text, value)
    if name == "after":
        return period.start, None
    if name == "before":
        return None, period.start
    return period.start, period.end


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return None if day is None else dt.datetime.combine(day, dt.time())


def imported_bounds(value: str, now: dt.datetime) -> tuple[dt.datetime | None, dt.datetime | None]:
    """``[low, high)`` of an ``imported:`` value: a ``date:`` value, ``today`` or ``7d``.

    ``7d`` means the last 7 days counted back from ``now`` (no upper bound).
    """
    text = value.strip().lower()
    if text == "today":
        today = now.date()
        return _midnight(today), _midnight(_next(today, True, True))
    m = _DAYS.fullmatch(text)
    if m is not None:
        days = int(m.group(1))
        if days > _MAX_DAYS:
            raise ValueProblem(f"bad date '{value}'", f"at most {_MAX_DAYS} days")
        return now - dt.timedelta(days=days), None
    try:
        low, high = date_bounds("date", value)
    except ValueProblem as exc:
        raise ValueProblem(exc.what, f"{exc.hint}, today or a number of days like 7d") from None
    return _midnight(low), _midnight(high)


def service_code(value: str) -> str:
    """The VIRIN service letter of a ``service:`` value (letter or name)."""
    code = service_code_for(value)
    if code is None:
        known = ", ".join(f"{name.lower()} ({letter})" for letter, name in SERVICE_NAMES.items())
        raise ValueProblem(f"unknown service '{value}'", f"known: {known}")
    return code


def normalize_virin(value: str) -> str:
    """A ``virin:`` value in the form of ``Image.virin_normalized`` (no whitespace, no image file
    extension, upper case), so that a VIRIN pasted as printed finds its normalized form."""
    return _IMAGE_EXTENSION.sub("", "".join(value.split())).upper()


def check_value(name: str, value: str, prefix: bool) -> str:
    """Validate the value of field ``name`` and return it in canonical form.

    Raises ValueProblem. ``has:`` values are canonicalised ("image" -> "images"); other values are
    returned as written so that ``describe()`` gives back what the user typed.
    """
    if not value.strip():
        raise ValueProblem(f"empty value for {name}:")
    if prefix and name not in PREFIX_FIELDS:
        raise ValueProblem(f"'*' is not allowed in {name}: values")
    if name == "has":
        canonical = _HAS_ALIASES.get(value.strip().lower())
        if canonical is None:
            expected = ", ".join(HAS_VALUES[:-1]) + f" or {HAS_VALUES[-1]}"
            raise ValueProblem(f"unknown value '{value}' for has:", f"expected {expected}")
        return canonical
    if name == "virin" and not normalize_virin(value):
        raise ValueProblem(f"no VIRIN in '{value}'")
    if name == "service":
        service_code(value)
    elif name == "imported":
        imported_bounds(value, dt.datetime(2000, 1, 1))
    elif name in DATE_FIELDS:
        date_bounds(name, value)
    return value
