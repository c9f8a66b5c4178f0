"""HTML article-body extraction benchmark: newsbrief.clean vs trafilatura defaults.

Reads ``../shared/eval/article-extraction`` (129 gzipped pages + ground-truth.json) and
prints mean precision, mean recall and F1 of 4-word shingles of the extracted body
against the hand-made body (the measure of the public Scrapinghub benchmark), plus
pages per second, for each system.

    .venv/bin/python bench/extraction.py            # ours and trafilatura default
    .venv/bin/python bench/extraction.py --variants # also a grid of trafilatura settings
    .venv/bin/python bench/extraction.py --worst 10 # the pages where ours loses most
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import trafilatura

from newsbrief.clean import HTML_RULES, CleanContext, Settings, clean_one
from newsbrief.clean.score import Match, Scores, aggregate, match
from newsbrief.types import RawDocument

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "article-extraction"

Extractor = Callable[["Page"], str]


@dataclass(frozen=True)
class Page:
    id: str
    url: str | None
    html: bytes
    gold: str

    @property
    def text(self) -> str:
        """The page decoded as the ingest stage does (UTF-8, else cp1252)."""
        try:
            return self.html.decode("utf-8")
        except UnicodeDecodeError:
            return self.html.decode("cp1252", errors="replace")


def load_pages(root: Path = DATA) -> list[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for pid in sorted(truth):
        html = gzip.decompress((root / "html" / f"{pid}.html.gz").read_bytes())
        pages.append(Page(pid, truth[pid].get("url"), html, truth[pid].get("articleBody") or ""))
    return pages


def newsbrief_extractor(context: CleanContext | None = None) -> Extractor:
    ctx = context or CleanContext()

    def run(page: Page) -> str:
        doc = RawDocument(id=page.id, content=page.text, kind="html", origin=page.id, url=page.url)
        article = clean_one(doc, ctx)
        return article.text if article else ""

    return run


def trafilatura_default(page: Page) -> str:
    return trafilatura.extract(page.html, url=page.url) or ""


@dataclass(frozen=True)
class Result:
    name: str
    scores: Scores
    matches: tuple[Match, ...]
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return self.scores.pages / self.seconds if self.seconds else 0.0


def evaluate(name: str, extractor: Extractor, pages: list[Page]) -> Result:
    start = time.perf_counter()
    outputs = [extractor(p) for p in pages]
    seconds = time.perf_counter() - start
    matches = tuple(match(p.gold, out) for p, out in zip(pages, outputs, strict=True))
    return Result(name, aggregate(matches), matches, seconds)


def _variants() -> Iterator[tuple[str, CleanContext]]:
    base = CleanContext()
    for label, settings in [
        ("balanced", Settings(favor_precision=False)),
        ("precision-only", Settings(rescue_ratio=0)),
        ("recall", Settings(favor_precision=False, favor_recall=True)),
        ("no-tables", Settings(include_tables=False)),
        ("comments", Settings(include_comments=True)),
        ("no-fallback", Settings(no_fallback=True)),
    ]:
        yield f"newsbrief/{label}", replace(base, settings=settings)
    yield (
        "newsbrief/no-text-rules",
        replace(base, html_rules=replace(HTML_RULES, captions=False, prompts=False, duplicates="off")),
    )
    yield "newsbrief/-datelines", replace(base, html_rules=replace(HTML_RULES, datelines=False))
    for rule in ("zones", "related", "batch", "symbols", "links"):
        yield f"newsbrief/+{rule}", replace(base, html_rules=replace(HTML_RULES, **{rule: True}))
    for rule in ("captions", "prompts"):
        yield f"newsbrief/-{rule}", replace(base, html_rules=replace(HTML_RULES, **{rule: False}))
    for mode in ("all", "prose", "off"):
        yield f"newsbrief/duplicates={mode}", replace(base, html_rules=replace(HTML_RULES, duplicates=mode))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--variants", action="store_true", help="also try other settings and rules")
    parser.add_argument("--worst", type=int, default=0, help="list pages where ours trails trafilatura")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    pages = load_pages(args.data)
    systems: list[tuple[str, Extractor]] = [
        ("newsbrief", newsbrief_extractor()),
        ("trafilatura-default", trafilatura_default),
    ]
    if args.variants:
        systems += [(name, newsbrief_extractor(ctx)) for name, ctx in _variants()]
    print(f"{len(pages)} pages from {args.data}")
    print(f"{'system':<28} {'precision':>9} {'recall':>7} {'F1':>6} {'pages/s':>8}")
    results = []
    for name, extractor in systems:
        r = evaluate(name, extractor, pages)
        results.append(r)
        s = r.scores
        print(f"{name:<28} {s.precision:9.4f} {s.recall:7.4f} {s.f1:6.4f} {r.pages_per_second:8.1f}")
    if args.worst:
        ours, ref = results[0], results[1]
        diffs = sorted(
            zip(pages, ours.matches, ref.matches, strict=True),
            key=lambda t: (t[1].tp - t[2].tp) - (t[1].fp - t[2].fp),
        )
        for page, a, b in diffs[: args.worst]:
            print(
                f"{page.id[:12]} ours P={a.precision:.3f} R={a.recall:.3f}  "
                f"traf P={b.precision:.3f} R={b.recall:.3f}  {page.url}"
            )


if __name__ == "__main__":
    main()
