"""``newsbrief story ID``: the brief of one stored story (``--since DATE``: what is new)."""

from __future__ import annotations

import argparse

from .common import add_options, add_since, add_store, error, open_store, options_from, write

HELP = "Brief one stored story; with --since DATE, only what the articles after DATE add."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("story_id", metavar="ID", help="a story id from `newsbrief stories`")
    add_since(parser, "update brief: what articles after DATE add")
    add_store(parser)
    add_options(parser)


def run(args: argparse.Namespace) -> int:
    from ..store.briefs import kept_document
    from . import import_stemmer

    options = options_from(args)
    if options is None:
        return 2
    since = args.since
    store = open_store(args)
    if store is None:
        return 1
    with store:
        if not store.has_story(args.story_id):
            error(f"{store.path}: no story {args.story_id!r} (see `newsbrief stories`)")
            return 1
        document = kept_document(store, args.story_id, options, since)
        if document is None:  # to be made: the text stage needs the stemmer (see main)
            import_stemmer()
            from ..pipeline import NothingToBrief
            from ..store.briefs import story_document

            try:
                document = story_document(store, args.story_id, options, since)
            except NothingToBrief as exc:
                error(f"story {args.story_id}: {exc}")
                return 1
    return write(document, args.output)
