"""indexes for the archive's statistics: articles by format, images that print a VIRIN

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 12:00:00

``dossierdesk-cli stats`` (and the window's About box) counted formats and VIRINs by reading
every article row and every image row, captions included: about 60 ms of a 200 ms command at
100,000 articles. ``articles(format)`` answers the format counts from an index, and a partial
index over the images that print a VIRIN (by whether it is well-formed, then the VIRIN) answers both
VIRIN counts without touching a caption. The partial index holds only those images, so an
import pays for it only where a VIRIN is printed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_WITH_VIRIN = sa.text("virin IS NOT NULL")


def upgrade() -> None:
    op.create_index("ix_articles_format", "articles", ["format"])
    op.create_index(
        "ix_images_with_virin",
        "images",
        ["virin_valid", "virin"],  # with the VIRIN: SQLite counts from the index alone
        sqlite_where=_WITH_VIRIN,
        postgresql_where=_WITH_VIRIN,
    )


def downgrade() -> None:
    op.drop_index("ix_images_with_virin", table_name="images")
    op.drop_index("ix_articles_format", table_name="articles")
