"""Per-article features for clustering, computed once and without any corpus-wide fit.

* ``terms`` / ``counts``: hashed term ids of the Porter stems of the non-stop-words of the
  title and body, plus capitalised name-like sequences (``e:vladimir putin``), each with a
  sublinear term weight ``1 + log(tf)`` (title terms get ``title_weight`` more, names are
  scaled by ``entity_weight``).  Ids are CRC-32 hashes folded into ``DIM`` buckets, so no
  vocabulary is fitted and the feature of a term never depends on the other articles
  (a streaming hashing vectoriser; IDF comes later from running document frequencies).
* ``shingles``: 32-bit hashes of the ``k``-word shingles of the lower-cased body, the input
  of the MinHash used by near-duplicate detection.

Only these arrays (a few KB) are kept per article: the text itself can be dropped.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from ..text import STOPWORDS, WORD_RE, stem
from ..types import Article

DIM_BITS = 20
MINHASH_SEED = 1
DIM = 1 << DIM_BITS
_MASK = DIM - 1

# capitalised sequences: "Vladimir Putin", "EgyptAir Flight", "U.S.", "NASA"
_NAME_RE = re.compile(r"[A-Z][\w'’.&-]*[\w](?:[ \t]+(?:of[ \t]+|de[ \t]+|al-)?[A-Z][\w'’.&-]*\w)*")
_SENT_END = frozenset('.!?:"“”»\n\r')
_UPPER_RE = re.compile(r"[A-Z]")
_LOWER_RE = re.compile(r"[a-z]")
_UPPER_SHARE = 1.0  # a body with more capitals than small letters (old wire copy) yields no names
_CACHE_LIMIT = 500_000
_P1 = np.uint64(0x9E3779B97F4A7C15)
_P2 = np.uint64(0xC2B2AE3D27D4EB4F)


@dataclass(frozen=True, eq=False)
class Features:
    id: str
    published: dt.date | None
    title: str
    terms: np.ndarray  # int64 term ids, unique
    weights: np.ndarray  # float64 raw term weights (before IDF)
    shingles: np.ndarray  # uint32 shingle hashes of the body (empty when ``signature`` is set)
    words: int  # words in the body
    signature: np.ndarray | None = None  # MinHash of the shingles (datasketch, seed 1)

    def key(self) -> tuple[bool, dt.date, str]:
        """Publication order: oldest first, undated last, ties by id."""
        return (self.published is None, self.published or dt.date.min, self.id)


def identity(value: int) -> int:
    """The MinHash "hash function" of shingles that are already 32-bit hashes."""
    return value


def _term_id(term: str) -> int:
    return zlib.crc32(term.encode("utf-8")) & _MASK


def _sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _SENT_END


def _names(text: str) -> list[str]:
    """Capitalised name-like sequences, lower-cased, without a leading stop word."""
    head = text[:2000]
    if len(_UPPER_RE.findall(head)) > _UPPER_SHARE * (len(_LOWER_RE.findall(head)) + 1):
        return []
    out = []
    for m in _NAME_RE.finditer(text):
        parts = m.group().split()
        first_sentence_word = _sentence_start(text, m.start())
        while parts and parts[0].lower() in STOPWORDS:
            parts.pop(0)
            first_sentence_word = False
        if not parts:
            continue
        if len(parts) == 1 and first_sentence_word:
            continue  # "Officials said..." is not a name; "Putin said" after a comma is
        out.append(" ".join(parts).lower().rstrip("."))
    return out


def shingle_hashes(tokens: list[str], k: int, word_hashes: np.ndarray | None = None) -> np.ndarray:
    """Unique 32-bit hashes of the ``k``-word shingles of ``tokens`` (already lower-cased).

    ``word_hashes`` (CRC-32 of each token, as uint64) may be given when already known.
    """
    if not tokens:
        return np.zeros(0, dtype=np.uint32)
    h = word_hashes
    if h is None:
        h = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in tokens), dtype=np.uint64, count=len(tokens))
    k = min(k, len(h))
    acc: np.ndarray = np.zeros(len(h) - k + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = acc * _P1 + h[j : len(h) - k + 1 + j] * _P2
    return np.unique(((acc >> np.uint64(32)) ^ acc).astype(np.uint32))


class Featurizer:
    """Computes :class:`Features`; caches ``word -> term id`` (bounded, per instance)."""

    def __init__(
        self, title_weight: float = 1.0, entity_weight: float = 1.0, shingle: int = 4, num_perm: int = 0
    ) -> None:
        self.title_weight = title_weight
        self.entity_weight = entity_weight
        self.shingle = shingle
        self.num_perm = num_perm  # > 0: compute the MinHash signature here (in a worker if parallel)
        self._ids: dict[str, tuple[int, int]] = {}
        self._minhash = MinHash(num_perm=num_perm, seed=MINHASH_SEED, hashfunc=identity) if num_perm else None

    def _signature(self, shingles: np.ndarray) -> np.ndarray:
        assert self._minhash is not None
        m = self._minhash.copy()
        m.update_batch(shingles.tolist())
        return m.hashvalues

    def copy(self) -> Featurizer:
        """A featurizer with the same settings and an empty cache."""
        return Featurizer(self.title_weight, self.entity_weight, self.shingle, self.num_perm)

    def _word(self, word: str) -> tuple[int, int]:
        """(term id, CRC-32) of a lower-cased word; the id is -1 for a stop word, a number, a letter."""
        known = self._ids.get(word)
        if known is None:
            if word in STOPWORDS or len(word) < 2 or word[0].isdigit():
                t = -1
            else:
                t = _term_id(stem(word))
            if len(self._ids) >= _CACHE_LIMIT:
                self._ids.clear()
            known = self._ids[word] = (t, zlib.crc32(word.encode("utf-8")))
        return known

    def _word_id(self, word: str) -> int:
        return self._word(word)[0]

    def __call__(self, article: Article) -> Features:
        body = article.text or ""
        title = (article.title or "").strip()
        tokens = WORD_RE.findall(body)
        lower = [t.lower() for t in tokens]
        weights: dict[int, float] = {}
        crcs: dict[str, int] = {}
        for w, n in Counter(lower).items():
            t, crcs[w] = self._word(w)
            if t >= 0:
                weights[t] = weights.get(t, 0.0) + n
        for t, c in weights.items():
            weights[t] = 1.0 + math.log(c)  # counts become log weights
        if self.title_weight:
            for t in {self._word_id(w) for w in WORD_RE.findall(title.lower())}:
                if t >= 0:
                    weights[t] = weights.get(t, 0.0) + self.title_weight
        if self.entity_weight:
            for name, c in Counter(_names(title + "\n" + body[:20000])).items():
                t = _term_id("e:" + name)
                weights[t] = weights.get(t, 0.0) + self.entity_weight * (1.0 + math.log(c))
        shingles = shingle_hashes(
            lower, self.shingle, np.fromiter(map(crcs.__getitem__, lower), dtype=np.uint64, count=len(lower))
        )
        signature = self._signature(shingles) if self._minhash is not None else None
        return Features(
            id=article.id,
            published=article.published,
            title=title or _first_words(body),
            terms=np.fromiter(weights.keys(), dtype=np.int64, count=len(weights)),
            weights=np.fromiter(weights.values(), dtype=np.float64, count=len(weights)),
            shingles=shingles if signature is None else shingles[:0],
            words=len(tokens),
            signature=signature,
        )


def featurize(
    article: Article, title_weight: float = 1.0, entity_weight: float = 1.0, shingle: int = 4
) -> Features:
    """The clustering features of one article (see the module docstring)."""
    return Featurizer(title_weight, entity_weight, shingle)(article)


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" ..." if len(words) > n else "")
