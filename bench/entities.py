"""Entity recognition on a hand-checked sample: precision per label, coverage, aliases left split.

The sample is ``tests/data/entities_gold.json``: every named entity of the five cleaned sample
articles (``../shared/corpus/seeds``, recognised together as one story) and of 18 opening
snippets of Multi-News and DUC 2006 articles picked blind (each recognised on its own),
labelled by hand. A predicted entity is right when the sample has it (by name or a listed
alias; case and dots aside) with that label; "named" counts it right whatever its label.

    .venv/bin/python bench/entities.py                   # every backend installed
    .venv/bin/python bench/entities.py --backend builtin --wrong   # and list the wrong ones
"""

from __future__ import annotations

import argparse
import json
import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsbrief.clean import clean
from newsbrief.compare.entities import find_entities, spacy_installed
from newsbrief.ingest import read
from newsbrief.pipeline import prepare
from newsbrief.types import Article, ArticleText, Entity

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "data" / "entities_gold.json"
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
LABELS = ("PERSON", "ORG", "PLACE", "OTHER")


def _key(name: str) -> str:
    return name.replace(".", "").lower()


@dataclass(frozen=True)
class Gold:
    """The hand labels of one unit: entity -> its labels, written form -> entity."""

    labels: dict[str, frozenset[str]]
    aliases: dict[str, str]

    def find(self, name: str) -> str | None:
        k = _key(name)
        return self.aliases.get(k) or (k if k in self.labels else None)


def _gold(entities: dict[str, str | list[str]], aliases: dict[str, str]) -> Gold:
    labels = {_key(n): frozenset([lab] if isinstance(lab, str) else lab) for n, lab in entities.items()}
    return Gold(labels, {_key(a): _key(n) for a, n in aliases.items()})


def _texts(articles: Sequence[Article]) -> tuple[ArticleText, ...]:
    return prepare(list(articles), events="never").texts


def units(gold_path: Path = GOLD, seeds: Path = SEEDS) -> list[tuple[str, tuple[ArticleText, ...], Gold]]:
    """(name, texts recognised together, gold) for the seeds (when present) and each snippet."""
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    out = []
    if seeds.is_dir():
        articles = clean(list(read(sorted(seeds.glob("*.txt")))))
        out.append(("seeds", _texts(articles), _gold(data["seeds"]["entities"], data["seeds"]["aliases"])))
    for snippet in data["snippets"]:
        article = Article(snippet["id"], snippet["text"])
        out.append((snippet["id"], _texts([article]), _gold(snippet["entities"], snippet.get("aliases", {}))))
    return out


@dataclass
class Tally:
    predicted: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    named: int = 0  # predictions naming a real entity, whatever their label
    gold: int = 0
    found: int = 0  # gold entities predicted with a right label
    split: int = 0  # gold entities predicted under two names or more
    wrong: list[tuple[str, str, str]] = field(default_factory=list)  # unit, name, label

    def precision(self, label: str | None = None) -> float:
        if label is None:
            labelled = [lab for lab in LABELS if lab != "OTHER"]
            p = sum(self.predicted[lab] for lab in labelled)
            return sum(self.right[lab] for lab in labelled) / p if p else 0.0
        return self.right[label] / self.predicted[label] if self.predicted[label] else 0.0


def score(unit: str, entities: Sequence[Entity], gold: Gold, tally: Tally) -> None:
    names: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        tally.predicted[e.label] += 1
        g = gold.find(e.name)
        if g is not None:
            tally.named += 1
            names[g].add(e.name)
        if g is not None and e.label in gold.labels[g]:
            tally.right[e.label] += 1
        else:
            tally.wrong.append((unit, e.name, e.label))
    tally.gold += len(gold.labels)
    right_found = {gold.find(e.name) for e in entities if gold.find(e.name) and e.label in gold.labels[gold.find(e.name) or ""]}
    tally.found += len(right_found)
    tally.split += sum(1 for v in names.values() if len(v) > 1)


def run(backend: str, gold_path: Path = GOLD, seeds: Path = SEEDS) -> Tally:
    tally = Tally()
    for unit, texts, gold in units(gold_path, seeds):
        score(unit, find_entities(texts, backend=backend), gold, tally)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("builtin", "spacy"), action="append")
    parser.add_argument("--wrong", action="store_true", help="list every wrong prediction")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    backends = args.backend or ["builtin"] + (["spacy"] if spacy_installed() else [])
    print(f"{'backend':<8} {'label':<7} {'predicted':>9} {'right':>6} {'precision':>9}")
    for backend in backends:
        t = run(backend)
        for label in LABELS:
            print(f"{backend:<8} {label:<7} {t.predicted[label]:9d} {t.right[label]:6d} {t.precision(label):9.3f}")
        labelled = sum(t.predicted[lab] for lab in LABELS if lab != "OTHER")
        print(f"{backend:<8} {'labelled':<7} {labelled:9d} {'':>6} {t.precision():9.3f}  (PERSON+ORG+PLACE)")
        total = sum(t.predicted.values())
        print(
            f"{backend:<8} named {t.named}/{total} real entities ({t.named / max(total, 1):.3f}); "
            f"gold found with the right label {t.found}/{t.gold} ({t.found / max(t.gold, 1):.3f}); "
            f"aliases left split {t.split}"
        )
        if args.wrong:
            for unit, name, label in t.wrong:
                print(f"    wrong  {unit:<18} {label:<7} {name}")
    if "spacy" not in backends:
        print("(spaCy not installed: pip install 'newsbrief[ner]' to compare it)")


if __name__ == "__main__":
    main()
