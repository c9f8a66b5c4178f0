"""The explanatory layer of a brief: timeline, agreement between outlets, conflicts, quotes, entities.

:func:`explain` is deterministic and does not depend on the order of its input.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ..timeline import build_timeline, infer_published
from ..types import Article, Story
from .common import canonical
from .conflicts import find_conflicts
from .entities import find_entities
from .facts import consensus_and_unique
from .quotes import find_quotes
from .slots import entity_conflicts

log = logging.getLogger(__name__)

__all__ = [
    "consensus_and_unique",
    "entity_conflicts",
    "explain",
    "find_conflicts",
    "find_entities",
    "find_quotes",
]


def explain(articles: Sequence[Article], *, ner: str | None = None) -> Story:
    """The :class:`Story` of ``articles`` (one story told by several outlets).

    Undated articles first get a publication date from a dateline or from the
    other articles (see :func:`newsbrief.timeline.infer_published`). ``ner``
    picks the entity recogniser: "builtin" (default) or "spacy" (needs
    ``pip install 'newsbrief[ner]'``); None reads ``NEWSBRIEF_NER``.
    """
    if not articles:
        return Story()
    ordered = canonical(articles)
    dated = canonical(infer_published(ordered))
    consensus, unique = consensus_and_unique(dated)
    entities = find_entities(dated, backend=ner)
    story = Story(
        timeline=build_timeline(ordered),  # infers dates itself, knowing which are approximate
        consensus=consensus,
        unique=unique,
        conflicts=find_conflicts(dated) + entity_conflicts(dated, entities),
        quotes=find_quotes(dated),
        entities=entities,
    )
    log.debug(
        "story: %d timeline entries, %d consensus, %d unique, %d conflicts, %d quotes, %d entities",
        len(story.timeline), len(story.consensus), len(story.unique), len(story.conflicts),
        len(story.quotes), len(story.entities),
    )  # fmt: skip
    return story
