"""full-text indexing of imports deferred to the end of each import transaction

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 09:40:00

The trigger that indexed each new article as its text row was inserted made large imports
slow: the import writes files in chunks, each inside a SAVEPOINT so that a faulty file can be
rolled back alone, and FTS5 writes its pending index data to disk at every SAVEPOINT. Ten
thousand articles became a hundred and fifty small index segments to merge (3.6 s of CPU against
0.8 s for indexing the same rows in one statement).

While the one-row table ``fts_deferral`` holds a row, the trigger stands aside; the import adds
that row at the start of its transaction and, before committing, indexes every article it added
in one ``INSERT ... SELECT`` in id order and deletes the row again. The row is therefore never
committed: a crash or a rollback leaves neither the row nor unindexed articles behind. Every
other writer (editing, undo of a delete, other tools on the file) is indexed by the trigger as
before.
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Migrations keep their own copy of the DDL (store.fts may change later).
_DEFERRING_TRIGGER = """
CREATE TRIGGER articles_fts_text_ai AFTER INSERT ON article_texts
WHEN NOT EXISTS (SELECT 1 FROM fts_deferral) BEGIN
    INSERT INTO articles_fts(rowid, title, body, captions, credits)
    SELECT a.id, a.title, t.body, t.captions, t.credits
    FROM articles a JOIN article_texts t ON t.article_id = a.id WHERE a.id = new.article_id;
END
"""
_PLAIN_TRIGGER = """
CREATE TRIGGER articles_fts_text_ai AFTER INSERT ON article_texts BEGIN
    INSERT INTO articles_fts(rowid, title, body, captions, credits)
    SELECT a.id, a.title, t.body, t.captions, t.credits
    FROM articles a JOIN article_texts t ON t.article_id = a.id WHERE a.id = new.article_id;
END
"""


def upgrade() -> None:
    op.execute(
        "CREATE TABLE fts_deferral ("
        " id INTEGER NOT NULL CONSTRAINT pk_fts_deferral PRIMARY KEY"
        " CONSTRAINT ck_fts_deferral_one_row CHECK (id = 1))"
    )
    if op.get_bind().dialect.name != "sqlite":
        return  # a team archive (PostgreSQL) has no triggers: the application indexes
    op.execute("DROP TRIGGER articles_fts_text_ai")
    op.execute(_DEFERRING_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER articles_fts_text_ai")
        op.execute(_PLAIN_TRIGGER)
    op.execute("DROP TABLE fts_deferral")
