"""A local, Cartesia-compatible TTS API: HTTP, SSE and WebSocket on one loopback port.

    emulator = Emulator(engine="tone")
    with emulator.run() as base_url:          # "http://127.0.0.1:PORT"
        ...                                   # talk to it with any Cartesia client
    emulator.requests                         # what the client sent
    emulator.faults.add("/tts/bytes", status=503, retry_after=1)   # misbehave on purpose

For the rest of a process (the CLI's --offline), without a `with` block:

    base_url = emulator.start()
    atexit.register(emulator.stop)            # quiet even after Ctrl-C, with streams open

Importing this package is cheap; starlette, uvicorn and numpy load when an Emulator is built.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from cartesia_cli.emulator.engines import Engine
    from cartesia_cli.emulator.server import BackgroundServer
    from cartesia_cli.emulator.state import FaultScript, RecordedRequest

__all__ = ["Emulator"]


class Emulator:
    """One emulated API: its app, what it recorded, and the faults scripted for it."""

    def __init__(
        self,
        *,
        engine: str | Engine | None = None,
        api_keys: list[str] | None = None,
        concurrency_limit: int = 15,
        idle_timeout: float = 300.0,
        latency_ms: float = 0,
        chunk_ms: float = 20.0,
        context_expiry_s: float = 1.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        """Build the app. `engine` is a name ("espeak", "tone"), an Engine, or None for
        $CARTESIA_EMULATOR_ENGINE / espeak when it loads / tone. `api_keys` None accepts any
        key that starts with sk_car_. `clock` (wall-clock seconds) dates and expires access
        tokens; tests pass one they move by hand.

        Raises:
            ValueError: a limit or duration is out of range, or the engine name is unknown.
            EngineUnavailable: the named engine cannot load.
        """
        if concurrency_limit < 1:
            raise ValueError("concurrency_limit must be at least 1")
        if chunk_ms <= 0 or idle_timeout <= 0 or latency_ms < 0 or context_expiry_s < 0:
            raise ValueError("chunk_ms and idle_timeout must be positive; "
                             "latency_ms and context_expiry_s not negative")
        from cartesia_cli.emulator.app import build_app
        from cartesia_cli.emulator.auth import Authenticator, TokenIssuer
        from cartesia_cli.emulator.engines import get_engine
        from cartesia_cli.emulator.state import ServerState

        chosen = get_engine(engine) if engine is None or isinstance(engine, str) else engine
        self._state = ServerState(
            engine=chosen,
            auth=Authenticator(api_keys, TokenIssuer(clock) if clock else TokenIssuer()),
            concurrency_limit=concurrency_limit,
            idle_timeout=idle_timeout,
            latency_ms=latency_ms,
            chunk_ms=chunk_ms,
            context_expiry_s=context_expiry_s,
        )
        self.app: Starlette = build_app(self._state)
        self._background: BackgroundServer | None = None

    @property
    def requests(self) -> list[RecordedRequest]:
        return self._state.requests

    @property
    def faults(self) -> FaultScript:
        return self._state.faults

    @property
    def engine_name(self) -> str:
        return self._state.engine.name

    @property
    def active_contexts(self) -> int:
        """Generations in progress (HTTP requests plus open WebSocket contexts)."""
        return self._state.contexts.in_use

    @property
    def chunks_synthesized(self) -> int:
        """Audio chunks synthesized so far, all generations together. It stops growing soon
        after a client hangs up: synthesis stops when nobody is listening."""
        return self._state.meter.chunks

    @contextlib.contextmanager
    def run(self, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
        """Serve from a background thread; yields the base URL, stops when the block ends.

        Leaving the block (normally, on an exception, on Ctrl-C) cuts open streams and stops
        the server without printing anything; calling the exit again is a no-op.
        """
        from cartesia_cli.emulator.server import run_in_thread

        with run_in_thread(self.app, host, port) as base_url:
            yield base_url

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve from a background thread until `stop()`; returns the base URL.

        Raises:
            RuntimeError: already started, or the server did not come up.
            OSError: the address cannot be bound.
        """
        from cartesia_cli.emulator.server import BackgroundServer

        if self._background is not None:
            raise RuntimeError("this emulator is already running; stop() it first")
        self._background = BackgroundServer(self.app, host, port)
        try:
            return self._background.start()
        except BaseException:
            self._background = None
            raise

    def stop(self) -> None:
        """Stop what `start()` started. Open streams are cut (HTTP bodies end incomplete,
        WebSockets close with 1001, requests not answered yet get 503), their synthesis stops,
        and nothing is printed. Takes ~0.2 s; ~1 s more when a client has stopped reading
        (uvicorn waits that long for its socket). Safe to call twice, before start(), from
        atexit and after Ctrl-C; never raises.
        """
        background, self._background = self._background, None
        if background is not None:
            background.stop()

    def serve(self, host: str = "127.0.0.1", port: int = 8000, *, log_level: str = "info",
              on_ready: Callable[[str], None] | None = None) -> None:
        """Serve in the foreground until Ctrl-C; `on_ready` gets the base URL once bound."""
        from cartesia_cli.emulator.server import serve_forever

        serve_forever(self.app, host, port, log_level=log_level, on_ready=on_ready)
