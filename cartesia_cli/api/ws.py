"""The TTS WebSocket: connect (auth and version per API version), send, receive, cancel.

RFC 6455 is websockets' Sans-I/O protocol (`websockets.client.ClientProtocol`, public and
documented); the socket around it is ours (api/connect.py: proxy tunnel, TLS). Why not
websockets' own sync client: it imports ssl, urllib.request, logging and concurrent.futures on
every run, ~20 ms of the time to first audio (benchmarks, suite `transport`). One thread may send
while another receives: the protocol state and socket writes are under one lock.

`connect()` is one attempt; retries belong to the flow that knows whether audio was delivered
(api/retry.py). The handshake never follows a redirect (the protocol reports a 3xx as a refusal),
so a key in the handshake headers can never travel to another host or to plain ws://.
"""

from __future__ import annotations

import json
import os
import select
import socket
import threading
import time
from collections import deque
from contextlib import suppress
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from cartesia_cli.api.connect import open_socket
from cartesia_cli.api.errors import error_from_fields, parse_error_body
from cartesia_cli.api.http import (
    USER_AGENT,
    Credentials,
    check_base_url,
    network_reason,
    unexpected_answer,
)
from cartesia_cli.api.retry import retry_after
from cartesia_cli.config import redact_url
from cartesia_cli.errors import CartesiaError, ProtocolError, UnavailableError, UsageError

if TYPE_CHECKING:
    from websockets.client import ClientProtocol

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
        self.variables = settings.variables  # proxies and CA bundle (api/connect.py)
        self.conn: Connection | None = None

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

    def connect(self) -> TTSWebSocket:
        """Open the socket: one attempt.

        Raises:
            UsageError: the server answered with a redirect (never followed).
            CartesiaError: the handshake was refused (by status, with any retry-after), or the
                server could not be reached (UnavailableError, retryable).
        """
        from websockets.exceptions import InvalidHandshake, InvalidStatus

        url, headers = self._handshake()
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            port = parts.port or (443 if parts.scheme == "wss" else 80)
            sock = open_socket(parts.scheme, host, port, timeout=self.timeout,
                               variables=self.variables)
        except OSError as exc:
            raise self._unreachable(exc) from None
        try:
            sock.settimeout(self.timeout)
            self.conn = Connection.open(sock, url, headers, max_size=MAX_MESSAGE)
        except InvalidStatus as exc:
            sock.close()
            raise self._refused(exc) from None
        except (OSError, InvalidHandshake) as exc:
            sock.close()
            raise self._unreachable(exc) from None
        except BaseException:
            sock.close()
            raise
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

    @property
    def _open(self) -> Connection:
        if self.conn is None:
            raise UnavailableError("the WebSocket is not open", hint="try again")
        return self.conn

    def send(self, message: dict[str, Any]) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            self._open.send_text(json.dumps(message))
        except ConnectionClosed as exc:
            raise self._broken(exc) from None

    def poll(self, timeout: float) -> dict[str, Any] | None:
        """The next message, or None when none arrives within `timeout` seconds."""
        from websockets.exceptions import ConnectionClosed

        try:
            raw = self._open.recv(timeout)
        except ConnectionClosed as exc:
            raise self._broken(exc) from None
        if raw is None:
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
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self) -> TTSWebSocket:
        return self.connect()

    def __exit__(self, *exc: object) -> None:
        self.close()


KEEPALIVE_S = 20.0  # a ping after this long without traffic keeps proxies and NATs from idling out
CLOSE_WAIT_S = 1.0  # after our close frame, how long the server may take to close: a cancel may
# leave it sending


class Connection:
    """One open WebSocket: websockets' protocol object and our socket. `send_text` may run in
    one thread while `recv` runs in another; only one thread receives."""

    def __init__(self, sock: socket.socket, protocol: ClientProtocol):
        self.sock = sock
        self.protocol = protocol
        self.lock = threading.Lock()  # protocol state and socket writes
        self.messages: deque[str] = deque()
        self.fragments: list[bytes] | None = None  # a text message arriving in pieces
        self.last_traffic = time.monotonic()
        self.closing_since: float | None = None

    @classmethod
    def open(cls, sock: socket.socket, url: str, headers: dict[str, str], *,
             max_size: int) -> Connection:
        """The opening handshake on a connected socket (whose timeout bounds each read).

        Raises:
            InvalidStatus: the server answered something other than 101 (a redirect too).
            InvalidHandshake: the answer is not a valid WebSocket handshake.
            OSError: the socket failed or timed out.
        """
        from websockets.client import ClientProtocol
        from websockets.exceptions import InvalidHandshake, InvalidMessage
        from websockets.protocol import State
        from websockets.uri import parse_uri

        protocol = ClientProtocol(parse_uri(url), max_size=max_size)
        request = protocol.connect()
        for name, value in headers.items():
            request.headers[name] = value
        protocol.send_request(request)
        connection = cls(sock, protocol)
        connection._flush()
        timeout = sock.gettimeout() or 30.0
        deadline = time.monotonic() + timeout  # for the whole answer: a drip never resets it
        while protocol.state is State.CONNECTING:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the handshake answer did not arrive in time")
            sock.settimeout(remaining)
            data = sock.recv(65536)
            events = connection._receive(data)
            failure = protocol.handshake_exc
            if isinstance(failure, InvalidHandshake):  # InvalidStatus among them
                raise failure
            if failure is not None:  # an EOFError or ValueError from the parser (older releases)
                raise InvalidMessage(f"invalid handshake answer: {failure}") from failure
            connection._take(events[1:])  # frames that came with the answer
            if not data and protocol.state is State.CONNECTING:
                raise InvalidMessage("the server closed the connection during the handshake")
        sock.settimeout(timeout)
        return connection

    def _receive(self, data: bytes) -> list[Any]:
        """Feed what the socket gave (b"": it closed); the events, after any replies are sent
        (pongs, the closing frame)."""
        with self.lock:
            if data:
                self.protocol.receive_data(data)
            else:
                self.protocol.receive_eof()
            events = self.protocol.events_received()
            self._flush()
        self.last_traffic = time.monotonic()
        return events

    def _flush(self) -> None:
        for data in self.protocol.data_to_send():
            try:
                if data:
                    self.sock.sendall(data)
                else:  # SEND_EOF: half-close after our closing frame
                    self.sock.shutdown(socket.SHUT_WR)
            except OSError:
                from websockets.exceptions import ConnectionClosedError

                with suppress(Exception):
                    self.protocol.fail(1006)
                raise ConnectionClosedError(None, None) from None

    def _take(self, events: list[Any]) -> None:
        from websockets.frames import Opcode

        for frame in events:
            if frame.opcode is Opcode.TEXT or frame.opcode is Opcode.BINARY:
                self.fragments = [frame.data]
            elif frame.opcode is Opcode.CONT and self.fragments is not None:
                self.fragments.append(frame.data)
            else:
                continue  # ping (answered by the protocol), pong, close
            if frame.fin:
                data, self.fragments = b"".join(self.fragments), None
                self.messages.append(data.decode("utf-8", "replace"))

    def send_text(self, text: str) -> None:
        """Raises: ConnectionClosed, the connection is (being) closed."""
        from websockets.protocol import State

        with self.lock:
            if self.protocol.state is not State.OPEN:
                raise self._closed()
            self.protocol.send_text(text.encode())
            self._flush()
        self.last_traffic = time.monotonic()

    def _closed(self) -> Exception:
        from websockets.exceptions import ConnectionClosedError
        from websockets.protocol import State

        if self.protocol.state is State.CLOSED:
            return self.protocol.close_exc
        return ConnectionClosedError(self.protocol.close_rcvd, self.protocol.close_sent)

    def recv(self, timeout: float) -> str | None:
        """The next text message, or None after `timeout` seconds without one.

        Raises: ConnectionClosed, once the messages that came before the close are taken.
        """
        from websockets.protocol import State

        deadline = time.monotonic() + timeout
        while not self.messages:
            if self.protocol.state is State.CLOSED:
                raise self.protocol.close_exc
            if self.protocol.state is State.CLOSING and self._closing_too_long():
                with self.lock:
                    self.protocol.receive_eof()  # as if it had: CLOSED, with the codes we know
                continue
            if not self._readable(deadline):
                return None
            try:
                data = self.sock.recv(65536)
            except OSError:
                data = b""  # reset or timed out mid-frame: the connection is gone
            self._take(self._receive(data))
        return self.messages.popleft()

    def _closing_too_long(self) -> bool:
        """Closing (we failed the connection, or either side sent its close frame) and the
        server has not closed the TCP connection within CLOSE_WAIT_S."""
        if self.closing_since is None:
            self.closing_since = time.monotonic()
        return time.monotonic() - self.closing_since > CLOSE_WAIT_S

    def _readable(self, deadline: float) -> bool:
        pending = getattr(self.sock, "pending", None)  # ssl.SSLSocket: bytes already decrypted
        if pending is not None and pending():
            return True
        while True:
            now = time.monotonic()
            if now - self.last_traffic >= KEEPALIVE_S:
                self._ping()
            wait = min(deadline - now, self.last_traffic + KEEPALIVE_S - now)
            if wait <= 0 and now >= deadline:
                return False
            readable, _, _ = select.select([self.sock], [], [], max(wait, 0))
            if readable:
                return True
            if time.monotonic() >= deadline:
                return False

    def _ping(self) -> None:
        from websockets.protocol import State

        with self.lock:
            if self.protocol.state is State.OPEN:
                self.protocol.send_ping(os.urandom(4))
                with suppress(Exception):
                    self._flush()
        self.last_traffic = time.monotonic()

    def close(self) -> None:
        """The closing handshake, briefly waited for; then the socket is closed."""
        from websockets.protocol import State

        try:
            # A sender stuck in sendall (a server that stopped reading) holds the lock: then no
            # closing frame; shutting the socket down below ends that sendall too.
            if not self.lock.acquire(timeout=CLOSE_WAIT_S):
                return
            try:
                if self.protocol.state is State.OPEN:
                    self.protocol.send_close(1000)
                    self._flush()
            finally:
                self.lock.release()
            deadline = time.monotonic() + CLOSE_WAIT_S
            while self.protocol.state is not State.CLOSED and time.monotonic() < deadline:
                readable, _, _ = select.select([self.sock], [], [],
                                               max(0.0, deadline - time.monotonic()))
                if not readable:
                    break
                self._receive(self.sock.recv(65536))
        except Exception:  # noqa: BLE001 - closing a connection that is already gone
            pass
        finally:
            with suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)
            with suppress(OSError):
                self.sock.close()
