"""CPU-heavy work off the event loop: a bounded pool of worker processes behind a bounded queue.

:class:`WorkerPool` admits at most ``workers + queue`` jobs at a time; one more is refused at once
with :class:`Busy` (answered 503 with ``Retry-After``), so one big request (a large add, the first
brief of a big story) never starves the others: pages and reads keep being served by the event
loop while the workers brief. Workers are processes (briefing is CPU-bound Python) started with
``spawn``; a worker that dies is replaced and its request answered 503.

The job functions run in a worker: they take plain values (the store's path, records, options),
open the store themselves, and return plain data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import math
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..options import Limits, Options
from ..types import RawDocument

log = logging.getLogger(__name__)


class Busy(RuntimeError):
    """No room for another job; ``retry_after`` is a whole number of seconds to wait."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class JobError(ValueError):
    """A job that could not be done for a reason the client should hear (422 / 404 / 503)."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.field = status, field

    def __reduce__(self) -> tuple[type, tuple[int, str, str | None]]:  # it crosses the process boundary
        return JobError, (self.status, str(self), self.field)


def warm() -> None:
    """A worker's start: Ctrl-C is the server's to handle; the pipeline is imported now."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .. import clean, pipeline, render, summarize  # noqa: F401


def _timed(fn: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    return fn(*args), time.perf_counter() - started


class WorkerPool:
    """``workers`` processes (threads with ``processes=False``) and room for ``queue`` waiting jobs."""

    def __init__(self, workers: int = 2, queue: int = 64, processes: bool = True, job_timeout: float = 120.0) -> None:
        if workers < 1 or queue < 0:
            raise ValueError("workers must be at least 1 and queue at least 0")
        self.workers, self.queue, self.processes, self.job_timeout = workers, queue, processes, job_timeout
        self.capacity = workers + queue
        self._lock = threading.Lock()
        self._admitted = 0
        self._seconds = 0.5  # running mean of a job's duration, for Retry-After
        self._executor = self._new_executor()
        self._closed = False

    def _new_executor(self) -> Executor:
        if not self.processes:
            return ThreadPoolExecutor(self.workers, thread_name_prefix="newsbrief-worker")
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=warm)

    def start(self) -> None:
        """Start the workers now, so the first request does not wait for their imports (new ones
        after :meth:`shutdown`: an application may be started again)."""
        with self._lock:
            if self._closed:
                self._executor, self._closed = self._new_executor(), False
        for _ in range(self.workers):
            self._executor.submit(time.sleep, 0)

    @property
    def admitted(self) -> int:
        return self._admitted

    def retry_after(self) -> int:
        waiting = max(0, self._admitted - self.workers) + 1
        return max(1, min(3600, math.ceil(waiting * self._seconds / self.workers)))

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` on a worker; :class:`Busy` when the queue is full, when the job waited longer
        than ``job_timeout`` or when its worker died. A job keeps its slot until it ends."""
        with self._lock:
            if self._admitted >= self.capacity:
                raise Busy(f"server busy: {self._admitted} jobs running or queued", self.retry_after())
            self._admitted += 1
            executor = self._executor
        try:
            future: Future[tuple[Any, float]] = executor.submit(_timed, fn, *args)
        except (BrokenProcessPool, RuntimeError):
            self._release(None)
            self._replace(executor)
            raise Busy("a worker stopped; try again", 1) from None
        future.add_done_callback(self._done)
        try:
            return (await asyncio.wait_for(asyncio.wrap_future(future), self.job_timeout))[0]
        except asyncio.TimeoutError:
            future.cancel()
            raise Busy(f"the job did not finish within {self.job_timeout:g} s", self.retry_after()) from None
        except BrokenProcessPool:
            self._replace(executor)
            raise Busy("a worker stopped while working; try again", 1) from None

    def _done(self, future: Future[tuple[Any, float]]) -> None:
        ok = not future.cancelled() and future.exception() is None
        self._release(future.result()[1] if ok else None)

    def _release(self, seconds: float | None) -> None:
        with self._lock:
            self._admitted -= 1
            if seconds is not None:
                self._seconds = 0.8 * self._seconds + 0.2 * seconds

    def _replace(self, broken: Executor) -> None:
        with self._lock:
            if self._executor is not broken:
                return
            log.warning("a worker process stopped; starting new workers")
            self._executor = self._new_executor()
        broken.shutdown(wait=False, cancel_futures=True)
        self.start()

    def shutdown(self) -> None:
        with self._lock:
            self._closed = True
        self._executor.shutdown(wait=False, cancel_futures=True)


# ---- jobs (run in a worker) ----------------------------------------------------------------------


def add_job(path: str, docs: list[RawDocument], limits: Limits) -> dict[str, Any]:
    """Store ``docs`` (grouped into events and stories); where each one is now, and whether it was
    stored before (same cleaned text, or same URL)."""
    from dataclasses import asdict

    from ..clean import clean
    from ..store import Store, StoreError, text_hash

    warnings: list[str] = []
    hashes = {a.id: text_hash(a.text) for a in clean(docs)}

    def find(store: Store, doc: RawDocument) -> tuple[str, str | None, str | None] | None:
        row = None
        if doc.id in hashes:
            row = store.db.execute("SELECT id, story_id, event_id FROM articles WHERE hash = ?",
                                   (hashes[doc.id],)).fetchone()
        if row is None and doc.url:
            row = store.db.execute("SELECT id, story_id, event_id FROM articles WHERE url = ?", (doc.url,)).fetchone()
        return row

    try:
        with Store.open(path) as store:
            before = {doc.id: find(store, doc) is not None for doc in docs}
            report = store.add([], warn=warnings.append, limits=limits, documents=docs)
            placed = []
            for doc in docs:
                row = find(store, doc)
                if row is not None:
                    placed.append({"id": row[0], "story": row[1], "event": row[2], "duplicate": before[doc.id]})
    except StoreError as exc:
        raise JobError(503, str(exc)) from None
    if report.read and not report.added and not report.duplicates:
        raise JobError(422, "no usable article" + (f": {warnings[0]}" if warnings else ""), "articles")
    return {**asdict(report), "articles": placed, "warnings": warnings}


def ingest_job(path: str, url: str, limits: Limits) -> dict[str, Any]:
    """Fetch a page, feed or sitemap (a feed is remembered) and store what it gives."""
    from dataclasses import asdict

    from ..store import Store, StoreError
    from ..store import feeds as remembered

    warnings: list[str] = []
    try:
        with Store.open(path) as store:
            report, polls = remembered.add(store, [url], warn=warnings.append, limits=limits)
    except StoreError as exc:
        raise JobError(503, str(exc)) from None
    if not polls and not report.added and not report.duplicates:  # a feed with nothing new is not an error
        raise JobError(422, f"no usable article at {url}" + (f": {warnings[0]}" if warnings else ""), "url")
    return {**asdict(report), "feeds": [asdict(p) for p in polls], "warnings": warnings}


def brief_job(path: str, story: str, options: Options, since: dt.date | None) -> str:
    """The JSON brief of a stored story (made once per options, kept in the store until touched)."""
    from ..pipeline import NothingToBrief
    from ..render.json import brief_data
    from ..store import Store, StoreError
    from ..store.briefs import story_brief

    try:
        with Store.open(path) as store:
            if not store.has_story(story):
                raise JobError(404, f"no story {story!r}", "story_id")
            return json.dumps(brief_data(story_brief(store, story, options, since)), ensure_ascii=False)
    except NothingToBrief as exc:
        raise JobError(422, f"story {story}: {exc}", "since" if since else "story_id") from None
    except StoreError as exc:
        raise JobError(503, str(exc)) from None
