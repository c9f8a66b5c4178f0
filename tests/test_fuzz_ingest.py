"""Property-based fuzzing of ingest and clean: random and malformed files beside good articles.

``newsbrief.pipeline.load`` must never raise, the good articles beside the bad files must
survive, and ids must stay unique; ``newsbrief.clean.clean`` must never raise on random
text or markup. Examples are few and small so the whole file runs in well under a minute
(``NEWSBRIEF_FUZZ_EXAMPLES=2000`` for a longer campaign).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbrief.clean import clean
from newsbrief.ingest import read
from newsbrief.options import Limits
from newsbrief.pipeline import load
from newsbrief.types import RawDocument

GOOD = {
    "0good1.txt": "Officials said on Monday that the bridge over the river would reopen next week after "
    "repairs. The repairs cost more than expected, the city said in a statement on its website.",
    "0good2.txt": "The council approved the budget on Tuesday after a long debate in the chamber. "
    "Critics said the plan cut too deeply into schools, libraries and public parks.",
}
# NEWSBRIEF_FUZZ_EXAMPLES=2000 runs a longer campaign
FUZZ = settings(max_examples=int(os.environ.get("NEWSBRIEF_FUZZ_EXAMPLES", "50")), deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

KEYS = ["id", "text", "body", "content", "title", "url", "source", "published", "date", "author",
        "documents", "articles", "headline", "outlet"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5),
                                                                 inner, max_size=5),
    max_leaves=20,
)
TAGS = ["<html>", "<body>", "</body>", "<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<!--",
        "-->", "<br>", "<h1>", "</h1>", "<a href='x'>", "</a>", "<meta charset='utf-8'>", "<![CDATA[", "]]>",
        "<?xml version='1.0'?>", "<!DOCTYPE html>", "<table><tr><td>", "&amp;", "&#0;", "&#xffffff;", "<",
        ">", "\x00", "\ufeff"]
markup = st.lists(st.sampled_from(TAGS) | st.text(max_size=30), max_size=40).map("".join)


@st.composite
def malformed(draw, data: bytes) -> bytes:
    """``data`` cut short, with bytes flipped, or with junk inserted (or left alone)."""
    how = draw(st.sampled_from(["keep", "cut", "flip", "insert"]))
    if not data or how == "keep":
        return data
    at = draw(st.integers(0, len(data) - 1))
    if how == "cut":
        return data[:at]
    if how == "flip":
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
    return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]


@st.composite
def bad_file(draw) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["bytes", "json", "jsonl", "array", "gzip", "html", "deep"]))
    if kind == "bytes":
        ext = draw(st.sampled_from([".txt", ".json", ".jsonl", ".html", ".gz", ".dat", ""]))
        return ext, draw(st.binary(max_size=300))
    if kind == "json":
        return ".json", draw(malformed(json.dumps(draw(json_values)).encode()))
    if kind == "array":
        items = draw(st.lists(json_values, max_size=5))
        return ".json", draw(malformed(json.dumps(items).encode()))
    if kind == "jsonl":
        lines = draw(st.lists(json_values.map(json.dumps) | st.text(max_size=30), max_size=6))
        return draw(st.sampled_from([".jsonl", ".ndjson"])), draw(malformed("\n".join(lines).encode()))
    if kind == "gzip":
        inner = draw(st.binary(max_size=200) | markup.map(str.encode) | json_values.map(lambda v: json.dumps(v).encode()))
        return draw(st.sampled_from([".txt.gz", ".json.gz", ".html.gz", ".gz"])), draw(malformed(gzip.compress(inner)))
    if kind == "html":
        return draw(st.sampled_from([".html", ".htm", ".dat"])), draw(markup).encode("utf-8", "surrogatepass")
    depth = draw(st.integers(900, 20_000))
    opener = draw(st.sampled_from(["[", '{"text": ', '{"a":', '[{"documents":']))
    return draw(st.sampled_from([".json", ".jsonl", ".dat"])), (opener * depth).encode()


def _folder(tmp: str, bad: list[tuple[str, bytes]]) -> Path:
    folder = Path(tmp)
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    for i, (ext, data) in enumerate(bad):
        (folder / f"x{i}{ext}").write_bytes(data)
    return folder


@FUZZ
@given(st.lists(bad_file(), min_size=1, max_size=4))
def test_load_never_raises_and_good_articles_survive(bad):
    with tempfile.TemporaryDirectory() as tmp:
        warnings: list[str] = []
        articles, _ = load([_folder(tmp, bad)], warn=warnings.append)
    ids = [a.id for a in articles]
    assert len(ids) == len(set(ids))
    assert set(GOOD) <= set(ids)
    assert all("\n" not in w for w in warnings)


@FUZZ
@given(st.lists(bad_file(), min_size=1, max_size=3), st.integers(1, 3), st.integers(100, 400))
def test_read_respects_limits_on_random_inputs(bad, max_articles, max_chars):
    limits = Limits(articles=max_articles, article_chars=max_chars, file_mb=1)
    with tempfile.TemporaryDirectory() as tmp:
        docs = list(read([_folder(tmp, bad)], lambda m: None, limits=limits))
    assert len(docs) <= max_articles
    assert all(len(d.content) <= max_chars for d in docs)
    assert len({d.id for d in docs}) == len(docs)
    assert [d.id for d in docs][:2] == sorted(GOOD)[: min(2, max_articles)]


@FUZZ
@given(bad_file())
def test_stdin_never_raises(bad):
    warnings: list[str] = []
    docs = list(read(["-"], warnings.append, stdin=io.BytesIO(bad[1])))
    assert docs or warnings
    assert all(d.origin.startswith("<stdin>") for d in docs)


@FUZZ
@given(st.lists(st.sampled_from(["a", "a#2", "a#3", "b", "a#2#2", 1, "1"]), min_size=1, max_size=12))
def test_ids_unique_whatever_the_collisions(ids):
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "ids.jsonl"
        p.write_text("\n".join(json.dumps({"id": i, "text": "Some text."}) for i in ids), encoding="utf-8")
        docs = list(read([p], lambda m: None))
    got = [d.id for d in docs]
    assert len(got) == len(ids) == len(set(got))
    assert got[0] == str(ids[0])


@FUZZ
@given(st.lists(st.text(max_size=200) | markup, min_size=1, max_size=3), st.sampled_from(["text", "html"]))
def test_clean_never_raises_on_random_text_and_markup(contents, kind):
    docs = [RawDocument(id=f"d{i}", content=c, kind=kind, origin=f"d{i}") for i, c in enumerate(contents)]
    for article in clean(docs):
        assert article.text.strip()
