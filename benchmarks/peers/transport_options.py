"""The request of `cartesia say -o -`, made on each HTTP/WebSocket stack considered for the CLI.

    python transport_options.py WAY BODY [HEADER ...]

    WAY     httpx | httpx-noverify | h11 | http.client | urllib3 | websockets | wsproto
    BODY    the JSON body `cartesia say -o -` sends (the harness builds it with the CLI's code)
    HEADER  "Name: value", the headers it sends (version, key, content type, accept)

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
- h11: h11 over `socket.create_connection`; `ssl` is never imported.
- http.client: the standard library's HTTPConnection and a `read1` loop (http.client imports
  `ssl` at module level, but builds no context for plain HTTP).
- urllib3: an HTTPConnectionPool and a `read1` loop (run only if urllib3 is installed).
- websockets: `websockets.sync.client.connect` with the CLI's options (no compression).
- wsproto: wsproto over `socket.create_connection` (run only if wsproto is installed).
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
    "http.client": via_http_client,
    "urllib3": via_urllib3,
    "websockets": via_websockets,
    "wsproto": via_wsproto,
}


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in WAYS:
        fail("usage: transport_options.py " + "|".join(WAYS) + " BODY [HEADER ...]")
    pairs = [h.partition(":") for h in sys.argv[3:]]
    WAYS[sys.argv[1]](os.environ["CARTESIA_BASE_URL"], sys.argv[2].encode(),
                      [(name.strip(), value.strip()) for name, _, value in pairs])
