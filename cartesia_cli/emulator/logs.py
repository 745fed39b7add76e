"""What the emulator's server logs, and what it must not: secrets and expected noise.

All of it is logging.Filter objects on uvicorn's public loggers; nothing of uvicorn is patched.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_plus

# Query parameters that carry credentials (WebSocket handshakes put keys and tokens there).
SECRET_PARAMS = frozenset({"api_key", "access_token"})
MASK = "***"
# Loggers a server writes to: uvicorn's access and error logs (the error log also carries the
# WebSocket handshake lines, with their query), asyncio's transport warnings, and our own.
SERVER_LOGGERS = ("uvicorn.access", "uvicorn.error", "asyncio", "cartesia_cli.emulator")

_QUERY_PAIR = re.compile(r"(?<=[?&])([^=&\s\"']+)=([^&\s\"']*)")
_AUTH_HEADER = re.compile(r"(?i)\b(authorization|x-api-key)(\s*[:=]\s*)(bearer\s+)?[^\s,\"']+")
_KEY = re.compile(r"sk_car_[A-Za-z0-9_\-]+")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+")


def _mask_pair(match: re.Match[str]) -> str:
    name = match.group(1)
    if unquote_plus(name).lower() in SECRET_PARAMS:  # also api%5Fkey=...
        return f"{name}={MASK}"
    return match.group(0)


def redact(text: str) -> str:
    """`text` with credential values masked: secret query parameters, Authorization and
    X-API-Key header values, and anything shaped like an API key or an access token."""
    text = _QUERY_PAIR.sub(_mask_pair, text)
    text = _AUTH_HEADER.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3) or ''}{MASK}", text)
    text = _KEY.sub(f"sk_car_{MASK}", text)
    return _JWT.sub(MASK, text)


class RedactSecrets(logging.Filter):
    """Masks credentials in a record's message and arguments before any handler formats it.

    The arguments keep their positions and types (uvicorn's access formatter unpacks them and
    formats the status with %d); only text changes.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_arg(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _redact_arg(arg) for key, arg in record.args.items()}
        return True


def _redact_arg(arg: object) -> object:
    if isinstance(arg, int | float) or arg is None:
        return arg
    return redact(arg if isinstance(arg, str) else str(arg))


class HideExpectedNoise(logging.Filter):
    """uvicorn reports some things the emulator does on purpose as errors.

    - "returned without completing response": a stream cut short, by a scripted
      drop_after_bytes fault or because the server is stopping.
    - "returned without completing handshake": a WebSocket refused with an HTTP status (401, 429
      ...). uvicorn checks before it has noticed that the refusal closed the connection.
    - "Cancel 0 running task(s)": at shutdown every request has been cut already
      (shutdown.py), but a client that stopped reading keeps its socket open with unsent data;
      uvicorn gives up waiting for it and, with nothing left to cancel, says so as an error.
      (A count above 0 is not hidden: that would be a request the cut failed to end.)
    """

    EXPECTED = frozenset({
        "ASGI callable returned without completing response.",
        "ASGI callable returned without completing handshake.",
        "Cancel 0 running task(s), timeout graceful shutdown exceeded",
    })

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            return record.getMessage() not in self.EXPECTED
        except Exception:  # noqa: BLE001 - a malformed record is the handler's to report
            return True


class SilenceThread(logging.Filter):
    """Drops every record logged from one thread: an in-process server's, while it stops.

    Stopping cuts open streams on purpose; what uvicorn and asyncio say about that (cancelled
    tasks, writes to closed sockets) is not news to the program that asked for the stop.
    """

    def __init__(self, thread_id: int | None) -> None:
        super().__init__()
        self.thread_id = thread_id

    def filter(self, record: logging.LogRecord) -> bool:
        return record.thread != self.thread_id


REDACT = RedactSecrets()
NOISE = HideExpectedNoise()


def install_server_filters() -> None:
    """Redaction and noise filters on the server loggers (adding one twice is a no-op)."""
    for name in SERVER_LOGGERS:
        logger = logging.getLogger(name)
        logger.addFilter(REDACT)
        logger.addFilter(NOISE)
