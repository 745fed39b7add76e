"""Failures of `cartesia say`: one clear line, the documented exit code, nothing half written."""

import pytest

from helpers import TEST_KEY, run_cli

TEXT = "Hello from Cartesia. Testing one two three."


def assert_one_error(run, *fragments):
    lines = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, run.stderr
    for fragment in fragments:
        assert fragment in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("args,fragment", [
    (["say", "   "], "empty"),
    (["say", "-o", "x.xyz", "hi"], "unknown audio file extension"),
    (["say", "--speed", "3", "hi"], "--speed 3.0 is out of range"),
    (["say", "--volume", "0.1", "hi"], "--volume"),
    (["say", "--emotion", "hapy", "hi"], "did you mean happy"),
    (["say", "-o", "/nonexistent-dir/x.wav", "hi"], "no directory"),
    (["say", "-o", "x.opus", "--sample-rate", "44100", "hi"], "Opus cannot carry 44100"),
    (["--cartesia-version", "2024-6-10", "say", "-o", "-", "hi"], "invalid API version"),
    (["--cartesia-version", "2020-01-01", "say", "-o", "-", "hi"], "predates"),
    (["--base-url", "http://example.com", "say", "-o", "-", "hi"], "plain http"),
    (["say", "-f", "missing.txt", "-o", "-"], "cannot read missing.txt"),
])
def test_usage_errors_exit_2_before_any_request(emulator, tmp_path, monkeypatch, args, fragment):
    monkeypatch.chdir(tmp_path)
    run = run_cli(*args, expect=2)
    assert_one_error(run, fragment)
    assert emulator.requests == []
    assert list(tmp_path.iterdir()) == []


def test_bad_flag_is_exit_2(emulator):
    run = run_cli("say", "--sample-rate", "12345", "hi", expect=2)
    assert "12345" in run.stderr


def test_no_key_is_exit_3(emulator, monkeypatch):
    monkeypatch.delenv("CARTESIA_API_KEY")
    run = run_cli("say", "-o", "-", "hi", expect=3)
    assert_one_error(run, "no API key", "CARTESIA_API_KEY")


def test_invalid_key_is_exit_3(emulator, monkeypatch):
    monkeypatch.setenv("CARTESIA_API_KEY", "not-a-cartesia-key-123456")
    run = run_cli("say", "-o", "-", "hi", expect=3)
    assert_one_error(run, "HTTP 401")
    assert "not-a-cartesia-key-123456" not in run.stderr


def test_unknown_voice_is_exit_5_with_api_fields(emulator):
    run = run_cli("say", "-o", "-", "-v", "00000000-0000-0000-0000-000000000000", "hi", expect=5)
    assert_one_error(run, "HTTP 400", "error_code: voice_not_found", "request_id: ",
                     "cartesia voices list")


def test_legacy_error_shape_is_parsed(emulator):
    run = run_cli("--cartesia-version", "2025-04-16", "say", "-o", "-", "--model", "nope", "hi",
                  expect=5)
    assert_one_error(run, "HTTP 400")
    assert emulator.requests[-1].headers["cartesia-version"] == "2025-04-16"


def test_unreachable_is_exit_4(monkeypatch):
    monkeypatch.setenv("CARTESIA_API_KEY", TEST_KEY)
    run = run_cli("--max-retries", "0", "say", "-o", "-", "hi", expect=4)
    assert_one_error(run, "could not reach")


def test_retries_500_then_success(emulator, tmp_path):
    emulator.faults.add(path="/tts/bytes", status=500, times=2)
    out = tmp_path / "x.wav"
    run = run_cli("say", "-o", str(out), TEXT)
    assert out.exists()
    assert [r.path for r in emulator.requests].count("/tts/bytes") == 3
    assert run.stderr.count("retry") == 2


def test_retries_429_honour_retry_after(emulator, tmp_path):
    emulator.faults.add(path="/tts/bytes", status=429, times=1, retry_after=0)
    run_cli("say", "-o", str(tmp_path / "x.wav"), TEXT)
    assert [r.path for r in emulator.requests].count("/tts/bytes") == 2


def test_exit_4_when_retries_run_out(emulator, tmp_path):
    emulator.faults.add(path="/tts/bytes", status=503, times=3, retry_after=0)
    run = run_cli("say", "-o", str(tmp_path / "x.wav"), TEXT, expect=4)
    assert_one_error(run, "HTTP 503")
    assert not list(tmp_path.iterdir())


def test_429_after_retries_is_exit_4(emulator, tmp_path):
    emulator.faults.add(path="/tts/bytes", status=429, times=5, retry_after=0)
    run = run_cli("--max-retries", "1", "say", "-o", "-", TEXT, expect=4)
    assert_one_error(run, "HTTP 429")


def test_stream_broken_mid_body_leaves_no_file(emulator, tmp_path):
    emulator.faults.add(path="/tts/bytes", drop_after_bytes=5000)
    out = tmp_path / "x.wav"
    run = run_cli("say", "-o", str(out), TEXT * 5, expect=4)
    assert_one_error(run, "broke off")
    assert list(tmp_path.iterdir()) == []
    # Audio had reached the sink: no retry.
    assert [r.path for r in emulator.requests].count("/tts/bytes") == 1


def test_keep_partial_keeps_the_part_file(emulator, tmp_path):
    emulator.faults.add(path="/tts/bytes", drop_after_bytes=5000)
    out = tmp_path / "x.raw"
    run_cli("say", "--keep-partial", "-o", str(out), TEXT * 5, expect=4)
    part = tmp_path / "x.raw.part"
    assert part.exists() and not out.exists()
    assert 0 < part.stat().st_size <= 5000


def test_debug_shows_traceback_but_no_secret(emulator, monkeypatch):
    monkeypatch.setenv("CARTESIA_API_KEY", TEST_KEY)
    run = run_cli("--debug", "say", "-o", "-", "-v", "00000000-0000-0000-0000-000000000000",
                  "hi", expect=5)
    assert "Traceback" in run.stderr


def test_auth_header_and_version_follow_the_version_table(emulator):
    run_cli("--cartesia-version", "2024-06-10", "say", "-o", "-", "--format", "raw", "hi")
    old = emulator.requests[-1].headers
    assert old["x-api-key"] == TEST_KEY and "authorization" not in old
    assert emulator.requests[-1].json["voice"] == {"mode": "id",
                                                   "id": "6ccbfb76-1fc6-48f7-b71d-91ac6298247b"}
    run_cli("say", "-o", "-", "--format", "raw", "hi")
    new = emulator.requests[-1].headers
    assert new["authorization"] == f"Bearer {TEST_KEY}" and "x-api-key" not in new
    assert new["cartesia-version"] == "2026-08-14"


def test_unknown_version_warns_and_is_sent_as_given(emulator):
    run = run_cli("--cartesia-version", "2026-01-01", "say", "-o", "-", "--format", "raw", "hi")
    assert "behaving as 2025-11-04" in run.stderr
    assert emulator.requests[-1].headers["cartesia-version"] == "2026-01-01"
