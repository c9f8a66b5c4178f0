"""Pieces shared by the subcommands: input arguments, options, output, errors."""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import fields, replace
from pathlib import Path

from ..options import FORMATS, Limits, Options, OptionsError

log = logging.getLogger("newsbrief")


def add_inputs(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument(
        "inputs",
        nargs="+" if required else "*",
        metavar="INPUT",
        help="files (.txt, .html, .html.gz, .json, .jsonl, .warc[.gz], feeds, sitemaps), folders (read "
        "recursively), http(s) URLs of pages, feeds or sitemaps, or - for stdin",
    )


def add_options(parser: argparse.ArgumentParser) -> None:
    from ..summarize import available

    g = parser.add_argument_group("summary")
    g.add_argument("--words", type=int, default=100, help="word budget of the summary (default 100)")
    g.add_argument("--sentences", type=int, help="sentence budget instead of a word budget")
    g.add_argument("--summarizer", default="newsbrief", choices=available(), help="algorithm (default newsbrief)")
    g.add_argument("--query", help="focus the summary on this topic")
    g.add_argument(
        "--events", default="auto", choices=("auto", "always", "never"),
        help="split many articles into events and brief each (default auto)",
    )
    g.add_argument("--no-story", dest="story", action="store_false", help="skip timeline/comparison")
    g.add_argument("--max-event-briefs", dest="event_briefs", type=int, default=Limits().event_briefs,
                   help="brief at most this many events one by one, largest first (default 100)")
    g.add_argument("--max-citations", dest="citations", type=int, default=Limits().citations,
                   help="list at most this many supporting articles per item, counting the rest (default 50)")
    parser.add_argument("--format", "-f", default="markdown", choices=FORMATS, help="output format")
    add_limits(parser)
    parser.add_argument("--output", "-o", type=Path, help="write to this file instead of stdout")


def add_limits(parser: argparse.ArgumentParser) -> None:
    defaults = Limits()
    g = parser.add_argument_group("limits (inputs past them are skipped or cut, with a warning)")
    g.add_argument("--max-file-mb", dest="file_mb", type=int, default=defaults.file_mb,
                   help=f"skip files larger than this (default {defaults.file_mb})")
    g.add_argument("--max-article-chars", dest="article_chars", type=int, default=defaults.article_chars,
                   help=f"cut longer article texts (default {defaults.article_chars:,})")
    g.add_argument("--max-articles", dest="articles", type=int, default=defaults.articles,
                   help=f"stop reading after this many articles (default {defaults.articles:,})")


def limits_from(args: argparse.Namespace) -> Limits | None:
    values = vars(args)
    try:
        return Limits(**{f.name: values[f.name] for f in fields(Limits) if values.get(f.name) is not None})
    except OptionsError as exc:
        error(str(exc))
        return None


def options_from(args: argparse.Namespace) -> Options | None:
    limits = limits_from(args)
    if limits is None:
        return None
    try:
        return replace(Options.from_namespace(args), limits=limits)
    except OptionsError as exc:
        error(str(exc))
        return None


def add_store(parser: argparse.ArgumentParser, optional: bool = False) -> None:
    """``--store PATH`` (default: ``NEWSBRIEF_STORE``, else the user's data directory)."""
    help_text = "the store file (default $NEWSBRIEF_STORE, else newsbrief's user data directory)"
    if optional:
        parser.add_argument("--store", nargs="?", const="", default=None, metavar="PATH",
                            help="brief the stored articles instead of INPUTs; " + help_text)
    else:
        parser.add_argument("--store", default="", metavar="PATH", help=help_text)


def open_store(args: argparse.Namespace):  # -> Store | None (imported lazily)
    from ..store import Store, StoreError

    try:
        return Store.open(args.store or None)
    except StoreError as exc:
        error(str(exc))
        return None


def add_since(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--since DATE`` parsed by argparse (a bad date is a usage error naming the flag, exit 2)."""
    parser.add_argument("--since", metavar="DATE", type=_day, help=help_text)


def _day(value: str):  # -> dt.date
    import datetime as dt

    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date YYYY-MM-DD, got {value!r}") from None


def error(message: str) -> None:
    print(f"newsbrief: error: {message}", file=sys.stderr)


def write(text: str, output: Path | None) -> int:
    """Write ``text`` to stdout, or to ``output`` atomically; 0 on success, 1 (with an error line) if not.

    A file is written to a hidden temporary file in its folder, fsynced and ``os.replace``-d over
    ``output``: a killed run never leaves a truncated or empty file, and the previous file survives
    any failure. A symlink's target is replaced (the link kept) and the file keeps its permissions;
    devices and pipes (``/dev/null``, ``/dev/stdout``) are written directly.
    """
    import contextlib
    import os
    import stat
    import tempfile

    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    output = Path(output)
    data = text.encode("utf-8", errors="replace")
    tmp: str | None = None
    try:
        target = Path(os.path.realpath(output)) if output.is_symlink() else output
        try:
            st: os.stat_result | None = target.stat()
        except FileNotFoundError:
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            error(f"{output}: cannot write (it is a folder)")
            return 1
        if st is not None and not stat.S_ISREG(st.st_mode):  # a device or a pipe: cannot be replaced
            with open(target, "wb") as fh:
                fh.write(data)
            return 0
        if st is not None:
            mode = stat.S_IMODE(st.st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
        with contextlib.suppress(OSError):  # make the rename itself durable
            dir_fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except OSError as exc:
        error(f"{output}: cannot write ({exc.strerror or exc})")
        return 1
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return 0
