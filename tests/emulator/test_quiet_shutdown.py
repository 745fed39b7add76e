"""The in-process emulator (the CLI's --offline) stops without a word on stderr when the program
is interrupted mid-stream: Ctrl-C or SIGTERM in the main thread while bytes, SSE and WebSocket
streams are open, with the stop coming from atexit (twice), or from leaving `with run()`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest
from emulator_helpers import KEY, headers
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from cartesia_cli.emulator import Emulator

# A stand-in for the CLI: the emulator in-process, three streams open in client threads, and a
# main thread that turns Ctrl-C / SIGTERM into an exit code, the way a CLI does.
PROGRAM = r'''
import atexit, json, signal, sys, threading, time
import httpx
from websockets.sync.client import connect
from cartesia_cli.emulator import Emulator

how = sys.argv[1]
stopped_at = []  # atexit runs hooks last-registered first: this one prints after the stops
atexit.register(lambda: print(f"stop took {time.monotonic() - stopped_at[0]:.2f}", flush=True))
emulator = Emulator(engine="tone")
if how == "start":
    base = emulator.start()
    atexit.register(emulator.stop)
    atexit.register(emulator.stop)
elif how == "run-atexit":
    running = emulator.run()
    base = running.__enter__()
    atexit.register(running.__exit__, None, None, None)
    atexit.register(running.__exit__, None, None, None)
else:  # "with": the block is left by the KeyboardInterrupt itself
    running = emulator.run()
    base = None
atexit.register(lambda: stopped_at.append(time.monotonic()))  # and this one before them
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

H = {"Cartesia-Version": "2026-08-14", "Authorization": "Bearer sk_car_offline"}
LONG = "A long text keeps the generation busy for a while. " * 400

def body(voice):
    return {"model_id": "sonic-3", "transcript": LONG, "voice": {"mode": "id", "id": voice},
            "output_format": {"container": "raw", "encoding": "pcm_f32le", "sample_rate": 44100}}

def streams(base, ready):
    voice = httpx.get(base + "/voices", params={"limit": 1}, headers=H).json()["data"][0]["id"]

    def http(path):
        try:
            with httpx.stream("POST", base + path, json=body(voice), headers=H, timeout=30) as r:
                chunks = r.iter_raw()
                next(chunks)
                ready.release()
                if path == "/tts/bytes":  # a client stuck elsewhere: the server's writes block
                    time.sleep(60)
                for _ in chunks:
                    time.sleep(0.001)
        except Exception:
            pass

    def ws():
        try:
            url = base.replace("http", "ws") + "/tts/websocket"
            with connect(url, additional_headers=H, close_timeout=0.2) as conn:
                conn.send(json.dumps({**body(voice), "context_id": "c"}))
                conn.recv()
                ready.release()
                while True:
                    conn.recv()
                    time.sleep(0.001)
        except Exception:
            pass

    for target, args in ((http, ("/tts/bytes",)), (http, ("/tts/sse",)), (ws, ())):
        threading.Thread(target=target, args=args, daemon=True).start()

def main(base):
    ready = threading.Semaphore(0)
    streams(base, ready)
    for _ in range(3):
        assert ready.acquire(timeout=10)
    print("streaming", flush=True)
    while True:
        time.sleep(0.05)

try:
    if base is None:
        with running as base:
            main(base)
    else:
        main(base)
except KeyboardInterrupt:
    if how == "with":
        stopped_at.append(time.monotonic())
    sys.exit(130)
'''


@pytest.mark.parametrize(("how", "sig", "code"), [
    ("start", signal.SIGINT, 130),
    ("run-atexit", signal.SIGINT, 130),
    ("run-atexit", signal.SIGTERM, 143),
    ("with", signal.SIGINT, 130),
])
def test_interrupt_mid_stream_prints_nothing(how: str, sig: int, code: int) -> None:
    proc = subprocess.Popen([sys.executable, "-c", PROGRAM, how], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line == b"streaming\n", line + proc.communicate(timeout=20)[1]
        time.sleep(0.2)  # well into the streams
        proc.send_signal(sig)
        stdout, stderr = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert stderr.decode() == ""
    assert proc.returncode == code
    took = [float(line.split()[-1]) for line in stdout.decode().splitlines()
            if line.startswith("stop took")]
    if how != "with":  # leaving the block stops it before atexit; then atexit measures nothing
        # ~0.2 s, or ~1.2 s with a client that reads nothing (uvicorn waits 1 s for its socket)
        assert took and took[0] < 5.0, stdout


def test_stop_is_safe_before_start_and_twice() -> None:
    emulator = Emulator(engine="tone")
    emulator.stop()
    base_url = emulator.start()
    assert base_url.startswith("http://127.0.0.1:")
    with pytest.raises(RuntimeError):
        emulator.start()
    emulator.stop()
    emulator.stop()
    with emulator.run() as again:  # a stopped emulator can serve again
        assert again.startswith("http://127.0.0.1:")


def test_stop_answers_waiting_requests_and_closes_sockets_going_away() -> None:
    emulator = Emulator(engine="tone")
    base_url = emulator.start()
    answers: list[httpx.Response] = []
    ws_url = base_url.replace("http://", "ws://") + "/tts/websocket"
    with connect(ws_url, additional_headers=headers(key=KEY), open_timeout=5) as ws:
        try:
            emulator.faults.add("/voices", status=None, delay=30)  # a request left waiting
            waiting = threading.Thread(target=lambda: answers.append(
                httpx.get(f"{base_url}/voices", headers=headers(), timeout=10)))
            waiting.start()
            deadline = time.monotonic() + 5
            while emulator.faults.pending("/voices") and time.monotonic() < deadline:
                time.sleep(0.01)  # until the request has arrived and taken the fault
        finally:
            emulator.stop()
        waiting.join(10)
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001
    assert answers and answers[0].status_code == 503
    assert answers[0].json()["message"] == "The emulator is shutting down."
