"""The TTS WebSocket: connect (auth and version per API version), send, receive, cancel.

Sync websockets: one thread may send while another receives on the same connection.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from cartesia_cli.api.errors import error_from_fields, parse_error_body
from cartesia_cli.api.http import USER_AGENT, Credentials, backoff_delay, check_base_url
from cartesia_cli.errors import CartesiaError, ProtocolError, UnavailableError

if TYPE_CHECKING:
    from collections.abc import Callable

    from cartesia_cli.config import Settings

RETRY_STATUSES = frozenset({408, 429}) | frozenset(range(500, 600))
PATH = "/tts/websocket"


def websocket_url(base_url: str, query: dict[str, str]) -> str:
    base = check_base_url(base_url)
    scheme, rest = base.split("://", 1)
    return f"{'wss' if scheme == 'https' else 'ws'}://{rest}{PATH}?{urlencode(query)}"


class TTSWebSocket:
    def __init__(
        self,
        settings: Settings,
        *,
        retry_base_delay: float = 0.5,
        on_retry: Callable[[int, float, str], None] | None = None,
    ):
        self.version = settings.resolved_version
        self.credentials = Credentials(settings["api_key"], settings["access_token"])
        self.base_url = check_base_url(settings["base_url"])
        self.timeout = float(settings["timeout"])
        self.max_retries = int(settings["max_retries"])
        self.retry_base_delay = retry_base_delay
        self.on_retry = on_retry
        self.conn: Any = None
        self._stack: ExitStack | None = None

    def _handshake(self) -> tuple[str, dict[str, str]]:
        """URL and headers: the version both ways; an access token as ?access_token=."""
        self.credentials.require()
        query = {"cartesia_version": self.version.requested}
        headers = {"Cartesia-Version": self.version.requested, "User-Agent": USER_AGENT}
        if self.credentials.api_key:
            headers.update(self.credentials.headers(self.version))
        else:
            query["access_token"] = self.credentials.access_token or ""
        return websocket_url(self.base_url, query), headers

    def connect(self) -> TTSWebSocket:
        """Open the socket, retrying connection failures and retryable handshake statuses."""
        import time

        from websockets.exceptions import InvalidStatus, WebSocketException
        from websockets.sync.client import connect

        url, headers = self._handshake()
        for attempt in range(self.max_retries + 1):
            last = attempt >= self.max_retries
            try:
                stack = ExitStack()
                self.conn = stack.enter_context(
                    connect(
                        url,
                        additional_headers=headers,
                        open_timeout=self.timeout,
                        max_size=None,
                        compression=None,
                        user_agent_header=None,
                        # After a cancel the server may still be sending: do not wait 10 s on close.
                        close_timeout=1.0,
                    )
                )
                self._stack = stack
                return self
            except InvalidStatus as exc:
                response = exc.response
                status = response.status_code
                if status in RETRY_STATUSES and not last:
                    delay = backoff_delay(
                        attempt, response.headers.get("Retry-After"), self.retry_base_delay
                    )
                else:
                    body = (response.body or b"").decode("utf-8", "replace")
                    fields = parse_error_body(body)
                    raise error_from_fields(fields, status, f"GET {PATH}") from None
            except (OSError, TimeoutError, WebSocketException) as exc:
                if last:
                    reason = str(exc) or type(exc).__name__
                    raise UnavailableError(
                        f"cannot open the WebSocket at {self.base_url}: {reason}",
                        hint="check the network or --base-url, then try again",
                    ) from None
                delay = backoff_delay(attempt, None, self.retry_base_delay)
            if self.on_retry:
                self.on_retry(attempt + 1, delay, "WebSocket handshake failed")
            time.sleep(delay)
        raise AssertionError("unreachable")

    def send(self, message: dict[str, Any]) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            self.conn.send(json.dumps(message))
        except ConnectionClosed as exc:
            raise self._broken(exc) from None

    def poll(self, timeout: float) -> dict[str, Any] | None:
        """The next message, or None when none arrives within `timeout` seconds."""
        from websockets.exceptions import ConnectionClosed

        try:
            raw = self.conn.recv(timeout=timeout)
        except ConnectionClosed as exc:
            raise self._broken(exc) from None
        except TimeoutError:
            return None
        try:
            message = json.loads(raw)
        except ValueError:
            raise ProtocolError("the WebSocket sent a frame that is not JSON") from None
        if not isinstance(message, dict):
            raise ProtocolError("the WebSocket sent a JSON frame that is not an object")
        return message

    def _broken(self, exc: Exception) -> CartesiaError:
        return UnavailableError(
            f"the WebSocket closed before the audio was complete ({exc})",
            hint="the output was not completed; try again",
        )

    def close(self) -> None:
        if self._stack is not None:
            self._stack.close()
            self._stack = None
            self.conn = None

    def __enter__(self) -> TTSWebSocket:
        return self.connect()

    def __exit__(self, *exc: object) -> None:
        self.close()
