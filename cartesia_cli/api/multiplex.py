"""Many generations at once, each under a key, for a batch: contexts multiplexed over one
WebSocket (`WebSocketMux`), or parallel POST /tts/bytes requests (`BytesPool`).

Both are driven from one thread: `start(key, body)` begins a generation, `poll(timeout)` returns
what arrived as (key, event) pairs, where the event is an AudioChunk, Timestamps, Done, or the
CartesiaError that ended that generation (an in-band error event, a 429, a socket that
dropped). `cancel(key)` stops one; `close()` stops all. Neither retries: a batch knows, item by
item, whether another attempt is allowed (api/retry.py gives the waits).
"""

from __future__ import annotations

import queue
import threading
import time
from typing import TYPE_CHECKING, Any

from cartesia_cli.api.events import parse_event
from cartesia_cli.api.http import HttpClient
from cartesia_cli.api.retry import RetryPolicy
from cartesia_cli.api.ws import TTSWebSocket
from cartesia_cli.errors import CartesiaError, UnavailableError
from cartesia_cli.events import AudioChunk, Done, Event
from cartesia_cli.text_stream import split_pieces

if TYPE_CHECKING:
    from cartesia_cli.config import Settings

Arrival = tuple[str, "Event | CartesiaError"]
MAX_ONE_MESSAGE = 4000  # characters; a longer text goes as continuations, sentence by sentence
ACCEPT = {"raw": "application/octet-stream", "wav": "audio/wav", "mp3": "audio/mpeg"}


class WebSocketMux:
    """Contexts over one WebSocket, one per key (the key is the context_id, so it must be new
    for every attempt). Each generation is one message with `continue: false` (a long text:
    continuations cut at sentences, then an empty `continue: false`).

    The socket opens on the first `start()`. When it drops, or says nothing for `timeout`
    seconds while contexts are waiting, every context on it ends with an UnavailableError
    (retryable), and the next `start()` opens a new socket.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.ws: TTSWebSocket | None = None
        self.active: set[str] = set()
        self.connects = 0
        self._quiet_since = time.monotonic()

    @property
    def features(self) -> Any:
        return self.settings.resolved_version.features

    def start(self, key: str, body: dict[str, Any]) -> None:
        """Send the generation request for `key`.

        Raises:
            CartesiaError: the socket could not be opened (a refused handshake, a 429 on too
                many sockets, the network), or broke while sending.
        """
        if self.ws is None:
            ws = TTSWebSocket(self.settings)
            ws.connect()
            self.connects += 1
            self.ws = ws
            self._quiet_since = time.monotonic()
        if not self.active:
            self._quiet_since = time.monotonic()
        text = str(body.get("transcript", ""))
        pieces = split_pieces(text) if len(text) > MAX_ONE_MESSAGE else [text]
        try:
            if len(pieces) == 1:
                self.ws.send({**body, "context_id": key, "continue": False})
            else:  # a long text in continuations, then the end of the context's input
                for piece in pieces:
                    self.ws.send({**body, "transcript": piece, "context_id": key,
                                  "continue": True})
                self.ws.send({**body, "transcript": "", "context_id": key, "continue": False})
        except CartesiaError:
            self._drop()
            raise
        self.active.add(key)

    def poll(self, timeout: float) -> list[Arrival]:
        if self.ws is None or not self.active:
            time.sleep(timeout)
            return []
        try:
            message = self.ws.poll(timeout)
        except CartesiaError as exc:  # the socket closed, or sent something unreadable
            return self._lose(exc)
        now = time.monotonic()
        if message is None:
            if now - self._quiet_since > self.ws.timeout:
                return self._lose(UnavailableError(
                    f"no answer on the WebSocket for {self.ws.timeout:g} s",
                    hint="raise --timeout, or try again"))
            return []
        self._quiet_since = now
        key = message.get("context_id")
        if not isinstance(key, str) or key not in self.active:
            return []  # a context cancelled earlier, still draining
        try:
            event = parse_event(message, "the WebSocket")
        except CartesiaError as exc:
            self.active.discard(key)
            return [(key, exc)]
        if event is None:
            return []
        if isinstance(event, Done):
            self.active.discard(key)
        return [(key, event)]

    def cancel(self, key: str) -> None:
        if key not in self.active:
            return
        self.active.discard(key)
        if self.ws is not None:
            try:
                self.ws.send({"context_id": key, "cancel": True})
            except CartesiaError:
                self._drop()

    def close(self) -> None:
        for key in list(self.active):
            self.cancel(key)
        self._drop()

    def _lose(self, exc: CartesiaError) -> list[Arrival]:
        if isinstance(exc, UnavailableError):
            exc.hint = "the batch opens a new socket and tries the item again"
        lost: list[Arrival] = [(key, exc) for key in sorted(self.active)]
        self.active.clear()
        self._drop()
        return lost

    def _drop(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None


class BytesPool:
    """One thread per POST /tts/bytes in flight, on one connection pool. Chunks come back to the
    polling thread through a bounded queue, so a slow disk slows the readers instead of filling
    memory."""

    def __init__(self, settings: Settings, jobs: int):
        # No retries in here: the batch decides per item (a policy with an empty budget).
        self.client = HttpClient(settings, retry=RetryPolicy(0))
        self.client.credentials.require()
        self.arrivals: queue.Queue[Arrival] = queue.Queue(maxsize=max(16, 8 * jobs))
        self.flags: dict[str, threading.Event] = {}
        self.threads: list[threading.Thread] = []  # started and maybe still running

    @property
    def features(self) -> Any:
        return self.client.version.features

    def start(self, key: str, body: dict[str, Any]) -> None:
        flag = threading.Event()
        self.flags[key] = flag
        accept = ACCEPT.get(str(body.get("output_format", {}).get("container")), "*/*")
        thread = threading.Thread(target=self._fetch, args=(key, body, accept, flag),
                                  name=f"cartesia-batch-{key}", daemon=True)
        self.threads = [t for t in self.threads if t.is_alive()]
        self.threads.append(thread)
        thread.start()

    def _fetch(self, key: str, body: dict[str, Any], accept: str, flag: threading.Event) -> None:
        try:
            chunks = self.client.iter_audio("POST", "/tts/bytes", json=body, accept=accept)
            try:
                for chunk in chunks:
                    if flag.is_set():
                        return
                    self._put(flag, (key, AudioChunk(chunk, key)))
            finally:
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()
            self._put(flag, (key, Done(key)))
        except CartesiaError as exc:
            self._put(flag, (key, exc))
        except Exception as exc:  # noqa: BLE001 - reported for this item, never lost in a thread
            self._put(flag, (key, CartesiaError(f"unexpected {type(exc).__name__}: {exc}")))

    def _put(self, flag: threading.Event, arrival: Arrival) -> None:
        while not flag.is_set():
            try:
                self.arrivals.put(arrival, timeout=0.2)
                return
            except queue.Full:
                continue

    def poll(self, timeout: float) -> list[Arrival]:
        got: list[Arrival] = []
        try:
            got.append(self.arrivals.get(timeout=timeout))
            while len(got) < 256:
                got.append(self.arrivals.get_nowait())
        except queue.Empty:
            pass
        live: list[Arrival] = []
        for key, event in got:
            if key not in self.flags:
                continue  # cancelled meanwhile
            if isinstance(event, Done | CartesiaError):
                self._forget(key)
            live.append((key, event))
        return live

    def cancel(self, key: str) -> None:
        flag = self.flags.get(key)
        if flag is not None:
            flag.set()
            self._forget(key)

    def _forget(self, key: str) -> None:
        self.flags.pop(key, None)

    def close(self) -> None:
        threads, self.threads = self.threads, []
        for key in list(self.flags):
            self.cancel(key)
        deadline = time.monotonic() + 2.0
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self.client.close()
