"""Clustering quality: BCubed and pairwise precision / recall / F1.

Both take two mappings ``item -> label`` (gold and predicted) over the same items; items
missing from ``predicted`` count as singletons.  Only the items of ``gold`` are scored,
so scoring a subset (e.g. the large topics of a data set) is done by passing only those
items in ``gold`` while the clustering ran on everything.

* BCubed (Bagga & Baldwin 1998; Amigo et al. 2009): for each item, precision is the share
  of the items in its predicted cluster (itself included) that share its gold label, recall
  the share of the items of its gold class that share its predicted cluster; both averaged
  over items, F1 their harmonic mean.
* Pairwise: over unordered pairs of distinct items, a pair is predicted positive when both
  are in one predicted cluster and truly positive when both have one gold label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

__all__ = ["Scores", "bcubed", "pairwise"]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _predicted(gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> dict:
    # an item with no predicted cluster is a singleton of its own
    return {item: predicted.get(item, ("<singleton>", item)) for item in gold}


def bcubed(gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> Scores:
    """BCubed precision and recall over the items of ``gold``."""
    if not gold:
        return Scores(0.0, 0.0)
    pred = _predicted(gold, predicted)
    both = Counter((gold[i], pred[i]) for i in gold)
    by_gold = Counter(gold.values())
    by_pred = Counter(pred.values())
    # every item of the cell (g, c) has the same precision |g & c| / |c| and recall |g & c| / |g|
    precision = sum(n * n / by_pred[c] for (_, c), n in both.items()) / len(gold)
    recall = sum(n * n / by_gold[g] for (g, _), n in both.items()) / len(gold)
    return Scores(precision, recall)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> Scores:
    """Pairwise precision and recall over the items of ``gold`` (1.0 when there is no pair to find)."""
    pred = _predicted(gold, predicted)
    both = sum(_pairs(n) for n in Counter((gold[i], pred[i]) for i in gold).values())
    said = sum(_pairs(n) for n in Counter(pred.values()).values())
    true = sum(_pairs(n) for n in Counter(gold.values()).values())
    return Scores(both / said if said else 1.0, both / true if true else 1.0)
