"""Full-text search over stored articles (SQLite FTS5, schema version 3).

The index ``articles_fts`` is kept in sync by triggers (:mod:`.schema`), so adding articles needs
no code here. A query is a few words: each becomes a quoted FTS5 term (a reader's ``AND``, ``"``,
``*`` or ``NEAR`` is a word, never syntax), all must occur (in the title, text or outlet; Porter
stems, so ``bridges`` finds ``bridge``), best matches first (BM25, title weighted above text).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

__all__ = ["MARK_END", "MARK_START", "MAX_TERMS", "SearchHit", "SearchResult", "first_match", "fts_query",
           "search"]

MAX_TERMS = 32
MARK_START, MARK_END = "\x02", "\x03"  # around matched words in snippets (escaped text never holds them)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str | None
    source: str | None
    published: str | None
    story: str | None
    snippet: str  # the best passage, matched words between MARK_START and MARK_END
    start: int | None  # first match in the article text (for a highlighted link), else None
    end: int | None


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: tuple[SearchHit, ...]


def terms(text: str) -> list[str]:
    """The query's words (at most :data:`MAX_TERMS`), lower-cased."""
    return [w.lower() for w in _WORD.findall(text)][:MAX_TERMS]


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression: every word quoted (so it is never syntax); None without words."""
    words = terms(text)
    return " ".join(f'"{w}"' for w in words) if words else None


def first_match(text: str, words: list[str]) -> tuple[int, int] | None:
    """The span of the first word of ``text`` starting like a query word (or its stem's first
    letters), for highlighting where the search matched."""
    if not words:
        return None
    stems = sorted({w[: max(3, len(w) - 2)] if len(w) > 4 else w for w in words}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
    m = pattern.search(text)
    return (m.start(), m.end()) if m else None


def search(db: sqlite3.Connection, query: str, limit: int = 20, offset: int = 0) -> SearchResult:
    """Articles matching every word of ``query``, best first; ``limit``/``offset`` page them."""
    match = fts_query(query)
    if match is None:
        return SearchResult(query, 0, ())
    total = int(db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)).fetchone()[0])
    rows = db.execute(
        "SELECT a.id, a.title, a.source, coalesce(a.published, a.inferred), a.story_id,"
        f" snippet(articles_fts, 1, '{MARK_START}', '{MARK_END}', ' … ', 24), a.text"
        " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 4.0, 1.0, 2.0), a.id LIMIT ? OFFSET ?",
        (match, limit, offset),
    ).fetchall()
    words = terms(query)
    hits = []
    for aid, title, source, published, story, snippet, text in rows:
        span = first_match(text, words)
        hits.append(SearchHit(aid, title, source, published, story, snippet,
                              span[0] if span else None, span[1] if span else None))
    return SearchResult(query, total, tuple(hits))
