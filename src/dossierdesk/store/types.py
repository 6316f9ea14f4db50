"""Column types that differ between the two engines.

Names (tags, persons, saved searches) compare without regard to case: SQLite's ``NOCASE``
collation (ASCII letters) on a file archive, PostgreSQL's ``citext`` (every letter, by the
database's locale) on a team archive. Both make ``name = :x`` and the unique constraint
case-insensitive, so ``Navy`` and ``navy`` are one tag on either engine. SQLAlchemy's
PostgreSQL dialect is loaded only when a team archive uses the type.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class NoCaseText(TypeDecorator[str]):
    """Text compared without regard to case (see the module docstring)."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import CITEXT

            return dialect.type_descriptor(CITEXT())
        return dialect.type_descriptor(Text(collation="NOCASE"))


NOCASE_TEXT = NoCaseText()
