"""newsbrief: many news articles about one story in, one cited brief out."""

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
