"""Load bench of the web desk (``newsbrief serve``): concurrent clients on loopback for a bounded time.

    .venv/bin/python bench/load.py                          # 200 clients, 20 s, a stored story's page
    .venv/bin/python bench/load.py --clients 200 --seconds 30 --mix     # pages, list, search and API
    .venv/bin/python bench/load.py --workers 2 --store PATH            # an existing store

The store (a temporary one holding the bundled sample unless ``--store`` names one) is served by
``python -m newsbrief serve --port 0`` in its own process, so clients and server share no interpreter.
The story's page is requested once first (its brief is made then and kept, as on any server after
its first reader). Then ``--clients`` clients (one asyncio task and one keep-alive connection each,
in this process) request pages in a loop for ``--seconds``: the story page ``/stories/ID``, or with
``--mix`` also the story list, a search and the story's JSON brief. Clients accept gzip as browsers
do (``--identity``: they do not). Each request is bounded by
``--timeout`` seconds.

Printed: requests, success rate (a 200 with its whole body; a reset, a timeout or any other status is
a failure), p50 / p99 / max latency per path, requests per second, and the server's peak RSS (all of
its processes, sampled every 0.1 s).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path


def start_server(store: Path, workers: int) -> tuple[subprocess.Popen[str], int]:
    cmd = [sys.executable, "-m", "newsbrief", "serve", "--store", str(store), "--port", "0"]
    if workers:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    for line in proc.stderr:
        m = re.search(r"on http://127\.0\.0\.1:(\d+)/", line)
        if m:
            threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep the pipe drained
            return proc, int(m[1])
        if time.monotonic() > deadline:
            break
    proc.kill()
    raise SystemExit(f"the server did not start: {' '.join(cmd)}")


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


async def fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, port: int, path: str,
                gzip: bool = True) -> int:
    """One keep-alive GET (accepting gzip, as browsers do, unless told not to); the status, once the
    whole body has arrived."""
    accept = "Accept-Encoding: gzip, deflate\r\n" if gzip else ""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{accept}\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    m = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
    if not m:
        raise ConnectionError("no Content-Length")
    await reader.readexactly(int(m[1]))
    return status


async def client(port: int, paths: list[str], end: float, timeout: float, out: list[tuple[str, float, str]],
                 k: int, gzip: bool) -> None:
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    i = k
    while time.monotonic() < end:
        path = paths[i % len(paths)]
        i += 1
        started = time.perf_counter()
        try:
            if conn is None:
                conn = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
            status = await asyncio.wait_for(fetch(*conn, port, path, gzip), timeout)
            out.append((path, time.perf_counter() - started, str(status)))
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError, ValueError) as exc:
            out.append((path, time.perf_counter() - started, type(exc).__name__))
            if conn is not None:
                conn[1].close()
            conn = None
    if conn is not None:
        conn[1].close()


async def run_load(port: int, paths: list[str], clients: int, seconds: float, timeout: float, gzip: bool
                   ) -> tuple[list[tuple[str, float, str]], float]:
    out: list[tuple[str, float, str]] = []
    started = time.monotonic()
    end = started + seconds
    await asyncio.gather(*(client(port, paths, end, timeout, out, k, gzip) for k in range(clients)))
    return out, time.monotonic() - started


async def warm_up(port: int, paths: list[str]) -> list[tuple[str, str]]:
    """Each path once, in turn (a story's brief is made by the first request for it)."""
    done = []
    for path in paths:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        done.append((path, str(await asyncio.wait_for(fetch(reader, writer, port, path), 300))))
        writer.close()
    return done


def pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default 10)")
    parser.add_argument("--workers", type=int, default=0, help="server worker processes (default: its own)")
    parser.add_argument("--store", type=Path, help="serve this store (default: a new one holding the sample)")
    parser.add_argument("--mix", action="store_true", help="also the story list, a search and the JSON brief")
    parser.add_argument("--identity", action="store_true", help="do not accept gzip (browsers do)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            from newsbrief.pipeline import sample_path
            from newsbrief.store import Store

            store = Path(tmp) / "store.sqlite"
            with Store.open(store) as s:
                s.add([sample_path()])
        from newsbrief.store import Store

        with Store.open(store) as s:
            story = s.stories()[0].id
        proc, port = start_server(store, args.workers)
        peak = [0.0]
        sampling = threading.Event()

        def sample_rss() -> None:
            while not sampling.is_set():
                peak[0] = max(peak[0], tree_rss_mb(proc.pid))
                time.sleep(0.1)

        try:
            page = f"/stories/{story}"
            paths = [page] * 7 + ["/", "/search?q=Syria", f"/api/stories/{story}"] if args.mix else [page]
            warm = asyncio.run(warm_up(port, sorted(set(paths))))
            idle = tree_rss_mb(proc.pid)
            sampler = threading.Thread(target=sample_rss, daemon=True)
            sampler.start()
            results, wall = asyncio.run(run_load(port, paths, args.clients, args.seconds, args.timeout,
                                                 not args.identity))
            sampling.set()
            sampler.join()
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()

    ok = [r for r in results if r[2] == "200"]
    outcomes = Counter(r[2] for r in results)
    print(f"{args.clients} clients for {args.seconds:g} s on 127.0.0.1, "
          f"{'no compression' if args.identity else 'accepting gzip'} (story {story}; warm-up "
          f"{', '.join(f'{p} {s}' for p, s in warm)})")
    print(f"requests {len(results)}, success {len(ok)}/{len(results)} = {100 * len(ok) / max(1, len(results)):.2f} %"
          f" ({dict(outcomes)}); {len(ok) / wall:.0f} requests/s")
    by_path: dict[str, list[float]] = defaultdict(list)
    for path, seconds, _ in ok:
        by_path[path].append(seconds)
    for path, lat in sorted(by_path.items()):
        lat.sort()
        print(f"  {path}: {len(lat)} ok, p50 {1000 * pct(lat, 0.5):.0f} ms, p99 {1000 * pct(lat, 0.99):.0f} ms, "
              f"max {1000 * lat[-1]:.0f} ms (mean {1000 * statistics.fmean(lat):.0f} ms)")
    print(f"server RSS (all processes): {idle:.0f} MB idle, {peak[0]:.0f} MB peak under load")
    return 0 if len(ok) == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
