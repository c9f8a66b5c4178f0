"""Typed, frozen records passed between pipeline stages.

Every stage takes records and returns new ones; nothing is mutated in place.
Character spans (``start``, ``end``) always index into ``Article.text`` (the
cleaned body), so ``article.text[start:end]`` is the cited passage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Granularity = Literal["day", "week", "month", "year"]


@dataclass(frozen=True)
class RawDocument:
    """One input document as read from disk or stdin, before cleaning.

    ``kind`` says how ``content`` must be cleaned: ``"text"`` (already extracted
    text with page furniture possibly left in) or ``"html"`` (a web page).
    ``origin`` names the file (and line, for JSONL) for error messages.
    """

    id: str
    content: str
    kind: Literal["text", "html"]
    origin: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class Article:
    """A cleaned article: body text plus the metadata recovered for it."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    published: dt.date | None = None
    # how ``published`` was found: "metadata", "text", "dateline", "event" or None
    published_from: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, located by character span in ``Article.text``."""

    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ArticleText:
    """The TEXT stage's record of one article, built once and read by every later stage.

    ``article`` carries the publication date (inferred from a dateline or the story where the
    article had none; ``article.published_from`` says how); ``date_confident`` says whether that
    date is exact enough to resolve "on Friday" or "last week". ``sentences`` locate the
    sentences in ``article.text``; ``tokens`` and ``stems`` hold, per sentence, its word tokens
    and the Porter stems of its content words.
    """

    article: Article
    sentences: tuple[Sentence, ...]
    tokens: tuple[tuple[str, ...], ...]
    stems: tuple[tuple[str, ...], ...]
    date_confident: bool = True

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def all_stems(self) -> tuple[str, ...]:
        """The content stems of the whole article, in order."""
        return tuple(s for sent in self.stems for s in sent)


def oldest_first(article: Article) -> tuple[bool, dt.date, str]:
    """The one sort key for "oldest first": dated articles by date, undated last, ties by id."""
    return (article.published is None, article.published or dt.date.min, article.id)


@dataclass(frozen=True)
class Citation:
    """A passage of an article supporting a statement: ``article.text[start:end]``."""

    article: str
    start: int
    end: int


@dataclass(frozen=True)
class SummarySentence:
    text: str
    citations: tuple[Citation, ...]
    more_citations: int = 0  # supporting articles past ``limits.citations``, counted, not listed


@dataclass(frozen=True)
class Summary:
    sentences: tuple[SummarySentence, ...]
    summarizer: str

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class Budget:
    """Length budget: ``words`` (cut at that many words) or ``sentences``."""

    words: int | None = 100
    sentences: int | None = None


@dataclass(frozen=True)
class TimelineEntry:
    date: str  # ISO prefix at the granularity: "2019-01-04", "2019-01", "2015"
    granularity: Granularity
    text: str
    citations: tuple[Citation, ...]
    more_citations: int = 0


@dataclass(frozen=True)
class Fact:
    """A statement carried by one or several outlets."""

    text: str
    citations: tuple[Citation, ...]
    sources: tuple[str, ...]  # outlets (or article ids where the outlet is unknown)
    more_citations: int = 0


@dataclass(frozen=True)
class Claim:
    text: str  # the disagreeing value as written, e.g. "14 crew members"
    citation: Citation


@dataclass(frozen=True)
class Conflict:
    about: str
    kind: Literal["number", "date", "entity"]
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str | None
    citations: tuple[Citation, ...]
    sources: tuple[str, ...]
    more_citations: int = 0


@dataclass(frozen=True)
class Entity:
    name: str
    label: Literal["PERSON", "ORG", "PLACE", "OTHER"]
    mentions: int
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    """A group of articles about one happening (see :mod:`newsbrief.cluster`)."""

    id: str
    title: str
    articles: tuple[str, ...]
    start: dt.date | None = None
    end: dt.date | None = None
    story: str | None = None
    # article id -> ids of the near-duplicate copies folded into it
    duplicates: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Prepared:
    """The prepare step's result, the same for ``brief``, ``cluster`` and ``eval``: the TEXT
    records oldest first (dates inferred where missing) and the events found among them."""

    texts: tuple[ArticleText, ...]
    events: tuple[Event, ...] = ()

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(t.article for t in self.texts)


@dataclass(frozen=True)
class Story:
    """The explanatory layer of a brief (timeline, agreement, conflicts...)."""

    timeline: tuple[TimelineEntry, ...] = ()
    consensus: tuple[Fact, ...] = ()
    unique: tuple[Fact, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True)
class EventBrief:
    event: Event
    summary: Summary
    story: Story = field(default_factory=Story)


@dataclass(frozen=True)
class Brief:
    """The result of :func:`newsbrief.brief`: articles, one summary, the story layer.

    With several events, ``events`` holds one :class:`EventBrief` each (largest
    first) and ``summary``/``story`` are those of the largest event.
    """

    articles: tuple[Article, ...]
    summary: Summary
    story: Story = field(default_factory=Story)
    events: tuple[EventBrief, ...] = ()
    warnings: tuple[str, ...] = ()
    # an update brief: only what the articles published after this day add to the earlier ones
    since: dt.date | None = None
