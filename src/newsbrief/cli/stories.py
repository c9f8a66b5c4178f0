"""``newsbrief stories``: the stored stories, most covered first."""

from __future__ import annotations

import argparse
import json

from .common import add_since, add_store, error, open_store, write

HELP = "List the stored stories (id, title, articles, outlets, first/last date, last update)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_store(parser)
    add_since(parser, "only stories with an article published since DATE")
    parser.add_argument("--format", "-f", default="text", choices=("text", "json"), help="output format")


def run(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    since = args.since
    store = open_store(args)
    if store is None:
        return 1
    with store:
        rows = store.stories(since)
    if args.format == "json":
        return write(json.dumps({"stories": [asdict(r) for r in rows]}, ensure_ascii=False, indent=2) + "\n", None)
    if not rows:
        error("no story in the store" + (f" with an article since {since}" if since else ""))
        return 0
    lines = [f"{'story':<8} {'articles':>8} {'outlets':>7}  {'first':<10}  {'last':<10}  title"]
    for r in rows:
        title = r.title if len(r.title) <= 70 else r.title[:67] + "..."
        lines.append(f"{r.id:<8} {r.articles:>8} {r.outlets:>7}  {r.first or '-':<10}  {r.last or '-':<10}  {title}")
    return write("\n".join(lines) + "\n", None)
