"""Byline parsing: "By David Vergun, DOD News" -> authors and source.

Bylines name people (with rank or title as printed: "Staff Sgt. Jane Doe", "Army Sgt. 1st
Class Tyrone C. Marshall Jr.") and/or an outlet or unit ("DOD News", "52nd Fighter Wing Public
Affairs", "DoD News, Defense Media Activity"). The printed layout is
``[By|Story by|From] PERSON[, PERSON][ and PERSON][, ORGANISATION[, ORGANISATION]]``; the split
between person and organisation is decided by heuristics on each comma-separated segment (see
``is_organisation``). Everything from the first organisation segment on is the source.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from dossierdesk.importers.dates import parse_date
from dossierdesk.importers.textcache import cache_short_strings

__all__ = ["Byline", "is_organisation", "parse_byline", "strip_byline_prefix"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Byline:
    printed: str  # the byline as printed, normalised whitespace
    authors: tuple[str, ...]  # persons, with rank when printed ("Staff Sgt. Jane Doe")
    source: str | None  # outlet or unit ("DOD News", "52nd Fighter Wing Public Affairs")


_PREFIX_RE = re.compile(
    r"^(?:"
    r"(?:(?:courtesy|original)\s+)?"
    r"(?:(?:story|article|text|report|commentary|photos?|video|words|written|compiled|edited)"
    r"(?:\s+(?:and|&)\s+(?:photos?|video|story|graphics?))?\s+)?"
    r"by\b\s*:?"
    r"|from\b\s*:?"
    r"|courtesy\s+of\b"
    r"|source\s*:"
    r")\s*",
    re.IGNORECASE,
)

# A segment whose last word is one of these names an organisation ("DOD News Staff").
_ORG_LAST_WORDS = frozenset(
    {
        "news",
        "service",
        "services",
        "affairs",
        "activity",
        "wing",
        "wings",
        "staff",
        "command",
        "office",
        "agency",
        "department",
        "force",
        "forces",
        "press",
        "tv",
        "television",
        "media",
        "headquarters",
        "hq",
        "division",
        "group",
        "squadron",
        "fleet",
        "information",
        "center",
        "centre",
        "base",
        "battalion",
        "brigade",
        "regiment",
        "unit",
        "team",
        "bureau",
        "network",
        "radio",
        "magazine",
        "journal",
        "times",
        "post",
        "gazette",
        "program",
        "programme",
        "association",
        "institute",
        "university",
        "school",
        "academy",
        "college",
        "laboratory",
        "lab",
        "ministry",
        "navy",
        "army",
        "guard",
        "corps",
        "marines",
        "defense",
        "defence",
        "state",
        "administration",
        "detachment",
        "installation",
        "garrison",
        "district",
        "region",
        "company",
        "station",
        "hospital",
        "clinic",
        "cell",
        "directorate",
        "council",
        "committee",
        "foundation",
        "society",
        "communications",
        "story",
        "report",
        "reports",
        "writer",
        "writers",
        "contributors",
        "dma",
        "afps",
        "afns",
        "dvids",
        "afn",
        "pao",
    }
)

# Phrases that make a segment an organisation wherever they appear, unless a person's rank
# or title is printed too ("Combined Joint Task Force-Horn of Africa").
_ORG_PHRASES_RE = re.compile(
    r"\b(?:public\s+affairs|news|press|media|task\s+force|cjtf|jtf|headquarters|agency"
    r"|department|command|office|wing|squadron|group|division|fleet|brigade|battalion"
    r"|regiment|directorate|university|service|tv|radio|center|centre)\b",
    re.IGNORECASE,
)

# Ranks, rates and titles printed before a person's name.
_PERSON_TITLE_RE = re.compile(
    r"(?:^|\s)(?:"
    r"(?:Gen|Lt|Col|Maj|Capt|Cpt|Sgt|SSgt|TSgt|MSgt|SMSgt|CMSgt|Cpl|LCpl|Pfc|PFC|Pvt|Spc"
    r"|Adm|Cmdr|Cdr|Ens|Brig|Amn|SrA|Sr|Mr|Mrs|Ms|Dr|Prof|Hon|Rep|Sen|Gov|Rev|Chap|Cadet"
    r"|CWO\d?|WO\d?|PO\d|MC\d|MCC|MCCS|MCSN|MCSA|MC1|MC2|MC3)\."
    r"|(?:Staff|Tech|Technical|Master|Senior|Chief|First|Gunnery|Lance|Command|Sergeant)\s+"
    r"(?:Sgt|Sergeant|Master|Airman|Petty|Corporal|Cpl|Chief)\b"
    r"|Airman(?:\s+(?:1st|First)\s+Class)?|Senior\s+Airman|Petty\s+Officer|Seaman|Sergeant"
    r"|Specialist|Private|Corporal|Lieutenant|Captain|Colonel|Major|General|Admiral"
    r"|Commander|Ensign|Guardian|Secretary|Chief\s+of\s+Staff|The\s+Honorable|Honorable"
    r"|Mass\s+Communication\s+Specialist|Journalist|Photographer"
    r")(?=\s|$)",
)

# Name suffixes that a comma may separate from the name ("John Smith, Jr.").
_NAME_SUFFIX_RE = re.compile(
    r"^(?:Jr|Sr|II|III|IV|V|Ph\.?D|M\.?D|Esq|USA|USAF|USN|USMC|USCG|USSF|\(?Ret|\(?ret)\.?\)?"
    r"(?:\s*\((?:Ret|ret|retired)\.?\))?$"
)
_ACRONYM_RE = re.compile(r"^[A-Z0-9&/.\-]{2,}$")
_MAX_ACRONYM_LEN = 4
_AND_RE = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
_PERSONAL_SUFFIX_WORDS = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
_MAX_PERSON_WORDS = 14  # ranks and titles make names long, but not paragraph-long
_BYLINE_DATE_SEP_RE = re.compile(r"\s*\|\s*")
_ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)
_NAME_PARTICLES = frozenset({"de", "van", "von", "der", "da", "del", "la", "le", "bin", "al", "di"})


def _words(segment: str) -> list[str]:
    return [w.strip(".,;:()'\"") for w in segment.split()]


@cache_short_strings(maxsize=1024)  # the same names and units come back in byline after byline
def is_organisation(segment: str) -> bool:
    """Guess whether one byline segment names an organisation rather than a person.

    Librarian's rules, in order: the last word is an organisation word ("... Public Affairs",
    "DOD News Staff", "Air Force") -> organisation; a rank or title is printed ("Staff Sgt.
    Jane Doe", "Secretary of the Air Force Deborah Lee James") -> person; an organisation
    phrase appears anywhere ("Combined Joint Task Force-Horn of Africa") -> organisation; an
    acronym, an ordinal ("52nd FW"), a leading "the" or a single word -> organisation; a short
    run of capitalised words -> person.
    """
    words = [w for w in _words(segment) if w]
    if not words:
        return False
    last = words[-1].lower()
    if last not in _PERSONAL_SUFFIX_WORDS and (
        last in _ORG_LAST_WORDS or last.split("-")[-1] in _ORG_LAST_WORDS
    ):
        return True
    if _PERSON_TITLE_RE.search(segment) and len(words) <= _MAX_PERSON_WORDS:
        return False
    if _ORG_PHRASES_RE.search(segment):
        return True
    if words[0].lower() == "the" or len(words) == 1:
        return True
    if all(_ACRONYM_RE.match(w) and len(w) <= _MAX_ACRONYM_LEN for w in words):
        return True  # "DOD DMA", but not a name in capitals ("DAVID VERGUN")
    if any(_ORDINAL_RE.fullmatch(w) for w in words):
        return True
    return not _looks_like_name(words)


def _looks_like_name(words: list[str]) -> bool:
    """2-6 capitalised words or initials ("Tyrone C. Marshall Jr.", "Ilka Cole", "Mary O'Neil")."""
    if not 2 <= len(words) <= 6:
        return False
    return all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words if w)


def strip_byline_prefix(text: str) -> tuple[str, bool]:
    """Remove a leading "By", "Story by", "From", ... label; return (rest, had_prefix)."""
    m = _PREFIX_RE.match(text)
    if m is None or m.end() == 0:
        return text, False
    return text[m.end() :], True


def _split_segments(body: str) -> list[str]:
    """Comma-separated segments, re-attaching name suffixes ("Smith, Jr.") to the name."""
    segments: list[str] = []
    for raw in body.split(","):
        part = raw.strip()
        if not part:
            continue
        if segments and _NAME_SUFFIX_RE.match(part):
            segments[-1] = f"{segments[-1]}, {part}"
        else:
            segments.append(part)
    return segments


def _split_people(segment: str) -> list[str] | None:
    """Split "A and B" into persons; ``None`` when any part is not a person."""
    parts = [p.strip() for p in _AND_RE.split(segment) if p.strip()]
    if parts and all(not is_organisation(p) for p in parts):
        return parts
    return None


def _drop_leading_date(text: str) -> str:
    """Drop a date printed with the byline: "Nov. 18, 2024 | By X" -> "By X" (and "By X | date")."""
    parts = _BYLINE_DATE_SEP_RE.split(text)
    if len(parts) < 2:
        return text
    kept = [p for p in parts if p and parse_date(p) is None]
    return " | ".join(kept)


def _normalise(text: str) -> str:
    cleaned = " ".join(text.replace("\u00a0", " ").split())
    cleaned = _drop_leading_date(cleaned)
    return cleaned.strip(" ,;|-–—")


@cache_short_strings(maxsize=256)  # an archive's bylines repeat (same reporters and outlets)
def parse_byline(text: str) -> Byline:
    """Split a byline ("By A and B, Unit", "Story by X, Org", "By DOD News Staff") into parts.

    ``printed`` is the byline with whitespace normalised, trailing commas and a date printed
    alongside ("Nov. 18, 2024 | ...") removed. ``authors`` are persons as printed, rank and
    suffix included; ``source`` is the outlet/unit text from the first organisation segment to
    the end ("DoD News, Defense Media Activity"), or ``None``. Never raises.
    """
    printed = _normalise(text)
    body, _ = strip_byline_prefix(printed)
    authors: list[str] = []
    source_parts: list[str] = []
    for segment in _split_segments(body):
        if source_parts:
            source_parts.append(segment)
            continue
        people = _split_people(segment)
        if people is not None:
            authors.extend(people)
            continue
        lead, rest = _split_mixed(segment)
        authors.extend(lead)
        source_parts.append(rest)
    source = ", ".join(source_parts) or None
    logger.debug("byline %r -> authors=%r source=%r", printed, authors, source)
    return Byline(printed=printed, authors=tuple(authors), source=source)


def _split_mixed(segment: str) -> tuple[list[str], str]:
    """ "Jane Doe and 52nd Wing Public Affairs" -> (["Jane Doe"], "52nd Wing Public Affairs").

    Only persons *before* the first organisation part are split off; "Army and Air Force
    Exchange Service" stays one organisation.
    """
    parts = [p.strip() for p in _AND_RE.split(segment) if p.strip()]
    people: list[str] = []
    for index, part in enumerate(parts):
        if is_organisation(part):
            if not people:
                return [], segment
            rest_start = segment.find(part, len(" and ".join(people)))
            return people, segment[rest_start:] if rest_start >= 0 else " and ".join(parts[index:])
        people.append(part)
    return people, ""
