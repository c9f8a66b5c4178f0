"""``lexrank``: LexRank (Erkan & Radev 2004) on a sparse TF-IDF cosine graph."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..text import content_stems
from ..types import Budget, Sentence
from ..vectors import tfidf_matrix
from ._select import article_rank, candidates, pagerank, reading_order, take_ranked, unseen

THRESHOLD = 0.1


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
        X = tfidf_matrix([content_stems(s.text) for s in cands], sublinear=False)
    except ValueError:  # no words at all
        return reading_order(take_ranked(cands, np.zeros(len(cands)), budget), article_rank(sentences))
    sim = (X @ X.T).tocsr()  # rows are L2-normalised: cosine
    graph = sim.copy()
    graph.data[graph.data < THRESHOLD] = 0.0
    graph.eliminate_zeros()
    graph.data[:] = 1.0  # threshold (unweighted) LexRank
    scores = pagerank(graph)
    return reading_order(take_ranked(cands, scores, budget, sim), article_rank(sentences))
