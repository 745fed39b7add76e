"""From text to a stream of encoded audio chunks with the timestamps they complete.

One `Generation` per HTTP request or WebSocket context. It keeps the running audio time, so
timestamps stay absolute across continuations, and the encoder, so an MP3 stream stays one
stream. The engine and the encoder run in a worker thread: the event loop keeps serving other
requests while a sentence is synthesized.

Memory: text goes to the engine at most MAX_ENGINE_TEXT_CHARS at a time, and each piece's audio
is handed out chunk by chunk before the next piece is made, so a request never holds more than
one piece's audio (tens of MB at worst) however long its transcript is. A caller that stops
iterating (its client left) stops synthesis once the segment in progress is done.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import numpy as np

from cartesia_cli.emulator.audio_out import Encoder
from cartesia_cli.emulator.engines import Engine, Segment, Timing
from cartesia_cli.emulator.offload import run_blocking
from cartesia_cli.emulator.pronunciation import Rewriter
from cartesia_cli.emulator.state import Meter
from cartesia_cli.emulator.validation import TtsRequest

_EPSILON = 1e-9
# The most text one engine call gets. Worst case, 500 one-letter words from the tone engine at
# the slowest speed (0.6) are ~85 s of audio: 4M float32 samples at 48 kHz, 16 MB, held about
# three times over (pieces, joined, encoded chunks): ~50 MB. Sentences shorter than this (nearly
# all of them) are never split; a longer one is cut at a space, where its prosody may break.
MAX_ENGINE_TEXT_CHARS = 1000
# Where a piece of text may end: after a sentence, else after a space (else anywhere).
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*\s+")
_SPACE = re.compile(r"\s+")


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
        latency_ms: float = 0.0, meter: Meter | None = None, rewriter: Rewriter | None = None,
    ) -> None:
        self.engine = engine
        self.rewriter = rewriter  # the request's pronunciation dictionary, if any
        self.meter = meter
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
        """Chunks for `text`, continuing where the previous call stopped. With a pronunciation
        dictionary the rewritten text is spoken and word timestamps name the words of `text`
        (each chunk is then held until the next one is made, for words that span both)."""
        mapper = None
        if self.rewriter is not None:
            text, mapper = self.rewriter.rewrite(text)
        if mapper is None:
            async for chunk in self._speak(text):
                yield chunk
            return
        held: AudioChunk | None = None
        async for chunk in self._speak(text):
            chunk.words = mapper.feed(chunk.words)
            if held is not None:
                yield held
            held = chunk
        if held is not None:
            held.words = held.words + mapper.finish()
            yield held

    async def _speak(self, text: str) -> AsyncIterator[AudioChunk]:
        r = self.request
        for piece in bounded_pieces(text, MAX_ENGINE_TEXT_CHARS):
            segments = self.engine.synthesize(
                piece, voice_id=r.voice_id, language=r.speech_language,
                sample_rate=self.sample_rate, speed=r.speed, volume=r.volume, emotion=r.emotion,
            )
            while True:
                chunks = await run_blocking(self._next_chunks, segments, time.perf_counter())
                if chunks is None:
                    break
                if self.meter is not None:
                    self.meter.chunks += len(chunks)
                for chunk in chunks:
                    if not self._header_sent:
                        self._header_sent = True
                        if self.latency_s > 0:  # simulated time to first audio
                            await asyncio.sleep(self.latency_s)
                        chunk.data = self.encoder.header() + chunk.data
                    yield chunk
                    # Let the loop run between chunks: a send to a socket with room does not
                    # suspend, so without this a whole sentence would go out before a cancel,
                    # a hang-up or another stream got a turn.
                    await asyncio.sleep(0)

    def finish(self) -> bytes:
        """The encoder's trailing bytes (and the header if no audio was ever produced)."""
        head = b"" if self._header_sent else self.encoder.header()
        self._header_sent = True
        return head + self.encoder.finish()

    def _next_chunks(self, segments: Iterator[Segment], started: float) -> list[AudioChunk] | None:
        """The next segment, synthesized and cut into chunks (in a worker thread); None at end."""
        segment = next(segments, None)
        return None if segment is None else self._cut(segment, started)

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


def bounded_pieces(text: str, limit: int) -> Iterator[str]:
    """`text` in consecutive pieces of at most `limit` characters that join back to it, cut
    after the last sentence end that fits, else after the last space, else at the limit."""
    while len(text) > limit:
        window = text[: limit + 1]  # a space right after the limit still ends a piece there
        ends = [m.end() for m in _SENTENCE_END.finditer(window) if m.end() <= limit]
        if not ends:
            ends = [m.end() for m in _SPACE.finditer(window) if m.end() <= limit]
        cut = ends[-1] if ends and ends[-1] > 0 else limit
        yield text[:cut]
        text = text[cut:]
    if text:
        yield text
