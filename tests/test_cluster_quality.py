"""Clustering quality floors on the evaluation sets (figures: ``bench/clustering.py``)."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import EVAL, SEEDS, need

from newsbrief.cluster import ClusterParams, assignments, bcubed, dedup, events, jaccard, pairwise
from newsbrief.types import Article

_TOPIC_RE = re.compile(r"^(.*?)(?:\s*\(\d+\)|\.\d+)?\.txt$")


def _load(files: list[str]) -> list[Article]:
    from newsbrief.pipeline import load

    arts, _ = load(files, warn=lambda m: None)
    return arts


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    ann = json.loads((need(SEEDS) / "annotations.json").read_text(encoding="utf-8"))["documents"]
    arts = _load(sorted(str(p) for p in SEEDS.glob("*.txt")))
    return [replace(a, published=dt.date.fromisoformat(ann[a.id]["published"])) for a in arts]


@pytest.fixture(scope="module")
def duc() -> tuple[list[Article], dict[str, str]]:
    from newsbrief.evaluate import read_clusters

    arts, gold = [], {}
    for c in read_clusters(need(EVAL / "duc2006" / "clusters.jsonl")):
        for a in c.articles:
            arts.append(a)
            gold[a.id] = c.id
    random.Random(0).shuffle(arts)
    return arts, gold


def test_seeds_one_story_three_events(seeds):
    found = events(seeds)
    by_id = assignments(found)
    jan4 = {by_id[i] for i in by_id if i[:3] in ("000", "001", "002")}
    assert len(jan4) == 1
    assert len({jan4.pop(), by_id[next(i for i in by_id if i.startswith("003"))],
                by_id[next(i for i in by_id if i.startswith("004"))]}) == 3
    assert len(found) == 3 and len({e.story for e in found}) == 1
    assert found[0].start == found[0].end == dt.date(2019, 1, 4)


def test_dedup_threshold_on_seed_pairs(seeds):
    """A seed reposted with other furniture is a copy; two outlets on one event are not."""
    raw = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    rng = random.Random(3)
    for name, text in raw.items():
        lines = text.splitlines()
        kept = [ln for ln in lines if rng.random() > 0.08]  # a few lines lost
        repost = "Home | World | Middle East\nShare this article\n" + "\n".join(kept) + "\nAdvertisement\n"
        assert jaccard(text, repost) > 0.6, name
    bodies = {a.id: a.text for a in seeds}
    ids = sorted(bodies)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            assert jaccard(bodies[a], bodies[b]) < 0.15, (a, b)
    threshold = ClusterParams().dedup.threshold
    assert 0.15 < threshold < 0.6
    copies = [Article(f"copy-{a.id}", "Related stories\n" + a.text[: int(len(a.text) * 0.9)],
                      published=a.published + dt.timedelta(days=1)) for a in seeds[:2]]
    groups = dict(dedup(seeds + copies))
    assert groups == {a.id: (f"copy-{a.id}",) for a in seeds[:2]}


def test_dedup_on_duc_finds_no_false_copies(duc):
    arts, gold = duc
    for rep, copies in dedup(arts):
        for c in copies:
            assert gold[c] == gold[rep]


def test_duc_pooled_topics(duc):
    arts, gold = duc
    found = events(arts)
    stories = assignments(found, "story")
    b = bcubed(gold, stories)
    # measured 0.905 (0.881 without the split pass, 0.874 without merging; single-pass TF-IDF: ~0.83)
    assert b.f1 >= 0.895, b
    assert b.precision >= 0.905, b  # measured 0.915 (0.872 without the split pass)
    assert pairwise(gold, stories).f1 >= 0.875  # measured 0.890 (0.851 without the split pass)
    assert bcubed(gold, assignments(found)).precision >= 0.99  # events: precise, days long


def test_duc_topics_years_apart_are_never_one_story(duc):
    """Every other topic moved 6,000 days later (beyond the story window): no story spans both eras."""
    arts, gold = duc
    later = set(sorted(set(gold.values()))[1::2])
    moved = [replace(a, published=a.published + dt.timedelta(days=6000)) if a.published and gold[a.id] in later
             else a for a in arts]
    stories = assignments(events(moved), "story")
    eras: dict[str, set[bool]] = {}
    for a in moved:
        if a.published:  # undated articles have no era
            eras.setdefault(stories[a.id], set()).add(gold[a.id] in later)
    assert all(len(e) == 1 for e in eras.values())
    assert bcubed(gold, stories).f1 >= 0.87


def test_wikiref220_large_topics():
    folder = need(EVAL / "wikiref220")
    arts = _load(sorted(str(p) for p in folder.glob("*.txt") if p.name != "README.txt"))
    assert len(arts) >= 215
    gold = {a.id: _TOPIC_RE.match(a.id).group(1) for a in arts}
    sizes: dict[str, int] = {}
    for t in gold.values():
        sizes[t] = sizes.get(t, 0) + 1
    assert sorted(t for t, n in sizes.items() if n > 5) == [
        "ParisAttacks2015", "malaysia.airlines.flight", "michelle.obama", "premier.league", "samsung.galaxy.s5"
    ]
    large = {i: t for i, t in gold.items() if sizes[t] > 5}
    b = bcubed(large, assignments(events(arts), "story"))
    assert b.f1 >= 0.96, b  # measured 0.971 (without merging stories 0.934)


def test_stream_of_2000_replayed_articles(duc, tmp_path: Path):
    """A lazily read JSONL stream: same result as the list, dates shifted per replay."""
    arts, _ = duc
    path = tmp_path / "stream.jsonl"
    pool = sorted(arts[:500], key=lambda a: (a.published or dt.date.min, a.id))
    with path.open("w", encoding="utf-8") as fh:
        for k in range(4):
            for a in pool:
                day = (a.published or dt.date(1996, 1, 1)) + dt.timedelta(days=1800 * k)
                fh.write(json.dumps({"id": f"r{k}/{a.id}", "title": a.title, "published": day.isoformat(),
                                     "text": a.text}) + "\n")

    def read():
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                yield Article(r["id"], r["text"], r["title"], published=dt.date.fromisoformat(r["published"]))

    found = events(read())
    assert sum(len(e.articles) + sum(len(c) for _, c in e.duplicates) for e in found) == 2000
    # replays are 1,800 days apart: an event never mixes them (stories may: a topic recurs)
    for e in found:
        assert len({a.split("/")[0] for a in e.articles}) == 1
    assert found == events(list(read()))


def test_split_pass_does_not_cut_topics_replayed_as_near_copies(duc):
    """17 DUC topics replayed 6 times, 1,800 days apart, each replay a lightly edited copy (one
    paragraph dropped): the replays of a topic chain into one story, and near-copy events must not
    count as independent evidence that a sub-topic is a topic of its own (without that guard the
    split pass cut this stream's topics: within-replay F1 0.924 -> 0.881)."""
    arts, gold = duc
    topics = sorted(set(gold.values()))[::3]
    base = [a for a in arts if gold[a.id] in topics]
    rng = random.Random(0)
    stream, truth = [], {}
    for k in range(6):
        for a in base:
            paras = [p for p in a.text.split("\n\n") if p.strip()]
            if k and len(paras) > 3:
                paras.pop(rng.randrange(len(paras)))
            i = f"r{k}/{a.id}"
            stream.append(replace(a, id=i, text="\n\n".join(paras),
                                  published=a.published + dt.timedelta(days=1800 * k) if a.published else None))
            truth[i] = f"r{k}/{gold[a.id]}"
    params = ClusterParams()
    f1 = {}
    for split in (0.0, params.story.split):
        found = events(stream, replace(params, story=replace(params.story, split=split)))
        pred = {i: i.split("/", 1)[0] + "/" + s for i, s in assignments(found, "story").items()}
        f1[split] = bcubed(truth, pred).f1
    assert f1[params.story.split] >= f1[0.0] - 0.005, f1  # measured 0.924 both
    assert f1[params.story.split] >= 0.91, f1
