"""Online event clustering, then story linking.

Articles are placed one at a time in publication order (oldest first, undated last, ties
by id), so the result never depends on input order and the same code runs on a stream:

1. features (:mod:`.features`): hashed stems of title + body plus capitalised names;
2. ``lookahead`` articles are buffered; their terms count in the running document
   frequencies as soon as they are read, so the oldest article of the buffer is weighted
   with an IDF ``log((idf_prior + N) / (1 + df))`` that already knows what is common
   (the prior keeps words shared by all of a handful of articles from weighing zero);
3. near-duplicates (:mod:`.dedup`) are folded into the earliest copy and not placed again;
4. the article's unit TF-IDF vector joins the most similar open event if the decayed
   cosine reaches ``params.event.threshold``, else it opens an event (:mod:`.online`);
5. at the end, events are linked into stories over their centroids (:mod:`.stories`).

:class:`EventClusterer` is the streaming interface (``add`` then ``finish``); the function
:func:`newsbrief.cluster.events` wraps it.
"""

from __future__ import annotations

import datetime as dt
import heapq
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice

import numpy as np

from ..types import Article, Event
from .dedup import Deduplicator
from .features import DIM, Features, Featurizer
from .online import Level, Vector
from .params import ClusterParams, LevelParams
from .stories import EventVector, link

log = logging.getLogger(__name__)


@dataclass
class _Group:
    """An event under construction (internal, mutable)."""

    title: str
    members: list[tuple[tuple, str]]  # (publication key, article id)
    start: dt.date | None = None
    end: dt.date | None = None


class EventClusterer:
    """Streaming event clusterer: :meth:`add` articles (roughly oldest first), then :meth:`finish`."""

    def __init__(self, params: ClusterParams | None = None, progress: Callable[[int], None] | None = None) -> None:
        self.params = p = params or ClusterParams()
        self.featurizer = Featurizer(
            p.title_weight, p.entity_weight, p.dedup.shingle if p.dedup else 4, p.dedup.num_perm if p.dedup else 0
        )
        self._df = np.zeros(DIM, dtype=np.float32)
        self._docs = 0
        self._buffer: list[tuple[tuple, int, Features]] = []
        self._seq = 0
        self._events = Level(p.event)
        self._groups: list[_Group] = []
        self._dedup = Deduplicator(p.dedup) if p.dedup else None
        self._copies: dict[str, list[str]] = {}
        self._event_of: dict[str, int] = {}  # representative id -> event (for its copies)
        self._progress = progress
        self.placed = 0
        self.last_key: tuple | None = None  # the latest publication key read (see resume rules)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_progress": None}  # a callback is not part of the state

    # -- input ---------------------------------------------------------------------------
    def add(self, article: Article) -> None:
        """Read one article (only its compact features are kept, until it is placed)."""
        self.add_features(self.featurizer(article))

    def add_features(self, feats: Features) -> None:
        key = feats.key()
        if self.last_key is None or key > self.last_key:
            self.last_key = key
        np.add.at(self._df, feats.terms, 1.0)
        self._docs += 1
        heapq.heappush(self._buffer, (key, self._seq, feats))
        self._seq += 1
        while len(self._buffer) > self.params.lookahead:
            self._place(heapq.heappop(self._buffer)[2])

    # -- placement -----------------------------------------------------------------------
    def _vector(self, feats: Features) -> Vector:
        idf = np.log((self.params.idf_prior + self._docs) / (1.0 + self._df[feats.terms]))
        w = feats.weights * idf
        norm = float(np.sqrt(w @ w)) or 1.0
        order = np.argsort(-w, kind="stable")
        return Vector(feats.terms[order], w[order] / norm)

    def _place(self, feats: Features) -> None:
        self.placed += 1
        if self._progress is not None:
            self._progress(1)
        if self._dedup is not None:
            rep = self._dedup.add(feats)
            if rep is not None:
                self._copies.setdefault(rep, []).append(feats.id)
                self._extend(self._groups[self._event_of[rep]], feats.published)
                return
        day = feats.published.toordinal() if feats.published else None
        ev, _, is_new = self._events.place(self._vector(feats), day)
        if is_new:
            self._groups.append(_Group(feats.title, []))
        g = self._groups[ev]
        g.members.append((feats.key(), feats.id))
        self._extend(g, feats.published)
        if self._dedup is not None:
            self._event_of[feats.id] = ev

    @staticmethod
    def _extend(g: _Group, day: dt.date | None) -> None:
        if day is not None:
            if g.start is None or day < g.start:
                g.start = day
            if g.end is None or day > g.end:
                g.end = day

    # -- output --------------------------------------------------------------------------
    def finish(self, story_params: LevelParams | None = None) -> tuple[Event, ...]:
        """Place the buffered articles, link stories, return the events largest first.

        Size counts copies too; ties go to the earlier start (undated last), then the
        first article id.  Event ids are ``e1, e2, ...`` in that order; story ids ``s1,
        s2, ...`` in order of their first event in that list.  ``story_params`` links with other
        story parameters than ``params.story`` (the events are the same: a benchmark fits
        them this way); ``finish`` may be called again.
        """
        while self._buffer:
            self._place(heapq.heappop(self._buffer)[2])
        groups = self._groups
        items = [
            EventVector(
                self._events.centroid(i),
                len(g.members),
                g.start.toordinal() if g.start else None,
                g.end.toordinal() if g.end else None,
            )
            for i, g in enumerate(groups)
        ]
        p = self.params
        stories = link(items, p.story if story_params is None else story_params, p.refine, p.seed_size, p.seed_threshold)
        for g in groups:
            g.members.sort()
        size = [len(g.members) + sum(len(self._copies.get(m, ())) for _, m in g.members) for g in groups]
        order = sorted(
            range(len(groups)),
            key=lambda i: (-size[i], groups[i].start is None, groups[i].start or dt.date.min, groups[i].members[0][1]),
        )
        story_ids: dict[int, str] = {}
        out = []
        for n, i in enumerate(order, 1):
            g = groups[i]
            story = story_ids.setdefault(int(stories[i]), f"s{len(story_ids) + 1}")
            ids = tuple(m for _, m in g.members)
            dups = tuple((m, tuple(self._copies[m])) for m in ids if m in self._copies)
            out.append(Event(f"e{n}", g.title, ids, g.start, g.end, story, dups))
        return tuple(out)


def _featurize_batch(featurizer: Featurizer, batch: list[Article]) -> list[Features]:
    return [featurizer(a) for a in batch]


def parallel_features(
    articles: Iterable[Article], featurizer: Featurizer, processes: int, batch: int = 256
) -> Iterator[Features]:
    """Features of ``articles`` in input order, computed by ``processes`` worker processes."""
    it = iter(articles)
    fresh = featurizer.copy()  # without its cache: it would be pickled with every batch
    pending: deque[Future] = deque()
    with ProcessPoolExecutor(processes) as pool:
        while True:
            while len(pending) < 2 * processes:
                chunk = list(islice(it, batch))
                if not chunk:
                    break
                pending.append(pool.submit(_featurize_batch, fresh, chunk))
            if not pending:
                return
            yield from pending.popleft().result()
