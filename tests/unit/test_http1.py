"""api/http1.py against a scripted server on loopback: framing, gzip, 1xx, keep-alive and stale
connections, broken answers. Each scripted connection answers raw bytes to each request it reads."""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Iterator

import pytest

from cartesia_cli.api.http import multipart
from cartesia_cli.api.http1 import NetworkError, Pool


class Scripted:
    """Answers the n-th request on a connection with `answers[n]`; closes after the last one
    (or keeps the connection open when `linger`). Counts connections and keeps request heads."""

    def __init__(self, answers: list[bytes], *, linger: bool = False):
        self.answers = answers
        self.linger = linger
        self.connections = 0
        self.requests: list[bytes] = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            self._answer(conn)
        except OSError:
            pass  # the client went away: the tests look at what it saw

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            for answer in self.answers:
                head = b""
                while b"\r\n\r\n" not in head:
                    data = conn.recv(65536)
                    if not data:
                        return
                    head += data
                self.requests.append(head)
                conn.sendall(answer)
            if self.linger:
                conn.recv(1)

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def serve() -> Iterator[type[Scripted]]:
    made: list[Scripted] = []

    def make(answers: list[bytes], **kw: bool) -> Scripted:
        server = Scripted(answers, **kw)
        made.append(server)
        return server

    yield make  # type: ignore[misc]
    for server in made:
        server.close()


def ok(body: bytes, *headers: str) -> bytes:
    extra = "".join(f"{h}\r\n" for h in headers)
    return f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n{extra}\r\n".encode() + body


def get(pool: Pool, path: str = "/x") -> tuple[int, dict[str, str], bytes]:
    response = pool.request("GET", path, headers={"Accept": "*/*"})
    return response.status_code, dict(response.headers), response.read()


def test_keep_alive_reuses_one_connection(serve):
    server = serve([ok(b"one"), ok(b"two"), ok(b"three")])
    pool = Pool(server.url, timeout=5, connect_timeout=5)
    assert [get(pool)[2] for _ in range(3)] == [b"one", b"two", b"three"]
    assert server.connections == 1
    assert all(head.startswith(b"GET /x HTTP/1.1\r\n") for head in server.requests)
    assert all(b"\r\nhost: 127.0.0.1:" in head.lower() for head in server.requests)


def test_a_connection_the_server_closed_is_not_reused(serve):
    server = serve([ok(b"only")])  # closes after one answer
    pool = Pool(server.url, timeout=5, connect_timeout=5)
    assert get(pool)[2] == b"only"
    import time

    time.sleep(0.1)  # the close reaches us
    assert get(pool)[2] == b"only"
    assert server.connections == 2


def test_connection_close_and_http_1_0_are_honoured(serve):
    server = serve([b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nto the end"])
    pool = Pool(server.url, timeout=5, connect_timeout=5)
    assert get(pool)[2] == b"to the end"  # no length: the body ends with the connection
    assert get(pool)[2] == b"to the end"
    assert server.connections == 2


def test_chunked_gzip_and_informational_answers(serve):
    packed = gzip.compress(b"audio" * 1000)
    chunks = b"".join(f"{len(packed[i:i + 100]):x}\r\n".encode() + packed[i:i + 100] + b"\r\n"
                      for i in range(0, len(packed), 100))
    server = serve([b"HTTP/1.1 100 Continue\r\n\r\n"
                    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n"
                    b"Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n" + chunks + b"0\r\n\r\n"])
    pool = Pool(server.url, timeout=5, connect_timeout=5)
    status, headers, body = get(pool)
    assert (status, body) == (200, b"audio" * 1000)
    assert headers["set-cookie"] == "a=1, b=2"


def test_the_base_path_prefix_and_query_reach_the_server(serve):
    server = serve([ok(b"{}")])
    pool = Pool(server.url + "/proxy/api", timeout=5, connect_timeout=5)
    pool.request("GET", "/voices", headers={}, query="limit=5&q=a+b").read()
    assert server.requests[0].startswith(b"GET /proxy/api/voices?limit=5&q=a+b HTTP/1.1")


@pytest.mark.parametrize("answer, words", [
    (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", "broke off"),
    (b"<html>not http</html>\r\n\r\n", "not valid HTTP/1.1"),
    (b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 1\r\n\r\nx", "`br`"),
    (b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nnope", "gzip"),
], ids=["truncated", "not-http", "unasked-encoding", "corrupt-gzip"])
def test_broken_answers_are_network_errors(serve, answer, words):
    server = serve([answer])
    pool = Pool(server.url, timeout=5, connect_timeout=5)
    with pytest.raises(NetworkError) as caught:
        get(pool)
    assert caught.value.kind == "broken"
    assert words in str(caught.value)


def test_a_silent_server_times_out(serve):
    server = serve([b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"], linger=True)
    pool = Pool(server.url, timeout=0.3, connect_timeout=5)
    response = pool.request("GET", "/x", headers={})
    with pytest.raises(NetworkError) as caught:
        response.read()
    assert caught.value.kind == "timeout"


def test_nothing_listening_fails_to_connect():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(NetworkError) as caught:
        Pool(f"http://127.0.0.1:{port}", timeout=5, connect_timeout=5).request(
            "GET", "/", headers={})
    assert caught.value.kind == "failed"
    assert isinstance(caught.value.__cause__, ConnectionRefusedError)


def test_an_unread_body_costs_the_connection_not_the_next_answer(serve):
    server = serve([ok(b"x" * 4_000_000), ok(b"next")])
    pool = Pool(server.url, timeout=5, connect_timeout=5)
    response = pool.request("GET", "/x", headers={})
    next(response.iter_bytes())  # read a little, then give up on it
    response.close()
    assert get(pool)[2] == b"x" * 4_000_000  # a new connection: the old one was mid-body
    assert server.connections == 2


def test_multipart_form_escapes_quotes_and_line_breaks():
    kind, body = multipart({'na"me': "v\r\nalue"}, {"clip": ('a"\n.wav', b"RIFF\0", "audio/wav")})
    boundary = kind.split("boundary=", 1)[1]
    assert body.startswith(f"--{boundary}\r\n".encode()) and body.endswith(
        f"--{boundary}--\r\n".encode())
    assert b'name="na%22me"\r\n\r\nv\r\nalue\r\n' in body
    assert b'filename="a%22%0A.wav"\r\nContent-Type: audio/wav\r\n\r\nRIFF\0\r\n' in body


def test_what_already_arrived_is_joined_and_nothing_waits_for_more(serve):
    """Many small HTTP chunks that arrived together come out as one piece; a chunk that has not
    arrived yet is not waited for before the earlier ones are handed on."""
    chunks = b"".join(b"4\r\nabcd\r\n" for _ in range(500))
    server = serve([b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks],
                   linger=True)  # the body never ends: only what arrived can be read
    pool = Pool(server.url, timeout=5, connect_timeout=5)
    response = pool.request("GET", "/x", headers={})
    pieces = response.iter_bytes()
    got: list[bytes] = []
    while sum(map(len, got)) < 2000:
        got.append(next(pieces))  # would block (then time out) if it waited for the next chunk
    assert b"".join(got) == b"abcd" * 500
    assert len(got) < 10  # one 4.5 kB write on loopback: not 500 pieces
    response.close()


def test_a_head_dripped_a_byte_at_a_time_times_out_as_a_whole():
    """Each byte comes well within the read timeout; the head as a whole does not."""
    import time

    server = socket.create_server(("127.0.0.1", 0))

    def drip() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nX-Pad: " + b"a" * 1000:
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.05)

    threading.Thread(target=drip, daemon=True).start()
    pool = Pool(f"http://127.0.0.1:{server.getsockname()[1]}", timeout=0.5, connect_timeout=5)
    started = time.monotonic()
    with pytest.raises(NetworkError) as caught:
        pool.request("GET", "/", headers={})
    assert caught.value.kind == "timeout"
    assert time.monotonic() - started < 3
    server.close()


def test_gzip_members_are_one_body_and_a_cut_member_is_broken(serve):
    whole = gzip.compress(b"first ") + gzip.compress(b"second")
    cut = gzip.compress(b"x" * 100_000)[:-20]
    server = serve([ok(whole, "Content-Encoding: gzip"), ok(cut, "Content-Encoding: gzip")])
    pool = Pool(server.url, timeout=5, connect_timeout=5)
    assert get(pool)[2] == b"first second"
    with pytest.raises(NetworkError) as caught:
        get(pool)
    assert caught.value.kind == "broken" and "gzip" in str(caught.value)


def test_an_answer_sent_before_the_upload_is_in_is_read():
    """A server that refuses a big upload after its head (413) and closes without reading the
    rest: writing the body fails (broken pipe or reset), and the client still reports the 413
    that arrived first, not the broken pipe."""
    server = socket.create_server(("127.0.0.1", 0))

    def refuse() -> None:
        conn, _ = server.accept()
        head = b""
        while b"\r\n\r\n" not in head:
            head += conn.recv(65536)
        body = b'{"message": "too big here"}'
        conn.sendall(b"HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n"
                     b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        conn.close()  # with the body unread: a reset

    threading.Thread(target=refuse, daemon=True).start()
    pool = Pool(f"http://127.0.0.1:{server.getsockname()[1]}", timeout=5, connect_timeout=5)
    response = pool.request("POST", "/voices/clone", headers={}, body=b"x" * 20_000_000)
    assert response.status_code == 413
    assert response.read() == b'{"message": "too big here"}'
    server.close()
