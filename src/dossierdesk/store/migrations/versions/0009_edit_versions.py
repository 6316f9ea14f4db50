"""edit versions: articles and dossiers count their changes and say who made the last one

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 09:50:00

Several people edit a team archive at once. A metadata edit or a dossier reorder names the
version it was made from; a stale one is refused with who changed the row and when, instead
of silently overwriting a colleague's change (``service.editing``, ``service.dossiers``).
``ADD COLUMN`` with a constant default: no table is copied on either engine.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("articles", "dossiers"):
        op.add_column(
            table,
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        )
        op.add_column(table, sa.Column("changed_by", sa.Text(), nullable=True))
    op.add_column("articles", sa.Column("changed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column("articles", "changed_at")
    for table in ("dossiers", "articles"):
        op.drop_column(table, "changed_by")
        op.drop_column(table, "version")
