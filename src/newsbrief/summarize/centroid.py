"""``centroid``: TF-IDF centroid salience with MMR-style redundancy control."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..text import content_stems
from ..types import Budget, Sentence
from ._select import fits, is_candidate, reading_order


def summarize(
    sentences: Sequence[Sentence], budget: Budget, query: str | None = None
) -> tuple[Sentence, ...]:
    cands = [s for s in sentences if is_candidate(s)] or list(sentences)
    if not cands:
        return ()
    vec = TfidfVectorizer(analyzer=content_stems, sublinear_tf=True)
    X = vec.fit_transform([s.text for s in cands])
    centroid = np.asarray(X.mean(axis=0)).ravel()
    if query:
        q = vec.transform([query]).toarray().ravel()
        centroid = centroid + 0.5 * q * centroid.max() / max(q.max(), 1e-9)
    salience = X @ centroid
    sim = (X @ X.T).toarray()
    order = list(np.argsort(-salience, kind="stable"))
    picked: list[int] = []
    words = 0
    while order:
        best, best_score = None, -np.inf
        for i in order[:50]:
            red = max((sim[i, j] for j in picked), default=0.0)
            score = salience[i] - 0.7 * red * salience.max()
            if score > best_score:
                best, best_score = i, score
        order.remove(best)
        if picked and max(sim[best, j] for j in picked) > 0.6:
            continue
        if not fits(words, len(picked), cands[best], budget):
            if budget.sentences is not None:
                break
            continue
        picked.append(best)
        words += len(cands[best].text.split())
    rank = {}
    for s in sentences:
        rank.setdefault(s.article_id, len(rank))
    return reading_order([cands[i] for i in picked], rank)
