"""WSS /tts/websocket: the handshake checks, then one Session multiplexing many contexts."""

from __future__ import annotations

import asyncio
import json
from typing import Literal

from starlette.types import Message
from starlette.websockets import WebSocket

from cartesia_cli.emulator.auth import credential_from
from cartesia_cli.emulator.errors import ApiFailure, error_event, error_response
from cartesia_cli.emulator.gate import apply_fault, caller_key, recorded, server_state
from cartesia_cli.emulator.limits import MAX_PENDING_TEXT_CHARS
from cartesia_cli.emulator.pronunciation import rewriter_for
from cartesia_cli.emulator.state import Fault, RecordedRequest, ServerState, concurrency_failure
from cartesia_cli.emulator.validation import TtsRequest, bad_request, validate_tts
from cartesia_cli.emulator.versions import ApiVersion, resolve_version
from cartesia_cli.emulator.ws_context import Context

PATH = "/tts/websocket"
# What one socket's recording (for tests) may hold; later messages are handled but not kept.
MAX_RECORDED_WS_CHARS = 8 * 1024 * 1024
# Fields that may change from one input of a context to the next; everything else is inherited.
_PER_INPUT_FIELDS = ("transcript", "continue", "flush", "duration", "context_id")

Outcome = Literal["closed_by_client", "idle", "dropped"]


async def tts_websocket(ws: WebSocket) -> None:
    state = server_state(ws)
    version: ApiVersion | None = None
    fault: Fault | None = None
    try:
        # The query parameter wins over the header: browsers cannot set handshake headers.
        version = resolve_version(
            ws.query_params.get("cartesia_version") or ws.headers.get("cartesia-version")
        )
        fault = state.faults.take(PATH)
        await apply_fault(fault)
        state.auth.check(credential_from(ws.headers, ws.query_params), grant="tts")
        if not state.sockets.try_acquire():
            raise ApiFailure(429, "Too many connections",
                             f"At most {state.sockets.limit} WebSockets may be open at once.",
                             "concurrency_limited", retry_after=1)
    except ApiFailure as failure:
        await ws.send_denial_response(error_response(failure, version))
        return
    try:
        await ws.accept()
        session = Session(ws, state, version, recorded(ws), fault,
                          caller_key(ws, dict(ws.query_params)))
        outcome = await session.run()
        if outcome == "idle":
            await ws.close(1000, "idle timeout")
        # "dropped": return without a close frame, so the client sees an abnormal closure (1006).
    finally:
        state.sockets.release()


class Session:
    """One accepted socket: reads client frames, routes them to contexts, serialises sends."""

    def __init__(self, ws: WebSocket, state: ServerState, version: ApiVersion,
                 record: RecordedRequest, fault: Fault | None, key: str | None) -> None:
        self.ws = ws
        self.key = key  # the API key the socket opened with (None: an access token)
        self.state = state
        self.version = version
        self.record = record
        self.fault = fault if fault is not None and fault.cuts_stream else None
        self.contexts: dict[str, Context] = {}
        self.loop = asyncio.get_running_loop()
        self.last_activity = self.loop.time()
        self.stopped = asyncio.Event()  # set when the socket is gone or must be dropped
        self._send_lock = asyncio.Lock()
        self._messages_sent = 0
        self._bytes_sent = 0
        self._recorded_chars = 0

    async def run(self) -> Outcome:
        try:
            while True:
                message = await self._receive()
                if message is None:
                    return "dropped" if self.stopped.is_set() else "idle"
                if message["type"] == "websocket.disconnect":
                    return "closed_by_client"
                self.last_activity = self.loop.time()
                await self._handle(message)
        finally:
            for context in self.contexts.values():
                context.shutdown()

    async def send(self, event: dict[str, object]) -> bool:
        """Send one event; False when the socket is gone (or a scripted fault just cut it)."""
        text = json.dumps(event)
        async with self._send_lock:
            if self.stopped.is_set():
                return False
            limit = self.fault.drop_after_bytes if self.fault else None
            if limit is not None and self._bytes_sent + len(text) > limit:
                self.stopped.set()
                return False
            try:
                await self.ws.send_text(text)
            except Exception:  # noqa: BLE001 - any send failure means the peer has gone
                self.stopped.set()
                return False
            self._messages_sent += 1
            self._bytes_sent += len(text)
            cut_after = self.fault.close_ws_after_messages if self.fault else None
            if cut_after is not None and self._messages_sent >= cut_after:
                self.stopped.set()
        self.last_activity = self.loop.time()
        return True

    async def _receive(self) -> Message | None:
        """The next client frame; None when the socket went idle or must be dropped."""
        receiving = asyncio.ensure_future(self.ws.receive())
        stopping = asyncio.ensure_future(self.stopped.wait())
        try:
            while True:
                remaining = self.last_activity + self.state.idle_timeout - self.loop.time()
                if remaining <= 0:
                    return None
                done, _ = await asyncio.wait({receiving, stopping}, timeout=remaining,
                                             return_when=asyncio.FIRST_COMPLETED)
                if receiving in done:
                    return receiving.result()
                if stopping in done:
                    return None
        finally:
            stopping.cancel()
            if not receiving.done():
                receiving.cancel()

    def _record(self, message: object, size: int) -> None:
        """Keep the message for tests, up to MAX_RECORDED_WS_CHARS per socket."""
        self._recorded_chars += size
        if self._recorded_chars <= MAX_RECORDED_WS_CHARS:
            self.record.ws_messages.append(message)

    async def _handle(self, message: Message) -> None:
        text = message.get("text")
        if not isinstance(text, str):
            raw = message.get("bytes")
            self._record(raw, len(raw or b""))
            await self._error(bad_request("Send JSON text frames, not binary ones."))
            return
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
            self._record(text, len(text))
            await self._error(bad_request("The message is not valid JSON."))
            return
        self._record(data, len(text))
        if not isinstance(data, dict):
            await self._error(bad_request("Each message must be a JSON object."))
            return
        if data.get("cancel") is True:  # a cancel request has no type field; its shape tells
            self._cancel(data.get("context_id"))
            return
        await self._generate(data)

    def _cancel(self, context_id: object) -> None:
        context = self.contexts.get(context_id) if isinstance(context_id, str) else None
        if context is not None and not context.ended:
            context.cancel()

    async def _generate(self, data: dict[str, object]) -> None:
        raw_id = data.get("context_id")
        context_id = raw_id if isinstance(raw_id, str) and raw_id else None
        context = self.contexts.get(context_id) if context_id else None
        if context is not None and context.expired(self.loop.time()):
            del self.contexts[context.id]
            context = None
        if context is None:
            await self._open_context(data, context_id)
            return
        if context.ended:
            if not context.cancelled:  # after a cancel, stray inputs are dropped quietly
                await self._error(bad_request(
                    f"Context {context_id} has finished; use a new context_id."), context_id)
            return
        try:
            request = self._validate({**context.base_fields, **data})
        except ApiFailure as failure:
            await context.fail(failure)
            return
        if request.context_signature() != context.signature:
            await context.fail(bad_request(
                "Inputs on one context must keep every field except transcript, continue and "
                "flush the same (model_id, voice, output_format, language, ...)."))
        elif context.input_closed:
            await context.fail(bad_request(
                f"Context {context_id} already received its last input (continue: false)."))
        elif context.over_pending_limit(request):
            await context.fail(ApiFailure(
                413, "Payload too large",
                f"Context {context_id} has more than {MAX_PENDING_TEXT_CHARS} characters waiting "
                "to be spoken; wait for its audio before sending more text."))
        else:
            context.accept(request)

    async def _open_context(self, data: dict[str, object], context_id: str | None) -> None:
        now = self.loop.time()  # forget expired contexts so a long-lived socket stays small
        for expired in [c for c in self.contexts.values() if c.expired(now)]:
            del self.contexts[expired.id]
        try:
            request = self._validate(data)
            rewriter = rewriter_for(self.state.dicts, request.pronunciation_dict_id, self.key,
                                    self.version)
        except ApiFailure as failure:
            await self._error(failure, context_id)
            return
        if not self.state.contexts.try_acquire():
            await self._error(concurrency_failure(self.state.contexts.limit), request.context_id)
            return
        base = {k: v for k, v in data.items() if k not in _PER_INPUT_FIELDS}
        context = Context(self, request, base, rewriter)
        self.contexts[context.id] = context
        context.accept(request)

    def _validate(self, data: dict[str, object]) -> TtsRequest:
        voices, key = self.state.voices, self.key
        return validate_tts(data, self.version, "websocket",
                            known_voice=lambda voice_id: voices.find(voice_id, key) is not None)

    async def _error(self, failure: ApiFailure, context_id: str | None = None) -> None:
        await self.send(error_event(failure, self.version, context_id))
