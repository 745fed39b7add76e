"""From text to a stream of encoded audio chunks with the timestamps they complete.

One `Generation` per HTTP request or WebSocket context. It keeps the running audio time, so
timestamps stay absolute across continuations, and the encoder, so an MP3 stream stays one
stream. The engine and the encoder run in a worker thread: the event loop keeps serving other
requests while a sentence is synthesized.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import numpy as np

from cartesia_cli.emulator.audio_out import Encoder
from cartesia_cli.emulator.engines import Engine, Segment, Timing
from cartesia_cli.emulator.validation import TtsRequest

_EPSILON = 1e-9


@dataclass
class AudioChunk:
    data: bytes  # encoded audio (may be empty: e.g. an MP3 encoder still filling a frame)
    samples: int
    step_time_ms: float
    words: list[Timing] = field(default_factory=list)  # absolute, ending within audio sent so far
    phonemes: list[Timing] = field(default_factory=list)


class Generation:
    def __init__(
        self, engine: Engine, request: TtsRequest, encoder: Encoder, *, chunk_ms: float,
        latency_ms: float = 0.0,
    ) -> None:
        self.engine = engine
        self.request = request
        self.encoder = encoder
        self.sample_rate = request.output.sample_rate
        self.chunk_samples = max(1, round(self.sample_rate * chunk_ms / 1000))
        self.latency_s = latency_ms / 1000
        self.samples_done = 0  # audio produced so far, across every speak() call
        self._header_sent = False

    @property
    def seconds_done(self) -> float:
        return self.samples_done / self.sample_rate

    async def speak(self, text: str) -> AsyncIterator[AudioChunk]:
        """Chunks for `text`, continuing where the previous call stopped."""
        r = self.request
        segments = self.engine.synthesize(
            text, voice_id=r.voice_id, language=r.spoken_language, sample_rate=self.sample_rate,
            speed=r.speed, volume=r.volume, emotion=r.emotion,
        )
        while True:
            started = time.perf_counter()
            segment = await asyncio.to_thread(next, segments, None)
            if segment is None:
                return
            chunks = await asyncio.to_thread(self._cut, segment, started)
            for chunk in chunks:
                if not self._header_sent:
                    self._header_sent = True
                    if self.latency_s > 0:  # simulated time to first audio
                        await asyncio.sleep(self.latency_s)
                    chunk.data = self.encoder.header() + chunk.data
                yield chunk

    def finish(self) -> bytes:
        """The encoder's trailing bytes (and the header if no audio was ever produced)."""
        head = b"" if self._header_sent else self.encoder.header()
        self._header_sent = True
        return head + self.encoder.finish()

    def _cut(self, segment: Segment, started: float) -> list[AudioChunk]:
        audio = np.asarray(segment.audio, dtype=np.float32)
        offset = self.seconds_done
        words = [(w, offset + s, offset + e) for w, s, e in segment.words]
        phonemes = [(p, offset + s, offset + e) for p, s, e in segment.phonemes]
        bounds = list(range(0, len(audio), self.chunk_samples)) or [0]
        chunks: list[AudioChunk] = []
        for i, start in enumerate(bounds):
            block = audio[start : start + self.chunk_samples]
            last = i == len(bounds) - 1
            end_s = offset + (start + len(block)) / self.sample_rate
            chunks.append(AudioChunk(
                self.encoder.encode(block) if len(block) else b"", len(block), 0.0,
                _take_until(words, end_s, last), _take_until(phonemes, end_s, last),
            ))
        self.samples_done += len(audio)
        step_ms = (time.perf_counter() - started) * 1000 / len(chunks)
        for chunk in chunks:
            chunk.step_time_ms = round(step_ms, 3)
        return chunks


def _take_until(timings: list[Timing], end_s: float, everything: bool) -> list[Timing]:
    """Remove and return the leading timings that end by `end_s` (all of them when asked)."""
    count = len(timings) if everything else next(
        (i for i, (_, _, end) in enumerate(timings) if end > end_s + _EPSILON), len(timings)
    )
    taken = timings[:count]
    del timings[:count]
    return taken


def timestamp_payload(timings: list[Timing], label: str) -> dict[str, list[object]]:
    """{label: [...], start: [...], end: [...]} in seconds, as the API sends timestamps."""
    return {
        label: [t for t, _, _ in timings],
        "start": [round(s, 6) for _, s, _ in timings],
        "end": [round(e, 6) for _, _, e in timings],
    }
