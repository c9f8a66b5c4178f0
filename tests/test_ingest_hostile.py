"""Hostile and oversized inputs: one bad item never costs the good ones, limits say so.

The first half calls :func:`newsbrief.ingest.read`; the second runs the reported cases
through the command line (``newsbrief.cli.main`` or a subprocess, as a user runs it).
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import time
from pathlib import Path

from newsbrief.cli import main
from newsbrief.ingest import read
from newsbrief.options import Limits

MB = 1024 * 1024
GOOD = [
    "Officials said on Monday that the bridge would reopen next week after repairs. "
    "The repairs cost more than expected, the city said in a statement.",
    "The council approved the budget on Tuesday after a long debate. "
    "Critics said the plan cut too deeply into schools and libraries.",
]


def collect(paths, **kw):
    warnings: list[str] = []
    docs = list(read(paths, warnings.append, **kw))
    return docs, warnings


def one_line(warnings):
    assert all("\n" not in w and "Traceback" not in w for w in warnings), warnings
    return "\n".join(warnings)


def good_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(GOOD, 1):
        (folder / f"good{i}.txt").write_text(text, encoding="utf-8")
    return folder


# ---- readers ----------------------------------------------------------------------------------


def test_deeply_nested_json_file_is_skipped_not_raised(tmp_path):
    folder = good_folder(tmp_path)
    (folder / "deep.json").write_text("[" * 200_000, encoding="utf-8")
    (folder / "deepobj.json").write_text('{"a":' * 100_000, encoding="utf-8")
    docs, warnings = collect([folder])
    assert [d.id for d in docs] == ["good1.txt", "good2.txt"]
    text = one_line(warnings)
    assert "deep.json[1]: skipped (JSON nested too deeply)" in text and "deepobj.json" in text


def test_deep_jsonl_line_and_wrong_field_types(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text("\n".join([
        json.dumps({"id": "u", "text": GOOD[0], "url": 5}),
        "[" * 50_000,
        json.dumps({"id": "s", "text": GOOD[1], "source": ["x"], "title": {"a": [1]}, "published": [2019]}),
        json.dumps({"id": ["bad"], "text": "Third article text.", "author": ["A. Writer", "B. Writer"]}),
        json.dumps({"text": 5}),
        '{"text": "deep title", "title": ' + "[" * 500 + "]" * 500 + "}",
    ]) + "\n", encoding="utf-8")
    docs, warnings = collect([p])
    assert [d.id for d in docs] == ["u", "s", "d.jsonl:4", "d.jsonl:6"]
    assert docs[0].url is None and docs[1].source is None and docs[1].title is None
    assert docs[2].author == "A. Writer, B. Writer"
    text = one_line(warnings)
    for expected in (
        "d.jsonl:1: field 'url' ignored (a number, expected text)",
        "d.jsonl:2: skipped (JSON nested too deeply)",
        "d.jsonl:3: field 'source' ignored (a list, expected text)",
        "d.jsonl:3: field 'title' ignored (an object, expected text)",
        "d.jsonl:3: field 'published' ignored (a list, expected a date)",
        "d.jsonl:4: field 'id' ignored (a list, expected text or a number)",
        "d.jsonl:5: skipped (no article text",
        "'text' is a number",
        "d.jsonl:6: field 'title' ignored (a list, expected text)",
    ):
        assert expected in text, expected


def test_json_array_skips_exactly_the_bad_elements(tmp_path):
    p = tmp_path / "a.json"
    good = [{"id": f"g{i}", "text": t} for i, t in enumerate(GOOD, 1)]
    p.write_text(json.dumps([{"title": "no text"}, *good]), encoding="utf-8")
    docs, warnings = collect([p])
    assert [d.id for d in docs] == ["g1", "g2"]
    assert warnings == [f"{p}[1]: skipped (no article text (none of text, body, article, content, maintext))"]


def test_json_array_resumes_after_malformed_and_deep_elements(tmp_path):
    p = tmp_path / "a.json"
    p.write_text(
        '[{"text": "one"}, {oops: 1}, ' + "[" * 3000 + "]" * 3000 + ', 5, "two" {"text": "three"}, '
        + "1" * 5000 + ', {"text": "four"}]', encoding="utf-8")
    docs, warnings = collect([p])
    assert [d.content for d in docs] == ["one", "two", "three", "four"]
    text = one_line(warnings)
    assert f"{p}[2]: skipped (malformed JSON" in text
    assert f"{p}[3]: skipped (JSON nested too deeply)" in text
    assert f"{p}[4]: skipped (expected an article object or text, got a number)" in text
    assert f"{p}[5]: malformed JSON (no ',' after this element; read on)" in text
    assert f"{p}[7]: skipped (malformed JSON (Exceeds the limit" in text


def test_unclosed_array_keeps_what_came_before(tmp_path):
    p = tmp_path / "cut.json"
    p.write_text('[{"text": "one"}, {"text": "tw', encoding="utf-8")
    docs, warnings = collect([p])
    assert [d.content for d in docs] == ["one"]
    assert len(warnings) == 1 and "cut.json[2]: skipped (malformed JSON" in warnings[0]


def test_cluster_documents_skip_only_bad_items(tmp_path):
    p = tmp_path / "c.jsonl"
    rec = {"id": "C1", "documents": [{"id": "d1", "text": "First."}, 7, {"id": {"x": 1}, "text": "Third."}]}
    p.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    docs, warnings = collect([p])
    assert [d.id for d in docs] == ["C1/d1", "C1/3"]
    text = one_line(warnings)
    assert "c.jsonl:1 documents[2]: skipped (expected an article object or text, got a number)" in text
    assert "c.jsonl:1 documents[3]: field 'id' ignored" in text


def test_ids_stay_unique(tmp_path):
    p = tmp_path / "d.jsonl"
    rows = [{"id": i, "text": f"Article {n}."} for n, i in enumerate(["a", "a", "a#2", "a#3", "a", 7, "7"])]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    docs, warnings = collect([p])
    ids = [d.id for d in docs]
    assert len(set(ids)) == len(ids) == 7
    assert ids[:2] == ["a", "a#2"] and ids[3] == "a#3" and ids[5] == "7"
    assert sum("duplicate article id" in w for w in warnings) == 4


def test_truncated_and_corrupt_gzip_are_skipped_never_half_read(tmp_path):
    folder = good_folder(tmp_path)
    whole = gzip.compress((GOOD[0] * 50).encode())
    (folder / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    (folder / "crc.txt.gz").write_bytes(whole[:-8] + b"\0\0\0\0" + whole[-4:])
    (folder / "multi.txt.gz").write_bytes(gzip.compress(b"Part one. ") + gzip.compress(b"Part two."))
    docs, warnings = collect([folder])
    assert [d.id for d in docs] == ["good1.txt", "good2.txt", "multi.txt.gz"]
    assert docs[2].content == "Part one. Part two."
    text = one_line(warnings)
    assert "cut.txt.gz: skipped (truncated gzip data" in text and "crc.txt.gz: skipped (corrupt gzip data" in text


def test_file_limit_applies_to_every_format_before_reading(tmp_path):
    folder = good_folder(tmp_path)
    big = json.dumps([{"text": "x " * 1000}] * 700)  # ~1.4 MB
    for name in ("big.json", "big.jsonl", "big.txt", "big.html"):
        (folder / name).write_text(big, encoding="utf-8")
    (folder / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * (3 * MB)))
    docs, warnings = collect([folder], limits=Limits(file_mb=1))
    assert [d.id for d in docs] == ["good1.txt", "good2.txt"]
    text = one_line(warnings)
    for name in ("big.json", "big.jsonl", "big.txt", "big.html"):
        assert f"{name}: skipped (1.3 MB, over the file_mb limit of 1 MB)" in text, name
    assert "bomb.txt.gz: skipped (decompressed size exceeds 1 MB)" in text


def test_stdin_and_devices_are_bounded():
    docs, warnings = collect(["-"], stdin=io.BytesIO(b"x" * (2 * MB)), limits=Limits(file_mb=1))
    assert docs == [] and warnings == ["<stdin>: skipped (more than 1 MB, the file_mb limit)"]
    started = time.perf_counter()
    docs, warnings = collect(["/dev/zero"], limits=Limits(file_mb=1))
    assert docs == [] and "more than 1 MB" in warnings[0] and time.perf_counter() - started < 5


def test_article_text_is_cut_with_a_warning(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text(("A sentence of some length here.\n" * 100), encoding="utf-8")
    (doc,), warnings = collect([p], limits=Limits(article_chars=1000))
    assert len(doc.content) <= 1000 and doc.content.endswith("here.")
    assert warnings == [f"{p}: article text cut at 1000 characters (the article_chars limit; it has 3200)"]


def test_reading_stops_after_the_articles_limit(tmp_path):
    p = tmp_path / "many.jsonl"
    p.write_text("\n".join(json.dumps({"text": f"Article {i}."}) for i in range(10)) + "\n", encoding="utf-8")
    docs, warnings = collect([p, p], limits=Limits(articles=3))
    assert len(docs) == 3
    assert warnings == [f"{p}:4: stopped reading here: the articles limit (3) was reached"]


def test_warnings_of_one_file_are_capped(tmp_path):
    p = tmp_path / "noisy.jsonl"
    p.write_text("{bad\n" * 100 + json.dumps({"text": "Good."}) + "\n", encoding="utf-8")
    docs, warnings = collect([p])
    assert len(docs) == 1 and len(warnings) == 21
    assert warnings[-1] == f"{p}: 80 more problems not shown"


def test_control_characters_and_lone_surrogates_are_removed(tmp_path):
    p = tmp_path / "odd.jsonl"
    p.write_text(json.dumps({"text": "Bell\x07 and \x1b[31mred\x1b[0m text \ud800 here.", "title": "T\x00itle"}) + "\n",
                 encoding="utf-8")
    (doc,), _ = collect([p])
    assert doc.content == "Bell and [31mred[0m text \ufffd here." and doc.title == "Title"
    doc.content.encode("utf-8")  # writable


def test_empty_array_and_odd_paths(tmp_path):
    (tmp_path / "empty.json").write_text("[]", encoding="utf-8")
    docs, warnings = collect([tmp_path / "empty.json", "bad\x00path", tmp_path / ("x" * 5000)])
    assert docs == []
    text = one_line(warnings)
    assert "empty.json: no article in this file" in text and "bad" in text and len(warnings) == 3


def test_output_file_inside_the_folder_is_excluded(tmp_path):
    folder = good_folder(tmp_path)
    out = folder / "out.jsonl"
    out.write_text(json.dumps({"text": "A previous output."}) + "\n", encoding="utf-8")
    docs, _ = collect([folder], exclude=[out])
    assert [d.id for d in docs] == ["good1.txt", "good2.txt"]
    docs, _ = collect([out], exclude=[out])  # named explicitly: read
    assert len(docs) == 1


# ---- the reported cases, through the command line -------------------------------------------


def cli(args: list[str], capsys, caplog) -> tuple[int, str, str]:
    """``newsbrief.cli.main(args)``: exit code, stdout, and stderr with the warnings logged."""
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err + "\n".join(caplog.messages)


def test_cli_nested_folder_briefs_the_good_articles(tmp_path, capsys, caplog):
    folder = good_folder(tmp_path)
    (folder / "deep.json").write_text("[" * 200_000, encoding="utf-8")
    (folder / "deep.jsonl").write_text("[" * 200_000 + "\n", encoding="utf-8")
    (folder / "types.jsonl").write_text(json.dumps({"text": GOOD[0] + " More.", "url": 5, "source": ["x"]}) + "\n",
                                        encoding="utf-8")
    code, out, err = cli(["brief", "--format", "json", "--no-story", str(folder)], capsys, caplog)
    assert code == 0
    data = json.loads(out)
    assert sorted(a["id"] for a in data["articles"]) == ["good1.txt", "good2.txt", "types.jsonl:1"]
    for expected in ("deep.json[1]: skipped (JSON nested too deeply)", "deep.jsonl:1: skipped (JSON nested too deeply)",
                     "types.jsonl:1: field 'url' ignored", "types.jsonl:1: field 'source' ignored"):
        assert expected in err, expected
    assert "Traceback" not in err


def test_cli_array_bad_good_good_keeps_two(tmp_path, capsys, caplog):
    p = tmp_path / "a.json"
    p.write_text(json.dumps([{"title": "no text"}, {"id": "g1", "text": GOOD[0]}, {"id": "g2", "text": GOOD[1]}]),
                 encoding="utf-8")
    code, out, err = cli(["clean", str(p)], capsys, caplog)
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["g1", "g2"]
    assert "a.json[1]: skipped" in err


def test_cli_duplicate_ids_unique(tmp_path, capsys):
    p = tmp_path / "d.jsonl"
    p.write_text("\n".join(json.dumps({"id": i, "text": f"{GOOD[n % 2]} Number {n}."})
                           for n, i in enumerate(["a", "a", "a#2"])) + "\n", encoding="utf-8")
    assert main(["clean", str(p)]) == 0
    ids = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]
    assert len(set(ids)) == 3 and ids[0] == "a"


def test_cli_truncated_gzip_warns(tmp_path, capsys, caplog):
    folder = good_folder(tmp_path)
    whole = gzip.compress(GOOD[0].encode() * 20)
    (folder / "half.txt.gz").write_bytes(whole[: len(whole) // 2])
    code, out, err = cli(["clean", str(folder)], capsys, caplog)
    assert code == 0
    assert "half.txt.gz: skipped (truncated gzip data" in err
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["good1.txt", "good2.txt"]


def test_cli_clean_does_not_reread_its_output(tmp_path, capsys):
    folder = good_folder(tmp_path)
    out = folder / "out.jsonl"
    for _ in range(2):
        assert main(["clean", str(folder), "-o", str(out)]) == 0
        assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == [
            "good1.txt", "good2.txt"]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def _run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsbrief", *args], capture_output=True, timeout=timeout)


def test_cli_oversized_json_refused_fast(tmp_path):
    folder = good_folder(tmp_path)
    with open(folder / "huge.json", "wb") as fh:  # sparse: 51 MB on paper, nothing on disk
        fh.truncate(51 * MB)
    started = time.perf_counter()
    r = _run("clean", str(folder))
    assert r.returncode == 0, r.stderr
    assert time.perf_counter() - started < 60
    assert b"huge.json: skipped (51.0 MB, over the file_mb limit of 50 MB)" in r.stderr
    assert len(r.stdout.splitlines()) == 2


def test_cli_folder_of_odd_files_and_a_49_mb_text_file(tmp_path):
    folder = good_folder(tmp_path)
    (folder / "odd.bin").write_bytes(bytes(range(256)) * 40)
    (folder / "odd.html").write_text("<html><body>" + "<div>" * 20000 + "</body></html>", encoding="utf-8")
    (folder / "odd.json").write_text('{"text": ', encoding="utf-8")
    lines = [f"Line {i} of the long file says something about item {i * 7 % 1000}." for i in range(2000)]
    block = ("\n".join(lines) + "\n").encode()
    with open(folder / "big.txt", "wb") as fh:
        for _ in range(49 * MB // len(block)):
            fh.write(block)
    started = time.perf_counter()
    r = _run("clean", str(folder))
    elapsed = time.perf_counter() - started
    assert r.returncode == 0, r.stderr
    assert elapsed < 90, elapsed
    err = r.stderr.decode()
    assert "big.txt: article text cut at 1000000 characters" in err and "odd.bin: skipped" in err
    ids = [json.loads(line)["id"] for line in r.stdout.splitlines()]
    assert "good1.txt" in ids and "good2.txt" in ids and "big.txt" in ids


def test_cli_nested_folder_as_a_user_runs_it(tmp_path):
    """The first reported case end to end: exit 0, a Markdown brief of the 2 good articles, warnings on stderr."""
    folder = good_folder(tmp_path)
    (folder / "deep.json").write_text("[" * 200_000, encoding="utf-8")
    r = _run("brief", "--no-story", str(folder))
    assert r.returncode == 0, r.stderr
    out, err = r.stdout.decode(), r.stderr.decode()
    assert "*2 articles" in out and "`good1.txt`" in out and "`good2.txt`" in out
    assert "deep.json[1]: skipped (JSON nested too deeply)" in err and "Traceback" not in err


def test_hostile_file_names_stay_one_harmless_line(tmp_path):
    folder = good_folder(tmp_path)
    (folder / "bad\nname\x1b[2J.txt").write_bytes(b"")
    weird = folder / "odd\udcff.txt"  # the byte 0xff in the name (not UTF-8)
    weird.write_bytes(b"Some text of an article with an undecodable name.")
    docs, warnings = collect([folder])
    assert any("bad\\x0aname\\x1b[2J.txt: skipped (empty file)" in w for w in warnings)
    one_line(warnings)
    assert all("\x1b" not in w for w in warnings)
    for d in docs:
        d.id.encode("utf-8")  # every id can be written out
