"""Running the emulator: background thread start/stop, foreground serve and Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

from cartesia_cli.emulator import Emulator


def test_run_yields_a_loopback_url_and_stops_cleanly() -> None:
    emulator = Emulator(engine="tone")
    threads_before = threading.active_count()
    with emulator.run() as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        assert httpx.get(f"{base_url}/").json()["ok"] is True
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base_url}/", timeout=2)
    assert threading.active_count() <= threads_before


def test_run_on_a_chosen_port() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Emulator(engine="tone").run(port=port) as base_url:
        assert base_url == f"http://127.0.0.1:{port}"


def test_importing_the_package_is_cheap() -> None:
    code = ("import sys, cartesia_cli.emulator; "
            "print(sorted(m for m in ('starlette', 'uvicorn', 'numpy', 'httpx', 'soundfile') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("bad", [{"concurrency_limit": 0}, {"chunk_ms": 0}, {"idle_timeout": -1},
                                 {"engine": "nonsense"}])
def test_bad_settings_are_refused(bad: dict) -> None:
    with pytest.raises(ValueError):
        Emulator(**{"engine": "tone", **bad})


def test_serve_stops_quietly_on_ctrl_c() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = ("from cartesia_cli.emulator import Emulator; "
            f"Emulator(engine='tone').serve('127.0.0.1', {port})")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                assert httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 200
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
                time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert stdout == b""  # logs go to stderr; stdout is for data
    assert b"Traceback" not in stderr and b'"GET / HTTP/1.1" 200' in stderr
