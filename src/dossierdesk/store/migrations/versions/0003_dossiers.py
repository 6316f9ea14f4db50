"""dossiers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 07:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dossiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("subtitle", sa.Text(), nullable=True),
        sa.Column("compiled_by", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossiers")),
    )
    op.create_table(
        "dossier_entries",
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_dossier_entries_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_dossier_entries_dossier_id_dossiers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("dossier_id", "article_id", name=op.f("pk_dossier_entries")),
    )
    op.create_index(
        op.f("ix_dossier_entries_article_id"), "dossier_entries", ["article_id"], unique=False
    )
    op.create_index(
        "ix_dossier_entries_dossier_position",
        "dossier_entries",
        ["dossier_id", "position"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_dossier_entries_dossier_position", table_name="dossier_entries")
    op.drop_index(op.f("ix_dossier_entries_article_id"), table_name="dossier_entries")
    op.drop_table("dossier_entries")
    op.drop_table("dossiers")
