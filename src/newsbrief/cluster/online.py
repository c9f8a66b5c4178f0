"""One level of online single-pass clustering of sparse weighted vectors with a time decay.

Each cluster keeps the sum of the vectors added to it (its centroid); its representation
is the unit vector of its ``top_terms`` heaviest centroid terms, posted in an inverted index
``term -> {cluster: weight}``.  An item is scored against the clusters sharing one of its
``query_terms`` heaviest terms only, so the cost of a decision depends on how many open
clusters share its salient terms, not on how many clusters exist.  With ``expire=True``
(a chronological stream) clusters whose newest member is more than ``window_days`` older
than the newest item seen are closed: their postings and full centroid are dropped (a
compact copy of the top terms is kept for story linking), which bounds memory.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

import numpy as np

from .params import LevelParams


@dataclass(frozen=True, eq=False)
class Vector:
    """Term ids and weights (same length), heaviest terms first."""

    terms: np.ndarray
    weights: np.ndarray


class _Cluster:
    __slots__ = ("centroid", "first", "last", "size", "top")

    def __init__(self) -> None:
        self.centroid: dict[int, float] | None = {}
        self.top: dict[int, float] = {}  # unit vector of the heaviest centroid terms
        self.first: int | None = None
        self.last: int | None = None
        self.size = 0


class Level:
    """Online clustering with decay; :meth:`place` assigns one item and returns its cluster."""

    def __init__(self, params: LevelParams, expire: bool = True) -> None:
        self.params = params
        self.expire = expire
        self._clusters: list[_Cluster] = []
        self._postings: dict[int, dict[int, float]] = {}
        self._expiry: list[tuple[int, int]] = []  # heap of (newest member's day, cluster)
        self._closed: dict[int, Vector] = {}  # raw top-term centroids of closed clusters
        self._clock: int | None = None

    def decay(self, gap: float) -> float:
        p = self.params
        return p.floor + (1.0 - p.floor) * 0.5 ** (gap / p.halflife_days)

    def gap(self, c: int, day: int | None) -> int:
        """Days between ``day`` and the span of cluster ``c`` (0 inside it or when undated)."""
        cl = self._clusters[c]
        if day is None or cl.first is None or cl.last is None:
            return 0
        return cl.first - day if day < cl.first else max(0, day - cl.last)

    def scores(self, vec: Vector, day: int | None) -> dict[int, float]:
        """Decayed truncated cosine of ``vec`` with every open cluster sharing a query term."""
        q = self.params.query_terms
        terms, weights = vec.terms[:q], vec.weights[:q]
        norm = math.sqrt(float(weights @ weights)) or 1.0
        acc: dict[int, float] = {}
        postings = self._postings
        for t, w in zip(terms.tolist(), (weights / norm).tolist(), strict=True):
            post = postings.get(t)
            if post:
                for c, cw in post.items():
                    acc[c] = acc.get(c, 0.0) + w * cw
        if day is not None:
            for c in acc:
                g = self.gap(c, day)
                if g > self.params.window_days:
                    acc[c] = 0.0
                elif g:
                    acc[c] *= self.decay(g)
        return acc

    def place(self, vec: Vector, day: int | None) -> tuple[int, float, bool]:
        """Put ``vec`` into the best open cluster or a new one: ``(cluster, score, is_new)``."""
        self._advance(day)
        best, best_score = -1, 0.0
        for c, s in self.scores(vec, day).items():
            if s > best_score or (s == best_score and c < best):
                best, best_score = c, s
        if best < 0 or best_score < self.params.threshold:
            return self.open(vec, day), best_score, True
        self.add(best, vec, day)
        return best, best_score, False

    def open(self, vec: Vector, day: int | None) -> int:
        self._clusters.append(_Cluster())
        c = len(self._clusters) - 1
        self.add(c, vec, day)
        return c

    def is_open(self, c: int) -> bool:
        return self._clusters[c].centroid is not None

    def add(self, c: int, vec: Vector, day: int | None) -> None:
        cl = self._clusters[c]
        cent = cl.centroid
        assert cent is not None, "a closed cluster cannot grow"
        for t, w in zip(vec.terms.tolist(), vec.weights.tolist(), strict=True):
            cent[t] = cent.get(t, 0.0) + w
        cl.size += 1
        if day is not None:
            if cl.first is None or day < cl.first:
                cl.first = day
            if cl.last is None or day > cl.last:
                cl.last = day
                if self.expire:
                    heapq.heappush(self._expiry, (day, c))
        n = cl.size
        if n <= 8 or n % max(1, n // 8) == 0:
            self._retop(c)

    def _retop(self, c: int) -> None:
        cl = self._clusters[c]
        cent = cl.centroid
        assert cent is not None
        k = self.params.top_terms
        if len(cent) > 4 * k + 256:  # prune the long tail of a big centroid
            keep = heapq.nlargest(2 * k + 128, cent.items(), key=lambda kv: kv[1])
            cent.clear()
            cent.update(keep)
        top = heapq.nlargest(k, cent.items(), key=lambda kv: kv[1]) if len(cent) > k else list(cent.items())
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        postings = self._postings
        for t in cl.top:
            post = postings.get(t)
            if post is not None:
                post.pop(c, None)
                if not post:
                    del postings[t]
        cl.top = {t: w / norm for t, w in top}
        for t, w in cl.top.items():
            postings.setdefault(t, {})[c] = w

    def _advance(self, day: int | None) -> None:
        if not self.expire or day is None or (self._clock is not None and day <= self._clock):
            return
        self._clock = day
        horizon = day - self.params.window_days
        while self._expiry and self._expiry[0][0] < horizon:
            last, c = heapq.heappop(self._expiry)
            cl = self._clusters[c]
            if cl.centroid is None or (cl.last is not None and cl.last > last):
                continue  # already closed, or a newer entry for it is in the heap
            self._close(c)

    def _close(self, c: int) -> None:
        cl = self._clusters[c]
        v = self.centroid(c)
        self._closed[c] = Vector(v.terms.astype(np.int32), v.weights.astype(np.float32))
        for t in cl.top:
            post = self._postings.get(t)
            if post is not None:
                post.pop(c, None)
                if not post:
                    del self._postings[t]
        cl.centroid = None
        cl.top = {}

    def centroid(self, c: int) -> Vector:
        """The raw centroid of cluster ``c`` cut to its ``top_terms`` heaviest terms."""
        if c in self._closed:
            return self._closed[c]
        cent = self._clusters[c].centroid
        assert cent is not None
        top = heapq.nlargest(self.params.top_terms, cent.items(), key=lambda kv: kv[1])
        return Vector(
            np.fromiter((t for t, _ in top), dtype=np.int64, count=len(top)),
            np.fromiter((w for _, w in top), dtype=np.float64, count=len(top)),
        )

    def extend(self, c: int, day: int) -> None:
        """Widen the day span of cluster ``c`` to include ``day``."""
        cl = self._clusters[c]
        cl.first = day if cl.first is None else min(cl.first, day)
        if cl.last is None or day > cl.last:
            cl.last = day
            if self.expire:
                heapq.heappush(self._expiry, (day, c))

    def span(self, c: int) -> tuple[int | None, int | None]:
        cl = self._clusters[c]
        return cl.first, cl.last

    def advance(self, day: int | None) -> None:
        """Move the clock to ``day``, closing the clusters left behind by the window."""
        self._advance(day)

    def size(self, c: int) -> int:
        return self._clusters[c].size

    def __len__(self) -> int:
        return len(self._clusters)
