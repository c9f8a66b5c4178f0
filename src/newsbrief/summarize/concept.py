"""``newsbrief``: concept-coverage summarization (Gillick & Favre) solved as an ILP with HiGHS.

Concepts are stemmed word bigrams (not both stop words). A concept's weight is the number of
articles it appears in, raised for concepts seen early in articles and, with a query, for
concepts sharing stems with it. The summary is the set of candidate sentences that covers the
most concept weight within the word budget, put in reading order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..text import STOPWORDS, stem
from ..types import Budget, Sentence
from . import _ilp
from ._select import reading_order
from .compress import compress, is_clean


@dataclass(frozen=True)
class Config:
    min_df: int = 3
    min_words: int = 8
    max_words: int = 60
    position_decay: float = 0.0  # concept weight bonus for early sentences: 1 + p / (1 + index)
    query_weight: float = 0.0  # concept weight multiplier for query stems: 1 + q * overlap
    compress: bool = True
    drop_quotes: bool = True
    time_limit: float = 0.15
    max_index: int = 10_000  # candidates only among the first sentences of each article
    drop_dangling: bool = False  # no sentences opening with a conjunction or pronoun
    sentence_prior: float = 0.0  # objective bonus per word of a sentence: prior * relevance


DEFAULT = Config()


def tokens(text: str) -> list[str]:
    """Stems of the lower-cased alphanumeric tokens (as ROUGE tokenizes)."""
    return [stem(w) for w in _TOKEN_RE.findall(text.lower())]


import re  # noqa: E402

_TOKEN_RE = re.compile(r"[a-z0-9]+")
_STOP_STEMS = frozenset(stem(w) for w in STOPWORDS) | STOPWORDS


def _bigrams(toks: list[str]) -> list[tuple[str, str]]:
    return [
        (a, b) for a, b in zip(toks, toks[1:], strict=False) if not (a in _STOP_STEMS and b in _STOP_STEMS)
    ]


def _matrix(
    rows: Sequence[list[tuple[str, str]]], vocab: dict[tuple[str, str], int] | None = None
) -> tuple[sp.csr_matrix, dict[tuple[str, str], int]]:
    grow = vocab is None
    vocab = {} if vocab is None else vocab
    indptr = [0]
    indices: list[int] = []
    for row in rows:
        seen = set()
        for g in row:
            j = vocab.get(g)
            if j is None:
                if not grow:
                    continue
                j = vocab[g] = len(vocab)
            if j not in seen:
                seen.add(j)
                indices.append(j)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab))), vocab


def summarize_with(
    config: Config, sentences: Sequence[Sentence], budget: Budget, query: str | None = None
) -> tuple[Sentence, ...]:
    if not sentences:
        return ()
    rank: dict[str, int] = {}
    for s in sentences:
        rank.setdefault(s.article_id, len(rank))
    # concepts and their weights come from every sentence
    grams = [_bigrams(tokens(s.text)) for s in sentences]
    S, vocab = _matrix(grams)
    doc_of = np.array([rank[s.article_id] for s in sentences])
    D = sp.csr_matrix(
        (np.ones(len(sentences)), (doc_of, np.arange(len(sentences)))), shape=(len(rank), len(sentences))
    )
    df = np.asarray(((D @ S) > 0).sum(axis=0)).ravel().astype(np.float64)
    weights = df.copy()
    if config.position_decay:
        pos = np.array([s.index for s in sentences], dtype=np.float64)
        early = sp.diags(1.0 / (1.0 + pos)) @ S
        weights = weights * (1.0 + config.position_decay * np.asarray(early.max(axis=0).todense()).ravel())
    if query and config.query_weight:
        qstems = {t for t in tokens(query) if t not in _STOP_STEMS}
        inv = {j: g for g, j in vocab.items()}
        hit = np.array([(inv[j][0] in qstems) + (inv[j][1] in qstems) for j in range(len(vocab))], float)
        weights = weights * (1.0 + config.query_weight * hit)
    keep = df >= min(config.min_df, max(1, len(rank) // 2 + (len(rank) == 1)))
    # candidate units (possibly compressed sentences)
    units: list[Sentence] = []
    for s in sentences:
        u = compress(s) if config.compress else s
        if u is None or s.index >= config.max_index:
            continue
        if not is_clean(u, config.min_words, config.max_words, config.drop_quotes, config.drop_dangling):
            continue
        units.append(u)
    if not units:
        units = [s for s in sentences if s.text.strip()]
    U, _ = _matrix([_bigrams(tokens(u.text)) for u in units], vocab)
    U = U[:, np.flatnonzero(keep)].tocsr()
    w = weights[keep]
    lengths = np.array([len(u.text.split()) for u in units], dtype=np.float64)
    if budget.sentences is not None:
        # sentence budget: every sentence costs 1
        lengths = np.ones(len(units))
        limit = float(budget.sentences)
    else:
        assert budget.words is not None
        limit = float(budget.words)
    picked = _ilp.solve(U, w, lengths, limit, config.time_limit)
    return reading_order([units[i] for i in picked], rank)


def summarize(
    sentences: Sequence[Sentence], budget: Budget, query: str | None = None
) -> tuple[Sentence, ...]:
    return summarize_with(DEFAULT, sentences, budget, query)
