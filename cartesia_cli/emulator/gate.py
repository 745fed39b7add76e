"""What every request goes through before its handler: recording, version, faults, auth."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qs

from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cartesia_cli.emulator.auth import credential_from
from cartesia_cli.emulator.errors import ApiFailure
from cartesia_cli.emulator.state import Fault, RecordedRequest, ServerState
from cartesia_cli.emulator.versions import ApiVersion, resolve_version

# Recordings are for tests, which clear them often; a server left running keeps only the latest.
MAX_RECORDED_REQUESTS = 1000


class RecordingMiddleware:
    """Appends a RecordedRequest for every HTTP request and WebSocket handshake, on arrival."""

    def __init__(self, app: ASGIApp, requests: list[RecordedRequest]) -> None:
        self.app = app
        self.requests = requests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers: dict[str, str] = {}
        for raw_name, raw_value in scope["headers"]:
            name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        record = RecordedRequest(
            method=scope.get("method", "GET"), path=scope["path"],
            query=parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True),
            headers=headers,
        )
        self.requests.append(record)
        if len(self.requests) > MAX_RECORDED_REQUESTS:  # a long-running server forgets the oldest
            del self.requests[: len(self.requests) - MAX_RECORDED_REQUESTS]
        scope.setdefault("state", {})["recorded"] = record
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        body = bytearray()

        async def recording_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                body.extend(message.get("body", b""))
                if not message.get("more_body", False) and body:
                    try:
                        record.json = json.loads(body)
                    except (ValueError, RecursionError):  # not JSON, or nested absurdly deep
                        record.json = None
            return message

        await self.app(scope, recording_receive, send)


def server_state(conn: HTTPConnection) -> ServerState:
    return conn.app.state.emulator  # type: ignore[no-any-return]


def recorded(conn: HTTPConnection) -> RecordedRequest:
    return conn.scope["state"]["recorded"]  # type: ignore[no-any-return]


async def apply_fault(fault: Fault | None) -> None:
    """Wait out a scripted delay, then raise the scripted error if there is one."""
    if fault is None:
        return
    if fault.delay > 0:
        await asyncio.sleep(fault.delay)
    failure = fault.failure()
    if failure is not None:
        raise failure


async def admit_http(request: Request, *, grant: str | None) -> ApiVersion:
    """Version, faults and auth for an HTTP request; `grant` None means API keys only.

    Raises:
        ApiFailure: for a missing/invalid version, a scripted fault, or failed auth.
    """
    state = server_state(request)
    version = resolve_version(request.headers.get("cartesia-version"))
    request.state.version = version  # errors raised from here on use this version's shape
    fault = state.faults.take(request.url.path)
    request.state.fault = fault
    await apply_fault(fault)
    state.auth.check(credential_from(request.headers), grant=grant)
    return version


def caller_key(conn: HTTPConnection, query: dict[str, str] | None = None) -> str | None:
    """The API key of an admitted request; None when it came with an access token."""
    credential = credential_from(conn.headers, query)
    if credential is None or not server_state(conn).auth.is_api_key(credential.value):
        return None
    return credential.value


async def read_json(request: Request) -> object:
    raw = await request.body()
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        raise ApiFailure(400, "Invalid request", "The request body is not valid JSON.") from None
