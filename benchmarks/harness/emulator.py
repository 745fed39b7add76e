"""The local emulator in its own process (its CPU never mixes with the client's)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator

from harness.tools import Tools, child_env

_START_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def emulator(tools: Tools, *, latency_ms: float = 0, concurrency_limit: int = 15,
             trace_file: str | None = None, name: str = "emulator") -> Iterator[str]:
    """`cartesia emulator --engine tone` on a free loopback port; yields its base URL.

    `trace_file` turns on the emulator's send stamps (CARTESIA_DIAG_SENT) for latency runs.
    """
    port = free_port()
    argv = [*tools.cartesia, "emulator", "--port", str(port), "--engine", "tone",
            "--latency-ms", str(latency_ms), "--concurrency-limit", str(concurrency_limit)]
    extra = {"CARTESIA_DIAG_SENT": trace_file} if trace_file else {}
    log_path = tools.work / f"{name}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(argv, env=child_env(tools, **extra), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=log)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(proc, base_url, log_path.name)
        yield base_url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until_up(proc: subprocess.Popen[bytes], base_url: str, log_name: str) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the emulator exited with {proc.returncode} (see .work/{log_name})")
        try:
            with urllib.request.urlopen(base_url + "/", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the emulator did not start in time")
