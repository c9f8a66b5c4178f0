"""``newsbrief clean``: write the cleaned articles as JSON lines."""

from __future__ import annotations

import argparse
import json
import logging

from .common import add_inputs, add_limits, error, limits_from, write

HELP = "Clean articles (strip page furniture, recover title, outlet, date) and write them as JSONL."

log = logging.getLogger("newsbrief")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_inputs(parser, required=True)
    parser.add_argument("--output", "-o", help="write to this file instead of stdout")
    add_limits(parser)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..pipeline import load
    from ..render.json import article_data

    limits = limits_from(args)
    if limits is None:
        return 2
    output = Path(args.output) if args.output else None
    # the output file is never read back as an input (``clean DIR -o DIR/out.jsonl`` run twice)
    articles, _ = load(args.inputs, limits=limits, exclude=[output] if output else ())
    if not articles:
        error("no usable article in " + ", ".join(args.inputs))
        return 1
    lines = [json.dumps(article_data(a), ensure_ascii=False) for a in articles]
    return write("\n".join(lines) + "\n", output)
