"""Helpers for running the CLI in tests, with the never-print-the-key check built in."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A key that looks real and is easy to spot: no test output may ever contain it.
TEST_KEY = "sk_car_TEST_SECRET_9f8e7d6c5b4a"
REPO = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    exit_code: int
    stdout: bytes
    stderr: str

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8", "replace")


def assert_no_secret(run: Run) -> None:
    assert TEST_KEY.encode() not in run.stdout, "the API key leaked to stdout"
    assert TEST_KEY not in run.stderr, "the API key leaked to stderr"
    assert TEST_KEY[8:] not in run.stderr


def assert_no_bug(run: Run) -> None:
    """An "unexpected …" error is always a bug, whatever exit code the test expected."""
    assert "error: unexpected " not in run.stderr, run.stderr


def check(run: Run) -> Run:
    assert_no_secret(run)
    assert_no_bug(run)
    return run


def run_cli(*args: str, input: bytes | str | None = None, expect: int | None = 0,
            clock: Callable[[], float] | None = None) -> Run:
    """Run the CLI in-process (typer's runner: separate stdout and stderr). `clock` replaces
    the wall clock the CLI sees (an Environment made here, as the CLI boundary would)."""
    from typer.testing import CliRunner

    from cartesia_cli.cli.app import app

    # ctx.obj: what the CLI boundary changes in the Environment it makes (cli/app.py).
    overrides = {"clock": clock} if clock is not None else None
    result = CliRunner().invoke(app, list(args), input=input, catch_exceptions=False,
                                obj=overrides)
    run = check(Run(result.exit_code, result.stdout_bytes, result.stderr))
    if expect is not None:
        assert run.exit_code == expect, f"exit {run.exit_code}, stderr:\n{run.stderr}"
    return run


def run_process(*args: str, input: bytes | None = None, expect: int | None = 0,
                env: dict[str, str] | None = None, timeout: float = 60) -> Run:
    """Run `python -m cartesia_cli` in a subprocess (entry point, pipes, signals, TTY rules)."""
    proc = subprocess.run(
        [sys.executable, "-m", "cartesia_cli", *args], input=input, capture_output=True,
        env={**os.environ, **(env or {})}, timeout=timeout, cwd=REPO,
    )
    run = check(Run(proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")))
    if expect is not None:
        assert run.exit_code == expect, f"exit {run.exit_code}, stderr:\n{run.stderr}"
    return run


def device_copy(directory: Path, name: str, minor: int) -> Path:
    """A copy of /dev/null (minor 3) or /dev/full (minor 7) in a test's directory (root only):
    tests never write the real /dev."""
    import stat

    node = directory / name
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    node.chmod(0o666)  # as the real ones are (mknod's mode went through the umask)
    return node


def point_cli_at(emu: Any, base_url: str, monkeypatch: Any) -> Any:
    """An emulator with its recordings and faults cleared, and the CLI pointed at it (its URL
    and the test key), for fixtures that run an emulator of their own settings."""
    emu.requests.clear()
    emu.faults.clear()
    monkeypatch.setenv("CARTESIA_BASE_URL", base_url)
    monkeypatch.setenv("CARTESIA_API_KEY", TEST_KEY)
    emu.base_url = base_url
    return emu
