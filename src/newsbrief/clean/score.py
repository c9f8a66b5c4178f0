"""Shingle precision/recall of an extracted body against a gold body.

The measure of the public article-extraction benchmark (Scrapinghub): the bodies are
cut into ``\\w+`` tokens (case kept), 4-token shingles are counted as multisets, and
each page contributes a normalised (tp, fp, fn) triple.  The corpus figures are the
mean precision over pages that predicted something, the mean recall over pages with a
gold body, and F1 of those two means.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Match:
    """Normalised shingle counts of one page (they sum to 1 unless both are empty)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    pages: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN_RE.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def match(gold: str, pred: str, n: int = 4) -> Match:
    """Shingle overlap of one predicted body with its gold body."""
    g, p = shingles(gold, n), shingles(pred, n)
    tp = float(sum((g & p).values()))
    fp = float(sum((p - g).values()))
    fn = float(sum((g - p).values()))
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return Match(tp, fp, fn)


def aggregate(matches: Iterable[Match]) -> Scores:
    """Mean precision (pages with a prediction), mean recall (pages with a gold body)."""
    ms = list(matches)
    precisions = [m.precision for m in ms if m.tp + m.fp > 0]
    recalls = [m.recall for m in ms if m.tp + m.fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return Scores(p, r, len(ms))
