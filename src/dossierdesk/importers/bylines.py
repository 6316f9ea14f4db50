"""Byline parsing: "By David Vergun, DOD News" -> authors and source.

Bylines name people (with rank or title as printed: "Staff Sgt. Jane Doe", "Army Sgt. 1st
Class Tyrone C. Marshall Jr.") and/or an outlet or unit ("DOD News", "52nd Fighter Wing Public
Affairs", "DoD News, Defense Media Activity"). The printed layout is
``[By|Story by|From] PERSON[, PERSON][ and PERSON][, ORGANISATION[, ORGANISATION]]``; the split
between person and organisation is decided by heuristics on each comma-separated segment (see
``is_organisation``). Everything from the first organisation segment on is the source.

Two kinds of byline need more than the commas:

- Organisation names containing "and" ("U.S. Army Training and Doctrine Command", "Space and
  Naval Warfare Systems Command", "Air Force Research Laboratory and Air Force Materiel
  Command"): "and" would make "U.S. Army Training" a person. A gazetteer of the words DoD and
  service organisation names are made of (``ORGANISATION_WORDS``: Army, Naval, Training,
  Doctrine, Command, Wing, Public Affairs, ...) marks such a part as an organisation, so the
  name is never split and never taken for authors.
- DVIDS bylines with no comma between the person and the unit ("Story by Sgt. Jane Doe 1st
  Cavalry Division Public Affairs"): ``_person_then_unit`` splits them where the unit starts
  (an ordinal, an acronym or a word such as Army, Joint, Fort, Headquarters). With a rank the
  person is certain; without one, the split is made only before a formation or agency ("...
  Defense Logistics Agency"), never before an installation or institution, whose name is often
  a person's ("Seymour Johnson Air Force Base", "Walter Reed National Military Medical Center").
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from dossierdesk.importers.dates import parse_date
from dossierdesk.importers.textcache import cache_short_strings
from dossierdesk.ranks import PERSON_TITLE_RE as _PERSON_TITLE_RE
from dossierdesk.ranks import RANK_PREFIX_RE as _RANK_PREFIX_RE

__all__ = [
    "ORGANISATION_WORDS",
    "Byline",
    "is_organisation",
    "parse_byline",
    "strip_byline_prefix",
]

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
        "operations",
        "depot",
        "arsenal",
        "shipyard",
        "airfield",
        "element",
        "troop",
        "troops",
        "battery",
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


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The gazetteer: words DoD and service organisation names are made of, and which hardly ever
# occur in a person's name (so "Field", "Young" or "Strong" are not here). A segment holding
# one (and no rank or title) is an organisation: "U.S. Army Training", "Naval Warfare".
ORGANISATION_WORDS = _wordset(
    """
    u.s us uss usns army navy naval air marine marines space joint combined defense defence
    national guard reserve training doctrine materiel research warfare systems sea supply
    logistics engineering engineers medical military combat infantry cavalry armored armor
    airborne aviation artillery fighter bomber airlift mobility expeditionary special operations
    operational public affairs strategic cyber intelligence reconnaissance surveillance missile
    test evaluation readiness sustainment acquisition contracting security exchange coast forces
    force task installation installations mission support maintenance headquarters hq command
    center centre office department agency wing group division brigade battalion regiment
    squadron fleet corps service services news laboratory school academy base garrison station
    district region directorate activity fort camp depot arsenal shipyard airfield hospital
    clinic university institute college detachment team unit program administration bureau
    ministry development science technology transportation communications information media
    personnel recruiting education health nuclear weapons chemical surface undersea submarine
    pacific european central northern southern atlantic indo-pacific europe
    """
)
# Words a unit's name starts with, right after a person's name ("... Jane Doe Fort Bragg").
_UNIT_START_WORDS = _wordset(
    """
    u.s us uss usns army navy naval air marine marines space joint combined defense defence
    national headquarters hq task special fort camp coast expeditionary military department
    office command regional
    """
)
# What a unit is, by the first such word in its name: a formation or agency, or a place or
# institution (often named after a person, whose name then precedes this word).
_FORMATION_WORDS = _wordset(
    """
    division brigade battalion regiment squadron wing group command agency office directorate
    fleet corps team detachment company activity affairs service services news staff department
    administration bureau force forces guard element unit troop battery operations
    """
)
# (Ship prefixes count as institutions: "USS Ronald Reagan (CVN 76)".)
_INSTITUTION_WORDS = _wordset(
    """
    center centre hospital clinic base station airfield field depot arsenal shipyard school
    academy college university institute laboratory lab garrison range installation museum
    library port harbor fort camp uss usns
    """
)

# Phrases that make a segment an organisation wherever they appear, unless a person's rank
# or title is printed too ("Combined Joint Task Force-Horn of Africa").
_ORG_PHRASES_RE = re.compile(
    r"\b(?:public\s+affairs|news|press|media|task\s+force|cjtf|jtf|headquarters|agency"
    r"|department|command|office|wing|squadron|group|division|fleet|brigade|battalion"
    r"|regiment|directorate|university|service|tv|radio|center|centre)\b",
    re.IGNORECASE,
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

_NAME_TOKEN_RE = re.compile(
    r"^(?:[A-Z][\w'’-]*\.?|[A-Z]\.(?:[A-Z]\.)*|(?:de|van|von|der|da|del|la|le|bin|al|di))$"
)
_INITIAL_RE = re.compile(r"^[A-Z]\.?$|^(?:[A-Z]\.)+$")
_MAX_NAME_WORDS = 3  # first, middle, last (initials and suffixes not counted)
_PLAIN_NAME_WORDS = 2  # first and last: the name when the words after it may be the unit's
_NAME_PARTICLES = frozenset({"de", "van", "von", "der", "da", "del", "la", "le", "bin", "al", "di"})


def _words(segment: str) -> list[str]:
    return [w.strip(".,;:()'\"") for w in segment.split()]


@cache_short_strings(maxsize=1024)  # the same names and units come back in byline after byline
def is_organisation(segment: str) -> bool:
    """Guess whether one byline segment names an organisation rather than a person.

    Librarian's rules, in order: the last word is an organisation word ("... Public Affairs",
    "DOD News Staff", "Air Force") -> organisation; a rank or title is printed ("Staff Sgt.
    Jane Doe", "Secretary of the Air Force Deborah Lee James") -> person; an organisation
    phrase or a gazetteer word (``ORGANISATION_WORDS``) appears anywhere ("Combined Joint Task
    Force-Horn of Africa", "U.S. Army Training") -> organisation; an acronym, an ordinal ("52nd
    FW"), a leading "the" or a single word -> organisation; a short run of capitalised words ->
    person.
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
    if any(w.lower() in ORGANISATION_WORDS for w in words):
        return True  # "U.S. Army Training", "Joint Base San Antonio-Lackland"
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
        split = _person_then_unit(segment)
        if split is not None:  # "Sgt. Jane Doe 1st Cavalry Division" (no comma)
            authors.append(split[0])
            source_parts.append(split[1])
            continue
        people = _split_people(segment)
        if people is not None:
            authors.extend(people)
            continue
        lead, rest = _split_mixed(segment)
        authors.extend(lead)
        if rest:
            source_parts.append(rest)
    source = ", ".join(source_parts) or None
    logger.debug("byline %r -> authors=%r source=%r", printed, authors, source)
    return Byline(printed=printed, authors=tuple(authors), source=source)


def _split_mixed(segment: str) -> tuple[list[str], str]:
    """ "Jane Doe and 52nd Wing Public Affairs" -> (["Jane Doe"], "52nd Wing Public Affairs").

    Only persons *before* the first organisation part are split off; "Army and Air Force
    Exchange Service" stays one organisation. The first organisation part may itself begin with
    a person ("Jane Doe and Sgt. John Roe 1st Cavalry Division").
    """
    parts = [p.strip() for p in _AND_RE.split(segment) if p.strip()]
    people: list[str] = []
    for index, part in enumerate(parts):
        if is_organisation(part):
            if not people:
                return [], segment
            rest_start = segment.find(part, len(" and ".join(people)))
            rest = segment[rest_start:] if rest_start >= 0 else " and ".join(parts[index:])
            split = _person_then_unit(part) if index == len(parts) - 1 else None
            if split is not None:
                return [*people, split[0]], split[1]
            return people, rest
        people.append(part)
    return people, ""


def _person_then_unit(segment: str) -> tuple[str, str] | None:
    """Split a person from the unit printed right after them, with no comma between: "Sgt.
    Jane Doe 1st Cavalry Division Public Affairs" -> ("Sgt. Jane Doe", "1st Cavalry Division
    Public Affairs"). ``None`` when the segment is not so made (see the module docstring)."""
    if "," in segment:
        return None  # a name with its suffix ("John Smith, Jr.")
    rank = _RANK_PREFIX_RE.match(segment)
    has_rank = rank is not None and _PERSON_TITLE_RE.search(rank.group()) is not None
    if not has_rank and not is_organisation(segment):
        return None
    tokens = segment.split()
    first = len(rank.group().split()) if rank is not None and has_rank else 0
    found = _name_then_unit(tokens, first)
    if found is None:
        return None
    name_ends, unit_start = found
    full_words = [i for i in range(first, unit_start) if _is_full_name_word(tokens[i])]
    head = _unit_head(tokens[unit_start:])
    if head is None:
        return None
    institution = head in _INSTITUTION_WORDS
    if has_rank:
        if len(full_words) > _MAX_NAME_WORDS or (institution and len(full_words) > 2):
            # The words after the first and last name belong to the unit's own name
            # ("Sgt. Jane Doe Walter Reed National Military Medical Center").
            name_ends = full_words[_PLAIN_NAME_WORDS - 1] + 1
            while name_ends < unit_start and not _is_full_name_word(tokens[name_ends]):
                name_ends += 1  # initials and suffixes after the last name ("Jr.")
            unit_start = name_ends
    elif institution or not _PLAIN_NAME_WORDS <= len(full_words) <= _MAX_NAME_WORDS:
        return None  # "Seymour Johnson Air Force Base": a place named after a person
    person, unit = " ".join(tokens[:name_ends]), " ".join(tokens[unit_start:])
    if len(tokens) - unit_start < 2 or not is_organisation(unit):
        return None
    return person, unit


def _name_then_unit(tokens: list[str], first: int) -> tuple[int, int] | None:
    """Where a person's name (from token ``first``) ends and a unit starts: (end, start),
    equal; ``None`` when the tokens are not a name followed by a unit start."""
    all_caps_name = True
    full = 0
    for index in range(first, len(tokens)):
        token = tokens[index]
        word = token.strip(".,;:()'\"").lower()
        if full and _starts_unit(token, word, all_caps_name):
            return index, index
        if _NAME_TOKEN_RE.match(token) is None or word in ORGANISATION_WORDS:
            return None  # a lower-case word, a number, a bracket, an organisation word
        if _is_full_name_word(token):
            full += 1
            all_caps_name = all_caps_name and token.isupper()
    return None


def _starts_unit(token: str, word: str, all_caps_name: bool) -> bool:
    if _ORDINAL_RE.fullmatch(word) or word in _UNIT_START_WORDS:
        return True
    # An acronym ("USS", "NAVSEA", "JTF"), unless the name itself is printed in capitals.
    return not all_caps_name and len(word) >= 2 and _ACRONYM_RE.match(token) is not None


def _is_full_name_word(token: str) -> bool:
    """A name word that is not an initial ("C.") or a suffix ("Jr.", "III")."""
    return (
        _INITIAL_RE.match(token) is None
        and token.strip(".").lower() not in _PERSONAL_SUFFIX_WORDS
        and token.lower() not in _NAME_PARTICLES
    )


def _unit_head(tokens: list[str]) -> str | None:
    """The first word of a unit's name that says what it is ("division", "center", "fort").

    "Force", "Guard" and "Corps" name a service when more follows ("Air Force Base", "Marine
    Corps Air Station"): they count only at the end ("Air Force").
    """
    last = len(tokens) - 1
    for index, token in enumerate(tokens):
        word = token.strip(".,;:()'\"").lower().split("-")[-1]
        if word in _SERVICE_WORDS and index < last:
            continue
        if word in _FORMATION_WORDS or word in _INSTITUTION_WORDS:
            return word
    return None


_SERVICE_WORDS = frozenset({"force", "forces", "guard", "corps"})
