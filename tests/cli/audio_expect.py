"""What the emulator's tone engine sends for a transcript, computed independently of the HTTP
path, so CLI outputs can be compared sample for sample."""

from __future__ import annotations

import numpy as np

from cartesia_cli.audio.formats import decode, encode
from cartesia_cli.config import DEFAULT_VOICE
from cartesia_cli.emulator.engines.tone import ToneEngine


def tone_audio(text: str, sample_rate: int = 44100, voice: str = DEFAULT_VOICE,
               speed: float = 1.0, volume: float = 1.0) -> np.ndarray:
    segments = ToneEngine().synthesize(text, voice_id=voice, language="en",
                                       sample_rate=sample_rate, speed=speed, volume=volume)
    return np.concatenate([s.audio for s in segments]).astype(np.float32)


def wire_bytes(text: str, encoding: str, sample_rate: int = 44100, **kw) -> bytes:
    return encode(tone_audio(text, sample_rate, **kw), encoding)


def wire_samples(text: str, encoding: str, sample_rate: int = 44100, **kw) -> np.ndarray:
    """The samples as the client sees them after decoding the wire encoding."""
    return decode(wire_bytes(text, encoding, sample_rate, **kw), encoding)
