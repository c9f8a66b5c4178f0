"""The FastAPI application: the JSON API over the store (pages are in :mod:`.pages`).

* ``POST /api/articles``   JSON ``{"articles": [{"text", "title", "url", "source", "author", "published"}]}``,
                           or one article as ``text/plain`` / ``text/html`` (metadata in the query)
* ``POST /api/ingest``     ``{"url": ...}`` a page, an RSS/Atom feed (remembered) or a sitemap, fetched
* ``GET /api/stories``     stories, most covered first (``since``, ``offset``, ``limit``)
* ``GET /api/stories/ID``  the story's JSON brief (``since``: what is new; brief options)
* ``GET /api/articles/ID`` a stored article; ``start``/``end`` return the highlighted passage
* ``GET /api/search``      full-text search (``q``; SQLite FTS5)
* ``GET /api/health``, ``GET /api/openapi.json``

Every refusal is JSON ``{"error": "one line", "field": ...}`` (see :mod:`.guard` for the checks made
before a request reaches a route); validation errors are 422 naming the field (``articles[0].url``,
``words``), a wrong ``Content-Type`` 415, a body over the limit 413, a full worker queue 503.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..ingest.schema import looks_html
from ..options import Limits, Options, OptionsError
from ..store.search import search
from ..types import RawDocument
from . import reads
from .guard import Guard, Refused
from .models import (
    AddOut,
    ArticleIn,
    ArticleMeta,
    ArticleOut,
    ArticlesIn,
    BriefOptions,
    ErrorOut,
    HealthOut,
    IngestIn,
    IngestOut,
    SearchOut,
    StoriesOut,
)
from .work import Busy, JobError, WorkerPool, add_job, brief_job, ingest_job

log = logging.getLogger(__name__)

MB = 2**20
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in ((400, "malformed request"), (403, "cross-site request"), (404, "not found"),
                       (411, "no Content-Length"), (413, "body too large"), (415, "wrong Content-Type"),
                       (421, "Host not served"), (422, "invalid value (the field is named)"),
                       (503, "busy (Retry-After)"))
}


@dataclass(frozen=True)
class WebConfig:
    """How the web desk serves: which store, which host names, how much work at once."""

    store: Path
    host: str = "127.0.0.1"
    allow_hosts: tuple[str, ...] = ()
    workers: int = 2
    queue: int = 64
    processes: bool = True
    job_timeout: float = 120.0
    read_timeout: float = 10.0
    max_body: int = 10 * MB
    limits: Limits = field(default_factory=Limits)


class Cache:
    """A least-recently-used map (briefs and pages keyed by the story's last update), bounded in
    entries and in characters held (a brief carries its articles' texts)."""

    def __init__(self, size: int = 256, chars: int = 64 * MB) -> None:
        self.size, self.chars = size, chars
        self._items: OrderedDict[tuple, str | bytes] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> str | bytes | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: tuple, value: str | bytes) -> None:
        if len(value) > self.chars:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self._held += len(value) - (len(old) if old is not None else 0)
            self._items[key] = value
            while len(self._items) > self.size or self._held > self.chars:
                self._held -= len(self._items.popitem(last=False)[1])


class Desk:
    """The application's state: its configuration, worker pool, store connections and caches."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.pool = WorkerPool(config.workers, config.queue, config.processes, config.job_timeout)
        self.stores = reads.Stores(config.store)
        self.briefs = Cache()
        self.pages = Cache()
        self._making: dict[tuple, asyncio.Future[str]] = {}  # briefs being made, by key

    async def read(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(store, *args)`` on a thread with its own store connection."""
        return await run_in_threadpool(lambda: fn(self.stores.get(), *args))

    async def brief(self, story: str, options: Options, since: dt.date | None) -> tuple[str, tuple]:
        """(the JSON brief, its cache key: the story's last update among it) — from the cache, else
        made by a worker."""
        updated = await self.read(reads.story_updated, story)
        if updated is None:
            raise Refused(404, f"no story {story!r}", "story_id")
        key = (story, updated, since, options)
        cached = self.briefs.get(key)
        if isinstance(cached, str):
            return cached, key
        making = self._making.get(key)
        if making is None:  # one job for all the readers who arrive while it runs
            making = asyncio.ensure_future(self.pool.run(brief_job, str(self.config.store), story, options, since))
            self._making[key] = making
            making.add_done_callback(lambda _: self._making.pop(key, None))
        made = await asyncio.shield(making)
        self.briefs.put(key, made)
        return made, key

    def respond(self, request: Request, key: tuple, text: str, media_type: str) -> Response:
        """``text`` as the answer, gzip-compressed once and kept when the client accepts gzip (a
        story's page or brief is read many times between two changes of the story)."""
        headers = {"Vary": "Accept-Encoding"}
        if not accepts_gzip(request.headers.get("accept-encoding", "")):
            return Response(text, media_type=media_type, headers=headers)
        packed = self.pages.get(("gzip", media_type, *key))
        if not isinstance(packed, bytes):
            packed = gzip.compress(text.encode("utf-8"), 6)
            self.pages.put(("gzip", media_type, *key), packed)
        return Response(packed, media_type=media_type, headers={**headers, "Content-Encoding": "gzip"})


def accepts_gzip(header: str) -> bool:
    """Whether an ``Accept-Encoding`` value admits gzip (``gzip``, ``*``; not with ``q=0``)."""
    for part in header.lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            q = params.strip().removeprefix("q=")
            try:
                return not params.strip().startswith("q=") or float(q) > 0
            except ValueError:
                return False
    return False


def desk(request: Request) -> Desk:
    return request.app.state.desk  # type: ignore[no-any-return]


def field_of(loc: Sequence[Any]) -> str | None:
    """``("body", "articles", 0, "url")`` -> ``articles[0].url``; ``("query", "words")`` -> ``words``."""
    parts = [p for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        elif not str(p).startswith(("function-", "json-")):
            out += ("." if out else "") + str(p)
    return out or None


def validation_error(errors: Sequence[Any]) -> Refused:
    first = errors[0]
    where = field_of(first.get("loc", ()))
    kind = first.get("type", "")
    if kind == "json_invalid":
        return Refused(400, f"malformed JSON body ({first.get('ctx', {}).get('error', first.get('msg'))})", None)
    message = str(first.get("msg", "invalid value"))
    return Refused(422, f"{where}: {message}" if where else message, where)


def options_of(values: BriefOptions) -> Options:  # type: ignore[valid-type]
    try:
        given = values.model_dump(exclude={"since"})  # type: ignore[attr-defined]
        return Options.from_mapping({**given, "format": "json"})
    except OptionsError as exc:
        raise Refused(422, str(exc), exc.field) from None


def media_type(request: Request, allowed: Sequence[str]) -> str:
    value = request.headers.get("content-type", "")
    media, _, params = value.partition(";")
    media = media.strip().lower()
    if media not in allowed:
        raise Refused(415, f"Content-Type must be one of {', '.join(allowed)}, got {value[:80]!r}", "Content-Type")
    charset = params.strip().lower().removeprefix("charset=").strip('"') if "charset" in params.lower() else ""
    if charset and charset not in ("utf-8", "utf8"):
        raise Refused(415, f"the body must be UTF-8, got charset {charset[:40]!r}", "Content-Type")
    return media


async def body_text(request: Request) -> str:
    data = await request.body()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(400, f"the body is not UTF-8 (byte {exc.start})", "body") from None


def documents(items: Sequence[ArticleIn], origin: str, html: bool | None = None) -> list[RawDocument]:
    docs = []
    for i, item in enumerate(items):
        text = item.text
        if not text.strip():
            raise Refused(422, f"articles[{i}].text: no article text", f"articles[{i}].text")
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        docs.append(RawDocument(
            id=item.id or f"web-{digest}", content=text,
            kind="html" if (html if html is not None else looks_html(text)) else "text",
            origin=f"{origin}[{i}]", title=item.title, url=item.url, source=item.source, author=item.author,
            published=item.published,
        ))
    return docs


def _json_error(status: int, message: str, field_name: str | None, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse({"error": message[:300], "field": field_name}, status, headers=headers)


def install_errors(app: FastAPI) -> None:
    async def refused(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        return _json_error(exc.status, str(exc), exc.field, exc.headers)

    async def invalid(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, (RequestValidationError, ValidationError))
        err = validation_error(exc.errors())  # type: ignore[arg-type]
        return _json_error(err.status, str(err), err.field)

    async def http_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return _json_error(exc.status_code, str(exc.detail), None, dict(exc.headers or {}))

    async def busy(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, Busy)
        return _json_error(503, str(exc), None, {"Retry-After": str(exc.retry_after)})

    async def job(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, JobError)
        return _json_error(exc.status, str(exc), exc.field)

    async def unexpected(_: Request, exc: Exception) -> Response:
        log.error("internal error: %s: %s", type(exc).__name__, exc, exc_info=exc)
        return _json_error(500, f"internal error ({type(exc).__name__})", None)

    app.add_exception_handler(Refused, refused)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(ValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Busy, busy)
    app.add_exception_handler(JobError, job)
    app.add_exception_handler(Exception, unexpected)


ARTICLES_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ArticlesIn"}},
            "text/plain": {"schema": {"type": "string", "minLength": 1}},
            "text/html": {"schema": {"type": "string", "minLength": 1}},
        },
    }
}
INGEST_BODY = {
    "requestBody": {"required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IngestIn"}}}}
}


def install_api(app: FastAPI) -> None:
    @app.post("/api/articles", response_model=AddOut, responses=ERRORS, openapi_extra=ARTICLES_BODY,
              summary="Store articles (JSON, text or HTML)", tags=["api"])
    async def post_articles(request: Request, meta: Annotated[ArticleMeta, Query()]) -> Any:  # type: ignore[valid-type]
        kind = media_type(request, ("application/json", "text/plain", "text/html"))
        text = await body_text(request)
        if kind == "application/json":
            if meta.model_dump(exclude_none=True):  # type: ignore[attr-defined]
                raise Refused(422, "metadata goes in the JSON articles, not in the query", "query")
            try:
                items = ArticlesIn.model_validate_json(text).articles
            except ValidationError as exc:
                raise validation_error(exc.errors()) from None
            docs = documents(items, "POST /api/articles articles")
        else:
            try:
                item = ArticleIn(text=text, **meta.model_dump())  # type: ignore[attr-defined]
            except ValidationError as exc:
                raise validation_error([{**e, "loc": ("body",)} for e in exc.errors()]) from None
            docs = documents([item], "POST /api/articles body", html=kind == "text/html")
        d = desk(request)
        return await d.pool.run(add_job, str(d.config.store), docs, d.config.limits)

    @app.post("/api/ingest", response_model=IngestOut, responses=ERRORS, openapi_extra=INGEST_BODY,
              summary="Fetch a page, feed or sitemap into the store", tags=["api"])
    async def post_ingest(request: Request) -> Any:
        media_type(request, ("application/json",))
        try:
            url = IngestIn.model_validate_json(await body_text(request)).url
        except ValidationError as exc:
            raise validation_error(exc.errors()) from None
        d = desk(request)
        return await d.pool.run(ingest_job, str(d.config.store), url, d.config.limits)

    @app.get("/api/stories", response_model=StoriesOut, responses=ERRORS, tags=["api"],
             summary="Stories, most covered first")
    async def get_stories(request: Request, since: dt.date | None = None,
                          offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
                          limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Any:
        page = await desk(request).read(reads.story_page, since, offset, limit)
        stories = [{**asdict(r), "coverage": [{"outlet": o, "articles": n} for o, n in page.coverage[r.id]]}
                   for r in page.rows]
        return {"total": page.total, "offset": offset, "limit": limit, "since": since, "stories": stories}

    @app.get("/api/stories/{story_id}", responses=ERRORS, tags=["api"], summary="A story's brief (JSON)",
             response_model=dict[str, Any])
    async def get_story(request: Request, story_id: str,
                        options: Annotated[BriefOptions, Query()]) -> Any:  # type: ignore[valid-type]
        d = desk(request)
        text, key = await d.brief(story_id, options_of(options), options.since)  # type: ignore[attr-defined]
        return d.respond(request, key, text, "application/json")

    @app.get("/api/articles/{article_id:path}", response_model=ArticleOut, responses=ERRORS, tags=["api"],
             summary="A stored article, with a passage highlighted")
    async def get_article(request: Request, article_id: str,
                          start: Annotated[int | None, Query(ge=0)] = None,
                          end: Annotated[int | None, Query(ge=0)] = None) -> Any:
        found = await desk(request).read(reads.article, article_id)
        if found is None:
            raise Refused(404, f"no article {article_id[:200]!r}", "article_id")
        span = passage(found.article.text, start, end)
        highlight = {"start": span[0], "end": span[1], "text": found.article.text[span[0]:span[1]]} if span else None
        return {**asdict(found.article), "story": found.story, "event": found.event, "highlight": highlight}

    @app.get("/api/search", response_model=SearchOut, responses=ERRORS, tags=["api"],
             summary="Full-text search over stored articles")
    async def get_search(request: Request, q: Annotated[str, Query(min_length=1, max_length=500)],
                         offset: Annotated[int, Query(ge=0, le=10**6)] = 0,
                         limit: Annotated[int, Query(ge=1, le=100)] = 20) -> Any:
        result = await desk(request).read(lambda store: search(store.db, q, limit, offset))
        return {"query": q, "total": result.total, "offset": offset, "limit": limit,
                "hits": [asdict(h) for h in result.hits]}

    @app.get("/api/health", response_model=HealthOut, responses=ERRORS, tags=["api"], summary="Health")
    async def health(request: Request) -> Any:
        d = desk(request)
        articles, stories = await d.read(reads.counts)
        return {"status": "ok", "version": __version__, "articles": articles, "stories": stories,
                "workers": d.pool.workers, "busy": d.pool.admitted, "capacity": d.pool.capacity}


def passage(text: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    """The asked-for span of ``text``; 422 naming ``start`` or ``end`` when it is not one."""
    if start is None and end is None:
        return None
    if start is None or end is None:
        name = "start" if start is None else "end"
        raise Refused(422, f"{name}: give start and end together", name)
    if end > len(text):
        raise Refused(422, f"end: past the article's end ({len(text)} characters)", "end")
    if start >= end:
        raise Refused(422, "start: must be before end", "start")
    return start, end


def create_app(config: WebConfig) -> FastAPI:
    """The application over ``config.store`` (opened, and migrated, now)."""
    from ..store import Store

    Store.open(config.store).close()  # a missing folder, a locked or foreign file: said now, in one line
    state = Desk(config)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        state.pool.start()
        try:
            yield
        finally:
            state.pool.shutdown()

    app = FastAPI(title="newsbrief", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Stories, cited briefs and articles of a newsbrief store.")
    app.state.desk = state
    install_errors(app)
    install_api(app)
    from .pages import install_pages

    install_pages(app)
    app.add_middleware(Guard, bound=config.host, allow_hosts=config.allow_hosts, max_body=config.max_body,
                       read_timeout=config.read_timeout)
    return app


__all__ = ["Cache", "Desk", "WebConfig", "create_app"]
