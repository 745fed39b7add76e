"""Servers that never finish: an endless JSON body stops at a bound (memory stays flat), and a
handshake dripped a byte at a time times out as a whole (the read timeout alone would never fire).
Raw sockets on loopback; the CLI runs as users run it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from helpers import TEST_KEY, run_cli


@pytest.fixture
def raw_server(monkeypatch) -> Iterator[Callable[[Callable[[socket.socket], None]], str]]:
    servers: list[socket.socket] = []

    def start(answer: Callable[[socket.socket], None]) -> str:
        server = socket.create_server(("127.0.0.1", 0))
        servers.append(server)

        def serve() -> None:
            while True:
                try:
                    conn, _ = server.accept()
                except OSError:
                    return
                with conn:
                    try:
                        conn.recv(65536)
                        answer(conn)
                    except OSError:
                        pass

        threading.Thread(target=serve, daemon=True).start()
        url = f"http://127.0.0.1:{server.getsockname()[1]}"
        monkeypatch.setenv("CARTESIA_BASE_URL", url)
        monkeypatch.setenv("CARTESIA_API_KEY", TEST_KEY)
        monkeypatch.setenv("CARTESIA_MAX_RETRIES", "0")
        return url

    yield start
    for server in servers:
        server.close()


def endless_json(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n" + b"1\r\n[\r\n")
    piece = b"1," * 32768
    while True:
        conn.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")


def drip(head: bytes) -> Callable[[socket.socket], None]:
    def answer(conn: socket.socket) -> None:
        for byte in head:
            conn.sendall(bytes([byte]))
            time.sleep(0.05)
    return answer


def test_an_endless_json_answer_stops_at_the_bound(raw_server, monkeypatch):
    monkeypatch.setattr("cartesia_cli.api.http.MAX_JSON_ANSWER", 1 << 20)
    raw_server(endless_json)
    run = run_cli("voices", "list", expect=4)
    assert run.stderr.count("error:") == 1
    assert "answered with more than 1 MiB of JSON" in run.stderr


@pytest.mark.parametrize("command", [("say", "-o", "-", "hi"), ("stream", "-o", "-", "hi")],
                         ids=["http", "websocket"])
def test_a_dripped_answer_head_times_out_as_a_whole(raw_server, command):
    raw_server(drip(b"HTTP/1.1 101 Switching Protocols\r\nX-Pad: " + b"a" * 2000))
    started = time.monotonic()
    run = run_cli("--timeout", "1", *command, expect=4)
    assert run.stderr.count("error:") == 1
    assert time.monotonic() - started < 10
