"""JSON and JSON-lines text to documents, one bad item at a time.

* A JSON array is parsed element by element (``json.JSONDecoder.raw_decode``): a malformed,
  too deeply nested or article-less element is skipped with a warning naming it
  (``file.json[3]``, 1-based) and parsing resumes at the next element, found by a bracket
  scan that respects strings.
* JSON lines: each line on its own (``file.jsonl:7``).
* One (pretty-printed) object: parsed whole.

Nesting too deep for the parser raises ``RecursionError`` inside :mod:`json`; it is caught
per item and reported as a warning, never propagated.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

from ..types import RawDocument
from .decode import InputError
from .schema import records, safe

Warn = Callable[[str], None]

_WS_RE = re.compile(r"[ \t\n\r]*")
# a JSON string (escapes included) or one structural character
_TOKEN_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]', re.S)


def loads(text: str) -> object:
    """``json.loads`` that raises :class:`InputError` (one line) for anything it cannot parse."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except RecursionError:
        raise InputError("JSON nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(f"malformed JSON ({str(exc).split(':', 1)[0]})") from None


def is_json(text: str) -> bool:
    """Whether the first line, or else the whole text, is a JSON value."""
    line = text.lstrip().split("\n", 1)[0]
    for candidate in (line, text):
        try:
            json.loads(candidate)
        except RecursionError:
            return True  # JSON, only too deep: the JSON reader says so
        except ValueError:
            continue
        return True
    return False


def _skip_ws(text: str, pos: int) -> int:
    m = _WS_RE.match(text, pos)
    return m.end() if m else pos


def skip_value(text: str, pos: int) -> int | None:
    """Position of the ``,`` or ``]`` ending the array element starting at ``pos`` (None: not found)."""
    depth = 0
    for m in _TOKEN_RE.finditer(text, pos):
        tok = m.group()
        if tok[0] == '"':
            continue
        if tok in "[{":
            depth += 1
        elif depth > 0:  # "]" or "}"
            depth -= 1
        elif tok == "]":  # the array's own end (a stray "}" at this level is passed over)
            return m.start()
        elif tok == ",":
            return m.start()
    return None


def read_array(text: str, name: str, origin: str, warn: Warn) -> Iterator[RawDocument]:
    """The articles of a JSON array, element by element (ids ``name#i``, origins ``origin[i]``)."""
    decoder = json.JSONDecoder()
    pos = _skip_ws(text, 0) + 1  # just after "["
    i = 0
    while True:
        pos = _skip_ws(text, pos)
        if pos >= len(text):
            warn(f"{origin}: JSON array not closed (the file ends after element {i})")
            return
        if text[pos] == "]":
            if text[pos + 1:].strip():
                warn(f"{origin}: text after the end of the JSON array ignored")
            return
        i += 1
        where = f"{origin}[{i}]"
        problem = None
        try:
            obj, end = decoder.raw_decode(text, pos)
        except RecursionError:
            problem = "JSON nested too deeply"
        except json.JSONDecodeError as exc:
            problem = f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        except ValueError as exc:
            problem = f"malformed JSON ({str(exc).split(':', 1)[0]})"
        if problem is None:
            yield from safe(records(obj, f"{name}#{i}", where, warn, depth=1), where, warn)
            pos = _skip_ws(text, end)
            if pos < len(text) and text[pos] not in ",]":
                warn(f"{where}: malformed JSON (no ',' after this element; read on)")
        else:
            nxt = skip_value(text, pos)
            if nxt is None:
                warn(f"{where}: skipped ({problem}), with the rest of the file")
                return
            warn(f"{where}: skipped ({problem})")
            pos = nxt
        if pos < len(text) and text[pos] == ",":
            pos += 1


def read_line(line: str, doc_id: str, origin: str, warn: Warn) -> Iterator[RawDocument]:
    """The articles of one JSON line."""
    try:
        obj = loads(line)
    except InputError as exc:
        warn(f"{origin}: skipped ({exc})")
        return
    yield from safe(records(obj, doc_id, origin, warn), origin, warn)


def read_json(text: str, name: str, origin: str, warn: Warn) -> Iterator[RawDocument]:
    """The articles of a JSON / JSONL text: an array, one object, or one value a line."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        yield from read_array(text, name, origin, warn)
        return
    lines = text.split("\n")
    nonblank = [no for no, ln in enumerate(lines, 1) if ln.strip()]
    if len(nonblank) > 1 and stripped.startswith("{"):
        try:  # one pretty-printed object rather than JSON lines?
            obj = loads(text)
        except InputError as exc:
            if not is_json(lines[nonblank[0] - 1]):  # not JSON lines either: one bad document
                warn(f"{origin}: skipped ({exc})")
                return
        else:
            yield from safe(records(obj, name, origin, warn), origin, warn)
            return
    for no in nonblank:
        yield from read_line(lines[no - 1], f"{name}:{no}", f"{origin}:{no}", warn)
