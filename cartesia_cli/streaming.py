"""`stream`: synthesis over WebSocket (continuations) or SSE, as typed events in order.

Both transports take the text as an iterable of pieces that may still be arriving (stdin), and
yield audio and timestamp events as they come. Timestamps are absolute from the start of the run.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cartesia_cli.api.events import AudioChunk, Done, Event, Timestamps, parse_event
from cartesia_cli.api.http import (
    ERROR_BODY_LIMIT,
    HttpClient,
    content_type,
    load_httpx,
    read_bytes,
    unexpected_answer,
)
from cartesia_cli.api.retry import RetryPolicy
from cartesia_cli.api.sse import SSEParser
from cartesia_cli.api.tts import Voicing, WireFormat, request_body
from cartesia_cli.api.ws import TTSWebSocket
from cartesia_cli.audio.formats import PcmFormat
from cartesia_cli.config import Settings
from cartesia_cli.errors import (
    CartesiaError,
    ProtocolError,
    StreamBrokenError,
    UnavailableError,
)
from cartesia_cli.text_stream import sentences

RetryHook = Callable[[int, float, str], None] | None


@dataclass(frozen=True)
class StreamOptions:
    timestamps: bool = False
    phonemes: bool = False
    max_buffer_delay_ms: int | None = None
    context_id: str | None = None
    live_input: bool = False  # pieces still arriving (stdin): SSE sends them sentence by sentence


def stream_websocket(settings: Settings, pieces: Iterable[str], voicing: Voicing,
                     wire: WireFormat, opts: StreamOptions, *,
                     on_retry: RetryHook = None, retry: RetryPolicy | None = None,
                     ) -> Iterator[Event]:
    """One context on one socket: pieces sent with continue:true as they arrive, then
    continue:false; events yielded until `done`. Closing early cancels the context.

    A socket that cannot open, closes, or answers 429/5xx before the first event is opened
    again and the text sent so far is sent again (the policy's budget allows).
    """
    policy = retry or RetryPolicy(int(settings["max_retries"]), on_retry=on_retry)
    text = ReplayableText(pieces)
    context_id = opts.context_id or str(uuid.uuid4())

    def attempt() -> Iterator[Event]:
        return _one_socket(settings, text, voicing, wire, opts, context_id)

    for event in policy.stream(attempt):
        text.forget()  # something arrived: no more retries, so nothing more to replay
        yield event


def _one_socket(settings: Settings, text: ReplayableText, voicing: Voicing, wire: WireFormat,
                opts: StreamOptions, context_id: str) -> Iterator[Event]:
    ws = TTSWebSocket(settings)
    base = request_body("", voicing, wire, ws.version.features, context_id=context_id,
                        add_timestamps=opts.timestamps or None,
                        add_phoneme_timestamps=opts.phonemes or None,
                        max_buffer_delay_ms=opts.max_buffer_delay_ms)
    ws.connect()
    sender = _Sender(ws, base, text)
    done = False
    try:
        sender.start()
        quiet_since = time.monotonic()
        while True:
            sender.check()
            message = ws.poll(0.25)
            if message is None:
                _check_silence(ws, sender, quiet_since)
                continue
            quiet_since = time.monotonic()
            if message.get("context_id") not in (None, context_id):
                continue
            event = parse_event(message, "the WebSocket")
            if isinstance(event, Done):
                done = True
                return
            if event is not None:
                yield event
    finally:
        if not done:
            try:
                ws.send({"context_id": context_id, "cancel": True})
            except CartesiaError:
                pass
        ws.close()


def _check_silence(ws: TTSWebSocket, sender: _Sender, quiet_since: float) -> None:
    """Silence is fine while the input is still arriving, not once it has all been sent."""
    if sender.finished is None:
        return
    if time.monotonic() - max(quiet_since, sender.finished) > ws.timeout:
        raise UnavailableError(f"no answer on the WebSocket for {ws.timeout:g} s",
                               hint="raise --timeout, or try again")


class ReplayableText:
    """The pieces of a text that may still be arriving, readable again from the start by a
    second socket until `forget()` (called once audio has arrived: no retry after that).

    The source is read by one thread at a time; a sender of a dead socket blocked on it hands
    the piece it gets to the log, where the next sender finds it.
    """

    def __init__(self, pieces: Iterable[str]):
        self._source = iter(pieces)
        self._lock = threading.Lock()
        self._log: list[str] = []
        self._offset = 0  # pieces forgotten before the log's first entry
        self._ended = False
        self._keeping = True

    def get(self, index: int) -> str | None:
        """Piece number `index`, reading the source as needed; None after the last one."""
        with self._lock:
            while index >= self._offset + len(self._log) and not self._ended:
                try:
                    piece = next(self._source)
                except StopIteration:
                    self._ended = True
                    break
                if not self._keeping:
                    self._offset += len(self._log)
                    self._log = []
                self._log.append(piece)
            position = index - self._offset
            if 0 <= position < len(self._log):
                return self._log[position]
            return None

    def forget(self) -> None:
        self._keeping = False


class _Sender(threading.Thread):
    """Sends the pieces as they arrive (stdin may block), then closes the context's input."""

    def __init__(self, ws: TTSWebSocket, base: dict[str, Any], text: ReplayableText):
        super().__init__(daemon=True, name="cartesia-sender")
        self.ws, self.base, self.text = ws, base, text
        self.error: BaseException | None = None
        self.finished: float | None = None  # monotonic time when all input was sent

    def run(self) -> None:
        try:
            index = 0
            while (piece := self.text.get(index)) is not None:
                index += 1
                if piece:
                    self.ws.send({**self.base, "transcript": piece, "continue": True})
            self.ws.send({**self.base, "transcript": "", "continue": False})
            self.finished = time.monotonic()
        except BaseException as exc:  # surfaced in the receiving thread by check()
            self.error = exc

    def check(self) -> None:
        if self.error is not None:
            raise self.error


def stream_sse(settings: Settings, pieces: Iterable[str], voicing: Voicing, wire: WireFormat,
               opts: StreamOptions, *, on_retry: RetryHook = None,
               retry: RetryPolicy | None = None) -> Iterator[Event]:
    """One SSE request per piece of a known text, or per sentence of live input (SSE cannot
    continue a context); events in order, timestamps shifted by the audio already produced.
    Each request is retried while it has delivered nothing; all draw on one budget."""
    pcm = PcmFormat(wire.encoding, wire.sample_rate)
    offset = 0.0
    with HttpClient(settings, on_retry=on_retry, retry=retry) as client:
        for text in sentences(pieces) if opts.live_input else pieces:
            if not text.strip():
                continue
            body = request_body(text, voicing, wire, client.version.features,
                                context_id=opts.context_id,
                                add_timestamps=opts.timestamps or None,
                                add_phoneme_timestamps=opts.phonemes or None)
            audio = 0
            for event in client.retry.stream(lambda body=body: _sse_request(client, body)):
                if isinstance(event, AudioChunk):
                    audio += len(event.data)
                elif isinstance(event, Timestamps) and offset:
                    event = Timestamps(event.kind, event.items,
                                       tuple(s + offset for s in event.start),
                                       tuple(e + offset for e in event.end), event.context_id)
                yield event
            offset += pcm.seconds(audio)


def _sse_request(client: HttpClient, body: dict[str, Any]) -> Iterator[Event]:
    httpx = load_httpx()

    where = "POST /tts/sse"
    parser = SSEParser()
    with client.open("POST", "/tts/sse", json=body, accept="text/event-stream") as response:
        kind = content_type(response)
        if kind != "text/event-stream":
            raise unexpected_answer(where, kind, read_bytes(response, ERROR_BODY_LIMIT))
        try:
            for chunk in response.iter_bytes():
                for sse in parser.feed(chunk):
                    try:
                        message = json.loads(sse.data)
                    except ValueError:
                        raise ProtocolError(f"{where} sent an event that is not JSON") from None
                    if not isinstance(message, dict):
                        raise ProtocolError(f"{where} sent an event that is not a JSON object")
                    event = parse_event(message, where)
                    if isinstance(event, Done):
                        return
                    if event is not None:
                        yield event
        except httpx.TransportError as exc:
            raise client.network_error(exc, where) from exc
    raise StreamBrokenError(f"the SSE stream from {where} ended without a done event",
                            hint="the output was not completed; try again")


def run_stream(settings: Settings, pieces: Iterable[str], voicing: Voicing, plan: Any,
               opts: StreamOptions, transport: str, *, on_retry: RetryHook = None,
               ) -> tuple[Any, Any]:
    """Stream the pieces over `transport` ("websocket" or "sse") into the plan's sink.

    Returns the run's Stats and its TimestampLog. The sink is opened before the first byte
    arrives (so playback starts on the first chunk), and aborted on any failure or Ctrl-C before
    the context is cancelled.
    """
    from contextlib import closing

    from cartesia_cli.audio.pump import Stats, pump
    from cartesia_cli.audio.subtitles import TimestampLog

    stats = Stats(bytes_per_second=plan.pcm.bytes_per_second)
    log = TimestampLog()
    start = stream_websocket if transport == "websocket" else stream_sse
    sink = plan.open_sink()
    try:
        events = start(settings, pieces, voicing, plan.wire, opts, on_retry=on_retry)
    except BaseException:
        sink.close(abort=True)
        raise
    with closing(events):
        pump(_audio_only(events, log), sink, stats)
    return stats, log


def _audio_only(events: Iterable[Event], log: Any) -> Iterator[bytes]:
    for event in events:
        if isinstance(event, AudioChunk):
            if event.data:
                yield event.data
        elif isinstance(event, Timestamps):
            log.add(event)
