"""The store's SQLite schema, versioned, with forward migrations.

``PRAGMA user_version`` holds the schema version; :func:`migrate` applies every migration
after it in one transaction each, so a store made by an older newsbrief opens with a newer
one. A store newer than this code is refused (never silently downgraded).
"""

from __future__ import annotations

import sqlite3

# one entry per version: the SQL that takes a store from the previous version to this one
MIGRATIONS: tuple[str, ...] = (
    # 1: articles (raw and cleaned), events, stories, briefs, counters
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,          -- sha256 of the cleaned text
        url TEXT UNIQUE,
        title TEXT,
        source TEXT,
        author TEXT,
        published TEXT,                     -- ISO date, as the article gives it
        published_from TEXT,
        inferred TEXT,                      -- ISO date inferred from a dateline or the story
        inferred_from TEXT,
        text TEXT NOT NULL,
        raw TEXT NOT NULL,
        kind TEXT NOT NULL,                 -- "text" or "html"
        origin TEXT NOT NULL,               -- the file (and line) it was read from
        added TEXT NOT NULL,                -- ISO timestamp of the add that stored it
        event_id TEXT,
        story_id TEXT,
        copy_of TEXT                        -- a near-duplicate (wire copy) of this article
    );
    CREATE INDEX articles_published ON articles (published);
    CREATE INDEX articles_unplaced ON articles (event_id) WHERE event_id IS NULL;
    CREATE INDEX articles_event ON articles (event_id);
    CREATE INDEX articles_story ON articles (story_id);
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL,
        title TEXT NOT NULL,
        start TEXT,
        end TEXT,
        updated TEXT NOT NULL
    );
    CREATE INDEX events_story ON events (story_id);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE TABLE briefs (
        story_id TEXT NOT NULL,
        since TEXT NOT NULL,                -- "" for the whole story
        options TEXT NOT NULL,              -- the options it was made with (JSON)
        brief TEXT NOT NULL,                -- the JSON brief
        made TEXT NOT NULL,
        PRIMARY KEY (story_id, since, options)
    );
    CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    );
    """,
    # 2: feeds remembered by `newsbrief add FEED_URL` and the entries already stored from each
    """
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        title TEXT,
        etag TEXT,                          -- validators of the last 200 answer (conditional GET)
        modified TEXT,
        added TEXT NOT NULL,
        last_polled TEXT
    );
    CREATE TABLE feed_entries (
        feed TEXT NOT NULL,
        entry TEXT NOT NULL,                -- the entry's id (guid), else its link
        seen TEXT NOT NULL,
        PRIMARY KEY (feed, entry)
    );
    """,
    # 3: full-text search over articles (FTS5, external content: the index holds no second copy of
    # the text). Triggers keep it in sync with every insert and delete, and with updates of the
    # indexed columns only (regrouping rewrites event and story ids, which are not indexed).
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, source, content='articles', content_rowid='rowid',
        tokenize='porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text, source) VALUES (new.rowid, new.title, new.text, new.source);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text, source)
        VALUES ('delete', old.rowid, old.title, old.text, old.source);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text, source ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text, source)
        VALUES ('delete', old.rowid, old.title, old.text, old.source);
        INSERT INTO articles_fts (rowid, title, text, source) VALUES (new.rowid, new.title, new.text, new.source);
    END;
    INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
    """,
    # 4: the event clusterer paused after the last regrouping (newsbrief.cluster.state), so the next
    # add feeds it only the new articles; written in the same transaction as the placements
    """
    CREATE TABLE cluster_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        fingerprint TEXT NOT NULL,          -- format, version and parameters it was made with
        fed INTEGER NOT NULL,               -- articles it has read (all the placed ones)
        state BLOB NOT NULL
    );
    """,
)
VERSION = len(MIGRATIONS)


class SchemaError(RuntimeError):
    """The file is not a newsbrief store this code can use."""


def migrate(db: sqlite3.Connection, name: str) -> None:
    """Bring the store at ``db`` (called ``name`` in errors) to :data:`VERSION`."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > VERSION:
        raise SchemaError(f"{name}: store schema version {version} is newer than this newsbrief ({VERSION})")
    if version == 0:
        tables = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if tables:
            raise SchemaError(f"{name}: an SQLite database that is not a newsbrief store")
    for target in range(version + 1, VERSION + 1):
        with db:
            db.executescript("BEGIN;" + MIGRATIONS[target - 1] + f"; PRAGMA user_version = {target};")
