"""Concurrency limits (429), scripted faults (status, delay, dropped streams) and latency."""

from __future__ import annotations

import contextlib
import json
import time

import httpx
import pytest
from emulator_helpers import KEY, headers, parse_sse, tts_body
from websockets.exceptions import ConnectionClosedError, InvalidStatus
from websockets.sync.client import connect

from cartesia_cli.emulator.engines.tone import tone_samples


def ws_connect(base_url: str, version: str = "2026-08-14"):  # type: ignore[no-untyped-def]
    return connect(base_url.replace("http://", "ws://") + "/tts/websocket",
                   additional_headers=headers(version, KEY), open_timeout=5)


def generation(voice_id: str, context_id: str, text: str, **extra: object) -> str:
    return json.dumps({**tts_body(voice_id, text, **extra), "context_id": context_id})


# --- concurrency ---------------------------------------------------------------------------------

def test_open_contexts_count_against_http_requests(make_emulator, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    emulator, url = make_emulator(concurrency_limit=1)
    with ws_connect(url) as ws:
        ws.send(generation(voice_id, "held", "Waiting for more", **{"continue": True}))
        deadline = time.monotonic() + 5
        while emulator.active_contexts < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        response = httpx.post(f"{url}/tts/bytes", json=tts_body(voice_id), headers=headers())
        assert response.status_code == 429
        assert response.json()["error_code"] == "concurrency_limited"
        assert int(response.headers["retry-after"]) >= 1
        ws.send(json.dumps({"context_id": "held", "cancel": True}))
        ws.send(generation(voice_id, "second", "Now there is room."))
        while (event := json.loads(ws.recv(timeout=5)))["context_id"] != "second" or \
                event["type"] not in ("done", "error"):
            pass
        assert event["type"] == "done"
    deadline = time.monotonic() + 5
    while emulator.active_contexts and time.monotonic() < deadline:
        time.sleep(0.01)
    assert httpx.post(f"{url}/tts/bytes", json=tts_body(voice_id),
                      headers=headers()).status_code == 200


def test_context_over_the_limit_gets_a_429_event(make_emulator, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    _, url = make_emulator(concurrency_limit=1)
    with ws_connect(url) as ws:
        ws.send(generation(voice_id, "a", "Holding the only slot", **{"continue": True}))
        ws.send(generation(voice_id, "b", "No room for me."))
        event = json.loads(ws.recv(timeout=5))
        while event.get("context_id") != "b":
            event = json.loads(ws.recv(timeout=5))
        assert event["type"] == "error" and event["status_code"] == 429
        assert event["error_code"] == "concurrency_limited"
        ws.send(generation(voice_id, "a", " and done.", **{"continue": False}))
        while json.loads(ws.recv(timeout=5))["type"] != "done":
            pass


def test_too_many_sockets_is_429_on_the_handshake(make_emulator) -> None:  # type: ignore[no-untyped-def]
    _, url = make_emulator(concurrency_limit=1)  # sockets allowed: 10x the context limit
    with contextlib.ExitStack() as stack:
        for _ in range(10):
            stack.enter_context(ws_connect(url))
        with pytest.raises(InvalidStatus) as refused, ws_connect(url):
            pass
        assert refused.value.response.status_code == 429
        assert refused.value.response.headers["retry-after"]


# --- faults --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("version", "structured"), [("2025-04-16", False), ("2026-08-14", True)])
def test_status_fault_uses_the_version_error_shape(
    emulator, http: httpx.Client, voice_id: str, version: str, structured: bool  # type: ignore[no-untyped-def]
) -> None:
    emulator.faults.add("/tts/bytes", status=503, retry_after=2, message="Scripted outage.")
    response = http.post("/tts/bytes", json=tts_body(voice_id), headers=headers(version))
    assert response.status_code == 503 and response.headers["retry-after"] == "2"
    if structured:
        assert response.json()["message"] == "Scripted outage."
    else:
        assert response.text == "Service unavailable: Scripted outage."
    assert http.post("/tts/bytes", json=tts_body(voice_id), headers=headers()).status_code == 200


def test_faults_are_consumed_in_order_per_path(emulator, http: httpx.Client,  # type: ignore[no-untyped-def]
                                               voice_id: str) -> None:
    emulator.faults.add("/tts/bytes", status=500, times=2)
    emulator.faults.add("/tts/bytes", status=429, error_code=None)
    emulator.faults.add("/voices", status=502)
    statuses = [http.post("/tts/bytes", json=tts_body(voice_id), headers=headers()).status_code
                for _ in range(4)]
    assert statuses == [500, 500, 429, 200]
    assert http.get("/voices", headers=headers()).status_code == 502
    assert emulator.faults.pending() == 0


def test_delay_fault_then_success(emulator, http: httpx.Client, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    emulator.faults.add("/tts/bytes", status=None, delay=0.3)
    started = time.monotonic()
    response = http.post("/tts/bytes", json=tts_body(voice_id), headers=headers())
    assert response.status_code == 200 and time.monotonic() - started >= 0.3


def test_drop_after_bytes_truncates_the_chunked_body(
    emulator, base_url: str, voice_id: str  # type: ignore[no-untyped-def]
) -> None:
    emulator.faults.add("/tts/bytes", drop_after_bytes=1000)
    received = bytearray()
    with pytest.raises(httpx.RemoteProtocolError), httpx.stream(
        "POST", f"{base_url}/tts/bytes", json=tts_body(voice_id), headers=headers()
    ) as response:
        assert response.status_code == 200
        for piece in response.iter_raw():
            received += piece
    assert len(received) == 1000


def test_drop_cuts_an_sse_stream_before_done(emulator, base_url: str, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    emulator.faults.add("/tts/sse", drop_after_bytes=5000)
    received = bytearray()
    with pytest.raises(httpx.RemoteProtocolError), httpx.stream(
        "POST", f"{base_url}/tts/sse", json=tts_body(voice_id), headers=headers()
    ) as response:
        for piece in response.iter_raw():
            received += piece
    assert len(received) == 5000 and b'"type": "done"' not in received


def test_websocket_handshake_fault(emulator, base_url: str) -> None:  # type: ignore[no-untyped-def]
    emulator.faults.add("/tts/websocket", status=503, retry_after=1)
    with pytest.raises(InvalidStatus) as refused, ws_connect(base_url):
        pass
    assert refused.value.response.status_code == 503
    with ws_connect(base_url):
        pass


def test_websocket_dropped_after_n_messages(emulator, base_url: str, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    emulator.faults.add("/tts/websocket", close_ws_after_messages=3)
    received = []
    with ws_connect(base_url) as ws:
        ws.send(generation(voice_id, "c", "This will be cut off. Long before the end."))
        with pytest.raises(ConnectionClosedError) as closed:
            while True:
                received.append(json.loads(ws.recv(timeout=5)))
    assert len(received) == 3
    assert closed.value.rcvd is None  # no close frame: an abnormal closure (1006)


def test_websocket_dropped_after_n_bytes(emulator, base_url: str, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    emulator.faults.add("/tts/websocket", drop_after_bytes=2500)
    received = 0
    with ws_connect(base_url) as ws:
        ws.send(generation(voice_id, "c", "Bytes are counted on the wire."))
        with pytest.raises(ConnectionClosedError):
            while True:
                received += len(ws.recv(timeout=5))
    assert 0 < received <= 2500


def test_latency_is_added_before_first_audio(make_emulator, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    _, url = make_emulator(latency_ms=300)
    started = time.monotonic()
    waited, lines = None, []
    with httpx.stream("POST", f"{url}/tts/sse", json=tts_body(voice_id, "Latency."),
                      headers=headers()) as response:
        for line in response.iter_lines():
            waited = waited or time.monotonic() - started
            lines.append(line)
    assert waited is not None and waited >= 0.3
    events = [e for _, e in parse_sse("\n".join(lines) + "\n\n")]
    assert events[-1]["type"] == "done"
    assert sum(1 for e in events if e["type"] == "chunk") * 320 >= tone_samples("Latency.", 16000)
