"""Briefs under size: many tiny articles and one huge article, wall time and peak memory.

Every run is a fresh ``newsbrief brief DIR --format json`` process (as a user runs it) on real
text from ``../shared/eval`` (DUC 2006, Multi-News, WikiRef220): tiny articles are runs of three
consecutive sentences of those articles; a huge article is their text joined up to the size.
Peak memory is the child's maximum resident set size. Prints one row per input::

    python bench/scale.py                       # 1,000 / 3,000 / 10,000 tiny, 1 MB / 2 MB article
    python bench/scale.py --tiny 100000 --huge  # pick the sizes
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def real_texts() -> Iterator[str]:
    for name in ("duc2006/clusters.jsonl", "multinews-sample/validation.jsonl"):
        with open(EVAL / name, encoding="utf-8") as f:
            for line in f:
                for doc in json.loads(line)["documents"]:
                    yield doc["text"] if isinstance(doc, dict) else str(doc)
    for path in sorted((EVAL / "wikiref220").glob("*.txt")):
        yield path.read_bytes().decode("utf-8", errors="replace")


def tiny_articles(n: int) -> Iterator[str]:
    made = 0
    while True:
        for text in real_texts():
            sents = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s) > 20]
            for i in range(0, len(sents) - 2, 3):
                yield " ".join(sents[i : i + 3])
                made += 1
                if made >= n:
                    return


def huge_article(size: int) -> str:
    parts, total = [], 0
    while total < size:
        for text in real_texts():
            parts.append(text.strip())
            total += len(text) + 2
            if total >= size:
                break
    return "\n\n".join(parts)[:size]


def run(folder: Path, label: str, extra: list[str]) -> dict[str, object]:
    exe = Path(sys.executable).with_name("newsbrief")
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [str(exe), "-q", "brief", str(folder), "--format", "json", "-o", str(folder.parent / "out.json"),
             *extra],
            stdout=subprocess.DEVNULL, stderr=err,
        )
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak resident set
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        err.seek(0)
        stderr = err.read()
    row: dict[str, object] = {"input": label, "exit": proc.returncode, "seconds": round(wall, 2),
                              "peak_mb": round(usage.ru_maxrss / 1024, 1)}
    if proc.returncode == 0:
        brief = json.loads((folder.parent / "out.json").read_text())
        row.update(events=len(brief["events"]), summary_sentences=len(brief["summary"]),
                   timeline=len(brief["timeline"]))
    else:
        row["stderr"] = stderr.strip().splitlines()[-1:]
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", type=int, nargs="*", default=[1000, 3000, 10000])
    parser.add_argument("--huge-mb", type=float, nargs="*", default=[1.0, 2.0])
    args = parser.parse_args()
    if not EVAL.exists():
        print(f"bench: {EVAL} not found", file=sys.stderr)
        return 1
    rows = []
    for n in sorted(args.tiny):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            for i, text in enumerate(tiny_articles(n)):
                (folder / f"{i:06d}.txt").write_text(text + "\n", encoding="utf-8")
            rows.append(run(folder, f"{n} tiny articles", []))
        print(json.dumps(rows[-1]), flush=True)
    for mb in sorted(args.huge_mb):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            (folder / "huge.txt").write_text(huge_article(int(mb * 1024 * 1024)), encoding="utf-8")
            rows.append(run(folder, f"one {mb:g} MB article", []))
        print(json.dumps(rows[-1]), flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
