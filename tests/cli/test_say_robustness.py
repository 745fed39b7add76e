"""Edge cases found in review: redirects, full disks, bad stdin bytes, bad ports, SSE retries."""

import os
import resource
import signal
import subprocess
import sys

import pytest

from audio_expect import wire_bytes
from helpers import REPO, run_cli

TEXT = "Hello from Cartesia. Testing one two three."


def test_a_redirect_is_never_followed_nor_saved_as_audio(emulator, tmp_path):
    emulator.faults.add(path="/tts/bytes", status=301)
    run = run_cli("say", "-o", str(tmp_path / "x.raw"), TEXT, expect=2)
    assert "redirect" in run.stderr and "--base-url" in run.stderr
    assert list(tmp_path.iterdir()) == []


def _limited_to(max_bytes: int):
    """A child whose files cannot grow past `max_bytes` (writes then fail with EFBIG, the way a
    full disk fails them with ENOSPC), without touching any real device or filesystem."""
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return limit


@pytest.mark.parametrize("name", ["x.wav", "x.raw", "x.flac", "x.mp3"])
def test_a_failed_disk_write_is_a_clear_error_and_leaves_nothing(emulator, tmp_path, name):
    proc = subprocess.run([sys.executable, "-m", "cartesia_cli", "say", "-o",
                           str(tmp_path / name), TEXT * 20], cwd=REPO, capture_output=True,
                          env=dict(os.environ), preexec_fn=_limited_to(4096), timeout=60)
    stderr = proc.stderr.decode()
    assert proc.returncode == 2, stderr
    assert f"cannot write {tmp_path / name}" in stderr, stderr
    assert "Traceback" not in stderr and "unexpected" not in stderr
    assert list(tmp_path.iterdir()) == []


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
