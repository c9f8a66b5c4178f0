"""Load bench of ``newsbrief serve``: a burst of concurrent clients, each POSTing one brief.

    .venv/bin/python bench/load.py                          # 200 clients, sample then small payload
    .venv/bin/python bench/load.py --payload sample --clients 200 --workers 2 --queue 256
    .venv/bin/python bench/load.py --payload small --queue 20   # a short queue: 503 + Retry-After

The server runs as ``python -m newsbrief serve --port 0`` in its own process (so clients and
server do not share an interpreter) on 127.0.0.1. ``workers`` requests (one per worker) warm it
first and are not counted. Then every client connects at once (a barrier releases them) and
POSTs ``/api/brief``: *sample* is the bundled sample (five articles, default options, the same
work as ``newsbrief brief``), *small* two short articles. Each request is bounded by
``--timeout``; the whole run by ``--timeout`` plus a minute.

"Answered" is a status line received: 200, or 503 with a Retry-After header (queue full); a
reset, a closed connection or a client timeout is not. Printed per payload: answered/clients,
status counts, 503s with Retry-After, failures by kind, p50/p95/max latency of the answers,
throughput (briefs served per second of the burst) and the RSS of the server's process tree.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

SMALL = [
    {"id": "a", "title": "Bridge reopens", "published": "2024-05-06",
     "text": "The city reopened the Elm Street bridge on Monday after two years of repairs. "
             "Officials said the repairs cost 12 million dollars. Traffic resumed at noon."},
    "<html><body><article><p>The Elm Street bridge reopened on Monday after two years of repairs, "
    "the mayor said. The repairs cost 15 million dollars, according to the mayor's office.</p>"
    "</article></body></html>",
]


def payload(kind: str) -> bytes:
    if kind == "small":
        return json.dumps({"articles": SMALL}).encode()
    from newsbrief.pipeline import sample_path

    texts = [p.read_text(encoding="utf-8") for p in sorted(sample_path().iterdir()) if p.suffix == ".txt"]
    return json.dumps({"articles": [{"id": f"sample-{i}", "text": t} for i, t in enumerate(texts)]}).encode()


def start_server(args: argparse.Namespace) -> tuple[subprocess.Popen[str], int]:
    cmd = [sys.executable, "-m", "newsbrief", "serve", "--port", "0", "--queue", str(args.queue),
           "--job-timeout", str(args.timeout)]
    if args.workers:
        cmd += ["--workers", str(args.workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    for line in proc.stderr:
        m = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", line)
        if m:
            threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep the pipe drained
            return proc, int(m[1])
        if time.monotonic() > deadline:
            break
    proc.kill()
    raise SystemExit(f"the server did not start: {' '.join(cmd)}")


def post(port: int, body: bytes, timeout: float, barrier: threading.Barrier | None = None) -> dict[str, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    if barrier is not None:
        barrier.wait()
    started = time.perf_counter()
    try:
        conn.request("POST", "/api/brief", body=body, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        resp.read()
        return {"status": resp.status, "retry_after": resp.getheader("Retry-After"),
                "seconds": time.perf_counter() - started}
    except (OSError, http.client.HTTPException) as exc:
        return {"status": None, "failure": type(exc).__name__, "seconds": time.perf_counter() - started}
    finally:
        conn.close()


def tree_rss_mb(pid: int) -> float:
    """RSS of a process and its children (Linux /proc), in MB."""
    pids, total = {pid}, 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            pids.add(int(stat.parent.name))
    for p in pids:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        m = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(m[1]) if m else 0
    return total / 1024


def burst(port: int, body: bytes, clients: int, timeout: float) -> tuple[list[dict[str, Any]], float]:
    barrier = threading.Barrier(clients + 1)
    with ThreadPoolExecutor(clients) as ex:
        futures = [ex.submit(post, port, body, timeout, barrier) for _ in range(clients)]
        barrier.wait()
        started = time.perf_counter()
        results = [f.result(timeout=timeout + 60) for f in futures]
    return results, time.perf_counter() - started


def report(kind: str, results: list[dict[str, Any]], wall: float, rss: float) -> None:
    statuses = Counter(r["status"] for r in results if r["status"] is not None)
    failures = Counter(r["failure"] for r in results if r["status"] is None)
    ok = statuses.get(200, 0)
    busy_retry = sum(1 for r in results if r["status"] == 503 and r["retry_after"])
    answered = ok + busy_retry
    lat = sorted(r["seconds"] for r in results if r["status"] is not None)

    def pct(q: float) -> float:
        return lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")

    print(f"{kind}: answered {answered}/{len(results)} (200: {ok}, 503 with Retry-After: {busy_retry})")
    print(f"  statuses {dict(sorted(statuses.items()))}; failures {dict(failures) or 'none'}")
    print(f"  latency p50 {pct(0.5):.2f} s, p95 {pct(0.95):.2f} s, max {lat[-1] if lat else float('nan'):.2f} s"
          f" (mean {statistics.fmean(lat) if lat else float('nan'):.2f} s)")
    print(f"  burst {wall:.1f} s; throughput {ok / wall:.2f} briefs/s; server RSS {rss:.0f} MB (all processes)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--payload", choices=("sample", "small", "both"), default="both")
    parser.add_argument("--workers", type=int, default=0, help="server worker processes (default: its own)")
    parser.add_argument("--queue", type=int, default=256, help="server queue (default 256)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per request (default 300)")
    args = parser.parse_args()
    proc, port = start_server(args)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/api/health")
        health = json.loads(conn.getresponse().read())
        conn.close()
        print(f"server pid {proc.pid} on 127.0.0.1:{port}: {health['workers']} workers, capacity "
              f"{health['capacity']}; {os.cpu_count()} cores; {args.clients} clients")
        for kind in (("sample", "small") if args.payload == "both" else (args.payload,)):
            body = payload(kind)
            with ThreadPoolExecutor(health["workers"]) as ex:  # warm every worker, not counted
                list(ex.map(lambda _, b=body: post(port, b, args.timeout), range(health["workers"])))
            results, wall = burst(port, body, args.clients, args.timeout)
            report(f"{kind} ({len(body) // 1024} KB)", results, wall, tree_rss_mb(proc.pid))
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
