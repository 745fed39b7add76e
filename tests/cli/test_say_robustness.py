"""Edge cases found in review: redirects, full disks, bad stdin bytes, bad ports, SSE retries."""

import os

from audio_expect import wire_bytes
from helpers import run_cli

TEXT = "Hello from Cartesia. Testing one two three."


def test_a_redirect_is_never_followed_nor_saved_as_audio(emulator, tmp_path):
    emulator.faults.add(path="/tts/bytes", status=301)
    run = run_cli("say", "-o", str(tmp_path / "x.raw"), TEXT, expect=2)
    assert "redirect" in run.stderr and "--base-url" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_is_a_clear_error_and_leaves_no_part_file(emulator, tmp_path):
    for name in ("x.wav", "x.raw", "x.flac"):
        (tmp_path / f"{name}.part").symlink_to("/dev/full")
        run = run_cli("say", "-o", str(tmp_path / name), TEXT, expect=2)
        assert f"cannot write {tmp_path / name}" in run.stderr, run.stderr
        assert "Traceback" not in run.stderr and "unexpected" not in run.stderr
        assert not os.path.lexists(tmp_path / f"{name}.part")
        assert not (tmp_path / name).exists()


def test_stdin_that_is_not_utf8_is_a_usage_error(emulator):
    run = run_cli("say", "-o", "-", input=b"Hello \xff\xfe there\n", expect=2)
    assert "cannot read stdin: not UTF-8 text" in run.stderr
    assert emulator.requests == []


def test_a_bad_port_is_a_usage_error(monkeypatch):
    monkeypatch.setenv("CARTESIA_BASE_URL", "http://127.0.0.1:99999")
    monkeypatch.setenv("CARTESIA_API_KEY", "sk_car_whatever_123456")
    for command in (["say", "-o", "-", "hi"], ["stream", "-o", "-", "hi"]):
        assert "bad port number" in run_cli(*command, expect=2).stderr


def test_sse_stream_broken_before_any_audio_is_retried(emulator):
    emulator.faults.add(path="/tts/sse", drop_after_bytes=0)
    run = run_cli("stream", "--transport", "sse", "-o", "-", "--format", "raw", TEXT)
    assert run.stdout == wire_bytes(TEXT, "pcm_f32le")
    assert "retry 1" in run.stderr
    assert [r.path for r in emulator.requests].count("/tts/sse") == 2
