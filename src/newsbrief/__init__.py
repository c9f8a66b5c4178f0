"""newsbrief: many news articles about one story in, one cited brief out."""

from typing import TYPE_CHECKING, Any

from .options import Options, OptionsError
from .render import render  # eager: the name would otherwise be the subpackage once imported
from .types import (
    Article,
    Brief,
    Budget,
    Citation,
    Claim,
    Conflict,
    Entity,
    Event,
    EventBrief,
    Fact,
    Quote,
    RawDocument,
    Sentence,
    Story,
    Summary,
    SummarySentence,
    TimelineEntry,
)

if TYPE_CHECKING:
    from .pipeline import NothingToBrief, brief, brief_articles, sample_path

__version__ = "0.1.0"

# the pipeline (and the libraries it needs) load on first use, so ``newsbrief --help`` and the
# command line's start-up (see newsbrief.cli) choose how heavy imports happen
_LAZY = {
    "brief": "pipeline",
    "brief_articles": "pipeline",
    "sample_path": "pipeline",
    "NothingToBrief": "pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "brief",
    "brief_articles",
    "render",
    "sample_path",
    "NothingToBrief",
    "Options",
    "OptionsError",
    "Article",
    "Brief",
    "Budget",
    "Citation",
    "Claim",
    "Conflict",
    "Entity",
    "Event",
    "EventBrief",
    "Fact",
    "Quote",
    "RawDocument",
    "Sentence",
    "Story",
    "Summary",
    "SummarySentence",
    "TimelineEntry",
    "__version__",
]
