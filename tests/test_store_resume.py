"""The store's paused clusterer: an add of later articles reads only them, with exactly the
result of regrouping everything; anything else (older articles, undated ones, a foreign or
damaged state, other parameters) starts over from the stored articles."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import sqlite3
from pathlib import Path

import pytest
from conftest import EVAL, need

import newsbrief.cluster as cluster
from newsbrief.cluster.state import StateError, dumps, loads
from newsbrief.store import Store


def _valid(day: str | None) -> bool:
    try:
        return bool(day) and dt.date.fromisoformat(str(day)) is not None
    except ValueError:  # the set has one "1998-30-06"
        return False


def _duc(limit_clusters: int = 8) -> list[dict]:
    rows = []
    for line in need(EVAL / "duc2006" / "clusters.jsonl").read_text(encoding="utf-8").splitlines()[:limit_clusters]:
        for d in json.loads(line)["documents"]:
            if _valid(d.get("published")):  # dated ones (undated articles are their own test)
                rows.append({"id": d["id"], "title": d.get("title"), "published": d["published"],
                             "text": d["text"]})
    return sorted(rows, key=lambda r: (r["published"], r["id"]))


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _placement(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return sorted(db.execute("SELECT id, event_id, story_id, copy_of FROM articles").fetchall())


def _groups(path: Path) -> tuple[set, set, set]:
    """Events, stories (as sets of articles) and copies, whatever their ids."""
    rows = _placement(path)
    events: dict[str, set] = {}
    stories: dict[str, set] = {}
    for aid, event, story, _ in rows:
        events.setdefault(event, set()).add(aid)
        stories.setdefault(story, set()).add(aid)
    return ({frozenset(v) for v in events.values()}, {frozenset(v) for v in stories.values()},
            {(aid, copy) for aid, _, _, copy in rows if copy})


@pytest.fixture
def fed(monkeypatch) -> list[int]:
    """How many articles each regrouping fed to the clusterer."""
    counts: list[int] = []
    real = cluster.feed

    def spy(clusterer, articles, workers=1):
        articles = list(articles)
        counts.append(len(articles))
        return real(clusterer, articles, workers)

    monkeypatch.setattr(cluster, "feed", spy)
    return counts


def test_later_articles_resume_the_clusterer_with_the_one_go_result(tmp_path, fed, monkeypatch):
    rows = _duc()
    one, parts = tmp_path / "one.sqlite", tmp_path / "parts.sqlite"
    with Store.open(one) as store:
        store.add([_write(tmp_path / "all.jsonl", rows)])
    cuts = [0, len(rows) // 3, 2 * len(rows) // 3, len(rows)]
    fed.clear()
    with Store.open(parts) as store:
        added = [store.add([_write(tmp_path / f"part{k}.jsonl", rows[cuts[k]:cuts[k + 1]])]).added
                 for k in range(3)]
    # each add read only its own new articles, yet events, stories and copies are the one-go ones
    assert fed == added and min(added) > 50
    assert _groups(parts) == _groups(one)
    # and the ids are those of the same three adds regrouping everything each time
    again = tmp_path / "again.sqlite"
    monkeypatch.setattr(Store, "_paused", lambda self, n: None)
    fed.clear()
    with Store.open(again) as store:
        for k in range(3):
            store.add([tmp_path / f"part{k}.jsonl"])
    assert fed == [sum(added[: k + 1]) for k in range(3)]
    assert _placement(parts) == _placement(again)
    with sqlite3.connect(parts) as db:
        assert db.execute("SELECT fed FROM cluster_state").fetchone()[0] == sum(added)


def test_an_older_article_starts_over(tmp_path, fed):
    rows = _duc(4)
    late, early = rows[len(rows) // 2:], rows[: len(rows) // 2]
    one, parts = tmp_path / "one.sqlite", tmp_path / "parts.sqlite"
    with Store.open(one) as store:
        store.add([_write(tmp_path / "all.jsonl", rows)])
    fed.clear()
    with Store.open(parts) as store:
        first = store.add([_write(tmp_path / "late.jsonl", late)]).added
        store.add([_write(tmp_path / "early.jsonl", early)])  # older than what the clusterer read
        assert fed == [first, store.count()]
    assert _groups(parts) == _groups(one)


def test_undated_articles_are_not_paused_over(tmp_path, fed):
    rows = _duc(3)
    undated = {**rows[-1], "id": "undated-1", "published": None}
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        store.add([_write(tmp_path / "a.jsonl", [*rows[:20], undated])])
        assert store.db.execute("SELECT count(*) FROM cluster_state").fetchone()[0] == 0
        store.add([_write(tmp_path / "b.jsonl", rows[20:-1])])
        assert fed == [21, store.count()]  # the inferred date may move: every article again


def _state(path: Path, blob: bytes | None = None, fingerprint: str | None = None) -> None:
    with sqlite3.connect(path) as db:
        if blob is not None:
            db.execute("UPDATE cluster_state SET state = ?", (blob,))
        if fingerprint is not None:
            db.execute("UPDATE cluster_state SET fingerprint = ?", (fingerprint,))


class _Boom:
    def __reduce__(self):
        return (os.system, ("touch pwned",))


@pytest.mark.parametrize("kind", ["code", "damaged", "other-code"])
def test_a_foreign_or_damaged_state_is_refused_and_regrouped(tmp_path, fed, kind, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    rows = _duc(3)
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        store.add([_write(tmp_path / "a.jsonl", rows[:30])])
    if kind == "code":
        _state(path, blob=pickle.dumps(_Boom()))
    elif kind == "damaged":
        _state(path, blob=b"\x80\x05not a pickle")
    else:
        _state(path, fingerprint="0" * 16)
    fed.clear()
    with Store.open(path) as store:
        store.add([_write(tmp_path / "b.jsonl", rows[30:])])
        assert fed == [store.count()]
    assert not (tmp_path / "pwned").exists()
    if kind != "other-code":
        assert "regrouping every article" in caplog.text


def test_state_round_trip_and_refusals():
    from newsbrief.cluster import EventClusterer
    from newsbrief.ingest import read  # noqa: F401  (the package imports cleanly beside it)

    c = EventClusterer(progress=lambda n: None)
    back = loads(dumps(c))
    assert isinstance(back, EventClusterer) and back._progress is None
    with pytest.raises(StateError, match="posix.system|os.system|unexpected"):
        loads(pickle.dumps(_Boom()))
    with pytest.raises(StateError, match="not an event clusterer"):
        loads(pickle.dumps([1, 2]))
