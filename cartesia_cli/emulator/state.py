"""What the emulator remembers: recorded requests, scripted faults and the concurrency budget."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cartesia_cli.emulator.dicts import DictStore
from cartesia_cli.emulator.errors import ApiFailure
from cartesia_cli.emulator.voice_store import VoiceStore

if TYPE_CHECKING:
    from cartesia_cli.emulator.auth import Authenticator
    from cartesia_cli.emulator.engines import Engine


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "
    json: object | None = None  # the parsed JSON body, when there was one
    ws_messages: list[object] = field(default_factory=list)  # client frames (parsed when JSON)


@dataclass
class Fault:
    """One scripted misbehaviour for a path, used `times` times.

    A fault with `drop_after_bytes` or `close_ws_after_messages` lets the request succeed and cuts
    the stream; otherwise `status` (when not None) replaces the answer. `delay` applies either way.
    """

    path: str
    status: int | None = 500
    times: int = 1
    retry_after: float | None = None
    delay: float = 0.0
    drop_after_bytes: int | None = None
    error_code: str | None = None
    message: str | None = None
    close_ws_after_messages: int | None = None

    @property
    def cuts_stream(self) -> bool:
        return self.drop_after_bytes is not None or self.close_ws_after_messages is not None

    def failure(self) -> ApiFailure | None:
        """The error this fault answers with, or None when the request should proceed."""
        if self.status is None or self.cuts_stream:
            return None
        error_code = self.error_code
        if error_code is None and self.status == 429:
            error_code = "concurrency_limited"
        return ApiFailure.for_status(self.status, self.message, error_code,
                                     retry_after=self.retry_after)


class FaultScript:
    """Faults per path, consumed in the order they were added. Safe to script from test threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(
        self,
        path: str = "/tts/bytes",
        status: int | None = 500,
        times: int = 1,
        retry_after: float | None = None,
        delay: float = 0.0,
        drop_after_bytes: int | None = None,
        error_code: str | None = None,
        message: str | None = None,
        close_ws_after_messages: int | None = None,
    ) -> Fault:
        if times < 1:
            raise ValueError("times must be at least 1")
        fault = Fault(path, status, times, retry_after, delay, drop_after_bytes, error_code,
                      message, close_ws_after_messages)
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, path: str) -> Fault | None:
        """The next fault for `path`, counting one use of it."""
        with self._lock:
            for i, fault in enumerate(self._faults):
                if fault.path == path:
                    fault.times -= 1
                    if fault.times == 0:
                        del self._faults[i]
                    return fault
        return None

    def pending(self, path: str | None = None) -> int:
        with self._lock:
            return sum(f.times for f in self._faults if path is None or f.path == path)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()


class Budget:
    """A counter with a ceiling (active contexts, open sockets). Used on the event loop only."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.in_use = 0

    def try_acquire(self) -> bool:
        if self.in_use >= self.limit:
            return False
        self.in_use += 1
        return True

    def release(self) -> None:
        self.in_use = max(0, self.in_use - 1)


def concurrency_failure(limit: int) -> ApiFailure:
    return ApiFailure(
        429, "Too many concurrent requests",
        f"This emulator allows {limit} concurrent generations; wait for one to finish.",
        "concurrency_limited", retry_after=1,
    )


@dataclass
class Meter:
    """Work done so far, so tests can see that a generation really stopped. Event loop only."""

    chunks: int = 0  # audio chunks synthesized, all generations together


@dataclass
class ServerState:
    """Everything a request handler needs, hung on the Starlette app as `app.state.emulator`."""

    engine: Engine
    auth: Authenticator
    concurrency_limit: int
    idle_timeout: float
    latency_ms: float
    chunk_ms: float
    context_expiry_s: float
    requests: list[RecordedRequest] = field(default_factory=list)
    faults: FaultScript = field(default_factory=FaultScript)
    meter: Meter = field(default_factory=Meter)
    voices: VoiceStore = field(default_factory=VoiceStore)  # catalog + callers' own voices
    dicts: DictStore = field(default_factory=DictStore)  # pronunciation dictionaries
    contexts: Budget = field(init=False)  # active generations: HTTP requests + WebSocket contexts
    sockets: Budget = field(init=False)  # open WebSockets (the API allows 10x the context limit)

    def __post_init__(self) -> None:
        self.contexts = Budget(self.concurrency_limit)
        self.sockets = Budget(10 * self.concurrency_limit)
