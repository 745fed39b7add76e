"""`cartesia stream` over WebSocket and SSE against the emulator, over real sockets."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
import soundfile as sf

from cartesia_cli.emulator.engines.tone import tone_samples

from audio_expect import wire_bytes
from helpers import REPO, TEST_KEY, run_cli

TEXT = "Hello from Cartesia. Streaming is fun! Does it work? It does."
RAW = ["-o", "-", "--format", "raw"]


def ws_generation_messages(emulator):
    messages = [m for r in emulator.requests if r.path == "/tts/websocket"
                for m in r.ws_messages if isinstance(m, dict)]
    return [m for m in messages if "transcript" in m]


@pytest.mark.parametrize("transport", ["websocket", "sse"])
def test_audio_matches_what_the_emulator_synthesized(emulator, transport):
    run = run_cli("stream", "--transport", transport, *RAW, TEXT)
    assert run.stdout == wire_bytes(TEXT, "pcm_f32le")


@pytest.mark.parametrize("transport", ["websocket", "sse"])
def test_wav_file_every_encoding(emulator, tmp_path, transport):
    for encoding in ("pcm_s16le", "pcm_mulaw"):
        out = tmp_path / f"{encoding}.wav"
        run_cli("stream", "--transport", transport, "-o", str(out), "--encoding", encoding,
                "--sample-rate", "16000", TEXT)
        samples, rate = sf.read(out)
        assert rate == 16000 and len(samples) == tone_samples(TEXT, 16000)


def test_websocket_request_shape(emulator):
    run_cli("stream", *RAW, "--max-buffer-delay", "250", "--language", "en", TEXT)
    messages = ws_generation_messages(emulator)
    assert "".join(m["transcript"] for m in messages) == TEXT
    assert all(m["continue"] for m in messages[:-1]) and messages[-1]["continue"] is False
    assert messages[-1]["transcript"] == ""
    assert {m["context_id"] for m in messages} == {messages[0]["context_id"]}
    assert messages[0]["max_buffer_delay_ms"] == 250
    assert messages[0]["output_format"] == {"container": "raw", "encoding": "pcm_f32le",
                                            "sample_rate": 44100}
    handshake = next(r for r in emulator.requests if r.path == "/tts/websocket")
    assert handshake.query["cartesia_version"] == ["2026-08-14"]
    assert handshake.headers["authorization"] == f"Bearer {TEST_KEY}"
    assert "api_key" not in handshake.query


@pytest.mark.parametrize("transport", ["websocket", "sse"])
def test_timestamps_and_subtitles(emulator, tmp_path, transport):
    stamps, srt, vtt = tmp_path / "t.json", tmp_path / "t.srt", tmp_path / "t.vtt"
    run_cli("stream", "--transport", transport, "-o", str(tmp_path / "a.wav"),
            "--timestamps", str(stamps), "--phonemes", "--subtitles", str(srt), TEXT)
    run_cli("stream", "--transport", transport, *RAW, "--subtitles", str(vtt), TEXT)
    data = json.loads(stamps.read_text())
    words = data["words"]
    assert [w["word"] for w in words] == TEXT.split()
    starts = [w["start"] for w in words]
    assert starts == sorted(starts) and all(w["end"] > w["start"] for w in words)
    duration = tone_samples(TEXT, 44100) / 44100
    assert words[-1]["end"] <= duration + 1e-3 and words[-1]["end"] > duration - 0.1
    assert data["phonemes"] and data["phonemes"][0]["start"] == 0
    cues = srt.read_text().strip().split("\n\n")
    assert cues[0].startswith("1\n00:00:00,000 --> ") and cues[0].endswith("Hello from Cartesia.")
    assert len(cues) == 4
    assert vtt.read_text().startswith("WEBVTT\n\n00:00:00.000 --> ")


def test_long_file_is_streamed_in_pieces_and_nothing_is_truncated(emulator, tmp_path):
    text = "".join(f"Sentence number {i} is here, with a few words. " for i in range(4200))
    assert len(text.encode()) > 200_000
    src, out = tmp_path / "long.txt", tmp_path / "long.raw"
    src.write_text(text)
    run_cli("stream", "-f", str(src), "-o", str(out), "--encoding", "pcm_mulaw",
            "--sample-rate", "8000")
    messages = ws_generation_messages(emulator)
    assert len(messages) > 100
    assert "".join(m["transcript"] for m in messages) == text
    assert out.stat().st_size == tone_samples(text, 8000)


def test_timestamps_stay_correct_across_sse_requests(emulator, tmp_path):
    stamps = tmp_path / "t.json"
    text = " ".join(f"Sentence {i} has a handful of words in it." for i in range(40))
    run_cli("stream", "--transport", "sse", *RAW, "--timestamps", str(stamps), text)
    words = json.loads(stamps.read_text())["words"]
    # A known text goes in pieces of whole sentences, as few requests as the piece size allows.
    requests = [r.json["transcript"] for r in emulator.requests if r.path == "/tts/sse"]
    assert len(requests) == 2 and "".join(requests) == text
    assert requests[0].endswith(". ")
    assert [w["word"] for w in words] == text.split()
    index = len(requests[0].split())
    first_len = tone_samples(requests[0], 44100) / 44100
    assert words[index]["start"] == pytest.approx(first_len, abs=1e-3)
    assert words[index - 1]["end"] <= words[index]["start"]


def test_sse_live_input_goes_sentence_by_sentence(emulator):
    run_cli("stream", "--transport", "sse", *RAW, input=TEXT)
    requests = [r.json["transcript"] for r in emulator.requests if r.path == "/tts/sse"]
    assert requests == ["Hello from Cartesia. Streaming is fun! Does it work? ", "It does."]


def test_stdin_is_spoken_as_it_arrives(emulator):
    """The first audio is out before stdin is closed."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "cartesia_cli", "stream", "--max-buffer-delay", "0", *RAW],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
        env=dict(os.environ))
    proc.stdin.write(b"Hello there, this is the first sentence. ")
    proc.stdin.flush()
    first = proc.stdout.read(4096)  # blocks until audio arrives: stdin is still open
    assert len(first) == 4096
    assert proc.poll() is None
    proc.stdin.write(b"And this is the second one.")
    proc.stdin.close()
    rest = proc.stdout.read()
    assert proc.wait(timeout=30) == 0, proc.stderr.read().decode()
    text = "Hello there, this is the first sentence. And this is the second one."
    assert first + rest == wire_bytes(text, "pcm_f32le")
    messages = ws_generation_messages(emulator)
    assert "".join(m["transcript"] for m in messages) == text
    assert len(messages) >= 3


def test_empty_stdin_is_a_usage_error(emulator):
    run = run_cli("stream", *RAW, input="   \n", expect=2)
    assert "empty" in run.stderr


@pytest.mark.parametrize("version", ["2025-04-16", "2026-08-14"])
def test_error_events_both_shapes(emulator, version):
    run = run_cli("--cartesia-version", version, "stream", *RAW, "-v",
                  "00000000-0000-0000-0000-000000000000", TEXT, expect=5)
    assert run.stderr.count("error:") == 1
    assert "HTTP 400" in run.stderr or "400" in run.stderr


def test_sse_error_event_is_an_error(emulator):
    run = run_cli("stream", "--transport", "sse", *RAW, "--model", "sonic-english", TEXT,
                  expect=5)
    assert "error:" in run.stderr


def test_socket_dropping_mid_stream_is_an_error_not_a_short_file(emulator, tmp_path):
    emulator.faults.add(path="/tts/websocket", close_ws_after_messages=3)
    out = tmp_path / "x.wav"
    run = run_cli("stream", "-o", str(out), TEXT * 3, expect=4)
    assert "closed before the audio was complete" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_sse_stream_cut_is_an_error(emulator, tmp_path):
    emulator.faults.add(path="/tts/sse", drop_after_bytes=3000)
    run = run_cli("stream", "--transport", "sse", "-o", str(tmp_path / "x.wav"), TEXT, expect=4)
    assert "broke off" in run.stderr or "ended without" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_handshake_retry_then_success(emulator):
    emulator.faults.add(path="/tts/websocket", status=503, times=1, retry_after=0)
    run = run_cli("stream", *RAW, TEXT)
    assert run.stdout == wire_bytes(TEXT, "pcm_f32le")


def test_usage_errors(emulator, tmp_path):
    assert "out of range" in run_cli("stream", *RAW, "--max-buffer-delay", "9000", TEXT,
                                     expect=2).stderr
    assert "websocket only" in run_cli("stream", "--transport", "sse", *RAW,
                                       "--max-buffer-delay", "10", TEXT, expect=2).stderr
    assert "FILE.srt or FILE.vtt" in run_cli("stream", *RAW, "--subtitles", "x.txt", TEXT,
                                             expect=2).stderr
    assert "--timestamps" in run_cli("stream", *RAW, "--phonemes", TEXT, expect=2).stderr
    assert "not both" in run_cli("stream", *RAW, "-f", "-", TEXT, input=TEXT, expect=2).stderr
    assert "cannot stream mp3" in run_cli("stream", "-o", "-", "--format", "mp3", TEXT,
                                          expect=2).stderr
    assert emulator.requests == []


def test_mp3_file_is_encoded_locally(emulator, tmp_path):
    out = tmp_path / "x.mp3"
    run_cli("stream", "-o", str(out), TEXT)
    samples, rate = sf.read(out)
    assert rate == 44100 and abs(len(samples) - tone_samples(TEXT, 44100)) < 4410


def test_np_import_is_used():
    assert np.float32


def test_a_long_text_is_paced_by_the_audio_heard_back(emulator, monkeypatch):
    """The sender stays at most a window of characters ahead of the audio received (the API
    refuses a context holding too much unspoken text), and the whole text is still spoken."""
    from cartesia_cli.api.tts_stream import Backlog

    monkeypatch.setattr(Backlog, "WINDOW_CHARS", 400)
    text = "Pacing keeps the buffer small. " * 400  # 12,400 characters, 13 pieces
    run = run_cli("stream", "-o", "-", "--format", "raw", text)
    assert run.stdout == wire_bytes(text, "pcm_f32le")
    messages = [m for r in emulator.requests for m in r.ws_messages if isinstance(m, dict)]
    assert "".join(m.get("transcript", "") for m in messages) == text
    assert sum(1 for m in messages if m.get("flush")) >= 5  # one every half window


def test_the_backlog_waits_for_flushes_and_lets_go_when_closed():
    import threading

    from cartesia_cli.api.tts_stream import Backlog

    backlog = Backlog(window=100)
    assert backlog.sent(150)  # past half a window: a flush is due
    backlog.flushed()  # flush 1 covers 150 characters
    waiter = threading.Thread(target=backlog.wait_for_room)
    waiter.start()
    waiter.join(0.3)
    assert waiter.is_alive()  # 150 ahead of what is confirmed: no room
    backlog.flush_done(1)
    waiter.join(2)
    assert not waiter.is_alive()
    backlog.sent(1000)
    waiter = threading.Thread(target=backlog.wait_for_room)
    waiter.start()
    backlog.close()  # the socket is gone: nobody waits on it
    waiter.join(2)
    assert not waiter.is_alive()
