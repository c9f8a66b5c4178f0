"""Reading and cleaning on the executors, with the library's own ingest and clean functions.

The driver only lists the work: one *unit* per file, large JSON-lines files cut into byte ranges
at line breaks (their line numbers counted by a first small job, so ids are ``name:line`` as in
``newsbrief brief``). The executors read each unit with :mod:`newsbrief.ingest` (JSON lines,
text, HTML, WARC) and bound it (:class:`~newsbrief.options.Limits`); ids are made unique on the
driver in input order with the same :class:`~newsbrief.ingest.UniqueIds`, over ids only.

Cleaning is in :mod:`.clean`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..options import Limits
from ..types import RawDocument

CHUNK_BYTES = 8 * 1024 * 1024  # a JSON-lines file is read in ranges of about this size


@dataclass(frozen=True)
class Unit:
    """One piece of input read by one task: a whole file, or a byte range of a JSON-lines file."""

    seq: int
    path: str
    name: str  # the id base: path relative to the folder given, or the file name
    shown: str
    start: int = 0
    end: int = -1  # -1: the whole file (not a JSON-lines range)
    first_line: int = 1


def _is_jsonl(path: Path) -> bool:
    from ..ingest import JSONL_EXTS

    return path.suffix.lower() in JSONL_EXTS


def list_units(inputs: Sequence[str | Path], warn: Callable[[str], None], exclude: Path | None = None,
               chunk: int = CHUNK_BYTES) -> list[Unit]:
    """The units of ``inputs`` in input order (folders walked as ``newsbrief brief`` walks them)."""
    from ..ingest import _show, _walk  # the reader's own folder walk: same files, same ids
    from ..ingest.web import is_url

    skip = os.path.realpath(exclude) if exclude is not None else None
    files: list[tuple[Path, str]] = []
    for raw in inputs:
        if str(raw) == "-" or is_url(raw):
            warn(f"{_show(raw)}: skipped (the Spark job reads files and folders; fetch URLs or stdin "
                 "into files first)")
            continue
        path = Path(raw)
        if path.is_dir():
            found = [(f, rel) for f, rel in _walk(path, warn)
                     if skip is None or not os.path.realpath(f).startswith(skip + os.sep)]
            if not found:
                warn(f"{_show(path)}: no readable article in this folder")
            files.extend(found)
        elif path.exists():
            files.append((path, path.name))
        else:
            warn(f"{_show(path)}: no such file or folder")
    units: list[Unit] = []
    for path, name in files:
        size = path.stat().st_size if path.is_file() else 0
        if _is_jsonl(path) and size > chunk:
            for start, end in _ranges(path, size, chunk):
                units.append(Unit(len(units), str(path), name, _show(path), start, end))
        else:
            units.append(Unit(len(units), str(path), name, _show(path)))
    return units


def _ranges(path: Path, size: int, chunk: int) -> list[tuple[int, int]]:
    """Byte ranges of about ``chunk`` bytes, each ending just after a line break (or at the end)."""
    cuts = [0]
    with path.open("rb") as fh:
        while cuts[-1] + chunk < size:
            fh.seek(cuts[-1] + chunk)
            fh.readline()
            at = fh.tell()
            if at >= size:
                break
            cuts.append(at)
    cuts.append(size)
    return list(zip(cuts[:-1], cuts[1:], strict=True))


def count_lines(unit: Unit) -> int:
    """Line breaks in a JSON-lines range (to number the lines of the ranges after it)."""
    if unit.end < 0:
        return 0
    n = 0
    with open(unit.path, "rb") as fh:
        fh.seek(unit.start)
        left = unit.end - unit.start
        while left > 0:
            block = fh.read(min(left, 1 << 20))
            if not block:
                break
            n += block.count(b"\n")
            left -= len(block)
    return n


def read_unit(unit: Unit, limits: Limits) -> tuple[int, list[RawDocument], list[str]]:
    """The documents of one unit (bounded as the reader bounds them) and its warnings."""
    from ..ingest import _bounded, _read_file

    warnings: list[str] = []
    docs = list(_jsonl_range(unit, warnings.append, limits) if unit.end >= 0
                else _read_file(Path(unit.path), unit.name, unit.shown, warnings.append, limits))
    return unit.seq, [_bounded(d, limits, warnings.append) for d in docs], warnings


def _jsonl_range(unit: Unit, warn: Callable[[str], None], limits: Limits) -> Iterator[RawDocument]:
    """The JSON lines of one range, read by the reader's own JSON-lines stream (the lines before
    the range stand in as blank lines, so every line keeps its number)."""
    from itertools import chain, repeat

    from ..ingest import _FileWarnings, _stream_jsonl

    file_warn = _FileWarnings(warn, unit.shown)
    with open(unit.path, "rb") as fh:
        fh.seek(unit.start)
        lines = _range_lines(fh, unit.end - unit.start)
        try:
            yield from _stream_jsonl(chain(repeat(b"", unit.first_line - 1), lines), unit.name, unit.shown,
                                     file_warn, limits)
        finally:
            file_warn.close()


def _range_lines(fh: Any, size: int) -> Iterator[bytes]:
    while size > 0:
        raw = fh.readline()
        if not raw:
            return
        size -= len(raw)
        yield raw


def unique_ids(stubs: Sequence[tuple[tuple[int, int], str, str]], limits: Limits,
               warn: Callable[[str], None]) -> dict[tuple[int, int], str | None]:
    """``(unit, index) -> new id`` for the documents renamed by :class:`UniqueIds` (input order) or
    dropped past the ``articles`` limit (None); documents kept as they are are not listed."""
    from ..ingest import UniqueIds

    ids = UniqueIds(warn)
    out: dict[tuple[int, int], str | None] = {}
    for n, (seq, doc_id, origin) in enumerate(sorted(stubs)):
        if n >= limits.articles:
            if n == limits.articles:
                warn(f"{origin}: stopped reading here: the articles limit ({limits.articles}) was reached")
            out[seq] = None
            continue
        got = ids(RawDocument(doc_id, "", "text", origin)).id
        if got != doc_id:
            out[seq] = got
    return out
