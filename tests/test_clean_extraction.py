"""HTML floor: shingle F1 of our extraction on the article-extraction set (bench/extraction.py)."""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType

import pytest
from conftest import EVAL, load_bench, need

from newsbrief.clean import HTML_RULES, CleanContext
from newsbrief.clean.html import DEFAULT_SETTINGS, Pass, Settings, body_text, parse, run_pass
from newsbrief.clean.score import aggregate, match, shingles

PAGES = EVAL / "article-extraction"


def _bench() -> ModuleType:
    return load_bench("extraction")


@pytest.fixture(scope="module")
def bench_run() -> tuple[ModuleType, list]:
    need(PAGES / "ground-truth.json")
    bench = _bench()
    return bench, bench.load_pages(PAGES)


def test_shingle_scoring() -> None:
    gold = "one two three four five six"
    assert shingles(gold) == {
        ("one", "two", "three", "four"): 1,
        ("two", "three", "four", "five"): 1,
        ("three", "four", "five", "six"): 1,
    }
    perfect = match(gold, gold)
    assert perfect.precision == perfect.recall == 1.0
    half = match(gold, "one two three four five")  # 2 of 3 gold shingles, nothing extra
    assert half.precision == 1.0 and half.recall == pytest.approx(2 / 3)
    noisy = match(gold, gold + " share tweet pin email")
    assert noisy.recall == 1.0 and noisy.precision == pytest.approx(3 / 7)
    empty = match(gold, "")
    assert empty.recall == 0.0
    scores = aggregate([perfect, half, empty])
    # precision averages pages with a prediction only, recall all pages with a gold body
    assert scores.precision == pytest.approx(1.0)
    assert scores.recall == pytest.approx((1 + 2 / 3 + 0) / 3)


@pytest.fixture(scope="module")
def ours(bench_run):
    """The shipped cleaner (clean_one) on every page."""
    bench, pages = bench_run
    return bench.evaluate("newsbrief", bench.newsbrief_extractor(), pages).scores


def test_extraction_floor(bench_run, ours) -> None:
    _, pages = bench_run
    assert len(pages) == 129
    # measured: P 0.977, R 0.981, F1 0.979 (trafilatura defaults: P 0.931, R 0.985, F1 0.957)
    assert ours.f1 >= 0.975, ours
    assert ours.precision >= 0.97, ours
    assert ours.recall >= 0.975, ours


def test_text_rules_add_to_trafilatura(bench_run, ours) -> None:
    """The text-level rules applied after trafilatura must raise its score, not lower it."""
    bench, pages = bench_run
    bare = CleanContext(html_rules=replace(HTML_RULES, captions=False, prompts=False, duplicates="off"))
    with_rules = ours
    without = bench.evaluate("bare", bench.newsbrief_extractor(bare), pages).scores
    # measured: F1 0.9790 with them, 0.9781 without (the cross-validation keeps them on every fold)
    assert with_rules.f1 > without.f1 + 0.0005, (with_rules, without)


@pytest.fixture(scope="module")
def table(bench_run):
    bench, pages = bench_run
    return bench.score_table(pages)


@pytest.fixture(scope="module")
def cross_validation(bench_run, table):
    bench, pages = bench_run
    return bench.cross_validate(pages, k=5, table=table)


def test_cross_validated_floor(cross_validation, bench_run) -> None:
    """Every setting and rule choice made on the training folds only: the held-out figure."""
    cv = cross_validation
    # measured (seed 0): P 0.977, R 0.981, F1 0.979 (5 folds of 25-26 pages, 888 candidates)
    assert cv.scores.f1 >= 0.97, cv.scores
    assert cv.scores.precision >= 0.96 and cv.scores.recall >= 0.975, cv.scores
    assert all(test_f1 >= 0.95 for _, _, test_f1 in cv.folds), cv.folds
    assert sorted(cv.fold_of.count(f) for f in range(5)) == [25, 26, 26, 26, 26]


def test_cross_validated_floor_over_splits(bench_run, table) -> None:
    """The held-out figure is not one lucky split: ten seeds of 5-fold CV."""
    bench, pages = bench_run
    runs = [bench.cross_validate(pages, k=5, seed=s, table=table).scores.f1 for s in range(10)]
    # measured: mean 0.9775, min 0.9645, max 0.9790 (tolerance 0: mean 0.9744, min 0.9638)
    assert sum(runs) / len(runs) >= 0.975, runs
    assert min(runs) >= 0.96, runs


def test_cross_validated_floor_on_unseen_sites(bench_run, table) -> None:
    """Folds grouped by site (27 sites have two pages): held-out pages come from sites never tuned on."""
    bench, pages = bench_run
    runs = [bench.cross_validate(pages, k=5, seed=s, table=table, by_site=True) for s in range(10)]
    for cv in runs:
        for f in range(5):
            held = {bench.site_of(p) for p, g in zip(pages, cv.fold_of, strict=True) if g == f}
            assert not held & {bench.site_of(p) for p, g in zip(pages, cv.fold_of, strict=True) if g != f}
    f1s = [cv.scores.f1 for cv in runs]
    # measured: mean 0.9761, min 0.9645, max 0.9790 (tolerance 0: mean 0.9733)
    assert sum(f1s) / len(f1s) >= 0.973, f1s
    assert min(f1s) >= 0.96, f1s


def test_choice_ignores_gains_smaller_than_a_page_share() -> None:
    """A later candidate wins only by more than TOLERANCE of one page's F1 (per training page)."""
    bench = _bench()
    a, b = (bench.Candidate(Settings(min_chars=m), HTML_RULES) for m in (250, 500))
    perfect, lost = match("one two three four five", "one two three four five"), match("one two three four", "")
    rows = list(range(100))
    near = {a: [lost] + [perfect] * 99, b: [perfect] * 100}  # b ahead by one page: a real difference
    assert bench._best(near, rows)[0] == b
    words = "a b c d e f g h i j k l m n o p q r s t u v"
    tiny = match(words, words[:-2])  # one shingle of 19 missed: the page's F1 0.973
    close = {a: [tiny] + [perfect] * 99, b: [perfect] * 100}  # b ahead by under 3% of one page's F1
    assert bench._best(close, rows)[0] == a
    assert bench._best(close, rows, tolerance=0.0)[0] == b


def test_folds_are_seeded_and_balanced() -> None:
    bench = _bench()
    fold = bench.folds_of(129, 5, seed=0)
    assert fold == bench.folds_of(129, 5, seed=0) != bench.folds_of(129, 5, seed=1)
    assert sorted(fold.count(f) for f in range(5)) == [25, 26, 26, 26, 26]


def test_shipped_defaults_are_the_cross_validated_choice(cross_validation, bench_run, ours) -> None:
    bench, _ = bench_run
    cv = cross_validation
    assert cv.chosen_on_all == bench.Candidate(DEFAULT_SETTINGS, HTML_RULES)
    # the benchmark's cached path scores exactly what clean_one produces
    assert cv.shipped is not None
    assert cv.shipped.f1 == pytest.approx(ours.f1, abs=1e-9), (cv.shipped, ours)


def test_slow_passes_run_only_where_the_fast_one_falls_short(bench_run) -> None:
    """The speed of the cascade: most pages need one fast trafilatura pass."""
    _, pages = bench_run
    ran: list[Pass] = []

    def counting(tree, url, step):
        ran.append(step)
        return run_pass(tree, url, step)

    for page in pages:
        tree = parse(page.text)
        if tree is not None:
            body_text(tree, page.url, DEFAULT_SETTINGS, counting)
    fast = Pass("precision", True)
    assert ran.count(fast) == len(pages)
    assert len(ran) <= 1.25 * len(pages), len(ran)  # measured: 9 of 129 pages retried (2 passes each)


def test_retry_rescues_a_page_the_fast_pass_misses(bench_run) -> None:
    _, pages = bench_run
    (page,) = [p for p in pages if p.id.startswith("0ec95c72")]
    tree = parse(page.text)
    fast_only = body_text(tree, page.url, Settings(retry=False))
    cascade = body_text(tree, page.url)
    assert len(fast_only) < 250 and match(page.gold, fast_only).recall < 0.1
    assert match(page.gold, cascade).recall > 0.95 and match(page.gold, cascade).precision > 0.9
