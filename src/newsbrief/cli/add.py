"""``newsbrief add``: store articles, group them with the stored ones into events and stories."""

from __future__ import annotations

import argparse
import json
import sys

from .common import add_inputs, add_limits, add_store, error, limits_from, open_store

HELP = "Add articles to the store (idempotent); new ones join events and stories with stable ids."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_inputs(parser, required=True)
    add_store(parser)
    add_limits(parser)
    parser.add_argument("--json", action="store_true", help="print what was done as one JSON object")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes cleaning articles and computing features (default 1)")


def run(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from ..options import ClusterOptions, OptionsError
    from ..store import StoreError

    limits = limits_from(args)
    if limits is None:
        return 2
    try:
        workers = ClusterOptions(workers=args.workers).workers
    except OptionsError as exc:
        error(str(exc))
        return 2
    store = open_store(args)
    if store is None:
        return 1
    with store:
        try:
            report = store.add(args.inputs, limits=limits, workers=workers)
        except StoreError as exc:
            error(str(exc))
            return 1
        total = store.count()
    if args.json:
        print(json.dumps({**asdict(report), "stored": total, "store": str(store.path)}))
    else:
        print(
            f"newsbrief: {report.added} added, {report.duplicates} already stored, "
            f"{report.events} events and {report.stories} stories updated; {total} articles in {store.path}",
            file=sys.stderr,
        )
    if report.read and not report.added and not report.duplicates:
        error("no usable article in " + ", ".join(args.inputs))
        return 1
    return 0
