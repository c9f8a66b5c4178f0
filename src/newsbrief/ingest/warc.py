"""WARC crawls (``.warc``, ``.warc.gz``, as Common Crawl's CC-News ships them), read with warcio.

Records are streamed one at a time (a crawl of any size is read in bounded memory; the
``file_mb`` limit applies to each record's page, not to the file). Only ``response`` records
of HTML pages answered ``200`` are articles; request, metadata, revisit and other records,
non-HTML payloads and other statuses are passed over (counted in the debug log). A record's
``WARC-Target-URI`` is its url and its ``WARC-Date`` the date used where the page gives none
(see :func:`.pages.page_document`).
"""

from __future__ import annotations

import datetime as dt
import logging
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..options import Limits
from ..types import RawDocument
from .decode import InputError, is_gzip, iso_day
from .pages import HTML_TYPES, Fallback, decode_page, page_document

log = logging.getLogger(__name__)
Warn = Callable[[str], None]

WARC_EXTS = (".warc", ".warc.gz", ".warc.gzip")
MAGIC = b"WARC/"


def _starts_like_warc(path: Path) -> bool:
    """Whether the file's first bytes (gunzipped if gzip) are a WARC record's first line."""
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
    except OSError:
        return False
    if is_gzip(head):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(MAGIC)


def looks_warc(path: Path) -> bool:
    """A ``.warc``/``.warc.gz`` name, or a file starting like one (gzip or not)."""
    return path.name.lower().endswith(WARC_EXTS) or _starts_like_warc(path)


def _first_line(exc: Exception) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def _http_type(record: Any) -> tuple[str, str | None]:
    raw = record.http_headers.get_header("Content-Type") or "" if record.http_headers else ""
    mime, _, params = raw.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return mime.strip().lower(), charset


def records(path: Path, shown: str, warn: Warn, limits: Limits) -> Iterator[tuple[int, str, str | None, dt.date | None, bytes, str | None]]:
    """``(number, target uri, charset, WARC date, payload, mime)`` of each HTML 200 response record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    class Quiet(ArchiveIterator):  # type: ignore[misc]
        INC_RECORD = ""  # warcio writes this warning to stderr itself; counted below instead

    if not _starts_like_warc(path):
        warn(f"{shown}: skipped (not a WARC file: it does not start with a WARC/1.x record)")
        return
    passed: Counter[str] = Counter()
    iterator: Any = None
    try:
        with path.open("rb") as fh:
            iterator = Quiet(fh)
            for number, record in enumerate(iterator, 1):
                if record.rec_type != "response":
                    passed[record.rec_type or "?"] += 1
                    continue
                status = record.http_headers.get_statuscode() if record.http_headers else None
                if status != "200":
                    passed[f"status {status}"] += 1
                    continue
                mime, charset = _http_type(record)
                if mime not in HTML_TYPES:
                    passed[mime or "no content type"] += 1
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                payload = record.content_stream().read(limits.file_bytes + 1)
                if len(payload) > limits.file_bytes:
                    warn(f"{shown}#{number}: skipped ({uri[:200]}: more than {limits.file_mb} MB, the file_mb limit)")
                    continue
                if getattr(record.raw_stream, "limit", 0) > 0:  # the file ends inside this record
                    warn(f"{shown}#{number}: stopped reading (the file ends inside this record: cut short?)")
                    return
                date = iso_day(record.rec_headers.get_header("WARC-Date"))
                yield number, uri, charset, date, payload, mime
    except ArchiveLoadFailed as exc:
        if "non-chunked gzip" in str(exc):
            warn(f"{shown}: stopped reading (gzipped as one stream, not record by record: gunzip it to read it)")
        else:
            warn(f"{shown}: stopped reading (not a readable WARC: {_first_line(exc)})")
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        warn(f"{shown}: stopped reading ({getattr(exc, 'strerror', None) or _first_line(exc)})")
    errors = int(getattr(iterator, "err_count", 0) or 0)
    if errors:
        warn(f"{shown}: {errors} records not followed by a blank line (a wrong Content-Length?)")
    if passed:
        log.debug("%s: passed over %s", shown, ", ".join(f"{n} {k}" for k, n in passed.most_common()))


def read_warc(path: Path, shown: str, warn: Warn, limits: Limits) -> Iterator[RawDocument]:
    """One document per HTML page answered 200 in the WARC at ``path``."""
    found = False
    said: list[str] = []

    def said_warn(message: str) -> None:
        said.append(message)
        warn(message)

    for number, uri, charset, date, payload, _ in records(path, shown, said_warn, limits):
        origin = f"{shown}#{number}"
        if not uri:
            warn(f"{origin}: skipped (a response record without WARC-Target-URI)")
            continue
        try:
            html = decode_page(payload, charset)
        except InputError as exc:
            warn(f"{origin}: skipped ({exc})")
            continue
        if not html.strip():
            continue
        found = True
        yield page_document(html, uri, origin, Fallback(published=date))
    if not found and not said:
        warn(f"{shown}: no HTML page answered 200 in this WARC")
