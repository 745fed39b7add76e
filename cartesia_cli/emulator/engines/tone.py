"""A deterministic stand-in voice: every word becomes a sine burst followed by a short gap.

Exact sample counts (`tone_samples`) let tests check that every byte of audio arrived, and the
burst frequency depends on the voice and the word so different voices sound (and hash) different.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import numpy as np

from cartesia_cli.emulator.engines import Segment, Timing

_SECONDS_PER_CHAR = 0.012
_BURST_BASE_S = 0.05
_GAP_S = 0.04
_FADE_S = 0.005
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*$")


def _burst_samples(word: str, sample_rate: int, speed: float) -> int:
    return round(sample_rate * (_BURST_BASE_S + _SECONDS_PER_CHAR * len(word)) / speed)


def _gap_samples(sample_rate: int, speed: float) -> int:
    return round(sample_rate * _GAP_S / speed)


def tone_samples(text: str, sample_rate: int, speed: float = 1.0) -> int:
    """The exact number of samples the tone engine produces for `text`."""
    gap = _gap_samples(sample_rate, speed)
    return sum(_burst_samples(w, sample_rate, speed) + gap for w in text.split())


def split_sentences(text: str) -> list[list[str]]:
    """Whitespace-separated words grouped into sentences (a word ending in . ! ? ends one)."""
    sentences: list[list[str]] = []
    current: list[str] = []
    for word in text.split():
        current.append(word)
        if _SENTENCE_END.search(word):
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def _frequency(voice_id: str, word: str) -> float:
    digest = hashlib.sha256(f"{voice_id}\0{word.lower()}".encode()).digest()
    return 220.0 + int.from_bytes(digest[:2], "big") % 440


def _burst(n: int, frequency: float, amplitude: float, sample_rate: int) -> np.ndarray:
    t = np.arange(n, dtype=np.float64) / sample_rate
    wave = amplitude * np.sin(2 * np.pi * frequency * t)
    # Raised-cosine ramps at both ends so word boundaries do not click.
    fade = min(round(sample_rate * _FADE_S), n // 4)
    if fade > 0:
        ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(fade) / fade)
        wave[:fade] *= ramp
        wave[n - fade :] *= ramp[::-1]
    return wave.astype(np.float32)


def _letter_timings(word: str, start: float, end: float) -> list[Timing]:
    letters = [c.lower() for c in word if c.isalnum()]
    if not letters:
        return []
    step = (end - start) / len(letters)
    return [(c, start + i * step, start + (i + 1) * step) for i, c in enumerate(letters)]


class ToneEngine:
    name = "tone"

    def synthesize(
        self,
        text: str,
        *,
        voice_id: str,
        language: str,
        sample_rate: int,
        speed: float = 1.0,
        volume: float = 1.0,
        emotion: str | None = None,
    ) -> Iterator[Segment]:
        amplitude = min(0.5 * volume, 1.0)
        gap = _gap_samples(sample_rate, speed)
        for sentence in split_sentences(text):
            pieces: list[np.ndarray] = []
            words: list[Timing] = []
            phonemes: list[Timing] = []
            cursor = 0
            for word in sentence:
                n = _burst_samples(word, sample_rate, speed)
                pieces.append(_burst(n, _frequency(voice_id, word), amplitude, sample_rate))
                pieces.append(np.zeros(gap, dtype=np.float32))
                start, end = cursor / sample_rate, (cursor + n) / sample_rate
                words.append((word, start, end))
                phonemes.extend(_letter_timings(word, start, end))
                cursor += n + gap
            yield Segment(np.concatenate(pieces), words, phonemes)
