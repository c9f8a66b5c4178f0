"""Command line: ``newsbrief brief|clean|cluster|eval``.

Each subcommand is a module of this package exposing ``HELP`` (one line),
``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

COMMANDS = ("brief", "clean", "cluster", "serve", "eval")


def _global_flags() -> argparse.ArgumentParser:
    """-q/-v accepted after the subcommand too (SUPPRESS keeps a flag given before it)."""
    flags = argparse.ArgumentParser(add_help=False)
    flags.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="only errors")
    flags.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="debug logging")
    return flags


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbrief",
        description=(
            "Turn many news articles about one story (text, HTML, JSONL, folders) into one brief "
            "with a cited summary, a timeline and what outlets agree and disagree on."
        ),
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr, no progress bar")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"newsbrief.cli.{name}")
        p = sub.add_parser(name, help=module.HELP, description=module.HELP, parents=[_global_flags()])
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.ERROR if args.quiet else logging.DEBUG if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="newsbrief: %(message)s", stream=sys.stderr)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args))
    except KeyboardInterrupt:
        print("newsbrief: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never a traceback for the user; -v logs it
        logging.getLogger("newsbrief").debug("unexpected error", exc_info=True)
        print(f"newsbrief: error: {type(exc).__name__}: {exc} (run with -v for details)", file=sys.stderr)
        return 1
