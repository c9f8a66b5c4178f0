"""Remembered feeds: ``newsbrief add FEED_URL`` remembers the feed, ``newsbrief add --feeds`` polls
every remembered feed and fetches only the entries not stored before.

A feed is remembered when an ``http(s)`` input turns out to be a feed (RSS 2.0, RSS 1.0, Atom).
Polls are conditional GETs (``If-None-Match`` / ``If-Modified-Since`` with the validators of the
last answer); a 304 costs one request and fetches nothing. The entries that gave a document are
written to ``feed_entries`` (by guid, else link) once the add has stored them; an entry whose
page could not be fetched is not, and the feed's validators are then not kept either, so the
next poll reads the feed again and retries that entry.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from . import AddReport, Store, StoreError

if TYPE_CHECKING:
    from ..ingest.web import FetchSettings
    from ..options import Limits

log = logging.getLogger(__name__)
Warn = Callable[[str], None]
T = TypeVar("T")

__all__ = ["FeedPoll", "FeedRow", "Tracker", "add", "feeds", "poll"]


@dataclass(frozen=True)
class FeedRow:
    url: str
    title: str | None
    added: str
    last_polled: str | None
    entries: int  # entries stored from it


@dataclass(frozen=True)
class FeedPoll:
    """What one add did with one feed."""

    url: str
    title: str | None
    changed: bool  # False: it answered 304 Not Modified
    new: int  # entries that gave a document
    wanted: int  # entries not stored before


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass
class _Seen:
    title: str | None
    etag: str | None
    modified: str | None
    changed: bool
    wanted: set[str] = field(default_factory=set)
    read: list[str] = field(default_factory=list)


class Tracker:
    """The store's side of :class:`newsbrief.ingest.feeds.FeedTracker` for one add: answers from
    the store, collects what was read, and writes it with :meth:`commit` after the add."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.seen: dict[str, _Seen] = {}

    def _db(self, what: str, run: Callable[[sqlite3.Connection], T]) -> T:
        try:
            return run(self.store.db)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.store.path}: {what} failed ({exc})") from None

    def conditional(self, url: str) -> dict[str, str]:
        row = self._db("reading feeds", lambda db: db.execute(
            "SELECT etag, modified FROM feeds WHERE url = ?", (url,)).fetchone())
        headers: dict[str, str] = {}
        if row is not None:
            if row[0]:
                headers["If-None-Match"] = row[0]
            if row[1]:
                headers["If-Modified-Since"] = row[1]
        return headers

    def known(self, feed: str, entry: str) -> bool:
        row = self._db("reading feed entries", lambda db: db.execute(
            "SELECT 1 FROM feed_entries WHERE feed = ? AND entry = ?", (feed, entry)).fetchone())
        if row is None and feed in self.seen:
            self.seen[feed].wanted.add(entry)
        return row is not None

    def feed_read(self, url: str, title: str | None, etag: str | None, modified: str | None,
                  changed: bool) -> None:
        self.seen[url] = _Seen(title, etag, modified, changed)

    def entry_read(self, feed: str, entry: str) -> None:
        if feed in self.seen:
            self.seen[feed].read.append(entry)

    def commit(self) -> list[FeedPoll]:
        """Remember the feeds read and the entries stored; returns what happened per feed."""
        now = _now()
        polls = []

        def write(db: sqlite3.Connection) -> None:
            with db:
                for url, s in self.seen.items():
                    complete = s.wanted <= set(s.read)  # else: poll the whole feed again next time
                    db.execute(
                        "INSERT INTO feeds (url, title, etag, modified, added, last_polled) VALUES (?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT(url) DO UPDATE SET title = coalesce(excluded.title, feeds.title),"
                        " etag = CASE WHEN ? THEN excluded.etag ELSE feeds.etag END,"
                        " modified = CASE WHEN ? THEN excluded.modified ELSE feeds.modified END,"
                        " last_polled = excluded.last_polled",
                        (url, s.title, s.etag if complete else None, s.modified if complete else None, now, now,
                         s.changed, s.changed),
                    )
                    db.executemany(
                        "INSERT OR IGNORE INTO feed_entries (feed, entry, seen) VALUES (?, ?, ?)",
                        [(url, entry, now) for entry in s.read],
                    )
                    polls.append(FeedPoll(url, s.title, s.changed, len(set(s.read)), len(s.wanted)))

        self._db("remembering feeds", write)
        return polls


def add(
    store: Store,
    inputs: Sequence[str | Path],
    warn: Warn | None = None,
    limits: Limits | None = None,
    stdin: object = None,
    workers: int = 1,
    fetch: FetchSettings | None = None,
) -> tuple[AddReport, list[FeedPoll]]:
    """``Store.add`` with feeds remembered, polled conditionally and read for new entries only."""
    from ..ingest import read

    warn = warn or log.warning
    tracker = Tracker(store)
    docs = read(inputs, warn, stdin=stdin, limits=limits, fetch=fetch, feeds=tracker)
    report = store.add(inputs, warn, limits, stdin, workers=workers, documents=docs)
    return report, tracker.commit()


def feeds(store: Store) -> list[FeedRow]:
    """The remembered feeds, oldest first."""
    try:
        rows = store.db.execute(
            "SELECT f.url, f.title, f.added, f.last_polled, count(e.entry) FROM feeds f"
            " LEFT JOIN feed_entries e ON e.feed = f.url GROUP BY f.url ORDER BY f.added, f.url"
        ).fetchall()
    except sqlite3.Error as exc:
        raise StoreError(f"{store.path}: reading feeds failed ({exc})") from None
    return [FeedRow(*row) for row in rows]


def poll(
    store: Store,
    inputs: Sequence[str | Path] = (),
    warn: Warn | None = None,
    limits: Limits | None = None,
    workers: int = 1,
    fetch: FetchSettings | None = None,
) -> tuple[AddReport, list[FeedPoll]]:
    """Poll every remembered feed (and add ``inputs`` beside them)."""
    urls = [row.url for row in feeds(store)]
    return add(store, [*inputs, *(u for u in urls if u not in inputs)], warn, limits, workers=workers, fetch=fetch)
