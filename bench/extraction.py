"""HTML article-body extraction benchmark: newsbrief.clean vs trafilatura defaults.

Reads ``../shared/eval/article-extraction`` (129 gzipped pages + ground-truth.json) and
prints mean precision, mean recall and F1 of 4-word shingles of the extracted body
against the hand-made body (the measure of the public Scrapinghub benchmark):

* **cross-validated** (k-fold, default 5): every tunable part of the cleaner (the cascade's
  thresholds and rescue mode, :class:`newsbrief.clean.html.Settings`, and which text rules run
  after trafilatura, :class:`newsbrief.clean.Rules`) is a candidate of a small grid; on each fold
  the candidate with the best F1 on the other folds is chosen (a later candidate in grid order
  only by more than ``TOLERANCE`` of one page's F1) and scored on the held-out pages; the
  held-out pages of all folds are pooled into one figure, repeated over ``--seeds`` splits,
  optionally with a site's pages kept in one fold (``--by-site``);
* the shipped defaults on all pages (in-sample) and trafilatura's defaults, with pages per
  second timed in the same run, page by page in turn (the best of ``--rounds``), so that a
  busy machine slows both alike.

    .venv/bin/python bench/extraction.py             # CV, shipped, trafilatura default
    .venv/bin/python bench/extraction.py --cv --by-site --list-folds   # CV only, unseen sites
    .venv/bin/python bench/extraction.py --folds 10  # another split
    .venv/bin/python bench/extraction.py --worst 10  # the pages where ours loses most
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import logging
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import trafilatura

from newsbrief.clean import HTML_RULES, CleanContext, Rules, clean_one
from newsbrief.clean.html import (
    DEFAULT_SETTINGS,
    Pass,
    Settings,
    body_text,
    parse,
    run_pass,
    site_domain,
    tree_metadata,
)
from newsbrief.clean.lines import clean_lines, split_lines
from newsbrief.clean.score import Match, Scores, aggregate, match
from newsbrief.types import RawDocument

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "article-extraction"

Extractor = Callable[["Page"], str]


@dataclass(frozen=True)
class Page:
    id: str
    url: str | None
    html: bytes
    gold: str

    @property
    def text(self) -> str:
        """The page decoded as the ingest stage does (UTF-8, else cp1252)."""
        try:
            return self.html.decode("utf-8")
        except UnicodeDecodeError:
            return self.html.decode("cp1252", errors="replace")


def load_pages(root: Path = DATA) -> list[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for pid in sorted(truth):
        html = gzip.decompress((root / "html" / f"{pid}.html.gz").read_bytes())
        pages.append(Page(pid, truth[pid].get("url"), html, truth[pid].get("articleBody") or ""))
    return pages


def newsbrief_extractor(context: CleanContext | None = None) -> Extractor:
    ctx = context or CleanContext()

    def run(page: Page) -> str:
        doc = RawDocument(id=page.id, content=page.text, kind="html", origin=page.id, url=page.url)
        article = clean_one(doc, ctx)
        return article.text if article else ""

    return run


def trafilatura_default(page: Page) -> str:
    return trafilatura.extract(page.html, url=page.url) or ""


@dataclass(frozen=True)
class Result:
    name: str
    scores: Scores
    matches: tuple[Match, ...]
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return self.scores.pages / self.seconds if self.seconds else 0.0


def evaluate(name: str, extractor: Extractor, pages: list[Page]) -> Result:
    start = time.perf_counter()
    outputs = [extractor(p) for p in pages]
    seconds = time.perf_counter() - start
    matches = tuple(match(p.gold, out) for p, out in zip(pages, outputs, strict=True))
    return Result(name, aggregate(matches), matches, seconds)


def timed_together(systems: Sequence[tuple[str, Extractor]], pages: list[Page], rounds: int = 2) -> list[Result]:
    """Every system scored and timed on each page in turn; a page's time is the best of ``rounds``."""
    best = [[float("inf")] * len(pages) for _ in systems]
    outputs: list[list[str]] = [[""] * len(pages) for _ in systems]
    for _ in range(max(1, rounds)):
        for i, page in enumerate(pages):
            for s, (_, extractor) in enumerate(systems):
                start = time.perf_counter()
                outputs[s][i] = extractor(page)
                best[s][i] = min(best[s][i], time.perf_counter() - start)
    results = []
    for s, (name, _) in enumerate(systems):
        matches = tuple(match(p.gold, out) for p, out in zip(pages, outputs[s], strict=True))
        results.append(Result(name, aggregate(matches), matches, sum(best[s])))
    return results


# ---- cross-validation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    settings: Settings
    rules: Rules

    def label(self) -> str:
        s, r = self.settings, self.rules
        cascade = (
            f"min_chars={s.min_chars} page_share={s.page_share} rescue={s.rescue_ratio} wide={s.wide}"
            if s.retry
            else "fast pass only"
        )
        on = [name for name in ("captions", "prompts", "datelines") if getattr(r, name)]
        return f"{cascade}; rules {'+'.join(on) or 'none'} duplicates={r.duplicates}"


def grid() -> list[Candidate]:
    """The candidates: cascade settings x the text rules that may follow trafilatura."""
    cascades = [Settings(retry=False)] + [
        Settings(min_chars=m, page_share=p, rescue_ratio=r, wide=w)  # type: ignore[arg-type]
        for m, p, r, w in itertools.product((250, 500, 1000), (0.0, 0.3), (0.3, 0.5, 0.7), ("recall", "balanced"))
    ]
    rules = [
        replace(HTML_RULES, captions=c, prompts=p, datelines=d, duplicates=dup)  # type: ignore[arg-type]
        for c, p, d, dup in itertools.product((True, False), (True, False), (True, False), ("prose", "all", "off"))
    ]
    return [Candidate(s, r) for s in cascades for r in rules]


class PageCache:
    """One page's parse, metadata, trafilatura passes and scored bodies, each computed once
    however many candidates ask for them (the candidates share most of their work)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.tree = parse(page.text)
        self.passes: dict[Pass, str] = {}
        self.scored: dict[tuple[str, Rules], Match] = {}
        # clean_one reads metadata after the body: on a copy here, the passes run on self.tree
        meta = tree_metadata(parse(page.text), page.url) if self.tree is not None else None
        self.title = meta.title if meta else None

    def run(self, tree: Any, url: str | None, step: Pass) -> str:
        if step not in self.passes:
            self.passes[step] = run_pass(tree, url, step)
        return self.passes[step]

    def score(self, candidate: Candidate) -> Match:
        """The page's match for a candidate, as ``clean_one`` would clean it."""
        text = "" if self.tree is None else body_text(self.tree, self.page.url, candidate.settings, self.run)
        key = (text, candidate.rules)
        if key not in self.scored:
            res = clean_lines(split_lines(text), meta_title=self.title, batch=Counter(), rules=candidate.rules)
            self.scored[key] = match(self.page.gold, "\n\n".join(res.body))
        return self.scored[key]


# a candidate later in grid order must beat an earlier one by more than this share of one page's F1
# (averaged over the training pages): smaller differences are one page's rounding, and choosing on
# them swaps trafilatura's recall rescue for its balanced one on a 0.00003 gain (see the README)
TOLERANCE = 0.05


@dataclass(frozen=True)
class CrossValidation:
    scores: Scores  # the held-out pages of every fold, pooled
    folds: tuple[tuple[Candidate, float, float], ...]  # chosen, its train F1, its test F1
    chosen_on_all: Candidate
    shipped: Scores | None  # the shipped defaults on all pages (None if not a candidate)
    fold_of: tuple[int, ...] = ()  # each page's fold (0-based), in page order
    seed: int = 0


Table = dict[Candidate, list[Match]]


def folds_of(n: int, k: int, seed: int = 0, groups: Sequence[str] | None = None) -> list[int]:
    """A fold number for each of ``n`` items: a seeded shuffle dealt round-robin. With ``groups``
    (one label an item, e.g. its site) the shuffled groups are dealt whole, each to the fold with
    the fewest items so far, so that no group is on both sides of a split."""
    if groups is None:
        order = list(range(n))
        random.Random(seed).shuffle(order)
        fold = [0] * n
        for rank, i in enumerate(order):
            fold[i] = rank % k
        return fold
    members: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    labels = list(members)
    random.Random(seed).shuffle(labels)
    fold, sizes = [0] * n, [0] * k
    for label in labels:
        f = sizes.index(min(sizes))
        for i in members[label]:
            fold[i] = f
        sizes[f] += len(members[label])
    return fold


def site_of(page: Page) -> str:
    """The page's registered domain (its id when the url has none): the unit of site-grouped folds."""
    return site_domain(page.url) or page.id


def _best(table: Table, rows: list[int], tolerance: float = TOLERANCE) -> tuple[Candidate, float]:
    """The first candidate in grid order whose F1 on ``rows`` is within ``tolerance`` pages'
    worth (``tolerance / len(rows)``) of the best F1 there."""
    f1s = [(cand, aggregate(matches[i] for i in rows).f1) for cand, matches in table.items()]
    top = max(f1 for _, f1 in f1s)
    slack = tolerance / max(1, len(rows)) + 1e-12
    return next((cand, f1) for cand, f1 in f1s if f1 >= top - slack)


def score_table(pages: list[Page], candidates: Sequence[Candidate] | None = None) -> Table:
    """Every candidate's match on every page (pages parsed and passes run once)."""
    caches = [PageCache(p) for p in pages]
    return {c: [cache.score(c) for cache in caches] for c in (candidates or grid())}


def cross_validate(
    pages: list[Page],
    k: int = 5,
    candidates: Sequence[Candidate] | None = None,
    seed: int = 0,
    tolerance: float = TOLERANCE,
    table: Table | None = None,
    by_site: bool = False,
) -> CrossValidation:
    """k-fold CV: on each fold the candidate is chosen on the other folds only (:func:`_best`)
    and scored on the fold's pages; ``table`` (:func:`score_table`) is reused when given.
    ``by_site``: the pages of one site stay in one fold (held-out pages come from unseen sites)."""
    table = table if table is not None else score_table(pages, candidates)
    n = len(pages)
    fold = folds_of(n, k, seed, [site_of(p) for p in pages] if by_site else None)
    held_out: list[Match | None] = [None] * n
    chosen = []
    for f in range(k):
        train = [i for i in range(n) if fold[i] != f]
        test = [i for i in range(n) if fold[i] == f]
        cand, train_f1 = _best(table, train, tolerance)
        for i in test:
            held_out[i] = table[cand][i]
        chosen.append((cand, train_f1, aggregate(table[cand][i] for i in test).f1))
    on_all, _ = _best(table, list(range(n)), tolerance)
    shipped = Candidate(DEFAULT_SETTINGS, HTML_RULES)
    return CrossValidation(
        scores=aggregate(m for m in held_out if m is not None),
        folds=tuple(chosen),
        chosen_on_all=on_all,
        shipped=aggregate(table[shipped]) if shipped in table else None,
        fold_of=tuple(fold),
        seed=seed,
    )


def _row(name: str, s: Scores, pps: float | None = None) -> str:
    speed = f"{pps:8.1f}" if pps is not None else f"{'':8}"
    return f"{name:<28} {s.precision:9.4f} {s.recall:7.4f} {s.f1:6.4f} {speed}"


def report_cv(pages: list[Page], k: int, seeds: int, tolerance: float, list_folds: bool, by_site: bool) -> None:
    start = time.perf_counter()
    table = score_table(pages)
    print(f"{len(table)} candidates scored on {len(pages)} pages ({time.perf_counter() - start:.0f} s)")
    cv = cross_validate(pages, k, tolerance=tolerance, table=table, by_site=by_site)
    split = "site-grouped " if by_site else ""
    print(f"{k}-fold {split}cross-validation, seed 0, tolerance {tolerance:g} of a page's F1:")
    for f, (cand, train_f1, test_f1) in enumerate(cv.folds):
        size = cv.fold_of.count(f)
        print(f"  fold {f + 1} ({size} pages): train F1 {train_f1:.4f} test F1 {test_f1:.4f}  {cand.label()}")
        if list_folds:
            print("    " + " ".join(p.id[:10] for p, g in zip(pages, cv.fold_of, strict=True) if g == f))
    shipped = Candidate(DEFAULT_SETTINGS, HTML_RULES)
    print(f"chosen on all pages: {cv.chosen_on_all.label()}")
    print(f"shipped defaults:    {shipped.label()}" + (" (the same)" if cv.chosen_on_all == shipped else ""))
    print(f"{'system':<28} {'precision':>9} {'recall':>7} {'F1':>6}")
    print(_row("newsbrief cross-validated", cv.scores))
    print(f"{'  mean of the fold F1s':<28} {'':17} {sum(t for _, _, t in cv.folds) / k:6.4f}")
    if cv.shipped is not None:
        print(_row("newsbrief shipped (CV path)", cv.shipped))
    for tol in dict.fromkeys((tolerance, 0.0)):
        runs = [
            cross_validate(pages, k, seed=s, tolerance=tol, table=table, by_site=by_site).scores.f1
            for s in range(seeds)
        ]
        print(
            f"{k}-fold {split}CV F1 over seeds 0-{seeds - 1}, tolerance {tol:g}: mean {sum(runs) / len(runs):.4f} "
            f"min {min(runs):.4f} max {max(runs):.4f}"
        )


def report_speed(pages: list[Page], rounds: int, worst: int) -> None:
    print(f"{'system':<28} {'precision':>9} {'recall':>7} {'F1':>6} {'pages/s':>8}")
    results = timed_together(
        [("newsbrief (in-sample)", newsbrief_extractor()), ("trafilatura-default", trafilatura_default)],
        pages,
        rounds,
    )
    for r in results:
        print(_row(r.name, r.scores, r.pages_per_second))
    ours, ref = results
    print(f"speed ratio newsbrief / trafilatura-default: {ours.pages_per_second / ref.pages_per_second:.2f}")
    diffs = sorted(
        zip(pages, ours.matches, ref.matches, strict=True),
        key=lambda t: (t[1].tp - t[2].tp) - (t[1].fp - t[2].fp),
    )
    for page, a, b in diffs[:worst]:
        print(
            f"{page.id[:12]} ours P={a.precision:.3f} R={a.recall:.3f}  "
            f"traf P={b.precision:.3f} R={b.recall:.3f}  {page.url}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--cv", action="store_true", help="cross-validation only (no timing)")
    parser.add_argument("--speed", action="store_true", help="timing beside trafilatura only (no CV)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=10, help="repeat the CV over seeds 0..N-1")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE, help="see TOLERANCE")
    parser.add_argument("--list-folds", action="store_true", help="print the page ids of each fold")
    parser.add_argument("--by-site", action="store_true", help="folds grouped by site (registered domain)")
    parser.add_argument("--rounds", type=int, default=2, help="timing rounds (a page's best time counts)")
    parser.add_argument("--worst", type=int, default=0, help="list pages where ours trails trafilatura")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    pages = load_pages(args.data)
    print(f"{len(pages)} pages from {args.data}")
    if not args.speed:
        report_cv(pages, args.folds, max(1, args.seeds), args.tolerance, args.list_folds, args.by_site)
    if not args.cv:
        report_speed(pages, args.rounds, args.worst)


if __name__ == "__main__":
    main()
