"""Behaviour that needs a real process: the entry point, pipes, terminals and signals."""

import os
import pty
import subprocess
import sys

from helpers import REPO, run_process

TEXT = "Hello from Cartesia. " * 40


def spawn(*args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "cartesia_cli", *args], cwd=REPO, **kwargs)


def test_entry_point_version():
    run = run_process("--version")
    assert run.text.startswith("cartesia-cli ")


def test_closed_pipe_downstream_is_quiet_exit_0(emulator):
    proc = spawn("say", "-o", "-", "--format", "raw", TEXT, stdout=subprocess.PIPE,
                 stderr=subprocess.PIPE, env=dict(os.environ))
    head = proc.stdout.read(100)  # like `| head -c 100`
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=30) == 0, stderr
    assert len(head) == 100
    assert "Traceback" not in stderr and "error" not in stderr.lower()


def test_binary_to_a_terminal_is_refused(emulator):
    primary, secondary = pty.openpty()
    proc = spawn("say", "-o", "-", "hi", stdout=secondary, stderr=subprocess.PIPE,
                 env=dict(os.environ))
    os.close(secondary)
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=30) == 2
    os.close(primary)
    assert "refusing to write binary audio to a terminal" in stderr
    assert emulator.requests == []


def test_no_text_with_a_terminal_on_stdin_is_a_usage_error_not_a_wait(emulator):
    primary, secondary = pty.openpty()
    proc = spawn("say", "-o", "-", stdin=secondary, stdout=subprocess.PIPE,
                 stderr=subprocess.PIPE, env=dict(os.environ))
    os.close(secondary)
    assert proc.wait(timeout=30) == 2
    os.close(primary)
    assert "no text to speak" in proc.stderr.read().decode()
