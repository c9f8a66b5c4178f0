"""The HTTP layer: one request per connection, read against a deadline, every answer JSON or HTML.

Checks, in order, each answered ``{"error": "...", "field": ...}``: the request line and headers
(400, 414, 431), the ``Host`` header against the bound address and ``--allow-host`` (421), the
route (404, 405), a cross-site ``Origin`` on POST (403), ``Content-Type`` (415), ``Content-Length``
(411 missing or chunked, 400 malformed, 413 too large), the body arriving before the read deadline
(408) and whole (400); then :mod:`.validate` (400, 422) and the worker pool (503 + ``Retry-After``).
"""

from __future__ import annotations

import io
import ipaddress
import json
import logging
import re
import socket
import threading
import time
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from .. import __version__
from ..options import Limits
from .validate import ApiError, api_request, form_request, parse_json
from .work import Busy, WorkerPool, brief_job, sample_job

log = logging.getLogger(__name__)

LINGER_SECONDS = 1.0  # after answering early, unread request bytes are drained this long ...
LINGER_BYTES = 64 * 1024 * 1024  # ... or this much, so closing does not reset the answer away
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
JSON = "application/json"
FORM_TYPE = "application/x-www-form-urlencoded"
HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'"

FORM = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>newsbrief</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em}
textarea{width:100%;height:22em;font:14px monospace}label{margin-right:1em}</style></head><body>
<h1>newsbrief</h1><p>Paste articles about one story (text or HTML), separated by a line <code>---</code>.</p>
<form method="post" action="/brief"><textarea name="articles" required></textarea><p>
<label>Words <input type="number" name="words" value="100" min="1" max="5000"></label>
<label>Summarizer <select name="summarizer">{choices}</select></label>
<button type="submit">Brief</button></p></form>
<p><a href="/api/sample">JSON brief of the bundled sample</a></p></body></html>"""

# path -> method -> handler method name
ROUTES = {
    "/": {"GET": "page"},
    "/brief": {"POST": "form_brief"},
    "/api/brief": {"POST": "api_brief"},
    "/api/sample": {"GET": "sample"},
    "/api/health": {"GET": "health"},
}


def linger(sock: socket.socket) -> None:
    """Half-close and drain what the client still sends (bounded), so the answer is not reset."""
    try:
        sock.shutdown(socket.SHUT_WR)
        end, drained = time.monotonic() + LINGER_SECONDS, 0
        while drained < LINGER_BYTES:
            remaining = end - time.monotonic()
            if remaining <= 0:
                break
            sock.settimeout(remaining)
            chunk = sock.recv(65536)
            if not chunk:
                break
            drained += len(chunk)
    except OSError:
        pass


class HostCheck:
    """Which ``Host`` names are served: the bound address (and loopback names when it is loopback;
    any IP literal and this machine's name when it is a wildcard), plus the allow-list, where
    ``.example.org`` also allows subdomains and ``*`` allows any host."""

    def __init__(self, bound: str, allow: Iterable[str] = ()) -> None:
        self.allow = [a.strip().lower().rstrip(".") for a in allow if a.strip()]
        bound = bound.lower()
        self.names = {bound, *(a for a in self.allow if not a.startswith("."))}
        self.any_ip = bound in ("", "0.0.0.0", "::")
        if self.any_ip:
            self.names.add(socket.gethostname().lower())
        if self.any_ip or bound == "localhost" or _is_loopback(bound):
            self.names.update(LOOPBACK_NAMES)

    def allowed(self, name: str) -> bool:
        name = name.lower().rstrip(".")
        if "*" in self.allow or name in self.names or (self.any_ip and _is_ip(name)):
            return True
        return any(a.startswith(".") and (name.endswith(a) or name == a[1:]) for a in self.allow)


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_loopback(name: str) -> bool:
    return _is_ip(name) and ipaddress.ip_address(name).is_loopback


def split_host(value: str) -> tuple[str, int | None] | None:
    """``(name, port)`` of a ``Host`` value such as ``example.org:8000`` or ``[::1]``; None if malformed."""
    m = re.fullmatch(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::([0-9]{1,5}))?", value.strip())
    if not m:
        return None
    return m[1].strip("[]"), int(m[2]) if m[2] else None


class DeadlineReader(io.RawIOBase):
    """Socket reads that fail with TimeoutError once the handler's deadline has passed."""

    def __init__(self, sock: socket.socket, handler: Handler) -> None:
        self._sock, self._handler = sock, handler

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self._handler.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("read deadline passed")
        self._sock.settimeout(remaining)
        return self._sock.recv_into(buffer)


class SocketWriter(io.BufferedIOBase):
    """Unbuffered writes (``sendall``; the socket's timeout bounds each whole answer)."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._sock.sendall(data)
        return len(data)


class Handler(BaseHTTPRequestHandler):
    server: BriefServer
    protocol_version = "HTTP/1.1"  # for 100-continue; every answer still closes the connection
    server_version = f"newsbrief/{__version__}"
    sys_version = ""
    default_request_version = "HTTP/1.0"  # a malformed request line is answered with a status line too

    def setup(self) -> None:
        self.connection = self.request
        self.deadline = time.monotonic() + self.server.read_timeout
        self.rfile = io.BufferedReader(DeadlineReader(self.connection, self), 65536)
        self.wfile = SocketWriter(self.connection)
        self.unread = True  # request bytes may be left unread: linger before closing
        self.reserved = 0  # bytes of the server's body budget this request holds
        self.answered = False

    def finish(self) -> None:
        self.server.release_body(self.reserved)
        try:
            super().finish()
        except OSError:
            pass
        if self.unread:
            linger(self.connection)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.info("%s %s", self.client_address[0], format % args)

    # ---- reading -------------------------------------------------------------------------------

    def handle_one_request(self) -> None:
        self.close_connection = True
        self.requestline, self.request_version, self.command = "", self.default_request_version, ""
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if not self.raw_requestline:
                self.unread = False
                return
            if len(self.raw_requestline) > 65536:
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG, "the request line is too long")
                return
            if not self.parse_request():  # answered by send_error, except a blank request line
                if not self.answered:
                    self.send_error(HTTPStatus.BAD_REQUEST, "empty request line")
                return
            self.close_connection = True
            self.dispatch()
        except TimeoutError:
            if not self.answered:
                self.send_json(HTTPStatus.REQUEST_TIMEOUT,
                               {"error": f"the request did not arrive within {self.server.read_timeout:g} s",
                                "field": None})
        except OSError as exc:  # the client went away
            log.debug("%s: connection error: %s", self.client_address[0], exc)
            self.unread = False

    def handle_expect_100(self) -> bool:
        return True  # 100 Continue is sent once the headers passed every check (see body())

    def body(self) -> bytes:
        lengths = self.headers.get_all("Content-Length") or []
        if self.headers.get("Transfer-Encoding") is not None:
            if lengths:
                raise ApiError(400, "Transfer-Encoding and Content-Length together are refused",
                               "Transfer-Encoding")
            raise ApiError(411, "send the body with a Content-Length (chunked bodies are not accepted)",
                           "Content-Length")
        if not lengths:
            raise ApiError(411, "a Content-Length header is required", "Content-Length")
        values = {v.strip() for v in lengths}
        if len(values) > 1 or not re.fullmatch(r"[0-9]{1,18}", next(iter(values))):
            raise ApiError(400, f"Content-Length must be one whole number of bytes, got {', '.join(lengths)!r}",
                           "Content-Length")
        length = int(values.pop())
        if length > self.server.max_body:
            raise ApiError(413, f"the body is larger than the limit of {self.server.max_body} bytes",
                           "Content-Length")
        if not self.server.reserve_body(length):
            raise Busy("server busy: too many large request bodies at once", 1)
        self.reserved = length
        if self.request_version >= "HTTP/1.1" and self.headers.get("Expect", "").lower() == "100-continue":
            self.connection.settimeout(self.server.write_timeout)
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        try:
            data = self.rfile.read(length)
        except TimeoutError:
            raise ApiError(408, f"the body did not arrive within {self.server.read_timeout:g} s",
                           "Content-Length") from None
        if len(data) < length:
            raise ApiError(400, f"the body ended after {len(data)} of {length} bytes", "Content-Length")
        self.unread = False
        return data

    def require_type(self, expected: str) -> None:
        value = self.headers.get("Content-Type", "")
        media, _, params = value.partition(";")
        charset = re.search(r"(?i)charset\s*=\s*\"?([^\";\s]+)", params)
        if media.strip().lower() != expected:
            raise ApiError(415, f"Content-Type must be {expected}, got {value!r}", "Content-Type")
        if charset and charset[1].lower() not in ("utf-8", "utf8"):
            raise ApiError(415, f"the body must be UTF-8, got charset {charset[1]!r}", "Content-Type")

    # ---- answering -----------------------------------------------------------------------------

    def send(self, status: int, body: str, ctype: str, headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        self.connection.settimeout(self.server.write_timeout)
        self.answered = True
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        if ctype == "text/html":
            self.send_header("Content-Security-Policy", HTML_POLICY)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_json(self, status: int, obj: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self.send(status, json.dumps(obj), JSON, headers)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The stdlib's protocol errors (bad request line, header too long, ...) as JSON."""
        self.close_connection = True
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "error"
        self.send_json(code, {"error": message or phrase, "field": None})

    # ---- routing -------------------------------------------------------------------------------

    def dispatch(self) -> None:
        try:
            if not self.headers.get("Content-Length", "0").strip("0 ") and "Transfer-Encoding" not in self.headers:
                self.unread = False
            self.check_host()
            path = urlsplit(self.path).path if self.path.startswith(("http://", "https://")) else self.path
            path = path.split("?", 1)[0].split("#", 1)[0]
            route = ROUTES.get(path)
            if route is None:
                raise ApiError(404, f"no such page: {path}")
            method = "GET" if self.command == "HEAD" else self.command
            if method not in route:
                allow = ", ".join(sorted({*route, "HEAD"} if "GET" in route else route))
                raise ApiError(405, f"{self.command} is not allowed on {path}; use {allow}", headers={"Allow": allow})
            if method == "POST":
                self.check_origin()
            getattr(self, route[method])()
        except ApiError as exc:
            self.send_json(exc.status, exc.body(), exc.headers)
        except Busy as exc:
            self.send_json(503, {"error": str(exc), "field": None}, {"Retry-After": str(exc.retry_after)})
        except (TimeoutError, OSError):
            raise
        except Exception:
            log.exception("error answering %s %s", self.command, self.path[:200])
            if not self.answered:
                self.send_json(500, {"error": "internal error (the server log has the details)", "field": None})

    def check_host(self) -> None:
        given = self.headers.get_all("Host") or []
        if len(given) != 1:
            raise ApiError(400, "exactly one Host header is required", "Host")
        parsed = split_host(given[0])
        if parsed is None:
            raise ApiError(400, f"malformed Host header {given[0]!r}", "Host")
        if not self.server.hosts.allowed(parsed[0]):
            raise ApiError(421, f"host {parsed[0]!r} is not served here (start the server with "
                                f"--allow-host {parsed[0]} to serve it)", "Host")

    def check_origin(self) -> None:
        """A browser's POST from another site (its ``Origin`` is not this server) is refused."""
        origin = self.headers.get("Origin")
        if origin is None:
            return
        parts = urlsplit(origin.strip())
        host = split_host(self.headers.get("Host", ""))
        default = 443 if parts.scheme == "https" else 80
        try:
            same = host is not None and parts.hostname is not None and (
                parts.hostname.lower(), parts.port or default) == (host[0].lower(), host[1] or default)
        except ValueError:  # a port that is not a number
            same = False
        if not same:
            raise ApiError(403, f"cross-origin request from {origin[:100]!r} refused", "Origin")

    # ---- routes --------------------------------------------------------------------------------

    def page(self) -> None:
        from ..summarize import available

        choices = "".join(f"<option>{n}</option>" for n in available() if not n.startswith("sumy"))
        self.send(200, FORM.replace("{choices}", choices), "text/html")

    def health(self) -> None:
        pool = self.server.pool
        self.send_json(200, {"status": "ok", "version": __version__, "workers": pool.workers,
                             "busy": pool.admitted, "capacity": pool.capacity})

    def sample(self) -> None:
        status, body = self.server.pool.run(sample_job)
        self.send(status, body, JSON)

    def api_brief(self) -> None:
        self.require_type(JSON)
        items, options, key = api_request(parse_json(self.body()))
        status, body = self.server.pool.run(brief_job, items, options, key)
        self.send(status, body, JSON)

    def form_brief(self) -> None:
        self.require_type(FORM_TYPE)
        texts, options = form_request(self.body())
        status, body = self.server.pool.run(brief_job, texts, options, "articles")
        self.send(status, body, "text/html" if status == 200 else JSON)


class BriefServer(ThreadingHTTPServer):
    """A thread per connection (at most ``max_connections``; past that an immediate 503) and a
    :class:`WorkerPool` for the briefs. Request bodies held at once are bounded by ``body_budget``
    bytes (default 4 x ``max_body``; past that 503), so large bodies cannot exhaust memory.
    ``server_address`` holds the bound port."""

    daemon_threads = True
    request_queue_size = 1024  # the listen backlog: a burst waits in the kernel, it is not reset

    def __init__(self, address: tuple[str, int], pool: WorkerPool, *, allow_hosts: Iterable[str] = (),
                 read_timeout: float = 10.0, write_timeout: float = 60.0, max_body: int | None = None,
                 max_connections: int = 1024, body_budget: int | None = None) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, Handler)
        self.pool = pool
        self.hosts = HostCheck(address[0], allow_hosts)
        self.read_timeout, self.write_timeout = read_timeout, write_timeout
        self.max_body = Limits().file_bytes if max_body is None else max_body
        self.max_connections = max_connections
        self.body_budget = 4 * self.max_body if body_budget is None else body_budget
        self._lock = threading.Lock()
        self._open = 0
        self._body_bytes = 0

    def reserve_body(self, length: int) -> bool:
        """Hold ``length`` bytes of the body budget (a body within max_body always fits alone)."""
        with self._lock:
            if self._body_bytes and self._body_bytes + length > self.body_budget:
                return False
            self._body_bytes += length
            return True

    def release_body(self, length: int) -> None:
        if length:
            with self._lock:
                self._body_bytes -= length

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._lock:
            self._open += 1
            over = self._open > self.max_connections
        threading.Thread(target=self._connection, args=(request, client_address, over), daemon=True).start()

    def _connection(self, request: socket.socket, client_address: Any, over: bool) -> None:
        try:
            if over:
                self._refuse(request)
            else:
                self.finish_request(request, client_address)
        except Exception:
            log.exception("error on a connection from %s", client_address)
        finally:
            with self._lock:
                self._open -= 1
            self.shutdown_request(request)

    def _refuse(self, sock: socket.socket) -> None:
        body = json.dumps({"error": f"server busy: {self.max_connections} connections open", "field": None})
        head = (f"HTTP/1.1 503 Service Unavailable\r\nContent-Type: {JSON}; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n")
        try:
            sock.settimeout(self.write_timeout)
            sock.sendall((head + body).encode())
        except OSError:
            return
        linger(sock)

    def server_close(self) -> None:
        super().server_close()
        self.pool.shutdown()
