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

COMMANDS = ("brief", "clean", "cluster", "add", "stories", "story", "serve", "eval", "spark")


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


def import_stemmer() -> None:
    """Import NLTK's Porter stemmer without the integrations NLTK's package imports eagerly.

    ``import nltk`` loads its scikit-learn classifier wrapper and its SciPy-stats collocation
    measures, about 0.6 s of start-up (a third of a brief of the sample) that the stemmer never
    uses. The command line owns its process, so it imports NLTK with those two packages marked
    unavailable (NLTK's own fallback when they are not installed) and drops the marks at once:
    scikit-learn and SciPy import normally afterwards. The Python API leaves imports alone.
    """
    if "nltk" in sys.modules:
        return
    blocked = [name for name in ("sklearn", "scipy.stats") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import nltk.stem.porter  # noqa: F401
    except ImportError:  # a broken NLTK: let the real import report it later
        pass
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


# commands that may answer without reading any text (they import the stemmer when they must)
NO_TEXT = frozenset({"stories", "story"})


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command not in NO_TEXT:
        import_stemmer()
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
