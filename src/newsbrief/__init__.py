"""newsbrief: many news articles about one story in, one cited brief out."""

from .options import Options, OptionsError
from .pipeline import NothingToBrief, brief, brief_articles, sample_path
from .render import render
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

__version__ = "0.1.0"

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
