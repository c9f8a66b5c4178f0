"""ROUGE with the ``rouge-score`` package: Porter stemming, word-budget cut, mean over references.

``rouge-score`` is the reference implementation used here (its tokenizer and its n-gram/LCS
scoring). Tokens are cached per text because the peer check scores thousands of pairs against
the same references.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from nltk.stem import porter
from rouge_score import rouge_scorer
from rouge_score import tokenize as rouge_tokenize

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


@dataclass(frozen=True)
class Rouge:
    recall: float
    precision: float
    f: float


class _CachedStemmer:
    """Porter stemmer (as rouge-score builds it) with a memo of stems."""

    def __init__(self) -> None:
        self._stemmer = porter.PorterStemmer()
        self.stem = lru_cache(maxsize=200_000)(self._stemmer.stem)


@lru_cache(maxsize=1)
def _stemmer() -> _CachedStemmer:
    return _CachedStemmer()


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[str, ...]:
    """rouge-score's tokens of ``text`` (lower case, alphanumeric, Porter stems of words > 3 chars)."""
    return tuple(rouge_tokenize.tokenize(text, _stemmer()))


def cut(text: str, words: int | None) -> str:
    """``text`` cut at ``words`` whitespace-separated words (ROUGE-1.5.5's ``-l``)."""
    parts = text.split()
    return " ".join(parts if words is None else parts[:words])


def _one(kind: str, ref: tuple[str, ...], hyp: tuple[str, ...]) -> Rouge:
    if kind == "rougeL":
        s = rouge_scorer._score_lcs(ref, hyp)
    else:
        n = int(kind[len("rouge") :])
        s = rouge_scorer._score_ngrams(
            rouge_scorer._create_ngrams(ref, n), rouge_scorer._create_ngrams(hyp, n)
        )
    return Rouge(s.recall, s.precision, s.fmeasure)


def score(
    summary: str,
    references: Sequence[str],
    words: int | None = 250,
    kinds: Sequence[str] = ROUGE_TYPES,
) -> dict[str, Rouge]:
    """ROUGE of ``summary`` (cut at ``words``) against each reference, averaged over references.

    Recall, precision and F1 are each the mean of the per-reference figures.
    """
    if not references:
        raise ValueError("no reference summaries to score against")
    hyp = tokens(cut(summary, words))
    refs = [tokens(r) for r in references]
    out: dict[str, Rouge] = {}
    for kind in kinds:
        if kind not in ROUGE_TYPES:
            raise ValueError(f"unknown ROUGE type {kind!r}")
        per = [_one(kind, ref, hyp) for ref in refs]
        k = len(per)
        out[kind] = Rouge(
            sum(p.recall for p in per) / k,
            sum(p.precision for p in per) / k,
            sum(p.f for p in per) / k,
        )
    return out


def mean(scores: Sequence[dict[str, Rouge]]) -> dict[str, Rouge]:
    """Macro average of per-cluster scores."""
    if not scores:
        return {}
    k = len(scores)
    return {
        kind: Rouge(
            sum(s[kind].recall for s in scores) / k,
            sum(s[kind].precision for s in scores) / k,
            sum(s[kind].f for s in scores) / k,
        )
        for kind in scores[0]
    }
