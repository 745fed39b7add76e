"""A client that leaves mid-stream stops the synthesis of the rest (bytes, SSE, WebSocket).

Each test asks for far more audio than the sockets can buffer, hangs up after the first chunk,
and watches the emulator's count of synthesized chunks: it must stop growing, well short of
the whole transcript.
"""

from __future__ import annotations

import json
import time

import httpx
import pytest
from emulator_helpers import KEY, headers, tts_body
from websockets.sync.client import connect

# ~6 minutes of tone audio: at 44.1 kHz float32 that is ~65 MB, far more than socket buffers.
LONG = " ".join(["A long text keeps the generation busy for a while."] * 250)
RATE = 44100
CHUNK_MS = 20.0
TOTAL_CHUNKS = 6 * 60 * 1000 / CHUNK_MS  # roughly; only "well short of it" matters


def settled(emulator, timeout: float = 5.0) -> int:  # type: ignore[no-untyped-def]
    """The chunk count once nothing is active and it has stopped moving."""
    deadline = time.monotonic() + timeout
    while emulator.active_contexts and time.monotonic() < deadline:
        time.sleep(0.01)
    assert emulator.active_contexts == 0
    before = emulator.chunks_synthesized
    time.sleep(0.3)  # a generation still running would add hundreds of chunks in this time
    after = emulator.chunks_synthesized
    assert after == before, "synthesis went on after the client left"
    return after


@pytest.mark.parametrize("path", ["/tts/bytes", "/tts/sse"])
def test_http_client_leaving_stops_synthesis(make_emulator, voice_id: str, path: str) -> None:  # type: ignore[no-untyped-def]
    emulator, url = make_emulator(chunk_ms=CHUNK_MS)
    body = tts_body(voice_id, LONG, sample_rate=RATE)
    with httpx.stream("POST", f"{url}{path}", json=body, headers=headers(), timeout=10) as r:
        assert r.status_code == 200
        next(r.iter_raw())
    made = settled(emulator)
    assert 0 < made < TOTAL_CHUNKS / 4


def test_websocket_client_leaving_stops_synthesis(make_emulator, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    emulator, url = make_emulator(chunk_ms=CHUNK_MS)
    ws_url = url.replace("http://", "ws://") + "/tts/websocket"
    with connect(ws_url, additional_headers=headers(key=KEY), open_timeout=5,
                 close_timeout=0.2) as ws:
        for context_id in ("a", "b"):
            ws.send(json.dumps({**tts_body(voice_id, LONG, sample_rate=RATE),
                                "context_id": context_id}))
        assert json.loads(ws.recv(timeout=5))["type"] == "chunk"
    made = settled(emulator)
    assert 0 < made < 2 * TOTAL_CHUNKS / 4


def test_client_leaving_during_the_first_audio_latency(make_emulator, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    # With simulated latency the first chunk waits; a client gone by then gets nothing made
    # beyond the first piece of text.
    emulator, url = make_emulator(chunk_ms=CHUNK_MS, latency_ms=2000)
    body = tts_body(voice_id, LONG, sample_rate=RATE)
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(f"{url}/tts/bytes", json=body, headers=headers(), timeout=0.3)
    made = settled(emulator)
    assert made < TOTAL_CHUNKS / 10
