"""Turn float samples into the bytes of the requested container, incrementally.

Each encoder has the same three steps so the endpoints can stream: `header()` once, `encode()` per
block of samples as it is synthesized, `finish()` at the end (MP3 flushes its last frames there).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from cartesia_cli.audio.formats import PcmFormat, encode, wav_header
from cartesia_cli.emulator.validation import OutputFormat


class Encoder(Protocol):
    def header(self) -> bytes: ...
    def encode(self, samples: np.ndarray) -> bytes: ...
    def finish(self) -> bytes: ...


class RawEncoder:
    def __init__(self, encoding: str) -> None:
        self.encoding = encoding

    def header(self) -> bytes:
        return b""

    def encode(self, samples: np.ndarray) -> bytes:
        return encode(samples, self.encoding)

    def finish(self) -> bytes:
        return b""


class WavEncoder(RawEncoder):
    """A WAV whose length is unknown when the header goes out: sizes are 0xFFFFFFFF."""

    def __init__(self, encoding: str, sample_rate: int) -> None:
        super().__init__(encoding)
        self.sample_rate = sample_rate

    def header(self) -> bytes:
        return wav_header(PcmFormat(self.encoding, self.sample_rate))


class _AppendOnlySink:
    """The file object libsndfile writes MP3 frames into; it refuses to seek backwards.

    Refusing seeks is what makes streaming work: libsndfile then does not go back to patch a
    header, so every byte it has written can already be on the wire.
    """

    def __init__(self) -> None:
        self._pending = bytearray()
        self._position = 0

    def write(self, data: bytes) -> int:
        self._pending += data
        self._position += len(data)
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        if (whence == 0 and offset == self._position) or (whence in (1, 2) and offset == 0):
            return self._position
        return -1

    def tell(self) -> int:
        return self._position

    def read(self, size: int = -1) -> bytes:
        return b""

    def take(self) -> bytes:
        data = bytes(self._pending)
        self._pending.clear()
        return data


# libsndfile picks a constant MP3 bit rate from a compression level in [0, 1): linear from the
# MPEG version's highest rate (level 0) to its lowest (level 1), snapped to a legal rate.
_MPEG_RANGES_KBPS = ((32000, (32, 320)), (16000, (8, 160)), (0, (8, 64)))


def _compression_level(sample_rate: int, bit_rate: int) -> float:
    low, high = next(r for floor, r in _MPEG_RANGES_KBPS if sample_rate >= floor)
    kbps = min(max(bit_rate // 1000, low), high)  # rates above what this MPEG version allows cap
    return min((high - kbps) / (high - low), 0.99)


class Mp3Encoder:
    def __init__(self, sample_rate: int, bit_rate: int) -> None:
        import soundfile as sf

        self._sink = _AppendOnlySink()
        self._file = sf.SoundFile(
            self._sink, mode="w", samplerate=sample_rate, channels=1, format="MP3",
            subtype="MPEG_LAYER_III", bitrate_mode="CONSTANT",
            compression_level=_compression_level(sample_rate, bit_rate),
        )

    def header(self) -> bytes:
        return self._sink.take()

    def encode(self, samples: np.ndarray) -> bytes:
        self._file.write(np.asarray(samples, dtype=np.float32))
        return self._sink.take()

    def finish(self) -> bytes:
        if not self._file.closed:
            self._file.close()
        return self._sink.take()


def make_encoder(output: OutputFormat) -> Encoder:
    if output.container == "mp3":
        return Mp3Encoder(output.sample_rate, output.bit_rate or 128000)
    if output.container == "wav":
        return WavEncoder(output.encoding or "pcm_f32le", output.sample_rate)
    return RawEncoder(output.encoding or "pcm_f32le")
