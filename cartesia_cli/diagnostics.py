"""Opt-in chunk timing traces, for measuring how much latency the client adds to the audio path.

Two environment variables switch the traces on, each naming a file:

- `CARTESIA_DIAG_SENT` (read by the emulator): one line per audio chunk once it has been handed to
  the socket.
- `CARTESIA_DIAG_SINK` (read by the CLI): one line per chunk once it has reached the sink (the
  file, the pipe or the speakers).

Each line is `<stream> <end offset> <time.time_ns()>`: `stream` names one generation (an HTTP
request or a WebSocket context), `end offset` counts the audio bytes of that stream up to and
including the chunk (the body bytes for /tts/bytes, decoded audio for SSE and WebSocket). The
benchmarks pair each sent chunk with the first sink line that reaches its offset.

Lines are kept in memory and appended to the file in one write when the stream ends, so tracing
adds no system call per chunk and streams from concurrent generations never interleave mid-line.
Unset (the normal case), `open_trace` returns None and callers skip tracing entirely.
"""

from __future__ import annotations

import itertools
import os
import time

SENT_ENV = "CARTESIA_DIAG_SENT"
SINK_ENV = "CARTESIA_DIAG_SINK"

_stream_ids = itertools.count(1)


class ChunkTrace:
    """The (end offset, time) of every chunk of one stream, written out when it ends."""

    def __init__(self, path: str, stream: str) -> None:
        self.path = path
        self.stream = stream
        self.offset = 0
        self.marks: list[tuple[int, int]] = []

    def add(self, nbytes: int) -> None:
        """Stamp a chunk of `nbytes` that has just gone out (or arrived)."""
        self.offset += nbytes
        self.marks.append((self.offset, time.time_ns()))

    def close(self) -> None:
        if not self.marks:
            return
        lines = "".join(f"{self.stream} {offset} {ns}\n" for offset, ns in self.marks)
        self.marks = []
        try:
            with open(self.path, "a", encoding="ascii") as fh:
                fh.write(lines)
        except OSError:
            pass  # a diagnostics file that cannot be written must never break a run


def open_trace(path: str | None) -> ChunkTrace | None:
    """A trace into the file `path` (from $CARTESIA_DIAG_SENT or $CARTESIA_DIAG_SINK), or None
    when none is named (no tracing, no cost)."""
    if not path:
        return None
    return ChunkTrace(path, f"{os.getpid()}-{next(_stream_ids)}")
