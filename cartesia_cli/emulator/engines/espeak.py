"""The `espeak` engine: real, intelligible speech from libespeak-ng, one sentence at a time.

Audio comes from espeak at its native rate (22050 Hz), is scaled by the requested volume and
resampled with soxr. Word and phoneme timestamps come from espeak's synthesis events, which
carry sample positions; they are mapped to sample positions of the returned audio, so they
match it exactly at every output rate.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from cartesia_cli.emulator.engines import EngineUnavailable, Segment, espeak_ffi
from cartesia_cli.emulator.engines.espeak_text import (
    clean_text,
    split_sentences,
    transcript_words,
)
from cartesia_cli.emulator.engines.espeak_timing import phoneme_spans, word_spans
from cartesia_cli.emulator.engines.espeak_voicing import espeak_params, espeak_voice

# espeak peaks near full scale at its normal amplitude. Volume 1.0 sits 6 dB below that so the
# largest allowed volume (2.0) is reached by plain scaling, without clipping or espeak's own
# amplitude compression.
_HEADROOM = 0.5
# |sample| above this (int16) counts as voiced; espeak's pauses are digital silence.
_VOICED_THRESHOLD = 100


class EspeakEngine:
    """Speech from libespeak-ng; see :class:`cartesia_cli.emulator.engines.Engine`."""

    name = "espeak"

    def __init__(self) -> None:
        try:
            import soxr  # noqa: F401  (checked here so a missing wheel fails at construction)
        except ImportError as exc:
            raise EngineUnavailable("the espeak engine needs the soxr package") from exc
        try:
            self._native_rate = espeak_ffi.load()
        except espeak_ffi.EspeakLoadError as exc:
            raise EngineUnavailable(f"the espeak engine cannot start: {exc}") from exc

    def synthesize(
        self,
        text: str,
        *,
        voice_id: str,
        language: str | None,
        sample_rate: int,
        speed: float = 1.0,
        volume: float = 1.0,
        emotion: str | None = None,
    ) -> Iterator[Segment]:
        """Yield one Segment per sentence, synthesizing each only when it is asked for."""
        voice, language_voice = espeak_voice(voice_id, language)
        params = espeak_params(speed, volume, emotion)
        gain = _HEADROOM * volume / 32768.0
        for sentence in split_sentences(clean_text(text)):
            segment = self._sentence(sentence, voice, language_voice, params, gain, sample_rate)
            if segment is not None:
                yield segment

    def _sentence(
        self,
        sentence: str,
        voice: str,
        language_voice: str,
        params: dict[int, int],
        gain: float,
        sample_rate: int,
    ) -> Segment | None:
        raw = espeak_ffi.synthesize(sentence, voice=voice, language=language_voice, params=params)
        word_starts = [e.position for e in raw.events if e.kind == espeak_ffi.EVENT_WORD]
        words = transcript_words(sentence, word_starts)
        if not words:
            return None  # punctuation or markup only: nothing to say
        pcm = np.frombuffer(raw.pcm, dtype=np.int16)
        voiced_end = _voiced_end(pcm)
        audio = self._resample(pcm.astype(np.float32) * np.float32(gain), sample_rate)

        def seconds(native_sample: int) -> float:
            # Round to a sample of the returned audio, so timestamps index it exactly.
            output_sample = round(native_sample * sample_rate / self._native_rate)
            return min(max(output_sample, 0), len(audio)) / sample_rate

        phonemes = phoneme_spans(raw.events, voiced_end)
        words_timed = word_spans(words, raw.events, phonemes, voiced_end)
        return Segment(
            audio=audio,
            words=[(word, seconds(start), seconds(end)) for word, start, end in words_timed],
            phonemes=[(name, seconds(start), seconds(end)) for name, start, end in phonemes],
        )

    def _resample(self, audio: np.ndarray, sample_rate: int) -> np.ndarray:
        if sample_rate != self._native_rate and len(audio):
            import soxr

            audio = soxr.resample(audio, self._native_rate, sample_rate)
        # The resampler's ringing can overshoot slightly at loud peaks.
        clipped: np.ndarray = np.clip(audio, -1.0, 1.0).astype(np.float32, copy=False)
        return clipped


def _voiced_end(pcm: np.ndarray) -> int:
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > _VOICED_THRESHOLD)
    return int(loud[-1]) + 1 if len(loud) else 0
