"""``newsbrief clean``: write the cleaned articles as JSON lines."""

from __future__ import annotations

import argparse
import json
import logging

from .common import add_inputs, error, write

HELP = "Clean articles (strip page furniture, recover title, outlet, date) and write them as JSONL."

log = logging.getLogger("newsbrief")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_inputs(parser, required=True)
    parser.add_argument("--output", "-o", help="write to this file instead of stdout")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..clean import clean
    from ..ingest import read
    from ..render.json import article_data

    output = Path(args.output) if args.output else None
    # the output file is never read back as an input (``clean DIR -o DIR/out.jsonl`` run twice)
    docs = list(read(args.inputs, log.warning, exclude=[output] if output else ()))
    articles = clean(docs)
    if not articles:
        error("no usable article in " + ", ".join(args.inputs))
        return 1
    lines = [json.dumps(article_data(a), ensure_ascii=False) for a in articles]
    return write("\n".join(lines) + "\n", output)
