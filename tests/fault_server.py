"""A misbehaving stand-in for the Cartesia API, served on a real loopback socket.

The fault server answers `/tts/bytes`, `/tts/sse`, `/tts/websocket`, `/voices` (and a few other
paths) on one port, so one base URL works for every transport. Each request to a path takes the
next *behaviour* scripted for that path (the last one repeats); unscripted paths answer well.
Behaviours are small frozen dataclasses: `Good()`, `Status(429, headers={"Retry-After": "1"})`,
`Truncate(100)`, `Stall(0, 30)`, `Reset()`, `WsErrorEvent(429)`, ...

    with FaultServer() as server:
        server.script("/tts/bytes", Status(503), Good())   # one 503, then good answers
        ...run the client against server.base_url...
        assert server.statuses("/tts/bytes") == [503, 200]

It is written from the API facts alone (it imports nothing from cartesia_cli), and it is allowed
to lie: HTTP/1.1 is spoken by hand over asyncio streams, so a response can announce a
Content-Length it never delivers, stop mid-body, stall or reset the connection. The WebSocket
handshake and framing (RFC 6455) are done by hand too, so the handshake can be refused with any
HTTP response and the socket can be closed at any moment, cleanly or not.

The asyncio loop runs in a daemon thread; `__exit__` cancels every open connection (stalled ones
included) and joins the thread.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import email.utils
import hashlib
import json
import socket
import struct
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

__all__ = [
    "API_VERSION", "DEFAULT_AUDIO_BYTES", "DEFAULT_CHUNKS", "DEFAULT_VOICES", "LOGIN_PAGE",
    "Behaviour", "Empty200", "FaultServer", "Good", "Html200", "Json200", "Recorded", "Redirect",
    "Reset", "SlowAudio", "SseEndsWithoutDone", "SseErrorEvent", "SseRaw", "Stall", "Status",
    "Truncate", "WsAudioThenClose", "WsCloseBeforeAudio", "WsErrorEvent", "WsNeverAnswers",
    "WsRaw", "WsReject", "chunk_event", "done_event", "error_body", "error_event", "good_audio",
    "good_mp3", "good_wav", "http_date", "kind_of", "rate_limited", "running_fault_server",
    "split_audio", "sse_frame", "timestamps_event", "wav_header",
]

API_VERSION = "2026-03-01"  # what GET / reports
DEFAULT_AUDIO_BYTES = 16_000  # good audio per generation (4000 float32 samples)
DEFAULT_CHUNKS = 4  # audio pieces per generation (HTTP body pieces, SSE/WS chunk events)
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 §1.3

# What a path is, which decides what a good answer looks like and which behaviours apply.
BYTES, SSE, WS, JSON = "bytes", "sse", "websocket", "json"
ALL_KINDS = frozenset({BYTES, SSE, WS, JSON})
AUDIO_KINDS = frozenset({BYTES, SSE, WS})
_KIND_OF_PATH = {"/tts/bytes": BYTES, "/tts/sse": SSE, "/tts/websocket": WS}


def kind_of(path: str) -> str:
    return _KIND_OF_PATH.get(path, JSON)


# --- good audio -----------------------------------------------------------------------------------

# 251 float32 samples (a prime, so a dropped, repeated or shifted piece shows up in a comparison),
# all in (-0.5, 0.5) and none zero: sane as pcm_f32le, arbitrary but valid as pcm_s16le or 8-bit.
_PERIOD = 251
_PATTERN = struct.pack(f"<{_PERIOD}f", *[(i - 125 + 0.5) / 256 for i in range(_PERIOD)])


def good_audio(n_bytes: int = DEFAULT_AUDIO_BYTES, start: int = 0) -> bytes:
    """The deterministic audio every good answer carries: bytes [start, start + n_bytes) of an
    endless repeating float32 pattern. A request's body or a context's audio is good_audio(N)."""
    if n_bytes < 0 or start < 0:
        raise ValueError("n_bytes and start must be >= 0")
    reps = (start + n_bytes) // len(_PATTERN) + 1
    return (_PATTERN * reps)[start:start + n_bytes]


def split_audio(data: bytes, pieces: int) -> list[bytes]:
    """`data` in at most `pieces` parts, each a multiple of 4 bytes (except maybe the last)."""
    if not data:
        return []
    size = -(-len(data) // max(1, pieces))
    size += (-size) % 4
    return [data[i:i + size] for i in range(0, len(data), size)]


_WAV_FORMATS = {"pcm_f32le": (3, 32), "pcm_s16le": (1, 16), "pcm_mulaw": (7, 8),
                "pcm_alaw": (6, 8)}


def wav_header(n_data: int, sample_rate: int = 44100, encoding: str = "pcm_f32le") -> bytes:
    fmt_code, bits = _WAV_FORMATS.get(encoding, (3, 32))
    block = bits // 8
    fmt = struct.pack("<HHIIHH", fmt_code, 1, sample_rate, sample_rate * block, block, bits)
    return (b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + n_data) + b"WAVE"
            + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", n_data))


def good_wav(n_bytes: int = DEFAULT_AUDIO_BYTES, sample_rate: int = 44100,
             encoding: str = "pcm_f32le") -> bytes:
    """A complete WAV file (real sizes, 44-byte header) whose data is good_audio(n_bytes)."""
    return wav_header(n_bytes, sample_rate, encoding) + good_audio(n_bytes)


_ID3_EMPTY = b"ID3\x04\x00\x00\x00\x00\x00\x00"  # an ID3v2.4 tag of size 0


def good_mp3(n_bytes: int = DEFAULT_AUDIO_BYTES) -> bytes:
    """Not decodable MP3, only MP3-looking: an empty ID3 tag, then good_audio(n_bytes)."""
    return _ID3_EMPTY + good_audio(n_bytes)


# --- event and error shapes (API_NOTES §2.7, §2.8.3, §6.1) ----------------------------------------

def error_body(status: int, error_code: str | None = None, title: str | None = None,
               message: str | None = None) -> dict[str, Any]:
    """The structured JSON error of Cartesia-Version >= 2026-03-01."""
    title = title or _reason(status)
    if error_code is None and status == 429:
        error_code = "concurrency_limited"
    return {"error_code": error_code, "title": title,
            "message": message or f"{title} (fault server, status {status})",
            "request_id": str(uuid.uuid4())}


def chunk_event(audio: bytes, context_id: Any) -> dict[str, Any]:
    return {"type": "chunk", "data": base64.b64encode(audio).decode("ascii"), "done": False,
            "status_code": 206, "step_time": 12.5, "context_id": context_id}


def done_event(context_id: Any) -> dict[str, Any]:
    return {"type": "done", "done": True, "status_code": 206, "context_id": context_id}


def timestamps_event(transcript: str, context_id: Any) -> dict[str, Any]:
    words = transcript.split()
    return {"type": "timestamps", "done": False, "status_code": 206, "context_id": context_id,
            "word_timestamps": {"words": words,
                                "start": [round(0.3 * i, 3) for i in range(len(words))],
                                "end": [round(0.3 * i + 0.25, 3) for i in range(len(words))]}}


def phoneme_timestamps_event(transcript: str, context_id: Any) -> dict[str, Any]:
    phonemes = [c for c in transcript.lower() if c.isalpha()]
    return {"type": "phoneme_timestamps", "done": False, "status_code": 206,
            "context_id": context_id,
            "phoneme_timestamps": {"phonemes": phonemes,
                                   "start": [round(0.05 * i, 3) for i in range(len(phonemes))],
                                   "end": [round(0.05 * i + 0.04, 3)
                                           for i in range(len(phonemes))]}}


def error_event(status_code: int, context_id: Any, error_code: str | None, title: str | None,
                message: str | None, legacy: bool = False) -> dict[str, Any]:
    """An in-band SSE/WebSocket error event: structured, or the legacy `error: "<string>"` one."""
    body = error_body(status_code, error_code, title, message)
    if legacy:
        return {"type": "error", "done": True, "status_code": status_code,
                "context_id": context_id, "error": f"{body['title']}: {body['message']}"}
    return {"type": "error", "context_id": context_id, "status_code": status_code, "done": True,
            **body}


def sse_frame(event: Mapping[str, Any], name: str | None = None) -> bytes:
    head = f"event: {name}\n" if name else ""
    return f"{head}data: {json.dumps(event)}\n\n".encode()


def http_date(seconds_from_now: float) -> str:
    """An HTTP-date, for `Retry-After: <date>`."""
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


DEFAULT_VOICES: tuple[dict[str, Any], ...] = tuple(
    {"id": f"f0a17000-0000-4000-8000-00000000000{n}", "name": name, "language": lang,
     "gender": gender, "description": f"{name}, a fault-server voice", "is_owner": n == 5,
     "is_public": n != 5, "created_at": "2025-01-0{n}T12:00:00Z",
     "locales": [{"locale": lang, "is_native": True}]}
    for n, name, lang, gender in [
        (1, "Alice Tester", "en", "feminine"), (2, "Bruno Probe", "de", "masculine"),
        (3, "Chloe Fault", "fr", "feminine"), (4, "Dario Retry", "es", "masculine"),
        (5, "My Clone", "en", "gender_neutral"),
    ]
)

LOGIN_PAGE = (b"<!doctype html>\n<html><head><title>Sign in - Captive Portal</title></head>\n"
              b"<body><form method=post action=/login><input name=user><input name=password "
              b"type=password><button>Sign in</button></form></body></html>\n")


# --- what was seen --------------------------------------------------------------------------------

@dataclass
class Recorded:
    """One request as the server saw it, and what it answered."""

    method: str
    path: str
    query: dict[str, str]  # last value of each parameter
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "
    body: bytes
    at: float  # time.monotonic() when the request had been read
    query_lists: dict[str, list[str]] = field(default_factory=dict)  # every value
    ws_messages: list[Any] = field(default_factory=list)  # decoded JSON (or the text) sent on a ws
    status: int | None = None  # status line written (101 = WebSocket accepted); None = none
    behaviour: Behaviour | None = None
    chunks_sent: int = 0  # body pieces / SSE frames / WS audio events written so far

    @property
    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None


# --- behaviours -----------------------------------------------------------------------------------

class Behaviour:
    """What the server does with one request (for /tts/websocket: with one connection)."""

    kinds: ClassVar[frozenset[str]] = ALL_KINDS  # the kinds of path it makes sense on

    async def serve(self, x: _Exchange) -> bool:
        """Answer; return True when the connection may carry another request."""
        raise NotImplementedError


@dataclass(frozen=True)
class Good(Behaviour):
    """The good default answer (what unscripted paths get). Use it to end a script of faults."""

    async def serve(self, x: _Exchange) -> bool:
        if x.kind == WS:
            return await x.websocket(lambda s: s.answer_well(x.server.chunks, 0.0))
        return await x.send_good(x.server.chunks, 0.0)


@dataclass(frozen=True)
class SlowAudio(Behaviour):
    """Good audio in `chunks` pieces (HTTP body pieces, SSE frames or WS chunk events) with
    `delay` seconds between them: the client is mid-stream for about chunks x delay seconds."""

    chunks: int = 8
    delay: float = 0.2
    kinds: ClassVar[frozenset[str]] = AUDIO_KINDS

    async def serve(self, x: _Exchange) -> bool:
        if x.kind == WS:
            return await x.websocket(lambda s: s.answer_well(self.chunks, self.delay))
        return await x.send_good(self.chunks, self.delay)


@dataclass(frozen=True)
class Status(Behaviour):
    """A complete response with status `code`. body: None = the structured JSON error for the code
    (error_body); dict/list = JSON; str = text/plain; bytes = as is. On /tts/websocket this is the
    answer to the handshake."""

    code: int
    body: bytes | str | dict[str, Any] | list[Any] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    content_type: str | None = None

    async def serve(self, x: _Exchange) -> bool:
        body, content_type = _encode_body(self.code, self.body, self.content_type)
        await x.send_full(self.code, body, content_type, self.headers)
        return True


def rate_limited(retry_after: float | str | None = 1, retry_after_ms: int | None = None,
                 code: int = 429) -> Status:
    """A 429 with `Retry-After` (seconds, or a string such as http_date(2)) and/or
    `retry-after-ms`; either may be None to leave it out."""
    headers = {}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    if retry_after_ms is not None:
        headers["retry-after-ms"] = str(retry_after_ms)
    return Status(code, headers=headers)


@dataclass(frozen=True)
class WsReject(Behaviour):
    """/tts/websocket only: the handshake answered with a non-101 status (body as in Status)."""

    status: int = 429
    body: bytes | str | dict[str, Any] | list[Any] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    kinds: ClassVar[frozenset[str]] = frozenset({WS})

    async def serve(self, x: _Exchange) -> bool:
        return await Status(self.status, self.body, self.headers).serve(x)


@dataclass(frozen=True)
class Redirect(Behaviour):
    """A redirect (301/302/303/307/308) to `location`, e.g. another origin, ws://evil.example, or a
    second FaultServer's URL so a test sees whether the client followed it."""

    code: int = 307
    location: str = "http://evil.example/"

    async def serve(self, x: _Exchange) -> bool:
        await x.send_full(self.code, b"", None, {"Location": self.location})
        return True


@dataclass(frozen=True)
class Html200(Behaviour):
    """200 text/html: a captive-portal style login page."""

    body: bytes = LOGIN_PAGE

    async def serve(self, x: _Exchange) -> bool:
        await x.send_full(200, self.body, "text/html; charset=utf-8")
        return True


@dataclass(frozen=True)
class Json200(Behaviour):
    """200 application/json with `obj` (any status with `status=`)."""

    obj: Any = None
    status: int = 200

    async def serve(self, x: _Exchange) -> bool:
        await x.send_full(self.status, json.dumps(self.obj).encode(), "application/json")
        return True


@dataclass(frozen=True)
class Empty200(Behaviour):
    """200 with an empty body (Content-Length: 0)."""

    content_type: str = "application/octet-stream"

    async def serve(self, x: _Exchange) -> bool:
        await x.send_full(200, b"", self.content_type)
        return True


@dataclass(frozen=True)
class Truncate(Behaviour):
    """The good response's headers with a Content-Length larger than what follows: only the first
    `after_bytes` of the good body are sent, then the connection is closed. /tts/sse: the stream
    stops (maybe mid-event) without `done`; /voices: truncated JSON; /tts/websocket: only the first
    `after_bytes` of the 101 handshake answer."""

    after_bytes: int = 64

    async def serve(self, x: _Exchange) -> bool:
        if x.kind == WS:
            x.rec.status = 101
            await x.write(x.handshake_answer()[: self.after_bytes])
        else:
            status, headers, pieces = x.good_response(x.server.chunks)
            body = b"".join(pieces)
            length = max(len(body), self.after_bytes + 1)
            await x.send_head(status, [*headers, ("Content-Length", str(length))])
            await x.write(body[: self.after_bytes])
        x.close()
        return False


@dataclass(frozen=True)
class Stall(Behaviour):
    """The good response's headers (full Content-Length) and `after_bytes` of its body, then
    nothing for `seconds` with the socket open (a read timeout must fire), then close. On
    /tts/websocket: the first `after_bytes` of the handshake answer, then the stall."""

    after_bytes: int = 0
    seconds: float = 30.0

    async def serve(self, x: _Exchange) -> bool:
        if x.kind == WS:
            if self.after_bytes:
                x.rec.status = 101
                await x.write(x.handshake_answer()[: self.after_bytes])
        else:
            status, headers, pieces = x.good_response(x.server.chunks)
            body = b"".join(pieces)
            await x.send_head(status, [*headers, ("Content-Length", str(len(body)))])
            if self.after_bytes:
                await x.write(body[: self.after_bytes])
        await asyncio.sleep(self.seconds)
        x.close()
        return False


@dataclass(frozen=True)
class Reset(Behaviour):
    """Read the request, then close the connection with no response at all. rst=True: an RST
    (SO_LINGER 0, "connection reset by peer") instead of a FIN."""

    rst: bool = False

    async def serve(self, x: _Exchange) -> bool:
        x.close(rst=self.rst)
        return False


@dataclass(frozen=True)
class SseErrorEvent(Behaviour):
    """/tts/sse: 200 text/event-stream, `after_chunks` chunk events, then an in-band error frame
    (`event: error` + structured JSON, or legacy `error: "<string>"`), then a clean end."""

    status_code: int = 400
    error_code: str | None = "model_not_found"
    title: str | None = "Invalid model"
    message: str | None = None
    after_chunks: int = 0
    legacy: bool = False
    kinds: ClassVar[frozenset[str]] = frozenset({SSE})

    async def serve(self, x: _Exchange) -> bool:
        ctx = (x.request_json() or {}).get("context_id")
        frames = [sse_frame(e) for e in x.sse_events(max(self.after_chunks, x.server.chunks))
                  if e["type"] == "chunk"][: self.after_chunks]
        event = error_event(self.status_code, ctx, self.error_code, self.title, self.message,
                            self.legacy)
        frames.append(sse_frame(event, "error"))
        await x.send_chunked(200, _SSE_HEADERS, frames, 0.0)
        return True


@dataclass(frozen=True)
class SseEndsWithoutDone(Behaviour):
    """/tts/sse: `after_chunks` chunk events, then a clean end of the HTTP body but no `done`."""

    after_chunks: int = 2
    kinds: ClassVar[frozenset[str]] = frozenset({SSE})

    async def serve(self, x: _Exchange) -> bool:
        frames = [sse_frame(e) for e in x.sse_events(max(self.after_chunks, x.server.chunks))
                  if e["type"] == "chunk"][: self.after_chunks]
        await x.send_chunked(200, _SSE_HEADERS, frames, 0.0)
        return True


@dataclass(frozen=True)
class SseRaw(Behaviour):
    """/tts/sse: 200 text/event-stream with these frames verbatim (str or bytes; malformed JSON,
    unknown types, comments...), one body piece each, then a clean end."""

    frames: Sequence[bytes | str] = ()
    kinds: ClassVar[frozenset[str]] = frozenset({SSE})

    async def serve(self, x: _Exchange) -> bool:
        pieces = [f.encode() if isinstance(f, str) else f for f in self.frames]
        await x.send_chunked(200, _SSE_HEADERS, pieces, 0.0)
        return True


class _WsBehaviour(Behaviour):
    """Handshake accepted (101); then `run` owns the session."""

    kinds: ClassVar[frozenset[str]] = frozenset({WS})

    async def serve(self, x: _Exchange) -> bool:
        return await x.websocket(self.run)

    async def run(self, s: _WsSession) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class WsCloseBeforeAudio(_WsBehaviour):
    """Handshake ok; as soon as the first generation request arrives, close: with a close frame of
    `code` (1011 = internal error), or, with code=None, an abrupt TCP close (no close frame)."""

    code: int | None = 1011

    async def run(self, s: _WsSession) -> None:
        while not _is_generation(await s.recv()):
            pass
        await s.close(self.code, "fault server: closing before audio")


class WsFragmented(_WsBehaviour):
    """Good answers, each JSON message in three frames (text, continuation, continuation) with a
    ping between the first two: RFC 6455 allows both, and a client must put them together and
    answer the ping."""

    async def run(self, s: _WsSession) -> None:
        s.fragmented = True
        await s.answer_well(s.server.chunks, 0.0)


@dataclass(frozen=True)
class WsBadFrame(_WsBehaviour):
    """Handshake ok; on the first generation request, a frame with a reserved bit set (a protocol
    error without extensions); then the server reads on and never closes the connection."""

    async def run(self, s: _WsSession) -> None:
        while not _is_generation(await s.recv()):
            pass
        await s.x.write(bytes([0x80 | 0x40 | 0x1, 2]) + b"{}")  # FIN + RSV1, text, 2 bytes
        while True:
            await s._read_frame()  # the client's close frame and anything else: ignored


@dataclass(frozen=True)
class WsErrorEvent(_WsBehaviour):
    """Handshake ok; every generation request gets an in-band error event for its context
    (structured per API_NOTES §6.1, or legacy `error: "<string>"`), after `after_chunks` chunk
    events on the context's first request. The socket stays open."""

    status_code: int = 429
    error_code: str | None = None  # None: "concurrency_limited" for 429
    title: str | None = None  # None: the status phrase
    message: str | None = None
    after_chunks: int = 0
    legacy: bool = False

    async def run(self, s: _WsSession) -> None:
        started: set[Any] = set()
        while True:
            msg = await s.recv()
            if not _is_generation(msg):
                continue
            ctx = msg.get("context_id")
            if ctx not in started and self.after_chunks:
                for piece in s.audio_pieces(ctx, max(self.after_chunks, s.server.chunks))[
                        : self.after_chunks]:
                    await s.send_chunk(piece, ctx)
            started.add(ctx)
            await s.send_json(error_event(self.status_code, ctx, self.error_code, self.title,
                                          self.message, self.legacy))


@dataclass(frozen=True)
class WsAudioThenClose(_WsBehaviour):
    """Handshake ok; on the first generation request send `n_chunks` chunk events (no `done`),
    wait `stall` seconds, then close with `code` (None: abrupt TCP close)."""

    n_chunks: int = 2
    code: int | None = 1011
    stall: float = 0.0

    async def run(self, s: _WsSession) -> None:
        msg = await s.recv()
        while not _is_generation(msg):
            msg = await s.recv()
        ctx = msg.get("context_id")
        for piece in s.audio_pieces(ctx, max(self.n_chunks, s.server.chunks))[: self.n_chunks]:
            await s.send_chunk(piece, ctx)
        if self.stall:
            await asyncio.sleep(self.stall)
        await s.close(self.code, "fault server: closing mid-stream")


@dataclass(frozen=True)
class WsNeverAnswers(_WsBehaviour):
    """Handshake ok; reads and records messages, never sends any (a client close is still
    answered, so the client can hang up cleanly)."""

    async def run(self, s: _WsSession) -> None:
        while True:
            await s.recv()


@dataclass(frozen=True)
class WsRaw(_WsBehaviour):
    """Handshake ok; on the first generation request send these messages verbatim (dict/list as
    JSON text, str as text, bytes as a binary frame), then read silently."""

    messages: Sequence[Any] = ()

    async def run(self, s: _WsSession) -> None:
        while not _is_generation(await s.recv()):
            pass
        for message in self.messages:
            if isinstance(message, bytes):
                await s.send_frame(0x2, message)
            elif isinstance(message, str):
                await s.send_frame(0x1, message.encode())
            else:
                await s.send_json(message)
        while True:
            await s.recv()


_SSE_HEADERS = [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")]


def _is_generation(msg: Any) -> bool:
    return isinstance(msg, dict) and not msg.get("cancel")


def _encode_body(status: int, body: Any, content_type: str | None) -> tuple[bytes, str]:
    if body is None:
        data, kind = json.dumps(error_body(status)).encode(), "application/json"
    elif isinstance(body, bytes):
        data, kind = body, "application/octet-stream"
    elif isinstance(body, str):
        data, kind = body.encode(), "text/plain; charset=utf-8"
    else:
        data, kind = json.dumps(body).encode(), "application/json"
    return data, content_type or kind


# --- the wire: HTTP/1.1 and WebSocket by hand -----------------------------------------------------

class _BadRequest(Exception):
    pass


class _PeerClosed(Exception):
    """The WebSocket peer closed (close frame answered, or TCP gone)."""


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str, dict[str, str], bytes]:
    """method, target, headers (lower-case), body. Raises EOFError on a clean EOF."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if not exc.partial.strip():
            raise EOFError from None
        raise
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise _BadRequest(lines[0])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise _BadRequest(line)
        name, value = name.strip().lower(), value.strip()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    if "chunked" in headers.get("transfer-encoding", "").lower():
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
            if size == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers
                    pass
                break
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        body = b"".join(chunks)
    else:
        body = await reader.readexactly(int(headers.get("content-length") or 0))
    return parts[0], parts[1], headers, body


class _Exchange:
    """One request and the means to answer it."""

    def __init__(self, server: FaultServer, reader: asyncio.StreamReader,
                 writer: asyncio.StreamWriter, rec: Recorded):
        self.server, self.reader, self.writer, self.rec = server, reader, writer, rec
        self.kind = kind_of(rec.path)
        self.closed = False

    # raw output
    async def write(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    def close(self, rst: bool = False) -> None:
        """FIN (after what was written), or with rst=True an immediate RST."""
        if self.closed:
            return
        self.closed = True
        if rst:
            sock = self.writer.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.writer.transport.abort()
        else:
            self.writer.close()

    async def send_head(self, status: int, headers: Sequence[tuple[str, str]]) -> None:
        self.rec.status = status
        lines = [f"HTTP/1.1 {status} {_reason(status)}", "Server: fault-server",
                 *(f"{k}: {v}" for k, v in headers)]
        await self.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    async def send_full(self, status: int, body: bytes, content_type: str | None,
                        headers: Mapping[str, str] | None = None) -> None:
        head = list((headers or {}).items())
        if content_type:
            head.append(("Content-Type", content_type))
        if status in (204, 304):
            body = b""
        else:
            head.append(("Content-Length", str(len(body))))
        await self.send_head(status, head)
        if body:
            await self.write(body)

    async def send_chunked(self, status: int, headers: Sequence[tuple[str, str]],
                           pieces: Sequence[bytes], delay: float) -> None:
        """Transfer-Encoding: chunked, one HTTP chunk per piece, `delay` s between pieces."""
        await self.send_head(status, [*headers, ("Transfer-Encoding", "chunked")])
        for i, piece in enumerate(p for p in pieces if p):  # an empty chunk would end the body
            if i and delay:
                await asyncio.sleep(delay)
            await self.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.rec.chunks_sent += 1
        await self.write(b"0\r\n\r\n")

    # good answers
    def request_json(self) -> dict[str, Any] | None:
        data = self.rec.json
        return data if isinstance(data, dict) else None

    def sse_events(self, n_chunks: int) -> list[dict[str, Any]]:
        req = self.request_json() or {}
        ctx, transcript = req.get("context_id"), str(req.get("transcript") or "")
        events = [chunk_event(p, ctx)
                  for p in split_audio(good_audio(self.server.audio_bytes), n_chunks)]
        extra = []
        if req.get("add_timestamps"):
            extra.append(timestamps_event(transcript, ctx))
        if req.get("add_phoneme_timestamps"):
            extra.append(phoneme_timestamps_event(transcript, ctx))
        return [*events[:1], *extra, *events[1:], done_event(ctx)]

    def good_response(self, n_pieces: int) -> tuple[int, list[tuple[str, str]], list[bytes]]:
        """Status, headers (no framing) and body pieces of the good answer to this request."""
        if self.kind == SSE:
            return 200, list(_SSE_HEADERS), [sse_frame(e) for e in self.sse_events(n_pieces)]
        if self.kind == BYTES:
            fmt = (self.request_json() or {}).get("output_format")
            fmt = fmt if isinstance(fmt, dict) else {}
            pieces = split_audio(good_audio(self.server.audio_bytes), n_pieces)
            container = fmt.get("container", "raw")
            if container == "wav":
                rate = fmt.get("sample_rate")
                header = wav_header(self.server.audio_bytes,
                                    rate if isinstance(rate, int) else 44100,
                                    str(fmt.get("encoding", "pcm_f32le")))
                return 200, [("Content-Type", "audio/wav")], [header + pieces[0], *pieces[1:]]
            if container == "mp3":
                return 200, [("Content-Type", "audio/mpeg")], [_ID3_EMPTY + pieces[0],
                                                                *pieces[1:]]
            return 200, [("Content-Type", "application/octet-stream")], pieces
        status, obj = self.server.good_json(self.rec)
        return status, [("Content-Type", "application/json")], [json.dumps(obj).encode()]

    async def send_good(self, n_pieces: int, delay: float) -> bool:
        status, headers, pieces = self.good_response(n_pieces)
        if self.kind == JSON:
            await self.send_full(status, b"".join(pieces), None, dict(headers))
        else:
            await self.send_chunked(status, headers, pieces, delay)
        return True

    # WebSocket
    def handshake_answer(self) -> bytes:
        key = self.rec.headers.get("sec-websocket-key", "")
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n").encode()

    async def websocket(self, run: Any) -> bool:
        """Accept the handshake (no extensions) and hand the session to `run`."""
        headers = self.rec.headers
        if "websocket" not in headers.get("upgrade", "").lower() or \
                "sec-websocket-key" not in headers:
            body, kind = _encode_body(426, error_body(426, message="expected a WebSocket"), None)
            await self.send_full(426, body, kind)
            return True
        self.rec.status = 101
        await self.write(self.handshake_answer())
        session = _WsSession(self)
        with contextlib.suppress(_PeerClosed):
            await run(session)
        self.close()
        return False


class _WsSession:
    """RFC 6455 server side: client frames arrive masked, ours go out unmasked."""

    def __init__(self, x: _Exchange):
        self.x, self.server = x, x.server
        self.offsets: dict[Any, int] = {}  # context_id -> bytes of good audio sent so far
        self.flush_ids: dict[Any, int] = {}
        self.fragmented = False  # send_json splits each message into frames (WsFragmented)

    async def _read_frame(self) -> tuple[bool, int, bytes]:
        reader = self.x.reader
        try:
            b0, b1 = await reader.readexactly(2)
            length = b1 & 0x7F
            if length == 126:
                (length,) = struct.unpack("!H", await reader.readexactly(2))
            elif length == 127:
                (length,) = struct.unpack("!Q", await reader.readexactly(8))
            mask = await reader.readexactly(4) if b1 & 0x80 else b""
            payload = await reader.readexactly(length)
        except (asyncio.IncompleteReadError, ConnectionError):
            raise _PeerClosed from None
        if mask:
            key = (mask * (length // 4 + 1))[:length]
            payload = (int.from_bytes(payload, "big") ^ int.from_bytes(key, "big")).to_bytes(
                length, "big")
        return bool(b0 & 0x80), b0 & 0x0F, payload

    async def recv(self) -> Any:
        """The next client message (decoded JSON, else the text), recorded. Answers pings and a
        close frame; raises _PeerClosed once the client has gone."""
        fragments: list[bytes] = []
        while True:
            fin, opcode, payload = await self._read_frame()
            if opcode == 0x8:  # close: echo the code, then end the TCP connection
                with contextlib.suppress(ConnectionError):
                    await self.send_frame(0x8, payload[:2])
                raise _PeerClosed
            if opcode == 0x9:
                await self.send_frame(0xA, payload)
            elif opcode in (0x0, 0x1, 0x2):
                fragments.append(payload)
                if fin:
                    break
        text = b"".join(fragments).decode("utf-8", "replace")
        try:
            msg = json.loads(text)
        except ValueError:
            msg = text
        self.x.rec.ws_messages.append(msg)
        return msg

    async def send_frame(self, opcode: int, payload: bytes) -> None:
        n = len(payload)
        if n < 126:
            head = struct.pack("!BB", 0x80 | opcode, n)
        elif n < 65536:
            head = struct.pack("!BBH", 0x80 | opcode, 126, n)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 127, n)
        await self.x.write(head + payload)

    async def send_json(self, obj: Any) -> None:
        payload = json.dumps(obj).encode()
        if not self.fragmented:
            await self.send_frame(0x1, payload)
            return
        third = max(1, len(payload) // 3)
        parts = [payload[:third], payload[third:2 * third], payload[2 * third:]]
        await self.x.write(bytes([0x1, len(parts[0])]) + parts[0] if len(parts[0]) < 126
                           else struct.pack("!BBH", 0x1, 126, len(parts[0])) + parts[0])
        await self.send_frame(0x9, b"ping")
        for opcode_fin, part in ((0x0, parts[1]), (0x80, parts[2])):
            n = len(part)
            head = (struct.pack("!BB", opcode_fin, n) if n < 126 else
                    struct.pack("!BBH", opcode_fin, 126, n) if n < 65536 else
                    struct.pack("!BBQ", opcode_fin, 127, n))
            await self.x.write(head + part)

    async def send_chunk(self, audio: bytes, ctx: Any) -> None:
        await self.send_json(chunk_event(audio, ctx))
        self.x.rec.chunks_sent += 1

    async def close(self, code: int | None, reason: str = "") -> None:
        """A close frame with `code`, wait (<= 1 s) for the client's, end TCP; None: just end
        TCP, with no close frame."""
        if code is not None:
            await self.send_frame(0x8, struct.pack("!H", code) + reason.encode()[:120])
            with contextlib.suppress(_PeerClosed, asyncio.TimeoutError):
                async with asyncio.timeout(1.0):
                    while True:
                        _, opcode, _ = await self._read_frame()
                        if opcode == 0x8:
                            break
        self.x.close()
        raise _PeerClosed

    def audio_pieces(self, ctx: Any, n_pieces: int) -> list[bytes]:
        """The next server.audio_bytes of this context's continuous good audio, in pieces."""
        start = self.offsets.get(ctx, 0)
        audio = good_audio(self.server.audio_bytes, start)
        self.offsets[ctx] = start + len(audio)
        return split_audio(audio, n_pieces)

    async def answer_well(self, n_chunks: int, delay: float) -> None:
        """Per generation request: chunk events (continuing the context's audio), timestamps if
        asked, flush_done on flush, `done` when `continue` is false or absent. Cancel: ignored."""
        while True:
            msg = await self.recv()
            if not isinstance(msg, dict):
                await self.send_json(error_event(400, None, "invalid_request", "Invalid message",
                                                 "not a JSON object"))
                continue
            if msg.get("cancel"):
                continue
            ctx, transcript = msg.get("context_id"), str(msg.get("transcript") or "")
            if transcript:
                for i, piece in enumerate(self.audio_pieces(ctx, n_chunks)):
                    if i and delay:
                        await asyncio.sleep(delay)
                    await self.send_chunk(piece, ctx)
                    if i == 0 and msg.get("add_timestamps"):
                        await self.send_json(timestamps_event(transcript, ctx))
                    if i == 0 and msg.get("add_phoneme_timestamps"):
                        await self.send_json(phoneme_timestamps_event(transcript, ctx))
            if msg.get("flush"):
                self.flush_ids[ctx] = flush_id = self.flush_ids.get(ctx, 0) + 1
                await self.send_json({"type": "flush_done", "context_id": ctx,
                                      "status_code": 206, "done": False, "flush_done": True,
                                      "flush_id": flush_id})
            if not msg.get("continue"):
                self.offsets.pop(ctx, None)
                self.flush_ids.pop(ctx, None)
                await self.send_json(done_event(ctx))


# --- the server -----------------------------------------------------------------------------------

class FaultServer:
    """The fault server; a context manager (start on enter, stop and join on exit)."""

    def __init__(self, *, audio_bytes: int = DEFAULT_AUDIO_BYTES, chunks: int = DEFAULT_CHUNKS,
                 voices: Sequence[Mapping[str, Any]] = DEFAULT_VOICES,
                 version: str = API_VERSION):
        if audio_bytes <= 0 or audio_bytes % 4:
            raise ValueError("audio_bytes must be a positive multiple of 4")
        self.audio_bytes, self.chunks, self.version = audio_bytes, chunks, version
        self.voices = [dict(v) for v in voices]
        self.requests: list[Recorded] = []
        self.errors: list[BaseException] = []  # unexpected exceptions inside the server
        self.port = 0
        self._scripts: dict[str, list[Behaviour]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._tasks: set[asyncio.Task[Any]] = set()

    # URLs
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/tts/websocket"

    def url(self, path: str) -> str:
        return self.base_url + path

    # scripting and inspection
    def script(self, path: str, *behaviours: Behaviour) -> None:
        """Replace `path`'s script: each request takes the next behaviour, the last repeats.
        No behaviours: back to good answers."""
        if not path.startswith("/") or "?" in path:
            raise ValueError(f"script a bare path such as '/tts/bytes', not {path!r}")
        for b in behaviours:
            if not isinstance(b, Behaviour):
                raise TypeError(f"not a behaviour: {b!r}")
            if kind_of(path) not in b.kinds:
                raise ValueError(f"{b!r} does not apply to {path}")
        with self._lock:
            self._scripts[path] = list(behaviours)

    def reset(self) -> None:
        """Forget all scripts and recorded requests."""
        with self._lock:
            self._scripts.clear()
            self.requests.clear()

    def requests_to(self, path: str) -> list[Recorded]:
        return [r for r in list(self.requests) if r.path == path]

    def count(self, path: str) -> int:
        return len(self.requests_to(path))

    def statuses(self, path: str) -> list[int | None]:
        return [r.status for r in self.requests_to(path)]

    def wait_for(self, path: str, n: int = 1, timeout: float = 5.0,
                 until: Any = None) -> Recorded:
        """Block until the n-th request to `path` has arrived (and `until(rec)` is true, e.g.
        `lambda r: r.chunks_sent >= 2`); return it."""
        deadline = time.monotonic() + timeout
        while True:
            seen = self.requests_to(path)
            if len(seen) >= n and (until is None or until(seen[n - 1])):
                return seen[n - 1]
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout} s for request {n} to {path}")
            time.sleep(0.005)

    def _next_behaviour(self, path: str) -> Behaviour:
        with self._lock:
            queue = self._scripts.get(path)
            if not queue:
                return Good()
            return queue.pop(0) if len(queue) > 1 else queue[0]

    # good JSON answers
    def good_json(self, rec: Recorded) -> tuple[int, Any]:
        method, path, query = rec.method, rec.path, rec.query
        if path == "/" and method == "GET":
            return 200, {"ok": True, "version": self.version}
        if path == "/voices" and method == "GET":
            try:
                limit = min(100, max(1, int(query.get("limit", "10"))))
            except ValueError:
                limit = 10
            ids = [v["id"] for v in self.voices]
            start = 0
            if "starting_after" in query:
                after = query["starting_after"]
                start = ids.index(after) + 1 if after in ids else len(ids)
            page = self.voices[start:start + limit]
            has_more = start + limit < len(self.voices)
            return 200, {"data": page, "has_more": has_more,
                         "next_page": page[-1]["id"] if has_more and page else None}
        if path.startswith("/voices/") and method == "GET":
            for voice in self.voices:
                if voice["id"] == path.removeprefix("/voices/"):
                    return 200, voice
            return 404, error_body(404, "voice_not_found", "Voice not found",
                                   f"No voice {path.removeprefix('/voices/')!r}")
        if path == "/access-token" and method == "POST":
            return 200, {"token": _fake_jwt(rec.json)}
        return 404, error_body(404, "not_found", "Not found", f"No route for {method} {path}")

    # lifecycle
    def __enter__(self) -> FaultServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="fault-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(5):
            raise RuntimeError("the fault server did not start")
        if self.errors and not self.port:
            raise RuntimeError("the fault server did not start") from self.errors[0]

    def stop(self, timeout: float = 3.0) -> None:
        thread, loop, stop = self._thread, self._loop, self._stop
        if thread is None:
            return
        if loop is not None and stop is not None and thread.is_alive():
            with contextlib.suppress(RuntimeError):  # the loop may be gone already
                loop.call_soon_threadsafe(stop.set)
        thread.join(timeout)
        if thread.is_alive():
            raise RuntimeError("the fault server thread did not stop")
        self._thread = None

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # reported through self.errors
            self.errors.append(exc)
        finally:
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            server.close()
            while self._tasks:  # stalled and idle connections included
                for task in list(self._tasks):
                    task.cancel()
                await asyncio.gather(*self._tasks, return_exceptions=True)
            await server.wait_closed()
            await asyncio.sleep(0)  # let the aborted transports finish closing

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        x: _Exchange | None = None
        try:
            while True:
                try:
                    method, target, headers, body = await _read_request(reader)
                except EOFError:
                    break
                except _BadRequest:
                    writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                                 b"Connection: close\r\n\r\n")
                    break
                url = urlsplit(target)
                query_lists = parse_qs(url.query, keep_blank_values=True)
                rec = Recorded(method=method, path=url.path or "/",
                               query={k: v[-1] for k, v in query_lists.items()},
                               headers=headers, body=body, at=time.monotonic(),
                               query_lists=query_lists)
                rec.behaviour = self._next_behaviour(rec.path)
                self.requests.append(rec)
                x = _Exchange(self, reader, writer, rec)
                keep_alive = await rec.behaviour.serve(x)
                if not keep_alive or x.closed or headers.get("connection", "").lower() == "close":
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away or sent something unreadable: nothing to answer
        except asyncio.CancelledError:
            # Shutting down: drop the connection at once. The task then ends normally, because
            # Python 3.11's start_server callback logs an error for a cancelled handler task.
            writer.transport.abort()
        except Exception as exc:  # a bug here, not a client fault: make it visible to tests
            self.errors.append(exc)
        finally:
            self._tasks.discard(task)
            if x is None or not x.closed:
                writer.close()


def _fake_jwt(request: Any) -> str:
    def b64(obj: Any) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    grants = request.get("grants", {}) if isinstance(request, dict) else {}
    expires = request.get("expires_in", 60) if isinstance(request, dict) else 60
    now = int(time.time())
    return ".".join([b64({"alg": "HS256", "typ": "JWT"}),
                     b64({"grants": grants, "iat": now, "exp": now + int(expires or 60),
                          "iss": "https://api.cartesia.ai"}),
                     "ZmF1bHQtc2VydmVyLXNpZ25hdHVyZQ"])


@contextlib.contextmanager
def running_fault_server(monkeypatch: Any = None, env: str = "CARTESIA_BASE_URL",
                         **options: Any) -> Iterator[FaultServer]:
    """A started FaultServer (options as for FaultServer); with a pytest monkeypatch, `env` is set
    to its base URL. On exit the server stops, and any internal server error fails the test.

        @pytest.fixture
        def fault_server(monkeypatch):
            with running_fault_server(monkeypatch) as server:
                yield server
    """
    with FaultServer(**options) as server:
        if monkeypatch is not None:
            monkeypatch.setenv(env, server.base_url)
        yield server
    assert not server.errors, f"the fault server itself failed: {server.errors!r}"
