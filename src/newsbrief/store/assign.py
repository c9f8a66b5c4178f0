"""Stable ids: events and stories found again keep the ids they had.

Each run of the clusterer numbers its events ``e1, e2, ...`` afresh. :func:`relabel` maps
every event found to the stored event sharing most of its articles (one to one, largest
overlaps first; ties by the stored id), and likewise every story; what matches nothing gets
the next unused number (``counters`` persist in the store, so an id is never reused).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..types import Event


@dataclass(frozen=True)
class Relabelled:
    events: tuple[Event, ...]
    counters: dict[str, int]
    changed_events: frozenset[str]  # stable ids whose articles changed (or are new)
    changed_stories: frozenset[str]


def members(ev: Event) -> frozenset[str]:
    return frozenset(ev.articles) | frozenset(c for _, copies in ev.duplicates for c in copies)


def _match(groups: Sequence[frozenset[str]], old: Mapping[str, str | None]) -> dict[int, str]:
    """group index -> stored id, one to one, by the most shared articles."""
    pairs = []
    for g, group in enumerate(groups):
        for label, n in Counter(old[a] for a in group if old.get(a)).items():
            pairs.append((-n, g, label))
    taken: dict[int, str] = {}
    used: set[str] = set()
    for _, g, label in sorted(pairs, key=lambda p: (p[0], p[2], p[1])):
        if g not in taken and label not in used:
            taken[g] = label  # type: ignore[assignment]
            used.add(label)  # type: ignore[arg-type]
    return taken


def relabel(
    found: Sequence[Event], old: Mapping[str, tuple[str | None, str | None]], counters: Mapping[str, int]
) -> Relabelled:
    """``found`` with stable event and story ids; ``old`` maps article id -> (event, story)."""
    counters = dict(counters)

    def fresh(kind: str, prefix: str) -> str:
        counters[kind] = counters.get(kind, 0) + 1
        return f"{prefix}{counters[kind]}"

    old_event = {a: e for a, (e, _) in old.items()}
    old_story = {a: s for a, (_, s) in old.items()}
    event_sets = [members(ev) for ev in found]
    event_ids = _match(event_sets, old_event)
    # stories: the articles of all their events
    by_story: dict[str, list[int]] = {}  # story key -> its events (one pass, not one a story)
    for g, ev in enumerate(found):
        by_story.setdefault(ev.story or ev.id, []).append(g)
    story_keys = sorted(by_story)
    story_sets = [frozenset().union(*(event_sets[g] for g in by_story[key])) for key in story_keys]
    story_ids = _match(story_sets, old_story)
    new_story = {key: story_ids.get(k) or "" for k, key in enumerate(story_keys)}

    def oldest(ev: Event) -> tuple:
        return (ev.start is None, ev.start or dt.date.min, min(members(ev)))

    first_event = {key: min((found[g] for g in by_story[key]), key=oldest) for key in story_keys}
    for key in sorted(story_keys, key=lambda k: oldest(first_event[k])):  # fresh ids oldest first
        if not new_story[key]:
            new_story[key] = fresh("story", "s")
    eids = dict(event_ids)
    for g in sorted(range(len(found)), key=lambda g: oldest(found[g])):
        if g not in eids:
            eids[g] = fresh("event", "e")
    events = [replace(ev, id=eids[g], story=new_story[ev.story or ev.id]) for g, ev in enumerate(found)]
    before_events: dict[str, set[str]] = {}
    before_stories: dict[str, set[str]] = {}
    for a, (e, s) in old.items():
        if e:
            before_events.setdefault(e, set()).add(a)
        if s:
            before_stories.setdefault(s, set()).add(a)
    changed_e = frozenset(
        ev.id for ev, group in zip(events, event_sets, strict=True) if before_events.get(ev.id) != group
    )
    after_stories: dict[str, set[str]] = {}
    for ev, group in zip(events, event_sets, strict=True):
        after_stories.setdefault(ev.story or ev.id, set()).update(group)
    changed_s = frozenset(sid for sid, arts in after_stories.items() if before_stories.get(sid) != arts)
    return Relabelled(tuple(events), counters, changed_e, changed_s)
