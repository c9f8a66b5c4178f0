"""``textrank``: TextRank (Mihalcea & Tarau 2004): word overlap normalised by log lengths."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from ..text import content_stems
from ..types import Budget, Sentence
from ..vectors import count_matrix
from ._select import article_rank, candidates, pagerank, reading_order, take_ranked, unseen


def summarize(
    sentences: Sequence[Sentence],
    budget: Budget,
    query: str | None = None,
    *,
    seen: Sequence[Sentence] = (),
) -> tuple[Sentence, ...]:
    cands = unseen(candidates(sentences), seen)
    if not cands:
        return ()
    try:
        B = count_matrix([content_stems(s.text) for s in cands], binary=True)
    except ValueError:
        return reading_order(take_ranked(cands, np.zeros(len(cands)), budget), article_rank(sentences))
    B = B.astype(np.float64).tocsr()
    overlap = (B @ B.T).tocoo()
    size = np.log(np.maximum(np.asarray(B.sum(axis=1)).ravel(), 2.0))
    keep = overlap.row != overlap.col
    r, c = overlap.row[keep], overlap.col[keep]
    w = overlap.data[keep] / (size[r] + size[c])
    graph = sp.csr_matrix((w, (r, c)), shape=overlap.shape)
    scores = pagerank(graph)
    sim = (B @ B.T).multiply(1.0 / np.maximum(np.asarray(B.sum(axis=1)).ravel(), 1.0)[:, None])
    return reading_order(take_ranked(cands, scores, budget, sim, 0.6), article_rank(sentences))
