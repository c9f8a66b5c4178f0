"""``newsbrief brief``: read, clean and brief articles (the bundled sample when no input is given)."""

from __future__ import annotations

import argparse
import sys

from .common import add_inputs, add_options, error, options_from, write

HELP = "Brief articles: a cited summary, timeline, agreement and conflicts (Markdown, JSON or HTML)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_inputs(parser)
    add_options(parser)


def run(args: argparse.Namespace) -> int:
    from ..pipeline import NothingToBrief, brief, sample_path
    from ..render import render

    options = options_from(args)
    if options is None:
        return 2
    inputs = args.inputs
    if not inputs:
        inputs = [str(sample_path())]
        print("newsbrief: no input given; briefing the bundled sample (5 outlets, one story)", file=sys.stderr)
    try:
        result = brief(inputs, options=options, exclude=[args.output] if args.output else ())
    except NothingToBrief as exc:
        error(str(exc))
        return 1
    return write(render(result, options.format), args.output)
