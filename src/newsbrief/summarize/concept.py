"""``newsbrief``: concept-coverage summarization (Gillick & Favre) solved as an ILP with HiGHS.

Concepts are stemmed word bigrams (not both stop words) found in several articles. A concept's
weight estimates how likely a human summary is to contain it: a logistic model of its document
frequency, frequency, position in the articles and, with a query, its overlap with the query
(coefficients fitted on DUC 2006 by :mod:`newsbrief.summarize.train`). The summary is the set
of clean candidate sentences (lightly compressed) that covers the most concept weight within
the word budget, in reading order.

With ``seen`` (sentences the reader has already read: "what's new since"), candidates that
largely repeat a seen sentence are dropped (the rule of :func:`._select.unseen`, threshold
``Config.seen_overlap``), and each concept's logit moves by ``Config.update`` over what was seen
of it (:data:`._concepts.SEEN_FEATURES`). Both were fitted on DUC 2007 update sets B and C by
``python -m newsbrief.summarize.train --update`` (2-fold by topic): dropping repeats lifts B+C
ROUGE-2 recall from 0.1059 to 0.1093 held out (0.1121 with the threshold fitted on all topics);
discounting seen concepts did not hold up held out (0.1059 with the discount fitted too; removing
them outright: 0.094), since update summaries still name the story's people and things, so
:data:`UPDATE` is empty (figures of ``bench/update.py``, 2026-12-03).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..types import Budget, Sentence
from . import _ilp
from ._concepts import FEATURES, SEEN_FEATURES, Concepts, concepts, seen_features
from ._select import MAX_SEEN_OVERLAP, article_rank, budget_lengths, reading_order, seen_overlap
from .compress import compress, is_clean

Coefficients = tuple[tuple[str, float], ...]

# logistic coefficients over _concepts.FEATURES, fitted on DUC 2006 by newsbrief.summarize.train
# without a query (2-fold held-out ROUGE-2 recall 0.1101, bench/summarizers.py --cv)
GENERIC: Coefficients = tuple(
    {
        "intercept": -1.074,
        "log_df": 0.448,
        "log_tf": 0.767,
        "first_pos": -0.045,
        "mean_pos": -0.705,
        "one_stop": -0.339,
        "log_df_x_first_pos": -0.327,
        "word_df_min": 0.161,
        "word_df_max": -0.03,
        "centrality": 2.976,
        "digit": 0.064,
        "lead_df": 0.512,
        "capitalized": -0.488,
        "centrality_max": 3.226,
        "context_df": -0.245,
        "sentence_length": -0.307,
    }.items()
)
# with a query (2-fold held-out ROUGE-2 recall 0.1108)
FOCUSED: Coefficients = tuple(
    {
        "intercept": -2.012,
        "log_df": 0.495,
        "log_tf": 0.741,
        "first_pos": -0.118,
        "mean_pos": -0.869,
        "one_stop": -0.29,
        "log_df_x_first_pos": -0.378,
        "word_df_min": 0.129,
        "word_df_max": -0.101,
        "centrality": 2.443,
        "digit": 0.179,
        "lead_df": 0.444,
        "capitalized": -0.429,
        "centrality_max": 2.519,
        "q1": 0.347,
        "q2": 0.805,
        "q_context": 1.299,
        "q_context_max": 1.192,
        "context_df": -0.509,
        "sentence_length": -0.232,
    }.items()
)

# added to a concept's logit when the reader has seen earlier articles, over _concepts.SEEN_FEATURES;
# empty: no discount held up under cross-validation (see the module docstring)
UPDATE: Coefficients = ()


@dataclass(frozen=True)
class Config:
    min_df: int = 2
    min_words: int = 8
    max_words: int = 60
    max_index: int = 10_000  # candidates only among the first sentences of each article
    compress: int = 3  # 0: none, 1: datelines, parentheticals; 2: connectives, attributions; 3: clauses
    drop_quotes: int = 1  # see compress.is_clean
    drop_dangling: bool = False  # no sentences opening with a conjunction or pronoun
    generic: Coefficients = GENERIC
    focused: Coefficients = FOCUSED
    power: float = 1.0  # weights ** power
    time_limit: float = 0.5
    redundancy_bonus: float = 0.25  # objective bonus per picked sentence: r * (its concept weight)
    relevance_bonus: float = 0.0  # objective bonus per picked sentence: b * words * relevance
    max_units: int = 80  # the ILP sees only the candidates with the most concept weight per word
    update: Coefficients = UPDATE  # with seen sentences: logit shift over SEEN_FEATURES
    seen_overlap: float = MAX_SEEN_OVERLAP  # with seen sentences: candidates repeating more are dropped


DEFAULT = Config()


def weights(
    c: Concepts,
    coefficients: Coefficients,
    power: float = 1.0,
    seen: np.ndarray | None = None,
    update: Coefficients = (),
) -> np.ndarray:
    """Estimated probability that a reference summary contains each concept (to ``power``);
    ``seen``: :func:`._concepts.seen_features` of the concepts, weighed by ``update``."""
    coef = dict(coefficients)
    beta = np.array([coef.get(name, 0.0) for name in FEATURES])
    z = coef.get("intercept", 0.0) + c.features @ beta
    if seen is not None:
        shift = dict(update)
        z = z + shift.get("intercept", 0.0) + seen @ np.array([shift.get(n, 0.0) for n in SEEN_FEATURES])
    return (1.0 / (1.0 + np.exp(-z))) ** power


def candidates(config: Config, sentences: Sequence[Sentence]) -> list[tuple[int, Sentence]]:
    """(input position, sentence) of the sentences that may go into a summary, compressed
    when ``config.compress``."""
    units: list[tuple[int, Sentence]] = []
    for i, s in enumerate(sentences):
        n = s.text.count(" ") + 1
        if s.index >= config.max_index or n < config.min_words or n > 2 * config.max_words:
            continue
        u = compress(s, config.compress) if config.compress else s
        if u is not None and is_clean(
            u, config.min_words, config.max_words, config.drop_quotes, config.drop_dangling
        ):
            units.append((i, u))
    return units or [(i, s) for i, s in enumerate(sentences) if s.text.strip()]


def unit_matrix(
    c: Concepts, sentences: Sequence[Sentence], units: Sequence[tuple[int, Sentence]]
) -> sp.csr_matrix:
    """0/1 matrix units x concepts: rows of the sentence matrix, re-tokenized where compressed."""
    src = np.array([i for i, _ in units], dtype=np.int64)
    changed = np.array([u is not sentences[i] for i, u in units], dtype=bool)
    U = sp.csr_matrix(c.sentence_matrix[src].multiply((~changed)[:, None].astype(np.float64)))
    if changed.any():
        rows = np.flatnonzero(changed)
        place = sp.csr_matrix(
            (np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(units), len(rows))
        )
        U = U + place @ c.matrix([units[r][1].text for r in rows.tolist()])
    return U.tocsr()


def summarize_with(
    config: Config,
    sentences: Sequence[Sentence],
    budget: Budget,
    query: str | None = None,
    *,
    seen: Sequence[Sentence] = (),
) -> tuple[Sentence, ...]:
    if not sentences:
        return ()
    rank = article_rank(sentences)
    c = concepts(sentences, query, config.min_df)
    coefficients = config.focused if query else config.generic
    if seen:
        w = weights(c, coefficients, config.power, seen_features(c, seen), config.update)
    else:
        w = weights(c, coefficients, config.power)
    pairs = candidates(config, sentences)
    U = unit_matrix(c, sentences, pairs)
    units = [u for _, u in pairs]
    lengths, limit = budget_lengths([u.text for u in units], budget)
    fit = lengths <= limit
    if seen:
        fit &= seen_overlap([u.text for u in units], seen) <= config.seen_overlap
        if not fit.any():
            return ()  # everything was read already
    ok = np.flatnonzero(fit)
    if len(ok) > config.max_units:
        density = (U[ok] @ w) / lengths[ok]
        ok = ok[np.sort(np.argsort(-density, kind="stable")[: config.max_units])]
    U = U[ok]
    used = np.flatnonzero(np.asarray(U.sum(axis=0)).ravel() > 0)
    bonus = config.redundancy_bonus * (U @ w)
    if config.relevance_bonus:
        rel = c.sentence_scores[np.array([pairs[i][0] for i in ok], dtype=np.int64)]
        bonus = bonus + config.relevance_bonus * lengths[ok] * (rel - rel.mean())
    picked = _ilp.solve(U[:, used].tocsr(), w[used], lengths[ok], limit, config.time_limit, bonus)
    return reading_order([units[ok[i]] for i in picked], rank)


def summarize(
    sentences: Sequence[Sentence],
    budget: Budget,
    query: str | None = None,
    *,
    seen: Sequence[Sentence] = (),
) -> tuple[Sentence, ...]:
    return summarize_with(DEFAULT, sentences, budget, query, seen=seen)
