"""`cartesia batch` against the emulator: manifests, names, formats, resume, failures, 429s and a
socket that drops. Real sockets, the tone engine (exact audio), in-process CLI runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from cartesia_cli.emulator import Emulator

from audio_expect import wire_samples
from helpers import TEST_KEY, point_cli_at, run_cli

LINES = ["Hello there.", "Second line here.", "Third one!"]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def results(directory: Path) -> list[dict]:
    return [json.loads(line) for line in
            (directory / "batch-results.jsonl").read_text().splitlines()]


def transcripts(emulator) -> list[str]:
    """Every text sent for generation, over WebSocket and HTTP."""
    sent = []
    for request in emulator.requests:
        for message in request.ws_messages:
            if isinstance(message, dict) and message.get("transcript"):
                sent.append(message["transcript"])
        if isinstance(request.json, dict) and request.json.get("transcript"):
            sent.append(request.json["transcript"])
    return sent


def assert_tone(path: Path, text: str, **kw) -> None:
    """The file holds exactly the audio the tone engine makes for `text` (16-bit WAV)."""
    audio, rate = soundfile.read(path, dtype="float32")
    assert rate == 44100
    expected = wire_samples(text, "pcm_s16le", **kw)
    assert len(audio) == len(expected)
    assert np.allclose(audio, expected, atol=1 / 32768)


def summary(run) -> dict:
    return json.loads(run.text)


# --- inputs and names ---------------------------------------------------------------------------


def test_plain_text_manifest_one_file_per_line_named_by_the_default_template(emulator, tmp_path):
    manifest = write(tmp_path / "lines.txt", "\n".join(LINES[:2]) + "\n\n" + LINES[2] + "\n")
    out = tmp_path / "out"
    run = run_cli("batch", str(manifest), "-o", str(out))
    names = sorted(p.name for p in out.iterdir())
    assert names == ["0001-hello-there.wav", "0002-second-line-here.wav", "0003-third-one.wav",
                     "batch-results.jsonl"]
    for name, text in zip(names, LINES, strict=False):
        assert_tone(out / name, text)
    records = results(out)
    assert [r["line"] for r in sorted(records, key=lambda r: r["item"])] == [1, 2, 4]
    assert {r["status"] for r in records} == {"ok"}
    assert all(r["bytes"] > 0 and r["audio_seconds"] > 0 and r["context_id"] for r in records)
    assert all(r["ttfa_ms"] is not None and r["text_hash"] for r in records)
    assert "3 ok, 0 failed, 0 skipped of 3 items" in run.stderr
    # One WebSocket carried every context.
    assert sum(r.path == "/tts/websocket" for r in emulator.requests) == 1


def test_jsonl_fields_override_the_options(emulator, tmp_path):
    other_voice = "a0e99841-438c-4a64-b679-ae501e7d6091"
    manifest = write(tmp_path / "m.jsonl", "\n".join(json.dumps(o) for o in [
        {"text": "Welcome to the menu.", "out": "menu/welcome.wav"},
        {"text": "Press one for sales.", "id": "sales", "speed": 1.2, "voice": other_voice},
        {"text": "Bonjour à tous.", "id": 7, "language": "fr", "emotion": "calm"},
        {"text": "A flac file.", "out": "x.flac", "volume": 1.5},
    ]) + "\n")
    out = tmp_path / "out"
    run_cli("batch", str(manifest), "-o", str(out), "--name", "{id}-{voice}.{ext}",
            "--model", "sonic-3", "--speed", "0.9")
    assert (out / "menu" / "welcome.wav").is_file()
    assert (out / f"sales-{other_voice}.wav").is_file()
    assert (out / "7-6ccbfb76-1fc6-48f7-b71d-91ac6298247b.wav").is_file()
    info = soundfile.info(out / "x.flac")
    assert info.format == "FLAC" and info.frames > 0
    sent = {m["transcript"]: m for r in emulator.requests for m in r.ws_messages
            if isinstance(m, dict) and m.get("transcript")}
    assert sent["Press one for sales."]["voice"]["id"] == other_voice
    assert sent["Press one for sales."]["generation_config"]["speed"] == 1.2
    assert sent["Welcome to the menu."]["generation_config"]["speed"] == 0.9  # the default
    assert sent["Bonjour à tous."]["language"] == "fr"
    assert sent["Bonjour à tous."]["generation_config"]["emotion"] == "calm"
    assert sent["A flac file."]["generation_config"]["volume"] == 1.5
    assert_tone(out / f"sales-{other_voice}.wav", "Press one for sales.", voice=other_voice,
                speed=1.2)


def test_csv_manifest_with_quotes_and_empty_cells(emulator, tmp_path):
    manifest = write(tmp_path / "strings.csv",
                     'id,text,out,speed\nhello,"Hello, world",,1.1\nbye,"Good\nbye",bye.mp3,\n')
    out = tmp_path / "out"
    run_cli("batch", str(manifest), "-o", str(out), "--name", "{id}.{ext}")
    assert (out / "hello.wav").is_file()
    assert soundfile.info(out / "bye.mp3").frames > 0
    lines = {r["output"]: r["line"] for r in results(out)}
    assert lines == {"hello.wav": 2, "bye.mp3": 3}


@pytest.mark.parametrize("content, expected", [
    ('{"text": "From stdin."}\n', "jsonl"),
    ("text,id\nFrom stdin.,a\n", "csv"),
    ("From stdin.\n", "plain"),
])
def test_stdin_manifest_format_is_recognised(emulator, tmp_path, content, expected):
    run = run_cli("batch", "-", "--check", "--json", input=content)
    assert summary(run) == {"items": 1, "bad_lines": 0, "format": expected}
    run_cli("batch", "-", "-o", str(tmp_path / "out"), input=content)
    assert len(list((tmp_path / "out").glob("*.wav"))) == 1
    assert transcripts(emulator) == ["From stdin."]


def test_stdin_manifest_whose_first_line_is_not_utf8_is_a_bad_line(emulator):
    run = run_cli("batch", "-", "--check", input=b"\xff\xfe not text\nFrom stdin.\n", expect=2)
    assert "stdin:1: not UTF-8 text" in run.stderr
    assert emulator.requests == []


def test_format_option_and_template_extension(emulator, tmp_path):
    manifest = write(tmp_path / "l.txt", "One.\nTwo.\n")
    out = tmp_path / "out"
    run_cli("batch", str(manifest), "-o", str(out), "--format", "raw", "--encoding",
            "pcm_f32le", "--name", "{n:02d}.{ext}")
    raw = (out / "01.raw").read_bytes()
    assert np.allclose(np.frombuffer(raw, "<f4"), wire_samples("One.", "pcm_f32le"))


# --- checking before sending --------------------------------------------------------------------


def test_bad_lines_are_reported_by_number_and_nothing_is_sent(emulator, tmp_path):
    manifest = write(tmp_path / "bad.jsonl", "\n".join([
        '{"text": "fine"}', '{"txt": "typo"}', "not json", '{"text": "x", "speed": 9}',
        '{"text": "y", "out": "../escape.wav"}', '{"text": "z", "out": "a.xyz"}', "[1, 2]",
        '{"text": "   "}', '{"text": "dup", "out": "same.wav"}',
        '{"text": "dup2", "out": "same.wav"}',
        '{"text": "both", "language": "fr", "locale": "fr-FR"}',
    ]) + "\n")
    run = run_cli("batch", str(manifest), "-o", str(tmp_path / "out"), expect=2)
    lines = [line for line in run.stderr.splitlines() if line.startswith(str(manifest))]
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == [2, 3, 4, 5, 6, 7, 8, 10, 11]
    assert "unknown field `txt`" in lines[0]
    assert "is also line 9's" in lines[7]
    assert "error: 9 bad lines" in run.stderr and "nothing was sent" in run.stderr
    assert emulator.requests == []
    assert not (tmp_path / "out").exists()


def test_check_only_validates(emulator, tmp_path):
    manifest = write(tmp_path / "l.txt", "One.\nTwo.\n")
    run = run_cli("batch", str(manifest), "--check")
    assert "2 items, plain, every line is valid" in run.stderr
    assert emulator.requests == []
    bad = write(tmp_path / "b.csv", "txt\nhello\n")
    run = run_cli("batch", str(bad), "--check", expect=2)
    assert f"{bad}:1: the CSV header has unknown column `txt`" in run.stderr


@pytest.mark.parametrize("args, message", [
    (["--jobs", "0"], "--jobs 0 is out of range"),
    (["--jobs", "many"], "invalid value `many` for --jobs: expected a whole number"),
    (["--progress-interval", "-1"], "--progress-interval -1 is out of range"),
    (["--name", "{nope}.wav"], "--name uses an unknown field {nope}"),
    (["--transport", "bytes", "--subtitles", "srt"], "need --transport websocket"),
])
def test_bad_options_are_usage_errors(emulator, tmp_path, args, message):
    manifest = write(tmp_path / "l.txt", "One.\n")
    run = run_cli("batch", str(manifest), "-o", str(tmp_path / "out"), *args, expect=2)
    assert message in run.stderr
    assert emulator.requests == []


def test_output_directory_that_is_a_file_and_missing_manifest(emulator, tmp_path):
    manifest = write(tmp_path / "l.txt", "One.\n")
    run = run_cli("batch", str(manifest), "-o", str(manifest), expect=2)
    assert "is not a directory" in run.stderr
    run = run_cli("batch", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o"), expect=2)
    assert "cannot read the manifest" in run.stderr
    run = run_cli("batch", str(manifest), expect=2)
    assert "-o DIR" in run.stderr


# --- resume -------------------------------------------------------------------------------------


def test_resume_skips_what_is_done_and_redoes_deleted_and_changed_items(emulator, tmp_path):
    texts = [f"Sentence number {i}." for i in range(1, 7)]
    manifest = write(tmp_path / "m.txt", "\n".join(texts) + "\n")
    out = tmp_path / "out"
    run_cli("batch", str(manifest), "-o", str(out), "--jobs", "3")
    files = sorted(out.glob("*.wav"))
    assert len(files) == 6
    files[1].unlink()  # deleted: made again
    texts[4] = "Sentence number five, changed."  # changed text: made again, under its new slug
    write(manifest, "\n".join(texts) + "\n")
    emulator.requests.clear()
    run = run_cli("batch", str(manifest), "-o", str(out), "--json")
    data = summary(run)
    assert (data["ok"], data["skipped"], data["failed"]) == (2, 4, 0)
    assert sorted(transcripts(emulator)) == sorted([texts[1], texts[4]])
    assert (out / "0005-sentence-number-five-changed.wav").is_file()
    # Options count too: another speed makes everything again; so does --force.
    emulator.requests.clear()
    data = summary(run_cli("batch", str(manifest), "-o", str(out), "--json", "--speed", "1.1"))
    assert data["ok"] == 6 and data["skipped"] == 0
    data = summary(run_cli("batch", str(manifest), "-o", str(out), "--json", "--speed", "1.1"))
    assert data["skipped"] == 6
    data = summary(run_cli("batch", str(manifest), "-o", str(out), "--json", "--speed", "1.1",
                           "--force"))
    assert data["ok"] == 6


def test_a_results_file_cut_short_is_read_and_continued(emulator, tmp_path):
    manifest = write(tmp_path / "m.txt", "One.\nTwo.\n")
    out = tmp_path / "out"
    run_cli("batch", str(manifest), "-o", str(out))
    log = out / "batch-results.jsonl"
    log.write_text(log.read_text() + '{"item": 9, "outp')  # a crash mid-line
    write(manifest, "One.\nTwo.\nThree.\n")
    data = summary(run_cli("batch", str(manifest), "-o", str(out), "--json"))
    assert (data["ok"], data["skipped"]) == (1, 2)
    lines = log.read_text().splitlines()
    assert lines[2] == '{"item": 9, "outp'
    assert json.loads(lines[3])["output"] == "0003-three.wav"


# --- failures -----------------------------------------------------------------------------------


def test_failed_items_do_not_stop_the_others_and_set_the_exit_code(emulator, tmp_path):
    manifest = write(tmp_path / "m.jsonl", "\n".join(json.dumps(o) for o in [
        {"text": "Good one."},
        {"text": "Unknown voice id.", "voice": "00000000-0000-0000-0000-000000000000"},
        {"text": "Good two."},
        {"text": "Bad model.", "model": "no-such-model"},
    ]) + "\n")
    out = tmp_path / "out"
    run = run_cli("batch", str(manifest), "-o", str(out), "--json", expect=5)
    assert sorted(p.name for p in out.glob("*.wav")) == ["0001-good-one.wav",
                                                         "0003-good-two.wav"]
    data = summary(run)
    assert (data["ok"], data["failed"], data["exit_code"]) == (2, 2, 5)
    assert [f["line"] for f in data["failures"]] == [2, 4]
    assert data["failures"][0]["error"]["error_code"] == "voice_not_found"
    assert "line 2 (0002-unknown-voice-id.wav): Voice not found" in run.stderr
    assert "error: 2 of 4 items failed" in run.stderr
    statuses = {r["output"]: r["status"] for r in results(out)}
    assert statuses["0002-unknown-voice-id.wav"] == "failed"
    assert not list(out.glob(".*part"))
    # A voice name that does not exist is an input error: the more serious exit code wins.
    with (tmp_path / "m.jsonl").open("a") as f:
        f.write(json.dumps({"text": "Named.", "voice": "No Such Voice Name"}) + "\n")
    run = run_cli("batch", str(manifest), "-o", str(out), expect=2)
    assert "no voice named `No Such Voice Name`" in run.stderr


def test_fail_fast_stops_at_the_first_failure(emulator, tmp_path):
    lines = [{"text": "Bad model.", "model": "no-such-model"}] + [
        {"text": f"Item {i}."} for i in range(8)]
    manifest = write(tmp_path / "m.jsonl", "\n".join(json.dumps(o) for o in lines) + "\n")
    out = tmp_path / "out"
    run = run_cli("batch", str(manifest), "-o", str(out), "--jobs", "1", "--fail-fast",
                  "--json", expect=5)
    data = summary(run)
    assert data["failed"] == 1 and data["stopped_by"] == "fail-fast"
    assert data["ok"] + data["not_run"] == 8 and data["not_run"] > 0
    assert not list(out.glob(".*part"))


def test_an_authentication_failure_stops_the_run(emulator, tmp_path, monkeypatch):
    monkeypatch.setenv("CARTESIA_API_KEY", "not_a_valid_key_123")
    manifest = write(tmp_path / "m.txt", "\n".join(f"Line {i}." for i in range(20)) + "\n")
    run = run_cli("batch", str(manifest), "-o", str(tmp_path / "out"), "--json", expect=3)
    data = summary(run)
    assert data["stopped_by"] == "auth" and data["failed"] <= 4 and data["not_run"] >= 16
    assert sum(r.path == "/tts/websocket" for r in emulator.requests) == 1


def test_bytes_transport_in_parallel(emulator, tmp_path):
    manifest = write(tmp_path / "m.jsonl", "\n".join(json.dumps(o) for o in [
        {"text": "First by HTTP."}, {"text": "Second by HTTP.", "out": "two.mp3"},
        {"text": "Third by HTTP."}]) + "\n")
    out = tmp_path / "out"
    run_cli("batch", str(manifest), "-o", str(out), "--transport", "bytes", "--jobs", "3")
    assert_tone(out / "0001-first-by-http.wav", "First by HTTP.")
    mp3 = (out / "two.mp3").read_bytes()
    assert mp3[:3] == b"ID3" or mp3[0] == 0xFF
    posts = [r for r in emulator.requests if r.path == "/tts/bytes"]
    assert len(posts) == 3
    second = next(p for p in posts if p.json["transcript"] == "Second by HTTP.")
    assert second.json["output_format"]["container"] == "mp3"


def test_a_5xx_is_retried_and_exhausted_retries_fail_the_item_with_exit_4(emulator, tmp_path):
    manifest = write(tmp_path / "m.txt", "One.\nTwo.\n")
    out = tmp_path / "out"
    emulator.faults.add("/tts/bytes", status=503, times=1, retry_after=0)
    data = summary(run_cli("batch", str(manifest), "-o", str(out), "--transport", "bytes",
                           "--jobs", "1", "--json"))
    assert (data["ok"], data["retries"]) == (2, 1)
    emulator.faults.add("/tts/bytes", status=503, times=3, retry_after=0)
    one = write(tmp_path / "one.txt", "Only one.\n")
    run = run_cli("--max-retries", "2", "batch", str(one), "-o", str(tmp_path / "o2"),
                  "--transport", "bytes", "--json", expect=4)
    data = summary(run)
    assert (data["ok"], data["failed"], data["retries"]) == (0, 1, 2)
    assert data["failures"][0]["error"]["status"] == 503
    assert "run the same command again" in run.stderr


def test_subtitles_and_timestamps_next_to_each_file(emulator, tmp_path):
    manifest = write(tmp_path / "m.txt", "Hello there friend.\n")
    out = tmp_path / "out"
    run_cli("batch", str(manifest), "-o", str(out), "--subtitles", "vtt", "--timestamps")
    base = out / "0001-hello-there-friend"
    assert base.with_suffix(".vtt").read_text().startswith("WEBVTT")
    words = json.loads(base.with_suffix(".json").read_text())["words"]
    assert [w["word"] for w in words] == ["Hello", "there", "friend."]
    # Asking for subtitles later makes the item again (it has none yet).
    data = summary(run_cli("batch", str(manifest), "-o", str(out), "--json"))
    assert data["ok"] == 1
    data = summary(run_cli("batch", str(manifest), "-o", str(out), "--json"))
    assert data["skipped"] == 1


# --- concurrency: 429s and dropped sockets ------------------------------------------------------


@pytest.fixture(scope="module")
def limited_server() -> Iterator[tuple[Emulator, str]]:
    emu = Emulator(engine="tone", concurrency_limit=1, latency_ms=100)
    with emu.run() as base_url:
        yield emu, base_url


@pytest.fixture
def limited(limited_server, monkeypatch):
    return point_cli_at(*limited_server, monkeypatch)


@pytest.mark.parametrize("transport", ["websocket", "bytes"])
def test_a_429_storm_waits_and_never_fails_the_run(limited, tmp_path, transport):
    texts = [f"Rate limited item {i}." for i in range(5)]
    manifest = write(tmp_path / "m.txt", "\n".join(texts) + "\n")
    out = tmp_path / "out"
    run = run_cli("batch", str(manifest), "-o", str(out), "--jobs", "4", "--transport",
                  transport, "--json")
    data = summary(run)
    assert (data["ok"], data["failed"]) == (5, 0)
    assert data["rate_limited"] >= 3  # the limit is 1: three of the first four were refused
    for i, text in enumerate(texts, start=1):
        assert_tone(out / f"{i:04d}-rate-limited-item-{i - 1}.wav", text)


def test_a_socket_that_drops_mid_batch_is_reopened(emulator, tmp_path):
    texts = [f"Over the socket number {i}." for i in range(8)]
    manifest = write(tmp_path / "m.txt", "\n".join(texts) + "\n")
    out = tmp_path / "out"
    # The first socket is cut (no close frame) after 6 messages: some audio of the first
    # contexts has arrived by then.
    emulator.faults.add("/tts/websocket", status=None, close_ws_after_messages=6)
    data = summary(run_cli("batch", str(manifest), "-o", str(out), "--jobs", "3", "--json"))
    assert (data["ok"], data["failed"]) == (8, 0)
    assert data["retries"] >= 1
    # The fault cuts every socket after 6 messages: how many sockets 8 items need depends on how
    # the messages interleave, but the first cut must have led to at least one more.
    assert sum(r.path == "/tts/websocket" for r in emulator.requests) >= 2
    for i, text in enumerate(texts, start=1):
        assert_tone(out / f"{i:04d}-over-the-socket-number-{i - 1}.wav", text)
    assert not list(out.glob(".*part"))


def test_a_long_text_goes_as_continuations_and_a_huge_one_is_a_bad_line(emulator, tmp_path):
    long_text = " ".join(f"Sentence {i} of a long chapter." for i in range(200))  # ~6,000 chars
    manifest = write(tmp_path / "m.jsonl", json.dumps({"text": long_text, "out": "long.wav"})
                     + "\n")
    out = tmp_path / "out"
    run_cli("batch", str(manifest), "-o", str(out))
    sent = [m for r in emulator.requests for m in r.ws_messages if isinstance(m, dict)]
    assert len(sent) >= 3 and all(m["continue"] for m in sent[:-1])
    assert sent[-1]["continue"] is False and sent[-1]["transcript"] == ""
    assert "".join(m["transcript"] for m in sent) == long_text
    assert soundfile.info(out / "long.wav").duration > 10
    huge = write(tmp_path / "huge.txt", "word " * 50_000 + "\n")
    run = run_cli("batch", str(huge), "--check", expect=2)
    assert "more than the 200000 of one item" in run.stderr


def test_a_manifest_from_a_pipe_is_read_once(emulator, tmp_path):
    import os
    import threading

    fifo = tmp_path / "lines"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "w") as f:
            f.write('{"text": "Through a pipe."}\n')

    writer = threading.Thread(target=feed)
    writer.start()
    run_cli("batch", str(fifo), "-o", str(tmp_path / "out"))
    writer.join(5)
    assert [p.name for p in (tmp_path / "out").glob("*.wav")] == ["0001-through-a-pipe.wav"]


def test_a_service_that_cannot_be_reached_stops_the_run(tmp_path, monkeypatch):
    monkeypatch.setenv("CARTESIA_API_KEY", TEST_KEY)  # the base URL is the closed port 9
    manifest = write(tmp_path / "m.txt", "\n".join(f"Line {i}." for i in range(50)) + "\n")
    run = run_cli("--max-retries", "0", "batch", str(manifest), "-o", str(tmp_path / "out"),
                  "--json", expect=4)
    data = summary(run)
    assert data["stopped_by"] == "unavailable" and data["failed"] == 5
    assert data["not_run"] == 45
    assert "the service looks unavailable" in run.stderr
    assert "cannot open the WebSocket" in data["failures"][0]["error"]["message"]


def test_a_used_up_quota_is_not_waited_out(emulator, tmp_path):
    manifest = write(tmp_path / "m.txt", "One.\n")
    emulator.faults.add("/tts/bytes", status=429, times=5, error_code="quota_exceeded",
                        message="The monthly quota is used up.")
    run = run_cli("--max-retries", "0", "batch", str(manifest), "-o", str(tmp_path / "out"),
                  "--transport", "bytes", "--json", expect=4)
    data = summary(run)
    assert (data["failed"], data["rate_limited"]) == (1, 0)
    assert data["failures"][0]["error"]["error_code"] == "quota_exceeded"
