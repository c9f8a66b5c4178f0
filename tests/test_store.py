"""The store: idempotent adds, stable ids across processes, update briefs, durability, bad stores."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EVAL, need

from newsbrief.options import Options
from newsbrief.pipeline import prepare, sample_path
from newsbrief.store import Store, StoreError, text_hash
from newsbrief.store.briefs import brief_from_data, story_brief

SAMPLE = sorted(sample_path().glob("*.txt"))


def cli(*args: str, store: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSBRIEF_STORE": str(store)}
    proc = subprocess.run([sys.executable, "-m", "newsbrief", *args], capture_output=True, text=True, env=env,
                          timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def groups(store: Store) -> dict[str, set[frozenset[str]]]:
    out: dict[str, set[frozenset[str]]] = {}
    for row in store.stories():
        out[row.id] = {frozenset(e.articles) | {c for _, cs in e.duplicates for c in cs}
                       for e in store.story_events(row.id)}
    return out


def test_sample_added_one_file_per_process_is_one_story_of_three_events(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    for f in SAMPLE:
        cli("add", str(f), store=path)
    with Store.open(path) as store:
        stories = store.stories()
        assert [s.id for s in stories] == ["s1"] and stories[0].articles == 5
        events = store.story_events("s1")
        assert sorted(e.id for e in events) == ["e1", "e2", "e3"]
        # the same events as briefing the sample in one go
        one_go = {frozenset(e.articles) for e in prepare(store.articles()).events}
        assert {frozenset(e.articles) for e in events} == one_go
        assert stories[0].first == "2019-01-04" and stories[0].last == "2019-03-03"
    # adding everything again stores nothing and keeps every id
    out = cli("add", str(sample_path()), "--json", store=path)
    report = json.loads(out.stdout)
    assert report["added"] == 0 and report["duplicates"] == 5 and report["stored"] == 5
    with Store.open(path) as store:
        assert sorted(e.id for e in store.story_events("s1")) == ["e1", "e2", "e3"]


def test_ids_stay_stable_when_a_new_event_arrives(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        store.add([str(f) for f in SAMPLE[:3]])  # the 4 January articles
        first = {e.id: frozenset(e.articles) for e in store.story_events("s1")}
        assert list(first) == ["e1"]
        store.add([str(f) for f in SAMPLE[3:]])
        after = {e.id: frozenset(e.articles) for e in store.story_events("s1")}
        assert after["e1"] == first["e1"] and sorted(after) == ["e1", "e2", "e3"]


def test_story_brief_matches_the_brief_and_is_kept(tmp_path: Path) -> None:
    from newsbrief.render.json import brief_data

    with Store.open(tmp_path / "s.sqlite") as store:
        store.add([str(sample_path())])
        b = story_brief(store, "s1", Options())
        assert [eb.event.id for eb in b.events] == ["e1", "e2", "e3"]
        assert len(b.summary.sentences) >= 2 and b.story.conflicts
        assert story_brief(store, "s1", Options()) == b  # read back from the store
        assert brief_from_data(brief_data(b)) == b


def test_update_brief_covers_only_what_is_new(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    cli("add", str(sample_path()), store=path)
    data = json.loads(cli("story", "s1", "--since", "2019-01-05", "--format", "json", store=path).stdout)
    assert data["since"] == "2019-01-05"
    new = {"003_67c9745db3a00316.txt", "004_2c1bc55939869abd.txt"}
    assert {e["id"] for e in data["events"]} == {"e2", "e3"}
    cited = {c["article"] for s in data["summary"] for c in s["citations"]}
    assert cited and cited <= new
    assert all(e["date"] > "2019-01-04" for e in data["timeline"] if e["granularity"] == "day")
    nothing = cli("story", "s1", "--since", "2019-03-04", store=path, check=False)
    assert nothing.returncode == 1 and "no article published after 2019-03-04" in nothing.stderr


def test_stories_listing_and_brief_over_the_store(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    cli("add", str(sample_path()), store=path)
    rows = json.loads(cli("stories", "--format", "json", store=path).stdout)["stories"]
    assert rows[0]["id"] == "s1" and rows[0]["outlets"] == 5
    assert json.loads(cli("stories", "--since", "2019-04-01", "--format", "json", store=path).stdout) == {
        "stories": []
    }
    stored = json.loads(cli("brief", "--store", str(path), "--format", "json", store=tmp_path / "unused").stdout)
    direct = json.loads(cli("brief", str(sample_path()), "--format", "json", store=path).stdout)
    assert stored["summary"] == direct["summary"]


def test_good_items_beside_bad_ones_are_stored(tmp_path: Path) -> None:
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "a.jsonl").write_text(
        '{"id": "x", "text": "The mayor opened the new bridge over the river on Monday morning, officials said."}\n'
        "{not json\n"
        '{"id": "y", "text": 5}\n', encoding="utf-8")
    (bad / "b.bin").write_bytes(b"\x00\x01\x02" * 100)
    out = cli("add", str(bad), store=tmp_path / "s.sqlite")
    assert "a.jsonl:2" in out.stderr and "Traceback" not in out.stderr
    with Store.open(tmp_path / "s.sqlite") as store:
        assert [a.id for a in store.articles()] == ["x"]


def test_unusable_store_files_give_one_line_errors(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(os.urandom(4096))
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    for path, words in ((junk, "corrupt"), (other, "not a newsbrief store")):
        with pytest.raises(StoreError, match=words):
            Store.open(path)
        proc = cli("stories", store=path, check=False)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and str(path) in proc.stderr
    newer = tmp_path / "newer.sqlite"
    Store.open(newer).close()
    with sqlite3.connect(newer) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer"):
        Store.open(newer)


def test_a_locked_store_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):
            with Store.open(path, timeout=0.2) as store:
                store.add([str(SAMPLE[0])])
    finally:
        holder.rollback()
        holder.close()


def test_killed_add_loses_nothing_committed_and_resumes(tmp_path: Path) -> None:
    clusters = need(EVAL / "duc2006" / "clusters.jsonl")
    records = []
    with clusters.open(encoding="utf-8") as f:
        for line in f:
            for d in json.loads(line)["documents"]:
                records.append({"id": d["id"], "title": d.get("title"), "published": d.get("published"),
                                "text": d["text"]})
    data = tmp_path / "big.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    path = tmp_path / "s.sqlite"
    env = {**os.environ, "NEWSBRIEF_STORE": str(path)}
    proc = subprocess.Popen([sys.executable, "-m", "newsbrief", "add", str(data)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:  # kill once some batches are in
        time.sleep(0.2)
        if path.exists():
            try:
                with sqlite3.connect(path, timeout=0.1) as db:
                    stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.Error:
                continue
            if stored >= 500:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert stored >= 500, "the add finished or stored nothing before the kill"
    with Store.open(path) as store:  # what was committed is whole
        killed = store.articles()
        assert killed
        assert all(text_hash(a.text) == h for a, (h,) in
                   zip(killed, store.db.execute("SELECT hash FROM articles ORDER BY id"), strict=True))
    cli("add", str(data), store=path)  # resumes: stores the rest, no duplicates
    with Store.open(path) as store:
        ids = [a.id for a in store.articles()]
        hashes = [h for (h,) in store.db.execute("SELECT hash FROM articles")]
        assert len(ids) == len(set(ids)) and len(hashes) == len(set(hashes))
        assert len(ids) >= 0.95 * len(records)  # all but exact copies within the data
        assert store.db.execute("SELECT count(*) FROM articles WHERE event_id IS NULL").fetchone()[0] == 0
        assert {a.id for a in killed} <= set(ids)
    again = json.loads(cli("add", str(data), "--json", store=path).stdout)
    assert again["added"] == 0 and again["stored"] == len(ids)
