"""HTTP API and web page (standard library only), driven by the same :class:`Options` as the CLI.

* ``GET /``                 a page with a form: paste articles, get the HTML brief
* ``POST /brief``           the form's target (``application/x-www-form-urlencoded``; ``articles``
                            separated by lines of ``---``, and ``words``, ``summarizer``, ...)
* ``POST /api/brief``       ``application/json`` ``{"articles": [str | {"id", "text", "title",
                            "url", "published", "source", "author"}], "options": {"words": 80, ...}}``
                            -> the JSON brief
* ``GET /api/sample``       the JSON brief of the bundled sample
* ``GET /api/health``       ``{"status": "ok", "version": ..., "workers", "busy", "capacity"}``

Every refusal is JSON ``{"error": "one line", "field": "options.words" | "articles[0].url" |
"Content-Length" | ... | null}``: 400 malformed (JSON, UTF-8, form encoding, Content-Length, Host),
403 a cross-site POST, 404/405, 408 a request not received within ``read_timeout``, 411 no
Content-Length, 413 larger than ``Limits().file_bytes``, 415 a wrong Content-Type, 421 a Host
that is not served (DNS rebinding), 422 a wrong type or value (the field is named), 503 with
``Retry-After`` when the worker pool's queue is full. A connection is always answered, never reset.

Standard library on purpose (measured against uvicorn + FastAPI): briefing is CPU-bound, so both
serve the same briefs per second from the same worker processes, but uvicorn answers protocol
errors (a Content-Length of ``abc``, a malformed request line) itself in plain text, outside the
application, while here every answer, those included, is the JSON error above.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from .handler import BriefServer, HostCheck
from .validate import ApiError, api_request, form_request, parse_json
from .work import Busy, WorkerPool

__all__ = ["ApiError", "BriefServer", "Busy", "HostCheck", "WorkerPool", "api_request", "form_request",
           "parse_json", "serve", "default_workers"]


def default_workers() -> int:
    """One worker process per core, at most 8."""
    return max(1, min(8, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    workers: int | None = None,
    queue: int = 256,
    processes: bool = True,
    allow_hosts: Iterable[str] = (),
    read_timeout: float = 10.0,
    job_timeout: float = 120.0,
    max_body: int | None = None,
    max_connections: int = 1024,
    body_budget: int | None = None,
) -> BriefServer:
    """A ready server (call ``serve_forever()``, then ``server_close()``); ``port=0`` picks a free port.

    ``workers`` processes brief (threads with ``processes=False``), ``queue`` more requests may
    wait for one; past that, 503. ``read_timeout`` bounds receiving one request (headers and body),
    ``job_timeout`` waiting for its brief. ``max_body`` defaults to ``Limits().file_bytes``; the
    bodies held at once to ``body_budget`` bytes (default 4 x ``max_body``), past that 503.

    Worker processes are started with ``spawn``: a script calling this needs the usual
    ``if __name__ == "__main__":`` guard.
    """
    pool = WorkerPool(workers or default_workers(), queue, processes=processes, job_timeout=job_timeout)
    try:
        server = BriefServer((host, port), pool, allow_hosts=allow_hosts, read_timeout=read_timeout,
                             max_body=max_body, max_connections=max_connections, body_budget=body_budget)
    except BaseException:
        pool.shutdown()
        raise
    pool.start()
    return server
