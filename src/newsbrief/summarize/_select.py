"""Shared pieces of extractive summarizers: candidates, budget, ranking, graph scores, output order."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from ..text import word_count
from ..types import Budget, Sentence


def is_candidate(s: Sentence, min_words: int = 6, max_words: int = 60) -> bool:
    """Whether a sentence may go into a summary: a real sentence of reasonable length."""
    n = word_count(s.text)
    return min_words <= n <= max_words and s.text[-1:] in ".!?\"”’')"


def candidates(sentences: Sequence[Sentence]) -> list[Sentence]:
    """The candidate sentences, or every non-empty sentence when none qualifies."""
    return [s for s in sentences if is_candidate(s)] or [s for s in sentences if s.text.strip()]


def fits(selected_words: int, selected_count: int, s: Sentence, budget: Budget) -> bool:
    if budget.sentences is not None:
        return selected_count < budget.sentences
    assert budget.words is not None
    return selected_words + word_count(s.text) <= budget.words


def article_rank(sentences: Sequence[Sentence]) -> dict[str, int]:
    """Article id -> position of its first sentence in the input (the pipeline's article order)."""
    rank: dict[str, int] = {}
    for s in sentences:
        rank.setdefault(s.article_id, len(rank))
    return rank


def reading_order(selected: Sequence[Sentence], article_rank: dict[str, int]) -> tuple[Sentence, ...]:
    """Order picked sentences by their article's rank, then position within it."""
    return tuple(sorted(selected, key=lambda s: (article_rank.get(s.article_id, 0), s.index)))


def take_ranked(
    cands: Sequence[Sentence],
    scores: np.ndarray,
    budget: Budget,
    similarity: sp.spmatrix | np.ndarray | None = None,
    max_similarity: float = 0.5,
) -> list[Sentence]:
    """Best-scored candidates first, skipping those too similar to one already taken, within budget."""
    sim = similarity.tocsr() if sp.issparse(similarity) else similarity
    picked: list[int] = []
    words = 0
    for i in np.argsort(-scores, kind="stable").tolist():
        if budget.sentences is not None and len(picked) >= budget.sentences:
            break
        if not fits(words, len(picked), cands[i], budget):
            continue
        if sim is not None and picked:
            row = sim[i]
            near = row[:, picked].toarray().ravel() if sp.issparse(row) else np.asarray(row)[picked]
            if near.max() > max_similarity:
                continue
        picked.append(i)
        words += word_count(cands[i].text)
    return [cands[i] for i in picked]


def pagerank(
    M: sp.spmatrix | np.ndarray, damping: float = 0.85, tol: float = 1e-6, iters: int = 100
) -> np.ndarray:
    """Stationary scores of the random walk on the weighted graph ``M`` (power iteration)."""
    M = sp.csr_matrix(M, dtype=np.float64)
    n = M.shape[0]
    if n == 0:
        return np.zeros(0)
    out = np.asarray(M.sum(axis=1)).ravel()
    dangling = out == 0
    T = sp.diags(np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, out))) @ M  # row-stochastic
    p = np.full(n, 1.0 / n)
    for _ in range(iters):
        nxt = damping * (T.T @ p + p[dangling].sum() / n) + (1.0 - damping) / n
        done = np.abs(nxt - p).sum() < tol
        p = nxt
        if done:
            break
    return p
