"""Streaming synthesis over WebSocket (continuations) or SSE, as typed events in order.

Both transports take the text as an iterable of pieces that may still be arriving (stdin), and
yield audio and timestamp events as they come. Timestamps are absolute from the start of the run.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Generator, Iterable, Iterator
from functools import partial
from typing import Any, NamedTuple

from cartesia_cli import signals
from cartesia_cli.api.events import parse_event
from cartesia_cli.api.http import (
    ERROR_BODY_LIMIT,
    HttpClient,
    content_type,
    read_bytes,
    unexpected_answer,
)
from cartesia_cli.api.retry import RetryHook, RetryPolicy
from cartesia_cli.api.sse import SSEParser
from cartesia_cli.api.tts import Voicing, WireFormat, request_body
from cartesia_cli.api.ws import TTSWebSocket
from cartesia_cli.config import Settings
from cartesia_cli.errors import (
    CartesiaError,
    ProtocolError,
    StreamBrokenError,
    UnavailableError,
)
from cartesia_cli.events import AudioChunk, Done, Event, FlushDone, Timestamps
from cartesia_cli.text_stream import sentences


class StreamOptions(NamedTuple):  # not a frozen dataclass: a quarter of the import time
    timestamps: bool = False
    phonemes: bool = False
    max_buffer_delay_ms: int | None = None
    context_id: str | None = None
    live_input: bool = False  # pieces still arriving (stdin): SSE sends them sentence by sentence


def stream_websocket(settings: Settings, pieces: Iterable[str], voicing: Voicing,
                     wire: WireFormat, opts: StreamOptions, *,
                     on_retry: RetryHook | None = None, retry: RetryPolicy | None = None,
                     ) -> Generator[Event, None, None]:
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
    base = request_body("", voicing, wire, ws.version.features, endpoint="websocket",
                        context_id=context_id,
                        add_timestamps=opts.timestamps or None,
                        add_phoneme_timestamps=opts.phonemes or None,
                        max_buffer_delay_ms=opts.max_buffer_delay_ms)
    ws.connect()
    backlog = Backlog()
    sender = _Sender(ws, base, text, backlog)
    done = False
    try:
        sender.start()
        quiet_since = time.monotonic()
        while True:
            signals.check()
            sender.check()
            message = ws.poll(0.25)
            if message is None:
                _check_silence(ws, sender, backlog, quiet_since)
                continue
            quiet_since = time.monotonic()
            if message.get("context_id") not in (None, context_id):
                continue
            event = parse_event(message, "the WebSocket")
            if isinstance(event, Done):
                done = True
                return
            if isinstance(event, FlushDone):
                backlog.flush_done(event.flush_id)
            if event is not None:
                yield event
    finally:
        backlog.close()
        if not done:
            try:
                ws.send({"context_id": context_id, "cancel": True})
            except CartesiaError:
                pass
        ws.close()


def _check_silence(ws: TTSWebSocket, sender: _Sender, backlog: Backlog,
                   quiet_since: float) -> None:
    """Silence is fine while the input is still arriving, not once it has all been sent, nor
    while the sender waits for the server to catch up (a server that stopped answering would
    otherwise hold a long text there for ever)."""
    owed_since = sender.finished if sender.finished is not None else backlog.waiting_since
    if owed_since is None:
        return
    if time.monotonic() - max(quiet_since, owed_since) > ws.timeout:
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


class Backlog:
    """How far the text sent runs ahead of the audio generated.

    The API buffers a context's text until it is spoken, and refuses a context that holds too
    much (413); a client that sent a whole book at once would overrun it. So every half window
    the sender asks for a flush (`flush: true`, documented for the WebSocket: the API generates
    what it holds and answers `flush_done` with the flush's id, counted from 1 per context), and
    it waits while more than a window of characters is sent but not yet covered by a
    `flush_done`. Short texts never wait. A server that never answers a flush only slows the
    sender down: after `patience` seconds without progress it sends on."""

    WINDOW_CHARS = 100_000

    def __init__(self, window: int | None = None, patience: float = 30.0) -> None:
        self.window = window or self.WINDOW_CHARS
        self.patience = patience
        self._cond = threading.Condition()
        self._sent = 0
        self._flushed_at: list[int] = []  # chars sent when flush number i+1 was asked for
        self._confirmed = 0  # chars covered by the newest flush_done
        self._closed = False
        self.waiting_since: float | None = None  # monotonic time the sender began to wait

    def wait_for_room(self) -> None:
        with self._cond:
            waited = 0.0
            while (not self._closed and self._sent - self._confirmed > self.window
                   and waited < self.patience):
                if self.waiting_since is None:
                    self.waiting_since = time.monotonic()
                self._cond.wait(0.25)
                waited += 0.25
            self.waiting_since = None

    def sent(self, chars: int) -> bool:
        """Count a piece sent; True when a flush is due now."""
        with self._cond:
            self._sent += chars
            last = self._flushed_at[-1] if self._flushed_at else 0
            return self._sent - last >= self.window // 2

    def flushed(self) -> None:
        with self._cond:
            self._flushed_at.append(self._sent)

    def flush_done(self, flush_id: int | None) -> None:
        with self._cond:
            if isinstance(flush_id, int) and 1 <= flush_id <= len(self._flushed_at):
                self._confirmed = max(self._confirmed, self._flushed_at[flush_id - 1])
                self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class _Sender(threading.Thread):
    """Sends the pieces as they arrive (stdin may block), then closes the context's input."""

    def __init__(self, ws: TTSWebSocket, base: dict[str, Any], text: ReplayableText,
                 backlog: Backlog):
        super().__init__(daemon=True, name="cartesia-sender")
        self.ws, self.base, self.text, self.backlog = ws, base, text, backlog
        self.error: BaseException | None = None
        self.finished: float | None = None  # monotonic time when all input was sent

    def run(self) -> None:
        try:
            index = 0
            while (piece := self.text.get(index)) is not None:
                index += 1
                if piece:
                    self.backlog.wait_for_room()
                    self.ws.send({**self.base, "transcript": piece, "continue": True})
                    if self.backlog.sent(len(piece)):
                        self.ws.send({**self.base, "transcript": "", "continue": True,
                                      "flush": True})
                        self.backlog.flushed()
            self.ws.send({**self.base, "transcript": "", "continue": False})
            self.finished = time.monotonic()
        except BaseException as exc:  # surfaced in the receiving thread by check()
            self.error = exc

    def check(self) -> None:
        if self.error is not None:
            raise self.error


def stream_sse(settings: Settings, pieces: Iterable[str], voicing: Voicing, wire: WireFormat,
               opts: StreamOptions, *, on_retry: RetryHook | None = None,
               retry: RetryPolicy | None = None) -> Generator[Event, None, None]:
    """One SSE request per piece of a known text, or per sentence of live input (SSE cannot
    continue a context); events in order, timestamps shifted by the audio already produced.
    Each request is retried while it has delivered nothing; all draw on one budget."""
    offset = 0.0
    with HttpClient(settings, on_retry=on_retry, retry=retry) as client:
        for text in sentences(pieces) if opts.live_input else pieces:
            if not text.strip():
                continue
            body = request_body(text, voicing, wire, client.version.features, endpoint="sse",
                                context_id=opts.context_id,
                                add_timestamps=opts.timestamps or None,
                                add_phoneme_timestamps=opts.phonemes or None)
            audio = 0
            for event in client.retry.stream(partial(_sse_request, client, body)):
                if isinstance(event, AudioChunk):
                    audio += len(event.data)
                elif isinstance(event, Timestamps) and offset:
                    event = Timestamps(event.kind, event.items,
                                       tuple(s + offset for s in event.start),
                                       tuple(e + offset for e in event.end), event.context_id)
                yield event
            offset += wire.seconds(audio)


def _sse_request(client: HttpClient, body: dict[str, Any]) -> Iterator[Event]:
    where = "POST /tts/sse"
    parser = SSEParser()
    with client.open("POST", "/tts/sse", json=body, accept="text/event-stream") as response:
        kind = content_type(response)
        if kind != "text/event-stream":
            raise unexpected_answer(where, kind, read_bytes(response, ERROR_BODY_LIMIT))
        for chunk in response.iter_bytes():  # a stream that breaks is mapped by open()
            events = (_sse_event(sse.data, where) for sse in parser.feed(chunk))
            # The audio events of one read go on as one chunk: one write downstream instead of
            # one per event, and nothing waits (they have all arrived).
            for event in _joined_audio(events):
                if isinstance(event, Done):
                    return
                yield event
    raise StreamBrokenError(f"the SSE stream from {where} ended without a done event",
                            hint="the output was not completed; try again")


def _sse_event(data: str, where: str) -> Event | Done | None:
    try:
        message = json.loads(data)
    except ValueError:
        raise ProtocolError(f"{where} sent an event that is not JSON") from None
    if not isinstance(message, dict):
        raise ProtocolError(f"{where} sent an event that is not a JSON object")
    return parse_event(message, where)


def _joined_audio(events: Iterator[Event | Done | None]) -> Iterator[Event | Done]:
    """The events in order, with runs of audio chunks of one context joined into one. Events
    are parsed as they are taken: audio before an error event is handed on before the error is
    raised (it reached the sink, so the request is not retried)."""
    run: list[AudioChunk] = []

    def joined() -> AudioChunk:
        first = run[0]
        return first if len(run) == 1 else first._replace(
            data=b"".join(chunk.data for chunk in run))

    while True:
        try:
            event = next(events, _END)
        except CartesiaError:
            if run:
                yield joined()
            raise
        if event is None:  # an event the CLI has no use for
            continue
        if isinstance(event, AudioChunk) and (not run or (
                (event.context_id, event.flush_id) == (run[0].context_id, run[0].flush_id))):
            run.append(event)
            continue
        if run:
            yield joined()
            run = []
        if event is _END:
            return
        if isinstance(event, AudioChunk):
            run.append(event)
        else:
            yield event


_END = Done()  # the end of one read's events: compared by identity, so no server event is it
