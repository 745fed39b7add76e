"""Shells for the completion tests: found or skipped, and zsh driven on a real terminal."""

from __future__ import annotations

import os
import pty
import select
import shutil
import time
from pathlib import Path

import pytest


def require_shell(shell: str) -> None:
    """Skip when the shell is missing (scripts/test.sh installs bash, zsh and fish)."""
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed (Debian package {shell})")


def zsh_complete(script: Path, typed: str, completed: str, home: Path,
                 timeout: float = 15) -> bool:
    """Type `typed` and TAB into an interactive zsh with the script loaded; True when the
    command line then reads `completed`."""
    require_shell("zsh")
    functions = home / "zfunc"
    functions.mkdir(exist_ok=True)
    shutil.copy(script, functions / script.name)  # autoloaded from fpath, as installed
    (home / ".zshrc").write_text(
        f"fpath=({functions} $fpath)\nautoload -U compinit\ncompinit -u -d {home}/.zcompdump\n"
        "PS1='> '\n")
    env = {**os.environ, "HOME": str(home), "ZDOTDIR": str(home), "TERM": "dumb"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: an interactive zsh reading our .zshrc
        os.execvpe("zsh", ["zsh", "-i"], env)
    seen = b""
    try:
        seen += _read_until(fd, b"> ", time.monotonic() + timeout)
        os.write(fd, typed.encode() + b"\t")
        seen += _read_until(fd, completed.encode(), time.monotonic() + timeout)
        return completed.encode() in seen
    finally:
        os.write(fd, b"\x03exit\n")
        os.close(fd)
        os.waitpid(pid, 0)


def _read_until(fd: int, wanted: bytes, deadline: float) -> bytes:
    seen = b""
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen
