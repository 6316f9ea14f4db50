"""Query words for the search benchmarks, picked from an archive's own FTS5 index by how many
articles hold them (the synthetic vocabulary depends on the machine that built the archive)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

# Shares of the archive the benchmarks' words are found in: nearly all, most, a few... rare.
SHARES = (0.99, 0.69, 0.15, 0.02, 0.003, 0.001)


def words_by_share(conn: sqlite3.Connection, shares: Sequence[float] = SHARES) -> list[str]:
    """For each share, the word (letters only, 4 or more) whose article count is nearest it."""
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab "
        "USING fts5vocab(main, articles_fts, row)"
    )
    terms = [
        (t, d)
        for t, d in conn.execute("SELECT term, doc FROM temp.bench_vocab")
        if t.isalpha() and len(t) >= 4
    ]
    n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return [min(terms, key=lambda t: abs(t[1] - round(n * share)))[0] for share in shares]
