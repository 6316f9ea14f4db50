"""The archive store: SQLAlchemy models, the FTS5 index and Alembic migrations."""
