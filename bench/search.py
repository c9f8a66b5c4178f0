"""Full-text search (store schema 3, SQLite FTS5 kept by triggers): what the index costs an add, and
how fast a search answers.

    .venv/bin/python bench/search.py                 # DUC 2006 articles (../shared/eval/duc2006)
    .venv/bin/python bench/search.py --copies 4      # 4 x the articles (texts made distinct)

Inserts the articles' rows into a store at schema 2 (no index) and at schema 3 (the index and its
triggers), 500 a transaction as ``Store.add`` commits them, and prints rows/s and the index's cost per
article; then times searches (``newsbrief.store.search``: matching, BM25 ranking, snippets, the first
match's span) of a few queries against the schema-3 store, median of repeated runs.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("Russia submarine rescue", "global warming", "Native American reservation", "election", "bridge")


def texts(copies: int) -> list[str]:
    source = ROOT.parent / "shared" / "eval" / "duc2006" / "clusters.jsonl"
    if not source.exists():
        raise SystemExit(f"{source}: not found (the DUC 2006 set lives in ../shared beside the checkout)")
    found = []
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            for d in json.loads(line).get("documents", []):
                found.append(d["text"] if isinstance(d, dict) else d)
    out = []
    for k in range(copies):  # copy k: its paragraphs rotated by k, so every row is distinct
        for t in found:
            parts = t.split("\n\n")
            r = k % max(1, len(parts))
            out.append("\n\n".join(parts[r:] + parts[:r]) + ("" if k == 0 else f" (copy {k})"))
    return out


def insert(path: Path, version: int, rows: list[str]) -> float:
    sys.path.insert(0, str(ROOT / "src"))
    from newsbrief.store.schema import MIGRATIONS

    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    for target in range(1, version + 1):
        db.executescript("BEGIN;" + MIGRATIONS[target - 1] + f"; PRAGMA user_version = {target}; COMMIT;")
    started = time.perf_counter()
    for b in range(0, len(rows), 500):
        with db:
            db.executemany(
                "INSERT INTO articles (id, hash, title, text, raw, kind, origin, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(f"a{i}", f"h{i}", t.split("\n", 1)[0][:80], t, t, "text", "bench", "now")
                 for i, t in enumerate(rows[b:b + 500], b)],
            )
    seconds = time.perf_counter() - started
    db.close()
    return len(rows) / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    rows = texts(args.copies)
    words = sum(len(t.split()) for t in rows) / len(rows)
    with tempfile.TemporaryDirectory() as tmp:
        plain = insert(Path(tmp) / "v2.sqlite", 2, rows)
        indexed = insert(Path(tmp) / "v3.sqlite", 3, rows)
        print(f"{len(rows)} articles ({words:.0f} words on average)")
        print(f"  inserts: schema 2 (no index) {plain:,.0f} rows/s; schema 3 (FTS5 + triggers) {indexed:,.0f} rows/s;"
              f" the index costs {1000 * (1 / indexed - 1 / plain):.2f} ms an article")
        from newsbrief.store.search import search

        db = sqlite3.connect(Path(tmp) / "v3.sqlite")
        for q in QUERIES:
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                result = search(db, q, 20)
                times.append(time.perf_counter() - started)
            print(f"  search {q!r}: {result.total} matches, first 20 with snippets in "
                  f"{1000 * statistics.median(times):.1f} ms (median of {args.repeat})")
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
