"""Sentence compression reads well and stays faithful (``newsbrief.summarize.compress``, level 3: what
the default summarizer uses).

Hand-checked cases of DUC 2006, the Multi-News sample and the bundled sample
(``tests/data/compress_cases.json``: must-contain / must-not-contain snippets), and checks over every
sentence of DUC 2006 that compression changes and the summarizer may pick: deletions only, nothing left dangling.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from conftest import EVAL, need

from newsbrief.summarize.compress import compress, is_clean
from newsbrief.summarize.concept import DEFAULT
from newsbrief.types import Sentence

CASES = json.loads((Path(__file__).parent / "data" / "compress_cases.json").read_text(encoding="utf-8"))
LEVEL = DEFAULT.compress


def _check(out: Sentence | None, case: dict) -> None:
    assert out is not None
    text = out.text
    for snippet in case.get("contains", []):
        assert snippet in text, (snippet, text)
    for snippet in case.get("absent", []):
        assert snippet not in text, (snippet, text)
    assert text.startswith(case.get("starts", "")), text
    assert text.endswith(case.get("ends", "")), text


def test_the_summarizer_compresses_by_default():
    assert LEVEL == 3


@cache
def _clusters(file: str) -> dict:
    from newsbrief.evaluate import read_clusters

    return {c.id: c for c in read_clusters(need(EVAL / file))}


@cache
def _sentences(file: str, cluster: str) -> tuple[Sentence, ...]:
    from newsbrief.evaluate.run import cluster_sentences

    return cluster_sentences(_clusters(file)[cluster])


@pytest.mark.parametrize("case", CASES["shared"], ids=lambda c: c["find"][:40])
def test_compressed_sentences_of_duc_and_multinews(case):
    found = [
        s
        for s in _sentences(case["file"], case["cluster"])
        if s.article_id == case["article"] and case["find"] in s.text
    ]
    assert len(found) == 1, case
    _check(compress(found[0], LEVEL), case)


@pytest.mark.parametrize("case", CASES["sample"] + CASES["made"], ids=lambda c: c["text"][:40])
def test_compressed_sentences_of_the_sample_and_made_up(case):
    text = case["text"]
    _check(compress(Sentence("a", 0, 0, len(text), text), LEVEL), case)


def test_sample_cases_are_sentences_of_the_bundled_sample():
    from importlib import resources

    folder = resources.files("newsbrief") / "data" / "sample"
    joined = " ".join(
        " ".join(p.read_text(encoding="utf-8").split()) for p in folder.iterdir() if p.name.endswith(".txt")
    )
    for case in CASES["sample"]:
        assert case["text"] in joined


_WORD = re.compile(r"[A-Za-z0-9$]+(?:['’.-][A-Za-z0-9]+)*")
# words a phrase cannot end on: left by cutting what followed them ("since's", "early.", "the,")
_DANGLING_END = re.compile(r"\b(?:of|at|by|from|with|the|a|an|since|until|early|late)\s*[.,;:!?]")
# a phrase that only looks like a connective ("So far", "Instead of", "In addition to") cut in two
_CUT_PHRASE = re.compile(r"\b(?:So|Instead|In addition|Besides)\s+(far|of|to|than|much|many|long)\b")


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(w == v for v in it) for w in short)


def _usable(s: Sentence) -> bool:
    """What the summarizer may pick (``concept.candidates``)."""
    return is_clean(s, DEFAULT.min_words, DEFAULT.max_words, DEFAULT.drop_quotes, DEFAULT.drop_dangling)


def test_every_duc2006_compression_only_deletes_and_leaves_nothing_dangling():
    from newsbrief.evaluate import read_clusters
    from newsbrief.text import all_sentences

    changed = 0
    for cluster in read_clusters(need(EVAL / "duc2006" / "clusters.jsonl")):
        for s in all_sentences(cluster.articles):
            out = compress(s, LEVEL)
            if out is None or out is s or not _usable(out):
                continue
            changed += 1
            src, new = s.text, out.text
            words = [w.lower() for w in _WORD.findall(src)]
            assert _subsequence([w.lower() for w in _WORD.findall(new)], words), (src, new)
            assert not re.search(r"\s[,.;:](?=\s|$)", new) or re.search(r"\s[,.;:](?=\s|$)", src), (src, new)
            assert not re.search(r",[.!?](?!\.)", new), (src, new)
            assert len(_DANGLING_END.findall(new)) <= len(_DANGLING_END.findall(src)), (src, new)
            assert not re.search(r"\s['’]s\b", new) or re.search(r"\s['’]s\b", src), (src, new)
            cut = _CUT_PHRASE.search(src)
            assert not (cut and new.startswith(cut.group(1).capitalize() + " ")), (src, new)
            assert new.count("(") == new.count(")"), (src, new)
    assert changed > 3000  # compression is at work
