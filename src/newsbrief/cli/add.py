"""``newsbrief add``: store articles, group them with the stored ones into events and stories."""

from __future__ import annotations

import argparse
import json
import sys

from .common import add_inputs, add_limits, add_store, error, limits_from, open_store

HELP = "Add articles to the store (idempotent); new ones join events and stories with stable ids."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_inputs(parser)
    parser.add_argument("--feeds", action="store_true",
                        help="also poll every remembered feed (a feed url added once is remembered); "
                             "only entries not stored before are fetched")
    add_store(parser)
    add_limits(parser)
    parser.add_argument("--json", action="store_true", help="print what was done as one JSON object")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes cleaning articles and computing features (default 1)")


def run(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from ..options import ClusterOptions, OptionsError
    from ..store import StoreError
    from ..store import feeds as remembered

    if not args.inputs and not args.feeds:
        error("give INPUTs to add, or --feeds to poll the remembered feeds")
        return 2
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
            if args.feeds:
                if not args.inputs and not remembered.feeds(store):
                    print("newsbrief: no feeds remembered yet (newsbrief add FEED_URL remembers one)", file=sys.stderr)
                    return 0
                report, polls = remembered.poll(store, args.inputs, limits=limits, workers=workers)
            else:
                report, polls = remembered.add(store, args.inputs, limits=limits, workers=workers)
        except StoreError as exc:
            error(str(exc))
            return 1
        total = store.count()
    if args.json:
        print(json.dumps({**asdict(report), "stored": total, "store": str(store.path),
                          "feeds": [asdict(p) for p in polls]}))
    else:
        if polls:
            unchanged = sum(not p.changed for p in polls)
            print(f"newsbrief: {len(polls)} feeds read ({unchanged} unchanged), "
                  f"{sum(p.new for p in polls)} new entries", file=sys.stderr)
        print(
            f"newsbrief: {report.added} added, {report.duplicates} already stored, "
            f"{report.events} events and {report.stories} stories updated; {total} articles in {store.path}",
            file=sys.stderr,
        )
    if report.read and not report.added and not report.duplicates:
        error("no usable article in " + ", ".join(args.inputs or [p.url for p in polls]))
        return 1
    return 0
