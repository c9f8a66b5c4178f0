"""``newsbrief serve``: the web desk (API and pages) over the store."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable

from .common import add_store, error

HELP = "Serve the web desk over the store: story pages, search, an add form and the JSON API (FastAPI)."

log = logging.getLogger("newsbrief")


def _positive(kind: type[int] | type[float], low: float) -> Callable[[str], int | float]:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low:g}, got {text}")
        return value

    return parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_store(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, loopback)")
    parser.add_argument("--port", type=_positive(int, 0), default=8000, help="port (default 8000; 0 picks a free one)")
    parser.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                        help="also answer requests whose Host header is NAME (repeatable; .example.org "
                             "allows its subdomains too, * any host); by default only the bound address "
                             "(and localhost when it is loopback) is answered, against DNS rebinding")
    parser.add_argument("--workers", type=_positive(int, 1), default=None,
                        help="processes that brief and add in parallel (default: one per core, at most 8)")
    parser.add_argument("--queue", type=_positive(int, 0), default=64,
                        help="jobs that may wait for a worker; past that 503 + Retry-After (default 64)")
    parser.add_argument("--job-timeout", type=_positive(float, 0.1), default=120.0, metavar="SECONDS",
                        help="longest wait for a brief or an add, queueing included, else 503 (default 120)")
    parser.add_argument("--read-timeout", type=_positive(float, 0.1), default=10.0, metavar="SECONDS",
                        help="time to receive a request body, else 408 (default 10)")
    parser.add_argument("--max-body-mb", type=_positive(int, 1), default=10,
                        help="largest request body, else 413 (default 10)")


def default_workers() -> int:
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(8, cores))


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..store import StoreError, default_path
    from ..web import MissingDependency, bind, require, serve

    try:
        require()
    except MissingDependency as exc:
        error(str(exc))
        return 1
    from ..web.app import WebConfig

    store = Path(args.store) if args.store else default_path()
    config = WebConfig(store=store, host=args.host, allow_hosts=tuple(args.allow_host),
                       workers=args.workers or default_workers(), queue=args.queue, job_timeout=args.job_timeout,
                       read_timeout=args.read_timeout, max_body=args.max_body_mb * 2**20)
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        error(f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc})")
        return 1
    host, port = args.host, sock.getsockname()[1]
    log.warning("serving %s on http://%s:%s/ with %d workers, queue %d (Ctrl-C stops)", store,
                f"[{host}]" if ":" in host else host, port, config.workers, config.queue)
    try:
        serve(config, sock)
    except StoreError as exc:
        error(str(exc))
        return 1
    finally:
        sock.close()
    return 0
