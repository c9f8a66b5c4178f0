"""STORE: the embedded memory of what has been read (SQLite, one file, WAL).

>>> store = Store.open(path)                         # doctest: +SKIP
>>> report = store.add(["articles/"])                # doctest: +SKIP
>>> store.stories()[0].id, store.story_brief("s1")   # doctest: +SKIP

``add`` reads and cleans inputs in batches, each committed in its own transaction (a killed
add loses nothing committed and leaves no half-written article; running it again stores what
is missing, with no duplicates: an article is the same when its URL or its cleaned text's hash
is). New articles are then grouped with the stored ones by the one prepare step of every
command (:func:`newsbrief.pipeline.prepare`) and the events and stories found keep the ids
they had (:mod:`.assign`), so ids stay stable across runs and processes. The clusterer is saved,
paused, with the placements (:mod:`newsbrief.cluster.state`): when every new article has its own
date and comes after everything it read (the next day's news), the next add feeds it only the new
articles, with exactly the result of regrouping everything; otherwise every article is regrouped.
Briefs are made on demand and kept until a new article touches their story.

The file's path comes from ``--store``, else ``NEWSBRIEF_STORE``, else the user's data
directory (platformdirs). Errors (locked, corrupt, not a store, newer schema) are
:class:`StoreError` with a one-line message naming the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..options import Limits
from ..types import Article, Event, RawDocument, oldest_first
from .assign import relabel
from .schema import SchemaError, migrate

if TYPE_CHECKING:
    from ..cluster import EventClusterer

log = logging.getLogger(__name__)

ENV = "NEWSBRIEF_STORE"
BATCH = 500  # documents cleaned and committed together
Warn = Callable[[str], None]
T = TypeVar("T")

__all__ = ["AddReport", "Store", "StoreError", "StoryRow", "default_path"]


class StoreError(RuntimeError):
    """The store cannot be used (locked, corrupt, not a store, newer schema); one line."""


def default_path() -> Path:
    """``NEWSBRIEF_STORE``, else ``store.sqlite`` in the user's data directory."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    from platformdirs import user_data_dir

    return Path(user_data_dir("newsbrief", appauthor=False)) / "store.sqlite"


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AddReport:
    """What one ``add`` did."""

    read: int
    added: int
    duplicates: int  # already stored (same URL or same cleaned text)
    events: int  # events touched
    stories: int  # stories touched


@dataclass(frozen=True)
class StoryRow:
    """A line of ``newsbrief stories``."""

    id: str
    title: str
    articles: int
    outlets: int
    first: str | None
    last: str | None
    updated: str


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class Store:
    """One store file; see the module documentation."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    # ---- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, timeout: float = 10.0) -> Store:
        """Open (or create) the store at ``path``; waits up to ``timeout`` seconds for a lock."""
        target = Path(path) if path is not None else default_path()

        def connect() -> sqlite3.Connection:
            target.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(target), timeout=timeout)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            migrate(db, str(target))
            return db

        try:
            return cls(_guarded(target, "opening the store", connect), target)
        except SchemaError as exc:
            raise StoreError(str(exc)) from None
        except OSError as exc:
            raise StoreError(f"{target}: cannot open the store ({exc.strerror or exc})") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _guard(self, what: str, run: Callable[[], T]) -> T:
        return _guarded(self.path, what, run)

    # ---- adding ----------------------------------------------------------------------------

    def add(
        self,
        inputs: Sequence[str | Path],
        warn: Warn | None = None,
        limits: Limits | None = None,
        stdin: object = None,
        workers: int = 1,
        documents: Iterable[RawDocument] | None = None,
    ) -> AddReport:
        """Read, clean and store ``inputs``; then group the new articles with the stored ones.

        ``workers > 1`` cleans batches in that many processes while this one stores them (in
        input order, each batch committed whole) and computes clustering features in parallel.
        ``documents`` (already read, e.g. by :mod:`.feeds` with its feed tracker) are stored
        instead of reading ``inputs``."""
        from ..ingest import read

        warn = warn or log.warning
        read_n = added = dupes = 0
        docs = documents if documents is not None else read(inputs, warn, stdin=stdin, limits=limits)
        batches = _batches(docs, BATCH)
        for batch, cleaned in _cleaned(batches, workers):
            read_n += len(batch)
            a, d = self._guard("adding articles", partial(self._store_batch, batch, cleaned, warn))
            added += a
            dupes += d
        events, stories = self._guard("grouping articles", partial(self.regroup, workers))
        return AddReport(read_n, added, dupes, events, stories)

    def _store_batch(self, docs: Sequence[RawDocument], articles: Sequence[Article], warn: Warn) -> tuple[int, int]:
        cleaned = {a.id: a for a in articles}
        added = dupes = 0
        now = _now()
        with self.db:  # one transaction: all of the batch or none of it
            for doc in docs:
                article = cleaned.get(doc.id)
                if article is None:
                    warn(f"{doc.origin}: no article text after cleaning")
                    continue
                digest = text_hash(article.text)
                if self._known(digest, article.url):
                    dupes += 1
                    continue
                self.db.execute(
                    "INSERT INTO articles (id, hash, url, title, source, author, published, published_from,"
                    " text, raw, kind, origin, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (self._free_id(article.id, digest), digest, article.url, article.title, article.source,
                     article.author, article.published.isoformat() if article.published else None,
                     article.published_from, article.text, doc.content, doc.kind, doc.origin, now),
                )
                added += 1
        return added, dupes

    def _known(self, digest: str, url: str | None) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM articles WHERE hash = ? OR (? IS NOT NULL AND url = ?) LIMIT 1", (digest, url, url)
        ).fetchone()
        return row is not None

    def _free_id(self, wanted: str, digest: str) -> str:
        candidate, n = wanted, 1
        while self.db.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone():
            n += 1
            candidate = f"{wanted}#{digest[:8]}" if n == 2 else f"{wanted}#{digest[:8]}-{n}"
        return candidate

    # ---- grouping --------------------------------------------------------------------------

    def regroup(self, workers: int = 1) -> tuple[int, int]:
        """Events and stories of every stored article, ids kept (see :mod:`.assign`); returns how
        many events and stories changed. Nothing to do when every article is grouped already."""
        from ..cluster import EventClusterer, feed
        from ..cluster.state import dumps, fingerprint
        from ..pipeline import prepare

        if not self.db.execute("SELECT 1 FROM articles WHERE event_id IS NULL LIMIT 1").fetchone():
            return 0, 0
        placement = {
            aid: (event, story, copy)
            for aid, event, story, copy in self.db.execute("SELECT id, event_id, story_id, copy_of FROM articles")
        }
        old = {aid: (event, story) for aid, (event, story, _) in placement.items()}
        clusterer = self._paused(sum(1 for event, _, _ in placement.values() if event is not None))
        if clusterer is not None:  # only the new articles are read: all dated, all after what it read
            new = self.articles("WHERE event_id IS NULL")
            last = clusterer.last_key
            if last is not None and all(map(_on_own_date, new)) and min(map(oldest_first, new)) > last:
                feed(clusterer, new, workers)
            else:
                clusterer = None
        inferred: list[tuple[str, str | None, str]] = []  # (date, how, article) found for undated ones
        own_dates = True
        if clusterer is None:  # from the start: every stored article (dates inferred where missing)
            texts = prepare(self.articles(), events="never", analyze=False).texts
            clusterer = EventClusterer()
            feed(clusterer, [t.article for t in texts], workers)
            own_dates = all(_on_own_date(t.article) for t in texts)
            inferred = [(t.article.published.isoformat(), t.article.published_from, t.article.id) for t in texts
                        if t.article.published is not None and not _on_own_date(t.article)]
            del texts  # the texts are not needed past here (memory: a large store's texts are most of it)
        # paused before it finishes, while every article it read has a date of its own (an inferred
        # date can move when articles are added, so then the next add starts over)
        state = dumps(clusterer) if own_dates else None
        found = clusterer.finish()
        counters = dict(self.db.execute("SELECT name, value FROM counters").fetchall())
        result = relabel(found, old, counters)
        previous_events = dict(self.db.execute("SELECT id, updated FROM events").fetchall())
        now = _now()
        with self.db:
            for name, value in result.counters.items():
                self.db.execute(
                    "INSERT INTO counters (name, value) VALUES (?, ?)"
                    " ON CONFLICT(name) DO UPDATE SET value = excluded.value", (name, value)
                )
            self.db.execute("DELETE FROM events")
            stories: dict[str, list[Event]] = {}
            for ev in result.events:
                stories.setdefault(ev.story or ev.id, []).append(ev)
            # one prepared statement each, run over all rows (the article rows only where they change)
            self.db.executemany(
                "INSERT INTO events (id, story_id, title, start, end, updated) VALUES (?, ?, ?, ?, ?, ?)",
                ((ev.id, ev.story or ev.id, ev.title, ev.start.isoformat() if ev.start else None,
                  ev.end.isoformat() if ev.end else None,
                  now if ev.id in result.changed_events else previous_events.get(ev.id, now))
                 for ev in result.events),
            )  # fmt: skip
            placed: dict[str, tuple[str, str, str | None]] = {}  # article -> (event, story, copy of)
            for ev in result.events:  # the last placement of an article wins, as written one by one
                placed.update((aid, (ev.id, ev.story or ev.id, None)) for aid in ev.articles)
                placed.update((aid, (ev.id, ev.story or ev.id, rep)) for rep, copies in ev.duplicates for aid in copies)
            self.db.executemany(
                "UPDATE articles SET event_id = ?, story_id = ?, copy_of = ? WHERE id = ?",
                ((*row, aid) for aid, row in placed.items() if placement.get(aid) != row),
            )
            self.db.executemany(  # dates inferred for undated articles (their own stay as given)
                "UPDATE articles SET inferred = ?, inferred_from = ? WHERE id = ? AND published IS NULL", inferred
            )
            previous = {sid: up for sid, up in self.db.execute("SELECT id, updated FROM stories")}
            self.db.execute("DELETE FROM stories")
            for sid, evs in stories.items():
                biggest = max(evs, key=lambda e: (len(e.articles) + sum(len(c) for _, c in e.duplicates), e.id))
                changed = sid in result.changed_stories or sid not in previous
                self.db.execute(
                    "INSERT INTO stories (id, title, updated) VALUES (?, ?, ?)",
                    (sid, biggest.title, now if changed else previous[sid]),
                )
                if changed:
                    self.db.execute("DELETE FROM briefs WHERE story_id = ?", (sid,))
            self.db.execute("DELETE FROM cluster_state")
            if state is not None:
                self.db.execute(
                    "INSERT INTO cluster_state (id, fingerprint, fed, state) VALUES (1, ?, ?, ?)",
                    (fingerprint(), len(placement), state),
                )
        return len(result.changed_events), len(result.changed_stories)

    def _paused(self, placed: int) -> EventClusterer | None:
        """The clusterer saved by the last regrouping, if it read all ``placed`` articles and was
        made by this code; else None (start over)."""
        from ..cluster.state import StateError, fingerprint, loads

        row = self.db.execute("SELECT fingerprint, fed, state FROM cluster_state WHERE id = 1").fetchone()
        if row is None or row[0] != fingerprint() or row[1] != placed:
            return None
        try:
            return loads(row[2])
        except StateError as exc:
            log.warning("%s: %s; regrouping every article", self.path, exc)
            return None

    # ---- reading ---------------------------------------------------------------------------

    def articles(self, where: str = "", params: Sequence[object] = ()) -> list[Article]:
        rows = self.db.execute(
            "SELECT id, text, title, source, url, author, published, published_from FROM articles "
            + where + " ORDER BY id", tuple(params)
        )
        return [Article(r[0], r[1], r[2], r[3], r[4], r[5], _date(r[6]), r[7]) for r in rows]

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def stories(self, since: dt.date | None = None) -> list[StoryRow]:
        """Stories, most covered first; with ``since``, those with an article published since then."""
        query = (
            "SELECT s.id, s.title, count(a.id), count(DISTINCT coalesce(a.source, a.id)),"
            " min(coalesce(a.published, a.inferred)), max(coalesce(a.published, a.inferred)), s.updated"
            " FROM stories s JOIN articles a ON a.story_id = s.id GROUP BY s.id"
        )
        params: list[object] = []
        if since is not None:
            query += " HAVING max(coalesce(a.published, a.inferred)) >= ?"
            params.append(since.isoformat())
        query += " ORDER BY count(a.id) DESC, max(coalesce(a.published, a.inferred)) DESC, s.id"
        return [StoryRow(*row) for row in self.db.execute(query, params)]

    def story_events(self, story: str) -> tuple[Event, ...]:
        """The stored events of ``story``, largest first, as :class:`~newsbrief.types.Event` records."""
        events = []
        for eid, title, start, end in self.db.execute(
            "SELECT id, title, start, end FROM events WHERE story_id = ?", (story,)
        ):
            members = self.db.execute(
                "SELECT id, copy_of, published FROM articles WHERE event_id = ?", (eid,)
            ).fetchall()
            reps = sorted((m for m in members if m[1] is None), key=lambda m: (m[2] is None, m[2] or "", m[0]))
            copies: dict[str, list[str]] = {}
            for aid, rep, _ in members:
                if rep is not None:
                    copies.setdefault(rep, []).append(aid)
            events.append(Event(
                eid, title, tuple(m[0] for m in reps), _date(start), _date(end), story,
                tuple((rep, tuple(sorted(c))) for rep, c in sorted(copies.items())),
            ))
        return tuple(sorted(events, key=lambda e: (-(len(e.articles) + sum(len(c) for _, c in e.duplicates)),
                                                     e.start or dt.date.max, e.id)))

    def cached_brief(self, story: str, since: str, options: str) -> str | None:
        row = self.db.execute(
            "SELECT brief FROM briefs WHERE story_id = ? AND since = ? AND options = ?", (story, since, options)
        ).fetchone()
        return row[0] if row else None

    def keep_brief(self, story: str, since: str, options: str, brief: str) -> None:
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO briefs (story_id, since, options, brief, made) VALUES (?, ?, ?, ?, ?)",
                (story, since, options, brief, _now()),
            )

    def has_story(self, story: str) -> bool:
        return self.db.execute("SELECT 1 FROM stories WHERE id = ?", (story,)).fetchone() is not None


def _on_own_date(article: Article) -> bool:
    """Dated by the article itself (not inferred: a date from the story, or from a dateline read
    against the story's dates, can move when articles are added)."""
    return article.published is not None and article.published_from not in ("event", "dateline")


def _guarded(path: Path, what: str, run: Callable[[], T]) -> T:
    """``run()``, its SQLite errors turned into one-line :class:`StoreError` naming ``path``."""
    try:
        return run()
    except sqlite3.OperationalError as exc:
        message = str(exc)
        if "locked" in message or "busy" in message:
            raise StoreError(f"{path}: the store is locked by another newsbrief process") from None
        raise StoreError(f"{path}: {what} failed ({message})") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: {what} failed: not a newsbrief store, or corrupt ({exc})") from None


def _cleaned(
    batches: Iterable[list[RawDocument]], workers: int
) -> Iterator[tuple[list[RawDocument], list[Article]]]:
    """(batch, its cleaned articles) in input order; cleaned in ``workers`` processes when > 1,
    at most two batches a worker in flight (memory stays bounded)."""
    from ..clean import clean

    if workers <= 1:
        for batch in batches:
            yield batch, clean(batch)
        return
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    pending: deque[tuple[list[RawDocument], Future[list[Article]]]] = deque()
    with ProcessPoolExecutor(workers) as pool:
        for batch in batches:
            pending.append((batch, pool.submit(clean, batch)))
            if len(pending) >= 2 * workers:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()


def _batches(items: Iterable[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    batch: list[RawDocument] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def options_key(values: dict[str, object]) -> str:
    return json.dumps(values, sort_keys=True, default=str)
