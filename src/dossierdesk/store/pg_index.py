"""A team archive's full-text index: documents built from the articles by the application.

On PostgreSQL each article has one row in ``articles_fts``: a ``tsvector`` of its words
(``store.text_index``: the same words FTS5 finds in a file archive), title weighted ``A``,
captions ``B``, credits ``C``, body ``D``. The parser only ever sees plain lowercase words, so
what a search finds does not depend on the server's locale or text search configuration.
Every write that adds or changes an article's text calls ``index_articles`` in its own
transaction (import, reparse, edit, undo); deleting an article deletes its row by cascade.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, select, text

from dossierdesk.store.models import Article, ArticleText
from dossierdesk.store.text_index import DocumentWords, document_words

CHUNK = 200

# ``title_document`` (migration 0009): the title's words alone, for searches limited to titles.
# One statement per chunk of articles, their columns as arrays (a statement per article spent
# more on round trips than on building the documents).
_UPSERT = text(
    "INSERT INTO articles_fts AS f (rowid, document, title_document) "
    "SELECT a.id, a.t || setweight(to_tsvector('simple', a.captions), 'B') || "
    "setweight(to_tsvector('simple', a.credits), 'C') || "
    "setweight(to_tsvector('simple', a.body), 'D'), a.t "
    "FROM (SELECT u.id, u.captions, u.credits, u.body, "
    "setweight(to_tsvector('simple', u.title), 'A') AS t "
    "FROM unnest(CAST(:ids AS integer[]), CAST(:titles AS text[]), CAST(:captions AS text[]), "
    "CAST(:credits AS text[]), CAST(:bodies AS text[])) "
    "AS u(id, title, captions, credits, body)) AS a "
    "ON CONFLICT (rowid) DO UPDATE "
    "SET document = EXCLUDED.document, title_document = EXCLUDED.title_document"
)


def index_articles(conn: Connection, article_ids: Iterable[int]) -> int:
    """(Re)build the documents of these articles (ids of missing articles are ignored)."""
    ids = sorted(set(article_ids))
    done = 0
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        rows = conn.execute(
            select(
                Article.id,
                Article.title,
                ArticleText.body,
                ArticleText.captions,
                ArticleText.credits,
            )
            .join(ArticleText, ArticleText.article_id == Article.id)
            .where(Article.id.in_(part))
        ).all()
        done += index_documents(
            conn, [(r[0], document_words(r[1], r[2], r[3], r[4])) for r in rows]
        )
    return done


def index_documents(conn: Connection, docs: Sequence[tuple[int, DocumentWords]]) -> int:
    """(Re)build the documents of articles from their words: (id, ``document_words``) each
    (an import has them at hand, made by its parser processes: nothing is read back)."""
    for start in range(0, len(docs), CHUNK):
        part = docs[start : start + CHUNK]
        conn.execute(
            _UPSERT,
            {
                "ids": [i for i, _ in part],
                "titles": [w[0] for _, w in part],
                "bodies": [w[1] for _, w in part],
                "captions": [w[2] for _, w in part],
                "credits": [w[3] for _, w in part],
            },
        )
    return len(docs)


def unindexed_ids(conn: Connection, limit: int | None = None) -> list[int]:
    """Articles without a document (``check`` reports them; ``rebuild`` fills them)."""
    sql = (
        "SELECT a.id FROM articles a LEFT JOIN articles_fts f ON f.rowid = a.id "
        "WHERE f.rowid IS NULL ORDER BY a.id LIMIT :limit"
    )
    rows = conn.execute(text(sql), {"limit": limit})  # LIMIT NULL: no limit
    return [int(r[0]) for r in rows]


def reindex_all(conn: Connection) -> int:
    """Rebuild every document, in id order."""
    ids: Sequence[int] = [int(r[0]) for r in conn.execute(select(Article.id).order_by(Article.id))]
    return index_articles(conn, ids)
