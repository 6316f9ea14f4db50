"""photo_bytes: a photo's original bytes in a table of their own

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 07:40:00

In 0007 the bytes sat in the middle of each ``photos`` row, so reading any column after them
(VIRIN, caption, credit, date) walked the whole chain of overflow pages of the picture: a page
of 200 photo records took 150-200 ms on a 2,000-photo archive. The bytes now live in
``photo_bytes`` (one row per photo, deleted with it); ``photos`` keeps the metadata only.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "photo_bytes",
        sa.Column("photo_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["photo_id"],
            ["photos.id"],
            name=op.f("fk_photo_bytes_photo_id_photos"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("photo_id", name=op.f("pk_photo_bytes")),
    )
    op.execute("INSERT INTO photo_bytes (photo_id, data) SELECT id, data FROM photos")
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not a batch "copy and move": dropping the old
    # table of a copy would run images.photo_id's ON DELETE SET NULL and unlink every photo.
    op.drop_column("photos", "data")


def downgrade() -> None:
    op.add_column("photos", sa.Column("data", sa.LargeBinary(), nullable=False, server_default=""))
    op.execute("UPDATE photos SET data = (SELECT data FROM photo_bytes WHERE photo_id = photos.id)")
    op.drop_table("photo_bytes")
