"""One options object per command, validated once, shared by the CLI, the Python API and the HTTP API.

:class:`Options` drives a brief, :class:`ClusterOptions` the event clusterer and :class:`EvalOptions`
an evaluation run; :class:`Limits` bounds what a run reads. All are frozen dataclasses validated in
``__post_init__`` by the same field checks, so a bad value is refused with the same one-line message
whichever way it came (``OptionsError.field`` names the option). ``from_mapping`` refuses unknown keys
(a typo such as ``wrods`` is an error, not silently ignored); ``from_namespace`` picks the known
fields of an argparse namespace.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from .types import Budget

FORMATS = ("markdown", "json", "html")
EVENT_MODES = ("auto", "always", "never")
MAX_WORDS = 5000
MAX_SENTENCES = 200
MAX_QUERY_CHARS = 2000
MB = 1024 * 1024


class OptionsError(ValueError):
    """An option has a value that cannot be used; ``field`` names the option."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# ---- field checks (one place for every options class) -------------------------------------------


def _integer(name: str, value: object, low: int, high: int, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise OptionsError(f"{name} must be an integer from {low} to {high}, got {value!r}", name)
    if not low <= value <= high:
        raise OptionsError(f"{name} must be an integer from {low} to {high}, got {value!r}", name)


def _number(name: str, value: object, low: float, high: float, low_open: bool = False) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        assert isinstance(value, (int, float))
        ok = (low < value if low_open else low <= value) and value <= high
    if not ok:
        bracket = "(" if low_open else "["
        raise OptionsError(f"{name} must be a number in {bracket}{low}, {high}], got {value!r}", name)


def _choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if not isinstance(value, str) or value not in choices:
        raise OptionsError(f"{name} must be one of {', '.join(choices)}, got {value!r}", name)


def _boolean(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise OptionsError(f"{name} must be true or false, got {value!r}", name)


def _text(name: str, value: object, max_chars: int) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise OptionsError(f"{name} must be a string, got {value!r}", name)
    if len(value) > max_chars:
        raise OptionsError(f"{name} is longer than {max_chars} characters", name)


def _summarizer(name: str, value: object) -> None:
    from .summarize import available

    if not isinstance(value, str) or value not in available():
        raise OptionsError(f"unknown {name} {value!r}; choose one of {', '.join(available())}", name)


T = TypeVar("T")


def _build(cls: type[T], values: Mapping[str, Any], strict: bool = True) -> T:
    if not isinstance(values, Mapping):
        raise OptionsError(f"options must be an object, got {type(values).__name__}")
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    unknown = sorted(str(k) for k in values if k not in names)
    if unknown and strict:
        raise OptionsError(
            f"unknown option {unknown[0]!r}; known options: {', '.join(names)}", unknown[0]
        )
    return cls(**{k: v for k, v in values.items() if k in names and v is not None})


# ---- the options classes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """Bounds on what a run reads; inputs past them are skipped or cut with a one-line warning.

    ``file_mb``: a file (or stdin, or a request body) larger than this is skipped;
    ``article_chars``: an article's text is cut at this many characters;
    ``articles``: at most this many articles are read (the rest are skipped, with one warning);
    ``event_briefs``: the largest this many events get a summary and story of their own, the
    others are listed (id, title, dates, articles) with a warning saying so;
    ``citations``: an item of a brief (summary sentence, timeline entry, fact, quote) lists at most
    this many supporting articles (its own sentence, then one per outlet, then the others) and
    counts the rest in its ``more_citations``, so a story of thousands of copies stays readable.
    """

    file_mb: int = 50
    article_chars: int = 1_000_000
    articles: int = 200_000
    event_briefs: int = 100
    citations: int = 50

    def __post_init__(self) -> None:
        _integer("file_mb", self.file_mb, 1, 100_000)
        _integer("article_chars", self.article_chars, 100, 100_000_000)
        _integer("articles", self.articles, 1, 100_000_000)
        _integer("event_briefs", self.event_briefs, 0, 1_000_000)
        _integer("citations", self.citations, 1, 100_000_000)

    @property
    def file_bytes(self) -> int:
        return self.file_mb * MB

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], strict: bool = True) -> Limits:
        return _build(cls, values, strict)


@dataclass(frozen=True)
class ClusterOptions:
    """Settings of the event clusterer shared by ``brief``, ``cluster`` and ``eval``.

    ``workers``: processes computing article features (1 = this process only).
    """

    workers: int = 1

    def __post_init__(self) -> None:
        _integer("workers", self.workers, 1, 64)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], strict: bool = True) -> ClusterOptions:
        return _build(cls, values, strict)


@dataclass(frozen=True)
class Options:
    """Settings of a brief.

    ``words``/``sentences`` bound the summary (``sentences`` wins when given);
    ``summarizer`` names an entry of :func:`newsbrief.summarize.available`;
    ``query`` focuses the summary on a topic; ``events`` splits many articles
    into events and briefs each (``"auto"``: only when there are more than one);
    ``story`` adds the timeline and the comparison of outlets; ``cite_threshold``
    is the similarity from which another article's sentence supports a summary sentence.
    """

    words: int = 100
    sentences: int | None = None
    summarizer: str = "newsbrief"
    query: str | None = None
    format: str = "markdown"
    events: str = "auto"
    story: bool = True
    cite_threshold: float = 0.5
    limits: Limits = field(default_factory=Limits)
    cluster: ClusterOptions = field(default_factory=ClusterOptions)

    def __post_init__(self) -> None:
        _integer("words", self.words, 1, MAX_WORDS)
        _integer("sentences", self.sentences, 1, MAX_SENTENCES, optional=True)
        _summarizer("summarizer", self.summarizer)
        _text("query", self.query, MAX_QUERY_CHARS)
        _choice("format", self.format, FORMATS)
        _choice("events", self.events, EVENT_MODES)
        _boolean("story", self.story)
        _number("cite_threshold", self.cite_threshold, 0.0, 1.0, low_open=True)
        if isinstance(self.limits, Mapping):
            object.__setattr__(self, "limits", Limits.from_mapping(self.limits))
        if isinstance(self.cluster, Mapping):
            object.__setattr__(self, "cluster", ClusterOptions.from_mapping(self.cluster))
        if not isinstance(self.limits, Limits):
            raise OptionsError(f"limits must be an object, got {self.limits!r}", "limits")
        if not isinstance(self.cluster, ClusterOptions):
            raise OptionsError(f"cluster must be an object, got {self.cluster!r}", "cluster")

    @property
    def budget(self) -> Budget:
        if self.sentences is not None:
            return Budget(words=None, sentences=self.sentences)
        return Budget(words=self.words, sentences=None)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], strict: bool = True) -> Options:
        """Options from a mapping (a JSON body, keyword arguments); an unknown key is an error."""
        return _build(cls, values, strict)

    @classmethod
    def from_namespace(cls, args: argparse.Namespace) -> Options:
        """Options from parsed command-line arguments (only the options' own names are read)."""
        values = vars(args)
        return cls(
            **{f.name: values[f.name] for f in fields(cls) if values.get(f.name) is not None},
        )


@dataclass(frozen=True)
class EvalOptions:
    """Settings of an evaluation run (``newsbrief eval``): ROUGE of ``summarizer`` at ``words``."""

    words: int = 250
    summarizer: str = "newsbrief"
    query: bool = False
    limit: int | None = None

    def __post_init__(self) -> None:
        _integer("words", self.words, 1, MAX_WORDS)
        _summarizer("summarizer", self.summarizer)
        _boolean("query", self.query)
        _integer("limit", self.limit, 1, 10_000_000, optional=True)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], strict: bool = True) -> EvalOptions:
        return _build(cls, values, strict)
