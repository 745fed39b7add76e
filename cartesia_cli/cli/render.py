"""Everything the CLI prints on stderr: errors, hints, warnings, notices. Secrets never pass."""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Mapping
from typing import TextIO

from cartesia_cli.errors import CartesiaError, UsageError

# Anything that looks like a key or a JWT is redacted wherever it appears: a last line of defence.
# Compiled on first use (re's cache), not at import: 0.27 ms of every start, --version included.
_SECRET_PATTERNS = (
    r"sk_car_[A-Za-z0-9_\-]+",
    r"eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+",
)
_extra_secrets: set[str] = set()


def register_secret(secret: str | None) -> None:
    """Remember a secret in use so that it is redacted even if it has no recognisable shape."""
    if secret and len(secret) >= 8:
        _extra_secrets.add(secret)


def scrub(text: str) -> str:
    # Lazily: config (and the facts it reads) is not needed to print --help or --version.
    from cartesia_cli.config import redact

    for secret in _extra_secrets:
        text = text.replace(secret, redact(secret))
    for pattern in _SECRET_PATTERNS:
        text = re.sub(pattern, lambda m: redact(m.group(0)), text)
    return text


def use_color(stream: TextIO, mode: str = "auto", variables: Mapping[str, str] | None = None,
              ) -> bool:
    variables = os.environ if variables is None else variables
    if mode == "always":
        return True
    if mode == "never" or variables.get("NO_COLOR"):
        return False
    if variables.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, OSError, ValueError):
        return False


class Printer:
    """Writes labelled lines to stderr: `error: …`, `hint: …`, `warning: …`, notices."""

    def __init__(self, color: str = "auto", quiet: bool = False, stream: TextIO | None = None,
                 variables: Mapping[str, str] | None = None):
        self.stream = stream or sys.stderr
        self.color = use_color(self.stream, color, variables)
        self.quiet = quiet

    def _label(self, label: str, code: str) -> str:
        return f"\033[{code}m{label}:\033[0m" if self.color else f"{label}:"

    def write(self, text: str) -> None:
        try:
            self.stream.write(scrub(text) + "\n")
            self.stream.flush()
        except (BrokenPipeError, ValueError):
            pass

    def error(self, err: CartesiaError) -> None:
        self.write(f"{self._label('error', '1;31')} {err.message}")
        details = [
            f"{k}: {v}"
            for k, v in (("error_code", err.error_code), ("request_id", err.request_id))
            if v
        ]
        if details:
            self.write("  " + ", ".join(details))
        if err.hint:
            self.write(f"{self._label('hint', '1;36')} {err.hint}")

    def warning(self, message: str) -> None:
        if not self.quiet:
            self.write(f"{self._label('warning', '1;33')} {message}")

    def notice(self, message: str) -> None:
        if not self.quiet:
            self.write(message)


class ClosedStdout(io.TextIOBase):
    """Stands in for a stdout the shell closed (`>&-`): any write is a usage error."""

    def _closed(self) -> UsageError:
        return UsageError("cannot write to stdout: it is closed",
                          hint="redirect it to a file or a pipe (`> out`, `| cmd`), or use -o FILE")

    @property
    def buffer(self) -> io.BufferedIOBase:
        raise self._closed()

    def write(self, text: str) -> int:
        if text:
            raise self._closed()
        return 0

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


def ask(question: str, stdin: TextIO, stderr: TextIO) -> bool:
    """Ask a yes/no question on the terminal (the prompt on stderr); only y or yes is yes.
    End of input is no; Ctrl-C is an interrupt like anywhere else (exit 130)."""
    stderr.write(f"{question} [y/N] ")
    stderr.flush()
    answer = stdin.readline()
    if not answer.endswith("\n"):
        stderr.write("\n")
    return answer.strip().lower() in ("y", "yes")
