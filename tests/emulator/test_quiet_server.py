"""`cartesia emulator`'s foreground server, in a subprocess: its log never shows credentials,
refused WebSockets log no errors, oversized requests do not grow its memory, and Ctrl-C with a
stream open stops it without a traceback."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

MB = 1024 * 1024
NEWEST = {"Cartesia-Version": "2026-08-14"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def foreground_server(**settings: object) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    args = ", ".join(f"{k}={v!r}" for k, v in {"engine": "tone", **settings}.items())
    code = ("from cartesia_cli.emulator import Emulator; "
            f"Emulator({args}).serve('127.0.0.1', {port})")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{base_url}/", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
        yield proc, base_url
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def stop(proc: subprocess.Popen[bytes]) -> str:
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=20)
    assert (proc.returncode, stdout) == (0, b""), stderr.decode()
    return stderr.decode()


def ws_refused(url: str, **kwargs: object) -> int:
    try:
        with connect(url, open_timeout=5, **kwargs):  # type: ignore[arg-type]
            return 101
    except InvalidStatus as refused:
        return refused.response.status_code


def assert_no_errors(log: str) -> None:
    for bad in ("Traceback", "ERROR", "Exception", "exception"):
        assert bad not in log, log


def test_log_hides_credentials_and_refusals_log_no_errors() -> None:
    with foreground_server(concurrency_limit=1) as (proc, base_url):
        ws_url = base_url.replace("http://", "ws://") + "/tts/websocket"
        httpx.get(f"{base_url}/voices?api_key=sk_car_SECRETQUERY&limit=1",
                  headers={**NEWEST, "Authorization": "Bearer sk_car_SECRETBEARER"})
        httpx.get(f"{base_url}/voices", params={"access_token": "SECRETTOKENQ"},
                  headers={**NEWEST, "X-API-Key": "sk_car_SECRETHEADER"})
        token = httpx.post(f"{base_url}/access-token", json={"grants": {"tts": True}},
                           headers={**NEWEST, "X-API-Key": "sk_car_SECRETMINT"}).json()["token"]
        v = "cartesia_version=2026-08-14"
        assert ws_refused(f"{ws_url}?access_token={token}&{v}") == 101
        assert ws_refused(f"{ws_url}?api_key=sk_nope_SECRETBADKEY&{v}") == 401
        assert ws_refused(f"{ws_url}?api%5Fkey=SECRETENCODED&{v}") == 401
        assert ws_refused(f"{ws_url}?api_key=sk_car_SECRETVERSION&cartesia_version=soon") == 400
        with contextlib.ExitStack() as sockets:  # the 11th socket is one too many (429)
            for _ in range(10):
                sockets.enter_context(connect(f"{ws_url}?api_key=sk_car_SECRETWS&{v}"))
            assert ws_refused(f"{ws_url}?api_key=sk_car_SECRET429&{v}") == 429
        log = stop(proc)
    assert "SECRET" not in log and token not in log, log
    assert "api_key=***" in log and "access_token=***" in log and "api%5Fkey=***" in log
    assert '"WebSocket /tts/websocket?api_key=***&cartesia_version=2026-08-14" 429' in log
    assert_no_errors(log)


def _peak_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_oversized_requests_never_reach_memory() -> None:
    with foreground_server() as (proc, base_url):
        peak_before = _peak_rss_kb(proc.pid)
        big = b"x" * (100 * MB)
        response = httpx.post(f"{base_url}/tts/bytes", content=big, timeout=30,
                              headers={**NEWEST, "Authorization": "Bearer sk_car_k"})
        assert response.status_code == 413
        ws_url = base_url.replace("http://", "ws://") + "/tts/websocket"
        with connect(f"{ws_url}?api_key=sk_car_k&cartesia_version=2026-08-14",
                     max_size=None) as ws, pytest.raises(ConnectionClosed) as closed:
            ws.send(big.decode())
            ws.recv(timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
        grown_mb = (_peak_rss_kb(proc.pid) - peak_before) / 1024
        log = stop(proc)
    assert grown_mb < 30, f"the server's peak memory grew by {grown_mb:.0f} MB"
    assert_no_errors(log)


def test_ctrl_c_with_a_stream_open_is_quiet() -> None:
    with foreground_server(latency_ms=0) as (proc, base_url):
        voice = httpx.get(f"{base_url}/voices", params={"limit": 1},
                          headers={**NEWEST, "X-API-Key": "sk_car_k"}).json()["data"][0]["id"]
        body = {"model_id": "sonic-3", "transcript": "Long text goes on and on. " * 2000,
                "voice": {"mode": "id", "id": voice},
                "output_format": {"container": "raw", "encoding": "pcm_f32le",
                                  "sample_rate": 44100}}
        ws_url = base_url.replace("http://", "ws://") + "/tts/websocket"
        with httpx.stream("POST", f"{base_url}/tts/bytes", json=body, timeout=10,
                          headers={**NEWEST, "X-API-Key": "sk_car_k"}) as response, \
                connect(f"{ws_url}?api_key=sk_car_k&cartesia_version=2026-08-14",
                        close_timeout=0.2) as ws:  # it reads nothing, so never sees the close
            ws.send(json.dumps({**body, "context_id": "c"}))
            ws.recv(timeout=5)
            audio = response.iter_raw()
            next(audio)
            # Read nothing more for a while: the sockets' buffers fill and the server is left
            # blocked writing to both clients, the hardest case for a quick, quiet stop.
            time.sleep(0.5)
            log = stop(proc)
            with pytest.raises(httpx.RemoteProtocolError):  # cut, never a clean end
                for _ in audio:
                    pass
    assert "Shutting down" in log
    assert_no_errors(log)
