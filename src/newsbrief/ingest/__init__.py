"""Ingest: paths (files, folders, ``-`` for stdin) to :class:`RawDocument` records.

One reader interface; the format is chosen by content first, extension second:

* gzip data is decompressed first (``page.html.gz``); corrupt or truncated gzip skips the file;
* JSON / JSONL: one record per line, a JSON list, or one object; a record is an
  article (``text``/``body``/``article``/``content`` + optional ``title``, ``url``,
  ``published``/``date``, ``id``, ``source``, ``author``) or a cluster holding
  ``documents``/``articles`` (strings or article records);
* HTML (a document that starts like markup): cleaned later by trafilatura;
* anything else that decodes as text: plain text with furniture left in;
* ``http(s)://`` urls (pages, RSS/Atom feeds, sitemaps), feed and sitemap files (:mod:`.remote`,
  fetched politely and boundedly by :mod:`.web`) and WARC crawls (:mod:`.warc`, streamed; the
  ``file_mb`` limit applies to each record).

One bad item never costs the good ones: an unreadable file, JSON line or array element is
skipped with a one-line warning naming the file (and ``:line`` or ``[element]``, 1-based) and
the problem; a field of the wrong type (``"url": 5``) is dropped with a warning and its article
kept (see :mod:`.schema`). :func:`read` never raises for a bad input.

:class:`~newsbrief.options.Limits` bound every format: a file (or stdin) larger than
``file_mb`` is skipped before it is read, an article's text is cut at ``article_chars``,
and reading stops after ``articles`` articles, each with one warning.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..options import Limits
from ..types import RawDocument
from .decode import MAX_BYTES, MB, InputError, decode, gunzip, is_gzip, sanitize
from .jsontext import is_json, read_json, read_line
from .schema import TEXT_KEYS, looks_html, parse_date, records

if TYPE_CHECKING:
    from .feeds import FeedTracker
    from .remote import Intake
    from .web import FetchSettings

__all__ = [
    "MAX_BYTES", "InputError", "Limits", "TEXT_KEYS", "UniqueIds", "parse_date", "read", "read_bytes", "records",
]

log = logging.getLogger(__name__)
Warn = Callable[[str], None]

JSON_EXTS = (".jsonl", ".json", ".ndjson")
JSONL_EXTS = (".jsonl", ".ndjson")
TEXT_EXTS = (".txt", ".text", ".html", ".htm", ".xhtml", ".md")
GZIP_EXTS = (".gz", ".gzip")
MAX_FILE_WARNINGS = 20  # per file; further problems are counted in one last line
_UNPRINTABLE_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _warn_default(message: str) -> None:
    log.warning(message)


def _show(path: object) -> str:
    """A path for messages: control characters (a newline or an escape sequence in a file name)
    written as ``\\xNN`` so a warning stays one harmless line."""
    text = str(path)
    if not _UNPRINTABLE_RE.search(text):
        return text
    return _UNPRINTABLE_RE.sub(lambda m: f"\\x{ord(m.group()):02x}" if m.group() < "\ud800" else "\ufffd", text)


class _FileWarnings:
    """The warnings of one file: the first MAX_FILE_WARNINGS passed on, the rest counted."""

    def __init__(self, warn: Warn, shown: str) -> None:
        self.warn, self.shown, self.count = warn, shown, 0

    def __call__(self, message: str) -> None:
        self.count += 1
        if self.count <= MAX_FILE_WARNINGS:
            self.warn(message)

    def close(self) -> None:
        if self.count > MAX_FILE_WARNINGS:
            self.warn(f"{self.shown}: {self.count - MAX_FILE_WARNINGS} more problems not shown")


def _too_large(size: int, limits: Limits) -> InputError:
    if size == limits.file_bytes + 1:  # only that much was read: the real size is unknown
        return InputError(f"more than {limits.file_mb} MB, the file_mb limit")
    return InputError(f"{size / MB:.1f} MB, over the file_mb limit of {limits.file_mb} MB")


def read_bytes(
    data: bytes,
    name: str,
    warn: Warn = _warn_default,
    limits: Limits | None = None,
    origin: str | None = None,
) -> Iterator[RawDocument]:
    """Documents in the bytes of one file called ``name`` (also its id for single documents).

    ``origin`` (default ``name``) names the file in warnings and in ``RawDocument.origin``.
    Raises :class:`InputError` when the whole file is unusable.
    """
    limits = limits or Limits()
    origin = origin or name
    if len(data) > limits.file_bytes:
        raise _too_large(len(data), limits)
    name_for_ext = name
    if is_gzip(data):
        data = gunzip(data, limits.file_bytes)
        name_for_ext = os.path.splitext(name)[0] if name.lower().endswith(GZIP_EXTS) else name
    if not data.strip():
        raise InputError("empty file")
    text = decode(data)
    if not text.strip():
        raise InputError("empty file")
    ext = Path(name_for_ext).suffix.lower()
    first = text.lstrip()[:1]
    if ext in JSON_EXTS or (ext not in TEXT_EXTS and first in "{[" and is_json(text)):
        if first not in "{[":
            raise InputError("not JSON although named like JSON")
        yield from read_json(text, name, origin, warn)
    elif ext in (".html", ".htm", ".xhtml") or looks_html(text):
        yield RawDocument(id=name, content=text, kind="html", origin=origin)
    else:
        yield RawDocument(id=name, content=text, kind="text", origin=origin)


def _walk(folder: Path, warn: Warn) -> Iterator[tuple[Path, str]]:
    """Regular files under a folder (recursive, sorted, hidden skipped, symlinked folders not
    followed) with their path relative to it."""
    found: list[tuple[tuple[str, ...], Path]] = []

    def _error(exc: OSError) -> None:
        warn(f"{_show(exc.filename or folder)}: skipped ({exc.strerror or exc})")

    for top, dirs, files in os.walk(folder, onerror=_error):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            p = Path(top, f)
            if not f.startswith(".") and p.is_file():
                found.append((p.relative_to(folder).parts, p))
    for parts, p in sorted(found):
        yield p, "/".join(parts)


class _Excluded:
    """Paths never read from a folder (a command's own output file)."""

    def __init__(self, paths: Iterable[str | Path]) -> None:
        self.names: set[str] = set()
        self.inodes: set[tuple[int, int]] = set()
        for p in paths:
            try:
                self.names.add(os.path.realpath(p))
                st = os.stat(p)
                self.inodes.add((st.st_dev, st.st_ino))
            except (OSError, ValueError):
                continue

    def __contains__(self, path: Path) -> bool:
        if not self.names:
            return False
        try:
            st = path.stat()
        except OSError:
            return False
        return (st.st_dev, st.st_ino) in self.inodes or os.path.realpath(path) in self.names


def read(
    paths: Iterable[str | Path],
    warn: Warn = _warn_default,
    stdin: Any = None,
    limits: Limits | None = None,
    exclude: Iterable[str | Path] = (),
    fetch: FetchSettings | None = None,
    feeds: FeedTracker | None = None,
) -> Iterator[RawDocument]:
    """Read every input lazily; each unreadable one is reported through ``warn`` and skipped.

    Article ids are JSON ``id`` fields when given, else paths relative to the folder
    given (or the file name as given). Ids are unique: the first article to claim an id
    keeps it, a later duplicate gets the first free ``id#2``, ``id#3``... (with a warning).
    ``limits`` (default :class:`Limits`) bound file size, article length and article count.
    Files in ``exclude`` are passed over when met inside a folder (``clean DIR -o DIR/out.jsonl``).
    ``fetch`` says how urls are fetched (default :meth:`FetchSettings.from_env`); ``feeds`` (a
    store's tracker) makes feed fetches conditional and skips entries already stored.
    """
    from .remote import Intake

    limits = limits or Limits()
    ids = UniqueIds(warn)
    count = 0
    intake = Intake(warn, limits, fetch, feeds, show=_show)
    try:
        for doc in _read_all(paths, warn, stdin, limits, _Excluded(exclude), intake):
            if count >= limits.articles:
                warn(f"{doc.origin}: stopped reading here: the articles limit ({limits.articles}) was reached")
                return
            count += 1
            yield ids(_bounded(doc, limits, warn))
    finally:
        intake.close()


class UniqueIds:
    """Makes document ids unique: the first document to claim an id keeps it, a later duplicate
    gets the first free ``id#2``, ``id#3``... (one warning each), so a renamed id never collides
    with one already given; a later document claiming a renamed id is renamed in turn."""

    def __init__(self, warn: Warn = _warn_default) -> None:
        self.warn = warn
        self.taken: set[str] = set()
        self.next_n: dict[str, int] = {}

    def __call__(self, doc: RawDocument) -> RawDocument:
        if doc.id in self.taken:
            n = self.next_n.get(doc.id, 2)
            while f"{doc.id}#{n}" in self.taken:
                n += 1
            self.next_n[doc.id] = n + 1
            new_id = f"{doc.id}#{n}"
            self.warn(f"{doc.origin}: duplicate article id {doc.id!r} renamed {new_id!r}")
            doc = replace(doc, id=new_id)
        self.taken.add(doc.id)
        return doc


def _bounded(doc: RawDocument, limits: Limits, warn: Warn) -> RawDocument:
    """The document with its text cut at ``article_chars`` and control characters removed; a plain
    text with neither source nor url gets the outlet its text names, if any (``clean.meta.text_outlet``)."""
    content = doc.content
    if len(content) > limits.article_chars:
        cut = limits.article_chars
        # end on a line break (else a space) in the last 10% when there is one
        floor = cut - cut // 10
        at = content.rfind("\n", floor, cut)
        if at < 0:
            at = content.rfind(" ", floor, cut)
        warn(
            f"{doc.origin}: article text cut at {limits.article_chars} characters "
            f"(the article_chars limit; it has {len(content)})"
        )
        content = content[: at if at > 0 else cut]
    doc_id = sanitize(doc.id)  # file names may hold control characters or undecodable bytes
    content = sanitize(content)
    source = doc.source
    if source is None and doc.url is None and doc.kind == "text":
        from ..clean.meta import text_outlet

        source = text_outlet(content)
    return replace(doc, id=doc_id or "?", content=content, source=source)


def _read_all(
    paths: Iterable[str | Path], warn: Warn, stdin: Any, limits: Limits, excluded: _Excluded, intake: Intake
) -> Iterator[RawDocument]:
    from .web import is_url

    for raw in paths:
        if str(raw) == "-":
            yield from _read_stdin(stdin, warn, limits)
            continue
        if is_url(raw):
            yield from intake.read_url(str(raw))
            continue
        path = Path(raw)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except (OSError, ValueError) as exc:
            warn(f"{_show(raw)}: skipped ({getattr(exc, 'strerror', None) or exc})")
            continue
        if is_dir:
            found = False
            for file, rel in _walk(path, warn):
                if file in excluded:
                    log.debug("%s: not read (the output file)", file)
                    continue
                for doc in _read_file(file, rel, _show(file), warn, limits, intake):
                    found = True
                    yield doc
            if not found:
                warn(f"{_show(path)}: no readable article in this folder")
        elif exists:
            yield from _read_file(path, path.name, _show(path), warn, limits, intake)
        else:
            warn(f"{_show(path)}: no such file or folder")


def _read_stdin(stdin: Any, warn: Warn, limits: Limits) -> Iterator[RawDocument]:
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        warn("<stdin>: skipped (no standard input)")
        return
    try:
        data = stream.read(limits.file_bytes + 1)
    except (OSError, ValueError) as exc:
        warn(f"<stdin>: skipped ({getattr(exc, 'strerror', None) or exc})")
        return
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    yield from _read_data(data, "<stdin>", "<stdin>", warn, limits)


def _read_file(
    path: Path, name: str, shown: str, warn: Warn, limits: Limits, intake: Intake | None = None
) -> Iterator[RawDocument]:
    """One file: size checked before reading; JSON lines and WARC records streamed, others read
    whole; a feed or sitemap has its links fetched."""
    from .warc import looks_warc, read_warc

    if path.suffix.lower() not in JSON_EXTS + TEXT_EXTS and looks_warc(path):
        yield from read_warc(path, shown, warn, limits)
        return
    file_warn = _FileWarnings(warn, shown)
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limits.file_bytes:
                raise _too_large(size, limits)
            if path.suffix.lower() in JSONL_EXTS:
                yield from _stream_jsonl(fh, name, shown, file_warn, limits)
                return
            data = fh.read(limits.file_bytes + 1)  # bounded even where st_size lies (pipes, /proc)
    except InputError as exc:
        warn(f"{shown}: skipped ({exc})")
        return
    except OSError as exc:
        warn(f"{shown}: skipped ({exc.strerror or exc})")
        return
    finally:
        file_warn.close()
    if intake is not None:
        from .remote import xml_file

        if xml_file(data):
            yield from intake.read_file(data, shown)
            return
    yield from _read_data(data, name, shown, warn, limits)


def _read_data(data: bytes, name: str, shown: str, warn: Warn, limits: Limits) -> Iterator[RawDocument]:
    file_warn = _FileWarnings(warn, shown)
    found = False
    try:
        for doc in read_bytes(data, name, file_warn, limits, origin=shown):
            found = True
            yield doc
    except InputError as exc:
        file_warn(f"{shown}: skipped ({exc})")
    finally:
        file_warn.close()
    if not found and file_warn.count == 0:
        warn(f"{shown}: no article in this file")


def _stream_jsonl(fh: Any, name: str, shown: str, warn: _FileWarnings, limits: Limits) -> Iterator[RawDocument]:
    """JSON lines read one at a time, so a large dataset never sits in memory whole."""
    found = False
    read = 0
    for no, raw in enumerate(fh, 1):
        read += len(raw)
        if read > limits.file_bytes:  # the file grew while being read
            raise _too_large(read, limits)
        if not raw.strip():
            continue
        origin = f"{shown}:{no}"
        try:
            line = decode(raw)
        except InputError as exc:
            warn(f"{origin}: skipped ({exc})")
            continue
        for doc in read_line(line, f"{name}:{no}", origin, warn):
            found = True
            yield doc
    if not found and warn.count == 0:
        warn(f"{shown}: no readable article in this file")


def read_all(paths: Sequence[str | Path], warn: Warn = _warn_default, limits: Limits | None = None) -> list[RawDocument]:
    return list(read(paths, warn, limits=limits))
