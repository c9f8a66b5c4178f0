"""Bytes to text: compression, encodings, binary detection, line endings, control characters."""

from __future__ import annotations

import datetime as dt
import re
import zlib

MAX_BYTES = 50 * 1024 * 1024  # default size limit of one input (``Limits.file_mb`` in MB)
MB = 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"

# C0/C1 control characters (tab and newline kept) and lone UTF-16 surrogates: never article text,
# and surrogates cannot even be written out as UTF-8
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class InputError(ValueError):
    """An input that cannot be read; the message is one line naming the problem."""


def gunzip(data: bytes, limit: int = MAX_BYTES) -> bytes:
    """Decompress gzip data (every member), refusing results larger than ``limit`` (zip bombs).

    Corrupt or truncated data raises :class:`InputError`: a cut-off file is never half-accepted.
    Bytes after the last member that do not start another member are ignored (as ``gzip -d`` does).
    """
    out = bytearray()
    rest = data
    while True:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += d.decompress(rest, limit + 1 - len(out))  # max_length >= 1 here
        except zlib.error as exc:
            raise InputError(f"corrupt gzip data ({exc})") from None
        if len(out) > limit:
            raise InputError(f"decompressed size exceeds {limit // MB} MB")
        if not d.eof:
            raise InputError("truncated gzip data (the file ends inside the compressed stream)")
        rest = d.unused_data
        if not is_gzip(rest):
            return bytes(out)


def is_gzip(data: bytes) -> bool:
    return data[:2] == GZIP_MAGIC


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB mean binary data."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.05


def sanitize(text: str) -> str:
    """Text without control characters (tab and newline kept; form feed is a line break)
    and with lone surrogates replaced by U+FFFD; line endings normalised to ``\\n``."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x0c" in text:
        text = text.replace("\x0c", "\n")
    if _CONTROL_RE.search(text) is None:
        return text
    return _CONTROL_RE.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else "", text)


def decode(data: bytes) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252, else latin-1.

    Line endings are normalised to ``\\n``. Raises :class:`InputError` for binary data.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        if looks_binary(data):
            raise InputError("binary data, not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
            # real cp1252/latin-1 prose is mostly ASCII; anything else is not text we can trust
            ascii_share = sum(1 for c in text[:20000] if c < "\x80") / max(1, len(text[:20000]))
            if ascii_share < 0.5:
                raise InputError("undecodable text (neither UTF-8 nor plausible cp1252/latin-1)") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def iso_day(value: str | None) -> dt.date | None:
    """The day an ISO date or timestamp starts with ("2019-01-04T10:00:00Z"), else None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
