"""Stopping a server that still has streams open: cut them at once, quietly.

uvicorn's own graceful shutdown waits for open responses, then cancels their tasks and logs
each as "Exception in ASGI application" with a traceback. A TTS stream can run for minutes, and
when the emulator runs inside the CLI (--offline) the user pressed Ctrl-C and wants it gone
without a word. So `CuttingServer.shutdown` first calls `CutOnShutdown.cut()`: every request
still running is cancelled (its synthesis stops with it) and ended the way a stopping server
ends it, and only then does uvicorn close the connections:

- an HTTP response not started yet: 503 in the API's error shape;
- an HTTP response already streaming: cut (the client sees an incomplete body, never a silent
  success);
- a WebSocket not accepted yet: refused with 503; an accepted one: closed with 1001 (going away).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cartesia_cli.emulator.errors import ApiFailure, error_response
from cartesia_cli.emulator.versions import requested_version

_END_TIMEOUT_S = 0.2  # for the last words to a client (503, close frame)
_CUT_TIMEOUT_S = 0.5  # cut requests end within a loop iteration or two; this is a backstop


class _Exchange:
    """How far one request's answer got, seen from the messages the app sent."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.started = False  # status line sent, or WebSocket accepted or refused
        self.finished = False  # last body byte sent, or WebSocket closed

    async def send(self, message: Message) -> None:
        kind = message["type"]
        if kind in ("http.response.start", "websocket.accept", "websocket.http.response.start"):
            self.started = True
        elif kind == "websocket.close" or (
            kind in ("http.response.body", "websocket.http.response.body")
            and not message.get("more_body", False)
        ):
            self.finished = True
        await self._send(message)

    async def end(self, scope: Scope, receive: Receive) -> None:
        """End the answer of a request the server is cutting short."""
        if self.finished:
            return
        if scope["type"] == "websocket" and self.started:
            await self.send({"type": "websocket.close", "code": 1001, "reason": "server stopping"})
        elif not self.started:
            response = error_response(_stopping(), requested_version(scope["headers"]))
            if scope["type"] == "http":
                await response(scope, receive, self.send)
            elif "websocket.http.response" in scope.get("extensions", {}):
                await response(scope, receive, self._denial_send)
            else:
                await self.send({"type": "websocket.close", "code": 1001})
        # An HTTP response already streaming is left incomplete: the server closes the socket.

    async def _denial_send(self, message: Message) -> None:
        await self.send({**message, "type": "websocket." + message["type"]})


def _stopping() -> ApiFailure:
    return ApiFailure(503, "Service unavailable", "The emulator is shutting down.")


class CutOnShutdown:
    """ASGI wrapper that runs each request as its own task, so `cut()` can cancel them all."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.tripped = False
        self._running: set[asyncio.Task[None]] = set()  # the app, one task per request
        self._ended: set[asyncio.Future[None]] = set()  # resolved when a request is answered

    async def cut(self, timeout: float) -> None:
        """Cut every running request and wait (up to `timeout`) until each has been ended;
        later requests are answered 503. Event loop thread only."""
        self.tripped = True
        for task in list(self._running):
            task.cancel()
        if self._ended:
            await asyncio.wait(set(self._ended), timeout=timeout)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        ended = asyncio.get_running_loop().create_future()
        self._ended.add(ended)
        try:
            await self._serve(scope, receive, send)
        finally:
            ended.set_result(None)
            self._ended.discard(ended)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        exchange = _Exchange(send)
        if not self.tripped:
            inner = asyncio.ensure_future(self.app(scope, receive, exchange.send))
            self._running.add(inner)
            try:
                await asyncio.wait({inner})
            except asyncio.CancelledError:  # uvicorn gave up on this request: pass it on
                inner.cancel()
                raise
            finally:
                self._running.discard(inner)
            if not inner.cancelled():
                inner.result()  # the app's own failures surface as before
                return
        # The peer may be gone already, or not reading (a close frame would wait behind the
        # audio it never read): then there is nobody left to tell, and no reason to wait.
        with contextlib.suppress(Exception):
            await asyncio.wait_for(exchange.end(scope, receive), _END_TIMEOUT_S)


class CuttingServer(uvicorn.Server):
    """A uvicorn server that cuts open streams as its shutdown begins."""

    def __init__(self, config: uvicorn.Config, cutter: CutOnShutdown) -> None:
        super().__init__(config)
        self.cutter = cutter

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # Cut first, so streams end the emulator's way (503, cut body, 1001) before uvicorn
        # starts closing connections its own way.
        await self.cutter.cut(timeout=_CUT_TIMEOUT_S)
        await super().shutdown(sockets=sockets)
