"""The TTS WebSocket: connect (auth and version per API version), send, receive, cancel.

Sync websockets: one thread may send while another receives on the same connection.

`connect()` is one attempt; retries belong to the flow that knows whether audio was delivered
(api/retry.py). The handshake never follows a redirect: we open the TCP connection ourselves and
hand it to websockets (its documented `sock=`), and websockets follows no redirect on a socket it
was given, so a key in the handshake headers can never travel to another host or to plain ws://.
"""

from __future__ import annotations

import json
import socket
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from cartesia_cli.api.errors import error_from_fields, parse_error_body
from cartesia_cli.api.http import (
    USER_AGENT,
    Credentials,
    check_base_url,
    network_reason,
    unexpected_answer,
)
from cartesia_cli.api.proxy import open_tunnel, proxy_for
from cartesia_cli.api.retry import retry_after
from cartesia_cli.config import redact_url
from cartesia_cli.errors import CartesiaError, ProtocolError, UnavailableError, UsageError

if TYPE_CHECKING:
    from cartesia_cli.config import Settings

PATH = "/tts/websocket"
MAX_MESSAGE = 16 * 1024 * 1024  # bytes; an audio chunk is ~100 KB: bigger is a broken server


def websocket_url(base_url: str, query: dict[str, str]) -> str:
    base = check_base_url(base_url)
    scheme, rest = base.split("://", 1)
    return f"{'wss' if scheme == 'https' else 'ws'}://{rest}{PATH}?{urlencode(query)}"


class TTSWebSocket:
    def __init__(self, settings: Settings):
        self.version = settings.resolved_version
        self.credentials = Credentials.from_settings(settings)
        self.base_url = check_base_url(settings["base_url"])
        self.timeout = float(settings["timeout"])
        self.conn: Any = None
        self._stack: ExitStack | None = None

    @property
    def shown_base_url(self) -> str:
        return redact_url(self.base_url)

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

    def _unreachable(self, exc: BaseException) -> UnavailableError:
        reason = network_reason(exc, self.base_url)
        return UnavailableError(
            f"cannot open the WebSocket at {self.shown_base_url}: {reason}",
            hint="check the network or --base-url, then try again (--transport sse uses plain "
            "HTTPS; `cartesia --offline ...` speaks without a network, a local emulator)",
        )

    def _open_socket(self, url: str) -> socket.socket:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "wss" else 80)
        proxy = proxy_for(parts.scheme, host)
        if proxy is None:
            return socket.create_connection((host, port), timeout=self.timeout)
        return open_tunnel(proxy, host, port, timeout=self.timeout)

    def connect(self) -> TTSWebSocket:
        """Open the socket: one attempt.

        Raises:
            UsageError: the server answered with a redirect (never followed).
            CartesiaError: the handshake was refused (by status, with any retry-after), or the
                server could not be reached (UnavailableError, retryable).
        """
        from websockets.exceptions import InvalidStatus, WebSocketException
        from websockets.sync.client import connect

        url, headers = self._handshake()
        stack = ExitStack()
        try:
            sock = self._open_socket(url)
        except OSError as exc:
            raise self._unreachable(exc) from None
        try:
            self.conn = stack.enter_context(connect(
                url,
                sock=sock,
                additional_headers=headers,
                open_timeout=self.timeout,
                max_size=MAX_MESSAGE,
                compression=None,
                user_agent_header=None,
                proxy=None,  # the socket is already through any proxy
                # After a cancel the server may still be sending: do not wait 10 s on close.
                close_timeout=1.0,
            ))
        except InvalidStatus as exc:
            sock.close()
            raise self._refused(exc) from None
        except ValueError as exc:  # websockets: "cannot follow redirect … preexisting socket"
            sock.close()
            if isinstance(exc.__cause__, InvalidStatus):
                raise self._refused(exc.__cause__) from None
            raise self._unreachable(exc) from None
        except (OSError, TimeoutError, WebSocketException) as exc:
            sock.close()
            raise self._unreachable(exc) from None
        self._stack = stack
        return self

    def _refused(self, exc: Any) -> CartesiaError:
        response = exc.response
        status = response.status_code
        where = f"GET {PATH}"
        if 300 <= status < 400:
            location = redact_url(response.headers.get("Location", "elsewhere"))
            return UsageError(
                f"{where} answered HTTP {status}, a redirect to {location}; not followed",
                hint="check --base-url (or CARTESIA_BASE_URL): it should be the API's root",
            )
        raw = (response.body or b"")[:65536]
        if status < 300:  # a 200 page (a proxy's login form) where the upgrade should be
            kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            return unexpected_answer(f"{where} (WebSocket handshake)", kind, raw)
        body = raw.decode("utf-8", "replace")
        err = error_from_fields(parse_error_body(body), status, where,
                                token=self.credentials.is_token)
        err.retry_after = retry_after(dict(response.headers.raw_items()))
        return err

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
            hint="try again",
        )

    def close(self) -> None:
        if self._stack is not None:
            try:
                self._stack.close()
            except (OSError, RuntimeError):
                pass  # closing a socket that is already gone
            self._stack = None
            self.conn = None

    def __enter__(self) -> TTSWebSocket:
        return self.connect()

    def __exit__(self, *exc: object) -> None:
        self.close()
