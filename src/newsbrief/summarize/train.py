"""Fit the concept-weight model of :mod:`newsbrief.summarize.concept` on clusters with references.

A concept's target is the fraction of reference summaries containing it; a logistic regression
over :data:`newsbrief.summarize._concepts.FEATURES` predicts it. ``python -m
newsbrief.summarize.train clusters.jsonl`` prints the coefficients (generic and query-focused)
and the cross-validated ROUGE-2 of the summarizer using them (folds by cluster).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ..text import all_sentences
from ..types import Budget, Sentence
from ._concepts import FEATURES, concepts
from .concept import Config, summarize_with

log = logging.getLogger(__name__)

Example = tuple[Sequence[Sentence], str | None, tuple[str, ...]]  # sentences, query, references


def examples(clusters: Sequence[object]) -> list[Example]:
    return [(all_sentences(c.articles), c.query, c.references) for c in clusters]  # type: ignore[attr-defined]


def table(data: Sequence[Example], focused: bool, min_df: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Features and targets of every retained concept of every cluster."""
    xs, ys = [], []
    for sents, query, refs in data:
        c = concepts(sents, query if focused else None, min_df)
        y = np.asarray(c.matrix(refs).mean(axis=0)).ravel()
        xs.append(c.features)
        ys.append(y)
    return np.vstack(xs), np.concatenate(ys)


def fit(X: np.ndarray, y: np.ndarray, c: float = 1.0) -> dict[str, float]:
    """Logistic regression on soft targets (each row twice, weighted y and 1 - y)."""
    from sklearn.linear_model import LogisticRegression

    Xw = np.vstack([X, X])
    yw = np.r_[np.ones(len(y)), np.zeros(len(y))]
    model = LogisticRegression(C=c, max_iter=5000).fit(Xw, yw, sample_weight=np.r_[y, 1 - y])
    coef = {"intercept": round(float(model.intercept_[0]), 3)}
    coef.update((name, round(float(v), 3)) for name, v in zip(FEATURES, model.coef_[0], strict=True))
    return coef


def rouge2(config: Config, data: Sequence[Example], focused: bool, words: int = 250) -> float:
    from ..evaluate import score

    total = 0.0
    for sents, query, refs in data:
        out = summarize_with(config, sents, Budget(words=words), query if focused else None)
        total += score(" ".join(s.text for s in out), refs, words, ("rouge2",))["rouge2"].recall
    return total / max(len(data), 1)


def cross_validate(data: Sequence[Example], focused: bool, folds: int = 2) -> tuple[float, dict[str, float]]:
    """Held-out ROUGE-2 recall (folds by cluster) and the coefficients fitted on everything."""
    scores = []
    for k in range(folds):
        train = [d for i, d in enumerate(data) if i % folds != k]
        test = [d for i, d in enumerate(data) if i % folds == k]
        coef = fit(*table(train, focused))
        fitted = tuple(coef.items())
        config = replace(Config(), focused=fitted) if focused else replace(Config(), generic=fitted)
        scores.append(rouge2(config, test, focused) * len(test))
    return sum(scores) / len(data), fit(*table(data, focused))


def main(argv: Sequence[str] | None = None) -> int:
    from ..evaluate import read_clusters

    parser = argparse.ArgumentParser(prog="python -m newsbrief.summarize.train", description=__doc__)
    parser.add_argument("dataset")
    parser.add_argument("--folds", type=int, default=2)
    args = parser.parse_args(argv)
    data = examples(read_clusters(args.dataset))
    for focused in (False, True):
        held_out, coef = cross_validate(data, focused, args.folds)
        name = "FOCUSED" if focused else "GENERIC"
        print(f"# held-out ROUGE-2 recall {held_out:.4f} ({args.folds}-fold by cluster)")
        print(f"{name} = {{{', '.join(f'{k!r}: {v}' for k, v in coef.items() if v)}}}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
