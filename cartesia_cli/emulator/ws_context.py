"""One WebSocket context: buffered continuations, flushes, cancel, and ordered output.

Text arrives in pieces (`continue: true`) and is concatenated verbatim. Complete sentences are
spoken as soon as they are in; a trailing fragment waits until `max_buffer_delay_ms` after its
oldest text arrived (0: everything is spoken at once). A single worker task speaks queued work
in input order, so audio and timestamps of a context never overtake each other.

Decisions where the docs are silent: only a finished context (done, error or cancel) expires;
a context still waiting for input stays open however long the caller takes. A context holding
more than MAX_PENDING_TEXT_CHARS of text not yet spoken ends with a 413 error event, so a client
that sends faster than speech is made cannot grow the server's memory without bound.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cartesia_cli.diagnostics import SENT_ENV, open_trace
from cartesia_cli.emulator.audio_out import RawEncoder
from cartesia_cli.emulator.errors import ApiFailure, error_event
from cartesia_cli.emulator.limits import MAX_PENDING_TEXT_CHARS
from cartesia_cli.emulator.pronunciation import Rewriter
from cartesia_cli.emulator.synthesis import AudioChunk, Generation, timestamp_payload
from cartesia_cli.emulator.validation import TtsRequest

if TYPE_CHECKING:
    from cartesia_cli.emulator.websocket import Session

log = logging.getLogger("cartesia_cli.emulator")

# Where a sentence is certainly over: terminal punctuation followed by whitespace, or CJK stops.
_SENTENCE_BOUNDARY = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*\s+|[\u3002\uff01\uff1f]+")


class TextBuffer:
    """Unspoken text, remembering when each piece arrived."""

    def __init__(self) -> None:
        self._pieces: list[tuple[str, float]] = []

    def append(self, text: str, now: float) -> None:
        if text:
            self._pieces.append((text, now))

    @property
    def oldest(self) -> float | None:
        return self._pieces[0][1] if self._pieces else None

    def take_all(self) -> str:
        text = "".join(t for t, _ in self._pieces)
        self._pieces.clear()
        return text

    def take_sentences(self) -> str:
        """Remove and return everything up to the last complete sentence."""
        text = "".join(t for t, _ in self._pieces)
        ends = [m.end() for m in _SENTENCE_BOUNDARY.finditer(text)]
        if not ends:
            return ""
        cut, remaining = ends[-1], ends[-1]
        while remaining and self._pieces:
            piece, arrived = self._pieces[0]
            if len(piece) <= remaining:
                self._pieces.pop(0)
                remaining -= len(piece)
            else:  # the rest of this piece keeps its arrival time
                self._pieces[0] = (piece[remaining:], arrived)
                remaining = 0
        return text[:cut]


@dataclass(frozen=True)
class _Speak:
    text: str
    flush_id: int


@dataclass(frozen=True)
class _FlushDone:
    flush_id: int


class _Done:
    pass


class Context:
    def __init__(self, session: Session, request: TtsRequest, base_fields: dict[str, object],
                 rewriter: Rewriter | None = None):
        self.session = session
        self.id: str = request.context_id or ""
        self.request = request
        self.signature = request.context_signature()
        self.base_fields = base_fields  # inherited by later inputs that omit them
        state = session.state
        self.generation = Generation(
            state.engine, request, RawEncoder(request.output.encoding or "pcm_f32le"),
            chunk_ms=state.chunk_ms, latency_ms=state.latency_ms, meter=state.meter,
            rewriter=rewriter,
        )
        self.loop = asyncio.get_running_loop()
        self.buffer = TextBuffer()
        self.pending_chars = 0  # accepted, not yet handed to the engine (buffer and queue)
        self.flush_id = 1
        self.delay_s = request.max_buffer_delay_ms / 1000
        self.queue: asyncio.Queue[_Speak | _FlushDone | _Done] = asyncio.Queue()
        self.timer: asyncio.TimerHandle | None = None
        self.input_closed = False
        self.ended = False
        self.cancelled = False
        self.last_output = self.loop.time()
        self.trace = open_trace(os.environ.get(SENT_ENV))  # diagnostics; None unless set
        self.worker = asyncio.create_task(self._work())

    # --- input side (called from the socket's receive loop) -----------------------------------

    def over_pending_limit(self, request: TtsRequest) -> bool:
        return self.pending_chars + len(request.transcript) > MAX_PENDING_TEXT_CHARS

    def accept(self, request: TtsRequest) -> None:
        self.pending_chars += len(request.transcript)
        self.buffer.append(request.transcript, self.loop.time())
        if request.flush or not request.continue_:
            self._speak(self.buffer.take_all())
            if request.flush:
                self.queue.put_nowait(_FlushDone(self.flush_id))
                self.flush_id += 1
            if not request.continue_:
                self.input_closed = True
                self.queue.put_nowait(_Done())
        elif self.delay_s == 0:
            self._speak(self.buffer.take_all())
        else:
            self._speak(self.buffer.take_sentences())
        self._arm_timer()

    def expired(self, now: float) -> bool:
        return self.ended and now - self.last_output >= self.session.state.context_expiry_s

    def cancel(self) -> None:
        """Stop all further output of this context at once."""
        self.cancelled = True
        self._stop()

    async def fail(self, failure: ApiFailure) -> None:
        """End this context with an error event; the socket and other contexts carry on."""
        self._stop()
        if await self.session.send(error_event(failure, self.session.version, self.id)):
            self.last_output = self.loop.time()

    def shutdown(self) -> None:
        self._stop()

    # --- output side (the worker task) ---------------------------------------------------------

    async def _work(self) -> None:
        try:
            while True:
                item = await self.queue.get()
                if isinstance(item, _Speak):
                    self.pending_chars -= len(item.text)
                    async for chunk in self.generation.speak(item.text):
                        await self._emit(chunk, item.flush_id)
                elif isinstance(item, _FlushDone):
                    await self._send({"type": "flush_done", "done": False, "flush_done": True,
                                      "flush_id": item.flush_id, "status_code": 206,
                                      "context_id": self.id})
                else:
                    await self._send({"type": "done", "done": True, "status_code": 206,
                                      "context_id": self.id})
                    self._end()
                    return
        except Exception as exc:  # an engine failure ends this context only
            log.exception("speech synthesis failed for context %s", self.id)
            failure = ApiFailure(500, "Internal server error", f"Speech synthesis failed: {exc}")
            await self._send(error_event(failure, self.session.version, self.id))
            self._end()

    async def _emit(self, chunk: AudioChunk, flush_id: int) -> None:
        common = {"context_id": self.id, "status_code": 206, "done": False, "flush_id": flush_id}
        if chunk.data:
            await self._send({"type": "chunk", "data": base64.b64encode(chunk.data).decode(),
                              "step_time": chunk.step_time_ms, **common})
            if self.trace is not None:
                self.trace.add(len(chunk.data))
        if self.request.add_timestamps and chunk.words:
            await self._send({"type": "timestamps", **common,
                              "word_timestamps": timestamp_payload(chunk.words, "words")})
        if self.request.add_phoneme_timestamps and chunk.phonemes:
            await self._send({"type": "phoneme_timestamps", **common,
                              "phoneme_timestamps": timestamp_payload(chunk.phonemes, "phonemes")})

    async def _send(self, event: dict[str, object]) -> None:
        if not await self.session.send(event):
            raise asyncio.CancelledError  # the socket is gone: nobody is listening any more
        self.last_output = self.loop.time()

    # --- bookkeeping ---------------------------------------------------------------------------

    def _speak(self, text: str) -> None:
        if text:
            self.queue.put_nowait(_Speak(text, self.flush_id))

    def _arm_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        oldest = self.buffer.oldest
        if oldest is not None and not self.input_closed:
            self.timer = self.loop.call_at(oldest + self.delay_s, self._on_timer)

    def _on_timer(self) -> None:
        self.timer = None
        if not self.ended:
            self._speak(self.buffer.take_all())

    def _stop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.worker is not asyncio.current_task():
            self.worker.cancel()
        self._end()

    def _end(self) -> None:
        if not self.ended:
            self.ended = True
            self.session.state.contexts.release()
            if self.trace is not None:
                self.trace.close()
