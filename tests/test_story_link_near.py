"""Story linking scores only the stories near an event in time (the rest decay to 0 beyond the
story window): the events and stories are exactly those of scoring every story."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pytest
from conftest import EVAL, need

import newsbrief.cluster.stories as stories
from newsbrief.cluster import events
from newsbrief.types import Article


@pytest.fixture(scope="module")
def replays() -> list[Article]:
    """A third of DUC 2006 three times, 1,800 days apart (as bench/store.py replays it), with
    some undated articles and a replay 900 days on (inside the window of two others)."""
    from newsbrief.evaluate import read_clusters

    base = [a for c in list(read_clusters(need(EVAL / "duc2006" / "clusters.jsonl")))[:16] for a in c.articles]
    out = []
    for k, shift in enumerate((0, 1800, 2700, 3600)):
        for n, a in enumerate(base):
            day = a.published + dt.timedelta(days=shift) if a.published and (n + k) % 23 else None
            out.append(replace(a, id=f"r{k}/{a.id}", published=day))
    return out


def _all_stories(first, last, sfirst, slast, window):
    return np.arange(len(sfirst))


def test_near_stories_give_the_events_of_all_stories(replays, monkeypatch):
    near = events(replays)
    calls: list[tuple[int, int]] = []
    real = stories._near

    def counted(first, last, sfirst, slast, window):
        cols = real(first, last, sfirst, slast, window)
        calls.append((len(cols), len(sfirst)))
        return cols

    monkeypatch.setattr(stories, "_near", counted)
    assert events(replays) == near
    assert any(kept < total for kept, total in calls)  # the restriction did leave stories out
    monkeypatch.setattr(stories, "_near", _all_stories)
    assert events(replays) == near


def test_near_keeps_undated_and_close_stories():
    big = np.iinfo(np.int64).max
    sfirst = np.array([0, 100, 3000, big, 1600], dtype=np.int64)
    slast = np.array([50, 200, 3100, -big, 1700], dtype=np.int64)
    got = stories._near(np.array([100]), np.array([150]), sfirst, slast, 1500)
    assert got.tolist() == [0, 1, 3, 4]  # 3000 is 2,850 days after: out; 1600 is exactly 1,450: in
    assert stories._near(np.array([big]), np.array([-big]), sfirst, slast, 1500).tolist() == [0, 1, 2, 3, 4]
