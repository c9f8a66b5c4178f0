"""``newsbrief spark``: the brief pipeline on Apache Spark, to Parquet tables."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .common import add_limits, error, limits_from

HELP = "Brief a large archive on Apache Spark: articles, events, stories and briefs as Parquet tables."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..options import Limits

    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="files (.txt, .html, .html.gz, .jsonl, .json, .warc[.gz]) or folders, on a file "
                        "system every executor can read")
    parser.add_argument("--output", "-o", type=Path, required=True, metavar="DIR",
                        help="folder of the tables: DIR/articles, DIR/events, DIR/stories, DIR/briefs (Parquet)")
    parser.add_argument("--master", default="local[*]", help="Spark master URL (default local[*]; spark-submit's "
                        "own --master wins when run under spark-submit)")
    parser.add_argument("--jsonl", action="store_true", help="also write each table as JSON lines (DIR/jsonl/)")
    parser.add_argument("--window-days", type=int, default=365, help="days of articles one clustering task "
                        "covers (default 365)")
    parser.add_argument("--overlap-days", type=int, default=120, help="days before each window also clustered, "
                        "so events crossing a boundary are merged (default 120)")
    parser.add_argument("--partitions", type=int, help="tasks per stage (default 4 per core)")
    g = parser.add_argument_group("summary (as newsbrief brief)")
    g.add_argument("--words", type=int, default=100, help="word budget of each brief (default 100)")
    g.add_argument("--sentences", type=int, help="sentence budget instead of a word budget")
    g.add_argument("--summarizer", default="newsbrief", help="algorithm (default newsbrief)")
    g.add_argument("--query", help="focus the briefs on this topic")
    g.add_argument("--no-story", dest="story", action="store_false", help="skip timeline/comparison")
    g.add_argument("--max-event-briefs", dest="event_briefs", type=int, default=Limits().event_briefs,
                   help="per story, brief at most this many events one by one, largest first (default 100)")
    add_limits(parser)


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from ..options import Options, OptionsError
    from ..spark import SparkUnavailable, require_pyspark

    limits = limits_from(args)
    if limits is None:
        return 2
    try:
        options = replace(Options.from_namespace(args), limits=limits, events="always")
        from ..spark.job import SparkSettings

        settings = SparkSettings(args.window_days, args.overlap_days, args.partitions, args.jsonl)
    except (OptionsError, ValueError) as exc:
        error(str(exc))
        return 2
    try:
        require_pyspark()
    except SparkUnavailable as exc:
        error(str(exc))
        return 1
    from ..pipeline import NothingToBrief
    from ..spark import active, session
    from ..spark.job import run as run_job
    from ..spark.read import list_units

    problems: list[str] = []
    if not list_units(args.inputs, problems.append, args.output):  # nothing to read: no Spark started
        for line in problems:
            error(line)
        return 1
    try:
        running = active()
        spark = running or session(args.master, args.partitions)
    except SparkUnavailable as exc:
        error(str(exc))
        return 1
    try:
        result = run_job(spark, args.inputs, args.output, options, settings)
    except NothingToBrief as exc:
        error(str(exc))
        return 1
    finally:
        if running is None:  # a session given by spark-submit or a notebook is left running
            spark.stop()
    print(json.dumps({"output": str(args.output), "articles": result.articles, "copies": result.copies,
                      "events": result.events, "stories": result.stories, "windows": result.windows,
                      "warnings": len(result.warnings), "seconds": result.seconds}))
    return 0
