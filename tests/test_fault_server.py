"""Self-tests of the fault server: each behaviour, as plain httpx and websockets clients see it."""

from __future__ import annotations

import base64
import gc
import json
import socket
import struct
import threading
import time
import warnings
from collections.abc import Iterator

import httpx
import pytest
from fault_server import (
    DEFAULT_AUDIO_BYTES,
    DEFAULT_VOICES,
    Empty200,
    FaultServer,
    Good,
    Html200,
    Json200,
    Redirect,
    Reset,
    SlowAudio,
    SseEndsWithoutDone,
    SseErrorEvent,
    SseRaw,
    Stall,
    Status,
    Truncate,
    WsAudioThenClose,
    WsCloseBeforeAudio,
    WsErrorEvent,
    WsNeverAnswers,
    WsRaw,
    WsReject,
    good_audio,
    good_mp3,
    good_wav,
    http_date,
    rate_limited,
    running_fault_server,
)
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.sync.client import connect

TTS = {"model_id": "sonic-3", "transcript": "Hello fault world", "voice": {"mode": "id", "id": "v"},
       "output_format": {"container": "raw", "encoding": "pcm_f32le", "sample_rate": 44100}}


@pytest.fixture
def fault_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultServer]:
    with running_fault_server(monkeypatch) as server:
        yield server


@pytest.fixture
def client(fault_server: FaultServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fault_server.base_url, trust_env=False, timeout=5) as c:
        yield c


def ws_connect(server: FaultServer, **options: object):  # type: ignore[no-untyped-def]
    options = {"open_timeout": 2, "close_timeout": 0.5, "proxy": None, **options}
    return connect(server.ws_url, **options)  # type: ignore[arg-type]


def generation(context_id: str = "ctx-1", transcript: str = "Hello there", **extra: object) -> str:
    return json.dumps({**TTS, "transcript": transcript, "context_id": context_id, **extra})


def sse_events(text: str) -> list[tuple[str | None, dict]]:
    events = []
    for frame in text.split("\n\n"):
        if not frame.strip():
            continue
        name, data = None, []
        for line in frame.split("\n"):
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])
        events.append((name, json.loads("\n".join(data))))
    return events


def ws_events_until_end(ws) -> list[dict]:  # type: ignore[no-untyped-def]
    events = []
    while True:
        event = json.loads(ws.recv(timeout=2))
        events.append(event)
        if event["type"] in ("done", "error"):
            return events


def audio_of(events: list[dict]) -> bytes:
    return b"".join(base64.b64decode(e["data"]) for e in events if e["type"] == "chunk")


# --- good answers ---------------------------------------------------------------------------------

def test_good_audio_is_deterministic_and_continuous() -> None:
    audio = good_audio(4000)
    assert len(audio) == 4000 and audio == good_audio(4000)
    assert good_audio(1000) + good_audio(3000, start=1000) == audio
    samples = struct.unpack("<1000f", audio)
    assert all(0 < abs(s) < 0.5 for s in samples)
    assert len(set(samples)) > 200


def test_bytes_raw_wav_mp3(fault_server: FaultServer, client: httpx.Client) -> None:
    response = client.post("/tts/bytes", json=TTS, headers={"Authorization": "Bearer k"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["transfer-encoding"] == "chunked"
    assert response.content == good_audio(DEFAULT_AUDIO_BYTES)

    wav = {**TTS, "output_format": {"container": "wav", "encoding": "pcm_s16le",
                                    "sample_rate": 16000}}
    response = client.post("/tts/bytes", json=wav)
    assert response.headers["content-type"] == "audio/wav"
    assert response.content == good_wav(DEFAULT_AUDIO_BYTES, 16000, "pcm_s16le")
    assert response.content[:4] == b"RIFF" and response.content[8:12] == b"WAVE"
    assert struct.unpack("<HHIIHH", response.content[20:36]) == (1, 1, 16000, 32000, 2, 16)

    mp3 = {**TTS, "output_format": {"container": "mp3", "sample_rate": 44100,
                                    "bit_rate": 128000}}
    response = client.post("/tts/bytes", json=mp3)
    assert response.headers["content-type"] == "audio/mpeg"
    assert response.content == good_mp3(DEFAULT_AUDIO_BYTES)

    first = fault_server.requests[0]
    assert (first.method, first.path, first.status) == ("POST", "/tts/bytes", 200)
    assert first.json == TTS and first.headers["authorization"] == "Bearer k"
    assert isinstance(first.behaviour, Good) and first.chunks_sent == 4
    assert fault_server.count("/tts/bytes") == 3


def test_sse_chunks_timestamps_done(client: httpx.Client) -> None:
    body = {**TTS, "context_id": "sse-ctx", "add_timestamps": True}
    response = client.post("/tts/sse", json=body)
    assert response.headers["content-type"] == "text/event-stream"
    events = [e for _, e in sse_events(response.text)]
    assert [e["type"] for e in events] == ["chunk", "timestamps", "chunk", "chunk", "chunk",
                                           "done"]
    assert all(e["context_id"] == "sse-ctx" and e["status_code"] == 206 for e in events)
    assert all(e["done"] is False for e in events[:-1]) and events[-1]["done"] is True
    assert audio_of(events) == good_audio(DEFAULT_AUDIO_BYTES)
    words = events[1]["word_timestamps"]
    assert words["words"] == ["Hello", "fault", "world"]
    assert len(words["start"]) == len(words["end"]) == 3

    plain = [e for _, e in sse_events(client.post("/tts/sse", json=TTS).text)]
    assert "timestamps" not in [e["type"] for e in plain] and plain[0]["context_id"] is None


def test_websocket_contexts_continuations_and_recording(fault_server: FaultServer) -> None:
    with ws_connect(fault_server, additional_headers={"Cartesia-Version": "2026-03-01"}) as ws:
        ws.send(generation("a", "Hello ", **{"continue": True}))
        ws.send(generation("a", "world.", **{"continue": False, "add_timestamps": True}))
        events = ws_events_until_end(ws)
        ws.send(generation("b", "Second"))
        second = ws_events_until_end(ws)
    assert all(e["context_id"] == "a" for e in events)
    assert "timestamps" in [e["type"] for e in events]
    assert audio_of(events) == good_audio(2 * DEFAULT_AUDIO_BYTES)  # one continuous stream
    assert [e["type"] for e in second] == ["chunk"] * 4 + ["done"]
    assert audio_of(second) == good_audio(DEFAULT_AUDIO_BYTES)
    (rec,) = fault_server.requests
    assert (rec.path, rec.status, rec.headers["cartesia-version"]) == ("/tts/websocket", 101,
                                                                        "2026-03-01")
    assert [m["context_id"] for m in rec.ws_messages] == ["a", "a", "b"]
    assert rec.ws_messages[0]["continue"] is True and rec.chunks_sent == 12


def test_websocket_flush_cancel_and_query(fault_server: FaultServer) -> None:
    url = fault_server.ws_url + "?cartesia_version=2025-11-04&api_key=k"
    with connect(url, proxy=None, open_timeout=2, close_timeout=0.5) as ws:
        ws.send(json.dumps({"context_id": "a", "cancel": True}))
        ws.send(generation("a", "", **{"continue": True, "flush": True}))
        assert json.loads(ws.recv(timeout=2)) == {
            "type": "flush_done", "context_id": "a", "status_code": 206, "done": False,
            "flush_done": True, "flush_id": 1}
    (rec,) = fault_server.requests
    assert rec.query == {"cartesia_version": "2025-11-04", "api_key": "k"}


def test_voices_paging_and_other_defaults(client: httpx.Client) -> None:
    page = client.get("/voices", params={"limit": 2}).json()
    assert [v["id"] for v in page["data"]] == [v["id"] for v in DEFAULT_VOICES[:2]]
    assert page["has_more"] is True and page["next_page"] == DEFAULT_VOICES[1]["id"]
    seen = []
    params: dict[str, object] = {"limit": 2}
    while True:
        page = client.get("/voices", params=params).json()
        seen += page["data"]
        if not page["has_more"]:
            break
        params["starting_after"] = page["next_page"]
    assert seen == list(DEFAULT_VOICES)
    last = client.get("/voices", params={"starting_after": DEFAULT_VOICES[-1]["id"]}).json()
    assert last == {"data": [], "has_more": False, "next_page": None}
    assert {"id", "name", "language", "is_owner"} <= set(seen[0])

    one = DEFAULT_VOICES[2]["id"]
    assert client.get(f"/voices/{one}").json()["name"] == DEFAULT_VOICES[2]["name"]
    assert client.get("/").json() == {"ok": True, "version": "2026-03-01"}
    token = client.post("/access-token", json={"grants": {"tts": True}}).json()["token"]
    assert token.count(".") == 2
    missing = client.get("/nope")
    assert missing.status_code == 404 and missing.json()["error_code"] == "not_found"


# --- scripting ------------------------------------------------------------------------------------

def test_script_queue_last_behaviour_repeats(fault_server: FaultServer,
                                             client: httpx.Client) -> None:
    fault_server.script("/tts/bytes", Status(503), Status(502), Good())
    codes = [client.post("/tts/bytes", json=TTS).status_code for _ in range(4)]
    assert codes == [503, 502, 200, 200]
    assert fault_server.statuses("/tts/bytes") == codes
    assert fault_server.count("/tts/bytes") == 4 and fault_server.count("/tts/sse") == 0
    fault_server.script("/tts/bytes", Status(500))
    assert [client.post("/tts/bytes", json=TTS).status_code for _ in range(2)] == [500, 500]
    fault_server.script("/tts/bytes")
    assert client.post("/tts/bytes", json=TTS).status_code == 200
    fault_server.reset()
    assert fault_server.requests == []


def test_script_rejects_behaviours_that_do_not_apply(fault_server: FaultServer) -> None:
    for path, behaviour in [("/tts/bytes", WsNeverAnswers()), ("/voices", SlowAudio()),
                            ("/tts/bytes", SseErrorEvent()), ("/tts/sse", WsReject(429)),
                            ("/tts/bytes?x=1", Good())]:
        with pytest.raises(ValueError):
            fault_server.script(path, behaviour)


# --- HTTP faults ----------------------------------------------------------------------------------

def test_429_retry_after_forms_and_structured_body(client: httpx.Client,
                                                   fault_server: FaultServer) -> None:
    fault_server.script("/tts/bytes", rate_limited(1), rate_limited(http_date(2)),
                        rate_limited(None, retry_after_ms=200))
    first, second, third = (client.post("/tts/bytes", json=TTS) for _ in range(3))
    assert first.status_code == 429 and first.headers["retry-after"] == "1"
    assert first.headers["content-type"] == "application/json"
    body = first.json()
    assert body["error_code"] == "concurrency_limited"
    assert set(body) == {"error_code", "title", "message", "request_id"}
    assert second.headers["retry-after"].endswith(" GMT")
    assert "retry-after" not in third.headers and third.headers["retry-after-ms"] == "200"


def test_status_bodies(client: httpx.Client, fault_server: FaultServer) -> None:
    fault_server.script("/tts/bytes", Status(400, {"error_code": "model_not_found",
                                                   "title": "Invalid model", "message": "no",
                                                   "request_id": "r"}),
                        Status(401, "Unauthorized: bad key"), Status(404),
                        Status(408, b"", content_type="text/plain"))
    bad = client.post("/tts/bytes", json=TTS)
    assert bad.status_code == 400 and bad.json()["error_code"] == "model_not_found"
    text = client.post("/tts/bytes", json=TTS)
    assert text.status_code == 401 and text.text == "Unauthorized: bad key"
    assert text.headers["content-type"].startswith("text/plain")
    assert client.post("/tts/bytes", json=TTS).json()["title"] == "Not Found"
    timeout = client.post("/tts/bytes", json=TTS)
    assert timeout.status_code == 408 and timeout.content == b""


def test_redirect_shown_and_followable_to_a_second_server(fault_server: FaultServer,
                                                          client: httpx.Client) -> None:
    with FaultServer() as other:
        for code in (301, 302, 307, 308):
            fault_server.script("/voices", Redirect(code, other.url("/voices")))
            response = client.get("/voices")
            assert response.status_code == code
            assert response.headers["location"] == other.url("/voices")
        assert other.count("/voices") == 0
        followed = client.get("/voices", follow_redirects=True)
        assert followed.status_code == 200 and other.count("/voices") == 1
    fault_server.script("/tts/bytes", Redirect(307, "http://evil.example/tts/bytes"))
    assert client.post("/tts/bytes", json=TTS).headers["location"] == (
        "http://evil.example/tts/bytes")


def test_html_json_empty_200(client: httpx.Client, fault_server: FaultServer) -> None:
    fault_server.script("/tts/bytes", Html200(), Json200({"unexpected": True}), Empty200())
    html = client.post("/tts/bytes", json=TTS)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert b"<form" in html.content
    as_json = client.post("/tts/bytes", json=TTS)
    assert as_json.json() == {"unexpected": True}
    empty = client.post("/tts/bytes", json=TTS)
    assert empty.content == b"" and empty.headers["content-length"] == "0"
    assert empty.headers["content-type"] == "application/octet-stream"


def test_truncate_bytes_sse_voices(client: httpx.Client, fault_server: FaultServer) -> None:
    fault_server.script("/tts/bytes", Truncate(1000))
    received = bytearray()
    with pytest.raises(httpx.RemoteProtocolError), \
            client.stream("POST", "/tts/bytes", json=TTS) as response:
        assert response.headers["content-length"] == str(DEFAULT_AUDIO_BYTES)
        for piece in response.iter_raw():
            received += piece
    assert bytes(received) == good_audio(1000)

    fault_server.script("/tts/sse", Truncate(300))
    with pytest.raises(httpx.RemoteProtocolError):
        client.post("/tts/sse", json=TTS)
    fault_server.script("/voices", Truncate(20))
    with pytest.raises(httpx.RemoteProtocolError):
        client.get("/voices")
    assert fault_server.statuses("/voices") == [200]
    # the next request on a fresh connection is fine again (last behaviour repeats: re-script)
    fault_server.script("/voices")
    assert client.get("/voices").status_code == 200


def test_stall_trips_a_read_timeout(fault_server: FaultServer) -> None:
    fault_server.script("/tts/bytes", Stall(after_bytes=500, seconds=10))
    received = bytearray()
    start = time.monotonic()
    with httpx.Client(base_url=fault_server.base_url, trust_env=False,
                      timeout=httpx.Timeout(5, read=0.3)) as client:
        with pytest.raises(httpx.ReadTimeout), \
                client.stream("POST", "/tts/bytes", json=TTS) as response:
            assert response.status_code == 200
            for piece in response.iter_raw():
                received += piece
        assert time.monotonic() - start < 3
        fault_server.script("/tts/sse", Stall(0, 10))
        with pytest.raises(httpx.ReadTimeout):
            client.post("/tts/sse", json=TTS)
    assert bytes(received) == good_audio(500)


def test_reset_fin_and_rst(fault_server: FaultServer, client: httpx.Client) -> None:
    fault_server.script("/tts/bytes", Reset(), Reset(rst=True), Good())
    with pytest.raises(httpx.RemoteProtocolError):
        client.post("/tts/bytes", json=TTS)
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)) as caught:
        client.post("/tts/bytes", json=TTS)
    assert client.post("/tts/bytes", json=TTS).status_code == 200
    assert fault_server.statuses("/tts/bytes") == [None, None, 200]
    if isinstance(caught.value, httpx.ReadError):
        assert "reset" in str(caught.value).lower()


def test_slow_audio_paces_the_stream(fault_server: FaultServer, client: httpx.Client) -> None:
    fault_server.script("/tts/bytes", SlowAudio(chunks=4, delay=0.1))
    arrivals = []
    start = time.monotonic()
    with client.stream("POST", "/tts/bytes", json=TTS) as response:
        received = b""
        for piece in response.iter_raw():
            received += piece
            arrivals.append(time.monotonic() - start)
    assert received == good_audio(DEFAULT_AUDIO_BYTES)
    assert arrivals[-1] >= 0.28
    rec = fault_server.wait_for("/tts/bytes", until=lambda r: r.chunks_sent == 4)
    assert rec.behaviour == SlowAudio(chunks=4, delay=0.1)

    fault_server.script("/tts/sse", SlowAudio(chunks=3, delay=0.05))
    events = [e for _, e in sse_events(client.post("/tts/sse", json=TTS).text)]
    assert audio_of(events) == good_audio(DEFAULT_AUDIO_BYTES) and events[-1]["type"] == "done"


def test_wait_for_sees_a_client_mid_stream(fault_server: FaultServer) -> None:
    fault_server.script("/tts/bytes", SlowAudio(chunks=10, delay=0.1))
    result: list[int] = []

    def slow_client() -> None:
        with httpx.Client(trust_env=False, timeout=5) as c:
            result.append(len(c.post(fault_server.url("/tts/bytes"), json=TTS).content))

    thread = threading.Thread(target=slow_client)
    thread.start()
    rec = fault_server.wait_for("/tts/bytes", until=lambda r: r.chunks_sent >= 2)
    assert rec.chunks_sent < 10  # caught mid-stream
    thread.join(5)
    assert result == [DEFAULT_AUDIO_BYTES]


def test_sse_in_band_faults(client: httpx.Client, fault_server: FaultServer) -> None:
    fault_server.script("/tts/sse", SseErrorEvent(429, after_chunks=1, error_code=None),
                        SseErrorEvent(400, legacy=True), SseEndsWithoutDone(2),
                        SseRaw(["data: {not json\n\n", ": comment\n\n",
                                'data: {"type":"mystery"}\n\n']))
    body = {**TTS, "context_id": "c1"}
    events = sse_events(client.post("/tts/sse", json=body).text)
    assert [(n, e["type"]) for n, e in events] == [(None, "chunk"), ("error", "error")]
    error = events[1][1]
    assert error["status_code"] == 429 and error["done"] is True and error["context_id"] == "c1"
    assert error["error_code"] == "concurrency_limited"
    assert {"title", "message", "request_id"} <= set(error)

    legacy = sse_events(client.post("/tts/sse", json=body).text)
    assert legacy[0][0] == "error" and isinstance(legacy[0][1]["error"], str)

    no_done = client.post("/tts/sse", json=body)
    assert no_done.status_code == 200
    assert [e["type"] for _, e in sse_events(no_done.text)] == ["chunk", "chunk"]

    raw = client.post("/tts/sse", json=body).text
    assert raw == 'data: {not json\n\n: comment\n\ndata: {"type":"mystery"}\n\n'
    assert fault_server.statuses("/tts/sse") == [200] * 4


# --- WebSocket faults -----------------------------------------------------------------------------

def test_ws_reject_raises_invalid_status(fault_server: FaultServer) -> None:
    fault_server.script("/tts/websocket", WsReject(429, headers={"Retry-After": "1"}),
                        WsReject(401, "Invalid API key"), Status(503))
    for expected in (429, 401, 503):
        with pytest.raises(InvalidStatus) as caught, ws_connect(fault_server):
            pass
        response = caught.value.response
        assert response.status_code == expected
        if expected == 429:
            assert response.headers["Retry-After"] == "1"
            assert json.loads(response.body)["error_code"] == "concurrency_limited"
        if expected == 401:
            assert response.body == b"Invalid API key"
    assert fault_server.statuses("/tts/websocket") == [429, 401, 503]


def test_ws_redirect_and_html_answers(fault_server: FaultServer) -> None:
    with FaultServer() as other:
        fault_server.script("/tts/websocket", Redirect(307, other.ws_url))
        with ws_connect(fault_server) as ws:  # websockets follows redirects
            ws.send(generation())
            assert ws_events_until_end(ws)[-1]["type"] == "done"
        assert other.count("/tts/websocket") == 1
    assert fault_server.statuses("/tts/websocket") == [307]
    fault_server.script("/tts/websocket", Html200())
    with pytest.raises(InvalidStatus) as caught, ws_connect(fault_server):
        pass
    assert caught.value.response.status_code == 200


def test_ws_handshake_reset_truncate_stall(fault_server: FaultServer) -> None:
    fault_server.script("/tts/websocket", Reset(), Truncate(20), Stall(0, 10))
    for _ in range(2):
        with pytest.raises((InvalidHandshake, OSError, EOFError)), ws_connect(fault_server):
            pass
    start = time.monotonic()
    with pytest.raises(TimeoutError), ws_connect(fault_server, open_timeout=0.3):
        pass
    assert time.monotonic() - start < 2


def test_ws_close_before_audio(fault_server: FaultServer) -> None:
    fault_server.script("/tts/websocket", WsCloseBeforeAudio(), WsCloseBeforeAudio(code=None))
    with ws_connect(fault_server) as ws:
        ws.send(generation())
        with pytest.raises(ConnectionClosed) as caught:
            ws.recv(timeout=2)
    assert caught.value.rcvd is not None and caught.value.rcvd.code == 1011
    with ws_connect(fault_server) as ws:
        ws.send(generation())
        with pytest.raises(ConnectionClosed) as caught:
            ws.recv(timeout=2)
    assert caught.value.rcvd is None  # no close frame: abrupt
    assert [len(r.ws_messages) for r in fault_server.requests] == [1, 1]


def test_ws_error_event_keeps_the_socket_open(fault_server: FaultServer) -> None:
    fault_server.script("/tts/websocket", WsErrorEvent(429, after_chunks=2),
                        WsErrorEvent(400, error_code="voice_not_found", legacy=True))
    with ws_connect(fault_server) as ws:
        ws.send(generation("a"))
        events = ws_events_until_end(ws)
        assert [e["type"] for e in events] == ["chunk", "chunk", "error"]
        error = events[-1]
        assert {k: error[k] for k in ("type", "context_id", "status_code", "done",
                                       "error_code")} == {
            "type": "error", "context_id": "a", "status_code": 429, "done": True,
            "error_code": "concurrency_limited"}
        assert error["title"] and error["message"] and error["request_id"]
        ws.ping().wait(2)  # still open
        ws.send(generation("b"))
        assert json.loads(ws.recv(timeout=2))["context_id"] == "b"
    with ws_connect(fault_server) as ws:
        ws.send(generation("c"))
        legacy = json.loads(ws.recv(timeout=2))
        assert legacy["type"] == "error" and isinstance(legacy["error"], str)
        assert legacy["status_code"] == 400


def test_ws_audio_then_close_and_never_answers(fault_server: FaultServer) -> None:
    fault_server.script("/tts/websocket", WsAudioThenClose(3), WsNeverAnswers(),
                        WsRaw([{"type": "mystery"}, "not json"]))
    events = []
    with ws_connect(fault_server) as ws:
        ws.send(generation())
        with pytest.raises(ConnectionClosed):
            while True:
                events.append(json.loads(ws.recv(timeout=2)))
    assert [e["type"] for e in events] == ["chunk"] * 3
    with ws_connect(fault_server) as ws:
        ws.send(generation())
        ws.send(generation(**{"continue": False}))
        with pytest.raises(TimeoutError):
            ws.recv(timeout=0.3)
    assert len(fault_server.requests[1].ws_messages) == 2
    with ws_connect(fault_server) as ws:
        ws.send(generation())
        assert json.loads(ws.recv(timeout=2)) == {"type": "mystery"}
        assert ws.recv(timeout=2) == "not json"


# --- lifecycle ------------------------------------------------------------------------------------

def test_shutdown_is_quick_with_stalled_and_idle_connections() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        server = FaultServer().__enter__()
        server.script("/tts/bytes", Stall(after_bytes=10, seconds=60))
        server.script("/tts/websocket", WsNeverAnswers())
        stalled = socket.create_connection(("127.0.0.1", server.port))
        body = json.dumps(TTS).encode()
        stalled.sendall(b"POST /tts/bytes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                        b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        idle = socket.create_connection(("127.0.0.1", server.port))  # never sends anything
        ws = ws_connect(server, legacy=True)
        ws.send(generation())
        server.wait_for("/tts/bytes", until=lambda r: r.status == 200)
        server.wait_for("/tts/websocket", until=lambda r: r.ws_messages)
        thread = server._thread
        start = time.monotonic()
        server.__exit__(None, None, None)
        assert time.monotonic() - start < 2
        assert thread is not None and not thread.is_alive()
        stalled.settimeout(2)
        assert stalled.recv(65536).startswith(b"HTTP/1.1 200 OK")
        for sock in (stalled, idle):
            sock.close()
        ws.close()
        gc.collect()
    assert [str(w.message) for w in caught] == []
    assert server.errors == []


def test_many_servers_in_sequence_each_get_a_port() -> None:
    ports = set()
    for _ in range(3):
        with FaultServer() as server:
            ports.add(server.port)
            with httpx.Client(trust_env=False) as c:
                assert c.get(server.url("/")).status_code == 200
    assert 0 not in ports
