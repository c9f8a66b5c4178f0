"""TF-IDF cosine similarity over Porter stems of content words (shared by timeline and compare)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..text import content_stems


def _analyzer(text: str) -> list[str]:
    return [s for s in content_stems(text) if not s.isdigit() or len(s) > 1]


def similarity_matrix(texts: Sequence[str], fit_on: Sequence[str] | None = None) -> np.ndarray:
    """Pairwise cosine similarities of ``texts``.

    The TF-IDF weights are fitted on ``fit_on`` (e.g. all sentences of the
    articles) or, by default, on ``texts`` themselves. Texts without any known
    content word have similarity 0 with everything (1 with themselves).
    """
    n = len(texts)
    if n == 0:
        return np.zeros((0, 0))
    corpus = list(fit_on) if fit_on else list(texts)
    if not any(_analyzer(t) for t in corpus):
        return np.eye(n)
    vectorizer = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True, norm="l2")
    vectorizer.fit(corpus)
    matrix = vectorizer.transform(list(texts))
    sims = (matrix @ matrix.T).toarray()
    np.fill_diagonal(sims, 1.0)
    return np.clip(sims, 0.0, 1.0)
