"""CLUSTER stage: near-duplicate folding, online event clustering, story linking.

>>> from newsbrief.cluster import events, dedup, ClusterParams
>>> found = events(articles)                                   # doctest: +SKIP
>>> found[0].articles, found[0].story, found[0].duplicates     # doctest: +SKIP

:func:`events` returns the events largest first (articles + folded copies; ties by start
date, then first article id).  Each :class:`~newsbrief.types.Event` lists its articles in
publication order (representatives only), its start/end dates, its story id (events of one
story share it) and, in ``duplicates``, the copies folded into each representative.
See :mod:`.events` for the algorithm and :mod:`.params` for the tuned defaults.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from ..types import Article, Event
from .dedup import Deduplicator, dedup, jaccard
from .events import EventClusterer, parallel_features
from .metrics import Scores, bcubed, pairwise
from .params import ClusterParams, DedupParams, LevelParams, ParamsError

__all__ = [
    "ClusterParams",
    "DedupParams",
    "Deduplicator",
    "EventClusterer",
    "LevelParams",
    "ParamsError",
    "Scores",
    "assignments",
    "bcubed",
    "dedup",
    "events",
    "feed",
    "jaccard",
    "pairwise",
]


def _key(a: Article) -> tuple[bool, dt.date, str]:
    return (a.published is None, a.published or dt.date.min, a.id)


def events(
    articles: Iterable[Article],
    params: ClusterParams | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> tuple[Event, ...]:
    """Cluster ``articles`` into events linked into stories; largest event first.

    A list or tuple is sorted into publication order first, so its order never matters.
    Any other iterable is consumed lazily as a stream (only compact features are kept per
    article); it should come roughly in publication order: up to ``params.lookahead``
    articles out of order are put back in order, beyond that they are placed as they come.
    ``progress(n)`` is called as articles are placed.  With ``workers > 1`` the features of
    the articles are computed in ``workers - 1`` other processes while this one clusters
    (batches of a few hundred articles, at most two per worker in flight, so memory stays
    bounded); the result is identical.
    """
    clusterer = EventClusterer(params, progress)
    feed(clusterer, articles, workers)
    return clusterer.finish()


def feed(clusterer: EventClusterer, articles: Iterable[Article], workers: int = 1) -> None:
    """Read ``articles`` into ``clusterer`` as :func:`events` does (a list or tuple sorted first;
    features in ``workers - 1`` other processes when ``workers > 1``), without finishing it."""
    if isinstance(articles, Sequence):
        articles = sorted(articles, key=_key)
    if workers > 1:
        for feats in parallel_features(articles, clusterer.featurizer, workers - 1):
            clusterer.add_features(feats)
    else:
        for a in articles:
            clusterer.add(a)


def assignments(found: Iterable[Event], level: str = "event") -> dict[str, str]:
    """``article id -> event id`` (or story id with ``level="story"``), copies included."""
    out: dict[str, str] = {}
    for ev in found:
        label = ev.id if level == "event" else (ev.story or ev.id)
        for a in ev.articles:
            out[a] = label
        for _, copies in ev.duplicates:
            for c in copies:
                out[c] = label
    return out
