"""HTTP/1.1 exchanges on sockets we open ourselves, with h11 doing the protocol.

Why not httpx: importing httpx and httpcore, and the SSL context httpx.Client builds even for a
plain http:// URL, cost ~110 ms of every request's start: more than the rest of the CLI together
(benchmarks/RESULTS.md, suite `transport`, has the measurements that chose this). h11 is the
HTTP/1.1 state machine httpx itself runs on; what is left here is the socket around it: a
connection pool for threads, timeouts, TLS only for https, the proxy tunnel (api/connect.py, the one
the WebSocket uses too) and gzip. Redirects are never followed (api/http.py refuses them).
"""

from __future__ import annotations

import select
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Literal
from urllib.parse import urlsplit

import h11

from cartesia_cli.api.connect import open_socket, tls_context

READ_SIZE = 64 * 1024  # bytes asked of the socket at a time; audio arrives in smaller pieces
MAX_HEAD = 64 * 1024  # bytes of status line and headers we accept from a server

NetworkKind = Literal["timeout", "broken", "failed", "untrusted"]


class NetworkError(Exception):
    """The exchange failed below HTTP: the connection could not be made ("failed"), broke off or
    answered in something that is not HTTP ("broken"), went silent ("timeout"), or the server's
    certificate did not verify ("untrusted"). Raised from the low-level error, which api/http.py's
    network_reason reads for plain words."""

    def __init__(self, kind: NetworkKind, message: str):
        super().__init__(message)
        self.kind: NetworkKind = kind


class Origin:
    """Where requests go: scheme, host, port and the base URL's path prefix."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.scheme = parts.scheme
        self.host = parts.hostname or ""
        self.port = parts.port or (443 if self.scheme == "https" else 80)
        self.prefix = parts.path.rstrip("/")
        host = self.host if self.host.isascii() else self.host.encode("idna").decode("ascii")
        host = f"[{host}]" if ":" in host else host
        default = self.port == (443 if self.scheme == "https" else 80)
        self.host_header = host if default else f"{host}:{self.port}"


class Response:
    """A response whose body is read as it arrives. Close it (or read it to the end)."""

    def __init__(self, connection: Connection, head: h11.Response):
        self._connection: Connection | None = connection
        self.status_code: int = head.status_code
        # Lower-case names; repeated fields joined with ", " (RFC 9110 5.3).
        headers: dict[str, str] = {}
        for name, value in head.headers:
            key = name.decode("latin-1")
            text = value.decode("latin-1")
            headers[key] = f"{headers[key]}, {text}" if key in headers else text
        self.headers: Mapping[str, str] = headers
        encoding = headers.get("content-encoding", "identity").strip().lower()
        self._gunzip: tuple[Callable[[bytes], bytes], Callable[[], bytes]] | None = None
        if encoding == "gzip":  # the only encoding we ask for (Accept-Encoding in api/http.py)
            self._gunzip = _gunzip()
        elif encoding not in ("identity", ""):
            self.close()
            raise NetworkError("broken", f"the answer uses content encoding `{encoding}`, which "
                               "was not asked for")

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300

    def iter_bytes(self) -> Iterator[bytes]:
        """The body's bytes as they arrive (decompressed); NetworkError if it breaks off."""
        connection = self._connection
        if connection is None:
            return
        for data in connection.body():
            if self._gunzip is not None:
                try:
                    data = self._gunzip[0](data)
                except NetworkError:
                    self.close()
                    raise
            if data:
                yield data
        if self._gunzip is not None:
            tail = self._gunzip[1]()
            if tail:
                yield tail
        self._release()

    def read(self) -> bytes:
        return b"".join(self.iter_bytes())

    def _release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.finish()

    def close(self) -> None:
        """Done with the response; a body not read to its end costs the connection."""
        connection, self._connection = self._connection, None
        if connection is not None:
            if connection.h11.their_state is h11.DONE:
                connection.finish()
            else:
                connection.close()


class Connection:
    """One socket and its h11 state: one request at a time, reused while both sides allow."""

    def __init__(self, pool: Pool, sock: socket.socket):
        self.pool = pool
        self.sock = sock
        self.h11 = h11.Connection(h11.CLIENT, max_incomplete_event_size=MAX_HEAD)
        self.closed_by_server = False

    def stale(self) -> bool:
        """An idle connection that is readable has been closed by the server (or sent something
        nobody asked for): not to be reused."""
        try:
            readable, _, _ = select.select([self.sock], [], [], 0)
        except (OSError, ValueError):
            return True
        return bool(readable)

    def send(self, method: str, target: str, headers: list[tuple[str, str]],
             body: bytes | None) -> None:
        try:
            data = self.h11.send(h11.Request(method=method, target=target, headers=headers))
            if body:
                data = (data or b"") + (self.h11.send(h11.Data(data=body)) or b"")
            data = (data or b"") + (self.h11.send(h11.EndOfMessage()) or b"")
            self.sock.sendall(data)
        except h11.LocalProtocolError as exc:  # a header value we built is not valid HTTP
            self.close()
            raise NetworkError("failed", f"the request could not be sent: {exc}") from exc
        except OSError as exc:
            self.close()
            raise _network_error(exc, "broken") from exc

    def _next_event(self) -> object:  # an h11 event (or PAUSED, which a client never sees)
        while True:
            try:
                event = self.h11.next_event()
            except h11.RemoteProtocolError as exc:
                self.close()
                if self.closed_by_server:  # h11: "peer closed connection without sending ..."
                    raise NetworkError("broken", f"the answer broke off: {exc}") from exc
                raise NetworkError("broken", f"the answer is not valid HTTP/1.1 ({exc})") from exc
            if event is not h11.NEED_DATA:
                return event
            try:
                data = self.sock.recv(READ_SIZE)
            except OSError as exc:
                self.close()
                raise _network_error(exc, "broken") from exc
            self.closed_by_server = not data
            self.h11.receive_data(data)  # b"": the server closed; h11 decides if that is an end

    def response(self) -> Response:
        while True:
            event = self._next_event()
            if isinstance(event, h11.Response):
                return Response(self, event)
            if isinstance(event, h11.InformationalResponse):
                continue  # 1xx: the real answer follows
            self.close()
            raise NetworkError("broken", "the server closed the connection without an answer")

    def body(self) -> Iterator[bytes]:
        while True:
            event = self._next_event()
            if isinstance(event, h11.Data):
                yield bytes(event.data)
            elif isinstance(event, h11.EndOfMessage):
                return
            else:
                self.close()
                raise NetworkError("broken", "the answer broke off")

    def finish(self) -> None:
        """The exchange is complete: back to the pool if both sides can go on, else closed."""
        if self.h11.our_state is h11.DONE and self.h11.their_state is h11.DONE:
            try:
                self.h11.start_next_cycle()
            except h11.LocalProtocolError:
                self.close()
                return
            self.pool.put(self)
        else:
            self.close()

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


class Pool:
    """Keep-alive connections to one origin, shared by threads (batch runs requests in parallel).

    `timeout` is per socket operation (connect is `connect_timeout`): a server silent for longer
    fails the request, however long the whole answer takes to stream."""

    def __init__(self, base_url: str, *, timeout: float, connect_timeout: float):
        self.origin = Origin(base_url)
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self._idle: list[Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    def _take(self) -> Connection | None:
        with self._lock:
            while self._idle:
                connection = self._idle.pop()
                if not connection.stale():
                    return connection
                connection.close()
        return None

    def put(self, connection: Connection) -> None:
        with self._lock:
            if not self._closed:
                self._idle.append(connection)
                return
        connection.close()

    def _connect(self) -> Connection:
        origin = self.origin
        try:
            sock = open_socket(origin.scheme, origin.host, origin.port,
                               timeout=self.connect_timeout)
        except OSError as exc:
            raise _network_error(exc, "failed") from exc
        try:
            if origin.scheme == "https":
                import ssl

                try:
                    sock = tls_context().wrap_socket(sock, server_hostname=origin.host)
                except ssl.SSLCertVerificationError as exc:
                    sock.close()
                    raise NetworkError("untrusted", exc.verify_message or str(exc)) from exc
            sock.settimeout(self.timeout)
        except OSError as exc:
            sock.close()
            raise _network_error(exc, "failed") from exc
        return Connection(self, sock)

    def request(self, method: str, path: str, *, headers: Mapping[str, str],
                body: bytes | None = None, query: str = "") -> Response:
        """Send a request and read the answer's status and headers; the body is the caller's.

        Raises:
            NetworkError: no connection, or it broke, timed out or answered in something else.
        """
        origin = self.origin
        target = origin.prefix + path + (f"?{query}" if query else "")
        fields = [("Host", origin.host_header), *headers.items()]
        if body is not None or method in ("POST", "PUT", "PATCH"):
            fields.append(("Content-Length", str(len(body or b""))))
        connection = self._take() or self._connect()
        connection.send(method, target, fields, body)
        return connection.response()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


def _network_error(exc: OSError, kind: NetworkKind) -> NetworkError:
    if isinstance(exc, TimeoutError):  # socket.timeout is TimeoutError
        return NetworkError("timeout", str(exc) or "timed out")
    return NetworkError(kind, str(exc) or type(exc).__name__)


def _gunzip() -> tuple[Callable[[bytes], bytes], Callable[[], bytes]]:
    """Decompress and flush for a gzip body that arrives in pieces."""
    import zlib

    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def decompress(data: bytes) -> bytes:
        try:
            return decoder.decompress(data)
        except zlib.error as exc:
            raise NetworkError("broken", f"the gzip body is corrupt ({exc})") from exc

    return decompress, decoder.flush
