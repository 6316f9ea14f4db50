"""Military ranks, rates and titles printed before a person's name ("Staff Sgt. Jane Doe").

Shared by byline parsing (``importers.bylines``: is a segment a person, where does the person
end) and the sidebar's author list (``split_rank``: sort by surname, show the rank apart).
Pure and small, so that the window can use it without loading the importers.
"""

from __future__ import annotations

import re

__all__ = ["PERSON_TITLE_RE", "RANK_PREFIX_RE", "split_rank"]

#: Ranks, rates and titles printed before a person's name.
PERSON_TITLE_RE = re.compile(
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

# A rank (or rate) opening a segment, with the service that may precede it: "Staff Sgt. ",
# "Army Sgt. 1st Class ", "Petty Officer 2nd Class ", "Spc. 3 ". (Checked afterwards to hold a
# title ``PERSON_TITLE_RE`` knows: "1st Class " alone is no rank.)
_SERVICE = (
    r"(?:U\.S\.\s+)?(?:Army|Navy|Air\s+Force|Marine\s+Corps|Marine|Space\s+Force|Coast\s+Guard"
    r"|Air\s+National\s+Guard|Army\s+National\s+Guard|National\s+Guard|Army\s+Reserve"
    r"|Navy\s+Reserve|Air\s+Force\s+Reserve)"
)
_RANK_WORD = (
    r"(?:(?:Gen|Lt|Col|Maj|Capt|Cpt|Sgt|SSgt|TSgt|MSgt|SMSgt|CMSgt|SrA|Cpl|LCpl|Pfc|PFC|Pvt"
    r"|Spc|Adm|Cmdr|Cdr|Ens|Brig|Amn|Tech|Mr|Mrs|Ms|Dr|j\.g)\."
    r"|CWO\d|WO\d|MC[1-3]|MCC|MCCS|MCSN|MCSA|A1C|SSG|SGT|SPC|PFC|CPT|MAJ|LTC|COL|1LT|2LT"
    r"|1st|2nd|3rd|First|Second|Third|[1-5]|Class|Staff|Tech|Technical|Master|Senior|Chief|Command"
    r"|Gunnery|Lance|Petty|Officer|Seaman|Apprentice|Recruit|Airman|Mass|Communication"
    r"|Specialist|Private|Corporal|Sergeant|Major|Lieutenant|Captain|Colonel|General|Admiral"
    r"|Commander|Ensign|Warrant|Rear|Vice|Brigadier|Cadet|Midshipman|Guardian)"
)
RANK_PREFIX_RE = re.compile(rf"(?:{_SERVICE}\s+)?(?:{_RANK_WORD}(?:\s+|$))+")


def split_rank(name: str) -> tuple[str, str]:
    """("rank", "name") of a person's name as printed: "Senior Airman Jane Roe" -> ("Senior
    Airman", "Jane Roe"), "Army Sgt. 1st Class Tyrone C. Marshall Jr." -> ("Army Sgt. 1st
    Class", "Tyrone C. Marshall Jr."), "David Vergun" -> ("", "David Vergun").

    The rank is split off only when it holds a known title and leaves a name behind, so that
    "Major Smith" keeps "Smith" and a name that is all rank words stays whole.
    """
    text = " ".join(name.split())
    match = RANK_PREFIX_RE.match(text)
    if match is None or PERSON_TITLE_RE.search(match.group()) is None:
        return "", text
    rest = text[match.end() :].strip()
    if not rest:
        return "", text
    return match.group().strip(), rest
