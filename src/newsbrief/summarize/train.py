"""Fit the concept-weight model of :mod:`newsbrief.summarize.concept` on clusters with references.

A concept's target is the fraction of reference summaries containing it; a logistic regression
over :data:`newsbrief.summarize._concepts.FEATURES` predicts it. ``python -m
newsbrief.summarize.train clusters.jsonl`` prints the coefficients (generic and query-focused)
and the cross-validated ROUGE-2 of the summarizer using them (folds by cluster).

``--update`` (DUC 2007 update clusters, with ``"earlier"`` sets): fits what the summarizer does
with the sentences a reader has already seen, the overlap above which a candidate counts as a
repeat (``Config.seen_overlap``) and the logit discount of concepts per share of seen articles
containing them (``Config.update``), by grid search on the ROUGE-2 recall of the later sets
("B+C"); folds by topic (fitted on half the topics, scored on the other half, and vice versa).
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..text import all_sentences
from ..types import Budget, Sentence
from ._concepts import FEATURES, concepts
from .concept import DEFAULT, Config, summarize_with

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
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:  # fitting is a maintainer's task: scikit-learn is the [train] extra
        raise SystemExit("newsbrief: fitting needs scikit-learn: pip install 'newsbrief[train]'") from None

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


def cross_validate(
    data: Sequence[Example], focused: bool, folds: int = 2, words: int = 250
) -> tuple[float, dict[str, float]]:
    """Held-out ROUGE-2 recall at ``words`` (fixed folds by cluster: ``i % folds``) and the
    coefficients fitted on everything."""
    scores = []
    for k in range(folds):
        train = [d for i, d in enumerate(data) if i % folds != k]
        test = [d for i, d in enumerate(data) if i % folds == k]
        coef = fit(*table(train, focused))
        fitted = tuple(coef.items())
        config = replace(Config(), focused=fitted) if focused else replace(Config(), generic=fitted)
        scores.append(rouge2(config, test, focused, words) * len(test))
    return sum(scores) / len(data), fit(*table(data, focused))


GRID_OVERLAP = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
GRID_DISCOUNT = (-0.5, 0.0, 0.5, 1.0, 2.0)


@dataclass(frozen=True)
class UpdateExample:
    """A cluster read after earlier ones: its sentences, the earlier sentences, references."""

    id: str
    topic: str  # the first cluster of its story: folds keep a topic's sets together
    set: str | None
    sentences: tuple[Sentence, ...]
    seen: tuple[Sentence, ...]
    query: str | None
    references: tuple[str, ...]


def update_examples(clusters: Sequence[object]) -> list[UpdateExample]:
    """The clusters with earlier sets (``Cluster.earlier``), prepared as ``newsbrief eval`` does."""
    from ..evaluate import Cluster
    from ..evaluate.run import SeenSentences

    cs = [c for c in clusters if isinstance(c, Cluster)]
    pool = SeenSentences(cs)
    return [
        UpdateExample(c.id, c.earlier[0], c.set, pool.sentences(c), pool.seen(c), c.query, c.references)
        for c in cs
        if c.earlier
    ]


def update_config(overlap: float, discount: float, base: Config = DEFAULT) -> Config:
    """``base`` with seen candidates above ``overlap`` dropped and concept logits lowered by
    ``discount`` times the share of seen articles containing them."""
    return replace(base, seen_overlap=overlap, update=(("seen_df", -discount),) if discount else ())


def update_rouge2(
    config: Config, data: Sequence[UpdateExample], focused: bool = False, words: int = 100
) -> float:
    """Mean ROUGE-2 recall of the update summaries of ``data`` (earlier sets as seen)."""
    from ..evaluate import score

    total = 0.0
    for ex in data:
        query = ex.query if focused else None
        out = summarize_with(config, ex.sentences, Budget(words=words), query, seen=ex.seen)
        total += score(" ".join(s.text for s in out), ex.references, words, ("rouge2",))["rouge2"].recall
    return total / max(len(data), 1)


def fit_update(
    data: Sequence[UpdateExample],
    focused: bool = False,
    words: int = 100,
    discounts: Sequence[float] = GRID_DISCOUNT,
) -> tuple[float, float, float]:
    """(overlap, discount, ROUGE-2) of the grid point (``GRID_OVERLAP`` x ``discounts``) with the
    best ROUGE-2 on ``data``; ties go to the earlier point."""
    best = (1.0, 0.0, -1.0)
    for overlap in GRID_OVERLAP:
        for discount in discounts:
            r2 = update_rouge2(update_config(overlap, discount), data, focused, words)
            log.debug("overlap %.2f discount %.2f: ROUGE-2 %.4f", overlap, discount, r2)
            if r2 > best[2] + 1e-9:
                best = (overlap, discount, r2)
    return best


@dataclass(frozen=True)
class UpdateFit:
    held_out: float  # ROUGE-2 recall of the later sets, each scored by the fold not fitted on it
    per_set: tuple[tuple[str, float], ...]  # the same per set (B, C)
    folds: tuple[tuple[float, float], ...]  # (overlap, discount) fitted on each fold's training half
    overlap: float  # fitted on every topic
    discount: float
    fitted: float  # ROUGE-2 of that fit on every topic (in-sample)
    seconds: float


def cross_validate_update(
    data: Sequence[UpdateExample],
    folds: int = 2,
    focused: bool = False,
    words: int = 100,
    discounts: Sequence[float] = GRID_DISCOUNT,
) -> UpdateFit:
    """Held-out ROUGE-2 recall of the update summaries (folds by topic) and the fit on all;
    ``discounts=(0.0,)`` fits the overlap threshold alone."""
    t0 = time.perf_counter()
    topics = list(dict.fromkeys(ex.topic for ex in data))
    fold_of = {t: i % folds for i, t in enumerate(topics)}
    scored: list[tuple[str | None, float]] = []
    chosen = []
    for k in range(folds):
        train = [ex for ex in data if fold_of[ex.topic] != k]
        test = [ex for ex in data if fold_of[ex.topic] == k]
        overlap, discount, _ = fit_update(train, focused, words, discounts)
        chosen.append((overlap, discount))
        config = update_config(overlap, discount)
        scored.extend((ex.set, update_rouge2(config, [ex], focused, words)) for ex in test)
    overlap, discount, fitted = fit_update(data, focused, words, discounts)
    names = list(dict.fromkeys(name for name, _ in scored if name is not None))
    per_set = tuple(
        (n, sum(v for m, v in scored if m == n) / sum(1 for m, _ in scored if m == n)) for n in names
    )
    return UpdateFit(
        sum(v for _, v in scored) / max(len(scored), 1),
        per_set,
        tuple(chosen),
        overlap,
        discount,
        fitted,
        time.perf_counter() - t0,
    )


def main(argv: Sequence[str] | None = None) -> int:
    from ..evaluate import read_clusters

    parser = argparse.ArgumentParser(prog="python -m newsbrief.summarize.train", description=__doc__)
    parser.add_argument("dataset")
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--update", action="store_true", help="fit the seen-sentence settings (update sets)")
    parser.add_argument("--words", type=int, default=100, help="with --update: word budget (100)")
    parser.add_argument("--query", action="store_true", help="with --update: the topic as query")
    parser.add_argument(
        "--overlap-only",
        action="store_true",
        help="with --update: fit the overlap threshold, no concept discount",
    )
    args = parser.parse_args(argv)
    if args.update:
        logging.basicConfig(level=logging.INFO, format="%(message)s")
        discounts = (0.0,) if args.overlap_only else GRID_DISCOUNT
        fit = cross_validate_update(
            update_examples(read_clusters(args.dataset)), args.folds, args.query, args.words, discounts
        )
        sets = ", ".join(f"{n} {v:.4f}" for n, v in fit.per_set)
        log.info(
            "held-out ROUGE-2 recall of the later sets %.4f (%s; %d-fold by topic)",
            fit.held_out,
            sets,
            args.folds,
        )
        log.info("per fold (overlap, discount): %s", fit.folds)
        log.info(
            "fitted on all topics: seen_overlap=%s, discount=%s (in-sample %.4f)",
            fit.overlap,
            fit.discount,
            fit.fitted,
        )
        return 0
    data = examples(read_clusters(args.dataset))
    for focused in (False, True):
        held_out, coef = cross_validate(data, focused, args.folds)
        name = "FOCUSED" if focused else "GENERIC"
        print(f"# held-out ROUGE-2 recall {held_out:.4f} ({args.folds}-fold by cluster)")
        print(f"{name} = {{{', '.join(f'{k!r}: {v}' for k, v in coef.items() if v)}}}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
