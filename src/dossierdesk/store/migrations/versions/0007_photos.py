"""photos: the pictures themselves, linked to article images by VIRIN

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 06:30:00

``photos`` keeps each photograph's original bytes once per content hash, with its metadata and
the decoded parts of the VIRIN it links by; ``images.photo_id`` links an article image to its
photo (SET NULL when a photo is deleted: an article never loses its image block). The index on
``images(virin_originator, virin_sequence)`` finds the images a new photo belongs to.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("mime", sa.String(length=32), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("virin", sa.Text(), nullable=True),
        sa.Column("virin_yymmdd", sa.String(length=6), nullable=True),
        sa.Column("virin_service", sa.String(length=1), nullable=True),
        sa.Column("virin_originator", sa.Text(), nullable=True),
        sa.Column("virin_sequence", sa.Text(), nullable=True),
        sa.Column("file_name_virin", sa.Text(), nullable=True),
        sa.Column("embedded_virin", sa.Text(), nullable=True),
        sa.Column("virin_note", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("credit", sa.Text(), nullable=True),
        sa.Column("byline", sa.Text(), nullable=True),
        sa.Column("copyright", sa.Text(), nullable=True),
        sa.Column("date_created", sa.Date(), nullable=True),
        sa.Column("keywords", sa.Text(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photos")),
        sa.UniqueConstraint("sha256", name=op.f("uq_photos_sha256")),
    )
    op.create_index("ix_photos_virin_link", "photos", ["virin_originator", "virin_sequence"])
    with op.batch_alter_table("images") as batch:
        batch.add_column(sa.Column("photo_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_images_photo_id_photos"), "photos", ["photo_id"], ["id"], ondelete="SET NULL"
        )
    op.create_index("ix_images_photo_id", "images", ["photo_id"])
    op.create_index("ix_images_virin_link", "images", ["virin_originator", "virin_sequence"])


def downgrade() -> None:
    op.drop_index("ix_images_virin_link", table_name="images")
    op.drop_index("ix_images_photo_id", table_name="images")
    with op.batch_alter_table("images") as batch:
        batch.drop_constraint(op.f("fk_images_photo_id_photos"), type_="foreignkey")
        batch.drop_column("photo_id")
    op.drop_index("ix_photos_virin_link", table_name="photos")
    op.drop_table("photos")
