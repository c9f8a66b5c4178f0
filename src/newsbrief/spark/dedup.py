"""Near-duplicate folding across partitions: the local decisions, found with a distributed join.

Each executor computes the articles' MinHash signatures (the library's featurizer, datasketch,
seed 1). Candidate pairs are the articles sharing a band of the signature, with the bands of the
datasketch ``MinHashLSH`` the local :class:`~newsbrief.cluster.Deduplicator` builds (25 bands of
5 at threshold 0.5 and 128 permutations): the same candidates it would find, by a ``groupByKey``
on the band instead of one in-memory index. Pairs are kept within the dedup window (by the
local clock: an undated article is compared at the newest date) and at or above the threshold
of estimated Jaccard (the share of equal hash values, as datasketch estimates it).

The driver then walks only the articles that have a candidate, in publication order, as the
local deduplicator does: an article is a copy of its most similar earlier *representative*
(ties: the smaller id), else it is a representative itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from ..cluster.params import DedupParams

Key = tuple[bool, dt.date, str]


def bands(params: DedupParams) -> list[tuple[int, int]]:
    """The signature slices that make the LSH bands of the local index."""
    from datasketch import MinHashLSH

    return list(MinHashLSH(threshold=params.threshold, num_perm=params.num_perm).hashranges)


def band_keys(signature: np.ndarray, ranges: Sequence[tuple[int, int]]) -> Iterator[tuple[int, bytes]]:
    for i, (a, b) in enumerate(ranges):
        yield i, np.asarray(signature[a:b], dtype=np.uint64).tobytes()


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard of two signatures (datasketch's ``MinHash.jaccard``)."""
    return float(np.count_nonzero(a == b)) / float(len(a))


def clocks(keys: Mapping[str, Key], eligible: Sequence[str]) -> dict[str, int]:
    """The local deduplicator's clock at each eligible article: its day, or for an undated one
    the newest day among the eligible articles."""
    days = [keys[i][1].toordinal() for i in eligible if not keys[i][0]]
    newest = max(days) if days else 0
    return {i: (newest if keys[i][0] else keys[i][1].toordinal()) for i in eligible}


def resolve(pairs: Sequence[tuple[str, str, float]], keys: Mapping[str, Key], threshold: float
            ) -> dict[str, str]:
    """``copy id -> representative id`` from the candidate pairs ``(later, earlier, similarity)``."""
    earlier: dict[str, list[tuple[str, float]]] = {}
    for later, first, sim in pairs:
        earlier.setdefault(later, []).append((first, sim))
    copy_of: dict[str, str] = {}
    for x in sorted(earlier, key=keys.__getitem__):
        best, best_sim = None, 0.0
        for y, sim in sorted(earlier[x]):
            if y not in copy_of and sim >= threshold and sim > best_sim:
                best, best_sim = y, sim
        if best is not None:
            copy_of[x] = best
    return copy_of
