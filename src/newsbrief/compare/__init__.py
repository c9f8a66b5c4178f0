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

log = logging.getLogger(__name__)

__all__ = ["explain"]


def explain(articles: Sequence[Article]) -> Story:
    """The :class:`Story` of ``articles`` (one story told by several outlets).

    Undated articles get a publication date from a dateline or from the other
    articles first (see :func:`newsbrief.timeline.infer_published`).
    """
    dated = canonical(infer_published(canonical(articles)))
    return Story(
        timeline=build_timeline(dated),
        conflicts=find_conflicts(dated),
    )
