"""Moving audio from the network to a sink, chunk by chunk, with timing for --stats."""

from __future__ import annotations

import time
from collections.abc import Iterable

from cartesia_cli import signals
from cartesia_cli.audio.sinks import Sink
from cartesia_cli.diagnostics import open_trace


class Stats:
    """Timings of one run (perf_counter seconds) and how much audio it produced.

    `received` is when the last audio arrived (synthesis done); `finished` is when the sink
    was closed, which for the speakers is when playback has drained. `started` is when it was
    made unless given.

    A plain class, not a dataclass: this module is imported on every `say` and `stream`, and
    a dataclass costs about half a millisecond of import time (code generated and exec'd).
    """

    __slots__ = ("started", "first_audio", "received", "finished", "audio_bytes",
                 "bytes_per_second")

    def __init__(self, started: float | None = None, first_audio: float | None = None,
                 received: float | None = None, finished: float | None = None,
                 audio_bytes: int = 0, bytes_per_second: float = 0.0) -> None:
        self.started = time.perf_counter() if started is None else started
        self.first_audio = first_audio
        self.received = received
        self.finished = finished
        self.audio_bytes = audio_bytes
        self.bytes_per_second = bytes_per_second  # of the PCM that flows; 0 for mp3 wire

    def __repr__(self) -> str:
        return (f"Stats(started={self.started!r}, first_audio={self.first_audio!r}, "
                f"received={self.received!r}, finished={self.finished!r}, "
                f"audio_bytes={self.audio_bytes!r}, bytes_per_second={self.bytes_per_second!r})")

    @property
    def audio_seconds(self) -> float | None:
        return self.audio_bytes / self.bytes_per_second if self.bytes_per_second else None

    def summary(self, *, playback: bool = False) -> str:
        """One line for --stats: synthesis (request to last audio) and, when the audio was
        played, playback (first audio to the end of playing) separately."""
        received = self.received or time.perf_counter()
        synthesis = received - self.started
        parts = []
        if self.first_audio is not None:
            parts.append(f"first audio {1000 * (self.first_audio - self.started):.0f} ms")
        parts.append(f"synthesis {synthesis:.2f} s")
        if playback and self.first_audio is not None:
            end = self.finished or time.perf_counter()
            parts.append(f"playback {end - self.first_audio:.2f} s")
        seconds = self.audio_seconds
        if seconds:
            parts.append(f"audio {seconds:.2f} s")
            parts.append(f"real-time factor {synthesis / seconds:.3f}")
        else:
            parts.append(f"{self.audio_bytes} bytes")
        return "stats: " + ", ".join(parts)


def pump(chunks: Iterable[bytes], sink: Sink, stats: Stats, *,
         trace_path: str | None = None) -> Stats:
    """Write every chunk to the sink as it arrives; close it, or abort it on any failure.

    With `trace_path` ($CARTESIA_DIAG_SINK), each chunk is also stamped once the sink has it
    (diagnostics).
    """
    trace = open_trace(trace_path)
    try:
        for chunk in chunks:
            signals.check()
            if stats.first_audio is None:
                stats.first_audio = time.perf_counter()
            sink.write(chunk)
            stats.audio_bytes += len(chunk)
            if trace is not None:
                trace.add(len(chunk))
        stats.received = time.perf_counter()
        sink.close()  # drains playback: Ctrl-C here must still abort the sink
    except BaseException:
        sink.close(abort=True)
        raise
    finally:
        if trace is not None:
            trace.close()
    stats.finished = time.perf_counter()
    return stats
