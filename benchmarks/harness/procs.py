"""Running one client process and measuring it from the outside.

Every figure of the benchmarks comes from here: wall time from just before the process is
spawned, the moment its first stdout byte arrives, and the kernel's own accounting of the CPU
time and peak RSS of the process (wait4), so nothing inside the measured program has to cooperate.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

HEAD_BYTES = 4096  # how much of stdout is kept (for checks, and for peers that print JSON)


class RunFailed(RuntimeError):
    """A measured process exited with an error: its figures would be meaningless."""


@dataclass(frozen=True)
class Run:
    wall_s: float  # spawn to exit
    first_byte_s: float | None  # spawn to the first byte on stdout (None: nothing, or not read)
    cpu_s: float  # user + system CPU of the process and the children it waited for
    max_rss_kib: int  # peak resident set size (the kernel's ru_maxrss)
    stdout_bytes: int
    stdout_head: bytes  # the first HEAD_BYTES of stdout


def run(argv: Sequence[str], env: Mapping[str, str], *, read_stdout: bool = True,
        cwd: str | None = None, timeout: float = 600.0) -> Run:
    """Run `argv` to completion and measure it.

    With `read_stdout`, stdout is a pipe drained here (the first byte is timed); otherwise it goes
    to /dev/null. stderr goes to a temporary file and is quoted when the process fails.

    Raises:
        RunFailed: the process exited with a non-zero status or ran past `timeout`.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), env=dict(env), cwd=cwd, stdin=subprocess.DEVNULL, stderr=err,
            stdout=subprocess.PIPE if read_stdout else subprocess.DEVNULL,
        )
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            first, total, head = _drain(proc, start)
            _, status, usage = os.wait4(proc.pid, 0)  # blocks: no polling noise in wall times
        finally:
            killer.cancel()
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code  # reaped here: stop Popen from waiting again
        if code != 0:
            err.seek(0)
            tail = err.read()[-2000:].decode("utf-8", "replace").strip()
            why = "was killed after the time limit" if code < 0 else f"exited with {code}"
            raise RunFailed(f"{show(argv)} {why}: {tail or '(no stderr)'}")
    return Run(wall, first, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, total, head)


def _drain(proc: subprocess.Popen[bytes], start: float) -> tuple[float | None, int, bytes]:
    """Read stdout to its end: when the first byte came, how many bytes, and the first few."""
    if proc.stdout is None:
        return None, 0, b""
    first: float | None = None
    total = 0
    head = b""
    fd = proc.stdout.fileno()
    while True:
        data = os.read(fd, 1 << 20)
        if not data:
            break
        if first is None:
            first = time.perf_counter() - start
        if len(head) < HEAD_BYTES:
            head += data[: HEAD_BYTES - len(head)]
        total += len(data)
    proc.stdout.close()
    return first, total, head


def show(argv: Sequence[str]) -> str:
    """The command without directories (no machine paths in reports)."""
    return " ".join(os.path.basename(a) if os.sep in a else a for a in argv)
