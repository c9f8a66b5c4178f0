"""What the web desk reads from the store (small queries beside :class:`~newsbrief.store.Store`'s own)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..store import Store, StoryRow
from ..types import Article

UNKNOWN_OUTLET = "unknown outlet"


@dataclass(frozen=True)
class StoredArticle:
    article: Article
    story: str | None
    event: str | None


@dataclass(frozen=True)
class StoryPage:
    """A page of the story list: the stories on it, how many there are, each one's outlets."""

    total: int
    rows: tuple[StoryRow, ...]
    coverage: dict[str, tuple[tuple[str, int], ...]]


class Stores:
    """One store connection per thread (SQLite connections stay in the thread that opened them)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store.open(self.path)
        return store


def coverage(store: Store, stories: Sequence[str]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Each story's outlets with their article counts, most articles first."""
    found: dict[str, list[tuple[str, int]]] = {s: [] for s in stories}
    for start in range(0, len(stories), 500):
        chunk = list(stories[start:start + 500])
        marks = ",".join("?" * len(chunk))
        for story, outlet, n in store.db.execute(
            f"SELECT story_id, coalesce(nullif(source, ''), '{UNKNOWN_OUTLET}'), count(*) FROM articles"
            f" WHERE story_id IN ({marks}) GROUP BY 1, 2", chunk
        ):
            found[story].append((outlet, n))
    return {s: tuple(sorted(v, key=lambda x: (-x[1], x[0]))) for s, v in found.items()}


def story_page(store: Store, since: dt.date | None, offset: int, limit: int) -> StoryPage:
    rows = store.stories(since)
    shown = tuple(rows[offset:offset + limit])
    return StoryPage(len(rows), shown, coverage(store, [r.id for r in shown]))


def story_row(store: Store, story: str) -> StoryRow | None:
    return next((r for r in story_rows(store, [story])), None)


def story_rows(store: Store, stories: Sequence[str]) -> list[StoryRow]:
    marks = ",".join("?" * len(stories))
    query = (
        "SELECT s.id, s.title, count(a.id), count(DISTINCT coalesce(a.source, a.id)),"
        " min(coalesce(a.published, a.inferred)), max(coalesce(a.published, a.inferred)), s.updated"
        f" FROM stories s JOIN articles a ON a.story_id = s.id WHERE s.id IN ({marks}) GROUP BY s.id"
    )
    return [StoryRow(*row) for row in store.db.execute(query, list(stories))]


def story_updated(store: Store, story: str) -> str | None:
    row = store.db.execute("SELECT updated FROM stories WHERE id = ?", (story,)).fetchone()
    return row[0] if row else None


def article(store: Store, article_id: str) -> StoredArticle | None:
    found = store.articles("WHERE id = ?", [article_id])
    if not found:
        return None
    story, event, inferred, how = store.db.execute(
        "SELECT story_id, event_id, inferred, inferred_from FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    a = found[0]
    if a.published is None and inferred:  # the date inferred from a dateline or the story, said as such
        a = replace(a, published=dt.date.fromisoformat(inferred), published_from=how)
    return StoredArticle(a, story, event)


def counts(store: Store) -> tuple[int, int]:
    """Articles and stories stored."""
    return (int(store.db.execute("SELECT count(*) FROM articles").fetchone()[0]),
            int(store.db.execute("SELECT count(*) FROM stories").fetchone()[0]))
