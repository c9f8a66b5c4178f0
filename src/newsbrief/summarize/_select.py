"""Shared pieces of extractive summarizers: candidates, budget, ranking, graph scores, output order,
and what a reader has already seen (:func:`seen_overlap`, :func:`unseen`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import scipy.sparse as sp

from ..text import content_stems, word_count
from ..types import Budget, Sentence
from ..vectors import terms


def is_candidate(s: Sentence, min_words: int = 6, max_words: int = 60) -> bool:
    """Whether a sentence may go into a summary: a real sentence of reasonable length."""
    n = word_count(s.text)
    return min_words <= n <= max_words and s.text[-1:] in ".!?\"”’')"


def candidates(sentences: Sequence[Sentence]) -> list[Sentence]:
    """The candidate sentences, or every non-empty sentence when none qualifies."""
    return [s for s in sentences if is_candidate(s)] or [s for s in sentences if s.text.strip()]


T = TypeVar("T")

# a candidate repeats what the reader has seen when more than this share of its terms is in one seen
# sentence (fitted for the newsbrief summarizer on DUC 2007 update sets B and C: 0.8 and 0.7 on the
# two halves of the topics, 0.7 on all; see newsbrief.summarize.train --update)
MAX_SEEN_OVERLAP = 0.7


def seen_overlap(texts: Sequence[str], seen: Sequence[Sentence]) -> np.ndarray:
    """For each of ``texts``, the largest share of its terms (content stems) found together in
    one sentence of ``seen``: 1 for a repeated sentence, 0 for one with nothing seen (or no terms)."""
    out = np.zeros(len(texts))
    if not texts or not seen:
        return out
    docs = [set(terms(content_stems(t))) for t in texts]
    vocab: dict[str, int] = {}
    for d in docs:
        for t in d:
            vocab.setdefault(t, len(vocab))
    if not vocab:
        return out

    def binary(sets: Sequence[set[str]]) -> sp.csr_matrix:
        rows = [r for r, d in enumerate(sets) for t in d if t in vocab]
        cols = [vocab[t] for d in sets for t in d if t in vocab]
        return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), len(vocab)))

    shared = (binary(docs) @ binary([set(terms(content_stems(s.text))) for s in seen]).T).tocsr()
    most = np.asarray(shared.max(axis=1).todense()).ravel()
    size = np.array([len(d) for d in docs], dtype=np.float64)
    np.divide(most, size, out=out, where=size > 0)
    return out


def unseen(
    cands: Sequence[Sentence], seen: Sequence[Sentence], max_overlap: float = MAX_SEEN_OVERLAP
) -> list[Sentence]:
    """``cands`` without those that largely repeat a sentence of ``seen`` (more than
    ``max_overlap`` of their terms in one seen sentence, see :func:`seen_overlap`); all of them,
    untouched, when nothing was seen."""
    if not seen:
        return list(cands)
    overlap = seen_overlap([s.text for s in cands], seen)
    return [s for s, o in zip(cands, overlap.tolist(), strict=True) if o <= max_overlap]


@dataclass
class Fill:
    """What a summary holds so far against its budget: the one budget rule of every summarizer.

    With a sentence budget, sentences are taken until there are that many; with a word budget,
    a sentence is taken when its words still fit (a longer one is skipped, a shorter one after
    it may still fit) and sentences are counted by whitespace-separated words."""

    budget: Budget
    words: int = 0
    count: int = 0

    def full(self) -> bool:
        return self.budget.sentences is not None and self.count >= self.budget.sentences

    def fits(self, words: int) -> bool:
        if self.budget.sentences is not None:
            return self.count < self.budget.sentences
        assert self.budget.words is not None
        return self.words + words <= self.budget.words

    def take(self, words: int) -> None:
        self.words += words
        self.count += 1


def select(
    ranked: Iterable[T],
    budget: Budget,
    text: Callable[[T], str],
    accept: Callable[[T], bool] | None = None,
    prefix: bool = False,
) -> list[T]:
    """The items of ``ranked`` (best first) a summary of ``budget`` takes (see :class:`Fill`).

    ``accept`` may refuse an item that fits (too similar to one taken); ``prefix`` stops at the
    first item that does not fit instead of skipping it (a lead is a prefix of its article)."""
    fill = Fill(budget)
    taken: list[T] = []
    for item in ranked:
        if fill.full():
            break
        n = word_count(text(item))
        if not fill.fits(n):
            if prefix:
                break
            continue
        if accept is not None and not accept(item):
            continue
        taken.append(item)
        fill.take(n)
    return taken


def budget_lengths(texts: Sequence[str], budget: Budget) -> tuple[np.ndarray, float]:
    """(length of each text, limit) in the budget's unit, for optimizers: 1 a sentence against
    the sentence count, or the word count against the word budget."""
    if budget.sentences is not None:
        return np.ones(len(texts)), float(budget.sentences)
    assert budget.words is not None
    return np.array([word_count(t) for t in texts], dtype=np.float64), float(budget.words)


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
    sim = sp.csr_matrix(similarity) if sp.issparse(similarity) else similarity
    picked: list[int] = []

    def novel(i: int) -> bool:  # accepted items are taken: record them
        if sim is not None and picked:
            row = sim[i]
            near = row[:, picked].toarray().ravel() if sp.issparse(row) else np.asarray(row)[picked]
            if near.max() > max_similarity:
                return False
        picked.append(i)
        return True

    order = np.argsort(-scores, kind="stable").tolist()
    return [cands[i] for i in select(order, budget, lambda i: cands[i].text, novel)]


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
