"""Every way a generation can end gives its concurrency slot back."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from emulator_helpers import KEY, BrokenEngine, headers, tts_body
from websockets.sync.client import connect

LONG = " ".join(["A long text keeps the generation busy for a while."] * 40)


def wait_idle(emulator, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while emulator.active_contexts and time.monotonic() < deadline:
        time.sleep(0.01)
    assert emulator.active_contexts == 0


def test_client_hanging_up_mid_body_releases_the_slot(make_emulator, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    emulator, url = make_emulator(concurrency_limit=1)
    # At 44.1 kHz float the body (~20 MB) cannot fit in loopback's socket buffers (which can hold
    # several MB), so the generation is still running when the first chunk is read.
    with httpx.stream("POST", f"{url}/tts/bytes", json=tts_body(voice_id, LONG, sample_rate=44100),
                      headers=headers()) as response:
        next(response.iter_raw())
        assert emulator.active_contexts == 1
    wait_idle(emulator)
    assert httpx.post(f"{url}/tts/bytes", json=tts_body(voice_id),
                      headers=headers()).status_code == 200


def test_socket_closing_mid_generation_releases_its_contexts(make_emulator, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    emulator, url = make_emulator(concurrency_limit=2)
    # The client stops reading, so its close handshake times out and it drops the connection.
    with connect(url.replace("http", "ws") + "/tts/websocket", close_timeout=0.2,
                 additional_headers=headers(key=KEY)) as ws:
        for context_id in ("a", "b"):
            ws.send(json.dumps({**tts_body(voice_id, LONG), "context_id": context_id}))
        json.loads(ws.recv(timeout=5))
        # The first chunk of "a" can go out before the server has read the message for "b".
        deadline = time.monotonic() + 5
        while emulator.active_contexts < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert emulator.active_contexts == 2
    wait_idle(emulator)


def test_engine_failure_mid_body_cuts_the_response(make_emulator, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    emulator, url = make_emulator(engine=BrokenEngine())
    with pytest.raises(httpx.RemoteProtocolError):  # an incomplete body, never a silent success
        httpx.post(f"{url}/tts/bytes", json=tts_body(voice_id, "One. Two."), headers=headers())
    wait_idle(emulator)


def test_engine_failure_on_websocket_is_an_error_event(make_emulator, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    emulator, url = make_emulator(engine=BrokenEngine())
    with connect(url.replace("http", "ws") + "/tts/websocket",
                 additional_headers=headers(key=KEY)) as ws:
        ws.send(json.dumps({**tts_body(voice_id, "One. Two."), "context_id": "x"}))
        events = [json.loads(ws.recv(timeout=5))]
        while events[-1]["type"] != "error":
            events.append(json.loads(ws.recv(timeout=5)))
        assert events[-1]["status_code"] == 500 and events[-1]["context_id"] == "x"
        assert events[0]["type"] == "chunk"
    wait_idle(emulator)
