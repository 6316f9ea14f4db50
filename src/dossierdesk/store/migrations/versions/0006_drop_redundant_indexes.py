"""drop the single-column indexes that the covering indexes of 0004 make redundant

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 09:45:00

``images(virin_service)``, ``images(virin_normalized)`` and ``article_authors(person_id)`` are
each the leading column of a covering index added in 0004, which serves every lookup they
served. Keeping both only made every import update two indexes where one does.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_images_virin_service", table_name="images")
    op.drop_index("ix_images_virin_normalized", table_name="images")
    op.drop_index("ix_article_authors_person_id", table_name="article_authors")


def downgrade() -> None:
    op.create_index("ix_article_authors_person_id", "article_authors", ["person_id"])
    op.create_index("ix_images_virin_normalized", "images", ["virin_normalized"])
    op.create_index("ix_images_virin_service", "images", ["virin_service"])
