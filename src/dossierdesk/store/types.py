"""Column types that differ between the two engines.

Names (tags, persons, saved searches) compare without regard to case: SQLite's ``NOCASE``
collation (ASCII letters) on a file archive, PostgreSQL's ``citext`` (every letter, by the
database's locale) on a team archive. Both make ``name = :x`` and the unique constraint
case-insensitive, so ``Navy`` and ``navy`` are one tag on either engine.
"""

from __future__ import annotations

from sqlalchemy import Text
from sqlalchemy.dialects.postgresql import CITEXT

NOCASE_TEXT = Text(collation="NOCASE").with_variant(CITEXT(), "postgresql")
