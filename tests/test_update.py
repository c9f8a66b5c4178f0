"""'What's new since': summarizers given the sentences a reader has already seen (DUC 2007 update)."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from conftest import EVAL, need

from newsbrief.cli import main
from newsbrief.evaluate import evaluate, parse_cluster, read_clusters
from newsbrief.summarize import available, get
from newsbrief.summarize._select import seen_overlap, unseen
from newsbrief.text import all_sentences, word_count
from newsbrief.types import Article, Budget, Sentence

# measured at commit time (no query, 100 words): B+C ROUGE-2 recall 0.1121 with the earlier sets as
# read, 0.1059 without them. It was 0.1186 / 0.1117 before compression stopped cutting weekdays out of
# phrases ("company, Thursday or Friday." became "company, or."; tests/test_compress.py): two of the
# 20 sets then pick other sentences (-0.06 and -0.05 each), the other 18 move by -0.01 to +0.01
FLOOR_BC = 0.109

OLD = (
    "The city council approved the new harbor bridge plan on Monday after a long debate. "
    "Mayor Ellen Ward said the harbor bridge would open the east docks to freight traffic."
)
NEW = [
    "The city council approved the new harbor bridge plan on Monday after a long debate. "
    "Construction of the harbor bridge will begin in March, the transport office said on Friday. "
    "Three firms have bid for the harbor bridge contract worth 40 million dollars.",
    "The city council approved the new harbor bridge plan on Monday after a long debate in the hall. "
    "Construction of the harbor bridge will begin in March and last two years, officials said. "
    "The harbor bridge contract went to Norland Steel, the lowest of three bidders.",
    "Mayor Ellen Ward said the harbor bridge would open the east docks to freight traffic next year. "
    "Norland Steel won the harbor bridge contract worth 40 million dollars, the transport office said. "
    "Work on the harbor bridge will begin in March.",
]


@pytest.fixture(scope="module")
def story() -> tuple[tuple[Sentence, ...], tuple[Sentence, ...]]:
    """(new sentences, seen sentences) of a small hand-made story."""
    new = all_sentences(Article(id=f"new-{i}", text=t) for i, t in enumerate(NEW))
    seen = all_sentences([Article(id="old-0", text=OLD)])
    return new, seen


@pytest.fixture(scope="module")
def sample() -> tuple[Sentence, ...]:
    folder = resources.files("newsbrief") / "data" / "sample"
    texts = sorted(
        (p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".txt")
    )
    return all_sentences(Article(id=name, text=text) for name, text in texts)


def _repeats(out: tuple[Sentence, ...], seen: tuple[Sentence, ...]) -> bool:
    return bool(len(out)) and float(seen_overlap([s.text for s in out], seen).max()) > 0.7


def test_seen_overlap_and_unseen(story):
    new, seen = story
    overlap = seen_overlap([s.text for s in new], seen)
    assert overlap[0] == pytest.approx(1.0)  # the council sentence, word for word
    assert overlap[1] < 0.5  # construction begins in March: nothing of it was read
    assert list(seen_overlap(["a b c"], ())) == [0.0]
    assert seen_overlap([], seen).shape == (0,)
    kept = unseen(list(new), seen)
    assert new[0] not in kept and new[1] in kept
    assert unseen(list(new), ()) == list(new)


def test_newsbrief_does_not_repeat_what_was_read(story):
    new, seen = story
    summarize = get("newsbrief")
    budget = Budget(words=40)
    plain = summarize(new, budget)
    assert _repeats(plain, seen), "the case must be one where the old sentence would be picked"
    update = summarize(new, budget, seen=seen)
    assert update and not _repeats(update, seen)
    text = " ".join(s.text for s in update)
    assert "March" in text or "Norland" in text  # what the earlier article did not say
    assert sum(word_count(s.text) for s in update) <= 40


@pytest.mark.parametrize("name", available())
def test_every_summarizer_accepts_seen(name, story, sample):
    summarize = get(name)
    new, seen = story
    budget = Budget(words=60)
    # seen=() is exactly the summary without the argument
    assert summarize(sample, budget, None, seen=()) == summarize(sample, budget, None)
    assert summarize(new, budget, seen=()) == summarize(new, budget)
    out = summarize(new, budget, seen=seen)
    assert isinstance(out, tuple) and sum(word_count(s.text) for s in out) <= 60
    assert not _repeats(out, seen)
    # everything already read: nothing new to tell
    assert summarize(new, budget, seen=new) == ()
    with pytest.raises(TypeError):
        summarize(new, budget, None, seen)  # keyword-only


def test_parse_update_fields():
    doc = {"id": "d", "text": "Some text here."}
    c = parse_cluster(
        {"id": "T-B", "set": "B", "earlier": ["T-A"], "documents": [doc], "references": ["r"]}, "x"
    )
    assert c.set == "B" and c.earlier == ("T-A",)
    plain = parse_cluster({"documents": [doc], "summary": "r"}, "x")
    assert plain.set is None and plain.earlier == ()
    for bad in ("T-A", [1], ["T-B"]):
        with pytest.raises(ValueError, match="earlier"):
            parse_cluster({"id": "T-B", "earlier": bad, "documents": [doc], "references": ["r"]}, "x")


def _update_file(tmp_path):
    lines = [
        {"id": "S-A", "set": "A", "earlier": [], "documents": [OLD, OLD.replace("Monday", "Sunday")]},
        {"id": "S-B", "set": "B", "earlier": ["S-A"], "documents": NEW[:2]},
        {"id": "S-C", "set": "C", "earlier": ["S-A", "S-B"], "documents": NEW[1:]},
        {"id": "S-D", "set": "D", "earlier": ["S-missing"], "documents": NEW},
    ]
    p = tmp_path / "update.jsonl"
    refs = ["Norland Steel won the harbor bridge contract; work begins in March."]
    p.write_text("".join(json.dumps({**line, "references": refs}) + "\n" for line in lines))
    return p


def test_evaluate_update_sets(tmp_path, caplog):
    clusters = read_clusters(_update_file(tmp_path))
    report = evaluate(clusters, "newsbrief", words=40, kinds=("rouge2",))
    seen = {r.id: r.seen for r in report.results}
    assert seen["S-A"] == 0 and seen["S-B"] == 4 and seen["S-C"] > seen["S-B"] and seen["S-D"] == 0
    assert "S-missing" in caplog.text
    assert [s.name for s in report.sets] == ["A", "B", "C", "D", "B+C+D"]
    assert report.set("B+C+D").clusters == 3 and report.seen
    alone = evaluate(clusters, "newsbrief", words=40, kinds=("rouge2",), use_seen=False)
    assert not alone.seen and all(r.seen == 0 for r in alone.results)
    assert alone.set("B+C+D").clusters == 3
    as_json = report.as_dict()
    assert set(as_json["sets"]) == {"A", "B", "C", "D", "B+C+D"}  # type: ignore[arg-type]


def test_cli_update_table_and_json(tmp_path, capsys):
    path = _update_file(tmp_path)
    assert main(["-q", "eval", str(path), "--words", "40", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["seen"] is True and out["sets"]["B"]["clusters"] == 1
    assert main(["-q", "eval", str(path), "--words", "40", "--ignore-earlier"]) == 0
    table = capsys.readouterr().out
    assert "each set alone" in table and "B+C+D" in table


@pytest.fixture(scope="module")
def duc2007():
    return read_clusters(need(EVAL / "duc2007-update" / "clusters.jsonl"))


def test_duc2007_update_floor(duc2007):
    report = evaluate(duc2007, "newsbrief", words=100, kinds=("rouge2",))
    assert [s.name for s in report.sets] == ["A", "B", "C", "B+C"]
    assert report.set("B+C").clusters == 20
    bc = report.set("B+C").get("rouge2").recall
    assert bc >= FLOOR_BC
    alone = evaluate(duc2007, "newsbrief", words=100, kinds=("rouge2",), use_seen=False)
    assert bc > alone.set("B+C").get("rouge2").recall  # the earlier sets as read help
    assert report.median_seconds <= 0.3


def test_duc2007_peers(capsys):
    peers = need(EVAL / "duc2007-update" / "peers.jsonl")
    assert main(["-q", "eval", "--peers", str(peers), "--words", "100", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["peers"]) == 34
    assert report["max_abs_diff"] <= 0.003 and report["spearman"] >= 0.99
    best = max((p for p in report["peers"] if p["system"].isdigit()), key=lambda p: p["rouge2_recall"])
    assert best["system"] == "40" and set(best["sets"]) == {"A", "B", "C", "B+C"}
    assert best["sets"]["B+C"]["clusters"] == 20
