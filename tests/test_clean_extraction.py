"""HTML floor: shingle F1 of our extraction on the article-extraction set (bench/extraction.py)."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest
from conftest import EVAL, need

from newsbrief.clean import HTML_RULES, CleanContext
from newsbrief.clean.score import aggregate, match, shingles

BENCH = Path(__file__).resolve().parents[1] / "bench" / "extraction.py"
PAGES = EVAL / "article-extraction"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_extraction", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


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


def test_extraction_floor(bench_run) -> None:
    bench, pages = bench_run
    assert len(pages) == 129
    ours = bench.evaluate("newsbrief", bench.newsbrief_extractor(), pages).scores
    # measured: P 0.976, R 0.981, F1 0.978 (trafilatura defaults: P 0.931, R 0.985, F1 0.957)
    assert ours.f1 >= 0.975, ours
    assert ours.precision >= 0.97, ours
    assert ours.recall >= 0.975, ours


def test_text_rules_add_to_trafilatura(bench_run) -> None:
    """The text-level rules applied after trafilatura must raise its score, not lower it."""
    bench, pages = bench_run
    bare = CleanContext(html_rules=replace(HTML_RULES, captions=False, prompts=False, duplicates="off"))
    with_rules = bench.evaluate("rules", bench.newsbrief_extractor(), pages).scores
    without = bench.evaluate("bare", bench.newsbrief_extractor(bare), pages).scores
    assert with_rules.f1 >= without.f1 + 0.001, (with_rules, without)
