"""`say`: one POST /tts/bytes, the body played or written as it arrives."""

from __future__ import annotations

from collections.abc import Callable

from cartesia_cli.api.http import HttpClient
from cartesia_cli.api.tts import Voicing, request_body
from cartesia_cli.audio.pump import Stats, pump
from cartesia_cli.config import Settings
from cartesia_cli.flows.outputs import OutputPlan
from cartesia_cli.flows.progress import ProgressHook, Tracker

ACCEPT = {"raw": "application/octet-stream", "wav": "audio/wav", "mp3": "audio/mpeg"}


def say_bytes(settings: Settings, text: str, voicing: Voicing, plan: OutputPlan, *,
              on_retry: Callable[[int, float, str], None] | None = None,
              trace_path: str | None = None, on_progress: ProgressHook | None = None) -> Stats:
    """Synthesize `text` in one request and deliver it to the plan's sink.

    Raises:
        CartesiaError: usage, auth, API or network failures (the sink is aborted first).
    """
    with HttpClient(settings, on_retry=on_retry) as client:
        client.credentials.require()
        body = request_body(text, voicing, plan.wire, client.version.features)
        stats = Stats(bytes_per_second=0.0 if plan.wire.container == "mp3"
                      else plan.pcm.bytes_per_second)
        tracker = Tracker(on_progress, chars_total=len(text),
                          bytes_per_second=stats.bytes_per_second)
        tracker.chars_sent = len(text)  # one request carries all of it
        sink = plan.open_sink()
        chunks = client.iter_audio("POST", "/tts/bytes", json=body,
                                   accept=ACCEPT[plan.wire.container])
        pump(tracker.received(chunks), sink, stats, trace_path=trace_path)
        tracker.finish()
        return stats
