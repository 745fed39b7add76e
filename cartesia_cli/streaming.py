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
from cartesia_cli.api.http import HttpClient, load_httpx
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
                     on_retry: RetryHook = None) -> Iterator[Event]:
    """One context on one socket: pieces sent with continue:true as they arrive, then
    continue:false; events yielded until `done`. Closing early cancels the context."""
    ws = TTSWebSocket(settings, on_retry=on_retry)
    context_id = opts.context_id or str(uuid.uuid4())
    base = request_body("", voicing, wire, ws.version.features, context_id=context_id,
                        add_timestamps=opts.timestamps or None,
                        add_phoneme_timestamps=opts.phonemes or None,
                        max_buffer_delay_ms=opts.max_buffer_delay_ms)
    ws.connect()
    sender = _Sender(ws, base, pieces)
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


class _Sender(threading.Thread):
    """Sends the pieces as they arrive (stdin may block), then closes the context's input."""

    def __init__(self, ws: TTSWebSocket, base: dict[str, Any], pieces: Iterable[str]):
        super().__init__(daemon=True, name="cartesia-sender")
        self.ws, self.base, self.pieces = ws, base, pieces
        self.error: BaseException | None = None
        self.finished: float | None = None  # monotonic time when all input was sent

    def run(self) -> None:
        try:
            for piece in self.pieces:
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
               opts: StreamOptions, *, on_retry: RetryHook = None) -> Iterator[Event]:
    """One SSE request per piece of a known text, or per sentence of live input (SSE cannot
    continue a context); events in order, timestamps shifted by the audio already produced."""
    pcm = PcmFormat(wire.encoding, wire.sample_rate)
    offset = 0.0
    with HttpClient(settings, on_retry=on_retry) as client:
        for text in sentences(pieces) if opts.live_input else pieces:
            if not text.strip():
                continue
            body = request_body(text, voicing, wire, client.version.features,
                                context_id=opts.context_id,
                                add_timestamps=opts.timestamps or None,
                                add_phoneme_timestamps=opts.phonemes or None)
            audio = 0
            for event in _sse_retrying(client, body):
                if isinstance(event, AudioChunk):
                    audio += len(event.data)
                elif isinstance(event, Timestamps) and offset:
                    event = Timestamps(event.kind, event.items,
                                       tuple(s + offset for s in event.start),
                                       tuple(e + offset for e in event.end), event.context_id)
                yield event
            offset += pcm.seconds(audio)


def _sse_retrying(client: HttpClient, body: dict[str, Any]) -> Iterator[Event]:
    """One SSE request, sent again if its stream broke before it delivered any event."""
    attempt = 0
    while True:
        delivered = False
        try:
            for event in _sse_request(client, body):
                delivered = True
                yield event
            return
        except StreamBrokenError as exc:
            if delivered or attempt >= client.max_retries:
                raise
            client.wait_before_retry(attempt, None, exc.message)
            attempt += 1


def _sse_request(client: HttpClient, body: dict[str, Any]) -> Iterator[Event]:
    httpx = load_httpx()

    where = "POST /tts/sse"
    parser = SSEParser()
    try:
        with client.stream("POST", "/tts/sse", json=body, accept="text/event-stream") as response:
            for chunk in response.iter_bytes():
                for sse in parser.feed(chunk):
                    try:
                        message = json.loads(sse.data)
                    except ValueError:
                        raise ProtocolError(f"{where} sent an event that is not JSON") from None
                    event = parse_event(message, where)
                    if isinstance(event, Done):
                        return
                    if event is not None:
                        yield event
    except httpx.TransportError as exc:
        raise StreamBrokenError(f"the SSE stream from {where} broke off: {exc}",
                                hint="the output was not completed; try again") from exc
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
