"""The request of `cartesia say -o -`, made on each HTTP/WebSocket stack considered for the CLI;
and the CPU each HTTP parser spends reading a long chunked audio answer.

    python transport_options.py WAY BODY [HEADER ...]
    python transport_options.py parse PARSER CHUNK_BYTES SENTENCE_BYTES [SENTENCE_BYTES ...]

    WAY     httpx | httpx-noverify | h11 | httptools | http.client | urllib3 | websockets |
            websockets-sansio | wsproto
    BODY    the JSON body `cartesia say -o -` sends (the harness builds it with the CLI's code)
    HEADER  "Name: value", the headers it sends (version, key, content type, accept)
    PARSER  h11 | httptools | http.client

Each way is a complete minimal client for the emulator at $CARTESIA_BASE_URL (http:// only; the
stacks without an SSL import refuse https://). The HTTP ways POST BODY to /tts/bytes; the
WebSocket ways open /tts/websocket with the same headers and send BODY as one generation request
(with a context id), then decode the "chunk" messages. Every way copies the audio to stdout as it
arrives, flushed, so the harness times the first audio byte from process start (suite
`transport`, harness/suites/transport_options.py). A refused request or an error event exits
non-zero. Every import is inside its way: a way pays for its own stack and nothing else.

- httpx: `httpx.Client()` as the CLI used it: an SSL context with certifi's CA bundle is built
  even for an http:// URL. `httpx._main` is marked absent first, as the CLI does
  (api/http.py load_httpx), so httpx does not import click, rich and pygments.
- httpx-noverify: the same with `verify=False`: `ssl` is still imported and a bare SSLContext
  made, but no CA bundle is read.
- h11: h11 over `socket.create_connection`; `ssl` is never imported (h11 is not a dependency
  of cartesia-cli: run only if installed; the test extra brings it with httpx).
- httptools: what the CLI does (cartesia_cli/api/http1.py): the request written by hand on
  `socket.create_connection`, the answer read by `httptools.HttpResponseParser` (llhttp); the
  body pieces one read of the socket gave are joined and written; `ssl` is never imported.
- http.client: the standard library's HTTPConnection and a `read1` loop (http.client imports
  `ssl` at module level, but builds no context for plain HTTP).
- urllib3: an HTTPConnectionPool and a `read1` loop (run only if urllib3 is installed).
- websockets: `websockets.sync.client.connect` with the CLI's options (no compression).
- websockets-sansio: what the CLI does (cartesia_cli/api/ws.py): websockets' Sans-I/O
  `ClientProtocol` over `socket.create_connection` (handshake, one generation request, the
  "chunk" messages decoded until "done", then the closing handshake).
- wsproto: wsproto over `socket.create_connection` (run only if wsproto is installed).

`parse` measures no network at all: it builds in memory the HTTP/1.1 answer the emulator sends
on /tts/bytes (uvicorn's head, then chunked transfer encoding with one HTTP chunk per audio
chunk: each sentence's audio cut into CHUNK_BYTES pieces, the last one shorter, as the emulator
cuts them; then the last chunk), cut into 128 KiB pieces (what one socket read of the CLI asks
for), and feeds them to one parser. On stdout, as JSON: the CPU time (`time.process_time`, this
process) of the loop that feeds the pieces and takes the body out, in ms; the body bytes the
parser gave (the harness checks them); and the answer's size. Building the answer, importing
the parser and making its objects are outside the measured loop. What each parser does in it:

- h11: `receive_data(piece)`, then `next_event()` until NEED_DATA; each Data event's bytes are
  the body (as the CLI did with h11).
- httptools: `feed_data(piece)`; the `on_body` pieces of one feed are joined (as the CLI does).
- http.client: an `HTTPResponse` on a stand-in socket whose `makefile("rb")` is a BufferedReader
  (default buffer size, as `socket.makefile` makes) over a raw reader that gives at most one
  128 KiB piece per read, like `recv_into`; `begin()` then `read1(128 KiB)` to the end (at most
  one HTTP chunk per call, as http.client reads chunked bodies). Its raw reads copy the pieces
  into the reader's buffers: that copy (about what a socket's `recv_into` costs in memory
  traffic, without the system call) is in its figure, and not in the others'.
"""

import os
import sys

PATH_BYTES = "/tts/bytes"
PATH_WEBSOCKET = "/tts/websocket"
CONTEXT_ID = "transport-bench"
READ_SIZE = 1 << 16


def fail(message: str) -> None:
    sys.stderr.write(f"transport_options: {message}\n")
    raise SystemExit(1)


def split_url(base_url: str, path: str) -> tuple[str, int, str, str]:
    """(host, port, netloc, target) of base_url + path, for http:// only."""
    scheme, _, rest = base_url.partition("://")
    if scheme != "http":
        fail(f"this way speaks plain HTTP only, not {scheme}://")
    netloc, _, prefix = rest.partition("/")
    host, sep, port = netloc.rpartition(":")
    if not sep or "]" in port:
        host, port = netloc, "80"
    target = "/" + "/".join(p for p in (prefix.strip("/"), path.lstrip("/")) if p)
    return host.strip("[]"), int(port), netloc, target


def write(out, data: bytes) -> None:  # out: sys.stdout.buffer
    out.write(data)
    out.flush()


def via_httpx(base_url: str, body: bytes, headers: list[tuple[str, str]], verify: bool) -> None:
    sys.modules.setdefault("httpx._main", None)
    import httpx

    out = sys.stdout.buffer
    with httpx.Client(verify=verify) as client, client.stream(
            "POST", base_url.rstrip("/") + PATH_BYTES, content=body, headers=headers) as response:
        if response.status_code != 200:
            fail(f"HTTP {response.status_code}: {response.read()[:300]!r}")
        for chunk in response.iter_bytes():
            write(out, chunk)


def via_h11(base_url: str, body: bytes, headers: list[tuple[str, str]]) -> None:
    import socket

    import h11

    host, port, netloc, target = split_url(base_url, PATH_BYTES)
    out = sys.stdout.buffer
    conn = h11.Connection(h11.CLIENT)
    request = h11.Request(method="POST", target=target, headers=[
        ("Host", netloc), ("Content-Length", str(len(body))), *headers])
    with socket.create_connection((host, port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(conn.send(request) + conn.send(h11.Data(data=body))
                     + conn.send(h11.EndOfMessage()))
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                conn.receive_data(sock.recv(READ_SIZE))
            elif isinstance(event, h11.Response):
                if event.status_code != 200:
                    fail(f"HTTP {event.status_code}")
            elif isinstance(event, h11.Data):
                write(out, bytes(event.data))
            elif isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
                return


def request_head(netloc: str, target: str, body: bytes, headers: list[tuple[str, str]]) -> bytes:
    """The request line and headers, written by hand as the CLI does (api/http1.py)."""
    lines = [f"POST {target} HTTP/1.1", f"Host: {netloc}", f"Content-Length: {len(body)}",
             *(f"{k}: {v}" for k, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class HttptoolsAnswer:
    """What httptools.HttpResponseParser calls as it reads: the status and the body pieces."""

    def __init__(self) -> None:
        import httptools

        self.parser = httptools.HttpResponseParser(self)
        self.status = 0
        self.pieces: list[bytes] = []
        self.complete = False

    def on_headers_complete(self) -> None:
        self.status = self.parser.get_status_code()

    def on_body(self, body: bytes) -> None:
        self.pieces.append(body)

    def on_message_complete(self) -> None:
        self.complete = True

    def feed(self, data: bytes) -> bytes:
        """Parse `data`; the body bytes it held, joined."""
        self.parser.feed_data(data)
        pieces, self.pieces = self.pieces, []
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)


def via_httptools(base_url: str, body: bytes, headers: list[tuple[str, str]]) -> None:
    import socket

    host, port, netloc, target = split_url(base_url, PATH_BYTES)
    out = sys.stdout.buffer
    answer = HttptoolsAnswer()
    with socket.create_connection((host, port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(request_head(netloc, target, body, headers) + body)
        while not answer.complete:
            data = sock.recv(READ_SIZE)
            if not data:
                fail("the server closed the connection before the end of the answer")
            audio = answer.feed(data)
            if answer.status and answer.status != 200:
                fail(f"HTTP {answer.status}")
            if audio:
                write(out, audio)


def via_http_client(base_url: str, body: bytes, headers: list[tuple[str, str]]) -> None:
    import http.client

    host, port, _, target = split_url(base_url, PATH_BYTES)
    out = sys.stdout.buffer
    conn = http.client.HTTPConnection(host, port)
    try:
        conn.request("POST", target, body=body, headers=dict(headers))
        response = conn.getresponse()
        if response.status != 200:
            fail(f"HTTP {response.status}: {response.read(300)!r}")
        while chunk := response.read1(READ_SIZE):
            write(out, chunk)
    finally:
        conn.close()


def via_urllib3(base_url: str, body: bytes, headers: list[tuple[str, str]]) -> None:
    import urllib3

    host, port, _, target = split_url(base_url, PATH_BYTES)
    out = sys.stdout.buffer
    with urllib3.HTTPConnectionPool(host, port) as pool:
        response = pool.urlopen("POST", target, body=body, headers=dict(headers),
                                preload_content=False, retries=False, redirect=False)
        if response.status != 200:
            fail(f"HTTP {response.status}: {response.read(300)!r}")
        while chunk := response.read1(READ_SIZE):
            write(out, chunk)
        response.release_conn()


def generation_request(body: bytes) -> str:
    import json

    return json.dumps({**json.loads(body), "context_id": CONTEXT_ID})


def audio_of(message: str | bytes) -> bytes | None:
    """The audio of one server message; None once the context is done."""
    import base64
    import json

    event = json.loads(message)
    if event.get("type") == "chunk":
        return base64.b64decode(event.get("data") or "")
    if event.get("type") == "done":
        return None
    if event.get("type") == "error":
        fail(f"error event: {message!r}"[:400])
    return b""  # timestamps, flush_done: no audio


def via_websockets(base_url: str, body: bytes, headers: list[tuple[str, str]]) -> None:
    from websockets.sync.client import connect

    url = "ws" + base_url.rstrip("/").removeprefix("http") + PATH_WEBSOCKET
    sent = [(k, v) for k, v in headers if k.lower() not in ("content-type", "accept")]
    out = sys.stdout.buffer
    with connect(url, additional_headers=sent, compression=None, close_timeout=1.0) as ws:
        ws.send(generation_request(body))
        while (audio := audio_of(ws.recv())) is not None:
            if audio:
                write(out, audio)


def via_websockets_sansio(base_url: str, body: bytes, headers: list[tuple[str, str]]) -> None:
    import socket

    from websockets.client import ClientProtocol
    from websockets.frames import Frame, Opcode
    from websockets.protocol import State
    from websockets.uri import parse_uri

    host, port, _, _ = split_url(base_url, PATH_WEBSOCKET)
    url = "ws" + base_url.rstrip("/").removeprefix("http") + PATH_WEBSOCKET
    out = sys.stdout.buffer
    protocol = ClientProtocol(parse_uri(url), max_size=1 << 24)
    request = protocol.connect()
    for name, value in headers:
        if name.lower() not in ("content-type", "accept"):
            request.headers[name] = value
    protocol.send_request(request)
    parts: list[bytes] = []
    sent = False
    with socket.create_connection((host, port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def flush() -> None:
            for data in protocol.data_to_send():
                if data:
                    sock.sendall(data)

        flush()
        while True:
            data = sock.recv(READ_SIZE)
            if data:
                protocol.receive_data(data)
            else:
                protocol.receive_eof()
            events = protocol.events_received()
            flush()  # pongs, the closing frame
            if protocol.handshake_exc is not None:
                fail(f"handshake refused: {protocol.handshake_exc}")
            if not sent and protocol.state is State.OPEN:  # the handshake is done
                protocol.send_text(generation_request(body).encode())
                flush()
                sent = True
            for frame in events:
                if not isinstance(frame, Frame):
                    continue
                if frame.opcode is Opcode.CLOSE:
                    fail(f"the server closed the socket ({protocol.close_code})")
                if frame.opcode not in (Opcode.TEXT, Opcode.CONT):
                    continue  # ping (answered by the protocol), pong, binary
                parts.append(frame.data)
                if not frame.fin:
                    continue
                audio = audio_of(b"".join(parts))
                parts.clear()
                if audio is None:
                    protocol.send_close(1000)
                    flush()
                    return
                if audio:
                    write(out, audio)
            if not data:
                fail("the server closed the connection before the context was done")


def via_wsproto(base_url: str, body: bytes, headers: list[tuple[str, str]]) -> None:
    import socket

    from wsproto import ConnectionType, WSConnection
    from wsproto.events import (
        AcceptConnection,
        CloseConnection,
        RejectConnection,
        Request,
        TextMessage,
    )

    host, port, netloc, target = split_url(base_url, PATH_WEBSOCKET)
    sent = [(k.encode(), v.encode()) for k, v in headers
            if k.lower() not in ("content-type", "accept")]
    out = sys.stdout.buffer
    ws = WSConnection(ConnectionType.CLIENT)
    parts: list[str] = []
    with socket.create_connection((host, port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(ws.send(Request(host=netloc, target=target, extra_headers=sent)))
        while True:
            data = sock.recv(READ_SIZE)
            if not data:
                fail("the server closed the connection before the context was done")
            ws.receive_data(data)
            for event in ws.events():
                if isinstance(event, AcceptConnection):
                    sock.sendall(ws.send(TextMessage(data=generation_request(body))))
                elif isinstance(event, RejectConnection):
                    fail(f"handshake refused: HTTP {event.status_code}")
                elif isinstance(event, CloseConnection):
                    fail(f"the server closed the socket ({event.code})")
                elif isinstance(event, TextMessage):
                    parts.append(event.data)
                    if not event.message_finished:
                        continue
                    audio = audio_of("".join(parts))
                    parts.clear()
                    if audio is None:
                        sock.sendall(ws.send(CloseConnection(code=1000)))
                        return
                    if audio:
                        write(out, audio)


WAYS = {
    "httpx": lambda url, body, headers: via_httpx(url, body, headers, verify=True),
    "httpx-noverify": lambda url, body, headers: via_httpx(url, body, headers, verify=False),
    "h11": via_h11,
    "httptools": via_httptools,
    "http.client": via_http_client,
    "urllib3": via_urllib3,
    "websockets": via_websockets,
    "websockets-sansio": via_websockets_sansio,
    "wsproto": via_wsproto,
}

# -- parse: the CPU of reading a long chunked answer, no network ----------------------------------

PIECE_BYTES = 128 * 1024  # what one read of the CLI's socket asks for (api/http1.py READ_SIZE)
ANSWER_HEAD = (b"HTTP/1.1 200 OK\r\ndate: Mon, 30 Nov 2026 00:00:00 GMT\r\nserver: uvicorn\r\n"
               b"content-type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n")


def chunked_answer(chunk_bytes: int, sentence_bytes: list[int]) -> bytes:
    """The emulator's answer on /tts/bytes for sentences of these sizes (raw audio): one HTTP
    chunk per audio chunk, each sentence cut into chunk_bytes pieces, the last one shorter. The
    audio is a byte pattern holding CR and LF (a parser must go by the chunk sizes)."""
    pattern = bytes(range(256)) * (chunk_bytes // 256 + 1)
    parts = [ANSWER_HEAD]
    for size in sentence_bytes:
        for start in range(0, size, chunk_bytes):
            n = min(chunk_bytes, size - start)
            parts += (b"%x\r\n" % n, pattern[:n], b"\r\n")
    parts.append(b"0\r\n\r\n")
    return b"".join(parts)


def parse_h11(pieces: list[bytes]) -> tuple[float, int]:
    import time

    import h11

    conn = h11.Connection(h11.CLIENT)
    conn.send(h11.Request(method="POST", target=PATH_BYTES,
                          headers=[("Host", "emulator"), ("Content-Length", "0")]))
    conn.send(h11.EndOfMessage())
    audio = 0
    start = time.process_time()
    for piece in pieces:
        conn.receive_data(piece)
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA or isinstance(event, h11.EndOfMessage):
                break
            if isinstance(event, h11.Response) and event.status_code != 200:
                fail(f"HTTP {event.status_code}")
            if isinstance(event, h11.Data):
                audio += len(bytes(event.data))
    cpu = time.process_time() - start
    if conn.their_state is not h11.DONE:
        fail("h11 did not reach the end of the answer")
    return cpu, audio


def parse_httptools(pieces: list[bytes]) -> tuple[float, int]:
    import time

    answer = HttptoolsAnswer()
    audio = 0
    start = time.process_time()
    for piece in pieces:
        audio += len(answer.feed(piece))
    cpu = time.process_time() - start
    if not answer.complete or answer.status != 200:
        fail(f"httptools: status {answer.status}, complete {answer.complete}")
    return cpu, audio


def parse_http_client(pieces: list[bytes]) -> tuple[float, int]:
    import http.client
    import io
    import time

    class Pieces(io.RawIOBase):
        """A socket's reads: at most one piece per call, as recv_into gives."""

        def __init__(self) -> None:
            self.pieces = iter(pieces)
            self.left = memoryview(b"")

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # buffer: a writable buffer
            if not self.left:
                self.left = memoryview(next(self.pieces, b""))
            n = min(len(buffer), len(self.left))
            buffer[:n] = self.left[:n]
            self.left = self.left[n:]
            return n

    class Socket:
        def makefile(self, mode: str) -> io.BufferedReader:
            return io.BufferedReader(Pieces())

    response = http.client.HTTPResponse(Socket(), method="POST")
    audio = 0
    start = time.process_time()
    response.begin()
    if response.status != 200:
        fail(f"HTTP {response.status}")
    while data := response.read1(PIECE_BYTES):
        audio += len(data)
    cpu = time.process_time() - start
    return cpu, audio


PARSERS = {"h11": parse_h11, "httptools": parse_httptools, "http.client": parse_http_client}


def parse(argv: list[str]) -> None:
    import json

    sizes = [int(n) for n in argv[1:] if n.isdecimal() and int(n) > 0]
    if len(argv) < 3 or argv[0] not in PARSERS or len(sizes) != len(argv) - 1:
        fail("usage: transport_options.py parse " + "|".join(PARSERS)
             + " CHUNK_BYTES SENTENCE_BYTES [SENTENCE_BYTES ...] (positive integers)")
    answer = chunked_answer(sizes[0], sizes[1:])
    pieces = [answer[i:i + PIECE_BYTES] for i in range(0, len(answer), PIECE_BYTES)]
    answer_bytes = len(answer)
    del answer
    cpu_s, audio = PARSERS[argv[0]](pieces)
    print(json.dumps({"parser": argv[0], "cpu_ms": cpu_s * 1000, "audio_bytes": audio,
                      "answer_bytes": answer_bytes, "pieces": len(pieces)}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["parse"]:
        parse(sys.argv[2:])
        raise SystemExit(0)
    if len(sys.argv) < 3 or sys.argv[1] not in WAYS:
        fail("usage: transport_options.py " + "|".join(WAYS) + " BODY [HEADER ...]")
    pairs = [h.partition(":") for h in sys.argv[3:]]
    WAYS[sys.argv[1]](os.environ["CARTESIA_BASE_URL"], sys.argv[2].encode(),
                      [(name.strip(), value.strip()) for name, _, value in pairs])
