"""Summarizers behind one Protocol and a name registry.

A summarizer is any callable ``(sentences, budget, query, *, seen=()) -> selected sentences``
(see :class:`Summarizer`); ``seen`` holds the sentences the reader has already read ("what's new
since"): a summarizer leaves out what they reported, and with ``seen=()`` it summarizes as always. Names map to ``module:attribute`` paths that are
imported on first use, so optional peers (sumy) cost nothing until asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from types import MappingProxyType
from typing import Protocol

from ..types import Budget, Sentence

REGISTRY = MappingProxyType(
    {
        "newsbrief": "newsbrief.summarize.concept:summarize",
        "lead": "newsbrief.summarize.lead:summarize",
        "centroid": "newsbrief.summarize.centroid:summarize",
        "lexrank": "newsbrief.summarize.lexrank:summarize",
        "textrank": "newsbrief.summarize.textrank:summarize",
        "sumy-lexrank": "newsbrief.summarize.peers:lexrank",
        "sumy-textrank": "newsbrief.summarize.peers:textrank",
        "sumy-lsa": "newsbrief.summarize.peers:lsa",
        "sumy-luhn": "newsbrief.summarize.peers:luhn",
    }
)


class Summarizer(Protocol):
    def __call__(
        self,
        sentences: Sequence[Sentence],
        budget: Budget,
        query: str | None = None,
        *,
        seen: Sequence[Sentence] = (),
    ) -> tuple[Sentence, ...]:
        """Pick sentences of ``sentences`` (all articles of one event, in article order)
        within ``budget`` and return them in reading order.

        ``seen``: sentences the reader has already read (earlier articles of the story); the
        summary then tells only what they did not (no sentence that largely repeats one of
        them). An empty ``seen`` leaves the summary exactly as without it."""
        ...


def available() -> tuple[str, ...]:
    return tuple(REGISTRY)


def get(name: str) -> Summarizer:
    try:
        target = REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown summarizer {name!r}; choose one of {', '.join(REGISTRY)}") from None
    module, attr = target.split(":")
    return getattr(importlib.import_module(module), attr)
