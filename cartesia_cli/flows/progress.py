"""How far a `say` or `stream` run has got, told to whoever renders it (cli/ draws a status
line on a terminal; flows never print).

A flow calls its `ProgressHook` with a `Progress` each time a chunk of audio has reached the sink,
and once more when the run is done.
"""

# No `from __future__ import annotations` here: NamedTuple makes a ForwardRef (compiled) of
# every string annotation, up to 0.3 ms of import time per module, on every run.
import time
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple


class Progress(NamedTuple):  # not a frozen dataclass: a quarter of the import time
    chars_sent: int  # characters of text handed to the API so far
    chars_total: int | None  # None while the text is still arriving (stdin)
    audio_bytes: int  # audio received and written so far
    audio_seconds: float | None  # its duration; None when the wire carries mp3
    elapsed: float  # seconds since the run started
    done: bool = False

    @property
    def speed(self) -> float | None:
        """Seconds of audio per second of wall time (above 1: faster than real time)."""
        if self.audio_seconds is None or self.elapsed <= 0:
            return None
        return self.audio_seconds / self.elapsed


ProgressHook = Callable[[Progress], None]


class Tracker:
    """Counts what went out and came in, and tells the hook (if any)."""

    def __init__(self, hook: ProgressHook | None, *, chars_total: int | None,
                 bytes_per_second: float) -> None:
        self.hook = hook
        self.chars_total = chars_total
        self.chars_sent = 0
        self.audio_bytes = 0
        self.bytes_per_second = bytes_per_second
        self.started = time.perf_counter()

    def snapshot(self, done: bool = False) -> Progress:
        seconds = self.audio_bytes / self.bytes_per_second if self.bytes_per_second else None
        return Progress(self.chars_sent, self.chars_total, self.audio_bytes, seconds,
                        time.perf_counter() - self.started, done)

    def sent(self, pieces: Iterable[str]) -> Iterator[str]:
        """The pieces, counted as each is taken to be sent."""
        for piece in pieces:
            self.chars_sent += len(piece)
            yield piece

    def received(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """The chunks; the hook hears of each once the sink has it (the next is asked for)."""
        for chunk in chunks:
            yield chunk
            self.audio_bytes += len(chunk)
            if self.hook is not None:
                self.hook(self.snapshot())

    def finish(self) -> None:
        if self.hook is not None:
            self.hook(self.snapshot(done=True))
