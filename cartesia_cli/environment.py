"""What the outside world is for one run: the standard streams, whether they are terminals, the
environment variables and the clock (like httpie's `Environment`).

Made once, at the CLI boundary, by `Environment.from_process()`, and passed in; nothing else
reads `sys.std*`, `isatty()` or `os.environ`. Tests build their own (other streams, variables,
a clock they move by hand).
"""

# No `from __future__ import annotations` here: NamedTuple makes a ForwardRef (compiled) of
# every string annotation, up to 0.3 ms of import time per module, on every run.
import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any, NamedTuple, TextIO


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, OSError, ValueError):  # closed or detached streams
        return False


class Environment(NamedTuple):
    # A NamedTuple, not a frozen dataclass: a quarter of the import time, on every run.
    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    variables: Mapping[str, str]
    stdin_isatty: bool
    stdout_isatty: bool
    stderr_isatty: bool
    clock: Callable[[], float] = time.time  # wall-clock seconds (expiry, TTLs)

    @classmethod
    def from_process(cls, **changes: Any) -> "Environment":
        """This process's streams, terminals and variables (with `changes` applied: tests)."""
        fields: dict[str, Any] = {
            "stdin": sys.stdin, "stdout": sys.stdout, "stderr": sys.stderr,
            "variables": os.environ, "stdin_isatty": _isatty(sys.stdin),
            "stdout_isatty": _isatty(sys.stdout), "stderr_isatty": _isatty(sys.stderr),
        }
        return cls(**{**fields, **changes})

    def var(self, name: str) -> str | None:
        """A variable's value; unset and empty are the same (as for most Unix tools)."""
        return self.variables.get(name) or None

    def flag(self, name: str) -> bool:
        """A boolean variable: set to anything but empty, 0, false or no."""
        return (self.var(name) or "0").lower() not in ("0", "false", "no")

    @property
    def stdin_bytes(self) -> IO[bytes]:
        return self.stdin.buffer

    @property
    def stdout_bytes(self) -> IO[bytes]:
        return self.stdout.buffer

    @property
    def cache_dir(self) -> Path:
        """`$XDG_CACHE_HOME/cartesia`, by default `~/.cache/cartesia`."""
        root = self.var("XDG_CACHE_HOME") or os.path.join(self.var("HOME") or Path.home(),
                                                          ".cache")
        return Path(root) / "cartesia"
