"""Shared fixtures: where the read-only evaluation data lives (``../shared`` beside the repo)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
EVAL = SHARED / "eval"


def need(path: Path) -> Path:
    """Skip the test when an evaluation file is absent (CI always has ../shared)."""
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return need(SEEDS)


@pytest.fixture
def eval_dir() -> Path:
    return need(EVAL)


def prepared(articles):
    """The TEXT records of ``articles`` as the pipeline's prepare step makes them (dates inferred)."""
    from newsbrief.pipeline import prepare

    return prepare(list(articles), events="never").texts
