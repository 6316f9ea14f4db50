"""File names made from untrusted names (imported files' names, VIRINs) when the program writes
files: originals handed to other programs, photos saved or exported.

Only the last component of a name is used, so nothing read from a document can name another
folder; reserved Windows names and over-long names are avoided.
"""

from __future__ import annotations

#: File name extensions of the photo formats, the usual one first.
PHOTO_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/webp": (".webp",),
}

_MAX_STEM = 100
_MAX_SUFFIX = 16
_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


def safe_file_name(name: str, fallback: str) -> str:
    """A plain file name from an untrusted one: its last component only, characters other than
    letters, digits, space and ``-_.()[]+,`` replaced by ``_``, no leading or trailing dots or
    spaces, no reserved Windows name, a bounded length; ``fallback`` when nothing is left."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c if c.isalnum() or c in " -_.()[]+," else "_" for c in base)
    base = base.strip(" .")
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem or len(suffix) > _MAX_SUFFIX or not suffix.strip("_"):
        stem, suffix = base, ""
    stem = stem[:_MAX_STEM].rstrip(" .") or fallback
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    return f"{stem}.{suffix}" if suffix else stem
