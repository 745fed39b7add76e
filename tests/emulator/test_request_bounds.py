"""Size bounds: bodies (413), request heads (414/431), WebSocket messages (1009) and text a
WebSocket context holds, each refused before it is buffered and in the caller's error shape."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from emulator_helpers import KEY, headers, tts_body
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from cartesia_cli.emulator.limits import (
    MAX_BODY_BYTES,
    MAX_PENDING_TEXT_CHARS,
    MAX_REQUEST_HEAD_BYTES,
    MAX_WS_MESSAGE_BYTES,
)

JSON = {"Content-Type": "application/json"}


def oversized_json(voice: str) -> bytes:
    """A well-formed TTS body just over the limit (so only its size is wrong)."""
    return json.dumps(tts_body(voice, "word " * (MAX_BODY_BYTES // 5 + 10))).encode()


def chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        piece = min(size, total - sent)
        yield b" " * piece
        sent += piece


def test_declared_length_over_the_limit_is_413_structured(http: httpx.Client,
                                                          voice_id: str) -> None:
    response = http.post("/tts/bytes", content=oversized_json(voice_id),
                         headers={**headers(), **JSON})
    assert response.status_code == 413
    body = response.json()
    assert body["title"] == "Payload too large" and str(MAX_BODY_BYTES) in body["message"]
    assert set(body) >= {"error_code", "title", "message", "request_id"}


def test_413_is_legacy_text_for_old_versions(http: httpx.Client, voice_id: str) -> None:
    response = http.post("/tts/sse", content=oversized_json(voice_id),
                         headers={**headers("2025-04-16", bearer=False), **JSON})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("Payload too large: ")


def test_413_without_a_version_is_legacy_text(http: httpx.Client, voice_id: str) -> None:
    response = http.post("/tts/bytes", content=oversized_json(voice_id),
                         headers={**headers(version=None), **JSON})
    assert response.status_code == 413 and response.text.startswith("Payload too large: ")


def test_chunked_body_is_counted_and_refused(http: httpx.Client) -> None:
    # No Content-Length: the emulator can only tell by counting what arrives.
    response = http.post("/tts/bytes", content=chunks(MAX_BODY_BYTES + 1),
                         headers={**headers(), **JSON})
    assert response.status_code == 413
    assert response.json()["title"] == "Payload too large"


def test_a_100_mb_chunked_body_gets_413(http: httpx.Client) -> None:
    # It comes back as 413 and the server carries on. That it is never held in memory is
    # measured on a server in its own process: test_quiet_server.py.
    response = http.post("/access-token", content=chunks(100 * 1024 * 1024, 1024 * 1024),
                         headers={**headers(), **JSON})
    assert response.status_code == 413
    assert http.get("/").status_code == 200


def test_a_body_at_the_limit_is_accepted(http: httpx.Client, voice_id: str) -> None:
    body = json.dumps(tts_body(voice_id, "Hi.")).encode()
    body += b" " * (MAX_BODY_BYTES - len(body))  # JSON allows trailing whitespace
    response = http.post("/tts/bytes", content=body, headers={**headers(), **JSON})
    assert response.status_code == 200


def test_huge_query_is_414_and_huge_headers_431(http: httpx.Client) -> None:
    long_query = http.get("/voices", params={"q": "a" * MAX_REQUEST_HEAD_BYTES},
                          headers=headers())
    assert long_query.status_code == 414 and long_query.json()["title"] == "URI too long"
    many = {f"x-filler-{i}": "b" * 1000 for i in range(MAX_REQUEST_HEAD_BYTES // 1000 + 1)}
    big_head = http.get("/voices", headers={**headers("2024-06-10"), **many})
    assert big_head.status_code == 431
    assert big_head.text.startswith("Request header fields too large: ")


def test_huge_headers_on_a_websocket_handshake_are_431(ws_url: str) -> None:
    many = {f"x-filler-{i}": "b" * 1000 for i in range(MAX_REQUEST_HEAD_BYTES // 1000 + 1)}
    with pytest.raises(InvalidStatus) as refused, connect(
        ws_url, additional_headers={**headers(), **many}, open_timeout=5):
        pass
    assert refused.value.response.status_code == 431


@pytest.mark.parametrize("size", [MAX_WS_MESSAGE_BYTES + 1, 100 * 1024 * 1024])
def test_websocket_message_over_the_limit_closes_1009(ws_url: str, size: int) -> None:
    with connect(ws_url, additional_headers=headers(key=KEY), open_timeout=5,
                 max_size=None) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            ws.send("x" * size)
            ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


def test_websocket_message_at_the_limit_is_handled(ws_url: str, voice_id: str) -> None:
    message = json.dumps({**tts_body(voice_id, "Hi."), "context_id": "c", "continue": True})
    message = message[:-1] + " " * (MAX_WS_MESSAGE_BYTES - len(message)) + "}"
    with connect(ws_url, additional_headers=headers(key=KEY), open_timeout=5) as ws:
        ws.send(message)
        ws.send(json.dumps({"context_id": "c", "cancel": True}))
        ws.send(json.dumps({**tts_body(voice_id, "Still here."), "context_id": "d"}))
        while (event := json.loads(ws.recv(timeout=5)))["type"] not in ("done", "error"):
            pass
        assert event == {**event, "type": "done", "context_id": "d"}


def test_context_with_too_much_unspoken_text_is_refused(ws_url: str, voice_id: str) -> None:
    # Text without a sentence end, with a long buffer delay: it all waits in the context.
    piece = "word " * (MAX_WS_MESSAGE_BYTES // 6)
    first = {**tts_body(voice_id, piece), "context_id": "c", "continue": True,
             "max_buffer_delay_ms": 5000}
    with connect(ws_url, additional_headers=headers(key=KEY), open_timeout=5) as ws:
        for _ in range(MAX_PENDING_TEXT_CHARS // len(piece) + 1):
            ws.send(json.dumps({**first, "transcript": piece}))
        event = json.loads(ws.recv(timeout=5))
        while event["type"] != "error":
            event = json.loads(ws.recv(timeout=5))
        assert event["status_code"] == 413 and event["context_id"] == "c"
        assert event["title"] == "Payload too large"


def test_deeply_nested_json_is_a_400_not_a_crash(http: httpx.Client, ws_url: str) -> None:
    nested = "[" * 100_000 + "]" * 100_000
    response = http.post("/tts/bytes", content=nested, headers={**headers(), **JSON})
    assert response.status_code == 400
    with connect(ws_url, additional_headers=headers(key=KEY), open_timeout=5) as ws:
        ws.send(nested)
        event = json.loads(ws.recv(timeout=5))
        assert event["type"] == "error" and event["status_code"] == 400
