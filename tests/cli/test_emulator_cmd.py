"""`cartesia emulator` in scripts: its real URL once it listens (also in --ready-file), exit 2
with a hint for a port it cannot have, and exit 0 when Ctrl-C or SIGTERM stops it."""

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from helpers import REPO, run_process


def start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "cartesia_cli", "emulator", "--engine",
                             "tone", *args], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ))


def wait_for(path, proc, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while not (path.exists() and path.read_text()):
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "no ready file"
        time.sleep(0.02)
    return path.read_text()


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_ready_file_holds_the_url_it_answers_on_and_goes_when_it_stops(tmp_path, stop):
    ready = tmp_path / "emulator.url"
    proc = start("--port", "0", "--ready-file", str(ready))
    try:
        text = wait_for(ready, proc)
        url = text.strip()
        assert text == url + "\n" and url.startswith("http://127.0.0.1:")
        assert not url.endswith(":0")
        # listening already: the first request is answered, no refusal to retry
        assert httpx.get(url + "/", timeout=10).status_code == 200
        proc.send_signal(stop)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr.decode()
    first = stderr.decode().splitlines()[0]
    assert first == f"emulator (tone engine) on {url}; Ctrl-C stops it"
    assert stdout == b"" and b"Traceback" not in stderr
    assert not ready.exists()


def test_stopped_at_once_is_still_exit_0(tmp_path):
    """A signal between listening and serving (uvicorn not yet in charge) ends it the same way."""
    ready = tmp_path / "emulator.url"
    proc = start("--port", "0", "--ready-file", str(ready))
    try:
        wait_for(ready, proc)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr.decode()
    assert not ready.exists()


def test_a_port_in_use_is_exit_2_with_a_hint():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        run = run_process("emulator", "--engine", "tone", "--port", str(port), expect=2)
    lines = run.stderr.splitlines()
    assert f"error: cannot listen on 127.0.0.1:{port}: address already in use" in lines
    assert "hint: pick another --port (0: any free one) or --host" in lines


@pytest.mark.parametrize("port", ["65536", "-1"])
def test_a_port_out_of_range_is_exit_2_with_a_hint(port):
    run = run_process("emulator", "--port", port, expect=2)
    assert run.stderr.splitlines() == [
        f"error: --port {port} is out of range: expected 0 to 65535",
        "hint: give a port such as 8765, or --port 0 for any free one"]


def test_an_unwritable_ready_file_is_refused_before_listening(tmp_path):
    run = run_process("emulator", "--port", "0", "--ready-file",
                      str(tmp_path / "missing" / "x.url"), expect=2)
    assert run.stderr.startswith("error: cannot write ")
    assert "on http://" not in run.stderr


def test_ready_file_can_be_stdout_for_a_pipe():
    """`--ready-file /dev/stdout`: the URL on stdout (stdout is for data), left alone at the end."""
    proc = start("--port", "0", "--ready-file", "/dev/stdout")
    try:
        url = proc.stdout.readline().decode().strip()
        assert url.startswith("http://127.0.0.1:") and not url.endswith(":0")
        assert httpx.get(url + "/", timeout=10).status_code == 200
        proc.send_signal(signal.SIGINT)
        rest, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and rest == b"", stderr.decode()
