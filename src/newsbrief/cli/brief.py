"""``newsbrief brief``: read, clean and brief articles (the bundled sample when no input is given)."""

from __future__ import annotations

import argparse
import sys

from .common import add_inputs, add_options, add_store, error, open_store, options_from, write

HELP = "Brief articles: a cited summary, timeline, agreement and conflicts (Markdown, JSON or HTML)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_inputs(parser)
    add_options(parser)
    add_store(parser, optional=True)


def run(args: argparse.Namespace) -> int:
    from ..pipeline import NothingToBrief, brief, sample_path
    from ..render import render

    options = options_from(args)
    if options is None:
        return 2
    if args.store is not None:
        return _brief_store(args, options)
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


def _brief_store(args: argparse.Namespace, options) -> int:
    """``brief --store``: every stored article, briefed as today (events found afresh)."""
    from ..pipeline import NothingToBrief, brief_articles
    from ..render import render

    if args.inputs:
        error("give either INPUTs or --store, not both (add inputs with `newsbrief add`)")
        return 2
    store = open_store(args)
    if store is None:
        return 1
    with store:
        articles = store.articles()
    try:
        result = brief_articles(articles, options)
    except NothingToBrief:
        error(f"{store.path}: the store holds no article (add some with `newsbrief add`)")
        return 1
    return write(render(result, options.format), args.output)
