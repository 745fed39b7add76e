"""POST /tts/bytes and POST /tts/sse: audio streamed while it is synthesized."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import uuid
from collections.abc import AsyncIterator, Callable

import numpy as np
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from cartesia_cli.audio.formats import PcmFormat, encode, wav_header
from cartesia_cli.diagnostics import SENT_ENV, open_trace
from cartesia_cli.emulator import voices
from cartesia_cli.emulator.audio_out import RawEncoder, make_encoder
from cartesia_cli.emulator.errors import ApiFailure, error_event
from cartesia_cli.emulator.gate import admit_http, caller_key, read_json, server_state
from cartesia_cli.emulator.offload import run_blocking
from cartesia_cli.emulator.pronunciation import Rewriter, rewriter_for
from cartesia_cli.emulator.state import ServerState, concurrency_failure
from cartesia_cli.emulator.synthesis import Generation, timestamp_payload
from cartesia_cli.emulator.validation import TtsRequest, validate_tts
from cartesia_cli.emulator.versions import ApiVersion

log = logging.getLogger("cartesia_cli.emulator")

MEDIA_TYPES = {"raw": "application/octet-stream", "wav": "audio/wav", "mp3": "audio/mpeg"}
PREVIEW_RATE = 24000


class AudioResponse(StreamingResponse):
    """A streamed body that can be cut short on purpose and always gives back its context."""

    def __init__(
        self, content: AsyncIterator[bytes], *, media_type: str, headers: dict[str, str],
        drop_after_bytes: int | None, on_close: Callable[[], None],
    ) -> None:
        super().__init__(content, media_type=media_type, headers=headers)
        self.drop_after_bytes = drop_after_bytes
        self.on_close = on_close

    async def stream_response(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code,
                    "headers": self.raw_headers})
        sent = 0
        async for chunk in self.body_iterator:
            assert isinstance(chunk, bytes)
            if self.drop_after_bytes is not None and sent + len(chunk) >= self.drop_after_bytes:
                part = chunk[: self.drop_after_bytes - sent]
                if part:
                    await send({"type": "http.response.body", "body": part, "more_body": True})
                # Returning without the final empty chunk leaves the response incomplete, so
                # uvicorn closes the connection and the client sees a truncated chunked body.
                return
            if chunk:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
                sent += len(chunk)
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Stream while watching for the client to leave, and stop synthesizing the moment it
        # does. Done here rather than left to Starlette, which skips the watch when the server
        # announces ASGI 2.4 and relies on send() raising, which uvicorn's h11 send does not.
        streaming = asyncio.ensure_future(self.stream_response(send))
        watching = asyncio.ensure_future(self.listen_for_disconnect(receive))
        try:
            await asyncio.wait({streaming, watching}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (streaming, watching):
                task.cancel()
            await asyncio.gather(streaming, watching, return_exceptions=True)
            self.on_close()
            aclose = getattr(self.body_iterator, "aclose", None)
            if aclose is not None:
                await aclose()
        if streaming.done() and not streaming.cancelled():
            streaming.result()  # an engine failure mid-body: uvicorn cuts the response


async def _admit_tts(
    request: Request, endpoint: str
) -> tuple[ServerState, ApiVersion, TtsRequest, Rewriter | None]:
    state = server_state(request)
    version = await admit_http(request, grant="tts")
    key = caller_key(request)
    tts = validate_tts(await read_json(request), version, endpoint,
                       known_voice=lambda voice_id: state.voices.find(voice_id, key) is not None)
    rewriter = rewriter_for(state.dicts, tts.pronunciation_dict_id, key, version)
    if not state.contexts.try_acquire():
        raise concurrency_failure(state.contexts.limit)
    return state, version, tts, rewriter


def _release_once(state: ServerState) -> Callable[[], None]:
    released = False

    def release() -> None:
        nonlocal released
        if not released:
            released = True
            state.contexts.release()

    return release


def _drop_after(request: Request) -> int | None:
    fault = getattr(request.state, "fault", None)
    return None if fault is None else fault.drop_after_bytes


async def tts_bytes(request: Request) -> Response:
    state, _, tts, rewriter = await _admit_tts(request, "bytes")
    generation = Generation(state.engine, tts, make_encoder(tts.output), chunk_ms=state.chunk_ms,
                            latency_ms=state.latency_ms, meter=state.meter, rewriter=rewriter)

    async def body() -> AsyncIterator[bytes]:
        trace = open_trace(os.environ.get(SENT_ENV))  # diagnostics; None unless set
        try:
            async for chunk in generation.speak(tts.transcript):
                yield chunk.data
                if trace is not None:  # resumed once the chunk has been handed to the socket
                    trace.add(len(chunk.data))
            yield generation.finish()
        finally:
            if trace is not None:
                trace.close()

    headers = {"Cartesia-File-ID": f"file_{uuid.uuid4().hex}"} if tts.save else {}
    return AudioResponse(body(), media_type=MEDIA_TYPES[tts.output.container], headers=headers,
                         drop_after_bytes=_drop_after(request), on_close=_release_once(state))


def _frame(event: dict[str, object], name: str | None = None) -> bytes:
    head = f"event: {name}\n" if name else ""
    return f"{head}data: {json.dumps(event)}\n\n".encode()


async def _sse_events(
    generation: Generation, tts: TtsRequest, version: ApiVersion
) -> AsyncIterator[bytes]:
    common = {"done": False, "status_code": 206, "context_id": tts.context_id}
    trace = open_trace(os.environ.get(SENT_ENV))  # diagnostics; None unless set
    try:
        async for chunk in generation.speak(tts.transcript):
            if chunk.data:
                yield _frame({"type": "chunk", "data": base64.b64encode(chunk.data).decode(),
                              "step_time": chunk.step_time_ms, **common})
                if trace is not None:  # resumed once the frame has been handed to the socket
                    trace.add(len(chunk.data))
            if tts.add_timestamps and chunk.words:
                yield _frame({"type": "timestamps", **common,
                              "word_timestamps": timestamp_payload(chunk.words, "words")})
            if tts.add_phoneme_timestamps and chunk.phonemes:
                yield _frame({"type": "phoneme_timestamps", **common,
                              "phoneme_timestamps": timestamp_payload(chunk.phonemes, "phonemes")})
    except Exception as exc:  # the status line is gone; report in-band and end the stream
        log.exception("speech synthesis failed")
        failure = ApiFailure(500, "Internal server error", f"Speech synthesis failed: {exc}")
        yield _frame(error_event(failure, version, tts.context_id), "error")
        return
    finally:
        if trace is not None:
            trace.close()
    yield _frame({"type": "done", "done": True, "status_code": 206, "context_id": tts.context_id})


async def tts_sse(request: Request) -> Response:
    state, version, tts, rewriter = await _admit_tts(request, "sse")
    generation = Generation(state.engine, tts, RawEncoder(tts.output.encoding or "pcm_f32le"),
                            chunk_ms=state.chunk_ms, latency_ms=state.latency_ms,
                            meter=state.meter, rewriter=rewriter)
    return AudioResponse(_sse_events(generation, tts, version), media_type="text/event-stream",
                         headers={"Cache-Control": "no-cache"},
                         drop_after_bytes=_drop_after(request), on_close=_release_once(state))


async def voice_preview(request: Request) -> Response:
    """GET /voices/{id}/preview: a short WAV of the voice (what preview_file_url points at)."""
    state = server_state(request)
    version = await admit_http(request, grant=None)
    voice_id = request.path_params["voice_id"]
    status, voice = voices.get_voice(voice_id, version.date, [])
    if status != 200 or not isinstance(voice, dict):
        raise ApiFailure(404, "Voice not found", f"No voice with id {voice_id!r}.",
                         "voice_not_found")

    def synthesize() -> bytes:
        segments = state.engine.synthesize(
            f"Hello! This is {voice['name']}.", voice_id=voice_id,
            language=voices.voice_language(voice_id), sample_rate=PREVIEW_RATE,
        )
        audio = np.concatenate([s.audio for s in segments] or [np.zeros(0, np.float32)])
        pcm = encode(audio, "pcm_s16le")
        return wav_header(PcmFormat("pcm_s16le", PREVIEW_RATE), len(pcm)) + pcm

    return Response(await run_blocking(synthesize), media_type="audio/wav")
