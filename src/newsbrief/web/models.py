"""Pydantic models of the web API, derived from the pipeline's own records and options.

Nothing is declared twice: an article posted to the API has the metadata fields of
:class:`~newsbrief.types.RawDocument` (with their types), a story line those of
:class:`~newsbrief.store.StoryRow`, a search hit those of :class:`~newsbrief.store.search.SearchHit`,
brief options the fields of :class:`~newsbrief.options.Options` a reader may set (with the same bounds).
Values are checked again by ``Options`` itself (one validation, the CLI's), so a refusal names the same
field with the same message whichever way it came.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from ..ingest.schema import FIELD_CHARS, URL_CHARS
from ..options import EVENT_MODES, MAX_QUERY_CHARS, MAX_SENTENCES, MAX_WORDS, Options
from ..store import StoryRow
from ..store.search import SearchHit
from ..types import Article, RawDocument

# the RawDocument fields a poster gives (id, content, kind and origin are the server's)
ARTICLE_FIELDS = ("title", "url", "source", "author", "published")
# the Options fields a reader sets per request (format is the endpoint's; limits and cluster the server's)
OPTION_FIELDS = ("words", "sentences", "summarizer", "query", "events", "story", "cite_threshold")
MAX_TEXT_CHARS = 1_000_000
MAX_ARTICLES = 1000


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _bounds(name: str) -> dict[str, Any]:
    if name == "url":
        return {"max_length": URL_CHARS, "pattern": r"^[hH][tT][tT][pP][sS]?://[^\s]+$"}
    return {} if name == "published" else {"max_length": FIELD_CHARS}


def _record_model(name: str, record: type, doc: str, **extra: Any) -> type[BaseModel]:
    """A response model with the fields (and types) of a frozen record."""
    hints = _hints(record)
    fields: dict[str, Any] = {f.name: (hints[f.name], ...) for f in dataclasses.fields(record)}
    fields.update(extra)
    return create_model(name, __doc__=doc, **fields)


def _article_meta() -> type[BaseModel]:
    hints = _hints(RawDocument)
    fields: dict[str, Any] = {name: (hints[name], Field(default=None, **_bounds(name))) for name in ARTICLE_FIELDS}
    fields["id"] = (str | None, Field(default=None, min_length=1, max_length=FIELD_CHARS))
    return create_model("ArticleMeta", __config__=ConfigDict(extra="forbid"),
                        __doc__="What is known of an article (the metadata fields of a RawDocument).", **fields)


ArticleMeta = _article_meta()


class ArticleIn(ArticleMeta):  # type: ignore[valid-type,misc]
    """One article to store: its text and what is known of it."""

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS,
                      description="the article: plain text, or an HTML page (cleaned like `newsbrief add`)")


def _options_in() -> type[BaseModel]:
    from ..summarize import available

    defaults = Options()
    hints = _hints(Options)
    limits: dict[str, dict[str, Any]] = {
        "words": {"ge": 1, "le": MAX_WORDS},
        "sentences": {"ge": 1, "le": MAX_SENTENCES},
        "query": {"max_length": MAX_QUERY_CHARS},
        "cite_threshold": {"gt": 0.0, "le": 1.0},
    }
    kinds: dict[str, Any] = {
        "summarizer": Literal[tuple(available())],  # type: ignore[valid-type]
        "events": Literal[EVENT_MODES],  # type: ignore[valid-type]
    }
    fields: dict[str, Any] = {}
    for name in OPTION_FIELDS:
        kind = kinds.get(name, hints[name])
        fields[name] = (kind, Field(default=getattr(defaults, name), **limits.get(name, {})))
    fields["since"] = (dt.date | None, Field(default=None, description="an update brief: what is new since this day"))
    return create_model("BriefOptions", __config__=ConfigDict(extra="forbid"),
                        __doc__="How a brief is made (the fields of newsbrief's Options), and since when.", **fields)


BriefOptions = _options_in()


class ArticlesIn(BaseModel):
    """Articles to store (JSON body of ``POST /api/articles``)."""

    model_config = ConfigDict(extra="forbid")
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES)  # type: ignore[valid-type]


class IngestIn(BaseModel):
    """A page, RSS/Atom feed or sitemap to fetch and store (a feed is remembered)."""

    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=8, max_length=URL_CHARS, pattern=r"^[hH][tT][tT][pP][sS]?://\S+$")


class ErrorOut(BaseModel):
    """Every refusal: one line, and the field (or header) it is about."""

    error: str
    field: str | None


class StoredArticle(BaseModel):
    id: str
    story: str | None
    event: str | None
    duplicate: bool  # it was stored before (same URL or same cleaned text)


class AddOut(BaseModel):
    read: int
    added: int
    duplicates: int
    events: int
    stories: int
    articles: list[StoredArticle]
    warnings: list[str]


class FeedOut(BaseModel):
    url: str
    title: str | None
    changed: bool
    new: int
    wanted: int


class IngestOut(BaseModel):
    read: int
    added: int
    duplicates: int
    events: int
    stories: int
    feeds: list[FeedOut]
    warnings: list[str]


class Coverage(BaseModel):
    outlet: str
    articles: int


StoryOut = _record_model("StoryOut", StoryRow, "A stored story.", coverage=(list[Coverage], ...))


class StoriesOut(BaseModel):
    total: int
    offset: int
    limit: int
    since: dt.date | None
    stories: list[StoryOut]  # type: ignore[valid-type]


class Highlight(BaseModel):
    start: int
    end: int
    text: str


ArticleOut = _record_model(
    "ArticleOut", Article, "A stored article, with the passage asked for.",
    story=(str | None, ...), event=(str | None, ...), highlight=(Highlight | None, ...),
)
HitOut = _record_model("HitOut", SearchHit, "An article matching a search; snippet marks in \\u0002 \\u0003.")


class SearchOut(BaseModel):
    query: str
    total: int
    offset: int
    limit: int
    hits: list[HitOut]  # type: ignore[valid-type]


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str
    articles: int
    stories: int
    workers: int
    busy: int
    capacity: int


class BriefIn(BaseModel):
    """Articles to brief once, without storing them (``POST /api/brief``)."""

    articles: list[Any]
    options: dict[str, Any] = Field(default_factory=dict)
