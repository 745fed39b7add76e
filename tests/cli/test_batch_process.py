"""`cartesia batch` as a real process: Ctrl-C and SIGTERM mid-run then a resume, and progress on a
terminal (a pty) and on a pipe. The emulator adds latency so that a run lasts long enough."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cartesia_cli.emulator import Emulator

from helpers import REPO, TEST_KEY, point_cli_at, run_cli


@pytest.fixture(scope="module")
def slow_server() -> Iterator[tuple[Emulator, str]]:
    emu = Emulator(engine="tone", latency_ms=250)
    with emu.run() as base_url:
        yield emu, base_url


@pytest.fixture
def slow(slow_server, monkeypatch):
    return point_cli_at(*slow_server, monkeypatch)


def spawn(*args: str, **kwargs) -> subprocess.Popen[bytes]:
    # CI (set on CI machines) turns the bar into plain lines even on a terminal; these tests
    # say which kind of stderr they mean by the file they give it.
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.Popen([sys.executable, "-m", "cartesia_cli", *args], cwd=REPO,
                            env={**env, "COLUMNS": "100"}, **kwargs)


def manifest(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "m.txt"
    path.write_text("".join(f"Batch sentence number {i}.\n" for i in range(count)))
    return path


def wait_for(condition, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "batch-results.jsonl").read_text().splitlines()]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM],
                         ids=lambda s: signal.Signals(s).name)
def test_a_signal_mid_run_keeps_what_finished_and_the_next_run_does_the_rest(
        slow, tmp_path, signum):
    count = 24
    source = manifest(tmp_path, count)
    out = tmp_path / "out"
    proc = spawn("batch", str(source), "-o", str(out), "--jobs", "2",
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for(lambda: out.is_dir() and len(list(out.glob("*.wav"))) >= 3, "no file was made")
    proc.send_signal(signum)
    assert proc.wait(timeout=30) == 128 + signum
    stderr = proc.stderr.read().decode()
    assert TEST_KEY not in stderr and "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    assert last == ("interrupted" if signum == signal.SIGINT else "terminated by SIGTERM")
    assert "not run yet (run the same command again to finish)" in stderr
    # Nothing partial: no temporary files, every recorded item is complete and on disk.
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]
    first = records(out)
    done = {r["output"] for r in first}
    assert {r["status"] for r in first} == {"ok"}
    assert done == {p.name for p in out.glob("*.wav")}
    assert 3 <= len(done) < count
    # In flight when the signal came: cancelled on the socket.
    cancels = [m for r in slow.requests for m in r.ws_messages
               if isinstance(m, dict) and m.get("cancel")]
    assert cancels
    # The next run makes the rest, each item once.
    run = run_cli("batch", str(source), "-o", str(out), "--jobs", "4", "--json")
    data = json.loads(run.text)
    assert (data["ok"], data["skipped"], data["failed"]) == (count - len(done), len(done), 0)
    every = records(out)
    outputs = [r["output"] for r in every]
    assert len(outputs) == len(set(outputs)) == count
    assert len(list(out.glob("*.wav"))) == count


def read_pty(fd: int, proc: subprocess.Popen[bytes]) -> bytes:
    data = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other end closed (the process exited)
            break
        if not chunk:
            break
        data += chunk
    return data


def test_progress_is_a_bar_on_a_terminal(slow, tmp_path):
    source = manifest(tmp_path, 6)
    primary, secondary = pty.openpty()
    proc = spawn("batch", str(source), "-o", str(tmp_path / "out"), "--jobs", "2",
                 stdout=subprocess.PIPE, stderr=secondary, stdin=subprocess.DEVNULL)
    os.close(secondary)
    shown = read_pty(primary, proc).decode("utf-8", "replace")
    os.close(primary)
    assert proc.wait(timeout=30) == 0
    assert "━" in shown  # the bar
    assert "6/6" in shown and "ETA" in shown and "0 failed" in shown
    assert "s audio" in shown
    assert "batch: 6 ok, 0 failed, 0 skipped of 6 items" in shown
    assert "batch: 0/6 items" not in shown  # no plain lines on a terminal
    assert proc.stdout.read() == b""


def test_progress_is_plain_lines_on_a_pipe(slow, tmp_path):
    source = manifest(tmp_path, 8)
    proc = spawn("batch", str(source), "-o", str(tmp_path / "out"), "--jobs", "1",
                 "--progress-interval", "0.3", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    lines = stderr.decode().splitlines()
    progress = [line for line in lines if line.startswith("batch: ") and "/8 items" in line]
    assert len(progress) >= 2, lines
    assert all("\x1b" not in line and "━" not in line for line in lines)
    assert "in flight" in progress[-1]
    assert lines[-1].startswith("batch: 8 ok, 0 failed, 0 skipped of 8 items")
    assert stdout == b""
