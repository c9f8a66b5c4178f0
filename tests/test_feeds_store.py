"""Remembered feeds: ``add FEED_URL`` remembers, ``add --feeds`` polls conditionally and fetches only new entries."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from conftest import EVAL, need
from intake_server import Site, load_pages

from newsbrief.ingest.web import FetchSettings
from newsbrief.store import Store
from newsbrief.store import feeds as remembered
from newsbrief.store.schema import MIGRATIONS, VERSION

FAST = FetchSettings(timeout=2, per_host_rate=0, trust_env=False, backoff=0.05)


@pytest.fixture
def site():
    need(EVAL / "article-extraction" / "html")
    s = Site(load_pages(4)).start()
    yield s
    s.close()


def page_hits(site: Site) -> int:
    return sum(n for path, n in site.hits.items() if path.startswith("/articles/"))


def test_feed_remembered_then_polled_for_new_entries_only(site, tmp_path):
    names = site.names()
    site.live[:] = [("e1", names[0]), ("e2", names[1])]
    with Store.open(tmp_path / "s.sqlite") as store:
        report, polls = remembered.add(store, [site.url("/live.xml")], fetch=FAST)
        assert report.added == 2 and polls[0].changed and polls[0].new == 2
        (row,) = remembered.feeds(store)
        assert row.url == site.url("/live.xml") and row.title == "Live Wire" and row.entries == 2
        assert page_hits(site) == 2

        # unchanged: one conditional request answered 304, no page fetched
        report, polls = remembered.poll(store, fetch=FAST)
        assert report.read == 0 and not polls[0].changed
        assert site.conditional == [False, True] and page_hits(site) == 2

        # one new entry: only its page is fetched
        site.live.append(("e3", names[2]))
        report, polls = remembered.poll(store, fetch=FAST)
        assert report.added == 1 and polls[0].new == 1 and polls[0].wanted == 1
        assert page_hits(site) == 3 and site.hits[f"/articles/{names[2]}.html"] == 1
        assert store.count() == 3


def test_an_entry_that_failed_is_retried_next_poll(site, tmp_path):
    names = site.names()
    site.live[:] = [("ok", names[0]), ("later", "not-yet")]  # the second page is a 404 for now
    with Store.open(tmp_path / "s.sqlite") as store:
        warnings: list[str] = []
        report, polls = remembered.add(store, [site.url("/live.xml")], warnings.append, fetch=FAST)
        assert report.added == 1 and polls[0].wanted == 2 and polls[0].new == 1
        assert any("HTTP 404" in w for w in warnings)
        etag = store.db.execute("SELECT etag FROM feeds").fetchone()[0]
        assert etag is None  # not kept: the next poll reads the whole feed again
        site.pages["not-yet"] = site.pages[names[1]]
        report, polls = remembered.poll(store, fetch=FAST)
        assert report.added == 1 and polls[0].new == 1
        assert site.hits[f"/articles/{names[0]}.html"] == 1  # the stored entry was not fetched again


def test_a_version_1_store_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript("BEGIN;" + MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    db.close()
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == VERSION >= 2
        assert remembered.feeds(store) == []


def test_cli_add_feed_then_poll(site, tmp_path):
    site.live[:] = [("e1", site.names()[0])]
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(NEWSBRIEF_STORE=str(tmp_path / "s.sqlite"), NEWSBRIEF_PER_HOST_RATE="0", NEWSBRIEF_TRUST_ENV="0")

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "newsbrief", "add", *args], capture_output=True, text=True,
                              env=env, timeout=120)

    r = cli("--feeds")
    assert r.returncode == 0 and "no feeds remembered" in r.stderr
    r = cli(site.url("/live.xml"), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["added"] == 1 and data["feeds"][0]["url"] == site.url("/live.xml")
    site.live.append(("e2", site.names()[1]))
    r = cli("--feeds", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["added"] == 1 and data["stored"] == 2 and data["feeds"][0]["new"] == 1
    r = cli()
    assert r.returncode == 2 and "--feeds" in r.stderr
