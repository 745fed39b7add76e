"""WSS /tts/websocket: handshake, contexts, continuations, flush, cancel, errors, expiry."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from emulator_helpers import KEY, headers, tts_body
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from cartesia_cli.emulator.engines.tone import tone_samples


@contextmanager
def open_ws(ws_url: str, query: str = "", version: str | None = "2026-08-14",
            key: str | None = KEY) -> Iterator[ClientConnection]:
    url = f"{ws_url}?{query}" if query else ws_url
    with connect(url, additional_headers=headers(version, key), open_timeout=5) as ws:
        yield ws


def request(voice: str, context_id: str, transcript: str, **extra: Any) -> dict[str, Any]:
    body = tts_body(voice, transcript, **extra)
    body["context_id"] = context_id
    return body


def send(ws: ClientConnection, message: dict[str, Any]) -> None:
    ws.send(json.dumps(message))


def events_until_done(ws: ClientConnection, context_ids: set[str],
                      timeout: float = 5.0) -> list[dict[str, Any]]:
    """Events until every context in `context_ids` has sent done or error."""
    events, open_ids = [], set(context_ids)
    deadline = time.monotonic() + timeout
    while open_ids:
        event = json.loads(ws.recv(timeout=max(0.01, deadline - time.monotonic())))
        events.append(event)
        if event["type"] in ("done", "error") and event.get("context_id") in open_ids:
            open_ids.discard(event["context_id"])
    return events


def audio_of(events: list[dict[str, Any]], context_id: str) -> bytes:
    return b"".join(base64.b64decode(e["data"]) for e in events
                    if e["type"] == "chunk" and e["context_id"] == context_id)


def words_of(events: list[dict[str, Any]], context_id: str) -> list[tuple[str, float, float]]:
    out: list[tuple[str, float, float]] = []
    for e in events:
        if e["type"] == "timestamps" and e["context_id"] == context_id:
            stamps = e["word_timestamps"]
            out += zip(stamps["words"], stamps["start"], stamps["end"], strict=True)
    return out


# --- handshake -----------------------------------------------------------------------------------

def test_query_parameters_authenticate_and_set_the_version(ws_url: str, voice_id: str) -> None:
    with open_ws(ws_url, f"api_key={KEY}&cartesia_version=2024-11-13", version=None,
                 key=None) as ws:
        send(ws, request(voice_id, "c1", "Hi."))
        assert events_until_done(ws, {"c1"})[-1]["type"] == "done"


def test_query_version_wins_over_the_header(ws_url: str, voice_id: str) -> None:
    with open_ws(ws_url, "cartesia_version=2024-06-10") as ws:  # header says 2026-08-14
        send(ws, request(voice_id, "c1", "Hi.", model_id="nope"))
        (error,) = events_until_done(ws, {"c1"})
        assert error["error"].startswith("Invalid model: ")  # the legacy event shape


@pytest.mark.parametrize(("query", "version", "key", "status"), [
    ("", None, KEY, 400),
    ("", "someday", KEY, 400),
    ("", "2026-08-14", None, 401),
    ("", "2026-08-14", "sk_nope", 401),
    ("access_token=not.a.token", "2026-08-14", None, 401),
])
def test_bad_handshakes_are_refused_with_an_http_status(
    ws_url: str, query: str, version: str | None, key: str | None, status: int
) -> None:
    with pytest.raises(InvalidStatus) as refused, open_ws(ws_url, query, version, key):
        pass
    assert refused.value.response.status_code == status


def test_access_token_in_the_query(ws_url: str, http, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    token = http.post("/access-token", json={"grants": {"tts": True}},
                      headers=headers()).json()["token"]
    with open_ws(ws_url, f"access_token={token}", key=None) as ws:
        send(ws, request(voice_id, "c1", "Token."))
        assert events_until_done(ws, {"c1"})[-1]["type"] == "done"
    stt_only = http.post("/access-token", json={"grants": {"stt": True}},
                         headers=headers()).json()["token"]
    with pytest.raises(InvalidStatus) as refused, open_ws(ws_url, f"access_token={stt_only}",
                                                          key=None):
        pass
    assert refused.value.response.status_code == 401


# --- generation ----------------------------------------------------------------------------------

def test_single_request_streams_audio_timestamps_then_done(ws_url: str, voice_id: str) -> None:
    text = "One context. Two sentences!"
    with open_ws(ws_url) as ws:
        send(ws, request(voice_id, "solo", text, add_timestamps=True, encoding="pcm_s16le"))
        events = events_until_done(ws, {"solo"})
    assert events[-1] == {"type": "done", "done": True, "status_code": 206, "context_id": "solo"}
    chunk = next(e for e in events if e["type"] == "chunk")
    assert chunk["done"] is False and chunk["status_code"] == 206 and "step_time" in chunk
    assert len(audio_of(events, "solo")) == tone_samples(text, 16000) * 2
    assert [w for w, _, _ in words_of(events, "solo")] == text.split()


def test_contexts_are_multiplexed_and_generated_concurrently(ws_url: str, voice_id: str) -> None:
    texts = {f"ctx-{i}": " ".join([f"Context number {i} speaks."] * 4) for i in range(3)}
    with open_ws(ws_url) as ws:
        for context_id, text in texts.items():
            send(ws, request(voice_id, context_id, text))
        events = events_until_done(ws, set(texts))
    for context_id, text in texts.items():
        assert len(audio_of(events, context_id)) == tone_samples(text, 16000) * 4
    order = [e["context_id"] for e in events if e["type"] == "chunk"]
    first_done = next(i for i, e in enumerate(events) if e["type"] == "done")
    assert len(set(order[:first_done])) > 1  # interleaved, not one after the other


def test_continuations_are_concatenated_verbatim(ws_url: str, voice_id: str) -> None:
    parts = ["Hel", "lo wor", "ld, how ", "are you?"]
    with open_ws(ws_url) as ws:
        for part in parts:
            send(ws, request(voice_id, "cont", part, add_timestamps=True, **{"continue": True}))
        send(ws, request(voice_id, "cont", "", **{"continue": False}))
        events = events_until_done(ws, {"cont"})
    whole = "".join(parts)
    assert [w for w, _, _ in words_of(events, "cont")] == whole.split()
    assert len(audio_of(events, "cont")) == tone_samples(whole, 16000) * 4
    assert [e["type"] for e in events].count("done") == 1 and events[-1]["type"] == "done"


def test_timestamps_stay_absolute_across_inputs(ws_url: str, voice_id: str) -> None:
    with open_ws(ws_url) as ws:
        send(ws, request(voice_id, "abs", "First part. ", add_timestamps=True,
                         max_buffer_delay_ms=0, **{"continue": True}))
        send(ws, request(voice_id, "abs", "Second part.", **{"continue": False}))
        events = events_until_done(ws, {"abs"})
    words = words_of(events, "abs")
    assert [w for w, _, _ in words] == ["First", "part.", "Second", "part."]
    assert words[2][1] >= words[1][2]
    assert words[2][1] == pytest.approx(tone_samples("First part.", 16000) / 16000, abs=1e-5)


def test_buffer_delay_releases_an_unfinished_sentence(ws_url: str, voice_id: str) -> None:
    with open_ws(ws_url) as ws:
        started = time.monotonic()
        send(ws, request(voice_id, "wait", "no full stop yet", max_buffer_delay_ms=300,
                         **{"continue": True}))
        first = json.loads(ws.recv(timeout=5))
        waited = time.monotonic() - started
        assert first["type"] == "chunk" and 0.25 <= waited < 2.0
        send(ws, request(voice_id, "wait", "", **{"continue": False}))
        events_until_done(ws, {"wait"})


def test_complete_sentences_do_not_wait_for_the_buffer_delay(ws_url: str, voice_id: str) -> None:
    with open_ws(ws_url) as ws:
        started = time.monotonic()
        send(ws, request(voice_id, "s", "A whole sentence. And a fragment", **{"continue": True}))
        first = json.loads(ws.recv(timeout=5))
        assert first["type"] == "chunk" and time.monotonic() - started < 1.5  # default is 3 s
        assert first["context_id"] == "s"
        send(ws, {"context_id": "s", "cancel": True})
        send(ws, request(voice_id, "next", "Done."))
        events_until_done(ws, {"next"})  # read what was in flight before closing


def test_flush_ids_and_flush_done(ws_url: str, voice_id: str) -> None:
    with open_ws(ws_url) as ws:
        send(ws, request(voice_id, "f", "First turn", add_timestamps=True, **{"continue": True}))
        send(ws, request(voice_id, "f", "", flush=True, **{"continue": True}))
        send(ws, request(voice_id, "f", "Second turn", **{"continue": True}))
        send(ws, {"context_id": "f", "transcript": "", "continue": True, "flush": True})
        send(ws, request(voice_id, "f", "", **{"continue": False}))
        events = events_until_done(ws, {"f"})
    flushes = [e for e in events if e["type"] == "flush_done"]
    assert flushes == [
        {"type": "flush_done", "done": False, "flush_done": True, "flush_id": n,
         "status_code": 206, "context_id": "f"} for n in (1, 2)
    ]
    first_done, second_done = (events.index(f) for f in flushes)
    assert {e["flush_id"] for e in events[:first_done] if e["type"] == "chunk"} == {1}
    between = events[first_done:second_done]
    assert {e["flush_id"] for e in between if e["type"] in ("chunk", "timestamps")} == {2}
    spoken = tone_samples("First turn", 16000) + tone_samples("Second turn", 16000)
    assert len(audio_of(events, "f")) == spoken * 4


def test_cancel_stops_output_at_once(ws_url: str, voice_id: str) -> None:
    long_text = " ".join(["This sentence is long enough to take a while."] * 30)
    with open_ws(ws_url) as ws:
        send(ws, request(voice_id, "stop-me", long_text))
        assert json.loads(ws.recv(timeout=5))["type"] == "chunk"
        send(ws, {"context_id": "stop-me", "cancel": True})
        send(ws, request(voice_id, "after", "Still here."))
        events = events_until_done(ws, {"after"})
    cancelled = [e for e in events if e.get("context_id") == "stop-me"]
    whole_text_chunks = tone_samples(long_text, 16000) // 320  # 20 ms chunks at 16 kHz
    assert len(cancelled) < whole_text_chunks // 10  # some were in flight, most never came
    assert not any(e["type"] == "done" for e in cancelled)


def test_error_events_end_one_context_and_leave_the_socket_open(
    ws_url: str, voice_id: str
) -> None:
    with open_ws(ws_url) as ws:
        send(ws, request(voice_id, "good", "Keep going.", **{"continue": True}))
        send(ws, request(voice_id, "bad", "Oops.", model_id="sonic-0"))
        bad = events_until_done(ws, {"bad"})[-1]
        assert bad["type"] == "error" and bad["done"] is True and bad["status_code"] == 400
        assert bad["error_code"] == "model_not_found" and bad["context_id"] == "bad"
        assert {"title", "message", "request_id"} <= set(bad)
        send(ws, request(voice_id, "good", " Finished.", **{"continue": False}))
        events = events_until_done(ws, {"good"})
        assert events[-1]["type"] == "done"


def test_changing_parameters_mid_context_is_an_error(ws_url: str, voice_id: str) -> None:
    with open_ws(ws_url) as ws:
        send(ws, request(voice_id, "c", "Part one", **{"continue": True}))
        send(ws, request(voice_id, "c", "part two", sample_rate=8000, **{"continue": True}))
        error = events_until_done(ws, {"c"})[-1]
        assert error["type"] == "error" and "same" in error["message"]


def test_malformed_messages_get_error_events(ws_url: str, voice_id: str) -> None:
    with open_ws(ws_url) as ws:
        ws.send("not json")
        assert json.loads(ws.recv(timeout=5))["type"] == "error"
        ws.send(b"\x00\x01")
        assert json.loads(ws.recv(timeout=5))["type"] == "error"
        send(ws, {**request(voice_id, "x", "Hi."), "context_id": None})  # required since 2025-11-04
        error = json.loads(ws.recv(timeout=5))
        assert error["type"] == "error" and "context_id" in error["message"]
        send(ws, request(voice_id, "x", "Still open."))
        assert events_until_done(ws, {"x"})[-1]["type"] == "done"


def test_finished_context_ids_expire(make_emulator, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    _, url = make_emulator(context_expiry_s=0.3)
    with open_ws(url.replace("http", "ws") + "/tts/websocket") as ws:
        send(ws, request(voice_id, "again", "Once."))
        events_until_done(ws, {"again"})
        send(ws, request(voice_id, "again", "Too soon."))
        assert events_until_done(ws, {"again"})[-1]["type"] == "error"
        time.sleep(0.35)
        send(ws, request(voice_id, "again", "A new context."))
        assert events_until_done(ws, {"again"})[-1]["type"] == "done"


def test_older_versions_name_the_context_when_none_is_given(ws_url: str, voice_id: str) -> None:
    with open_ws(ws_url, version="2024-11-13") as ws:
        send(ws, tts_body(voice_id, "No id."))
        events = [json.loads(ws.recv(timeout=5))]
        while events[-1]["type"] != "done":
            events.append(json.loads(ws.recv(timeout=5)))
        assert len({e["context_id"] for e in events}) == 1 and events[0]["context_id"]


def test_messages_are_recorded(emulator, ws_url: str, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    with open_ws(ws_url) as ws:
        send(ws, request(voice_id, "rec", "Record me."))
        events_until_done(ws, {"rec"})
        send(ws, {"context_id": "rec", "cancel": True})
        ws.send("junk")
        ws.recv(timeout=5)
    handshake = next(r for r in emulator.requests if r.path == "/tts/websocket")
    assert handshake.headers["cartesia-version"] == "2026-08-14"
    assert handshake.ws_messages[0]["transcript"] == "Record me."
    assert handshake.ws_messages[1:] == [{"context_id": "rec", "cancel": True}, "junk"]


def test_server_closes_idle_sockets(make_emulator) -> None:  # type: ignore[no-untyped-def]
    _, url = make_emulator(idle_timeout=0.3)
    with open_ws(url.replace("http", "ws") + "/tts/websocket") as ws:
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=3)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1000
