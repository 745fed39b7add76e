"""Failures the CLI can report, each with a stable code and a documented exit code.

No typer or rich here: core modules raise these, and the CLI boundary renders them once.
"""

from __future__ import annotations

from enum import IntEnum
from typing import ClassVar


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1  # failure not covered below; migrate-check found problems
    USAGE = 2  # usage, configuration or input error
    AUTH = 3  # no key, invalid key or token, 401/403
    UNAVAILABLE = 4  # network, timeout, 429, 5xx after retries (safe to retry later)
    REJECTED = 5  # other 4xx: unknown voice, unsupported language ...
    INTERRUPTED = 130  # Ctrl-C (SIGINT)
    HANGUP = 129  # SIGHUP: the terminal went away
    TERMINATED = 143  # SIGTERM: timeout, CI cancellation, docker stop


EXIT_CODE_HELP = {
    ExitCode.OK: "success (also: downstream pipe closed; the emulator stopped by Ctrl-C or "
                 "SIGTERM)",
    ExitCode.ERROR: "failure not covered below; migrate-check found problems",
    ExitCode.USAGE: "usage, configuration or input error",
    ExitCode.AUTH: "authentication: no key, invalid key or token, 401/403",
    ExitCode.UNAVAILABLE: "service unavailable after retries: network, timeout, 429, 5xx",
    ExitCode.REJECTED: "request rejected by the API (other 4xx)",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C); an open WebSocket context is cancelled first",
    ExitCode.HANGUP: "hung up (SIGHUP): same clean-up as Ctrl-C",
    ExitCode.TERMINATED: "terminated (SIGTERM): same clean-up as Ctrl-C",
}


class CartesiaError(Exception):
    """Base of every failure the CLI reports as `error: ...` with an exit code."""

    exit_code: ClassVar[ExitCode] = ExitCode.ERROR
    code: ClassVar[str] = "error"
    retryable: ClassVar[bool] = False  # worth another attempt, while nothing reached a sink

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        title: str | None = None,
        error_code: str | None = None,
        request_id: str | None = None,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after  # seconds the server asked us to wait, if it said
        self.message = message
        self.hint = hint
        self.title = title
        self.error_code = error_code
        self.request_id = request_id
        self.status = status

    def details(self) -> dict[str, object]:
        """The machine-readable form, for --json output."""
        out: dict[str, object] = {"code": self.code, "message": self.message}
        for key in ("hint", "title", "error_code", "request_id", "status"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


class UsageError(CartesiaError):
    exit_code = ExitCode.USAGE
    code = "usage_error"


class ConfigError(UsageError):
    code = "invalid_config"


class AuthError(CartesiaError):
    exit_code = ExitCode.AUTH
    code = "auth_error"


class UnavailableError(CartesiaError):
    exit_code = ExitCode.UNAVAILABLE
    code = "unavailable"
    retryable = True


class UntrustedError(UnavailableError):
    """The server's TLS certificate is not trusted: another attempt would get the same."""

    code = "untrusted_certificate"
    retryable = False


class RateLimitedError(UnavailableError):
    code = "rate_limited"


class ApiError(CartesiaError):
    """The API rejected the request (a 4xx other than auth and rate limiting)."""

    exit_code = ExitCode.REJECTED
    code = "api_error"


class StreamBrokenError(UnavailableError):
    """A response stream ended early; safe to retry only if none of it was delivered."""

    code = "stream_broken"


class ProtocolError(CartesiaError):
    """The server sent something this client cannot understand (an HTML page from a proxy,
    malformed events): another attempt would get the same."""

    exit_code = ExitCode.UNAVAILABLE
    code = "protocol_error"


class AudioDeviceError(CartesiaError):
    exit_code = ExitCode.ERROR
    code = "audio_device_error"


class Interrupted(CartesiaError):
    exit_code = ExitCode.INTERRUPTED
    code = "interrupted"


def error_for_status(status: int) -> type[CartesiaError]:
    """The error class for an HTTP status the API answered with."""
    if status in (401, 403):
        return AuthError
    if status == 429:
        return RateLimitedError
    if status == 408 or status >= 500:
        return UnavailableError
    return ApiError
