"""Checks every request passes before the application sees it (a pure ASGI middleware).

In order, each refusal a JSON ``{"error": "...", "field": ...}``:

* ``Host`` missing or malformed (400), or naming a host that is not served (421): a page on another
  site cannot reach this server through DNS rebinding;
* a state-changing request (POST, PUT, PATCH, DELETE) from another site (``Origin`` not this
  server, or ``Sec-Fetch-Site: cross-site``): 403, so a page elsewhere cannot post into the store;
* a POST's ``Content-Length``: missing or chunked (411), malformed or repeated with different
  values (400), over ``max_body`` (413); request bodies held at once are bounded by ``body_budget``
  (503 + ``Retry-After`` past it);
* a body not received within ``read_timeout`` seconds (408).

Every answer also carries ``X-Content-Type-Options: nosniff``, ``Referrer-Policy`` and
``X-Frame-Options``; HTML answers a Content-Security-Policy that allows no script at all.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import re
import socket
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
HTML_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
               "frame-ancestors 'none'; base-uri 'none'")
COMMON_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                  (b"x-frame-options", b"DENY")]


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


class Refused(Exception):
    """A request refused before (or while) its body is read."""

    def __init__(self, status: int, message: str, field: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.field, self.headers = status, field, headers or {}


async def send_json(send: Send, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
    data = json.dumps(body).encode("utf-8")
    head = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
            (b"connection", b"close"), *COMMON_HEADERS]
    head += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": data})


class Guard:
    """The ASGI middleware; see the module documentation."""

    def __init__(self, app: ASGIApp, bound: str, allow_hosts: Iterable[str] = (), max_body: int = 10 * 2**20,
                 body_budget: int | None = None, read_timeout: float = 10.0) -> None:
        self.app = app
        self.hosts = HostCheck(bound, allow_hosts)
        self.max_body = max_body
        self.body_budget = body_budget if body_budget is not None else 4 * max_body
        self.read_timeout = read_timeout
        self.held = 0  # bytes of bodies being received or handled (one event loop: no lock)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers += [h for h in COMMON_HEADERS if h[0] not in names]
                if any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                    headers.append((b"content-security-policy", HTML_POLICY.encode()))
                message = {**message, "headers": headers}
            await send(message)

        reserved = 0
        try:
            length = self.check(scope)
            if length:
                if self.held + length > self.body_budget:
                    raise Refused(503, "server busy: too many large request bodies at once", None,
                                  {"Retry-After": "1"})
                reserved = length
                self.held += length
            await self.app(scope, self.deadline(receive), sending)
        except Refused as exc:
            if started:
                raise
            await send_json(send, exc.status, {"error": str(exc), "field": exc.field}, exc.headers)
        finally:
            self.held -= reserved

    def check(self, scope: Scope) -> int:
        """The declared body length of a request that passes the checks; :class:`Refused` otherwise."""
        headers: dict[str, list[str]] = {}
        for key, value in scope.get("headers", []):
            headers.setdefault(key.decode("latin-1").lower(), []).append(value.decode("latin-1"))
        hosts = headers.get("host", [])
        if len(hosts) != 1:
            raise Refused(400, "exactly one Host header is required", "Host")
        parsed = split_host(hosts[0])
        if parsed is None:
            raise Refused(400, f"malformed Host header {hosts[0][:100]!r}", "Host")
        if not self.hosts.allowed(parsed[0]):
            raise Refused(421, f"this server does not answer for host {parsed[0][:100]!r} (see --allow-host)",
                          "Host")
        method = scope.get("method", "GET")
        if method not in UNSAFE_METHODS:
            return 0
        origin = headers.get("origin", [""])[0]
        if origin and origin != "null":
            where = urlsplit(origin)
            if where.netloc.lower() != hosts[0].strip().lower():
                raise Refused(403, f"a cross-site request from {origin[:100]!r} is refused", "Origin")
        elif origin == "null" or headers.get("sec-fetch-site", [""])[0] == "cross-site":
            raise Refused(403, "a cross-site request is refused", "Origin")
        if method != "POST":  # no route takes another method with a body: the router answers 405
            return 0
        if "transfer-encoding" in headers:
            if "content-length" in headers:
                raise Refused(400, "Transfer-Encoding and Content-Length together are refused", "Transfer-Encoding")
            raise Refused(411, "send the body with a Content-Length (chunked bodies are not accepted)",
                          "Content-Length")
        lengths = headers.get("content-length")
        if not lengths:
            raise Refused(411, "a Content-Length header is required", "Content-Length")
        values = {v.strip() for v in lengths}
        if len(values) > 1 or not re.fullmatch(r"[0-9]{1,18}", next(iter(values))):
            raise Refused(400, f"Content-Length must be one whole number of bytes, got {', '.join(lengths)[:60]!r}",
                          "Content-Length")
        length = int(values.pop())
        if length > self.max_body:
            raise Refused(413, f"the body is larger than the limit of {self.max_body} bytes", "Content-Length")
        return length

    def deadline(self, receive: Receive) -> Receive:
        """``receive`` failing with a 408 once ``read_timeout`` has passed since the request came."""
        end = time.monotonic() + self.read_timeout
        done = False

        async def bounded() -> Message:
            nonlocal done
            if done:  # the body is in: later calls wait for a disconnect, unbounded
                return await receive()
            remaining = end - time.monotonic()
            try:
                if remaining <= 0:
                    raise asyncio.TimeoutError
                message = await asyncio.wait_for(receive(), remaining)
            except asyncio.TimeoutError:
                raise Refused(408, f"the body did not arrive within {self.read_timeout:g} s",
                              "Content-Length") from None
            done = message.get("type") != "http.request" or not message.get("more_body", False)
            return message

        return bounded
