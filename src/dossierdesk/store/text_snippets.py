"""Snippets of a matching text, as FTS5's ``snippet()`` cuts them (stdlib only).

Snippets (``snippet``) follow FTS5's ``snippet()`` (fts5_aux.c): every phrase instance, and
the sentence start before it, is a candidate start for a window of ``tokens`` words; a window
scores 1000 per distinct phrase in it plus 1 per repeat (+100 for a sentence start, +120 for
the text's start); the best window is centred on its matches; the original text of the window
is returned with matches between U+E000 and U+E001 and "…" where it is cut. Only the first
``SNIPPET_SCAN`` characters are scanned; the text is one column (FTS5's ``-1`` picks the best
column; callers pass the body).
"""

from __future__ import annotations

from collections.abc import Sequence

from dossierdesk.store.text_index import tokens as word_spans
from dossierdesk.store.text_query import MatchTerm

__all__ = ["SNIPPET_SCAN", "snippet"]

#: How much of a text ``snippet`` looks at (characters).
SNIPPET_SCAN = 200_000


def _instances(tokens: Sequence[str], terms: Sequence[MatchTerm]) -> list[tuple[int, int, int]]:
    """(position, phrase index, phrase length) of every phrase instance, by position."""
    heads: dict[str, list[int]] = {}
    for index, term in enumerate(terms):
        heads.setdefault(term.words[0], []).append(index)
    prefixed = [i for i, t in enumerate(terms) if t.prefix and len(t.words) == 1]
    found: list[tuple[int, int, int]] = []
    for position, token in enumerate(tokens):
        candidates = list(heads.get(token, ()))
        candidates += [
            i for i in prefixed if i not in candidates and token.startswith(terms[i].words[0])
        ]
        for index in sorted(candidates):
            term = terms[index]
            size = len(term.words)
            if _phrase_at(tokens, position, term):
                found.append((position, index, size))
    return found


def _phrase_at(tokens: Sequence[str], position: int, term: MatchTerm) -> bool:
    size = len(term.words)
    if position + size > len(tokens):
        return False
    for offset, word in enumerate(term.words):
        token = tokens[position + offset]
        if offset == size - 1 and term.prefix:
            if not token.startswith(word):
                return False
        elif token != word:
            return False
    return True


def _score(
    instances: Sequence[tuple[int, int, int]], start: int, size: int, doc_size: int
) -> tuple[int, int]:
    """fts5SnippetScore: (score, adjusted start) of the window of ``size`` tokens at ``start``."""
    seen: set[int] = set()
    score, first, last = 0, -1, 0
    for position, index, length in instances:
        if start <= position < start + size:
            score += 1 if index in seen else 1000
            seen.add(index)
            if first < 0:
                first = position
            last = position + length
    adjusted = first - (size - (last - first)) // 2
    if adjusted + size > doc_size:
        adjusted = doc_size - size
    return score, max(adjusted, 0)


def _sentence_starts(text: str, spans: Sequence[tuple[int, int, str]]) -> list[int]:
    """Token positions that start a sentence: the first, and each one after "." or ":" and
    blanks (fts5SentenceFinderCb)."""
    starts = [0] if spans else []
    for position in range(1, len(spans)):
        offset = spans[position][0]
        before = text[:offset].rstrip(" \t\n\r")
        if len(before) < offset and before[-1:] in (".", ":"):
            starts.append(position)
    return starts


def snippet(
    text: str,
    terms: Sequence[MatchTerm],
    tokens: int = 16,
    *,
    start_mark: str = "\ue000",
    end_mark: str = "\ue001",
    ellipsis: str = "…",
) -> str:
    """FTS5's ``snippet(t, col, start_mark, end_mark, ellipsis, tokens)`` of one column's
    ``text`` for these phrases (see ``match_terms``): the original text of the best window of
    ``tokens`` words, matches marked, "…" where the text is cut."""
    scanned = text[:SNIPPET_SCAN]
    cut = len(scanned) < len(text)
    spans = list(word_spans(scanned))
    if cut and spans and spans[-1][1] == len(scanned):
        spans.pop()  # a word cut in two
    folded = [word for _, _, word in spans]
    doc_size = len(spans) if not cut else len(spans) + tokens + 1
    terms = [t for t in terms if t.words]
    instances = _instances(folded, terms) if terms else []
    best_score, best_start = 0, 0
    sentences = _sentence_starts(scanned, spans) if len(spans) > tokens else []
    for position, _, _ in instances:
        score, adjusted = _score(instances, position, tokens, doc_size)
        if score > best_score:
            best_score, best_start = score, adjusted
        if sentences:
            jj = 0
            while jj < len(sentences) - 1 and sentences[jj + 1] <= position:
                jj += 1
            if sentences[jj] < position:
                score, _ = _score(instances, sentences[jj], tokens, doc_size)
                score += 120 if sentences[jj] == 0 else 100
                if score > best_score:
                    best_score, best_start = score, sentences[jj]
    end = best_start + tokens - 1
    # Overlapping instances are coalesced (fts5CInstIterNext); adjacent ones are not.
    opens: set[int] = set()
    closes: set[int] = set()
    current: list[int] | None = None
    for position, _, length in instances:
        if current is not None and position <= current[1]:
            current[1] = max(current[1], position + length - 1)
            continue
        if current is not None:
            opens.add(current[0])
            closes.add(current[1])
        current = [position, position + length - 1]
    if current is not None:
        opens.add(current[0])
        closes.add(current[1])
    inside = any(o < best_start <= c for o, c in zip(sorted(opens), sorted(closes), strict=True))
    out: list[str] = []
    if best_start > 0:
        out.append(ellipsis)
    offset = spans[best_start][0] if best_start > 0 and best_start < len(spans) else 0
    last = min(end, len(spans) - 1)
    for position in range(best_start, last + 1):
        start, stop, _ = spans[position]
        out.append(scanned[offset:start])
        if position in opens or (position == best_start and inside):
            out.append(start_mark)
        out.append(scanned[start:stop])
        if position in closes or (position == last and inside and not closes & {position}):
            out.append(end_mark)
        inside = (inside or position in opens) and position not in closes
        offset = stop
    if end >= doc_size - 1:
        out.append(scanned[offset:])
    else:
        out.append(ellipsis)
    return "".join(out)
