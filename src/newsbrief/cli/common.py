"""Pieces shared by the subcommands: input arguments, options, output, errors."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ..options import FORMATS, Options, OptionsError

log = logging.getLogger("newsbrief")


def add_inputs(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument(
        "inputs",
        nargs="+" if required else "*",
        metavar="INPUT",
        help="files (.txt, .html, .html.gz, .json, .jsonl), folders (read recursively) or - for stdin",
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
    parser.add_argument("--format", "-f", default="markdown", choices=FORMATS, help="output format")
    parser.add_argument("--output", "-o", type=Path, help="write to this file instead of stdout")


def options_from(args: argparse.Namespace) -> Options | None:
    try:
        return Options.from_namespace(args)
    except OptionsError as exc:
        error(str(exc))
        return None


def error(message: str) -> None:
    print(f"newsbrief: error: {message}", file=sys.stderr)


def write(text: str, output: Path | None) -> int:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        error(f"{output}: cannot write ({exc.strerror or exc})")
        return 1
    return 0
