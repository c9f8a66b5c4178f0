"""The web desk: an HTTP API and server-rendered pages over the store (FastAPI + uvicorn).

>>> app = create_app(WebConfig(store=Path("store.sqlite")))   # doctest: +SKIP
>>> serve(WebConfig(store=...), port=8000)                     # doctest: +SKIP

FastAPI, uvicorn and pydantic come with the ``server`` extra (``pip install 'newsbrief[server]'``);
:func:`require` says so in one line when they are missing. See :mod:`.app` for the API,
:mod:`.pages` for the pages, :mod:`.guard` for the checks every request passes, :mod:`.work` for
the worker pool.
"""

from __future__ import annotations

import logging
import socket
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import WebConfig

log = logging.getLogger(__name__)

__all__ = ["MissingDependency", "bind", "require", "serve"]


class MissingDependency(ImportError):
    """The web stack is not installed."""


def require() -> None:
    """Import FastAPI, uvicorn and pydantic, or fail with the one line that says how to install them."""
    try:
        import fastapi  # noqa: F401
        import pydantic  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise MissingDependency(
            f"the web server needs FastAPI and uvicorn ({exc.name} is missing): pip install 'newsbrief[server]'"
        ) from None


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (``port=0`` picks a free one); OSError when it cannot."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def serve(config: WebConfig, sock: socket.socket, log_level: str = "warning") -> None:
    """Serve the app on the bound ``sock`` until SIGINT or SIGTERM, which stop it cleanly (open
    requests finished, workers shut down) and return; a second signal stops at once."""
    require()
    import contextlib
    import signal
    from collections.abc import Iterator

    import uvicorn

    from .app import create_app

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:  # uvicorn's re-raises the signal once stopped
            def stop(*_: object) -> None:
                self.force_exit = self.should_exit
                self.should_exit = True

            previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for s, handler in previous.items():
                    signal.signal(s, handler)

    server = Server(uvicorn.Config(
        create_app(config), log_level=log_level, access_log=False, timeout_keep_alive=5,
        limit_concurrency=2048, h11_max_incomplete_event_size=64 * 1024,
    ))
    server.run(sockets=[sock])
