"""Brief work off the request threads: a bounded pool of workers behind a bounded queue.

:class:`WorkerPool` admits at most ``workers + queue`` jobs at a time; one more is refused at once
with :class:`Busy` (the server answers 503 with ``Retry-After``), so a burst is answered, never
left to time out or be reset. Workers are processes by default (briefing is CPU-bound Python, so
threads would share one core); a worker that dies is replaced and its request answered 503.

The job functions run in the worker: they take checked values and return ``(status, body)``
rather than raising, so nothing but plain data crosses the process boundary.
"""

from __future__ import annotations

import json
import logging
import math
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..ingest import records
from ..ingest.decode import InputError
from ..options import Options
from ..types import RawDocument

log = logging.getLogger(__name__)

Result = tuple[int, str]


class Busy(RuntimeError):
    """No room for another job; ``retry_after`` is a whole number of seconds to wait."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _error(status: int, message: str, field: str | None = None) -> Result:
    return status, json.dumps({"error": message, "field": field})


def warm() -> None:
    """A worker process's start: Ctrl-C is the server's to handle; the pipeline is imported now,
    so the first request does not pay for it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .. import clean, pipeline, render, summarize  # noqa: F401


def brief_job(items: list[Any], options: Options, key: str = "articles") -> Result:
    """The rendered brief of checked API articles or form texts (``options.format`` decides)."""
    from ..clean import clean
    from ..pipeline import NothingToBrief, brief_articles
    from ..render import render

    docs: list[RawDocument] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        try:
            found = list(records(item, f"article-{i + 1}", f"{key}[{i}]"))
        except InputError as exc:
            problems.append(f"{key}[{i}]: skipped ({exc})")
            continue
        for doc in found:
            n = seen[doc.id] = seen.get(doc.id, 0) + 1
            if n > 1:  # as ingest.read does: duplicate ids get a #2, #3 suffix
                problems.append(f"{doc.origin}: duplicate article id {doc.id!r} renamed {doc.id}#{n}")
                doc = RawDocument(**{**doc.__dict__, "id": f"{doc.id}#{n}"})
            docs.append(doc)
    articles = clean(docs)
    if not articles:
        return _error(422, "no usable article" + (f": {problems[0]}" if problems else ""), key)
    try:
        return 200, render(brief_articles(articles, options, problems), options.format)
    except NothingToBrief as exc:
        return _error(422, str(exc), key)


def timed(fn: Callable[..., Result], *args: Any) -> tuple[Result, float]:
    """``fn(*args)`` and the seconds it took on the worker (queueing not counted)."""
    started = time.perf_counter()
    return fn(*args), time.perf_counter() - started


def sample_job() -> Result:
    """The JSON brief of the bundled sample."""
    from ..pipeline import brief_articles, load, sample_path
    from ..render import render

    articles, warnings = load([sample_path()])
    return 200, render(brief_articles(articles, Options(format="json"), warnings), "json")


class WorkerPool:
    """``workers`` processes (or threads) and room for ``queue`` more jobs waiting for one."""

    def __init__(self, workers: int = 2, queue: int = 256, processes: bool = True,
                 job_timeout: float = 120.0) -> None:
        if workers < 1 or queue < 0:
            raise ValueError("workers must be at least 1 and queue at least 0")
        self.workers, self.queue, self.processes, self.job_timeout = workers, queue, processes, job_timeout
        self.capacity = workers + queue
        self._lock = threading.Lock()
        self._admitted = 0
        self._seconds = 0.5  # running mean of a job's duration, for Retry-After
        self._executor = self._new_executor()

    def _new_executor(self) -> Executor:
        if not self.processes:
            return ThreadPoolExecutor(self.workers, thread_name_prefix="newsbrief-worker")
        # spawn: forking a process that runs request threads can copy a held lock
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=warm)

    def start(self) -> None:
        """Start the workers now (imports done before the first request arrives)."""
        for _ in range(self.workers):
            self._executor.submit(time.sleep, 0)

    @property
    def admitted(self) -> int:
        return self._admitted

    def retry_after(self) -> int:
        waiting = max(0, self._admitted - self.workers) + 1
        return max(1, min(3600, math.ceil(waiting * self._seconds / self.workers)))

    def run(self, fn: Callable[..., Result], *args: Any) -> Result:
        """Run ``fn(*args)`` on a worker and wait for it; :class:`Busy` when the queue is full,
        when it waited longer than ``job_timeout`` or when its worker died."""
        with self._lock:
            if self._admitted >= self.capacity:
                raise Busy(f"server busy: {self._admitted} briefs running or queued", self.retry_after())
            self._admitted += 1
            executor = self._executor
        try:
            future: Future[tuple[Result, float]] = executor.submit(timed, fn, *args)
        except (BrokenProcessPool, RuntimeError):
            self._release(None)
            self._replace(executor)
            raise Busy("a worker stopped; try again", 1) from None
        future.add_done_callback(self._done)
        try:
            return future.result(timeout=self.job_timeout)[0]
        except FutureTimeout:
            future.cancel()  # a job still queued is dropped; a running one finishes unseen
            raise Busy(f"the brief did not finish within {self.job_timeout:g} s", self.retry_after()) from None
        except BrokenProcessPool:
            self._replace(executor)
            raise Busy("a worker stopped while briefing; try again", 1) from None

    def _done(self, future: Future[tuple[Result, float]]) -> None:
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
        self._executor.shutdown(wait=False, cancel_futures=True)
