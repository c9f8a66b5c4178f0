"""Near-duplicate detection: wire copies, syndicated reposts, one text with different furniture.

Each article's body is turned into the set of its ``k``-word shingles (lower-cased words,
see :func:`~newsbrief.cluster.features.shingle_hashes`), summarised by a datasketch MinHash
and looked up in a MinHashLSH index of the representatives of the last
``DedupParams.window_days`` days.  A candidate whose estimated Jaccard similarity is at
least ``DedupParams.threshold`` makes the article a copy of that representative; otherwise
the article becomes a representative itself.  Articles are taken in publication order
(oldest first, ties by id), so the earliest copy represents the others.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from ..text import WORD_RE
from ..types import Article
from .features import MINHASH_SEED, Features, featurize, identity, shingle_hashes
from .params import DedupParams

__all__ = ["Deduplicator", "dedup", "jaccard"]


class Deduplicator:
    """Streaming near-duplicate finder; feed :class:`Features` in publication order."""

    def __init__(self, params: DedupParams | None = None) -> None:
        self.params = params or DedupParams()
        self._lsh = MinHashLSH(threshold=self.params.threshold, num_perm=self.params.num_perm)
        self._sketches: dict[str, LeanMinHash] = {}
        self._added: deque[tuple[int, str]] = deque()  # (day ordinal, id), oldest first
        self._clock = 0
        template = MinHash(num_perm=self.params.num_perm, seed=MINHASH_SEED)
        self._permutations, self._scheme = template.permutations, template.scheme

    def _sketch(self, shingles: np.ndarray) -> LeanMinHash:
        m = MinHash(num_perm=self.params.num_perm, hashfunc=identity, permutations=self._permutations, scheme=self._scheme)
        m.update_batch(shingles.tolist())
        return LeanMinHash(m)

    def _expire(self, day: int) -> None:
        horizon = day - self.params.window_days
        while self._added and self._added[0][0] < horizon:
            _, key = self._added.popleft()
            self._lsh.remove(key)
            del self._sketches[key]

    def add(self, feats: Features) -> str | None:
        """The id of the earlier article ``feats`` copies, or None (it is then indexed)."""
        if feats.words < self.params.min_words or (feats.signature is None and len(feats.shingles) == 0):
            return None
        if feats.published is not None:
            self._clock = max(self._clock, feats.published.toordinal())
        self._expire(self._clock)
        if feats.signature is not None and len(feats.signature) == self.params.num_perm:
            sketch = LeanMinHash(seed=MINHASH_SEED, hashvalues=feats.signature, scheme=self._scheme)
        else:
            sketch = self._sketch(feats.shingles)
        best, best_sim = None, 0.0
        for key in sorted(self._lsh.query(sketch)):
            sim = sketch.jaccard(self._sketches[key])
            if sim >= self.params.threshold and sim > best_sim:
                best, best_sim = key, sim
        if best is not None:
            return best
        if feats.id not in self._sketches:
            self._lsh.insert(feats.id, sketch)
            self._sketches[feats.id] = sketch
            self._added.append((self._clock, feats.id))
        return None

    def __len__(self) -> int:
        return len(self._sketches)


def dedup(
    articles: Iterable[Article], params: DedupParams | None = None
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Groups of near-duplicates: ``(representative id, (copy ids...))`` for every article
    that has copies, representatives in publication order (the shape of ``Event.duplicates``).
    """
    params = params or DedupParams()
    feats = sorted(
        (featurize(a, 0.0, 0.0, params.shingle) for a in articles), key=Features.key
    )
    finder = Deduplicator(params)
    groups: dict[str, list[str]] = {}
    for f in feats:
        rep = finder.add(f)
        if rep is not None:
            groups.setdefault(rep, []).append(f.id)
    order = {f.id: i for i, f in enumerate(feats)}
    return tuple((rep, tuple(copies)) for rep, copies in sorted(groups.items(), key=lambda kv: order[kv[0]]))


def jaccard(a: str, b: str, shingle: int = 4) -> float:
    """Exact Jaccard similarity of the ``shingle``-word shingle sets of two texts (for checks)."""
    sa = set(shingle_hashes([w.lower() for w in WORD_RE.findall(a)], shingle).tolist())
    sb = set(shingle_hashes([w.lower() for w in WORD_RE.findall(b)], shingle).tolist())
    return len(sa & sb) / len(sa | sb) if sa or sb else 1.0
