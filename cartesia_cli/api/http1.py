"""HTTP/1.1 exchanges on sockets we open ourselves; httptools (llhttp, Node's parser) reads the
answers.

Why not httpx: importing httpx and httpcore, and the SSL context httpx.Client builds even for a
plain http:// URL, cost ~110 ms of every request's start, more than the rest of the CLI together.
Why httptools and not h11 (httpx's own parser): it imports in ~2 ms instead of ~10 and parses a
chunked audio body ~12x faster, which is most of the CPU a long download costs
(benchmarks/RESULTS.md, suite `transport`). What is ours: writing the request (a line and
headers, checked for line breaks), reading the answer into status, headers and body pieces,
deciding when a connection may be reused, a pool for threads, timeouts, TLS only for https, the
proxy tunnel (api/connect.py, the one the WebSocket uses too) and gzip. Redirects are never
followed (api/http.py refuses them).
"""

from __future__ import annotations

import select
import socket
import threading
import zlib  # built in: no import cost worth deferring
from collections.abc import Iterator, Mapping
from typing import Literal
from urllib.parse import urlsplit

import httptools

from cartesia_cli.api.connect import open_socket

READ_SIZE = 128 * 1024  # bytes asked of the socket at a time; a body piece is at most this
MAX_HEAD = 64 * 1024  # bytes of status line and headers we accept from a server

NetworkKind = Literal["timeout", "broken", "failed", "invalid"]


class NetworkError(Exception):
    """The exchange failed below HTTP: the connection could not be made ("failed"), broke off or
    answered in something that is not HTTP ("broken"), went silent ("timeout"), or the request
    itself cannot be sent: a value we were given is not valid HTTP ("invalid", no retry helps).
    (An untrusted certificate is api/connect.py's UntrustedError.) Raised from the low-level error,
    which api/http.py's network_reason reads for plain words."""

    def __init__(self, kind: NetworkKind, message: str):
        super().__init__(message)
        self.kind: NetworkKind = kind


class Origin:
    """Where requests go: scheme, host, port and the base URL's path prefix."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.scheme = parts.scheme
        self.host = parts.hostname or ""
        default_port = 443 if self.scheme == "https" else 80
        self.port = parts.port or default_port
        self.prefix = parts.path.rstrip("/")
        host = self.host if self.host.isascii() else self.host.encode("idna").decode("ascii")
        host = f"[{host}]" if ":" in host else host
        self.host_header = host if self.port == default_port else f"{host}:{self.port}"


class Response:
    """A response whose body is read as it arrives. Close it (or read it to the end)."""

    def __init__(self, connection: Connection, status: int, headers: dict[str, str]):
        self._connection: Connection | None = connection
        self.status_code = status
        self.headers: Mapping[str, str] = headers  # lower-case names
        encoding = headers.get("content-encoding", "identity").strip().lower()
        self._gunzip: _Gunzip | None = None
        if encoding == "gzip":  # the only encoding we ask for (Accept-Encoding in api/http.py)
            self._gunzip = _Gunzip()
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
        try:
            for data in connection.body():
                if self._gunzip is not None:
                    data = self._gunzip.decompress(data)
                if data:
                    yield data
            if self._gunzip is not None and (tail := self._gunzip.finish()):
                yield tail
        except NetworkError:
            self.close()
            raise
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
            if connection.complete:
                connection.finish()
            else:
                connection.close()


_FORBIDDEN = ("\r", "\n", "\0")


class Connection:
    """One socket and the parser reading it: one request at a time, reused while both sides
    allow. The parser calls the on_* methods as it reads; `response()` and `body()` pull."""

    def __init__(self, pool: Pool, sock: socket.socket):
        self.pool = pool
        self.sock = sock
        self.parser = httptools.HttpResponseParser(self)
        self._start()

    def _start(self) -> None:
        """Ready for the next answer."""
        self.status = 0
        self.fields: list[tuple[bytes, bytes]] = []
        self.head_done = False  # the final (non-1xx) answer's head is in
        self.head_bytes = 0
        self.pieces: list[bytes] = []  # body bytes parsed and not yet handed on
        self.complete = False
        self.until_close = False  # no length and not chunked: the body ends with the connection
        self.keep_alive = False
        self.stray = False  # the server sent more than one answer: never reuse
        self.send_failed: OSError | None = None  # the request was not written in full

    # -- what the parser calls -----------------------------------------------------------------

    def on_message_begin(self) -> None:
        if self.complete:
            self.stray = True
        self.fields = []  # also drops a 1xx answer's fields

    def on_header(self, name: bytes, value: bytes) -> None:
        self.fields.append((name, value))

    def on_headers_complete(self) -> None:
        status = self.parser.get_status_code()
        if status < 200:
            return  # 100 Continue and friends: the real answer follows
        self.status, self.head_done = status, True
        names = {name.lower() for name, _ in self.fields}
        chunked = any(name.lower() == b"transfer-encoding" and b"chunked" in value.lower()
                      for name, value in self.fields)
        self.until_close = (not chunked and b"content-length" not in names
                            and status not in (204, 304))
        self.keep_alive = self.parser.should_keep_alive() and not self.until_close

    def on_body(self, body: bytes) -> None:
        self.pieces.append(body)

    def on_message_complete(self) -> None:
        if self.head_done:
            self.complete = True

    # -- our side ------------------------------------------------------------------------------

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
            if any(c in target for c in (" ", "\t", *_FORBIDDEN)) or any(
                    c in text for pair in headers for text in pair for c in _FORBIDDEN):
                raise ValueError("a line break or space where HTTP does not allow one")
            lines = [f"{method} {target} HTTP/1.1", *(f"{k}: {v}" for k, v in headers)]
            data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")
        except ValueError as exc:  # UnicodeEncodeError too: a value we were given is not HTTP
            self.close()
            raise NetworkError("invalid", f"the request could not be sent: {exc}") from exc
        try:
            self.sock.sendall(data)
        except OSError as exc:
            # A server may answer before the body is in (a 413 for a big upload) and stop
            # reading: response() reads that answer if there is one, else reports this.
            self.send_failed = exc

    def _send_failure(self) -> NetworkError:
        """The error for an exchange whose request could not be written, and no answer came."""
        assert self.send_failed is not None
        self.close()
        return _network_error(self.send_failed, "broken")

    def _read(self) -> bool:
        """Parse what the socket has next; False when the server has closed the connection."""
        try:
            data = self.sock.recv(READ_SIZE)
        except OSError as exc:
            self.close()
            raise _network_error(exc, "broken") from exc
        if not data:
            return False
        if not self.head_done:
            self.head_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade as exc:
            self.close()
            raise NetworkError("broken", "the server switched protocols unasked") from exc
        except httptools.HttpParserError as exc:
            self.close()
            raise NetworkError("broken", f"the answer is not valid HTTP/1.1 ({exc})") from exc
        if not self.head_done and self.head_bytes > MAX_HEAD:
            self.close()
            raise NetworkError("broken", f"the answer's head is over {MAX_HEAD} bytes")
        return True

    def response(self) -> Response:
        """The answer's status and headers, which must all arrive within the pool's timeout (a
        server dripping a header byte at a time never resets it)."""
        import time

        deadline = time.monotonic() + self.pool.timeout
        while not self.head_done:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.close()
                raise NetworkError("timeout", "the answer's head did not arrive in time")
            self.sock.settimeout(remaining)
            try:
                more = self._read()
            except NetworkError:
                if self.send_failed is not None:
                    raise self._send_failure() from None
                raise
            if not more:
                if self.send_failed is not None:
                    raise self._send_failure()
                self.close()
                raise NetworkError("broken", "the server closed the connection without an answer")
        self.sock.settimeout(self.pool.timeout)  # the body: per read, however long it streams
        headers: dict[str, str] = {}
        for raw_name, raw_value in self.fields:  # repeated fields joined (RFC 9110 5.3)
            name = raw_name.decode("latin-1").lower()
            value = raw_value.decode("latin-1")
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        return Response(self, self.status, headers)

    def body(self) -> Iterator[bytes]:
        """The body in pieces as they arrive: what one read of the socket gave, joined."""
        while True:
            if self.pieces:
                pieces, self.pieces = self.pieces, []
                yield pieces[0] if len(pieces) == 1 else b"".join(pieces)
            if self.complete:
                return
            if not self._read():
                if self.until_close:
                    self.complete = True
                    continue
                self.close()
                raise NetworkError("broken", "the answer broke off: the server closed the "
                                   "connection before the end of the body")

    def finish(self) -> None:
        """The exchange is complete: back to the pool if both sides can go on, else closed."""
        if (self.complete and self.keep_alive and not self.stray and not self.pieces
                and self.send_failed is None):
            self._start()
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

    def __init__(self, base_url: str, *, timeout: float, connect_timeout: float,
                 variables: Mapping[str, str] | None = None):
        self.origin = Origin(base_url)
        self.variables: Mapping[str, str] = variables or {}  # proxies and CA bundle
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
                               timeout=self.connect_timeout, variables=self.variables)
        except OSError as exc:
            raise _network_error(exc, "failed") from exc
        sock.settimeout(self.timeout)
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


class _Gunzip:
    """A gzip body that arrives in pieces (members one after another are one body, as gzip(1)
    reads them); a body that ends inside a member is broken."""

    def __init__(self) -> None:
        self.decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def decompress(self, data: bytes) -> bytes:
        out = b""
        try:
            while data:
                out += self.decoder.decompress(data)
                data = self.decoder.unused_data if self.decoder.eof else b""
                if data:
                    self.decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        except zlib.error as exc:
            raise NetworkError("broken", f"the gzip body is corrupt ({exc})") from exc
        return out

    def finish(self) -> bytes:
        tail = self.decoder.flush()
        if not self.decoder.eof:
            raise NetworkError("broken", "the gzip body ended before its end")
        return tail
