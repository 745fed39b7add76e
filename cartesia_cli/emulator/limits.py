"""Size bounds, so one request can never take more than a few hundred MB of the emulator's memory.

The public API documents no size limits; these are the emulator's own, chosen so that any real
client request fits with room to spare and nothing is ever buffered whole before it is refused.

Where the memory of one request goes, and what bounds it:

- request line and headers (query included): MAX_REQUEST_HEAD_BYTES, answered with 414/431 in
  the API's error shape. Before that, uvicorn's HTTP parser (h11) drops a head still incomplete
  after that many bytes, and asyncio reads at most 256 KiB at once: no head is ever bigger.
- an HTTP body: MAX_BODY_BYTES (MAX_UPLOAD_BYTES for a clip upload), refused with 413 from
  Content-Length before reading, or while counting the bytes of a chunked body (the parsed
  JSON is at most a few times that);
- a WebSocket message: MAX_WS_MESSAGE_BYTES, refused by the WebSocket parser from the frame
  header (close code 1009), so an oversized frame is never buffered;
- text a WebSocket context has accepted but not yet spoken: MAX_PENDING_TEXT_CHARS;
- audio: synthesized and sent one bounded piece of text at a time (synthesis.MAX_ENGINE_TEXT_CHARS),
  and every send waits for the socket (flow control), so no request's audio is ever held whole.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket

from cartesia_cli.emulator.errors import ApiFailure, error_response
from cartesia_cli.emulator.versions import requested_version

# 1 MiB: a TTS body is a transcript plus a few small fields. A long transcript of ~150,000
# characters is well under this, and the parsed JSON of 1 MiB stays in the tens of MB.
MAX_BODY_BYTES = 1024 * 1024
# Uploads (POST /voices/clone): a one-minute clip of 48 kHz stereo 16-bit WAV is ~11 MB.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_PATHS = frozenset({"/voices/clone"})
# WebSocket messages carry the same JSON as a TTS body, so they get the same bound.
MAX_WS_MESSAGE_BYTES = MAX_BODY_BYTES
# Request line plus all headers: what common HTTP servers and proxies accept. (On a WebSocket
# handshake the WebSocket parser also refuses any single line over 8 KiB.)
MAX_REQUEST_HEAD_BYTES = 16 * 1024
# Text a WebSocket context holds before it is spoken (buffered continuations plus queued
# sentences). A context can fall this far behind a fast producer before it is refused.
MAX_PENDING_TEXT_CHARS = 1024 * 1024


def payload_too_large(what: str, limit: int) -> ApiFailure:
    return ApiFailure(413, "Payload too large",
                      f"The {what} is larger than this emulator accepts ({limit} bytes).")


def _head_failure(scope: Scope) -> ApiFailure | None:
    target = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
    if target > MAX_REQUEST_HEAD_BYTES:
        return ApiFailure(414, "URI too long", f"The request target (path and query) is longer "
                          f"than this emulator accepts ({MAX_REQUEST_HEAD_BYTES} bytes).")
    head = target + sum(len(name) + len(value) + 4 for name, value in scope["headers"])
    if head > MAX_REQUEST_HEAD_BYTES:
        return ApiFailure(431, "Request header fields too large", f"The request line and "
                          f"headers are larger than this emulator accepts "
                          f"({MAX_REQUEST_HEAD_BYTES} bytes).")
    return None


class RequestLimitMiddleware:
    """Refuses request heads over MAX_REQUEST_HEAD_BYTES (414/431) and HTTP bodies over
    MAX_BODY_BYTES (413), in the error shape of the caller's Cartesia-Version.

    A declared Content-Length over the limit is refused before any of the body is read. A chunked
    body is counted as it arrives and refused once it passes the limit, so at most the limit plus
    one received piece is ever in memory.
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        failure = _head_failure(scope)
        limit = MAX_UPLOAD_BYTES if scope.get("path") in UPLOAD_PATHS else self.limit
        if failure is None and scope["type"] == "http" and self._declared(scope) > limit:
            failure = payload_too_large("request body", limit)
        if failure is not None:
            await self._refuse(failure, scope, receive, send)
            return
        if scope["type"] == "websocket":  # message sizes are the WebSocket parser's (ws_max_size)
            await self.app(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised into the handler reading the body; rendered like any ApiFailure.
                    raise payload_too_large("request body", limit)
            return message

        await self.app(scope, counting_receive, send)

    @staticmethod
    def _declared(scope: Scope) -> int:
        for name, value in scope["headers"]:
            if name.lower() == b"content-length":
                try:
                    return int(value)
                except ValueError:  # the HTTP parser refuses these before they get here
                    return 0
        return 0

    @staticmethod
    async def _refuse(failure: ApiFailure, scope: Scope, receive: Receive, send: Send) -> None:
        response: Response = error_response(failure, requested_version(scope["headers"]))
        if scope["type"] == "http":
            await response(scope, receive, send)
        else:
            await WebSocket(scope, receive, send).send_denial_response(response)
