"""Running the app on uvicorn: in a background thread (tests, --offline) or in the foreground."""

from __future__ import annotations

import contextlib
import copy
import logging
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import uvicorn

_STARTUP_TIMEOUT_S = 10.0
_SHUTDOWN_GRACE_S = 1  # streams still open at shutdown are cut after this long


class _HideScriptedDrops(logging.Filter):
    """uvicorn reports a response that ends without its last chunk as an error.

    The emulator only does that on purpose (a scripted drop_after_bytes fault), so the report
    would be noise on the user's terminal.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != "ASGI callable returned without completing response."


_DROP_FILTER = _HideScriptedDrops()


def _config(app: Any, *, log_level: str, access_log: bool, own_logging: bool) -> uvicorn.Config:
    logging.getLogger("uvicorn.error").addFilter(_DROP_FILTER)  # adding twice is a no-op
    return uvicorn.Config(
        app, log_level=log_level, access_log=access_log, lifespan="off",
        timeout_graceful_shutdown=_SHUTDOWN_GRACE_S,
        # In-process, leave the host program's logging alone (no dictConfig of its loggers).
        log_config=_stderr_logging() if own_logging else None,
    )


def _stderr_logging() -> dict[str, Any]:
    """uvicorn's logging setup with access lines on stderr too: stdout is for data only."""
    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    for handler in config["handlers"].values():
        handler["stream"] = "ext://sys.stderr"
    return config


def bind(host: str, port: int) -> socket.socket:
    """A listening socket bound before the server starts, so port 0 has a known number."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted connections only then, and
    # without it Nagle's algorithm stalls the ends of streams by ~40 ms.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def url_for(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@contextlib.contextmanager
def run_in_thread(app: Any, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve `app` from a daemon thread; yields the base URL and stops cleanly on exit."""
    sock = bind(host, port)
    server = uvicorn.Server(_config(app, log_level="warning", access_log=False, own_logging=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                              name="cartesia-emulator", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + _STARTUP_TIMEOUT_S
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the emulator did not start")
            time.sleep(0.005)
        yield url_for(sock)
    finally:
        server.should_exit = True
        thread.join(timeout=_STARTUP_TIMEOUT_S)
        sock.close()


def serve_forever(app: Any, host: str, port: int, *, log_level: str = "info") -> None:
    """Serve in the foreground until Ctrl-C, which stops quietly (no traceback)."""
    sock = bind(host, port)
    server = uvicorn.Server(_config(app, log_level=log_level, access_log=True, own_logging=True))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the captured SIGINT after shutting down
        pass
    finally:
        sock.close()
