"""HTTP for intake: polite, bounded fetching of pages, feeds, sitemaps and robots.txt (httpx).

One :class:`Fetcher` serves one :func:`newsbrief.ingest.read` call and holds all its state (no
module-level state): the httpx client, the robots.txt rules seen per host and the per-host rate
limiter. Every request

* names itself (``User-Agent: newsbrief/<version> (+https://example.invalid/newsbrief)``, see
  :class:`FetchSettings`, ``NEWSBRIEF_USER_AGENT``);
* asks robots.txt first (:mod:`urllib.robotparser`, fetched once per host; a 4xx robots.txt
  allows everything, a 5xx one forbids everything as RFC 9309 says; ``Crawl-delay`` is honoured
  up to ``max_crawl_delay``);
* waits its turn for its host (``per_host_rate`` requests a second) and for one of
  ``concurrency`` workers;
* is bounded in time: ``timeout`` seconds to connect and of silence, and a response still
  arriving ``timeout`` seconds after it was asked for is abandoned;
* is bounded in size: a body over the ``file_mb`` limit (announced or as it arrives, decoded)
  is refused;
* follows at most ``max_redirects`` redirects, each checked against robots.txt, loops refused;
* is retried on 429 and 5xx at most ``retries`` times, with exponential backoff or the
  server's ``Retry-After`` when that is at most ``retry_after_cap`` seconds (a longer one
  gives up at once rather than waiting or ignoring it).

Failures are :class:`FetchError` with a one-line message; nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from urllib.robotparser import RobotFileParser

log = logging.getLogger(__name__)

CONTACT = "+https://example.invalid/newsbrief"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_BYTES = 512 * 1024  # more of a robots.txt is ignored (as the big crawlers do)
ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5"


def default_user_agent() -> str:
    from .. import __version__

    return f"newsbrief/{__version__} ({CONTACT})"


def is_url(value: object) -> bool:
    text = str(value)
    return text[:7].lower() == "http://" or text[:8].lower() == "https://"


class FetchError(Exception):
    """A url that could not be fetched; the message is one line saying why."""


@dataclass(frozen=True)
class FetchSettings:
    """How intake fetches (environment: ``NEWSBRIEF_<FIELD>`` upper-cased, e.g. ``NEWSBRIEF_TIMEOUT=5``).

    ``per_host_rate``: requests a second to one host (0: no limit); ``max_urls``: article urls
    taken from one sitemap (its children included) or feed; ``max_sitemaps``: child sitemaps
    read from one index; ``trust_env``: use the proxy settings of the environment.
    """

    user_agent: str = field(default_factory=default_user_agent)
    timeout: float = 20.0
    retries: int = 2
    backoff: float = 0.5
    retry_after_cap: float = 10.0
    max_redirects: int = 5
    concurrency: int = 4
    per_host_rate: float = 2.0
    max_crawl_delay: float = 10.0
    max_urls: int = 1000
    max_sitemaps: int = 50
    robots: bool = True
    trust_env: bool = True

    def __post_init__(self) -> None:
        checks: dict[str, tuple[float, float]] = {
            "timeout": (0.01, 600), "retries": (0, 10), "backoff": (0, 60), "retry_after_cap": (0, 3600),
            "max_redirects": (0, 30), "concurrency": (1, 64), "per_host_rate": (0, 1000),
            "max_crawl_delay": (0, 3600), "max_urls": (1, 1_000_000), "max_sitemaps": (0, 10_000),
        }
        for name, (low, high) in checks.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
                raise ValueError(f"{name} must be a number from {low:g} to {high:g}, got {value!r}")
        if not isinstance(self.user_agent, str) or not self.user_agent.strip() or "\n" in self.user_agent:
            raise ValueError("user_agent must be one line of text")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, warn: Callable[[str], None] | None = None) -> FetchSettings:
        """Settings from ``NEWSBRIEF_*`` variables; a bad value is reported and the default kept."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"NEWSBRIEF_{f.name.upper()}")
            if raw is None or not raw.strip():
                continue
            default = getattr(cls(), f.name)
            try:
                if isinstance(default, bool):
                    value: Any = raw.strip().lower() in ("1", "true", "yes", "on")
                elif isinstance(default, int):
                    value = int(raw)
                elif isinstance(default, float):
                    value = float(raw)
                else:
                    value = raw.strip()
                cls(**{f.name: value})
            except ValueError as exc:
                (warn or log.warning)(f"NEWSBRIEF_{f.name.upper()}: ignored ({exc})")
                continue
            values[f.name] = value
        return cls(**values)


@dataclass(frozen=True)
class Response:
    """A fetched body: the final url (after redirects), status and the headers intake uses."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""  # the media type, lower case, without parameters
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None


class HostLimiter:
    """Spaces the requests to each host at least ``interval`` seconds apart (thread-safe)."""

    def __init__(self, interval: float, stop: threading.Event) -> None:
        self.interval = interval
        self.stop = stop
        self.lock = threading.Lock()
        self.next_at: dict[str, float] = {}
        self.intervals: dict[str, float] = {}

    def slow_down(self, host: str, interval: float) -> None:
        with self.lock:
            self.intervals[host] = max(interval, self.interval)

    def wait(self, host: str) -> None:
        with self.lock:
            interval = self.intervals.get(host, self.interval)
            now = time.monotonic()
            at = max(now, self.next_at.get(host, 0.0))
            self.next_at[host] = at + interval
        if at > now:
            self.stop.wait(at - now)


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _retry_after(value: str | None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delay seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def _describe(exc: Exception) -> str:
    import httpx

    if isinstance(exc, httpx.ConnectTimeout):
        return "timed out connecting"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ConnectError):
        detail = str(exc).strip() or type(exc).__name__
        return f"cannot connect ({detail.splitlines()[0]})"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "unsupported url"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


class Fetcher:
    """Fetches urls for one intake run; close it (or use ``with``) to end the run's connections."""

    def __init__(self, settings: FetchSettings | None = None, max_bytes: int = 50 * 1024 * 1024) -> None:
        import httpx

        self.settings = settings or FetchSettings()
        self.max_bytes = max_bytes
        self.stop = threading.Event()
        rate = self.settings.per_host_rate
        self.limiter = HostLimiter(1.0 / rate if rate > 0 else 0.0, self.stop)
        self.robots_lock = threading.Lock()
        self.robots_rules: dict[str, RobotFileParser | FetchError] = {}
        self.host_locks: dict[str, threading.Lock] = {}
        self.client = httpx.Client(
            headers={"User-Agent": self.settings.user_agent, "Accept": ACCEPT},
            timeout=httpx.Timeout(self.settings.timeout),
            follow_redirects=False,
            trust_env=self.settings.trust_env,
            limits=httpx.Limits(max_connections=self.settings.concurrency * 2,
                                max_keepalive_connections=self.settings.concurrency),
        )

    def close(self) -> None:
        self.stop.set()
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ---- robots.txt ------------------------------------------------------------------------

    def allowed(self, url: str) -> None:
        """Raise :class:`FetchError` unless robots.txt lets newsbrief fetch ``url``."""
        if not self.settings.robots:
            return
        key = _host_key(url)
        with self.robots_lock:
            host_lock = self.host_locks.setdefault(key, threading.Lock())
        with host_lock:  # one robots.txt request per host, whatever the concurrency
            rules = self.robots_rules.get(key)
            if rules is None:
                rules = self._robots(key)
                self.robots_rules[key] = rules
        if isinstance(rules, FetchError):
            raise rules
        agent = self.settings.user_agent.split("/")[0]
        if not rules.can_fetch(agent, url):
            raise FetchError("disallowed by robots.txt")

    def _robots(self, key: str) -> RobotFileParser | FetchError:
        from urllib.robotparser import RobotFileParser

        rules = RobotFileParser(key + "/robots.txt")
        try:
            resp = self._get(key + "/robots.txt", {}, ROBOTS_BYTES, check_robots=False, truncate=True)
        except FetchError as exc:  # a host that cannot be reached is said as such; the rest names robots.txt
            return exc if str(exc).startswith(("cannot connect", "timed out connecting")) else FetchError(
                f"{exc} (asking for robots.txt)")
        if resp.status >= 500 or resp.status == 429:
            rules.disallow_all = True  # type: ignore[attr-defined]  # RFC 9309: unreachable, no crawling
        elif resp.status >= 400:
            rules.allow_all = True  # type: ignore[attr-defined]
        else:
            rules.parse(resp.body.decode("utf-8", "replace").splitlines())
            delay = rules.crawl_delay(self.settings.user_agent.split("/")[0])
            if delay:
                self.limiter.slow_down(key, min(float(delay), self.settings.max_crawl_delay))
        return rules

    # ---- requests --------------------------------------------------------------------------

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        """GET ``url``: robots.txt, rate limit, redirects, retries, time and size bounds.

        A 304 (for conditional ``headers``) is returned as is; any other status that is not 2xx
        after the retries is a :class:`FetchError`.
        """
        resp = self._get(url, dict(headers or {}), self.max_bytes, check_robots=True, truncate=False)
        if resp.status == 304 or 200 <= resp.status < 300:
            return resp
        raise FetchError(f"HTTP {resp.status}")

    def _get(self, url: str, headers: dict[str, str], limit: int, check_robots: bool, truncate: bool) -> Response:
        seen = [url]
        for _ in range(self.settings.max_redirects + 1):
            if check_robots:
                self.allowed(url)
            resp, location = self._retrying(url, headers, limit, truncate)
            if location is None:
                return resp
            target = urljoin(url, location)
            if not is_url(target):
                raise FetchError(f"redirected to a url that is not http(s): {target[:200]}")
            if target in seen:
                raise FetchError(f"redirect loop ({' -> '.join(seen[-3:])} -> {target})"[:300])
            seen.append(target)
            url = target
        raise FetchError(f"too many redirects (more than {self.settings.max_redirects})")

    def _retrying(self, url: str, headers: dict[str, str], limit: int, truncate: bool) -> tuple[Response, str | None]:
        s = self.settings
        attempt = 0
        while True:
            resp, location, retry_after = self._once(url, headers, limit, truncate)
            if resp.status not in RETRY_STATUSES or attempt >= s.retries or self.stop.is_set():
                return resp, location
            wait = s.backoff * (2 ** attempt)
            if retry_after is not None:
                if retry_after > s.retry_after_cap:
                    raise FetchError(
                        f"HTTP {resp.status}, asked to retry after {retry_after:.0f} s "
                        f"(more than the {s.retry_after_cap:g} s newsbrief waits)"
                    )
                wait = max(wait, retry_after)
            attempt += 1
            log.debug("%s: HTTP %d, retry %d in %.1f s", url, resp.status, attempt, wait)
            if self.stop.wait(wait):
                return resp, location

    def _once(self, url: str, headers: dict[str, str], limit: int, truncate: bool) -> tuple[Response, str | None, float | None]:
        import httpx

        if self.stop.is_set():
            raise FetchError("stopped")
        self.limiter.wait(_host_key(url))
        started = time.monotonic()
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                location = r.headers.get("location") if r.status_code in REDIRECT_STATUSES else None
                if r.status_code in REDIRECT_STATUSES and not location:
                    raise FetchError(f"HTTP {r.status_code} without a Location")
                body = b""
                if location is None and 200 <= r.status_code < 300:
                    body = self._body(r, limit, truncate, started)
                mime, _, params = r.headers.get("content-type", "").partition(";")
                charset = None
                for param in params.split(";"):
                    name, _, value = param.partition("=")
                    if name.strip().lower() == "charset" and value.strip():
                        charset = value.strip().strip("\"'")
                resp = Response(
                    url=str(r.url), status=r.status_code, body=body, content_type=mime.strip().lower(),
                    charset=charset, etag=r.headers.get("etag"), last_modified=r.headers.get("last-modified"),
                )
                return resp, location, _retry_after(r.headers.get("retry-after"))
        except httpx.HTTPError as exc:
            raise FetchError(_describe(exc)) from None
        except (OSError, ValueError) as exc:  # a url httpx cannot even build, a socket error
            raise FetchError(_describe(exc)) from None

    def _body(self, r: Any, limit: int, truncate: bool, started: float) -> bytes:
        announced = r.headers.get("content-length", "")
        if not truncate and announced.isdigit() and int(announced) > limit:
            raise FetchError(f"{int(announced) / 1048576:.1f} MB, over the file_mb limit of {limit // 1048576} MB")
        chunks: list[bytes] = []
        size = 0
        for chunk in r.iter_bytes():
            size += len(chunk)
            chunks.append(chunk)
            if size > limit:
                if truncate:
                    break
                raise FetchError(f"more than {limit // 1048576} MB, the file_mb limit")
            if time.monotonic() - started > self.settings.timeout:
                raise FetchError(f"timed out (the response took more than {self.settings.timeout:g} s)")
            if self.stop.is_set():
                raise FetchError("stopped")
        return b"".join(chunks)[:limit] if truncate else b"".join(chunks)
