"""SIGINT, SIGTERM and SIGHUP stop a run the same way: the WebSocket context is cancelled, the
temporary file removed, one line printed, and the exit code is 128+n.

Real processes, real signals, the emulator over loopback. "Mid-stream" is a `stream` whose stdin
is still open: the first words have been spoken and written, more may come.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import REPO, TEST_KEY

SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
MESSAGES = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated by SIGTERM",
            signal.SIGHUP: "terminated by SIGHUP"}


def spawn(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "cartesia_cli", *args], cwd=REPO,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, **(env or {})})


def temp_files(directory: Path) -> list[Path]:
    return [p for p in directory.iterdir() if p.name.endswith(".part")]


def wait_for(condition, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def audio_written(directory: Path) -> bool:
    return any(p.stat().st_size > 1000 for p in temp_files(directory))


def stderr_lines(proc: subprocess.Popen[bytes]) -> list[str]:
    text = proc.stderr.read().decode()
    assert TEST_KEY not in text
    return [line for line in text.splitlines() if line.strip()]


def cancels(emulator) -> int:
    return sum(1 for r in emulator.requests for m in r.ws_messages
               if isinstance(m, dict) and m.get("cancel"))


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
@pytest.mark.parametrize("transport", ["websocket", "sse"])
def test_a_signal_mid_stream_cleans_up_and_exits_128_plus_n(emulator, tmp_path, signum,
                                                             transport):
    proc = spawn("stream", "--transport", transport, "-o", str(tmp_path / "x.wav"))
    proc.stdin.write(b"The first words arrive. ")
    proc.stdin.flush()
    wait_for(lambda: audio_written(tmp_path), "no audio arrived")
    proc.send_signal(signum)
    assert proc.wait(timeout=20) == 128 + signum
    assert stderr_lines(proc) == [MESSAGES[signum]]
    assert list(tmp_path.iterdir()) == []
    if transport == "websocket":
        wait_for(lambda: cancels(emulator) == 1, "no cancel message reached the emulator", 5)
    proc.stdin.close()


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_signal_while_say_waits_for_the_api(emulator, tmp_path, signum):
    emulator.faults.add(path="/tts/bytes", status=None, delay=10.0)
    proc = spawn("say", "-o", str(tmp_path / "x.flac"), "hi")
    wait_for(lambda: any(r.path == "/tts/bytes" for r in emulator.requests),
             "the request never arrived")
    proc.send_signal(signum)
    assert proc.wait(timeout=20) == 128 + signum
    assert stderr_lines(proc) == [MESSAGES[signum]]
    assert list(tmp_path.iterdir()) == []


def test_timeout_command_sigterm_is_exit_143_with_no_debris(emulator, tmp_path):
    """What CI does: `timeout 1 cartesia …` while the API is slow."""
    emulator.faults.add(path="/tts/bytes", status=None, delay=10.0)
    proc = subprocess.run(["timeout", "1", sys.executable, "-m", "cartesia_cli", "say", "-o",
                           str(tmp_path / "x.wav"), "hi"], cwd=REPO, capture_output=True,
                          env=dict(os.environ), timeout=30)
    assert proc.returncode == 124  # timeout's own code: the command it ran was terminated
    assert proc.stderr.decode().strip() == "terminated by SIGTERM"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_offline_prints_one_line(tmp_path, presses):
    """In-process emulator mid-stream: no asyncio, ASGI or atexit noise, even on a second
    Ctrl-C (which does not cut the clean-up short)."""
    text = tmp_path / "long.txt"
    text.write_text("A sentence to speak for a while, again and again. " * 4000)
    proc = spawn("--offline", "stream", "-f", str(text), "-o", str(tmp_path / "x.wav"),
                 env={"CARTESIA_EMULATOR_ENGINE": "tone"})
    wait_for(lambda: audio_written(tmp_path), "no audio arrived", 60)
    for _ in range(presses):
        proc.send_signal(signal.SIGINT)
        time.sleep(0.05)
    assert proc.wait(timeout=20) == 130
    lines = stderr_lines(proc)
    assert lines[-1] == "interrupted", lines
    assert [line for line in lines if not line.startswith("offline:")] == ["interrupted"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.txt"]
