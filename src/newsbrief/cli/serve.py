"""``newsbrief serve``: the HTTP API and web page."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from collections.abc import Callable

HELP = "Serve the HTTP API (POST /api/brief) and a web page for pasting articles."

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
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=_positive(int, 0), default=8000,
                        help="port (default 8000; 0 picks a free one)")
    parser.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                        help="also answer requests whose Host header is NAME (repeatable; .example.org "
                             "allows its subdomains too, * any host); by default only the bound address "
                             "(and localhost when it is loopback) is answered, against DNS rebinding")
    parser.add_argument("--workers", type=_positive(int, 1), default=None,
                        help="processes that brief in parallel (default: one per core, at most 8)")
    parser.add_argument("--queue", type=_positive(int, 0), default=256,
                        help="requests that may wait for a worker; past that 503 + Retry-After (default 256)")
    parser.add_argument("--read-timeout", type=_positive(float, 0.1), default=10.0, metavar="SECONDS",
                        help="time to receive a request's headers and body, else 408 (default 10)")
    parser.add_argument("--job-timeout", type=_positive(float, 0.1), default=120.0, metavar="SECONDS",
                        help="longest wait for a brief, queueing included, else 503 (default 120)")
    parser.add_argument("--max-connections", type=_positive(int, 1), default=1024,
                        help="connections served at once; past that an immediate 503 (default 1024)")


def run(args: argparse.Namespace) -> int:
    from ..server import serve

    try:
        server = serve(args.host, args.port, workers=args.workers, queue=args.queue,
                       allow_hosts=args.allow_host, read_timeout=args.read_timeout,
                       job_timeout=args.job_timeout, max_connections=args.max_connections)
    except OSError as exc:
        log.error("error: cannot listen on %s:%s (%s)", args.host, args.port, exc.strerror or exc)
        return 1
    host, port = args.host, server.server_address[1]
    pool = server.pool
    log.warning("serving on http://%s:%s/ with %d workers, queue %d (Ctrl-C stops)",
                f"[{host}]" if ":" in host else host, port, pool.workers, pool.queue)
    # SIGTERM stops like Ctrl-C: serve_forever returns, workers are shut down
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0
