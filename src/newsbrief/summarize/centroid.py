"""``centroid``: TF-IDF centroid salience (Radev et al. 2004) with MMR redundancy control."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..text import content_stems, word_count
from ..types import Budget, Sentence
from ..vectors import Tfidf
from ._select import Fill, article_rank, candidates, reading_order, unseen

LAMBDA = 0.7  # MMR: weight of salience against similarity to what is already picked
MAX_SIMILARITY = 0.6


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
    docs = [content_stems(s.text) for s in cands]
    try:
        vec = Tfidf.fit(docs)
    except ValueError:
        return ()
    X = vec.transform(docs)
    centroid = np.asarray(X.mean(axis=0)).ravel()
    if query:
        q = vec.transform([content_stems(query)]).toarray().ravel()
        centroid = centroid + 0.5 * q * centroid.max() / max(q.max(), 1e-9)
    salience = X @ centroid
    salience = salience / max(float(salience.max()), 1e-12)
    lengths = [word_count(s.text) for s in cands]
    fill = Fill(budget)
    alive = np.ones(len(cands), dtype=bool)
    redundancy = np.zeros(len(cands))
    picked: list[int] = []
    while alive.any() and not fill.full():
        alive &= np.array([fill.fits(n) for n in lengths], dtype=bool)
        if not alive.any():
            break
        score = np.where(alive, LAMBDA * salience - (1 - LAMBDA) * redundancy, -np.inf)
        best = int(np.argmax(score))
        alive[best] = False
        if redundancy[best] > MAX_SIMILARITY:
            continue
        picked.append(best)
        fill.take(lengths[best])
        redundancy = np.maximum(redundancy, (X @ X[best].T).toarray().ravel())
    return reading_order([cands[i] for i in picked], article_rank(sentences))
