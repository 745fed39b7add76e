"""`stream`: the pieces of a text, spoken over WebSocket or SSE, into the plan's sink, with the
word and phoneme timings gathered for subtitles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import closing
from typing import TYPE_CHECKING

from cartesia_cli.api.retry import RetryHook
from cartesia_cli.api.tts import Voicing
from cartesia_cli.api.tts_stream import StreamOptions, stream_sse, stream_websocket
from cartesia_cli.audio.pump import Stats, pump
from cartesia_cli.config import Settings
from cartesia_cli.events import AudioChunk, Event, Timestamps
from cartesia_cli.flows.outputs import OutputPlan
from cartesia_cli.flows.progress import ProgressHook, Tracker

if TYPE_CHECKING:
    from cartesia_cli.audio.subtitles import TimestampLog


def run_stream(settings: Settings, pieces: Iterable[str], voicing: Voicing, plan: OutputPlan,
               opts: StreamOptions, transport: str, *, on_retry: RetryHook | None = None,
               trace_path: str | None = None, on_progress: ProgressHook | None = None,
               chars_total: int | None = None) -> tuple[Stats, TimestampLog | None]:
    """Stream the pieces over `transport` ("websocket" or "sse") into the plan's sink.

    Returns the run's Stats and its TimestampLog, None unless `opts.timestamps` (the subtitles
    module is imported only then: startup time). The sink is opened before the first byte
    arrives (so playback starts on the first chunk), and aborted on any failure or Ctrl-C before
    the context is cancelled. `on_progress` hears how far it got (flows/progress.py);
    `chars_total` is the text's length when known in advance.
    """
    stats = Stats(bytes_per_second=plan.pcm.bytes_per_second)
    log: TimestampLog | None = None
    if opts.timestamps:
        from cartesia_cli.audio.subtitles import TimestampLog

        log = TimestampLog()
        pieces = _recorded(pieces, log.transcript)
    tracker = Tracker(on_progress, chars_total=chars_total,
                      bytes_per_second=stats.bytes_per_second)
    start = stream_websocket if transport == "websocket" else stream_sse
    sink = plan.open_sink()
    try:
        events = start(settings, tracker.sent(pieces), voicing, plan.wire, opts,
                       on_retry=on_retry)
    except BaseException:
        sink.close(abort=True)
        raise
    with closing(events):
        pump(tracker.received(_audio_only(events, log)), sink, stats, trace_path=trace_path)
    tracker.finish()
    return stats, log


def _recorded(pieces: Iterable[str], sent: list[str]) -> Iterator[str]:
    """The pieces, each noted as it is taken (the transcript the subtitles are written as)."""
    for piece in pieces:
        sent.append(piece)
        yield piece


def _audio_only(events: Iterable[Event], log: TimestampLog | None) -> Iterator[bytes]:
    for event in events:
        if isinstance(event, AudioChunk):
            if event.data:
                yield event.data
        elif isinstance(event, Timestamps) and log is not None:
            log.add(event)
