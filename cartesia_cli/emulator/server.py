"""Running the app on uvicorn: in a background thread (tests, --offline) or in the foreground.

Both ways the server has the emulator's size bounds (limits.py), logs with credentials masked
(logs.py), and cuts open streams when it stops instead of waiting for them (shutdown.py).
"""

from __future__ import annotations

import contextlib
import copy
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import uvicorn

from cartesia_cli.emulator.limits import MAX_REQUEST_HEAD_BYTES, MAX_WS_MESSAGE_BYTES
from cartesia_cli.emulator.logs import SERVER_LOGGERS, SilenceThread, install_server_filters
from cartesia_cli.emulator.shutdown import CutOnShutdown, CuttingServer

_STARTUP_TIMEOUT_S = 10.0
_STOP_TIMEOUT_S = 10.0  # stopping takes 0.2-1.2 s; this only bounds a wedged server thread
_FORCED_STOP_WAIT_S = 1.0  # after a second Ctrl-C during stop()
_SHUTDOWN_GRACE_S = 1  # uvicorn's backstop; streams are cut before it is ever reached


def _config(app: Any, *, log_level: str, access_log: bool, own_logging: bool) -> uvicorn.Config:
    config = uvicorn.Config(
        app, log_level=log_level, access_log=access_log, lifespan="off",
        timeout_graceful_shutdown=_SHUTDOWN_GRACE_S,
        # h11 explicitly (not "auto", which prefers httptools when installed): its bound on the
        # request head is what keeps huge query strings and headers out of memory.
        http="h11", h11_max_incomplete_event_size=MAX_REQUEST_HEAD_BYTES,
        # Bigger WebSocket messages are refused from the frame header (close 1009), unread.
        ws_max_size=MAX_WS_MESSAGE_BYTES,
        # In-process, leave the host program's logging alone (no dictConfig of its loggers).
        log_config=_stderr_logging() if own_logging else None,
    )
    install_server_filters()  # after Config: its logging setup must not see them first
    return config


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


class BackgroundServer:
    """`app` served from a daemon thread of this process, on a socket bound at construction.

    `stop()` is safe to call more than once, from any thread, from an atexit hook, after a
    KeyboardInterrupt, and while streams are open: it cuts them and prints nothing.
    """

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        self._cutter = CutOnShutdown(app)
        config = _config(self._cutter, log_level="warning", access_log=False, own_logging=False)
        self._server = CuttingServer(config, self._cutter)
        self._sock = bind(host, port)
        self.base_url = url_for(self._sock)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]},
                                        name="cartesia-emulator", daemon=True)
        self._lock = threading.Lock()
        self._stopping = False

    def start(self) -> str:
        """Serve; returns the base URL once the server accepts connections.

        Raises:
            RuntimeError: the server did not come up within 10 s.
        """
        self._thread.start()
        deadline = time.monotonic() + _STARTUP_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the emulator did not start")
            time.sleep(0.005)
        return self.base_url

    def stop(self) -> None:
        """Cut open streams, stop serving and wait for the thread. Never raises."""
        with self._lock:
            if self._stopping:
                return
            self._stopping = True
        silence = SilenceThread(self._thread.ident)
        loggers = [logging.getLogger(name) for name in SERVER_LOGGERS]
        for logger in loggers:
            logger.addFilter(silence)
        self._server.should_exit = True  # the server's next tick (<= 0.1 s) begins shutdown
        try:
            if self._thread.ident is not None:
                self._thread.join(_STOP_TIMEOUT_S)
        except KeyboardInterrupt:  # a second Ctrl-C while stopping: stop waiting politely
            self._server.force_exit = True
            with contextlib.suppress(KeyboardInterrupt):
                self._thread.join(_FORCED_STOP_WAIT_S)
        finally:
            self._sock.close()
            if not self._thread.is_alive():  # else keep it quiet for as long as it runs
                for logger in loggers:
                    logger.removeFilter(silence)


@contextlib.contextmanager
def run_in_thread(app: Any, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve `app` from a daemon thread; yields the base URL and stops cleanly on exit."""
    server = BackgroundServer(app, host, port)
    try:
        yield server.start()
    finally:
        server.stop()


def serve_forever(app: Any, host: str, port: int, *, log_level: str = "info",
                  on_ready: Callable[[str], None] | None = None) -> None:
    """Serve in the foreground until Ctrl-C, which stops quietly (no traceback). `on_ready`
    gets the real base URL (port 0 resolved) once the socket is bound.

    Raises:
        OSError: the address cannot be bound (in use, not local, no permission).
    """
    sock = bind(host, port)
    if on_ready is not None:
        on_ready(url_for(sock))
    cutter = CutOnShutdown(app)
    server = CuttingServer(_config(cutter, log_level=log_level, access_log=True,
                                   own_logging=True), cutter)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the captured SIGINT after shutting down
        pass
    finally:
        sock.close()
