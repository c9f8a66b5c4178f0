"""``newsbrief``: concept-coverage summarization (Gillick & Favre) solved as an ILP with HiGHS.

Concepts are stemmed word bigrams (not both stop words) found in several articles. A concept's
weight estimates how likely a human summary is to contain it: a logistic model of its document
frequency, frequency, position in the articles and, with a query, its overlap with the query
(coefficients fitted on DUC 2006 by :mod:`newsbrief.summarize.train`). The summary is the set
of clean candidate sentences (lightly compressed) that covers the most concept weight within
the word budget, in reading order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..types import Budget, Sentence
from . import _ilp
from ._concepts import Concepts, concepts
from ._select import reading_order
from .compress import compress, is_clean

# logistic coefficients over _concepts.FEATURES (intercept first); see newsbrief.summarize.train
GENERIC = (
    -5.703,
    0.272,
    0.834,
    0.594,
    -0.320,
    -0.328,
    -0.129,
    0.158,
    -0.019,
    2.385,
    0.044,
    0.308,
    -0.507,
    2.976,
    0,
    0,
    0,
    0,
)
FOCUSED = (
    -5.410,
    0.279,
    0.796,
    0.868,
    -0.677,
    -0.320,
    -0.230,
    0.154,
    -0.138,
    1.624,
    0.169,
    0.089,
    -0.439,
    2.100,
    0.364,
    0.808,
    1.061,
    1.412,
)


@dataclass(frozen=True)
class Config:
    min_df: int = 2
    min_words: int = 8
    max_words: int = 60
    max_index: int = 10_000  # candidates only among the first sentences of each article
    compress: int = 2  # 0: none, 1: datelines and parentheticals, 2: also connectives, attributions
    drop_quotes: bool = True
    drop_dangling: bool = False  # no sentences opening with a conjunction or pronoun
    generic: tuple[float, ...] = GENERIC
    focused: tuple[float, ...] = FOCUSED
    power: float = 1.0  # weights ** power
    time_limit: float = 0.1
    redundancy_bonus: float = 0.0  # objective bonus per picked sentence: r * (its concept weight)
    relevance_bonus: float = 0.0  # objective bonus per picked sentence: b * words * relevance
    max_units: int = 150  # the ILP sees only the candidates with the most concept weight per word


DEFAULT = Config()


def weights(c: Concepts, coef: Sequence[float], power: float = 1.0) -> np.ndarray:
    z = coef[0] + c.features @ np.asarray(coef[1:], dtype=np.float64)
    return (1.0 / (1.0 + np.exp(-z))) ** power


def candidates(config: Config, sentences: Sequence[Sentence]) -> list[Sentence]:
    """Sentences that may go into a summary (compressed when ``config.compress``)."""
    units: list[Sentence] = []
    for s in sentences:
        if s.index >= config.max_index:
            continue
        u = compress(s, config.compress) if config.compress else s
        if u is not None and is_clean(
            u, config.min_words, config.max_words, config.drop_quotes, config.drop_dangling
        ):
            units.append(u)
    return units or [s for s in sentences if s.text.strip()]


def summarize_with(
    config: Config, sentences: Sequence[Sentence], budget: Budget, query: str | None = None
) -> tuple[Sentence, ...]:
    if not sentences:
        return ()
    rank: dict[str, int] = {}
    for s in sentences:
        rank.setdefault(s.article_id, len(rank))
    c = concepts(sentences, query, config.min_df)
    where = {(s.article_id, s.index): i for i, s in enumerate(sentences)}
    w = weights(c, config.focused if query else config.generic, config.power)
    units = candidates(config, sentences)
    U = c.matrix([u.text for u in units])
    if budget.sentences is not None:
        lengths, limit = np.ones(len(units)), float(budget.sentences)
    else:
        assert budget.words is not None
        lengths = np.array([len(u.text.split()) for u in units], dtype=np.float64)
        limit = float(budget.words)
    ok = np.flatnonzero(lengths <= limit)
    if len(ok) > config.max_units:
        density = (U[ok] @ w) / lengths[ok]
        ok = ok[np.sort(np.argsort(-density, kind="stable")[: config.max_units])]
    U = U[ok]
    used = np.flatnonzero(np.asarray(U.sum(axis=0)).ravel() > 0)
    bonus = config.redundancy_bonus * (U @ w)
    if config.relevance_bonus:
        rel = c.sentence_scores[[where[(u.article_id, u.index)] for u in units]][ok]
        bonus = bonus + config.relevance_bonus * lengths[ok] * (rel - rel.mean())
    picked = _ilp.solve(U[:, used].tocsr(), w[used], lengths[ok], limit, config.time_limit, bonus)
    return reading_order([units[ok[i]] for i in picked], rank)


def summarize(
    sentences: Sequence[Sentence], budget: Budget, query: str | None = None
) -> tuple[Sentence, ...]:
    return summarize_with(DEFAULT, sentences, budget, query)
