"""The one retry policy for HTTP, SSE and WebSocket.

Retried: connection errors, timeouts, 408, 429 and 5xx (also a 429 error event in a stream, and
a stream or socket that closes before its first chunk), and only while nothing of the answer has
reached a sink. A run has one budget: at most `max_retries + 1` attempts in all, however many
layers (opening, reading, reconnecting) a failure passes through.

Waits: exponential backoff with jitter (0.5 s, 1 s, 2 s … at most 8 s), or what the server asks
for with `retry-after-ms`, `Retry-After: SECONDS` or `Retry-After: HTTP-DATE`. A server that asks
for more than a minute is not waited on: the error is reported at once, saying how long to wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

from cartesia_cli.errors import CartesiaError, UnavailableError

T = TypeVar("T")
RetryHook = Callable[[int, float, str], None]

MAX_SERVER_WAIT = 60.0  # seconds; longer requests are reported, not slept through
MAX_BACKOFF = 8.0


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the server asks us to wait, from `retry-after-ms` or `Retry-After` (seconds or
    an HTTP-date); None when it does not say, or says something unreadable."""
    lowered = {k.lower(): v for k, v in headers.items()}
    raw_ms = lowered.get("retry-after-ms")
    if raw_ms is not None:
        try:
            ms = float(raw_ms)
        except ValueError:
            ms = float("nan")
        if ms >= 0:  # false for nan
            return ms / 1000
    raw = lowered.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    seconds: float | None
    try:
        seconds = float(raw)
    except ValueError:
        seconds = _seconds_until(raw)
    if seconds is None or not seconds >= 0 or seconds == float("inf"):
        return None
    return seconds


def _seconds_until(http_date: str) -> float | None:
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(http_date)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def pause(seconds: float) -> None:
    """Wait between attempts (one name for tests to swap for a recording clock)."""
    time.sleep(seconds)


class RetryPolicy:
    """One run's retry budget and how to wait between attempts."""

    def __init__(self, max_retries: int, *, base_delay: float = 0.5,
                 on_retry: RetryHook | None = None):
        self.max_retries = max_retries
        self.base_delay = base_delay
        self.on_retry = on_retry
        self.retries = 0  # used so far, across every request of the run

    def backoff(self, retry: int) -> float:
        import random  # only when a retry happens: 1.5 ms of every run's start-up otherwise

        delay: float = min(self.base_delay * 2**retry, MAX_BACKOFF)
        return delay * (1 - 0.25 * random.random())

    def next_delay(self, exc: CartesiaError) -> float:
        """Count one retry after `exc` and return how long to wait before it (without waiting:
        a caller with other work in flight schedules it), or raise `exc` when no retry is
        allowed."""
        if not exc.retryable or self.retries >= self.max_retries:
            raise exc
        delay = self.delay_for(exc, self.retries)
        self.retries += 1
        if self.on_retry:
            self.on_retry(self.retries, delay, exc.message)
        return delay

    def delay_for(self, exc: CartesiaError, attempt: int) -> float:
        """What the server asked for, else the backoff for retry number `attempt` (from 0);
        raises `exc` when the server asks for more than MAX_SERVER_WAIT. Counts nothing: a
        batch uses it for the 429s it waits out without spending an item's budget."""
        asked = exc.retry_after
        if asked is not None and asked > MAX_SERVER_WAIT:
            wait = f"{asked:.0f} s" if asked < 86400 else "more than a day"
            exc.hint = f"the API asks to wait {wait} before trying again"
            raise exc
        return asked if asked is not None else self.backoff(attempt)

    def before_retry(self, exc: CartesiaError) -> None:
        """Wait before the next attempt after `exc`, or raise `exc` when no retry is allowed."""
        pause(self.next_delay(exc))

    def call(self, attempt: Callable[[], T]) -> T:
        """`attempt()` until it succeeds or fails in a way that is not retried."""
        while True:
            try:
                return attempt()
            except CartesiaError as exc:
                self.before_retry(exc)

    def stream(self, open_stream: Callable[[], Iterator[T]]) -> Iterator[T]:
        """Items of `open_stream()`, opened again after a retryable failure that came before
        the first item (once anything was handed on, a failure is final)."""
        while True:
            delivered = False
            stream = open_stream()
            try:
                for item in stream:
                    delivered = True
                    yield item
                return
            except CartesiaError as exc:
                if delivered:
                    if isinstance(exc, UnavailableError) and exc.retryable:
                        exc.hint = "the output was not completed; try again"
                    raise
                self.before_retry(exc)
            finally:
                # Now, not whenever it is collected: a WebSocket's clean-up cancels its context.
                close = getattr(stream, "close", None)
                if close is not None:
                    close()
