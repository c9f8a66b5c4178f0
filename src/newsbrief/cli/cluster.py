"""``newsbrief cluster``: group articles into events and stories, fold near-duplicates."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..types import Event
from .common import add_inputs, add_limits, error, limits_from, write

HELP = "Group articles into events (and events into stories), folding near-duplicate copies."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_inputs(parser, required=True)
    parser.add_argument("--format", "-f", default="text", choices=("text", "json"), help="output format")
    parser.add_argument("--output", "-o", type=Path, help="write to this file instead of stdout")
    parser.add_argument(
        "--workers", type=int, default=1, help="processes computing article features (default 1)"
    )
    add_limits(parser)


def render_json(found: Sequence[Event]) -> str:
    from ..render.json import event_data

    return json.dumps({"events": [event_data(e) for e in found]}, ensure_ascii=False, indent=2) + "\n"


def render_text(found: Sequence[Event]) -> str:
    rows = [("event", "story", "articles", "copies", "start", "end", "title")]
    for e in found:
        copies = sum(len(c) for _, c in e.duplicates)
        rows.append((e.id, e.story or "", str(len(e.articles)), str(copies),
                     e.start.isoformat() if e.start else "-", e.end.isoformat() if e.end else "-",
                     e.title if len(e.title) <= 70 else e.title[:67] + "..."))
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r[:6], widths, strict=True)) + "  " + r[6] for r in rows]
    stories = len({e.story for e in found})
    total = sum(len(e.articles) + sum(len(c) for _, c in e.duplicates) for e in found)
    lines.append(f"{len(found)} events in {stories} stories from {total} articles")
    return "\n".join(line.rstrip() for line in lines) + "\n"


@contextmanager
def progress_bar(total: int, quiet: bool) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr for long runs; None when quiet or stderr is not a terminal."""
    if quiet or total < 200 or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("clustering", total=total)
        yield lambda n: bar.advance(task, n)


def run(args: argparse.Namespace) -> int:
    from ..options import ClusterOptions, OptionsError
    from ..pipeline import load, prepare

    try:
        settings = ClusterOptions(workers=args.workers)
    except OptionsError as exc:
        error(str(exc))
        return 2
    limits = limits_from(args)
    if limits is None:
        return 2
    articles, _ = load(args.inputs, limits=limits, exclude=[args.output] if args.output else ())
    if not articles:
        error("no usable article in " + ", ".join(args.inputs))
        return 1
    with progress_bar(len(articles), bool(getattr(args, "quiet", False))) as advance:
        # the same prepare step as ``brief`` (order, dates inferred, events)
        found = prepare(articles, "always", settings, advance).events
    text = render_json(found) if args.format == "json" else render_text(found)
    return write(text, args.output)
