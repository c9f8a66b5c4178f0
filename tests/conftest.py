"""Shared fixtures: where the read-only evaluation data lives (``../shared`` beside the repo)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
EVAL = SHARED / "eval"


def load_bench(name: str) -> ModuleType:
    """The benchmark script ``bench/<name>.py`` as a module (the tests share its measuring code)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


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
