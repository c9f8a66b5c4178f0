"""The explanatory layer of a brief: timeline, agreement between outlets, conflicts, quotes, entities.

:func:`explain` is deterministic and does not depend on the order of its input.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ..clean.posts import without_posts
from ..summarize.cite import CITE_THRESHOLD, Support
from ..timeline import build_timeline
from ..types import ArticleText, Story
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


def explain(
    texts: Sequence[ArticleText], *, ner: str | None = None, cite_threshold: float = CITE_THRESHOLD
) -> Story:
    """The :class:`Story` of ``texts`` (one story told by several outlets).

    Embedded social posts appear among the quotes (with their author and date) and nowhere else.
    Facts and timeline entries cite by the summary's support rule (:class:`Support` at
    ``cite_threshold``, the summary's ``Options.cite_threshold``), so a sentence cites the same
    outlets in every part of the brief.

    The TEXT records come from the pipeline's prepare step: undated articles already carry a
    date inferred from a dateline or the other articles, and whether it is confident (see
    :func:`newsbrief.timeline.infer_published`). ``ner`` picks the entity recogniser:
    "builtin" (default) or "spacy" (needs ``pip install 'newsbrief[ner]'``); None reads
    ``NEWSBRIEF_NER``.
    """
    if not texts:
        return Story()
    ordered = canonical(texts)
    prose = without_posts(ordered)  # embedded posts are quotes only: never events, facts or claims
    # one support rule over every sentence, as the summary's citations (summarize.cite)
    support = Support.of_texts(ordered, cite_threshold)
    consensus, unique = consensus_and_unique(prose, support)
    entities = find_entities(ordered, backend=ner)
    story = Story(
        timeline=build_timeline(prose, support=support),
        consensus=consensus,
        unique=unique,
        conflicts=find_conflicts(prose) + entity_conflicts(prose, entities),
        quotes=find_quotes(ordered),
        entities=entities,
    )
    log.debug(
        "story: %d timeline entries, %d consensus, %d unique, %d conflicts, %d quotes, %d entities",
        len(story.timeline), len(story.consensus), len(story.unique), len(story.conflicts),
        len(story.quotes), len(story.entities),
    )  # fmt: skip
    return story
