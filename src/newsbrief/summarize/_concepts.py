"""Concepts (stemmed word bigrams) of a set of sentences, as sparse matrices, and their features.

Everything is computed with sparse matrix products over the sentence x concept incidence
matrix; the only Python loops are over tokens (to build the matrix) and over the retained
concepts (a few hundred) for the stop-word and query features.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..text import STOPWORDS, stem
from ..types import Sentence

_TOKEN_RE = re.compile(r"[a-z0-9]+")
# words of topic statements that say what to do rather than what about
QUERY_STOPWORDS = frozenset(
    """discuss describe description identify include including information specific specifically
    explain explanation details detail provide report reports what who when where why how which
    aspects aspect issues issue factors involved regarding concerning related relating efforts
    kinds kind type types various examples example status find give list""".split()
)
Bigram = tuple[str, str]


def tokens(text: str) -> list[str]:
    """Porter stems of the lower-cased alphanumeric tokens (ROUGE's tokens)."""
    return [stem(w) for w in _TOKEN_RE.findall(text.lower())]


STOP_STEMS = frozenset(stem(w) for w in STOPWORDS) | STOPWORDS
_QUERY_STOP = STOP_STEMS | frozenset(stem(w) for w in QUERY_STOPWORDS)


def bigrams(toks: Sequence[str]) -> list[Bigram]:
    """Adjacent token pairs, except pairs of two stop words."""
    return [(a, b) for a, b in zip(toks, toks[1:], strict=False) if not (a in STOP_STEMS and b in STOP_STEMS)]


@dataclass(frozen=True)
class Tokens:
    """The tokens of many texts as flat arrays: stem id, text (row) number, capitalised or not."""

    ids: np.ndarray
    rows: np.ndarray
    caps: np.ndarray
    n_rows: int


def tokenize(texts: Sequence[str], lexicon: dict[str, int], grow: bool = True) -> Tokens:
    """Token arrays of ``texts``; stems missing from ``lexicon`` are added (``grow``) or get id -1."""
    ids: list[int] = []
    rows: list[int] = []
    caps: list[bool] = []
    for r, text in enumerate(texts):
        words = _CASED_RE.findall(text)
        for w in words:
            st = stem(w)
            j = lexicon.get(st)
            if j is None:
                if grow:
                    j = lexicon[st] = len(lexicon)
                else:
                    j = -1
            ids.append(j)
        rows.extend([r] * len(words))
        caps.extend(w[0].isupper() for w in words)
    return Tokens(
        np.array(ids, dtype=np.int64), np.array(rows, dtype=np.int64), np.array(caps, bool), len(texts)
    )


def bigram_keys(t: Tokens, stop: np.ndarray, base: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keys ``a * base + b`` of adjacent token pairs within a text (not two stop words, no unknown
    token), the row of each, and whether both words are capitalised."""
    a, b = t.ids[:-1], t.ids[1:]
    ok = (t.rows[:-1] == t.rows[1:]) & (a >= 0) & (b >= 0)
    ok[ok] &= ~(stop[a[ok]] & stop[b[ok]])
    return a[ok] * base + b[ok], t.rows[:-1][ok], t.caps[:-1][ok] & t.caps[1:][ok]


def _binary(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    M = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    M.sum_duplicates()
    M.data[:] = 1.0
    return M


@dataclass(frozen=True)
class Concepts:
    """Retained concepts of one cluster, one row of features each (see :data:`FEATURES`),
    and a relevance score per input sentence (centrality, plus query similarity with a query)."""

    keys: np.ndarray  # sorted bigram keys (a * base + b over lexicon ids)
    lexicon: dict[str, int]
    stop: np.ndarray  # per lexicon id: a stop word
    features: np.ndarray  # concepts x len(FEATURES)
    df: np.ndarray  # articles containing each concept
    sentence_scores: np.ndarray
    sentence_matrix: sp.csr_matrix  # input sentences x concepts, 0/1

    @property
    def base(self) -> int:
        return len(self.stop)

    def matrix(self, texts: Sequence[str]) -> sp.csr_matrix:
        """0/1 matrix texts x concepts."""
        keys, rows, _ = bigram_keys(tokenize(texts, self.lexicon, grow=False), self.stop, self.base)
        col = np.searchsorted(self.keys, keys)
        col = np.minimum(col, len(self.keys) - 1)
        hit = (len(self.keys) > 0) & (self.keys[col] == keys) if len(self.keys) else np.zeros(len(keys), bool)
        return _binary(rows[hit], col[hit], (len(texts), len(self.keys)))

    def bigrams(self) -> list[Bigram]:
        inv = list(self.lexicon)
        return [(inv[k // self.base], inv[k % self.base]) for k in self.keys.tolist()]


FEATURES = (
    "log_df",
    "log_tf",
    "first_pos",
    "mean_pos",
    "one_stop",
    "log_df_x_first_pos",
    "word_df_min",
    "word_df_max",
    "centrality",
    "digit",
    "lead_df",
    "capitalized",
    "centrality_max",
    "q1",
    "q2",
    "q_context",
    "q_context_max",
    "context_df",
    "sentence_length",
)
_CASED_RE = re.compile(r"[A-Za-z0-9]+")


def _colmax(M: sp.spmatrix) -> np.ndarray:
    return np.asarray(M.max(axis=0).todense()).ravel()


def concepts(sentences: Sequence[Sentence], query: str | None = None, min_df: int = 2) -> Concepts:
    """Concepts found in at least ``min_df`` articles (fewer for tiny clusters) and their features."""
    rank: dict[str, int] = {}
    for s in sentences:
        rank.setdefault(s.article_id, len(rank))
    n = len(sentences)
    ndoc = len(rank)
    lexicon: dict[str, int] = {}
    t = tokenize([s.text for s in sentences], lexicon)
    V = max(len(lexicon), 1)
    stems = list(lexicon)
    stop = np.fromiter((w in STOP_STEMS for w in stems), bool, len(stems))
    digit_tok = np.fromiter((w.isdigit() for w in stems), bool, len(stems))
    keys, rows, capb = bigram_keys(t, stop, V)
    uniq, col = np.unique(keys, return_inverse=True)
    S = _binary(rows, col, (n, len(uniq)))
    doc_of = np.fromiter((rank[s.article_id] for s in sentences), dtype=np.int64, count=n)
    pos = np.fromiter((s.index for s in sentences), dtype=np.float64, count=n)
    D = sp.csr_matrix((np.ones(n), (doc_of, np.arange(n))), shape=(ndoc, n))
    df = np.asarray(((D @ S) > 0).sum(axis=0)).ravel()
    floor = max(1, min(min_df, (ndoc + 1) // 2))
    keep = np.flatnonzero(df >= floor)
    # content words: document frequency, sentence centrality and query similarity
    content = (t.ids >= 0) & ~stop[np.maximum(t.ids, 0)]
    W = _binary(t.rows[content], t.ids[content], (n, V))
    wdf = np.asarray(((D @ W) > 0).sum(axis=0)).ravel().astype(np.float64)
    Wn = sp.diags(1.0 / np.sqrt(np.maximum(np.asarray(W.sum(axis=1)).ravel(), 1.0))) @ W
    centre = wdf / ndoc
    cent = (Wn @ centre) / max(float(np.linalg.norm(centre)), 1e-9)
    qmask = np.zeros(V, bool)
    if query:
        for w in tokens(query):
            j = lexicon.get(w)
            if j is not None and w not in _QUERY_STOP:
                qmask[j] = True
    qsim = (Wn @ qmask.astype(np.float64)) / np.sqrt(max(float(qmask.sum()), 1.0))
    # concept features over the retained columns
    remap = np.full(len(uniq), -1)
    remap[keep] = np.arange(len(keep))
    sel = remap[col] >= 0
    Cap = _binary(rows[sel & capb], remap[col[sel & capb]], (n, len(keep)))
    S = S[:, keep].tocsc()
    kk = uniq[keep]
    a, b = kk // V, kk % V
    df = df[keep].astype(np.float64)
    tf = np.asarray(S.sum(axis=0)).ravel()
    lead = sp.csr_matrix(D.multiply((pos < 3)[None, :].astype(np.float64)))
    lead_df = np.asarray(((lead @ S) > 0).sum(axis=0)).ravel() / ndoc
    P = sp.diags(1.0 / (1.0 + pos)) @ S
    first = _colmax(P)
    mean = np.asarray(P.sum(axis=0)).ravel() / np.maximum(tf, 1.0)
    lw = np.log(np.maximum(wdf, 1.0) / ndoc)
    la = np.where(stop[a], np.nan, lw[a])
    lb = np.where(stop[b], np.nan, lw[b])
    wmin = np.fmin(la, lb)
    wmax = np.fmax(la, lb)
    q = qmask[a].astype(float) + qmask[b].astype(float)
    log_df = np.log(df / ndoc)  # relative to the cluster size, so that small clusters compare
    nnz = np.asarray(S.sum(axis=1)).ravel()
    ctx = (S @ log_df) / np.maximum(nnz, 1.0)  # how widely shared a sentence's concepts are
    slen = np.bincount(t.rows, minlength=n).astype(np.float64)
    F = np.column_stack(
        [
            log_df,
            np.log(tf / ndoc),
            first,
            mean,
            (stop[a] | stop[b]).astype(float),
            log_df * first,
            np.nan_to_num(wmin),
            np.nan_to_num(wmax),
            (S.T @ cent) / np.maximum(tf, 1.0),
            (digit_tok[a] | digit_tok[b]).astype(float),
            lead_df,
            np.asarray(Cap.sum(axis=0)).ravel() / np.maximum(tf, 1.0),
            _colmax(sp.diags(cent) @ S),
            (q == 1).astype(float),
            (q == 2).astype(float),
            (S.T @ qsim) / np.maximum(tf, 1.0),
            _colmax(sp.diags(qsim) @ S),
            (S.T @ ctx) / np.maximum(tf, 1.0),
            (S.T @ np.log1p(slen)) / np.maximum(tf, 1.0),
        ]
    )
    return Concepts(kk, lexicon, stop, F, df, cent + qsim, S.tocsr())


# what the reader has already seen of each concept (see :func:`seen_features`)
SEEN_FEATURES = ("seen_df", "seen_any", "seen_lead", "seen_rise")


def seen_features(c: Concepts, seen: Sequence[Sentence]) -> np.ndarray:
    """Concepts x len(SEEN_FEATURES): the share of the seen articles that contain each concept,
    whether any seen sentence does, the share of seen articles with it in their first three
    sentences, and how much more of the new articles than of the seen ones contain it."""
    out = np.zeros((len(c.keys), len(SEEN_FEATURES)))
    if not seen or not len(c.keys):
        return out
    rank: dict[str, int] = {}
    for s in seen:
        rank.setdefault(s.article_id, len(rank))
    doc = np.fromiter((rank[s.article_id] for s in seen), dtype=np.int64, count=len(seen))
    lead = np.fromiter((s.index < 3 for s in seen), dtype=bool, count=len(seen))
    M = c.matrix([s.text for s in seen])
    D = sp.csr_matrix((np.ones(len(seen)), (doc, np.arange(len(seen)))), shape=(len(rank), len(seen)))
    sdf = np.asarray(((D @ M) > 0).sum(axis=0)).ravel() / len(rank)
    lead_df = np.asarray(((D @ sp.diags(lead.astype(np.float64)) @ M) > 0).sum(axis=0)).ravel() / len(rank)
    out[:, 0] = sdf
    out[:, 1] = sdf > 0
    out[:, 2] = lead_df
    out[:, 3] = np.exp(c.features[:, FEATURES.index("log_df")]) - sdf
    return out
