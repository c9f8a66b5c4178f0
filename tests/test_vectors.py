"""vectors: TF-IDF on SciPy equals scikit-learn's TfidfVectorizer / CountVectorizer; top-k neighbours."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from newsbrief.vectors import Tfidf, count_matrix, similarities, tfidf_matrix, top_neighbours

DOCS = [
    ["israel", "russia", "syria", "syria", "coordin"],
    ["putin", "netanyahu", "syria", "call"],
    ["plane", "down", "russia", "crew", "14"],
    [],
    ["fifteen", "soldier", "plane", "russia", "russia", "russia"],
]


def _identity(tokens):
    return tokens


@pytest.mark.parametrize("sublinear", [True, False])
def test_tfidf_equals_scikit_learn(sublinear: bool) -> None:
    ours = tfidf_matrix(DOCS, sublinear=sublinear).toarray()
    theirs = TfidfVectorizer(analyzer=_identity, sublinear_tf=sublinear).fit_transform(DOCS).toarray()
    assert ours.shape == theirs.shape
    assert np.abs(ours - theirs).max() < 1e-12


def test_transform_of_unseen_docs_equals_scikit_learn() -> None:
    new = [["syria", "unknown", "russia"], ["nothing", "known"]]
    ours = Tfidf.fit(DOCS).transform(new).toarray()
    theirs = TfidfVectorizer(analyzer=_identity, sublinear_tf=True).fit(DOCS).transform(new).toarray()
    assert np.abs(ours - theirs).max() < 1e-12


def test_binary_counts_equal_scikit_learn() -> None:
    ours = count_matrix(DOCS, binary=True).toarray()
    theirs = CountVectorizer(analyzer=_identity, binary=True).fit_transform(DOCS).toarray()
    assert (ours == theirs).all()


def test_empty_vocabulary_is_a_value_error_as_in_scikit_learn() -> None:
    with pytest.raises(ValueError):
        Tfidf.fit([[], []])
    with pytest.raises(ValueError):
        count_matrix([[]])
    assert (similarities([[], []]) == np.eye(2)).all()


def test_similarities_hand_computed() -> None:
    # two docs sharing one of two terms each: idf of the shared term ln(3/3)+1 = 1, others ln(3/2)+1
    sims = similarities([["a", "b"], ["a", "c"]])
    w = np.log(1.5) + 1.0
    assert sims[0, 1] == pytest.approx(1.0 / (1.0 + w * w))
    assert sims[0, 0] == 1.0 and sims[1, 1] == 1.0


def test_top_neighbours_keeps_the_k_best_in_bounded_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsbrief.vectors as vectors

    rng = np.random.default_rng(0)
    vocab = [f"w{i}" for i in range(40)]
    docs = [list(rng.choice(vocab, size=8)) for _ in range(60)]
    m = tfidf_matrix(docs)
    dense = (m[:25] @ m[25:].T).toarray()
    monkeypatch.setattr(vectors, "BLOCK_CELLS", 70)  # two rows a block
    top = top_neighbours(m[:25], m[25:], 5).toarray()
    for r in range(25):
        kept = np.flatnonzero(top[r])
        assert len(kept) <= 5
        assert np.allclose(top[r, kept], dense[r, kept])
        # nothing left out is more similar than what was kept
        if len(kept):
            assert np.sort(dense[r])[-5:].min() <= top[r, kept].min() + 1e-12
    assert top_neighbours(m[:3], m[3:5], 10).shape == (3, 2)
