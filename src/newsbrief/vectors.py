"""TF-IDF vectors of pre-tokenized texts (SciPy sparse matrices) and their cosine similarities.

Every stage that compares sentences or articles reads the tokens and stems the TEXT stage
computed once (:class:`~newsbrief.types.ArticleText`), so vectors are built from token lists,
never from raw strings. The weighting is scikit-learn's ``TfidfVectorizer`` with a callable
analyzer (smooth idf ``ln((1 + n) / (1 + df)) + 1``, optional sublinear tf, rows l2-normalised,
vocabulary in sorted order); ``tests/test_vectors.py`` checks it against scikit-learn to 1e-12.
It is written on SciPy here because importing scikit-learn costs about a second of start-up,
half of a whole brief of the sample.

:func:`similarities` is the dense matrix for small inputs; :func:`top_neighbours` bounds memory
for large ones (row blocks, the ``k`` most similar columns kept per row).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

Tokens = Sequence[str]
BLOCK_CELLS = 4_000_000  # dense cells computed at once by top_neighbours (32 MB of float64)


def terms(stems: Iterable[str]) -> tuple[str, ...]:
    """The terms texts are compared by: content stems, single digits left out."""
    return tuple(s for s in stems if not s.isdigit() or len(s) > 1)


def _counts(docs: Iterable[Tokens], vocabulary: dict[str, int], binary: bool = False) -> sp.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    for tokens in docs:
        indices.extend(vocabulary[t] for t in tokens if t in vocabulary)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    m = sp.csr_matrix(
        (data, np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(len(indptr) - 1, len(vocabulary)),
    )
    m.sum_duplicates()
    if binary:
        m.data[:] = 1.0
    return m


def vocabulary(docs: Iterable[Tokens]) -> dict[str, int]:
    """Term -> column, terms in sorted order."""
    return {t: i for i, t in enumerate(sorted({t for tokens in docs for t in tokens}))}


def count_matrix(docs: Sequence[Tokens], binary: bool = False) -> sp.csr_matrix:
    """Term counts (0/1 with ``binary``) of ``docs``; ValueError when no doc has a token."""
    vocab = vocabulary(docs)
    if not vocab:
        raise ValueError("empty vocabulary: the texts have no content words")
    return _counts(docs, vocab, binary)


@dataclass(frozen=True)
class Tfidf:
    """A fitted TF-IDF weighting: :meth:`fit` on a corpus, :meth:`transform` any token lists."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    sublinear: bool = True

    @classmethod
    def fit(cls, docs: Sequence[Tokens], sublinear: bool = True) -> Tfidf:
        """Fit on ``docs``; ValueError when no doc has a token (as scikit-learn)."""
        vocab = vocabulary(docs)
        if not vocab:
            raise ValueError("empty vocabulary: the texts have no content words")
        counts = _counts(docs, vocab, binary=True)
        df = np.bincount(counts.indices, minlength=len(vocab)).astype(np.float64)
        n = counts.shape[0]
        return cls(vocab, np.log((1.0 + n) / (1.0 + df)) + 1.0, sublinear)

    def transform(self, docs: Iterable[Tokens]) -> sp.csr_matrix:
        m = _counts(docs, self.vocabulary)
        if self.sublinear:
            np.log(m.data, out=m.data)
            m.data += 1.0
        m = m @ sp.diags(self.idf)
        m = sp.csr_matrix(m)
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0.0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ m)


def tfidf_matrix(docs: Sequence[Tokens], fit_on: Sequence[Tokens] | None = None,
                 sublinear: bool = True) -> sp.csr_matrix:
    """Rows of ``docs`` weighted by a TF-IDF fitted on ``fit_on`` (default: ``docs``)."""
    return Tfidf.fit(fit_on if fit_on else docs, sublinear).transform(docs)


def similarities(docs: Sequence[Tokens], fit_on: Sequence[Tokens] | None = None) -> np.ndarray:
    """Dense pairwise cosine similarities of ``docs`` (diagonal 1, clipped to [0, 1]).

    Docs without a known term have similarity 0 with everything (1 with themselves)."""
    n = len(docs)
    if n == 0:
        return np.zeros((0, 0))
    try:
        m = tfidf_matrix(docs, fit_on)
    except ValueError:
        return np.eye(n)
    sims = (m @ m.T).toarray()
    np.fill_diagonal(sims, 1.0)
    return np.clip(sims, 0.0, 1.0)


def top_neighbours(rows: sp.csr_matrix, cols: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """For each row of ``rows``, its cosine with the ``k`` most similar rows of ``cols``:
    a sparse ``len(rows) x len(cols)`` matrix (the vectors are l2-normalised TF-IDF rows).

    Computed in row blocks of at most ``BLOCK_CELLS`` dense cells, so memory is bounded by
    the block and the ``k`` kept per row, whatever the number of rows."""
    n, m = rows.shape[0], cols.shape[0]
    k = max(0, min(k, m))
    if n == 0 or k == 0:
        return sp.csr_matrix((n, m))
    step = max(1, BLOCK_CELLS // max(m, 1))
    cols_t = sp.csr_matrix(cols.T)
    data: list[np.ndarray] = []
    index: list[np.ndarray] = []
    for lo in range(0, n, step):
        block = (rows[lo : lo + step] @ cols_t).toarray()
        if k < m:
            part = np.argpartition(-block, k - 1, axis=1, kind="introselect")[:, :k]
        else:
            part = np.tile(np.arange(m), (block.shape[0], 1))
        part.sort(axis=1)
        values = np.take_along_axis(block, part, axis=1)
        data.append(values.ravel())
        index.append(part.ravel())
    indptr = np.arange(0, n * k + 1, k)
    out = sp.csr_matrix((np.concatenate(data), np.concatenate(index), indptr), shape=(n, m))
    out.eliminate_zeros()
    return out


NEIGHBOURS = 64  # similar sentences kept per sentence by a Neighbourhood


@dataclass(frozen=True)
class Neighbourhood:
    """Cosine similarities of ``n`` texts, each to (at least) its ``k`` most similar others.

    Symmetric (a pair kept from either side is kept for both), the diagonal 1. With
    ``n <= k + 1`` every pair is kept and it equals :func:`similarities`; past that, memory and
    work are ``O(n k)`` instead of ``O(n^2)``. Pairs not kept are less similar than every kept
    neighbour of both texts and count as 0: the stages that read it (consensus, conflicts,
    timeline merging) only use pairs above a threshold."""

    n: int
    rows: tuple[dict[int, float], ...]

    def sim(self, i: int, j: int) -> float:
        return 1.0 if i == j else self.rows[i].get(j, 0.0)

    def above(self, i: int, threshold: float) -> list[int]:
        """The texts at least ``threshold`` similar to text ``i`` (not ``i``), in index order."""
        return sorted(j for j, s in self.rows[i].items() if s >= threshold)

    def pairs(self, threshold: float) -> list[tuple[int, int]]:
        """Every pair ``i < j`` at least ``threshold`` similar, in index order."""
        return sorted((i, j) for i in range(self.n) for j, s in self.rows[i].items() if j > i and s >= threshold)

    def row_sum(self, i: int) -> float:
        """The sum of text ``i``'s similarities, itself included."""
        return 1.0 + sum(self.rows[i].values())


def neighbourhood(docs: Sequence[Tokens], fit_on: Sequence[Tokens] | None = None,
                  k: int = NEIGHBOURS) -> Neighbourhood:
    """The :class:`Neighbourhood` of ``docs`` (TF-IDF fitted on ``fit_on``, default ``docs``)."""
    n = len(docs)
    rows: list[dict[int, float]] = [{} for _ in range(n)]
    try:
        m = tfidf_matrix(docs, fit_on)
    except ValueError:
        return Neighbourhood(n, tuple(rows))
    top = top_neighbours(m, m, k + 1)
    top.data = np.minimum(top.data, 1.0)
    sym = sp.csr_matrix(top.maximum(top.T))  # a pair kept from either side counts for both
    sym.setdiag(0.0)
    sym.eliminate_zeros()
    sym.sort_indices()
    indptr, indices, data = sym.indptr.tolist(), sym.indices.tolist(), sym.data.tolist()
    rows = [dict(zip(indices[indptr[i] : indptr[i + 1]], data[indptr[i] : indptr[i + 1]], strict=True))
            for i in range(n)]
    return Neighbourhood(n, tuple(rows))
