"""Clustering units: metrics by hand, near-duplicates, online events, stories, streaming API."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import numpy as np
import pytest

from newsbrief.cluster import (
    ClusterParams,
    DedupParams,
    LevelParams,
    ParamsError,
    assignments,
    bcubed,
    dedup,
    events,
    jaccard,
    pairwise,
)
from newsbrief.cluster.features import featurize
from newsbrief.cluster.online import Vector
from newsbrief.cluster.stories import EventVector, link
from newsbrief.types import Article

# -- metrics, computed by hand ----------------------------------------------------------------
GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
PRED = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}


def test_bcubed_by_hand():
    # precision: a,b 2/2; c 1/3; d,e 2/3 -> (1+1+1/3+2/3+2/3)/5 = 11/15
    # recall:    a,b 2/3; c 1/3; d,e 2/2 -> (2/3+2/3+1/3+1+1)/5 = 11/15
    s = bcubed(GOLD, PRED)
    assert s.precision == pytest.approx(11 / 15)
    assert s.recall == pytest.approx(11 / 15)
    assert s.f1 == pytest.approx(11 / 15)


def test_pairwise_by_hand():
    # predicted pairs: ab, cd, ce, de = 4; gold pairs: ab, ac, bc, de = 4; shared: ab, de = 2
    s = pairwise(GOLD, PRED)
    assert (s.precision, s.recall, s.f1) == pytest.approx((0.5, 0.5, 0.5))


def test_metrics_perfect_and_singletons():
    assert bcubed(GOLD, {k: str(v) for k, v in GOLD.items()}).f1 == 1.0
    s = bcubed(GOLD, {})  # every item alone: precision 1, recall (1/3*3 + 1/2*2)/5
    assert s.precision == 1.0 and s.recall == pytest.approx(2 / 5)
    assert pairwise(GOLD, {}).precision == 1.0 and pairwise(GOLD, {}).recall == 0.0
    # scoring a subset: only the items of gold count, other items of a predicted cluster don't
    assert bcubed({"a": 1, "b": 1}, {"a": "x", "b": "x", "z": "x"}).f1 == 1.0


# -- near-duplicates ---------------------------------------------------------------------------
BODY = (
    "The city council voted on Tuesday to approve a new budget for the public library system, "
    "ending months of debate over opening hours and staffing. The plan adds evening hours at "
    "four branches and hires twelve librarians. Critics said the money should have gone to road "
    "repairs, while supporters called the vote a win for students and families. The mayor is "
    "expected to sign the budget next week, officials said."
)
OTHER = (
    "Library hours will grow after a long fight at city hall, where members backed spending more "
    "on branches. Twelve new staff will be hired, and several branches open later in the evening. "
    "Some residents wanted roads fixed first. The mayor plans to sign it soon, according to aides."
)


def art(i: str, text: str, day: int | None = 1, title: str | None = None) -> Article:
    return Article(i, text, title, published=dt.date(2024, 3, day) if day else None)


def test_jaccard_of_copies_and_rewrites():
    assert jaccard(BODY, BODY) == 1.0
    assert jaccard(BODY, "Advertisement\n" + BODY + "\nShare this article") > 0.9
    assert jaccard(BODY, OTHER) < 0.1


def test_dedup_folds_copies_into_the_earliest():
    arts = [
        art("late-copy", "Share on Facebook\n" + BODY + "\nRead more", day=3, title="Budget passes"),
        art("orig", BODY, day=1, title="Council approves library budget"),
        art("rewrite", OTHER, day=2),
    ]
    assert dedup(arts) == (("orig", ("late-copy",)),)
    random.Random(1).shuffle(arts)
    assert dedup(arts) == (("orig", ("late-copy",)),)


def test_dedup_window_and_short_texts():
    far = [art("a", BODY, day=1), Article("b", BODY, published=dt.date(2024, 6, 1))]
    assert dedup(far) == ()  # beyond window_days: a new publication, not a copy
    assert dedup(far, DedupParams(window_days=365)) == (("a", ("b",)),)
    assert dedup([art("s1", "Too short."), art("s2", "Too short.")]) == ()


def test_params_are_validated():
    with pytest.raises(ParamsError):
        DedupParams(threshold=0)
    with pytest.raises(ParamsError):
        LevelParams(threshold=1.5, halflife_days=1, floor=0.5, window_days=1)
    with pytest.raises(ParamsError):
        ClusterParams(lookahead=-1)
    with pytest.raises(ParamsError):
        LevelParams(threshold=0.1, halflife_days=1, floor=0.5, window_days=1, merge=-0.1)
    with pytest.raises(ParamsError):
        LevelParams(threshold=0.1, halflife_days=1, floor=0.5, window_days=1, merge_prior=0)


# -- events ------------------------------------------------------------------------------------
QUAKE = [
    "A powerful earthquake struck northern Chile, shaking buildings in Santiago and Antofagasta.",
    "Rescue teams searched collapsed homes in the Atacama region as aftershocks continued.",
    "The Chilean government declared an emergency after the earthquake damaged coastal towns.",
    "President Boric visited Antofagasta and promised aid to families who lost their homes.",
    "Seismologists measured the quake at magnitude 7.4 near the Chilean coast.",
    "Hospitals in Antofagasta treated hundreds of people injured by falling debris in the quake.",
    "A tsunami warning for the Chilean coast was lifted hours after the earthquake.",
    "Power and water were cut across the Atacama region, officials in Santiago said.",
]
FINALS = [
    "The Boston Celtics beat the Dallas Mavericks in the NBA Finals at TD Garden.",
    "Jayson Tatum scored 31 points as the Celtics pulled ahead of the Mavericks.",
    "The Celtics defence held Luka Doncic in check for most of the Finals game.",
    "Coach Joe Mazzulla praised the Boston bench after the win over Dallas.",
    "Boston moved one win away from the NBA championship trophy against the Mavericks.",
    "Kyrie Irving struggled against his former team as the Mavericks lost in Boston.",
    "Fans at TD Garden celebrated as the Celtics closed out the Finals game.",
    "The Mavericks will try to extend the NBA Finals when the series returns to Dallas.",
]


def story_text(sentences: list[str], v: int) -> str:
    """Five of the eight sentences, a different choice and order for each variant (not copies)."""
    picks = [sentences[(v * 3 + k) % 8] for k in range(5)]
    return " ".join(picks[::-1] if v % 2 else picks) + f" Reported by correspondent number {v}."


def stream() -> list[Article]:
    arts = []
    for v in range(4):
        arts.append(art(f"quake{v}", story_text(QUAKE, v), day=2 + v % 2, title="Earthquake hits northern Chile"))
        arts.append(art(f"finals{v}", story_text(FINALS, v), day=2 + v % 2,
                        title="Celtics beat Mavericks in NBA Finals"))
    return arts


def test_events_separate_topics_and_ignore_input_order():
    arts = stream()
    found = events(arts)
    groups = sorted(sorted(a for a, e in assignments(found).items() if e == ev.id) for ev in found)
    assert groups == [[f"finals{v}" for v in range(4)], [f"quake{v}" for v in range(4)]]
    for seed in range(3):
        random.Random(seed).shuffle(arts)
        assert events(arts) == found
    assert events(iter(sorted(arts, key=lambda a: (a.published, a.id)))) == found  # a stream
    assert len({e.story for e in found}) == 2


def test_event_fields_and_order():
    found = events(stream() + [art("copy", "Breaking\n" + story_text(QUAKE, 0), day=4)])
    big = found[0]
    assert big.id == "e1" and big.story == "s1"
    assert "copy" not in big.articles and dict(big.duplicates)["quake0"][-1] == "copy"
    assert big.start == dt.date(2024, 3, 2) and big.end == dt.date(2024, 3, 4)  # copies count
    assert big.title == "Earthquake hits northern Chile"
    assert list(big.articles) == sorted(big.articles, key=lambda i: ({"quake0": 0, "quake2": 0}.get(i, 1), i))
    sizes = [len(e.articles) + sum(len(c) for _, c in e.duplicates) for e in found]
    assert sizes == sorted(sizes, reverse=True)
    assert assignments(found)["copy"] == big.id


def test_time_decay_splits_a_recurring_topic_into_events_of_one_story():
    early = [art(f"q{v}", story_text(QUAKE, v), day=1) for v in range(3)]
    later = [Article(f"r{v}", story_text(QUAKE, v + 5), published=dt.date(2024, 5, 20)) for v in range(2)]
    found = events(early + later)
    by_article = assignments(found)
    assert by_article["q0"] != by_article["r0"]  # two months apart: two events
    assert len({by_article[a.id] for a in early}) == 1
    assert len({e.story for e in found}) == 1  # ... of one story


def test_undated_and_empty_inputs():
    assert events([]) == ()
    found = events([Article("x", story_text(QUAKE, 1)), art("y", story_text(QUAKE, 2))])
    assert sorted(found[0].articles) == ["x", "y"]


def test_features_are_deterministic_and_carry_names():
    a = art("n", "Officials said Vladimir Putin spoke with Benjamin Netanyahu. Putin called on Friday.")
    f1, f2 = featurize(a), featurize(a)
    assert f1.terms.tolist() == f2.terms.tolist() and f1.weights.tolist() == f2.weights.tolist()
    assert len(featurize(a, entity_weight=0).terms) < len(f1.terms)


def test_parallel_features_give_the_same_result():
    arts = stream() * 1
    assert events(arts, workers=2) == events(arts)


# -- story merging -------------------------------------------------------------------------------
def _vec(weights: dict[int, float]) -> Vector:
    terms = np.array(sorted(weights, key=lambda t: -weights[t]), dtype=np.int64)
    return Vector(terms, np.array([weights[t] for t in terms.tolist()]))


def _pieces() -> list[EventVector]:
    """Two pieces of one topic (shared terms 1-4, each its own noise) and an unrelated event."""
    a = _vec({1: 1.0, 2: 0.8, 3: 0.6, 4: 0.5, 10: 2.0, 11: 2.0, 12: 1.5})
    b = _vec({1: 0.9, 2: 0.7, 3: 0.6, 4: 0.6, 20: 2.0, 21: 2.0, 22: 1.5})
    c = _vec({30: 1.0, 31: 1.0, 32: 1.0, 2: 0.1})
    day = dt.date(2024, 3, 1).toordinal()
    return [EventVector(a, 3, day, day + 2), EventVector(b, 3, day + 20, day + 21), EventVector(c, 3, day, day)]


def test_merge_joins_pieces_of_a_topic_within_the_window_only():
    items = _pieces()
    # raw cosine of the two pieces ~0.25: below the story threshold 0.3, so apart without merging
    params = replace(ClusterParams().story, threshold=0.3, merge=0.0)
    kept = link(items, params, rounds=3, seed_size=8, seed_threshold=0.5)
    assert len(set(kept.tolist())) == 3
    merged = link(items, replace(params, merge=0.45), rounds=3, seed_size=8, seed_threshold=0.5)
    assert merged[0] == merged[1] and merged[2] != merged[0]
    # the same two pieces years apart (beyond the story window) stay two stories
    far = items[1].first + 2000  # type: ignore[operator]
    apart = [items[0], EventVector(items[1].vector, 3, far, far + 1), items[2]]
    assert len(set(link(apart, replace(params, merge=0.45), 3, 8, 0.5).tolist())) == 3
    # undated pieces: no time factor
    undated = [EventVector(it.vector, it.size, None, None) for it in items]
    u = link(undated, replace(params, merge=0.45), 3, 8, 0.5)
    assert u[0] == u[1] and u[2] != u[0]


def _topic(core: dict[int, float], noise_from: int, n: int, size: int = 3) -> list[EventVector]:
    """``n`` events of one topic: the ``core`` terms and two noise terms of their own each."""
    day = dt.date(2024, 3, 1).toordinal()
    return [EventVector(_vec({**core, noise_from + 2 * i: 1.2, noise_from + 2 * i + 1: 1.0}), size, day + 5 * i,
                        day + 5 * i + 1) for i in range(n)]


def test_split_separates_two_topics_linked_early_and_keeps_one_topic_whole():
    # two topics sharing one heavy term ("China"): a loose story threshold links them all
    china_unrest = _topic({1: 1.0, 2: 1.5, 3: 1.5, 4: 1.5}, 100, 4)
    china_crime = _topic({1: 1.0, 5: 1.5, 6: 1.5, 7: 1.5}, 200, 4)
    items = china_unrest + china_crime
    params = replace(ClusterParams().story, threshold=0.05, merge=0.45, split=0.0)
    together = link(items, params, rounds=3, seed_size=8, seed_threshold=0.05)
    assert len(set(together.tolist())) == 1
    apart = link(items, replace(params, split=0.45), rounds=3, seed_size=8, seed_threshold=0.05)
    assert len(set(apart[:4].tolist())) == 1 and len(set(apart[4:].tolist())) == 1 and apart[0] != apart[4]
    # one topic told in many events (each with its own noise) stays one story
    one = link(_topic({1: 1.0, 2: 1.0, 3: 1.0, 4: 1.0}, 100, 8), replace(params, split=0.45), 3, 8, 0.05)
    assert len(set(one.tolist())) == 1
    # undated events: the same
    undated = [EventVector(it.vector, it.size, None, None) for it in items]
    u = link(undated, replace(params, split=0.45), rounds=3, seed_size=8, seed_threshold=0.05)
    assert u[0] != u[4] and len(set(u.tolist())) == 2


def test_split_parameter_is_validated():
    with pytest.raises(ParamsError):
        LevelParams(threshold=0.1, halflife_days=1, floor=0.5, window_days=1, split=-0.1)
