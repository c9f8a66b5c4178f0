"""Event clustering by overlapping time windows, with the library's own clusterer.

The local path (:class:`newsbrief.cluster.EventClusterer`) places articles one at a time in
publication order. Here the ordered articles are cut into windows of ``window_days``; each
window is clustered by one task with the same clusterer and parameters, fed:

* ``overlap_days`` of articles before the window (events still open at its start are rebuilt,
  and an event crossing the boundary is found on both sides and merged),
* the window's own articles (its *core*),
* the next ``lookahead`` articles after it (the local clusterer reads that far ahead, so the
  document frequencies of the last core articles are the same),

and starts from the document frequencies of every article before what it is fed (summed across
partitions), so every core article gets the TF-IDF vector it gets in one process. Near-duplicate
decisions are made once for the whole input beforehand (:mod:`.dedup`) and handed to every
window. The only difference left with the one-process result: an event older than the overlap
that is still open at a window's start is seen by that window only from its overlap members.

Each core article keeps the event the window gave it; a window event holding overlap articles
is merged into the event (from the windows before) that holds most of them. Event centroids are
rebuilt from the member vectors in placement order with :class:`newsbrief.cluster.online.Level`,
stories are linked with :func:`newsbrief.cluster.stories.link`, and events are numbered as
:meth:`EventClusterer.finish` numbers them.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..cluster import ClusterParams, EventClusterer
from ..cluster.dedup import Deduplicator
from ..cluster.features import Features
from ..cluster.online import Level, Vector
from ..cluster.stories import EventVector, link
from ..types import Event

Key = tuple[bool, dt.date, str]


@dataclass(frozen=True)
class Window:
    """One window task: ordered article positions ``[fed, core_start)`` overlap,
    ``[core_start, core_end)`` core, ``[core_end, fed_end)`` look-ahead tail."""

    index: int
    fed: int
    core_start: int
    core_end: int
    fed_end: int


def plan(keys: Sequence[Key], window_days: int, overlap_days: int, lookahead: int) -> list[Window]:
    """Windows over ``keys`` (sorted publication keys; undated articles last, in the last window)."""
    n = len(keys)
    if n == 0:
        return []
    dated = [k[1].toordinal() for k in keys if not k[0]]
    starts = [0]
    if dated:
        first = dated[0]
        day = first + window_days
        while day <= dated[-1]:
            at = bisect.bisect_left(dated, day)
            if at > starts[-1]:
                starts.append(at)
            day += window_days
    bounds = [*starts, n]
    out = []
    for k, (a, b) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
        fed = a
        if a < len(dated):
            fed = bisect.bisect_left(dated, dated[a] - overlap_days) if overlap_days > 0 else a
        out.append(Window(k, fed, a, b, min(n, b + lookahead)))
    return out


class _Known(Deduplicator):
    """The near-duplicate decisions made for the whole input (copy id -> representative id)."""

    def __init__(self, copy_of: Mapping[str, str]) -> None:  # no LSH index: nothing is searched
        self.copy_of = copy_of

    def add(self, feats: Features) -> str | None:
        return self.copy_of.get(feats.id)


class WindowClusterer(EventClusterer):
    """The library's clusterer for one window: started from the document frequencies of the
    articles before it, with the input-wide copy decisions, remembering the vectors it places."""

    def __init__(self, params: ClusterParams, df: np.ndarray, docs: int, copy_of: Mapping[str, str],
                 keep: set[str]) -> None:
        super().__init__(params)
        self._df = df.astype(np.float32, copy=True)
        self._docs = docs
        self._dedup = _Known(copy_of) if params.dedup else None
        self._copy_of = copy_of
        self._keep = keep
        self.vectors: dict[str, Vector] = {}

    def _vector(self, feats: Features) -> Vector:
        v = super()._vector(feats)
        if feats.id in self._keep:
            self.vectors[feats.id] = v
        return v

    def _place(self, feats: Features) -> None:
        rep = self._copy_of.get(feats.id)
        if rep is not None and rep not in self._event_of:
            self.placed += 1  # its representative lies before this window: the copy is that window's
            return
        super()._place(feats)

    def groups(self) -> list[tuple[str, tuple[str, ...]]]:
        """Place what is buffered; (title, member ids in placement order) of each event."""
        while self._buffer:
            import heapq

            self._place(heapq.heappop(self._buffer)[2])
        return [(g.title, tuple(m for _, m in g.members)) for g in self._groups]


def cluster_window(params: ClusterParams, df: np.ndarray, docs: int, copy_of: Mapping[str, str],
                   feats: Iterable[tuple[int, Features]], core: tuple[int, int]
                   ) -> tuple[list[tuple[str, tuple[str, ...]]], dict[str, Vector]]:
    """One window task: ``feats`` are (position, features) of what it is fed; returns its events
    and the vectors of its core articles."""
    ordered = sorted(feats, key=lambda pf: pf[0])
    keep = {f.id for pos, f in ordered if core[0] <= pos < core[1]}
    clusterer = WindowClusterer(params, df, docs, copy_of, keep)
    for _, f in ordered:
        clusterer.add_features(f)
    return clusterer.groups(), clusterer.vectors


def merge(windows: Sequence[Window], found: Mapping[int, list[tuple[str, tuple[str, ...]]]],
          position: Mapping[str, int]) -> tuple[list[str], dict[str, int]]:
    """Window events to input-wide events: (titles, representative id -> event number).

    Core articles keep their window's event; a window event with overlap members joins the
    earlier event holding most of them (ties: the older event)."""
    titles: list[str] = []
    owner: dict[str, int] = {}
    for w in windows:
        for title, members in found.get(w.index, []):
            core = [m for m in members if w.core_start <= position[m] < w.core_end]
            if not core:
                continue
            before = Counter(owner[m] for m in members if position[m] < w.core_start and m in owner)
            if before:
                target = min(before, key=lambda e: (-before[e], e))
            else:
                target = len(titles)
                titles.append(title)
            for m in core:
                owner[m] = target
    return titles, owner


def centroid(params: ClusterParams, members: Sequence[tuple[int, int | None, Vector]], closed: bool) -> Vector:
    """An event's centroid as the clusterer's level holds it: member vectors added in placement
    order ((position, day, vector)); a closed event's as its level keeps it (32-bit)."""
    level = Level(params.event, expire=False)
    ordered = sorted(members, key=lambda m: m[0])
    c = level.open(ordered[0][2], ordered[0][1])
    for _, day, vec in ordered[1:]:
        level.add(c, vec, day)
    v = level.centroid(c)
    return Vector(v.terms.astype(np.int32), v.weights.astype(np.float32)) if closed else v


def assemble(params: ClusterParams, titles: Sequence[str], members: Sequence[Sequence[str]],
             copies: Mapping[str, Sequence[str]], keys: Mapping[str, Key], centroids: Sequence[Vector]
             ) -> tuple[Event, ...]:
    """Events in the order and with the ids of :meth:`EventClusterer.finish` (``members`` in the
    order the events were opened; stories linked over the centroids)."""
    spans = []
    for ids in members:
        days = [keys[a][1] for a in ids if not keys[a][0]]
        days += [keys[c][1] for a in ids for c in copies.get(a, ()) if not keys[c][0]]
        spans.append((min(days) if days else None, max(days) if days else None))
    items = [
        EventVector(centroids[i], len(ids), s.toordinal() if s else None, e.toordinal() if e else None)
        for i, (ids, (s, e)) in enumerate(zip(members, spans, strict=True))
    ]
    stories = link(items, params.story, params.refine, params.seed_size, params.seed_threshold)
    ordered_members = [sorted(ids, key=keys.__getitem__) for ids in members]
    size = [len(ids) + sum(len(copies.get(m, ())) for m in ids) for ids in ordered_members]
    order = sorted(range(len(members)), key=lambda i: (
        -size[i], spans[i][0] is None, spans[i][0] or dt.date.min, ordered_members[i][0]))
    story_ids: dict[int, str] = {}
    out = []
    for n, i in enumerate(order, 1):
        story = story_ids.setdefault(int(stories[i]), f"s{len(story_ids) + 1}")
        ids = tuple(ordered_members[i])
        dups = tuple((m, tuple(copies[m])) for m in ids if m in copies)
        out.append(Event(f"e{n}", titles[i], ids, spans[i][0], spans[i][1], story, dups))
    return tuple(out)
