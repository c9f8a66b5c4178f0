"""``newsbrief serve``: the HTTP API and web page."""

from __future__ import annotations

import argparse
import sys

HELP = "Serve the HTTP API (POST /api/brief) and a web page for pasting articles."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")


def run(args: argparse.Namespace) -> int:
    from ..server import serve

    try:
        server = serve(args.host, args.port)
    except OSError as exc:
        print(f"newsbrief: error: cannot listen on {args.host}:{args.port} ({exc.strerror or exc})",
              file=sys.stderr)
        return 1
    host, port = server.server_address[:2]
    print(f"newsbrief: serving on http://{host}:{port}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0
